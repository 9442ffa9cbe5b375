import assert from "node:assert/strict";
import { Dropout, Linear, noGrad, ReLU, Sequential, Tanh, type Tensor, tensor } from "../../mod.ts";
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

Deno.test("Sequential.forward() runs a Linear then a ReLU as one op, with the values and gradients of two", () => {
  const run = (fused: boolean) => {
    const first = new Linear(300, 40);
    const second = new Linear(40, 3);
    // Same weights for both runs.
    for (const [i, p] of [...first.parameters(), ...second.parameters()].entries()) {
      const values = tensor(Array.from({ length: p.numel }, (_, j) => Math.sin(7 * i + j)));
      noGrad(() => p.copy_(values.reshape(p.shape)));
    }
    const x = tensor(Array.from({ length: 64 * 300 }, (_, j) => Math.cos(j))).reshape([64, 300]);
    const y = fused
      ? new Sequential(first, new ReLU(), second).forward(x)
      : second.forward(new ReLU().forward(first.forward(x)));
    y.square().sum().backward();
    return { y, grads: [first.weight, first.bias!, second.weight].map((p) => p.grad!.toArray()) };
  };
  const fused = run(true);
  const plain = run(false);
  const inner = fused.y.gradFn!.nextFunctions[0] as { name: string };
  assert.equal(inner.name, "LinearReluBackward");
  assert.deepEqual(fused.y.toArray(), plain.y.toArray());
  assert.deepEqual(fused.grads, plain.grads);
});

Deno.test("Sequential.forward() leaves a Linear or ReLU with its own forward to it", () => {
  const seen: string[] = [];
  class Traced extends Linear {
    override forward(x: Tensor): Tensor {
      seen.push("Traced");
      return super.forward(x);
    }
  }
  const model = new Sequential(new Traced(2, 2), new ReLU());
  const relu = new ReLU();
  relu.forward = (x: Tensor) => (seen.push("relu"), x.relu());
  new Sequential(new Linear(2, 2), relu).forward(tensor([[1, -1]]));
  model.forward(tensor([[1, -1]]));
  assert.deepEqual(seen, ["relu", "Traced"]);
});
