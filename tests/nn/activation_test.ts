import assert from "node:assert/strict";
import { GELU, gradcheck, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh, tensor } from "../../mod.ts";
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
