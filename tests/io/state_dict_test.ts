import assert from "node:assert/strict";
import { decodeSafetensors, encodeSafetensors, load, save } from "../../io/mod.ts";
import {
  Linear,
  manualSeed,
  Module,
  ReLU,
  Sequential,
  type Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import { assertAllClose } from "../_helpers.ts";
import fixture from "../fixtures/nn.json" with { type: "json" };

const MLP_URL = new URL("../fixtures/mlp.safetensors", import.meta.url);

function mlp(): Sequential {
  return new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
}

Deno.test("load() reads PyTorch's trained MLP and reproduces its logits to 1e-6", async () => {
  const bytes = await Deno.readFile(MLP_URL);
  assert.equal(bytes.length, fixture.mlp.size);
  const state = load(bytes);
  // The file's order: F32 tensors sorted by name.
  assert.deepEqual(Object.keys(state), ["0.bias", "0.weight", "2.bias", "2.weight"]);
  assert.ok(Object.values(state).every((t) => t.dtype === "float32" && !t.requiresGrad));
  const model = mlp();
  assert.deepEqual(Object.keys(model.stateDict()), fixture.mlp.keys);
  model.loadStateDict(state);
  const logits = model.forward(tensor(fixture.mlp.input));
  assertAllClose(logits, fixture.mlp.logits, { atol: 1e-6, rtol: 0 });
  // The predicted classes agree too.
  const argmax = fixture.mlp.logits.map((row) => row.indexOf(Math.max(...row)));
  assert.deepEqual(logits.argmax(1).toArray(), argmax);
});

Deno.test("save() writes PyTorch's MLP back byte for byte", async () => {
  const bytes = await Deno.readFile(MLP_URL);
  const model = mlp();
  model.loadStateDict(load(bytes));
  const again = save(model.stateDict(), { metadata: fixture.mlp.metadata });
  assert.deepEqual(again, bytes);
});

Deno.test("save() output round-trips through load() byte for byte", () => {
  manualSeed(0);
  class Net extends Module {
    fc1 = new Linear(3, 5, { dtype: "float64" });
    fc2 = new Linear(5, 2);
    forward(x: Tensor): Tensor {
      return this.fc2.forward(this.fc1.forward(x).relu().float());
    }
  }
  const model = new Net();
  const state: Record<string, Tensor> = {
    ...model.stateDict(),
    step: tensor(12, { dtype: "int32" }),
    counts: tensor([-(2 ** 31), 2 ** 31 - 1], { dtype: "int32" }),
    empty: zeros([0, 4]),
    transposed: tensor([[1, 2, 3], [4, 5, 6]]).T, // a non-contiguous view: saved as its values
  };
  const bytes = save(state, { metadata: { format: "pt" } });
  const loaded = load(bytes);
  assert.deepEqual(new Set(Object.keys(loaded)), new Set(Object.keys(state)));
  for (const [k, t] of Object.entries(state)) {
    assert.equal(loaded[k].dtype, t.dtype, k);
    assert.deepEqual(loaded[k].shape, t.shape, k);
    assert.deepEqual(loaded[k].toArray(), t.toArray(), k);
  }
  assert.deepEqual(save(loaded, { metadata: { format: "pt" } }), bytes);
  assert.deepEqual(decodeSafetensors(bytes).metadata, { format: "pt" });
  assert.equal(decodeSafetensors(save(state)).metadata, undefined);
  // Loaded tensors own fresh storage.
  const copy = new Net();
  copy.loadStateDict({
    "fc1.weight": loaded["fc1.weight"],
    "fc1.bias": loaded["fc1.bias"],
    "fc2.weight": loaded["fc2.weight"],
    "fc2.bias": loaded["fc2.bias"],
  });
  assert.deepEqual(copy.fc1.weight.toArray(), model.fc1.weight.toArray());
  assert.notEqual(loaded["fc1.weight"].storage, model.fc1.weight.storage);
});

Deno.test("load() reads I64 as int32 when every value fits", () => {
  const bytes = encodeSafetensors({
    labels: {
      dtype: "I64",
      shape: [2, 2],
      data: new BigInt64Array([0n, -1n, 2147483647n, -2147483648n]),
    },
  });
  const { labels } = load(bytes);
  assert.equal(labels.dtype, "int32");
  assert.deepEqual(labels.toArray(), [[0, -1], [2147483647, -2147483648]]);
  const big = encodeSafetensors({
    ok: { dtype: "I64", shape: [1], data: new BigInt64Array([1n]) },
    ids: { dtype: "I64", shape: [3], data: new BigInt64Array([1n, 2n, 3000000000n]) },
  });
  assert.throws(() => load(big), {
    name: "RangeError",
    message: 'Cannot load tensor "ids" in load(): its I64 value 3000000000 at flat index 2 ' +
      "does not fit in int32, the widest integer dtype of nabla",
  });
});

Deno.test("save() and load() reject what safetensors or nabla cannot hold", () => {
  assert.throws(() => save({ w: [1, 2] as unknown as Tensor }), {
    name: "TypeError",
    message: 'Cannot save the state dict in save(): "w" must be a Tensor, got object',
  });
  assert.throws(() => save(null as unknown as Record<string, Tensor>), TypeError);
  assert.throws(() => save({ __metadata__: zeros([1]) }), {
    name: "TypeError",
    message: /reserved/,
  });
  // An 8-bit float: refused by the codec.
  const header = '{"h":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}';
  const bytes = new Uint8Array(8 + header.length + 1);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(new TextEncoder().encode(header), 8);
  assert.throws(() => load(bytes), { name: "TypeError", message: /unsupported dtype "F8_E4M3"/ });
  assert.throws(() => load(new Uint8Array(3)), RangeError);
  assert.throws(() => load(save({}), { halfDtype: "int32" as never }), /halfDtype must be/);
  assert.throws(() => load(save({}), { half: "float64" } as never), /unknown option "half"/);
});

Deno.test("save() writes bool tensors as BOOL and load() reads them back", () => {
  const mask = tensor([[true, false], [false, true]]);
  const bytes = save({ mask });
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + 64));
  assert.match(header, /"dtype":"BOOL"/);
  const loaded = load(bytes).mask;
  assert.equal(loaded.dtype, "bool");
  assert.deepEqual(loaded.toArray(), mask.toArray());
});

