import assert from "node:assert/strict";
import { SGD } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { CASES, replay } from "./_fixture.ts";

const TOLERANCE = 1e-12;

Deno.test("SGD() matches torch.optim.SGD trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "SGD");
  assert.ok(cases.length >= 8);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < TOLERANCE, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("SGD() has PyTorch's defaults", () => {
  const opt = new SGD([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, {
    lr: 1e-3,
    momentum: 0,
    dampening: 0,
    weightDecay: 0,
    nesterov: false,
    maximize: false,
  });
});

Deno.test("SGD() starts the momentum buffer at the first gradient, then decays it", () => {
  const w = tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const opt = new SGD([w], { lr: 0.1, momentum: 0.5, dampening: 0.5 });
  w.sum().backward(); // gradient [1, 1], kept for both steps
  opt.step();
  assert.deepEqual(opt.state.get(w)?.momentumBuffer?.toArray(), [1, 1]); // b = g
  assert.deepEqual(w.toArray(), [0.9, 1.9]);
  opt.step();
  assert.deepEqual(opt.state.get(w)?.momentumBuffer?.toArray(), [1, 1]); // 0.5·1 + 0.5·1
  assert.deepEqual(w.toArray(), [0.8, 1.7999999999999998]);
});

Deno.test("SGD() stores a null momentum buffer without momentum", () => {
  const w = tensor([1], { requiresGrad: true });
  const opt = new SGD([w], { lr: 0.1 });
  w.sum().backward();
  opt.step();
  assert.deepEqual(opt.state.get(w), { momentumBuffer: null });
  assert.equal(opt.stateDict().state[0].momentumBuffer, null);
});

Deno.test("SGD() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new SGD(p(), { lr: -1 }), {
    name: "RangeError",
    message: "Cannot create SGD: lr must be >= 0, got -1",
  });
  assert.throws(() => new SGD(p(), { lr: NaN }), { message: /lr must be >= 0, got NaN/ });
  assert.throws(() => new SGD(p(), { momentum: -0.1 }), { message: /momentum must be >= 0/ });
  assert.throws(() => new SGD(p(), { weightDecay: -1 }), { message: /weightDecay must be >= 0/ });
  assert.throws(() => new SGD(p(), { nesterov: true }), {
    name: "RangeError",
    message: /nesterov requires a momentum > 0 and zero dampening, got momentum 0/,
  });
  assert.throws(() => new SGD(p(), { nesterov: true, momentum: 0.9, dampening: 0.1 }), {
    message: /nesterov requires/,
  });
  // @ts-expect-error: lr must be a number
  assert.throws(() => new SGD(p(), { lr: "0.1" }), { message: /lr must be >= 0, got a string/ });
  assert.throws(() => new SGD([{ params: p(), lr: -2 }], { lr: 0.1 }), {
    message: "Cannot create SGD: lr must be >= 0, got -2",
  });
});
