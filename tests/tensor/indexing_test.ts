import assert from "node:assert/strict";
import {
  arange,
  embedding,
  grad,
  gradcheck,
  noGrad,
  oneHot,
  ones,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const i32 = (data: number | number[] | number[][]) => tensor(data, { dtype: "int32" });
const f64 = (data: number[] | number[][], requiresGrad = true) =>
  tensor(data, { dtype: "float64", requiresGrad });

Deno.test("gradcheck() passes for every indexing op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "indexing")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("gather() picks values along a dimension", () => {
  const x = arange(12).reshape([3, 4]);
  const index = i32([[0, 0], [1, 0], [2, 3]]);
  // torch: arange(12.).reshape(3, 4).gather(1, tensor([[0, 0], [1, 0], [2, 3]]))
  assert.deepEqual(x.gather(1, index).toArray(), [[0, 0], [5, 4], [10, 11]]);
  assert.deepEqual(x.gather(-1, index).toArray(), [[0, 0], [5, 4], [10, 11]]);
  assert.deepEqual(x.gather(0, i32([[2, 0, 1, 2]])).toArray(), [[8, 1, 6, 11]]);
  // A transposed input and a transposed (non-contiguous) index.
  // torch: x.T.gather(0, index[:, :2].T) -> [[0, 5, 10], [0, 4, 11]]
  assert.deepEqual(x.T.gather(0, index.T).toArray(), [[0, 5, 10], [0, 4, 11]]);
  // Along dim the index may be longer than the input; elsewhere it reads a corner.
  assert.deepEqual(x.gather(1, i32([[3, 3, 3, 3, 3, 0]])).toArray(), [[3, 3, 3, 3, 3, 0]]);
  assert.deepEqual(x.gather(1, i32([[1]]).expand([2, 3])).toArray(), [[1, 1, 1], [5, 5, 5]]);
  assert.equal(tensor(5).gather(0, i32(0)).item(), 5); // 0-d, as in torch
  assert.deepEqual(x.gather(0, zeros([0, 4], { dtype: "int32" })).shape, [0, 4]);
  assert.deepEqual(i32([[7, 8]]).gather(1, i32([[1, 0]])).toArray(), [[8, 7]]);
  assert.equal(x.gather(1, index).dtype, "float32");
});

Deno.test("gather() scatter-adds its gradient, summing repeated picks", () => {
  // torch: w.gather(1, [[2, 2, 0], [1, 1, 1]]) weighted by [[1, 10, 100], [1, 2, 3]]
  const w = f64([[1, 2, 3], [4, 5, 6]]);
  const y = w.gather(1, i32([[2, 2, 0], [1, 1, 1]]));
  y.mul(tensor([[1, 10, 100], [1, 2, 3]], { dtype: "float64" })).sum().backward();
  assert.deepEqual(w.grad!.toArray(), [[100, 0, 11], [0, 6, 0]]);
  // torch: w.T.gather(1, [[1], [0], [1]]) -> [[4], [2], [6]]; weights [1, 2, 3]
  w.grad = null;
  const t = w.T.gather(1, i32([[1], [0], [1]]));
  assert.deepEqual(t.toArray(), [[4], [2], [6]]);
  t.squeeze().mul(tensor([1, 2, 3], { dtype: "float64" })).sum().backward();
  assert.deepEqual(w.grad!.toArray(), [[0, 2, 0], [1, 0, 3]]);
});

// Checks the Jacobian of the gradient of `sum(w · f(x)³)`: second derivatives
// that differentiate each backward rule.
function checkSecondDerivatives(f: (x: Tensor) => Tensor, x: Tensor): void {
  const first = (v: Tensor) => {
    const y = f(v);
    const w = arange(y.numel, undefined, 1, { dtype: "float64" }).add(1).reshape(y.shape);
    return grad(y.pow(3).mul(w).sum(), v, { createGraph: true })[0];
  };
  gradcheck(first, [x]);
}

