import assert from "node:assert/strict";
import {
  ELU,
  GELU,
  gradcheck,
  Hardtanh,
  LeakyReLU,
  LogSigmoid,
  LogSoftmax,
  type Module,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
  tensor,
} from "../../mod.ts";
import { checkLayerCase } from "./_fixtures.ts";

Deno.test("activation layers match PyTorch's outputs and gradients to 1e-10", async (t) => {
  const cases = {
    relu: () => new ReLU(),
    tanh: () => new Tanh(),
    sigmoid: () => new Sigmoid(),
    gelu: () => new GELU(),
    geluTanh: () => new GELU({ approximate: "tanh" }),
    softmax1: () => new Softmax(1),
    softmax0: () => new Softmax(0),
    logSoftmax1: () => new LogSoftmax(1),
    logSoftmaxLast: () => new LogSoftmax(-1),
  };
  for (const [name, make] of Object.entries(cases)) {
    await t.step(name, () => checkLayerCase(make(), name));
  }
});

Deno.test("GELU() tanh approximation passes gradcheck", () => {
  const x = tensor([-3, -0.5, 0, 0.7, 2.5], { dtype: "float64", requiresGrad: true });
  const gelu = new GELU({ approximate: "tanh" });
  gradcheck((v) => gelu.forward(v), [x]);
});

Deno.test("activation layers have no parameters and validate their options", () => {
  for (const m of [new ReLU(), new Tanh(), new Sigmoid(), new GELU(), new Softmax(0)]) {
    assert.deepEqual(m.parameters(), []);
  }
  assert.throws(() => new GELU({ approximate: "erf" as "none" }), {
    name: "RangeError",
    message: 'Cannot create GELU: approximate must be "none" or "tanh", got "erf"',
  });
  assert.throws(() => new Softmax(0.5), {
    name: "RangeError",
    message: "Cannot create Softmax: dim must be an integer, got 0.5",
  });
  assert.throws(() => new LogSoftmax(NaN), { name: "RangeError", message: /LogSoftmax/ });
  // A dim out of range is reported by the tensor op on forward.
  assert.throws(() => new Softmax(2).forward(tensor([1, 2])), RangeError);
});

Deno.test("SiLU, Softplus, LeakyReLU, ELU, LogSigmoid and Hardtanh match PyTorch to 1e-10", async (t) => {
  const cases: Record<string, () => Module> = {
    silu: () => new SiLU(),
    softplus: () => new Softplus(),
    softplusBeta2Threshold5: () => new Softplus({ beta: 2, threshold: 5 }),
    leakyRelu: () => new LeakyReLU(),
    leakyRelu02: () => new LeakyReLU({ negativeSlope: 0.2 }),
    elu: () => new ELU(),
    elu05: () => new ELU({ alpha: 0.5 }),
    logSigmoid: () => new LogSigmoid(),
    hardtanh: () => new Hardtanh(),
    hardtanhLimits: () => new Hardtanh({ minVal: -0.5, maxVal: 1.5 }),
  };
  for (const [name, make] of Object.entries(cases)) {
    await t.step(name, () => checkLayerCase(make(), name));
  }
});

Deno.test("SiLU, Softplus, LeakyReLU, ELU and Hardtanh validate their options", () => {
  for (const m of [new SiLU(), new Softplus(), new LeakyReLU(), new ELU(), new Hardtanh()]) {
    assert.deepEqual(m.parameters(), []);
  }
  assert.throws(() => new Softplus({ beta: 0 }), {
    name: "RangeError",
    message: "Cannot create Softplus: beta must be a finite number, got 0",
  });
  assert.throws(() => new Softplus({ betta: 2 } as never), {
    name: "TypeError",
    message: /Softplus\(\): unknown option "betta"/,
  });
  assert.throws(() => new LeakyReLU({ negativeSlope: Infinity }), { name: "RangeError" });
  assert.throws(() => new ELU({ alpha: NaN }), { name: "RangeError", message: /ELU: alpha/ });
  assert.throws(() => new Hardtanh({ minVal: 1, maxVal: -1 }), {
    name: "RangeError",
    message: "Cannot create Hardtanh: maxVal must be greater than minVal, got 1 and -1",
  });
  assert.equal(
    String(new Softplus({ beta: 0.5, threshold: 10 })),
    "Softplus(beta=0.5, threshold=10)",
  );
  assert.equal(String(new LeakyReLU({ negativeSlope: 1e-5 })), "LeakyReLU(negative_slope=1e-05)");
});
