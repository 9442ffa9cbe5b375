import assert from "node:assert/strict";
import { Adam, AdamW } from "../../optim/mod.ts";
import { tensor, zeros } from "../../tensor/mod.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { CASES, replay } from "./_fixture.ts";

const TOLERANCE = 1e-12;

Deno.test("AdamW() matches torch.optim.AdamW trajectories in float64", async (t) => {
  const cases = CASES.filter((c) => c.optimizer === "AdamW");
  assert.ok(cases.length >= 4);
  for (const c of cases) {
    await t.step(c.name, () => {
      const err = replay(c);
      assert.ok(err < TOLERANCE, `greatest difference from torch ${err}`);
    });
  }
});

Deno.test("AdamW() has PyTorch's defaults, with weight decay 1e-2", () => {
  const opt = new AdamW([zeros([1], { requiresGrad: true })]);
  assert.deepEqual(opt.defaults, {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 1e-2,
    amsgrad: false,
    maximize: false,
  });
});

Deno.test("AdamW() decays the weights instead of adding to the gradient", () => {
  // A zero gradient: Adam's step is 0, only the decay p·(1 - lr·λ) remains.
  const w = tensor([2, -4], { dtype: "float64", requiresGrad: true });
  const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
  w.grad = zeros([2], { dtype: "float64" });
  opt.step();
  assertAllClose(w, [1.9, -3.8], { atol: 1e-15 });
  assert.deepEqual(flat(opt.state.get(w)!.expAvg), [0, 0]); // the decay never reaches the moments
});

Deno.test("AdamW() without weight decay equals Adam", () => {
  const run = (make: (w: ReturnType<typeof tensor>) => Adam | AdamW) => {
    const w = tensor([1, -2], { dtype: "float64", requiresGrad: true });
    const opt = make(w);
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      w.tanh().square().sum().backward();
      opt.step();
    }
    return flat(w);
  };
  assert.deepEqual(
    run((w) => new AdamW([w], { lr: 0.1, weightDecay: 0 })),
    run((w) => new Adam([w], { lr: 0.1 })),
  );
});

Deno.test("AdamW() rejects invalid hyper-parameters", () => {
  const p = () => [zeros([1], { requiresGrad: true })];
  assert.throws(() => new AdamW(p(), { lr: -1 }), {
    name: "RangeError",
    message: "Cannot create AdamW: lr must be >= 0, got -1",
  });
  assert.throws(() => new AdamW(p(), { weightDecay: -0.01 }), {
    message: "Cannot create AdamW: weightDecay must be >= 0, got -0.01",
  });
  assert.throws(() => new AdamW(p(), { betas: [0.9, 1.5] }), { message: /betas\[1\] must be/ });
  assert.throws(() => new AdamW(p(), { eps: -1e-8 }), { message: /eps must be >= 0/ });
});