Deno.test("gather() and scatterAdd() are each other's backward, to any order", () => {
  // torch: g = grad((x.gather(1, idx)**3).sum(), x, create_graph=True); grad((g * m).sum(), x)
  const x = f64([[1, 2, 3], [4, 5, 6]]);
  const idx = i32([[2, 2, 0], [1, 1, 1]]);
  const [g] = grad(x.gather(1, idx).pow(3).sum(), x, { createGraph: true });
  assert.deepEqual(g.toArray(), [[3, 0, 54], [0, 225, 0]]);
  const m = tensor([[1, 0, 1], [0, 1, 0]], { dtype: "float64" });
  const [h] = grad(g.mul(m).sum(), x);
  assert.deepEqual(h.toArray(), [[6, 0, 36], [0, 90, 0]]);
  checkSecondDerivatives((a) => a.gather(1, idx), f64([[1, 2, 3], [4, 5, 6]]));
  checkSecondDerivatives((a) => a.T.gather(1, i32([[2, 0, 0]])), f64([[1, -2], [3, 4], [-5, 6]]));
  const base = tensor([[0.5, 1], [2, -1], [1, 1]], { dtype: "float64" });
  checkSecondDerivatives(
    (s) => base.scatterAdd(0, i32([[2, 0], [2, 2]]), s),
    f64([[1, 2], [3, 4]]),
  );
  checkSecondDerivatives(
    (a) => a.scatterAdd(1, i32([[0], [0], [1]]), a.narrow(1, 0, 1)),
    f64([
      [1, 2],
      [3, 4],
      [5, -6],
    ]),
  );
  checkSecondDerivatives((a) => a.indexSelect(0, i32([1, 1, 0])), f64([[1, 2], [3, 4]]));
});

Deno.test("gather() rejects bad indices, naming the value and the allowed range", () => {
  const x = zeros([2, 3]);
  assert.throws(() => x.gather(1, i32([[0, 3]])), {
    name: "RangeError",
    message: "Cannot gather in gather(): index 3 at position [0, 1] is out of range for " +
      "dimension 1 of size 3, expected a value in [0, 2]",
  });
  assert.throws(() => x.gather(0, i32([[0, 1], [-1, 0]])), {
    name: "RangeError",
    message: /index -1 at position \[1, 0\] .* dimension 0 of size 2, expected a value in \[0, 1\]/,
  });
  assert.throws(() => zeros([2, 0]).gather(1, i32([[0]])), {
    name: "RangeError",
    message: /size 0, there is no valid value/,
  });
  assert.throws(() => x.gather(0, i32([[0, 0, 0, 0]])), {
    name: "ShapeError",
    message: "Cannot gather from [2, 3] with an index of shape [1, 4] in gather(): the index " +
      "has size 4 at dimension 1, more than 3 (only dimension 0 may be larger)",
  });
  assert.throws(() => x.gather(0, i32([0])), {
    name: "ShapeError",
    message: /the index has 1 dimensions, expected 2/,
  });
  assert.throws(() => x.gather(0, tensor([[0]])), {
    name: "DTypeError",
    message: "Cannot gather in gather(): the index has dtype float32, expected int32",
  });
  assert.throws(() => x.gather(2, i32([[0]])), { name: "RangeError", message: /gather\(\)/ });
});

Deno.test("gather() catches an index changed in place before backward", () => {
  const x = zeros([3], { requiresGrad: true });
  const index = i32([0, 2]);
  const y = x.gather(0, index);
  noGrad(() => index.fill_(1));
  assert.throws(() => y.sum().backward(), { name: "AutogradError", message: /fill_\(\)/ });
});

