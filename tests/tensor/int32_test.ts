import assert from "node:assert/strict";
import { arange, full, linspace, tensor, zeros } from "../../tensor/mod.ts";

const MAX = 2 ** 31 - 1;
const MIN = -(2 ** 31);
const int = (data: number[]) => tensor(data, { dtype: "int32" });
const OUT_OF_RANGE = /does not fit in int32 \(integers in \[-2147483648, 2147483647\]\)/;

Deno.test("tensor() refuses int32 values out of range or not finite, as PyTorch", () => {
  assert.throws(() => int([3e9, NaN]), {
    name: "RangeError",
    message: /^Cannot create a tensor in tensor\(\): element 0 is 3000000000, which does not fit/,
  });
  assert.throws(() => int([1, NaN]), { name: "RangeError", message: /element 1 is NaN/ });
  assert.throws(() => int([Infinity]), { name: "RangeError", message: OUT_OF_RANGE });
  assert.throws(() => int([MAX + 1]), RangeError);
  assert.throws(() => int([MIN - 1]), RangeError);
  assert.throws(() => tensor(new Float64Array([2 ** 40]), { dtype: "int32" }), RangeError);
  assert.throws(() => tensor(new Uint32Array([2 ** 32 - 1]), { dtype: "int32" }), RangeError);
  // The edges fit, and fractions truncate toward zero, as in PyTorch.
  assert.deepEqual(int([MAX, MIN, 1.9, -1.9, MAX + 0.5]).toArray(), [MAX, MIN, 1, -1, MAX]);
  assert.throws(() => full([2], 3e9, { dtype: "int32" }), {
    name: "RangeError",
    message: /^Cannot fill in full\(\): the value is 3000000000/,
  });
  assert.throws(() => arange(MAX - 1, MAX + 2, 1, { dtype: "int32" }), {
    name: "RangeError",
    message: /arange\(\): element 2 is 2147483648/,
  });
  assert.throws(() => linspace(0, 1e10, 3, { dtype: "int32" }), RangeError);
});

Deno.test("int32 sum() accumulates exactly and refuses a result int32 cannot hold", () => {
  assert.throws(() => int([MAX, 1]).sum(), {
    name: "RangeError",
    message: /^Cannot sum in sum\(\): the result is 2147483648, which does not fit in int32/,
  });
  assert.equal(int([MAX, 1, -2]).sum().item(), MAX - 1); // exact even when a partial sum is not
  assert.throws(() => int([MIN, -1]).sum(), RangeError);
  // Per output element: column 0 overflows, whatever the other column does.
  assert.throws(() => int([MAX, 1, 3, 4]).reshape([2, 2]).sum(0), RangeError);
  assert.deepEqual(int([MAX, 1, -3, 4]).reshape([2, 2]).sum(0).toArray(), [MAX - 3, 5]);
  assert.equal(tensor([true, true]).sum().item(), 2);
});

Deno.test("int32 add, sub, mul, neg and abs refuse to wrap around (PyTorch wraps)", () => {
  assert.throws(() => int([MAX]).add(1), {
    name: "RangeError",
    message: /^Cannot add in add\(\): the result is 2147483648, which does not fit in int32/,
  });
  assert.throws(() => int([MAX]).mul(int([2])), {
    name: "RangeError",
    message: /^Cannot multiply in mul\(\): the result is 4294967294/,
  });
  assert.throws(() => int([MIN]).sub(1), { name: "RangeError", message: OUT_OF_RANGE });
  assert.throws(() => int([MIN]).neg(), { name: "RangeError", message: /negate/ });
  assert.throws(() => int([MIN]).abs(), RangeError);
  assert.throws(() => int([1]).add(3e9), {
    name: "RangeError",
    message: /^Cannot use a number in add\(\): the number is 3000000000/,
  });
  assert.throws(() => int([2]).pow(31), RangeError);
  // In range, exact.
  assert.deepEqual(int([MAX - 1, MIN + 1]).add(int([1, -1])).toArray(), [MAX, MIN]);
  assert.deepEqual(int([46340]).mul(46340).toArray(), [2147395600]);
  assert.deepEqual(int([2]).pow(30).toArray(), [2 ** 30]);
});

