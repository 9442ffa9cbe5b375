import assert from "node:assert/strict";
import { Adadelta } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { CASES, replay } from "./_fixture.ts";

Deno.test("Adadelta() matches torch.optim.Adadelta trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "Adadelta");
  assert.ok(cases.length >= 5);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < 1e-12, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("Adadelta() has PyTorch's defaults", () => {
  const opt = new Adadelta([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
});

Deno.test("Adadelta() first step is √ε/√((1-ρ)g² + ε) · g", () => {
  const w = tensor([0], { dtype: "float64", requiresGrad: true });
  const opt = new Adadelta([w], { rho: 0.5, eps: 0.01 });
  w.mul(2).sum().backward();
  opt.step();
  const want = -Math.sqrt(0.01) / Math.sqrt(0.5 * 4 + 0.01) * 2;
  assert.ok(Math.abs(w.item() - want) < 1e-15);
  assert.deepEqual(Object.keys(opt.state.get(w)!), ["step", "squareAvg", "accDelta"]);
});

Deno.test("Adadelta() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new Adadelta(p(), { rho: -0.1 }), {
    name: "RangeError",
    message: "Cannot create Adadelta: rho must be in [0, 1], got -0.1",
  });
  assert.throws(() => new Adadelta(p(), { weightDecay: -1 }), /weightDecay must be >= 0/);
});
