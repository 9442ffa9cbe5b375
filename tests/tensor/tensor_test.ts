import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  allocate,
  arange,
  noGrad,
  ones,
  Storage,
  Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";

Deno.test("Tensor() views storage with shape, strides and offset", () => {
  const data = allocate("float64", 6);
  data.set([0, 1, 2, 3, 4, 5]);
  const s = new Storage(data);
  const t = new Tensor(s, [2, 2], [1, 2], 1);
  assert.deepEqual(t.toArray(), [[1, 3], [2, 4]]);
  assert.equal(t.dtype, "float64");
  assert.equal(t.ndim, 2);
  assert.equal(t.numel, 4);
  assert.deepEqual(t.size(), [2, 2]);
  assert.equal(t.size(-1), 2);
  assert.equal(t.isContiguous(), false);
  assert.equal(new Tensor(s, [6]).isContiguous(), true);
  assert.throws(() => new Tensor(s, [2, 3], [3, 1], 1), {
    name: "RangeError",
    message: /does not fit/,
  });
  assert.throws(() => new Tensor(s, [-1]), RangeError);
  assert.throws(() => t.size(2), { name: "RangeError", message: /size\(\)/ });
});

Deno.test("Storage works on a typed array that does not span its buffer", () => {
  const buffer = new ArrayBuffer(64);
  const data = new Float32Array(buffer, 16, 4);
  data.set([1, 2, 3, 4]);
  const t = new Tensor(new Storage(data), [2, 2]);
  assert.deepEqual(t.T.contiguous().toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(t.mul(2).sum(0).toArray(), [8, 12]);
  assert.deepEqual(t.reshape([4]).add(t.reshape([4])).toArray(), [2, 4, 6, 8]);
  t.add_(1);
  assert.deepEqual(Array.from(new Float32Array(buffer, 0, 4)), [0, 0, 0, 0]); // outside untouched
  assert.deepEqual(Array.from(data), [2, 3, 4, 5]);
});

Deno.test("requiresGrad can be set on float leaves only", () => {
  const x = zeros([2]);
  x.requiresGrad = true;
  assert.equal(x.requiresGrad, true);
  assert.equal(x.isLeaf, true);
  const y = x.mul(2);
  assert.equal(y.isLeaf, false);
  assert.throws(() => (y.requiresGrad = false), { name: "AutogradError", message: /detach\(\)/ });
  assert.throws(() => (zeros([1], { dtype: "int32" }).requiresGrad = true), {
    name: "DTypeError",
    message:
      "Cannot set requiresGrad on a int32 tensor: only float32 and float64 tensors can require gradients",
  });
  assert.throws(() => (tensor([true]).requiresGrad = true), { name: "DTypeError" });
});

Deno.test("grad can be assigned only with the tensor's shape and dtype", () => {
  const x = zeros([2, 3], { requiresGrad: true });
  x.grad = ones([2, 3]);
  assert.deepEqual(x.grad.shape, [2, 3]);
  assert.throws(() => (x.grad = ones([3, 2])), { name: "ShapeError" });
  assert.throws(() => (x.grad = ones([2, 3], { dtype: "float64" })), { name: "DTypeError" });
  x.grad = null;
  assert.equal(x.grad, null);
});

Deno.test("item() reads single-element tensors and rejects others", () => {
  assert.equal(tensor(2.5).item(), 2.5);
  assert.equal(tensor([[7]]).item(), 7);
  assert.equal(tensor([true]).item(), 1);
  assert.throws(() => ones([2, 3]).item(), {
    name: "ShapeError",
    message:
      "Cannot convert a tensor of shape [2, 3] to a number in item(): it has 6 elements, expected 1",
  });
});

Deno.test("toArray() returns nested arrays, booleans for bool", () => {
  assert.deepEqual(arange(6).reshape([3, 2]).toArray(), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(tensor([1, 0]).to("bool").toArray(), [true, false]);
  assert.deepEqual(zeros([2, 0]).toArray(), [[], []]);
  assert.equal(tensor(4).toArray(), 4);
});

Deno.test("toString() prints like PyTorch", () => {
  // Expected strings from torch 1.13's print (True/False, requires_grad and dtype=torch.x adapted).
  assert.equal(
    tensor([[1, 2], [3, 4]], { requiresGrad: true }).toString(),
    "tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], requiresGrad=true)",
  );
  assert.equal(
    arange(24).reshape([2, 3, 4]).mul(1.5).toString(),
    "tensor([[[ 0.0000,  1.5000,  3.0000,  4.5000],\n" +
      "         [ 6.0000,  7.5000,  9.0000, 10.5000],\n" +
      "         [12.0000, 13.5000, 15.0000, 16.5000]],\n\n" +
      "        [[18.0000, 19.5000, 21.0000, 22.5000],\n" +
      "         [24.0000, 25.5000, 27.0000, 28.5000],\n" +
      "         [30.0000, 31.5000, 33.0000, 34.5000]]])",
  );
  assert.equal(String(tensor([1.5, 2000.25])), "tensor([1.5000e+00, 2.0002e+03])");
  assert.equal(String(tensor([1e-5, 1])), "tensor([1.0000e-05, 1.0000e+00])");
  // Exact ties round to even, as in Python: 0.03125 -> 0.0312, 0.09375 -> 0.0938.
  assert.equal(String(tensor([-0.03125, 0.09375, 1])), "tensor([-0.0312,  0.0938,  1.0000])");
  assert.equal(
    String(tensor([0.03125, 2000.25, 2.5])),
    "tensor([3.1250e-02, 2.0002e+03, 2.5000e+00])",
  );
  assert.equal(String(tensor([123456789, 1])), "tensor([1.2346e+08, 1.0000e+00])");
  assert.equal(String(tensor([NaN, Infinity, -1.5])), "tensor([    nan,     inf, -1.5000])");
  assert.equal(String(tensor(3.5)), "tensor(3.5000)");
  assert.equal(String(zeros([0, 3])), "tensor([], size=[0, 3])");
  assert.equal(String(tensor([1, 2], { dtype: "int32" })), "tensor([1, 2], dtype=int32)");
  assert.equal(
    String(tensor([1, 2], { dtype: "float64" })),
    "tensor([1.0000, 2.0000], dtype=float64)",
  );
  assert.equal(String(tensor([true, false])), "tensor([ true, false])");
  assert.equal(
    String(tensor([1, 2], { requiresGrad: true }).mul(2)),
    "tensor([2.0000, 4.0000], gradFn=<MulBackward>)",
  );
});

Deno.test("toString() wraps long rows and summarizes above 1000 elements", () => {
  const lines = String(arange(100)).split("\n");
  assert.equal(lines.length, 13); // 8 values per line, as PyTorch
  assert.equal(
    lines[1],
    "         8.0000,  9.0000, 10.0000, 11.0000, 12.0000, 13.0000, 14.0000, 15.0000,",
  );
  assert.equal(
    String(arange(2000).reshape([2, 1000])),
    "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n" +
      "         9.9900e+02],\n" +
      "        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n" +
      "         1.9990e+03]])",
  );
  const big = String(zeros([20, 20, 20])).split("\n");
  assert.equal(big.length, 49); // as PyTorch: 3 + 3 blocks of 3 + 3 rows, with "..." between
  assert.equal(big[3], "         ...,");
  assert.equal(big[24], "        ...,");
});

Deno.test("console inspection and string conversion use toString()", () => {
  const x = tensor([1, 2]);
  assert.equal(Deno.inspect(x), "tensor([1.0000, 2.0000])");
  assert.equal(inspect(x), "tensor([1.0000, 2.0000])");
  assert.equal(`${x}`, "tensor([1.0000, 2.0000])");
});

Deno.test("Symbol.toPrimitive makes JavaScript operators throw", () => {
  const x = tensor([1]);
  // @ts-expect-error: tensors are not numbers
  assert.throws(() => x + x, { name: "TypeError", message: /\.add\(/ });
  // @ts-expect-error: tensors are not numbers
  assert.throws(() => x * 2, TypeError);
  assert.throws(() => Number(x), TypeError);
});

Deno.test("in-place ops update values, bump the version and record the op", () => {
  const x = tensor([[1, 2], [3, 4]]);
  const v = x.T; // a view shares the version counter
  x.add_(tensor([10, 20]));
  assert.deepEqual(x.toArray(), [[11, 22], [13, 24]]);
  x.sub_(1, { alpha: 2 });
  x.mul_(tensor([[1], [2]]));
  x.div_(3);
  assert.deepEqual(
    x.toArray(),
    [[3, 20 / 3 * 1], [22 / 3 * 1 * 1, 44 / 3]].map((r) => r.map(Math.fround)),
  );
  assert.equal(v.storage.version, 4);
  assert.equal(v.storage.lastInplaceOp, "div_");
  x.zero_();
  assert.deepEqual(x.toArray(), [[0, 0], [0, 0]]);
  x.fill_(2).addcmul_(tensor([1, 2]), tensor([[3], [4]]), { value: 0.5 });
  assert.deepEqual(x.toArray(), [[3.5, 5], [4, 6]]);
  x.addcdiv_(tensor([1, 2]), tensor(2), { value: -1 });
  assert.deepEqual(x.toArray(), [[3, 4], [3.5, 5]]);
  assert.equal(x.storage.lastInplaceOp, "addcdiv_");
  assert.equal(x.storage.version, 8);
});

Deno.test("copy_() broadcasts and converts its source, even when it overlaps", () => {
  const x = zeros([2, 3]);
  x.copy_(tensor([1, 2, 3], { dtype: "int32" }));
  assert.deepEqual(x.toArray(), [[1, 2, 3], [1, 2, 3]]);
  const b = zeros([2], { dtype: "bool" }).copy_(tensor([0, 0.5]));
  assert.deepEqual(b.toArray(), [false, true]);
  const m = tensor([[1, 2], [3, 4]]);
  m.copy_(m.T); // reads the source before writing
  assert.deepEqual(m.toArray(), [[1, 3], [2, 4]]);
  const i = zeros([2], { dtype: "int32" }).copy_(tensor([1.7, -1.7]));
  assert.deepEqual(i.toArray(), [1, -1]);
});

Deno.test("in-place ops reject bad shapes, dtypes and expanded targets", () => {
  assert.throws(() => zeros([2, 1]).add_(ones([2, 3])), {
    name: "ShapeError",
    message:
      "Cannot update a tensor of shape [2, 1] in place in add_(): the operand of shape [2, 3] broadcasts to [2, 3]",
  });
  assert.throws(() => zeros([2], { dtype: "int32" }).add_(0.5), {
    name: "DTypeError",
    message: /add_\(\)/,
  });
  assert.throws(() => zeros([2], { dtype: "int32" }).div_(2), {
    name: "DTypeError",
    message: /div_\(\)/,
  });
  assert.throws(() => zeros([2], { dtype: "bool" }).add_(1), { name: "DTypeError" });
  assert.throws(() => zeros([1]).expand([3]).add_(1), {
    name: "ShapeError",
    message: /expanded view/,
  });
  assert.deepEqual(zeros([2], { dtype: "int32" }).add_(3).toArray(), [3, 3]);
  assert.deepEqual(zeros([2]).add_(ones([2], { dtype: "float64" })).toArray(), [1, 1]);
});

Deno.test("in-place ops are allowed on parameters under noGrad()", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const g = tensor([0.5, 0.5]);
  noGrad(() => {
    w.sub_(g, { alpha: 2 });
    w.mul_(2);
  });
  assert.deepEqual(w.toArray(), [0, 2]);
  assert.equal(w.requiresGrad, true);
});

Deno.test("clone(), contiguous(), detach() and to() copy or share as documented", () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const c = x.clone();
  assert.notEqual(c.storage, x.storage);
  assert.equal(c.gradFn?.name, "ContiguousBackward");
  c.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 1], [1, 1]]);
  assert.equal(x.contiguous(), x);
  assert.equal(x.float(), x);
  assert.equal(x.double().dtype, "float64");
  assert.equal(x.to("int32").dtype, "int32");
});

