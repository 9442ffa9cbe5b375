import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  Dropout,
  Flatten,
  GELU,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
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

// PyTorch: fc = Linear(2, 2); w = Parameter(zeros(3)); buffers count (persistent) and mask
// (not); heads = ModuleDict({left: Linear(2, 2), right: Linear(2, 1, bias=False)});
// blocks = ModuleList([Sequential(Linear(2, 2), GELU()), Dropout(0.1)])
class Buffered extends Module {
  fc = new Linear(2, 2);
  w = new Parameter(zeros([3]));
  heads = new ModuleDict({ left: new Linear(2, 2), right: new Linear(2, 1, { bias: false }) });
  blocks = new ModuleList<Module>([new Sequential(new Linear(2, 2), new GELU()), new Dropout(0.1)]);
  constructor() {
    super();
    this.registerBuffer("count", zeros([]));
    this.registerBuffer("mask", ones([2, 2]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

Deno.test("Module keys and printing equal PyTorch's (state_dict, named_*, repr)", () => {
  const models: Record<string, Module<never, unknown>> = {
    sequential: new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)),
    custom: new Net(),
    nested: new Nested(),
    noBias: new Linear(3, 2, { bias: false }),
    buffered: new Buffered(),
  };
  for (const [name, model] of Object.entries(models)) {
    const want = FIXTURE.keys[name];
    assert.deepEqual(model.namedParameters().map(([k]) => k), want.namedParameters, name);
    assert.deepEqual(model.namedBuffers().map(([k]) => k), want.namedBuffers, name);
    assert.deepEqual(Object.keys(model.stateDict()), want.stateDict, name);
    // Nested holds its blocks in a plain array, which PyTorch has no printing for.
    if (name !== "nested") assert.equal(String(model), want.repr, name);
  }
});

Deno.test("Module registers own parameters first, then children, as PyTorch", () => {
  class Odd extends Module {
    scale = 3; // plain values are ignored
    b = new Parameter(zeros([1]));
    child = new Linear(1, 1);
    plain = zeros([2]); // a plain tensor is neither a parameter nor a buffer
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
    "a",
    "child.weight",
    "child.bias",
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
  assert.deepEqual(a.namedParameters().map(([k]) => k), ["w", "other.w"]);
  assert.deepEqual(a.namedModules().map(([k]) => k), ["", "other"]);
  assert.deepEqual(Object.keys(a.stateDict()), ["w", "other.w"]);
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

class WithStats extends Module {
  declare running: Tensor;
  fc = new Linear(2, 2);
  constructor() {
    super();
    this.registerBuffer("running", zeros([2]));
    this.registerBuffer("steps", zeros([], { dtype: "int32" }));
    this.registerBuffer("mask", ones([2]), { persistent: false });
    this.registerBuffer("unset", null);
  }
  forward(x: Tensor): Tensor {
    noGrad(() => this.running.add_(x.mean(0)));
    this.getBuffer("steps")!.add_(1);
    return this.fc.forward(x).mul(this.getBuffer("mask")!);
  }
}

Deno.test("registerBuffer() exposes the buffer as a property that assignment replaces", () => {
  const m = new WithStats();
  assert.equal(m.running, m.getBuffer("running"));
  m.running = ones([2]);
  assert.deepEqual(m.getBuffer("running")!.toArray(), [1, 1]);
  assert.deepEqual(m.namedBuffers().map(([k]) => k), ["running", "steps", "mask"]);
  assert.deepEqual(Object.keys(m.stateDict()), ["running", "steps", "fc.weight", "fc.bias"]);
  // Buffers are state, not parameters: optimizers never see them.
  assert.equal(m.parameters().length, 2);
  assert.throws(() => (m.running = 3 as unknown as Tensor), /expected a Tensor or null/);
});

Deno.test("registerBuffer() rejects bad names, values and clashes", () => {
  const m = new WithStats();
  assert.throws(() => m.registerBuffer("a.b", zeros([1])), /without "\."/);
  assert.throws(() => m.registerBuffer("", zeros([1])), TypeError);
  assert.throws(() => m.registerBuffer("fc", zeros([1])), /already has a member/);
  assert.throws(() => m.registerBuffer("forward", zeros([1])), /already has a member/);
  assert.throws(() => m.registerBuffer("x", [1] as unknown as Tensor), /expected a Tensor/);
  assert.throws(() => m.registerBuffer("p", new Parameter(zeros([1]))), /Parameter/);
  assert.throws(() => m.registerBuffer("x", zeros([1]), { persist: false } as never), {
    name: "TypeError",
    message: /unknown option "persist"/,
  });
  assert.throws(
    () => m.getBuffer("nope"),
    /no such buffer \(buffers: running, steps, mask, unset\)/,
  );
  // Registering again replaces the value and may change persistence.
  m.registerBuffer("mask", zeros([2]));
  assert.ok(Object.keys(m.stateDict()).includes("mask"));
});

Deno.test("stateDict() and loadStateDict() carry persistent buffers, strictly", () => {
  const a = new WithStats();
  a.forward(tensor([[1, 2], [3, 4]]));
  a.forward(tensor([[1, 2], [3, 4]]));
  const b = new WithStats();
  b.loadStateDict(a.stateDict());
  assert.deepEqual(b.running.toArray(), [4, 6]);
  assert.equal(b.getBuffer("steps")!.item(), 2);
  assert.equal(b.getBuffer("steps")!.dtype, "int32");
  // The buffer is copied in place: the module keeps its own tensor.
  assert.notEqual(b.running.storage, a.running.storage);
  const { running: _, ...rest } = a.stateDict();
  assert.throws(() => b.loadStateDict(rest), /missing keys: running/);
  assert.throws(
    () => b.loadStateDict({ ...a.stateDict(), mask: ones([2]) }),
    /unexpected keys: mask/,
  );
  assert.throws(() => b.loadStateDict({ ...a.stateDict(), running: zeros([3]) }), {
    name: "ShapeError",
    message: /running has shape \[3\], expected \[2\]/,
  });
});

Deno.test("Module.to() converts float parameters, grads and buffers; ties survive", () => {
  class Tied extends Module {
    embed = new Linear(3, 3, { bias: false });
    head = new Linear(3, 3, { bias: false });
    list = [new Parameter(zeros([2]))];
    constructor() {
      super();
      this.head.weight = this.embed.weight;
      this.registerBuffer("count", zeros([], { dtype: "int32" }));
      this.registerBuffer("stats", zeros([3]));
    }
    forward(x: Tensor): Tensor {
      return this.head.forward(this.embed.forward(x));
    }
  }
  const m = new Tied();
  m.forward(ones([1, 3])).sum().backward();
  const before = m.embed.weight.toArray();
  assert.equal(m.double(), m);
  assert.equal(m.embed.weight.dtype, "float64");
  assert.equal(m.head.weight, m.embed.weight); // still tied
  assert.ok(m.embed.weight instanceof Parameter);
  assert.equal(m.embed.weight.requiresGrad, true);
  assert.equal(m.embed.weight.grad?.dtype, "float64");
  assert.equal(m.list[0].dtype, "float64");
  assert.equal(m.getBuffer("stats")!.dtype, "float64");
  assert.equal(m.getBuffer("count")!.dtype, "int32");
  assert.deepEqual(m.embed.weight.float().toArray(), before);
  assert.equal(m.parameters().length, 2);
  m.float();
  assert.equal(m.head.weight.dtype, "float32");
  assert.throws(() => m.to("int32"), /floating-point dtype/);
});

Deno.test("Module.toString() prints extraRepr() and indented children", () => {
  class Block extends Module {
    inner = new Sequential(new Linear(1, 1));
    override extraRepr(): string {
      return "a=1\nb=2";
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.equal(
    String(new Block()),
    "Block(\n  a=1\n  b=2\n  (inner): Sequential(\n    (0): Linear(in_features=1, out_features=1, bias=True)\n  )\n)",
  );
  assert.equal(String(new Sequential()), "Sequential()");
  assert.equal(inspect(new Flatten()), "Flatten(start_dim=1, end_dim=-1)");
});
