import assert from "node:assert/strict";
import { RMSprop } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { assertAllClose } from "../_helpers.ts";
import { CASES, replay } from "./_fixture.ts";

const TOLERANCE = 1e-12;

Deno.test("RMSprop() matches torch.optim.RMSprop trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "RMSprop");
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < TOLERANCE, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("RMSprop() has PyTorch's defaults", () => {
  const opt = new RMSprop([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, {
    lr: 1e-2,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
    centered: false,
    maximize: false,
  });
});

Deno.test("RMSprop() divides by the root of the running average of g²", () => {
  const w = tensor([1, 1], { dtype: "float64", requiresGrad: true });
  const opt = new RMSprop([w], { lr: 0.1, alpha: 0.75, eps: 0 });
  w.mul(tensor([2, -4], { dtype: "float64" })).sum().backward();
  opt.step();
  // v = 0.25·g², so g/√v = ±2 and w -= 0.1·(±2)
  assertAllClose(opt.state.get(w)!.squareAvg, [1, 4], { atol: 1e-15 });
  assertAllClose(w, [0.8, 1.2], { atol: 1e-15 });
});

Deno.test("RMSprop() creates the state its options need", () => {
  const keys = (options: ConstructorParameters<typeof RMSprop>[1]) => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new RMSprop([w], options);
    w.sum().backward();
    opt.step();
    return Object.keys(opt.state.get(w)!).sort();
  };
  assert.deepEqual(keys({}), ["squareAvg", "step"]);
  assert.deepEqual(keys({ momentum: 0.9 }), ["momentumBuffer", "squareAvg", "step"]);
  assert.deepEqual(keys({ centered: true }), ["gradAvg", "squareAvg", "step"]);
});

Deno.test("RMSprop() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new RMSprop(p(), { lr: -0.01 }), {
    name: "RangeError",
    message: "Cannot create RMSprop: lr must be >= 0, got -0.01",
  });
  assert.throws(() => new RMSprop(p(), { alpha: -1 }), { message: /alpha must be >= 0/ });
  assert.throws(() => new RMSprop(p(), { eps: -1 }), { message: /eps must be >= 0/ });
  assert.throws(() => new RMSprop(p(), { momentum: -1 }), { message: /momentum must be >= 0/ });
  assert.throws(() => new RMSprop(p(), { weightDecay: -1 }), { message: /weightDecay must be/ });
});
