import assert from "node:assert/strict";
import { grad, gradcheck, gradgradcheck, tensor, zeros } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][]) => tensor(data, { dtype: "float64", requiresGrad: true });
const i32 = (data: number[] | number[][]) => tensor(data, { dtype: "int32" });

Deno.test("gradcheck() and gradgradcheck() pass for the scans, zeros included", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "scan")) {
    await t.step(c.name, () => {
      assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps }));
      assert.ok(gradgradcheck(c.fn, c.inputs(), { eps: c.eps }));
    });
  }
});

Deno.test("cumsum() and cumprod() scan along a dimension, strided views included", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.cumsum(1).toArray(), [[1, 3, 6], [4, 9, 15]]);
  assert.deepEqual(x.cumsum(0).toArray(), [[1, 2, 3], [5, 7, 9]]);
  assert.deepEqual(x.T.cumsum(-1).toArray(), [[1, 5], [2, 7], [3, 9]]);
  assert.deepEqual(x.cumprod(1).toArray(), [[1, 2, 6], [4, 20, 120]]);
  assert.deepEqual(tensor(3).cumsum(0).toArray(), 3); // 0-d: dimension 0 or -1
  assert.deepEqual(zeros([2, 0]).cumsum(1).shape, [2, 0]);
  const b = tensor([true, false, true]).cumsum(0);
  assert.deepEqual([b.dtype, b.toArray()], ["int32", [1, 1, 2]]); // torch: int64
  assert.deepEqual(i32([2, -3, 4]).cumprod(0).toArray(), [2, -6, -24]);
  // float32 sums accumulate in float64, rounded once per element (as PyTorch's CPU kernel)
  const small = tensor([1, 1e-8, 1e-8, 1e-8]).cumsum(0).toArray() as number[];
  assert.equal(small[3], Math.fround(1 + 3e-8));
});

Deno.test("cumprod() and prod() give each zero the product of the others as its gradient", () => {
  // torch: x.prod(1) for [[2, 0, 3], [0, 0, 5], [1, 2, 4]] -> grad [[0, 6, 0], [0, 0, 0], [8, 4, 2]]
  const x = f64([[2, 0, 3], [0, 0, 5], [1, 2, 4]]);
  const p = x.prod(1);
  assert.deepEqual(p.toArray(), [0, 0, 8]);
  p.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[0, 6, 0], [0, 0, 0], [8, 4, 2]]);
  // torch: y.cumprod(0) for [2, 0, 3, 4] weighted by ones -> grad [1, 2 + 6 + 24, 0, 0]
  const y = f64([2, 0, 3, 4]);
  y.cumprod(0).sum().backward();
  assert.deepEqual(y.grad!.toArray(), [1, 32, 0, 0]);
  // Second derivatives at a zero: d²(x0·x1·x2)/dx1dx2 = x0 although x1 = 0.
  const z = f64([2, 0, 3]);
  const [g] = grad(z.prod(), z, { createGraph: true });
  assert.deepEqual(g.toArray(), [0, 6, 0]);
  assert.deepEqual(grad(g.sum(), z)[0].toArray(), [3, 5, 2]); // [x1 + x2, x0 + x2, x0 + x1]
});

Deno.test("prod() reduces all elements or one dimension, with keepdim", () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.equal(x.prod().item(), 24);
  assert.deepEqual(x.prod(0).toArray(), [3, 8]);
  assert.deepEqual(x.prod(-1, { keepdim: true }).toArray(), [[2], [12]]);
  assert.deepEqual(x.prod(undefined, { keepdim: true }).shape, [1, 1]);
  assert.equal(tensor(5).prod(0).item(), 5);
  assert.deepEqual(zeros([2, 0]).prod(1).toArray(), [1, 1]); // the empty product
  const e = zeros([2, 0], { requiresGrad: true });
  e.prod(1).sum().backward();
  assert.deepEqual(e.grad!.shape, [2, 0]);
  assert.deepEqual(zeros([0], { dtype: "int32" }).prod().toArray(), 1);
  assert.deepEqual(i32([[2, 3], [-4, 5]]).prod(1).toArray(), [6, -20]);
  assert.equal(tensor([true, true]).prod().dtype, "int32"); // torch: int64
  // A product that passes int32 on the way but ends at 0 is fine, as the exact result is.
  assert.equal(i32([2 ** 20, 2 ** 20, 0]).prod().item(), 0);
});

Deno.test("cumsum(), cumprod() and prod() refuse to wrap int32 around, naming the op", () => {
  const max = 2 ** 31 - 1;
  assert.throws(() => i32([max, 1]).cumsum(0), {
    name: "RangeError",
    message: "Cannot sum in cumsum(): the int32 result 2147483648 overflows " +
      "[-2147483648, 2147483647]",
  });
  assert.throws(() => i32([-max, -2]).cumsum(0), { name: "RangeError", message: /-2147483649/ });
  assert.throws(() => i32([65536, 65536]).cumprod(0), {
    name: "RangeError",
    message: "Cannot multiply in cumprod(): the int32 result 4294967296 overflows " +
      "[-2147483648, 2147483647]",
  });
  assert.throws(() => i32([[65536], [65536]]).prod(), {
    name: "RangeError",
    message: "Cannot multiply in prod(): the int32 result 4294967296 overflows " +
      "[-2147483648, 2147483647]",
  });
  assert.deepEqual(i32([max, 0]).cumsum(0).toArray(), [max, max]); // the edge itself is fine
});

Deno.test("cumsum(), cumprod() and prod() reject bad dimensions and options", () => {
  const x = zeros([2, 3]);
  const cases: [() => unknown, string, RegExp][] = [
    [() => x.cumsum(2), "RangeError", /dimension 2 in cumsum\(\)/],
    [() => x.cumprod(-3), "RangeError", /dimension -3 in cumprod\(\)/],
    [() => x.cumsum(undefined as never), "TypeError", /cumsum\(\): dim must be a number/],
    [() => x.prod(2), "RangeError", /dimension 2 in prod\(\)/],
    [() => x.prod([0, 1] as never), "TypeError", /prod\(\): dim must be one dimension/],
    [() => x.prod(0, { keepDim: true } as never), "TypeError", /prod\(\): unknown option/],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
