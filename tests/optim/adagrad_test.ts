import assert from "node:assert/strict";
import { Adagrad } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { CASES, replay } from "./_fixture.ts";

Deno.test("Adagrad() matches torch.optim.Adagrad trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "Adagrad");
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < 1e-12, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("Adagrad() has PyTorch's defaults", () => {
  const opt = new Adagrad([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, {
    lr: 1e-2,
    lrDecay: 0,
    weightDecay: 0,
    initialAccumulatorValue: 0,
    eps: 1e-10,
    maximize: false,
  });
});

Deno.test("Adagrad() decays the lr by 1 + (t - 1)·lrDecay", () => {
  const w = tensor([0], { dtype: "float64", requiresGrad: true });
  const opt = new Adagrad([w], { lr: 1, lrDecay: 1, eps: 0 });
  for (let t = 0; t < 2; t++) {
    opt.zeroGrad();
    w.mul(1).sum().backward(); // gradient 1
    opt.step();
  }
  // step 1: -1·1/√1; step 2: -(1/2)·1/√2
  assert.ok(Math.abs(w.item() - (-1 - 0.5 / Math.SQRT2)) < 1e-15);
});

Deno.test("Adagrad() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new Adagrad(p(), { lr: -1 }), /Cannot create Adagrad: lr must be >= 0/);
  assert.throws(() => new Adagrad(p(), { initialAccumulatorValue: -1 }), {
    name: "RangeError",
    message: "Cannot create Adagrad: initialAccumulatorValue must be >= 0, got -1",
  });
  assert.throws(() => new Adagrad(p(), { eps: -1 }), /eps must be >= 0/);
});
