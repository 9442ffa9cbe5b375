import assert from "node:assert/strict";
import { Adam } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { assertAllClose } from "../_helpers.ts";
import { CASES, replay } from "./_fixture.ts";

const TOLERANCE = 1e-12;

Deno.test("Adam() matches torch.optim.Adam trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "Adam");
  assert.ok(cases.length >= 8);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < TOLERANCE, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("Adam() has PyTorch's defaults", () => {
  const opt = new Adam([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
    maximize: false,
  });
});

Deno.test("Adam() moves each weight by about lr at the first step", () => {
  // m̂ = g and v̂ = g², so the step is lr·g/(|g| + eps).
  const w = tensor([1, -2, 0.5], { dtype: "float64", requiresGrad: true });
  const opt = new Adam([w], { lr: 0.1 });
  w.square().sum().backward();
  opt.step();
  assertAllClose(w, [0.9, -1.9, 0.4], { atol: 1e-8, rtol: 0 });
  const s = opt.state.get(w)!;
  assert.equal(s.step, 1);
  assertAllClose(s.expAvg, [0.2, -0.4, 0.1], { atol: 1e-15 }); // (1 - 0.9)·g
  assertAllClose(s.expAvgSq, [0.004, 0.016, 0.001], { atol: 1e-15 }); // (1 - 0.999)·g²
  assert.equal(s.maxExpAvgSq, undefined);
});

Deno.test("Adam() keeps the running maximum of the second moment with amsgrad", () => {
  const w = tensor([1], { dtype: "float64", requiresGrad: true });
  const opt = new Adam([w], { lr: 0.1, amsgrad: true });
  w.mul(10).sum().backward(); // a large gradient first
  opt.step();
  const first = (opt.state.get(w)!.maxExpAvgSq!.toArray() as number[])[0];
  w.grad = tensor([0.1], { dtype: "float64" }); // then a small one
  opt.step();
  const s = opt.state.get(w)!;
  assert.equal((s.maxExpAvgSq!.toArray() as number[])[0], first);
  assert.ok((s.expAvgSq.toArray() as number[])[0] < first);
});

Deno.test("Adam() counts steps per parameter", () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([1], { requiresGrad: true });
  const opt = new Adam([a, b]);
  a.sum().backward();
  opt.step(); // b has no gradient: skipped, no state
  assert.equal(opt.state.has(b), false);
  b.sum().backward();
  opt.step();
  assert.equal(opt.state.get(a)?.step, 2);
  assert.equal(opt.state.get(b)?.step, 1);
});

Deno.test("Adam() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new Adam(p(), { lr: -1e-3 }), {
    name: "RangeError",
    message: "Cannot create Adam: lr must be >= 0, got -0.001",
  });
  assert.throws(() => new Adam(p(), { eps: -1 }), { message: /eps must be >= 0/ });
  assert.throws(() => new Adam(p(), { betas: [1, 0.999] }), {
    message: "Cannot create Adam: betas[0] must be in [0, 1), got 1",
  });
  assert.throws(() => new Adam(p(), { betas: [0.9, -0.1] }), { message: /betas\[1\]/ });
  // @ts-expect-error: betas is a pair
  assert.throws(() => new Adam(p(), { betas: [0.9] }), { message: /betas must be a pair/ });
  assert.throws(() => new Adam(p(), { weightDecay: -1 }), { message: /weightDecay must be >= 0/ });
});
