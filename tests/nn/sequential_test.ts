import assert from "node:assert/strict";
import { Dropout, Linear, ReLU, Sequential, Tanh, type Tensor, tensor } from "../../mod.ts";
import { checkLayerCase } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;

Deno.test("Sequential.forward() matches PyTorch's outputs and gradients to 1e-10", () => {
  checkLayerCase(
    new Sequential(new Linear(4, 5, F64), new ReLU(), new Linear(5, 3, F64)),
    "sequential",
  );
});

Deno.test("Sequential() indexes its modules 0, 1... like PyTorch", () => {
  const a = new Linear(2, 3);
  const b = new ReLU();
  const model = new Sequential(a, b);
  assert.equal(model[0], a);
  assert.equal(model[1], b);
  assert.equal(model.length, 2);
  assert.deepEqual([...model], [a, b]);
  assert.deepEqual(Object.keys(model), ["0", "1"]);
  // Entries are fixed once added; append() extends the chain.
  assert.throws(() => {
    (model as unknown as Record<number, unknown>)[0] = new Tanh();
  }, TypeError);
  model.append(new Linear(3, 1));
  assert.equal(model.length, 3);
  assert.deepEqual(Object.keys(model.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
});

Deno.test("Sequential.forward() chains in order and nests", () => {
  const log: string[] = [];
  class Tag extends ReLU {
    constructor(readonly tag: string) {
      super();
    }
    override forward(x: Tensor): Tensor {
      log.push(this.tag);
      return x.add(1);
    }
  }
  const model = new Sequential(new Tag("a"), new Sequential(new Tag("b"), new Tag("c")));
  assert.deepEqual(model.forward(tensor([0])).toArray(), [3]);
  assert.deepEqual(log, ["a", "b", "c"]);
  const x = tensor([1]);
  assert.equal(new Sequential().forward(x), x);
  assert.equal(new Sequential(new Dropout(0.5)).eval().forward(x), x);
});

Deno.test("Sequential() accepts modules only", () => {
  assert.throws(() => new Sequential((() => 1) as unknown as ReLU), {
    name: "TypeError",
    message: "Cannot add to Sequential in append(): expected a Module, got function",
  });
});