Deno.test("scatterAdd() adds src into a copy at the indexed positions", () => {
  const x = arange(12).reshape([3, 4]);
  const index = i32([[0, 0], [1, 0], [2, 3]]);
  // torch: zeros(3, 4).scatter_add(1, index, arange(12.).reshape(3, 4)): src's corner is used
  const out = zeros([3, 4]).scatterAdd(1, index, x);
  assert.deepEqual(out.toArray(), [[1, 0, 0, 0], [5, 4, 0, 0], [0, 0, 8, 9]]);
  const base = ones([3]);
  assert.deepEqual(base.scatterAdd(0, i32([2, 2, 0]), tensor([1, 2, 3])).toArray(), [4, 1, 4]);
  assert.deepEqual(base.toArray(), [1, 1, 1]); // out of place
  assert.deepEqual(
    zeros([2, 2]).scatterAdd(0, i32([[1, 1]]), x.T.narrow(0, 1, 1)).toArray(),
    [[0, 0], [1, 5]],
  );
  const n = i32([1, 2]).scatterAdd(0, i32([0, 0, 1]), i32([5, 6, 7]));
  assert.deepEqual([n.dtype, n.toArray()], ["int32", [12, 9]]);
  assert.equal(tensor(1).scatterAdd(0, i32(0), tensor(2)).item(), 3);
});