Deno.test("Tensor shape and strides are frozen, so they cannot corrupt the tensor", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.ok(Object.isFrozen(x.shape) && Object.isFrozen(x.strides));
  assert.throws(() => ((x.shape as number[])[0] = 3), TypeError);
  assert.throws(() => (x.strides as number[]).push(1), TypeError);
  assert.throws(() => ((x as { shape: readonly number[] }).shape = [6]), TypeError);
  assert.deepEqual(x.shape, [2, 3]);
  assert.deepEqual(x.T.strides, [1, 3]);
  assert.ok(Object.isFrozen(x.T.shape) && Object.isFrozen(x.sum(0).shape));
  const copy = x.size(); // a mutable copy
  copy[0] = 7;
  assert.deepEqual(x.shape, [2, 3]);
});

Deno.test("JSON.stringify() writes a tensor as { dtype, shape, data }, not its internals", () => {
  const x = tensor([[1.5, 2], [3, 4]], { requiresGrad: true });
  assert.deepEqual(JSON.parse(JSON.stringify(x)), {
    dtype: "float32",
    shape: [2, 2],
    data: [[1.5, 2], [3, 4]],
  });
  assert.equal(
    JSON.stringify(tensor(7, { dtype: "int32" })),
    '{"dtype":"int32","shape":[],"data":7}',
  );
  assert.equal(
    JSON.stringify({ mask: tensor([true, false]) }),
    '{"mask":{"dtype":"bool","shape":[2],"data":[true,false]}}',
  );
  // The shape keeps what nested arrays cannot say: an empty [0, 3] tensor.
  assert.deepEqual(zeros([0, 3]).toJSON(), { dtype: "float32", shape: [0, 3], data: [] });
  assert.deepEqual(x.T.toJSON().data, [[1.5, 3], [2, 4]]);
});
