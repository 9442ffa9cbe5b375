import assert from "node:assert/strict";
import {
  Dropout,
  Flatten,
  Linear,
  Module,
  noGrad,
  ones,
  Parameter,
  ReLU,
  Sequential,
  Tanh,
  type Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import { checkLayerCase, FIXTURE } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;

class Net extends Module {
  fc1 = new Linear(4, 8);
  fc2 = new Linear(8, 2);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

// PyTorch: encoder = Sequential(Linear, Tanh, Linear); blocks = ModuleList([Linear, Dropout, Linear]);
// head = Linear(bias=False)
class Nested extends Module {
  encoder = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 8));
  blocks = [new Linear(8, 8), new Dropout(0.5), new Linear(8, 8)];
  head = new Linear(8, 3, { bias: false });
  forward(x: Tensor): Tensor {
    x = this.encoder.forward(x);
    for (const b of this.blocks) x = b.forward(x);
    return this.head.forward(x);
  }
}

class Mlp extends Module {
  fc1 = new Linear(4, 6, F64);
  fc2 = new Linear(6, 3, F64);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).tanh());
  }
}

Deno.test("Parameter() is a leaf requiring grad that shares its data's storage", () => {
  const data = tensor([1, 2]).mul(2); // a tensor of no graph
  const p = new Parameter(data);
  assert.equal(p.requiresGrad, true);
  assert.equal(p.isLeaf, true);
  assert.equal(p.storage, data.storage);
  assert.ok(p instanceof Parameter);
  // History is dropped: a parameter made from a non-leaf is a leaf.
  const h = tensor([1], { requiresGrad: true }).exp();
  assert.equal(new Parameter(h).isLeaf, true);
  assert.equal(new Parameter(tensor([1]), { requiresGrad: false }).requiresGrad, false);
  assert.throws(() => new Parameter(zeros([2], { dtype: "int32" })), { name: "DTypeError" });
  assert.throws(() => new Parameter([1, 2] as unknown as Tensor), TypeError);
  // Ops on parameters give plain tensors.
  assert.equal(p.mul(2) instanceof Parameter, false);
  assert.equal(p.detach() instanceof Parameter, false);
  assert.match(String(p), /^Parameter containing:\ntensor\(/);
});

Deno.test("namedParameters() keys equal PyTorch's state_dict() keys", () => {
  const models: Record<string, Module<never, unknown>> = {
    sequential: new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)),
    custom: new Net(),
    nested: new Nested(),
    noBias: new Linear(3, 2, { bias: false }),
  };
  for (const [name, model] of Object.entries(models)) {
    const want = FIXTURE.keys[name];
    assert.deepEqual(model.namedParameters().map(([k]) => k), want.namedParameters, name);
    assert.deepEqual(Object.keys(model.stateDict()), want.stateDict, name);
  }
});

