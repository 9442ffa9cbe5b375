import assert from "node:assert/strict";
import { grad, gradcheck, tensor, zeros } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][]) => tensor(data, { dtype: "float64", requiresGrad: true });

Deno.test("gradcheck() passes for sort, topk and max along a dimension", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "sort")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("sort() orders each line, keeps ties in order and puts NaN last (first descending)", () => {
  const x = tensor([[3, NaN, 1, 3, -1], [0, 0, -0, 2, 0]]);
  // torch: torch.sort(x, 1, stable=True)
  const up = x.sort(1);
  assert.deepEqual(up.values.toArray(), [[-1, 1, 3, 3, NaN], [0, 0, -0, 0, 2]]);
  assert.deepEqual(up.indices.toArray(), [[4, 2, 0, 3, 1], [0, 1, 2, 4, 3]]);
  const down = x.sort(1, { descending: true, stable: true });
  assert.deepEqual(down.values.toArray(), [[NaN, 3, 3, 1, -1], [2, 0, 0, -0, 0]]);
  assert.deepEqual(down.indices.toArray(), [[1, 0, 3, 2, 4], [3, 0, 1, 2, 4]]);
  assert.equal(up.indices.dtype, "int32");
  // Along dimension 0 of a transposed (strided) view, and 0-d and empty tensors.
  assert.deepEqual(x.T.sort(0).indices.toArray(), up.indices.T.toArray());
  assert.deepEqual(tensor(5).sort().indices.toArray(), 0);
  assert.deepEqual(zeros([0, 3]).sort(0).values.shape, [0, 3]);
  assert.deepEqual(tensor([[2, 1]], { dtype: "int32" }).sort().values.toArray(), [[1, 2]]);
  assert.deepEqual(tensor([0.3, 0.1, 0.2]).argsort(0, { descending: true }).toArray(), [0, 2, 1]);
});

Deno.test("sort() and topk() send each value's gradient to the element it came from", () => {
  const x = f64([[3, 1, 2], [0, 5, 4]]);
  const { values } = x.sort(1, { descending: true });
  values.mul(tensor([[1, 10, 100], [1, 10, 100]], { dtype: "float64" })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 100, 10], [100, 1, 10]]);
  x.grad = null;
  x.topk(2, 0, { largest: false }).values.sum().backward(); // both rows: all picked
  assert.deepEqual(x.grad!.toArray(), [[1, 1, 1], [1, 1, 1]]);
  // Second derivatives: values are a gather, so d²(sorted²)/dx² = 2 at each element.
  const y = f64([2, -1, 3]);
  const [g] = grad(y.sort().values.square().sum(), y, { createGraph: true });
  assert.deepEqual(g.toArray(), [4, -2, 6]);
  assert.deepEqual(grad(g.sum(), y)[0].toArray(), [2, 2, 2]);
});

Deno.test("topk() picks the k largest or smallest, lower index first among ties", () => {
  const x = tensor([[1, 4, 4, 3], [NaN, 0, 2, 0]]);
  const top = x.topk(2);
  assert.deepEqual(top.values.toArray(), [[4, 4], [NaN, 2]]); // torch: NaN is the largest
  assert.deepEqual(top.indices.toArray(), [[1, 2], [0, 2]]);
  const low = x.topk(3, -1, { largest: false });
  assert.deepEqual(low.values.toArray(), [[1, 3, 4], [0, 0, 2]]);
  assert.deepEqual(low.indices.toArray(), [[0, 3, 1], [1, 3, 2]]);
  assert.deepEqual(x.topk(1, 0).indices.toArray(), [[1, 0, 0, 0]]); // NaN wins column 0
  assert.deepEqual(x.topk(0).values.shape, [2, 0]);
  assert.deepEqual(x.topk(2, -1, { sorted: false }).indices.toArray(), top.indices.toArray());
  assert.equal(tensor(7).topk(1).values.item(), 7);
  assert.deepEqual(tensor(7).topk(0).indices.toArray(), 0); // torch: a 0-d tensor gives itself
});