Deno.test("scatterAdd() sends the gradient to both the base and src", () => {
  // torch: b.scatter_add(1, [[2, 2], [0, 1]], s) weighted by [[1, 2, 3], [4, 5, 6]]
  const b = zeros([2, 3], { dtype: "float64", requiresGrad: true });
  const s = f64([[1, 2], [3, 4]]);
  const o = b.scatterAdd(1, i32([[2, 2], [0, 1]]), s);
  assert.deepEqual(o.toArray(), [[0, 0, 3], [3, 4, 0]]);
  o.mul(tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" })).sum().backward();
  assert.deepEqual(b.grad!.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(s.grad!.toArray(), [[3, 3], [4, 5]]);
  // A src larger than the index: torch's backward fails here; the unused part gets 0.
  const big = f64([1, 2, 3, 4]);
  zeros([3], { dtype: "float64" }).scatterAdd(0, i32([0, 0]), big).sum().backward();
  assert.deepEqual(big.grad!.toArray(), [1, 1, 0, 0]);
});

Deno.test("scatterAdd() rejects bad arguments", () => {
  const x = zeros([3, 2]);
  assert.throws(() => x.scatterAdd(0, i32([[0, 0, 0]]), ones([1, 3])), {
    name: "ShapeError",
    message: "Cannot scatter [1, 3] into [3, 2] with an index of shape [1, 3] in " +
      "scatterAdd(): the index is larger than the tensor at dimension 1 (only 0 may be larger)",
  });
  assert.throws(() => x.scatterAdd(0, i32([[0, 0]]), ones([1, 1])), {
    name: "ShapeError",
    message: /the index is larger than src at dimension 1/,
  });
  assert.throws(() => x.scatterAdd(0, i32([0]), ones([1])), {
    name: "ShapeError",
    message: /expected 2 dimensions for all three/,
  });
  assert.throws(() => x.scatterAdd(0, i32([[3, 0]]), ones([1, 2])), {
    name: "RangeError",
    message: "Cannot scatter in scatterAdd(): index 3 at position [0, 0] is out of range for " +
      "dimension 0 of size 3, expected a value in [0, 2]",
  });
  assert.throws(() => x.scatterAdd(0, i32([[0, 0]]), ones([1, 2], { dtype: "float64" })), {
    name: "DTypeError",
    message: /float64 source into a float32 tensor in scatterAdd\(\)/,
  });
  assert.throws(() => tensor([true]).scatterAdd(0, i32([0]), tensor([true])), {
    name: "DTypeError",
  });
});

Deno.test("indexSelect() picks whole entries along a dimension, in index order", () => {
  const x = arange(12).reshape([3, 4]);
  // torch: x.index_select(1, tensor([3, 0, 3]))
  assert.deepEqual(x.indexSelect(1, i32([3, 0, 3])).toArray(), [[3, 0, 3], [7, 4, 7], [11, 8, 11]]);
  assert.deepEqual(x.indexSelect(0, i32([2, 0])).toArray(), [[8, 9, 10, 11], [0, 1, 2, 3]]);
  assert.deepEqual(x.T.indexSelect(-1, i32([1])).toArray(), [[4], [5], [6], [7]]);
  // torch: index_select with a 0-d index keeps the dimension (size 1)
  assert.deepEqual(x.indexSelect(0, i32(1)).toArray(), [[4, 5, 6, 7]]);
  assert.deepEqual(x.indexSelect(0, zeros([0], { dtype: "int32" })).shape, [0, 4]);
  // Repeated rows add their gradients (an index-add).
  const table = zeros([3, 2], { requiresGrad: true });
  table.indexSelect(0, i32([2, 0, 2])).mul(tensor([[1, 2], [3, 4], [5, 6]])).sum().backward();
  assert.deepEqual(table.grad!.toArray(), [[3, 4], [0, 0], [6, 8]]);
  assert.throws(() => x.indexSelect(0, i32([[0]])), {
    name: "ShapeError",
    message: "Cannot select from [3, 4] with an index of shape [1, 1] in indexSelect(): the " +
      "index must be 1-d (or 0-d)",
  });
  assert.throws(() => x.indexSelect(0, i32([0, 3])), {
    name: "RangeError",
    message: "Cannot select in indexSelect(): index 3 at position [1] is out of range for " +
      "dimension 0 of size 3, expected a value in [0, 2]",
  });
});

Deno.test("oneHot() encodes int32 labels as int32 rows", () => {
  // torch: F.one_hot(tensor([[0, 2], [1, 1]]), 3)
  const labels = i32([[0, 2], [1, 1]]);
  const y = oneHot(labels, 3);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(y.toArray(), [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]]);
  assert.deepEqual(oneHot(labels).shape, [2, 2, 3]); // inferred: largest label + 1
  assert.deepEqual(oneHot(i32([1]), 4).toArray(), [[0, 1, 0, 0]]);
  assert.deepEqual(oneHot(i32([2, 0]).T).toArray(), [[0, 0, 1], [1, 0, 0]]);
  assert.deepEqual(oneHot(zeros([0], { dtype: "int32" }), 2).shape, [0, 2]);
  assert.throws(() => oneHot(i32([0, 3]), 3), {
    name: "RangeError",
    message: "Cannot encode labels in oneHot(): label 3 at position [1] is out of range for " +
      "3 classes, expected a value in [0, 2]",
  });
  assert.throws(() => oneHot(i32([-1])), {
    name: "RangeError",
    message: /label -1 at position \[0\] is out of range for a class, expected a non-negative/,
  });
  assert.throws(() => oneHot(zeros([0], { dtype: "int32" })), {
    name: "RangeError",
    message: /the labels are empty; pass numClasses/,
  });
  assert.throws(() => oneHot(tensor([1])), { name: "DTypeError", message: /oneHot\(\)/ });
  assert.throws(() => oneHot(i32([0]), 1.5), { name: "RangeError", message: /numClasses/ });
});

// ---------------------------------------------------------------- index, scatter, indexAdd, embedding

Deno.test("index() is PyTorch's x[idx]: any index shape, negative values, repeated rows", () => {
  const x = arange(6).reshape([3, 2]);
  // torch: x[tensor([[2, -1], [0, -3]])]
  assert.deepEqual(x.index(i32([[2, -1], [0, -3]])).toArray(), [
    [[4, 5], [4, 5]],
    [[0, 1], [0, 1]],
  ]);
  assert.deepEqual(x.index(i32(-2)).toArray(), [2, 3]); // 0-d index: x[-2]
  assert.deepEqual(x.index(zeros([0], { dtype: "int32" })).shape, [0, 2]);
  assert.deepEqual(x.index(zeros([2, 0], { dtype: "int32" })).shape, [2, 0, 2]);
  assert.deepEqual(arange(4).index(i32([[3], [1]])).toArray(), [[3], [1]]); // 1-d table
  assert.deepEqual(x.T.index(i32([1, 1])).toArray(), [[1, 3, 5], [1, 3, 5]]); // strided
  // Repeated rows accumulate their gradients (torch: index_put with accumulate).
  const C = zeros([3, 2], { requiresGrad: true });
  C.index(i32([[0, 2], [2, -1]])).mul(tensor([[[1, 1], [2, 2]], [[3, 3], [4, 4]]])).sum()
    .backward();
  assert.deepEqual(C.grad!.toArray(), [[1, 1], [0, 0], [9, 9]]);
});

Deno.test("index() rejects out-of-range, non-integer and boolean indices and 0-d tensors", () => {
  const x = zeros([3, 2]);
  assert.throws(() => x.index(i32([[0, 3]])), {
    name: "RangeError",
    message: "Cannot index in index(): index 3 at position [0, 1] is out of range for " +
      "dimension 0 of size 3, expected a value in [-3, 2]",
  });
  assert.throws(() => x.index(i32([-4])), { name: "RangeError", message: /index -4 .* size 3/ });
  assert.throws(() => x.index(tensor([1])), { name: "DTypeError", message: /index\(\).*int32/ });
  assert.throws(() => x.index(tensor([true, false, true])), {
    name: "DTypeError",
    message: /index\(\): the index has dtype bool, expected int32; boolean masks/,
  });
  assert.throws(() => tensor(1).index(i32(0)), {
    name: "ShapeError",
    message: /Cannot index a 0-d tensor .* in index\(\): it has no dimension to index/,
  });
  // @ts-expect-error: a number is not an index tensor
  assert.throws(() => x.index(1), { name: "TypeError", message: /index\(\)/ });
});

Deno.test("scatter() writes src or a number into a copy, the last of repeats winning", () => {
  const x = zeros([2, 4]);
  // torch: zeros(2, 4).scatter(1, tensor([[1, 1, 1, 1], [0, 2, 0, 2]]), arange(8.).reshape(2, 4))
  const src = arange(8).reshape([2, 4]);
  assert.deepEqual(x.scatter(1, i32([[1, 1, 1, 1], [0, 2, 0, 2]]), src).toArray(), [
    [0, 3, 0, 0],
    [6, 0, 7, 0],
  ]);
  assert.deepEqual(x.toArray(), [[0, 0, 0, 0], [0, 0, 0, 0]]); // out of place
  assert.deepEqual(x.scatter(0, i32([[1, 0]]), -2).toArray(), [[0, -2, 0, 0], [-2, 0, 0, 0]]);
  assert.deepEqual(i32([1, 2, 3]).scatter(0, i32([2]), 7.9).toArray(), [1, 2, 7]); // truncated
  assert.deepEqual(tensor([true, false]).scatter(0, i32([1]), 1).toArray(), [true, true]);
  assert.equal(tensor(1).scatter(0, i32(0), 5).item(), 5);
});

Deno.test("scatter() gives src the gradient where it was written and x the rest", () => {
  // torch: x.scatter(1, [[2, 0], [1, 1]], s) weighted by [[1, 2, 3], [4, 5, 6]]
  const x = f64([[1, 2, 3], [4, 5, 6]]);
  const s = f64([[10, 20], [30, 40]]);
  const y = x.scatter(1, i32([[2, 0], [1, 1]]), s);
  assert.deepEqual(y.toArray(), [[20, 2, 10], [4, 40, 6]]);
  y.mul(tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[0, 2, 0], [4, 0, 6]]);
  // torch gives both repeats at [1, 1] the gradient, though only the last write shows
  assert.deepEqual(s.grad!.toArray(), [[3, 1], [5, 5]]);
  checkSecondDerivatives(
    (a) => a.scatter(0, i32([[1, 0, 1]]), a.square()),
    f64([[1, 2, 3], [
      4,
      -5,
      6,
    ]]),
  );
});

