import assert from "node:assert/strict";
import { gradcheck, ones, tensor, zeros } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][]) => tensor(data, { dtype: "float64", requiresGrad: true });

Deno.test("gradcheck() passes for maskedFill and tril", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "mask")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("maskedFill() fills where the mask holds, broadcasting, keeping the dtype", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const mask = tensor([true, false, true]);
  assert.deepEqual(x.maskedFill(mask, 0).toArray(), [[0, 2, 0], [0, 5, 0]]);
  assert.deepEqual(tensor([1, 2]).maskedFill(tensor([[true], [false]]), 9).toArray(), [
    [9, 9],
    [1, 2],
  ]); // the mask broadcasts the input, as torch's out-of-place masked_fill
  const i = tensor([1, 2, 3], { dtype: "int32" }).maskedFill(mask, 7.9);
  assert.deepEqual([i.dtype, i.toArray()], ["int32", [7, 2, 7]]); // torch truncates too
  assert.deepEqual(x.maskedFill(mask, tensor(-1, { dtype: "float64" })).dtype, "float32");
  assert.equal(tensor(2).maskedFill(tensor(true), -Infinity).item(), -Infinity);
});

Deno.test("maskedFill() gives 0 gradient at filled positions, and the rest to a tensor value", () => {
  // torch: x.masked_fill(m, v) with v requiring grad: v.grad = number of filled elements
  const x = f64([[1, 2], [3, 4]]);
  const v = tensor(5, { dtype: "float64", requiresGrad: true });
  x.maskedFill(tensor([[true, false], [false, true]]), v).mul(tensor([[1, 2], [3, 4]], {
    dtype: "float64",
  })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[0, 2], [3, 0]]);
  assert.equal(v.grad!.item(), 5);
});

Deno.test("maskedFill() rejects non-bool masks, non-scalar values and wrapping int32 values", () => {
  const x = zeros([2, 3]);
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => x.maskedFill(tensor([1, 0, 1], { dtype: "int32" }), 0),
      "DTypeError",
      /maskedFill\(\): the mask must be a bool tensor, got an int32 tensor/,
    ],
    [
      () => x.maskedFill(tensor([true, false]), 0),
      "ShapeError",
      /Cannot broadcast \[2, 3\] and \[2\] in maskedFill\(\)/,
    ],
    [
      () => x.maskedFill(tensor([true]), tensor([1, 2])),
      "ShapeError",
      /value of shape \[2\] in maskedFill\(\): expected a number or a 0-d tensor/,
    ],
    [
      () => zeros([2], { dtype: "int32" }).maskedFill(tensor([true]), -Infinity),
      "RangeError",
      "Cannot fill an int32 tensor with -Infinity in maskedFill(): int32 holds [-2147483648, 2147483647] and no NaN or Infinity; convert the tensor with to() first",
    ],
    [
      () => x.maskedFill(tensor([true]), "1" as never),
      "TypeError",
      /maskedFill\(\): the value must be a number/,
    ],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});

Deno.test("tril() and triu() keep a triangle of each matrix of a batch", () => {
  const x = ones([2, 3, 4]);
  assert.deepEqual(x.tril().toArray(), [
    [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]],
    [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]],
  ]);
  assert.deepEqual(ones([3, 3]).triu(-1).toArray(), [[1, 1, 1], [1, 1, 1], [0, 1, 1]]);
  assert.deepEqual(ones([2, 2]).triu(2).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(ones([2, 2]).tril(-5).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(tensor([[true, true], [true, true]]).tril().toArray(), [
    [true, false],
    [true, true],
  ]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).T.triu().toArray(), [[1, 3], [0, 4]]); // strided
  const g = f64([[1, 2], [3, 4]]);
  g.tril().sum().backward();
  assert.deepEqual(g.grad!.toArray(), [[1, 0], [1, 1]]);
  assert.throws(() => ones([3]).tril(), {
    name: "ShapeError",
    message: "Cannot take a triangle of a tensor of shape [3] in tril(): expected a matrix or " +
      "a batch of matrices (at least 2 dimensions)",
  });
  assert.throws(() => ones([2, 2]).triu(0.5), {
    name: "RangeError",
    message: /triu\(\): diagonal must be an integer/,
  });
});