Deno.test("max(dim) and min(dim) return values and the first index, as PyTorch", () => {
  // torch: x.max(1) -> values [5, 3, nan], indices [1, 0, 1]
  const x = f64([[1, 5, 5, 2], [3, 3, 0, 3], [1, NaN, 2, NaN]]);
  const m = x.max(1);
  assert.deepEqual(m.values.toArray(), [5, 3, NaN]);
  assert.deepEqual(m.indices.toArray(), [1, 0, 1]);
  m.values.narrow(0, 0, 2).sum().backward(); // all of it to the returned index
  assert.deepEqual(x.grad!.toArray(), [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]]);
  const n = x.detach().min(0, { keepdim: true });
  assert.deepEqual(n.values.toArray(), [[1, NaN, 0, NaN]]);
  assert.deepEqual(n.indices.toArray(), [[0, 2, 1, 2]]);
  assert.deepEqual(tensor(4).max(0).values.toArray(), 4); // 0-d: dimension 0, 0-d results
  assert.deepEqual(tensor(4).max(-1).indices.toArray(), 0);
  assert.deepEqual(tensor([[true, false]]).max(1).values.toArray(), [true]);
  assert.deepEqual(tensor([[2, 9]], { dtype: "int32" }).min(-1).indices.toArray(), [0]);
  assert.deepEqual(zeros([0, 3]).max(1).values.shape, [0]);
  // Without a dimension: a 0-d tensor, tied maxima sharing the gradient (torch's max()).
  const t = f64([1, 3, 3]);
  t.max().backward();
  assert.deepEqual(t.grad!.toArray(), [0, 0.5, 0.5]);
});

Deno.test("sort(), topk() and max(dim) reject bad arguments, naming the op", () => {
  const x = zeros([2, 3]);
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => x.topk(4),
      "RangeError",
      "Cannot take the top 4 in topk(): expected an integer in [0, 3] for dimension 1 of shape [2, 3]",
    ],
    [() => x.topk(-1), "RangeError", /top -1 in topk/],
    [() => x.topk(1, 2), "RangeError", /dimension 2 in topk\(\)/],
    [() => x.sort(2), "RangeError", /dimension 2 in sort\(\)/],
    [() => x.argsort(-3), "RangeError", /dimension -3 in argsort\(\)/],
    [() => tensor([true]).sort(), "DTypeError", /Cannot order a bool tensor in sort\(\)/],
    [() => tensor([true]).topk(1), "DTypeError", /topk\(\)/],
    [
      () => x.sort(0, { descending: 1 as never }),
      "TypeError",
      /sort\(\): descending must be a boolean/,
    ],
    [
      () => x.topk(1, 0, { largest: "no" as never }),
      "TypeError",
      /topk\(\): largest must be a boolean/,
    ],
    [
      () => x.sort(0, { reverse: true } as never),
      "TypeError",
      /sort\(\): unknown option "reverse"/,
    ],
    [() => x.topk(1, 0, { k: 1 } as never), "TypeError", /topk\(\): unknown option "k"/],
    [
      () => x.max(2),
      "RangeError",
      "Cannot reduce over dimension 2 in max(): expected a dimension in [-2, 1] for a tensor of shape [2, 3]",
    ],
    [
      () => x.min([0, 1] as never),
      "TypeError",
      /in min\(\): expected one dimension .* use amin\(\)/,
    ],
    [() => zeros([2, 0]).max(1), "RangeError", /dimension 1 in max\(\): it has size 0/],
    [() => x.max(x as never), "TypeError", /max\(\): .* use maximum\(\)/],
    [() => x.max(0, { keepDim: true } as never), "TypeError", /max\(\): unknown option "keepDim"/],
    [() => x.amax(0, { keepDim: true } as never), "TypeError", /amax\(\): unknown option/],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
