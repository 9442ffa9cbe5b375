import assert from "node:assert/strict";
import {
  arange,
  type DType,
  eye,
  full,
  fullLike,
  linspace,
  type NestedArray,
  ones,
  onesLike,
  randn,
  tensor,
  zeros,
  zerosLike,
} from "../../tensor/mod.ts";

Deno.test("tensor() infers shape and dtype from nested arrays and values", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.shape, [2, 3]);
  assert.equal(x.dtype, "float32");
  assert.deepEqual(x.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(tensor(3).shape, []);
  assert.equal(tensor(true).dtype, "bool");
  assert.equal(tensor([[true], [false]]).dtype, "bool");
  assert.deepEqual(tensor([true, 2]).toArray(), [1, 2]); // mixed: float32
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[]]).shape, [1, 0]);
  assert.deepEqual(tensor([NaN, -Infinity]).toArray(), [NaN, -Infinity]);
});

Deno.test("tensor() keeps a typed array's dtype and copies its data", () => {
  const cases: [ArrayLike<number> & ArrayBufferView, DType][] = [
    [new Float32Array([1, 2]), "float32"],
    [new Float64Array([1, 2]), "float64"],
    [new Int32Array([1, 2]), "int32"],
    [new Uint8Array([1, 200]), "int32"], // bytes are integers, not booleans
    [new Int16Array([1, -2]), "int32"],
  ];
  for (const [data, dtype] of cases) {
    const t = tensor(data as Float32Array);
    assert.equal(t.dtype, dtype);
    assert.deepEqual(t.shape, [2]);
    assert.deepEqual(t.toArray(), Array.from(data));
  }
  const source = new Float32Array([1, 2, 3]);
  const t = tensor(source);
  source[0] = 99;
  assert.equal(t.item === undefined, false);
  assert.deepEqual(t.toArray(), [1, 2, 3]);
  assert.deepEqual(tensor(new Uint8Array([0, 7]), { dtype: "bool" }).toArray(), [false, true]);
});

Deno.test("tensor() converts values to the requested dtype", () => {
  assert.deepEqual(tensor([1.7, -1.7, 2.5], { dtype: "int32" }).toArray(), [1, -1, 2]); // torch truncates too
  assert.deepEqual(tensor([0, 0.5, NaN], { dtype: "bool" }).toArray(), [false, true, true]);
  assert.deepEqual(tensor([true, false], { dtype: "float64" }).toArray(), [1, 0]);
  assert.equal(tensor([0.1], { dtype: "float64" }).item(), 0.1);
  assert.equal(tensor([0.1]).item(), Math.fround(0.1));
});

Deno.test("tensor() rejects ragged arrays and non-numbers, naming the path", () => {
  assert.throws(() => tensor([[1, 2], [3]]), {
    name: "ShapeError",
    message: "Cannot create a tensor in tensor(): data[1] has length 1, expected an array of " +
      "length 2 (nested arrays must be rectangular, shape [2, 2])",
  });
  assert.throws(() => tensor([[1, 2], 3] as NestedArray), {
    name: "ShapeError",
    message: /data\[1\] is number/,
  });
  assert.throws(() => tensor([1, [2]] as NestedArray), {
    name: "ShapeError",
    message: /data\[1\] is an array/,
  });
  assert.throws(() => tensor([[1, "2"]] as unknown as NestedArray), {
    name: "TypeError",
    message:
      "Cannot create a tensor in tensor(): data[0][1] is a string, expected a number or a boolean",
  });
  assert.throws(() => tensor([null] as unknown as NestedArray), {
    name: "TypeError",
    message: /data\[0\] is null/,
  });
  assert.throws(() => tensor([1], { dtype: "int64" as DType }), {
    name: "DTypeError",
    message: /tensor\(\)/,
  });
});

Deno.test("zeros(), ones() and full() fill new tensors", () => {
  assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(ones([2], { dtype: "int32" }).toArray(), [1, 1]);
  assert.deepEqual(full([2, 1], 3.5).toArray(), [[3.5], [3.5]]);
  assert.deepEqual(full([2], false).toArray(), [false, false]);
  assert.deepEqual(full([1], 2, { dtype: "bool" }).toArray(), [true]);
  assert.deepEqual(zeros([]).shape, []);
  assert.deepEqual(zeros([3, 0]).shape, [3, 0]);
  const w = ones([2], { requiresGrad: true });
  assert.equal(w.requiresGrad, true);
});