Deno.test("scatter() rejects bad sources, values and shapes, naming scatter()", () => {
  const x = zeros([3, 2]);
  assert.throws(() => x.scatter(0, i32([[0, 0]]), ones([1, 2], { dtype: "float64" })), {
    name: "DTypeError",
    message: "Cannot scatter a float64 source into a float32 tensor in scatter(): expected one " +
      "dtype; convert with to() first",
  });
  assert.throws(() => x.scatter(0, i32([[0, 0, 0]]), 1), {
    name: "ShapeError",
    message: /in scatter\(\): the index is larger than the tensor at dimension 1/,
  });
  assert.throws(() => x.scatter(0, i32([[3, 0]]), 1), {
    name: "RangeError",
    message: /Cannot scatter in scatter\(\): index 3 at position \[0, 0\]/,
  });
  assert.throws(() => i32([1]).scatter(0, i32([0]), 2 ** 31), {
    name: "RangeError",
    message: "Cannot fill an int32 tensor with 2147483648 in scatter(): int32 holds " +
      "[-2147483648, 2147483647] and no NaN or Infinity; convert the tensor with to() first",
  });
  assert.throws(() => i32([1]).scatter(0, i32([0]), NaN), { name: "RangeError" });
  // @ts-expect-error: a string is not a source
  assert.throws(() => x.scatter(0, i32([[0, 0]]), "1"), { name: "TypeError", message: /scatter/ });
});