Deno.test("Module registers fields in definition order, nested and in arrays", () => {
  class Odd extends Module {
    scale = 3; // plain values are ignored
    b = new Parameter(zeros([1]));
    child = new Linear(1, 1);
    plain = zeros([2]); // a plain tensor is not a parameter (no buffers)
    a = new Parameter(zeros([2]));
    list = [new Parameter(zeros([3])), "x", new ReLU(), new Linear(2, 2)];
    none = null;
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const m = new Odd();
  assert.deepEqual(m.namedParameters().map(([k]) => k), [
    "b",
    "child.weight",
    "child.bias",
    "a",
    "list.0",
    "list.3.weight",
    "list.3.bias",
  ]);
  assert.deepEqual(m.namedChildren().map(([k]) => k), ["child", "list.2", "list.3"]);
  assert.deepEqual(m.namedModules().map(([k]) => k), ["", "child", "list.2", "list.3"]);
  assert.equal(m.parameters().length, 7);
  // Fields added later register too: the walk happens at each call.
  (m as unknown as { extra: Linear }).extra = new Linear(1, 1, { bias: false });
  assert.equal(m.namedParameters().at(-1)![0], "extra.weight");
});

Deno.test("namedModules() walks depth first with dotted names", () => {
  const m = new Nested();
  assert.deepEqual(m.namedModules().map(([k]) => k), [
    "",
    "encoder",
    "encoder.0",
    "encoder.1",
    "encoder.2",
    "blocks.0",
    "blocks.1",
    "blocks.2",
    "head",
  ]);
  assert.equal(m.modules()[0], m);
  assert.deepEqual(m.children().map((c) => c.constructor.name), [
    "Sequential",
    "Linear",
    "Dropout",
    "Linear",
    "Linear",
  ]);
});

Deno.test("namedParameters() lists a shared parameter once, stateDict() under each name", () => {
  class Tied extends Module {
    enc = new Linear(3, 3, { bias: false });
    dec = new Linear(3, 3, { bias: false });
    constructor() {
      super();
      this.dec.weight = this.enc.weight;
    }
    forward(x: Tensor): Tensor {
      return this.dec.forward(this.enc.forward(x));
    }
  }
  const m = new Tied();
  assert.deepEqual(m.namedParameters().map(([k]) => k), ["enc.weight"]);
  assert.deepEqual(Object.keys(m.stateDict()), ["enc.weight", "dec.weight"]);
  // A shared submodule is visited once by namedModules().
  const shared = new Linear(2, 2);
  const seq = new Sequential(shared, shared);
  assert.equal(seq.modules().length, 2);
  assert.deepEqual(seq.namedParameters().map(([k]) => k), ["0.weight", "0.bias"]);
  assert.deepEqual(Object.keys(seq.stateDict()), ["0.weight", "0.bias", "1.weight", "1.bias"]);
});

Deno.test("Module survives reference cycles", () => {
  class Node extends Module {
    other: Module | null = null;
    w = new Parameter(zeros([1]));
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const a = new Node();
  const b = new Node();
  a.other = b;
  b.other = a;
  assert.deepEqual(a.namedParameters().map(([k]) => k), ["other.w", "w"]);
  assert.deepEqual(a.namedModules().map(([k]) => k), ["", "other"]);
  assert.deepEqual(Object.keys(a.stateDict()), ["other.w", "w"]);
});

Deno.test("train() and eval() propagate to every descendant", () => {
  const m = new Nested();
  assert.ok(m.modules().every((x) => x.training));
  assert.equal(m.eval(), m);
  assert.ok(m.modules().every((x) => !x.training));
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.train(false);
  assert.equal(m.blocks[1].training, false);
  // eval() on a child leaves the parent alone.
  m.train();
  m.encoder.eval();
  assert.equal(m.training, true);
  assert.equal(m.encoder[1].training, false);
});

Deno.test("zeroGrad() sets gradients to null, or to zeros with setToNone: false", () => {
  const m = new Net();
  m.forward(ones([2, 4])).sum().backward();
  assert.ok(m.parameters().every((p) => p.grad !== null));
  m.zeroGrad({ setToNone: false });
  assert.ok(m.parameters().every((p) => p.grad!.abs().sum().item() === 0));
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
  m.zeroGrad({ setToNone: false }); // null stays null
  assert.ok(m.parameters().every((p) => p.grad === null));
});

Deno.test("apply() visits children before their parent, as PyTorch", () => {
  const m = new Sequential(new Sequential(new Linear(1, 1)), new ReLU());
  const order: string[] = [];
  assert.equal(m.apply((x) => order.push(x.constructor.name)), m);
  assert.deepEqual(order, ["Linear", "Sequential", "ReLU", "Sequential"]);
});

Deno.test("stateDict() holds detached tensors that share the parameters' storage", () => {
  const m = new Net();
  const state = m.stateDict();
  assert.deepEqual(Object.keys(state), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  for (const [k, p] of m.namedParameters()) {
    assert.equal(state[k].requiresGrad, false);
    assert.equal(state[k].storage, p.storage);
    assert.equal(state[k] instanceof Parameter, false);
  }
  noGrad(() => m.fc1.bias!.fill_(5));
  assert.deepEqual(state["fc1.bias"].toArray(), new Array(8).fill(5));
});

Deno.test("loadStateDict() copies in place, converting dtypes", () => {
  const a = new Net();
  const b = new Net();
  const weight = b.fc1.weight;
  const version = weight.storage.version;
  assert.deepEqual(b.loadStateDict(a.stateDict()), { missingKeys: [], unexpectedKeys: [] });
  assert.equal(b.fc1.weight, weight); // same object, new values
  assert.ok(weight.storage.version > version);
  assert.deepEqual(b.fc1.weight.toArray(), a.fc1.weight.toArray());
  assert.equal(b.fc1.weight.requiresGrad, true);
  // float64 values into float32 parameters
  const l = new Linear(2, 1);
  l.loadStateDict({ weight: tensor([[0.1, 0.2]], F64), bias: tensor([3], F64) });
  assert.equal(l.weight.dtype, "float32");
  assert.deepEqual(l.weight.toArray(), [[Math.fround(0.1), Math.fround(0.2)]]);
  // Works in grad mode on parameters that require grad, and is not recorded.
  assert.equal(l.weight.gradFn, null);
});

Deno.test("loadStateDict() reports missing and unexpected keys, all at once", () => {
  const m = new Net();
  const state = m.stateDict();
  delete state["fc2.bias"];
  delete state["fc1.weight"];
  state["fc3.weight"] = zeros([1]);
  const before = m.fc1.bias!.toArray();
  state["fc1.bias"] = ones([8]);
  assert.throws(() => m.loadStateDict(state), {
    name: "Error",
    message: "Cannot load the state dict into Net in loadStateDict(): missing keys: " +
      "fc1.weight, fc2.bias; unexpected keys: fc3.weight",
  });
  assert.deepEqual(m.fc1.bias!.toArray(), before); // nothing copied
  const result = m.loadStateDict(state, { strict: false });
  assert.deepEqual(result, {
    missingKeys: ["fc1.weight", "fc2.bias"],
    unexpectedKeys: ["fc3.weight"],
  });
  assert.deepEqual(m.fc1.bias!.toArray(), new Array(8).fill(1));
});

Deno.test("loadStateDict() rejects mismatched shapes even when not strict", () => {
  const m = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
  const state = m.stateDict();
  state["0.weight"] = zeros([2, 3]);
  state["2.bias"] = zeros([]);
  const message = "Cannot load the state dict into Sequential in loadStateDict(): shape " +
    "mismatch: 0.weight has shape [2, 3], expected [3, 2]; 2.bias has shape [], expected [1]";
  assert.throws(() => m.loadStateDict(state), { name: "ShapeError", message });
  assert.throws(() => m.loadStateDict(state, { strict: false }), { name: "ShapeError", message });
  // Key and shape problems together: one Error listing both.
  delete state["0.bias"];
  assert.throws(() => m.loadStateDict(state), {
    name: "Error",
    message: /missing keys: 0\.bias; shape mismatch: 0\.weight has shape \[2, 3\]/,
  });
  assert.throws(
    () => m.loadStateDict({ "0.weight": [1] as unknown as Tensor }, { strict: false }),
    {
      name: "TypeError",
      message: /0\.weight must be a Tensor/,
    },
  );
  assert.throws(() => m.loadStateDict(null as unknown as Record<string, Tensor>), TypeError);
});

Deno.test("a custom module with fc1/fc2 matches PyTorch's outputs and gradients", () => {
  checkLayerCase(new Mlp(), "mlp");
});

Deno.test("Module layers without parameters have empty state", () => {
  for (const m of [new ReLU(), new Flatten(), new Dropout()]) {
    assert.deepEqual(m.parameters(), []);
    assert.deepEqual(m.stateDict(), {});
    assert.deepEqual(m.loadStateDict({}), { missingKeys: [], unexpectedKeys: [] });
  }
});