Deno.test("factories reject NaN, negative and non-integer shapes", () => {
  for (const shape of [[2, -1], [NaN], [1.5], [Infinity]]) {
    assert.throws(
      () => zeros(shape),
      { name: "RangeError", message: /zeros\(\)/ },
      JSON.stringify(shape),
    );
  }
  assert.throws(() => ones([2, -1]), {
    name: "RangeError",
    message:
      "Cannot use shape [2, -1] in ones(): size -1 at dimension 1 is not a non-negative integer",
  });
  assert.throws(() => full([-1], 1), { name: "RangeError", message: /full\(\)/ });
  assert.throws(() => zeros(3 as unknown as number[]), { name: "TypeError", message: /zeros\(\)/ });
  assert.throws(() => eye(-1), { name: "RangeError", message: /eye\(\)/ });
  assert.throws(() => zeros([1], { dtype: "int32", requiresGrad: true }), { name: "DTypeError" });
});

Deno.test("arange() counts like PyTorch", () => {
  assert.deepEqual(arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.deepEqual(arange(2, 5).toArray(), [2, 3, 4]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  // torch.arange(0, 1, 0.1) in float32
  assert.deepEqual(arange(0, 1, 0.1).toArray(), [
    0,
    0.10000000149011612,
    0.20000000298023224,
    0.30000001192092896,
    0.4000000059604645,
    0.5,
    0.6000000238418579,
    0.699999988079071,
    0.800000011920929,
    0.8999999761581421,
  ]);
  assert.equal(arange(3, undefined, 1, { dtype: "int32" }).dtype, "int32");
  assert.deepEqual(arange(0).shape, [0]);
  assert.throws(() => arange(0, 5, 0), { name: "RangeError", message: /arange\(\)/ });
  assert.throws(() => arange(0, 5, -1), { name: "RangeError", message: /does not lead/ });
  assert.throws(() => arange(NaN), RangeError);
});

Deno.test("linspace() matches PyTorch bit for bit", () => {
  // torch.linspace(...).tolist()
  assert.deepEqual(linspace(0, 1, 7).toArray(), [
    0,
    0.1666666716337204,
    0.3333333432674408,
    0.5,
    0.6666666269302368,
    0.8333333134651184,
    1,
  ]);
  assert.deepEqual(linspace(-1, 1, 6).toArray(), [
    -1,
    -0.6000000238418579,
    -0.19999998807907104,
    0.19999998807907104,
    0.6000000238418579,
    1,
  ]);
  assert.deepEqual(linspace(0.1, 0.9, 9).toArray(), [
    0.10000000149011612,
    0.19999998807907104,
    0.29999998211860657,
    0.3999999761581421,
    0.5,
    0.6000000238418579,
    0.699999988079071,
    0.7999999523162842,
    0.8999999761581421,
  ]);
  assert.deepEqual(
    linspace(0.1, 0.9, 9, { dtype: "float64" }).toArray(),
    [0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  );
  assert.deepEqual(linspace(2, 3, 1).toArray(), [2]);
  assert.deepEqual(linspace(2, 3, 0).shape, [0]);
  assert.throws(() => linspace(0, 1, -1), { name: "RangeError", message: /linspace\(\)/ });
});

Deno.test("eye() builds identity matrices", () => {
  assert.deepEqual(eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(eye(2, 3, { dtype: "int32" }).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(eye(3, 1).toArray(), [[1], [0], [0]]);
});

Deno.test("zerosLike(), onesLike() and fullLike() copy shape and dtype", () => {
  const x = tensor([[1, 2]], { dtype: "float64", requiresGrad: true });
  const z = zerosLike(x);
  assert.deepEqual(z.shape, [1, 2]);
  assert.equal(z.dtype, "float64");
  assert.equal(z.requiresGrad, false);
  assert.deepEqual(onesLike(x, { dtype: "int32" }).toArray(), [[1, 1]]);
  assert.deepEqual(fullLike(x, 4).toArray(), [[4, 4]]);
  assert.equal(fullLike(x, 4, { requiresGrad: true }).requiresGrad, true);
});

Deno.test("factories turn an allocation failure into a RangeError with the size and dtype", () => {
  assert.throws(() => zeros([1e10]), {
    name: "RangeError",
    message: /^Cannot allocate 10000000000 float32 elements \(40\.0 GB\) in zeros\(\): /,
  });
  assert.throws(() => ones([1e5, 1e5], { dtype: "float64" }), {
    name: "RangeError",
    message: /^Cannot allocate 10000000000 float64 elements \(80\.0 GB\) in ones\(\)/,
  });
  assert.throws(() => full([2 ** 40], 1, { dtype: "bool" }), { message: /in full\(\)/ });
  assert.throws(() => arange(0, 1e10), { name: "RangeError", message: /in arange\(\)/ });
  assert.throws(() => eye(1e5, 1e6), { name: "RangeError", message: /in eye\(\)/ });
  assert.throws(() => randn([1e10]), { name: "RangeError", message: /in randn\(\)/ });
  assert.throws(() => zeros([1]).expand([1e5, 1e5]).exp(), {
    name: "RangeError",
    message: /^Cannot allocate 10000000000 float32 elements \(40\.0 GB\)/,
  });
});