Deno.test("indexAdd() adds source entries at the indexed entries, times alpha", () => {
  // torch: ones(3, 2).index_add(0, tensor([0, 2, 0]), arange(6.).reshape(3, 2), alpha=2)
  const out = ones([3, 2]).indexAdd(0, i32([0, 2, 0]), arange(6).reshape([3, 2]), { alpha: 2 });
  assert.deepEqual(out.toArray(), [[9, 13], [1, 1], [5, 7]]);
  assert.deepEqual(zeros([2, 3]).indexAdd(1, i32([2]), ones([2, 1])).toArray(), [
    [0, 0, 1],
    [0, 0, 1],
  ]);
  assert.deepEqual(zeros([3]).indexAdd(0, i32(1), tensor(2)).toArray(), [0, 2, 0]); // torch too
  assert.equal(tensor(1).indexAdd(0, i32([0]), tensor(2)).item(), 3);
  assert.deepEqual(i32([1, 1]).indexAdd(0, i32([1]), i32([5]), { alpha: -1 }).toArray(), [1, -4]);
  // The gradient: x gets g, source gets alpha · g at its target rows.
  const x = f64([[1, 2], [3, 4]]);
  const s = f64([[5, 6], [7, 8], [9, 10]]);
  x.indexAdd(0, i32([1, 1, 0]), s, { alpha: 3 }).mul(tensor([[1, 2], [3, 4]], {
    dtype: "float64",
  })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(s.grad!.toArray(), [[9, 12], [9, 12], [3, 6]]);
});

Deno.test("indexAdd() rejects bad indices, sources and alphas, naming indexAdd()", () => {
  const x = zeros([3, 2]);
  const cases: [() => unknown, string, RegExp][] = [
    [() => x.indexAdd(0, i32([[0]]), ones([1, 2])), "ShapeError", /index must be 1-d/],
    [
      () => x.indexAdd(0, i32([0, 1]), ones([1, 2])),
      "ShapeError",
      /index has 2 entries, the source has 1 along dimension 0/,
    ],
    [() => x.indexAdd(0, i32([0]), ones([1, 3])), "ShapeError", /sizes at dimension 1 differ/],
    [() => x.indexAdd(0, i32([0]), ones([2])), "ShapeError", /expected a source with 2 dimensions/],
    [
      () => x.indexAdd(0, i32([3]), ones([1, 2])),
      "RangeError",
      /index 3 at position \[0\] .* dimension 0 of size 3/,
    ],
    [() => x.indexAdd(0, i32([-1]), ones([1, 2])), "RangeError", /index -1/],
    [() => x.indexAdd(2, i32([0]), ones([1, 2])), "RangeError", /dimension 2 in indexAdd/],
    [
      () => x.indexAdd(0, i32([0]), ones([1, 2]), { alpha: NaN }),
      "RangeError",
      /alpha must be a finite number/,
    ],
    [
      () => i32([1]).indexAdd(0, i32([0]), i32([1]), { alpha: 0.5 }),
      "RangeError",
      /alpha 0.5 is not an integer/,
    ],
    [
      () => x.indexAdd(0, i32([0]), ones([1, 2], { dtype: "int32" })),
      "DTypeError",
      /int32 source into a float32 tensor in indexAdd/,
    ],
    [() => tensor(1).indexAdd(0, i32([0]), ones([1, 1])), "ShapeError", /at most 1 dimension/],
    [
      () => x.indexAdd(0, i32([0]), ones([1, 2]), { aplha: 2 } as never),
      "TypeError",
      /indexAdd\(\): unknown option "aplha"/,
    ],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});

Deno.test("embedding() looks rows up; the padding row gets no gradient", () => {
  const w = f64([[0, 1], [2, 3], [4, 5]]);
  const idx = i32([[2, 1, 1], [0, 0, 2]]);
  // torch: F.embedding(idx, w, padding_idx=1)
  const y = embedding(idx, w, { paddingIdx: 1 });
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual(y.toArray(), [[[4, 5], [2, 3], [2, 3]], [[0, 1], [0, 1], [4, 5]]]);
  y.mul(arange(12, undefined, 1, { dtype: "float64" }).reshape([2, 3, 2])).sum().backward();
  assert.deepEqual(w.grad!.toArray(), [[14, 16], [0, 0], [10, 12]]);
  w.grad = null;
  embedding(idx, w, { paddingIdx: -3 }).sum().backward(); // row 0
  assert.deepEqual(w.grad!.toArray(), [[0, 0], [2, 2], [2, 2]]);
  assert.deepEqual(embedding(i32(2), w).toArray(), [4, 5]);
  assert.equal(embedding(idx, w.detach(), { paddingIdx: 1 }).requiresGrad, false);
  checkSecondDerivatives(
    (t) => embedding(idx, t, { paddingIdx: 2 }),
    f64([[1, 2], [3, 4], [5, 6]]),
  );
});

Deno.test("embedding() with maxNorm rescales the looked-up rows in place, as PyTorch", () => {
  // torch: w = [[3, 4], [0.3, 0.4], [6, 8]]; F.embedding([0, 0, 1], w, max_norm=2) rescales row 0
  const w = tensor([[3, 4], [0.3, 0.4], [6, 8]], { dtype: "float64", requiresGrad: true });
  const y = embedding(i32([0, 0, 1]), w, { maxNorm: 2 });
  const s = 2 / (5 + 1e-7);
  assert.deepEqual(w.toArray(), [[3 * s, 4 * s], [0.3, 0.4], [6, 8]]); // row 2 not looked up
  assert.deepEqual(y.toArray(), [[3 * s, 4 * s], [3 * s, 4 * s], [0.3, 0.4]]);
  const v = tensor([[3, -4]], { dtype: "float64" });
  embedding(i32([0]), v, { maxNorm: 1, normType: Infinity });
  assert.deepEqual(v.toArray(), [[3 / (4 + 1e-7), -4 / (4 + 1e-7)]]);
});

Deno.test("embedding() rejects bad tables, indices and options, naming embedding()", () => {
  const w = zeros([3, 2]);
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => embedding(i32([3]), w),
      "RangeError",
      "Cannot look up embeddings in embedding(): index 3 at position [0] is out of range for a table of 3 embeddings, expected a value in [0, 2]",
    ],
    [() => embedding(i32([-1]), w), "RangeError", /index -1/],
    [() => embedding(tensor([1]), w), "DTypeError", /embedding\(\): the index has dtype float32/],
    [
      () => embedding(i32([0]), zeros([3])),
      "ShapeError",
      /the weight has shape \[3\], expected \[numEmbeddings, embeddingDim\]/,
    ],
    [
      () => embedding(i32([0]), w, { paddingIdx: 3 }),
      "RangeError",
      /paddingIdx 3 is out of range .* \[-3, 2\]/,
    ],
    [
      () => embedding(i32([0]), w, { maxNorm: -1 }),
      "RangeError",
      /maxNorm must be a non-negative number/,
    ],
    [
      () => embedding(i32([0]), w, { maxNorm: 1, normType: 0 }),
      "RangeError",
      /normType must be a positive number/,
    ],
    [
      () => embedding(i32([0]), zeros([3, 2], { dtype: "int32" }), { maxNorm: 1 }),
      "DTypeError",
      /maxNorm needs a float32 or float64 weight/,
    ],
    [
      () => embedding(i32([0]), w, { padding_idx: 0 } as never),
      "TypeError",
      /embedding\(\): unknown option "padding_idx"/,
    ],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