Deno.test("int32 pow() refuses negative exponents, as PyTorch", () => {
  const message =
    /^Cannot raise to a power in pow\(\): integers to negative integer powers are not allowed/;
  assert.throws(() => int([2, 3]).pow(-1), { name: "RangeError", message });
  assert.throws(() => int([2, 3]).pow(int([1, -2])), { name: "RangeError", message });
  assert.deepEqual(int([2, 3]).pow(int([0, 2])).toArray(), [1, 9]);
  // A float exponent gives a float result, as PyTorch.
  assert.deepEqual(int([2, 4]).pow(-1.0 + 0.5).toArray(), [2 ** -0.5, 0.5].map(Math.fround));
  assert.deepEqual(int([2]).pow(tensor([-1])).toArray(), [0.5]);
});

Deno.test('to("int32") truncates, and refuses NaN, infinities and values out of range', () => {
  assert.deepEqual(tensor([1.7, -1.7, 2147483647.5], { dtype: "float64" }).to("int32").toArray(), [
    1,
    -1,
    MAX,
  ]);
  assert.throws(() => tensor([1, NaN]).to("int32"), {
    name: "RangeError",
    message: /^Cannot convert to int32 in to\(\): element 1 is NaN/,
  });
  assert.throws(() => tensor([3e9]).to("int32"), RangeError);
  assert.throws(() => tensor([-Infinity]).T.to("int32"), RangeError);
});

Deno.test("int32 in-place updates, fill_, pad and scatterAdd refuse to wrap around", () => {
  const x = int([MAX, 0]);
  assert.throws(() => x.add_(1), {
    name: "RangeError",
    message: /^Cannot update in place in add_\(\): the result is 2147483648/,
  });
  assert.deepEqual(x.toArray(), [MAX, 0], "a refused update leaves the tensor unchanged");
  assert.throws(() => x.mul_(2), RangeError);
  assert.throws(() => x.sub_(int([-1, 0])), RangeError);
  assert.throws(() => x.copy_(tensor([NaN, 0])), { name: "RangeError", message: /copy_\(\)/ });
  assert.throws(() => x.fill_(2 ** 31), { name: "RangeError", message: /fill_\(\)/ });
  assert.throws(() => x.add_(1, { alpha: 0.5 }), {
    name: "TypeError",
    message: "Cannot update an int32 tensor in place in add_(): alpha must be an integer, got 0.5",
  });
  assert.throws(() => x.addcmul_(int([1, 1]), int([1, 1]), { value: 0.5 }), TypeError);
  assert.throws(() => x.addcmul_(int([1, 1]), int([1, 1])), RangeError);
  assert.deepEqual(x.T.sub_(int([1, -5]), { alpha: 2 }).toArray(), [MAX - 2, 10]);
  assert.deepEqual(x.copy_(tensor([-2.5, 3.5])).toArray(), [-2, 3]);
  assert.throws(() => int([1]).pad([1, 1], { value: 3e9 }), {
    name: "RangeError",
    message: /^Cannot pad in pad\(\): the value is 3000000000/,
  });
  const index = tensor([0, 0], { dtype: "int32" });
  assert.throws(() => zeros([1], { dtype: "int32" }).scatterAdd(0, index, int([MAX, 1])), {
    name: "RangeError",
    message: /^Cannot scatter in scatterAdd\(\): the result is 2147483648/,
  });
  assert.deepEqual(zeros([1], { dtype: "int32" }).scatterAdd(0, index, int([MAX, -1])).toArray(), [
    MAX - 1,
  ]);
});

Deno.test("int32 indexAdd() and maskedFill() use the same rule, naming themselves", () => {
  assert.throws(() => int([1]).indexAdd(0, int([0]), int([MAX])), {
    name: "RangeError",
    message: /^Cannot scatter in indexAdd\(\): the result is 2147483648, which does not fit/,
  });
  assert.throws(() => int([1]).maskedFill(tensor([true]), 3e9), {
    name: "RangeError",
    message: /^Cannot fill in maskedFill\(\): the value is 3000000000, which does not fit in int32/,
  });
});