Deno.test("load() converts half precision to float32 exactly and small integers to int32", async () => {
  const file = await Deno.readFile(new URL("../fixtures/tensors.safetensors", import.meta.url));
  // The fixture's other tensors include int64 values beyond int32: keep the ones of interest.
  const { tensors } = decodeSafetensors(file);
  const names = ["half", "brain", "small", "bytes", "shorts", "ushorts", "mask"];
  const bytes = encodeSafetensors(Object.fromEntries(names.map((n) => [n, tensors[n]])));
  const loaded = load(bytes);
  const fixture = (await import("../fixtures/safetensors.json", { with: { type: "json" } }))
    .default;
  for (const name of ["half", "brain"] as const) {
    const t = loaded[name];
    assert.equal(t.dtype, "float32");
    const want = fixture.tensors[name].floats.map(Number);
    const got = [t.toArray()].flat(2) as number[];
    got.forEach((v, i) => assert.ok(Object.is(v, want[i]) || v === want[i], `${name}[${i}]`));
  }
  assert.ok(Object.is((loaded.half.toArray() as number[][])[1][0], -0));
  assert.equal(load(bytes, { halfDtype: "float64" }).half.dtype, "float64");
  for (const name of ["small", "bytes", "shorts", "ushorts"]) {
    assert.equal(loaded[name].dtype, "int32", name);
    assert.deepEqual(loaded[name].toArray(), fixture.tensors[name as "small"].values, name);
  }
  assert.equal(loaded.mask.dtype, "bool");
  assert.deepEqual(loaded.mask.toArray(), [[true, false], [false, true]]);
});
