import assert from "node:assert/strict";
import { assertClose, gradcheck, ones, tensor } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[], requiresGrad = false) =>
  tensor(data, { dtype: "float64", requiresGrad });

Deno.test("gradcheck() passes for every math function", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "math")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("sin() and cos() compute hand-checked values and gradients", () => {
  const x = f64([0, Math.PI / 6, Math.PI / 2, -Math.PI], true);
  assertClose(x.sin(), [0, 0.5, 1, 0], { atol: 1e-15, rtol: 1e-15 });
  assertClose(x.cos(), [1, Math.sqrt(3) / 2, 0, -1], { atol: 1e-15, rtol: 1e-15 });
  x.sin().add(x.cos()).sum().backward(); // d(sin + cos) = cos - sin
  assertClose(x.grad!, [1, Math.sqrt(3) / 2 - 0.5, -1, -1], { atol: 1e-15, rtol: 1e-15 });
  assert.equal(tensor([1, 2], { dtype: "int32" }).sin().dtype, "float32");
});

Deno.test("log2() and log10() are exact at powers of their base and match the composed form", () => {
  const powers2 = [2 ** -10, 0.5, 1, 2, 8, 1024, 2 ** 40];
  assert.deepEqual(f64(powers2).log2().toArray(), [-10, -1, 0, 1, 3, 10, 40]);
  assert.deepEqual(tensor(powers2).log2().toArray(), [-10, -1, 0, 1, 3, 10, 40]);
  const powers10 = [1e-3, 0.1, 1, 10, 1000, 1e15];
  assert.deepEqual(f64(powers10).log10().toArray(), [-3, -1, 0, 1, 3, 15]);
  // log(1000) / ln 10 is 2.9999999999999996: why log10 has its own kernel.
  assert.notEqual(Math.log(1000) / Math.LN10, 3);
  const x = f64([0.3, 1.7, 123.456, 1e-5], true);
  const y = f64([0.3, 1.7, 123.456, 1e-5], true);
  assertClose(x.log2(), y.log().div(Math.LN2), { rtol: 1e-15, atol: 0 });
  assertClose(x.log10(), y.log().div(Math.LN10), { rtol: 1e-15, atol: 0 });
  x.log2().add(x.log10()).sum().backward();
  y.log().div(Math.LN2).add(y.log().div(Math.LN10)).sum().backward();
  assertClose(x.grad!, y.grad!, { rtol: 1e-15, atol: 0 });
  assert.deepEqual(f64([0, -1]).log2().toArray(), [-Infinity, NaN]);
});

Deno.test("log1p() and expm1() keep the digits of tiny arguments and match the composed form", () => {
  const tiny = f64([1e-20, -3e-17, 1e-10]);
  assertClose(tiny.log1p(), [1e-20, -3e-17, 1e-10 - 5e-21], { rtol: 1e-15, atol: 0 });
  assertClose(tiny.expm1(), [1e-20, -3e-17, 1e-10 + 5e-21], { rtol: 1e-15, atol: 0 });
  // The naive forms lose everything (1 + 1e-20 is 1) or 8 digits.
  const naive = tiny.add(1).log().toArray() as number[];
  assert.deepEqual(naive.slice(0, 2), [0, 0]);
  assert.ok(Math.abs(naive[2] / 1e-10 - 1) > 1e-8);
  // Away from 0 the primitives agree with log(1 + x) and exp(x) - 1, values and gradients.
  const x = f64([-0.75, 0.5, 3], true);
  const y = f64([-0.75, 0.5, 3], true);
  assertClose(x.log1p(), y.add(1).log(), { rtol: 1e-15, atol: 0 });
  assertClose(x.expm1(), y.exp().sub(1), { rtol: 1e-15, atol: 0 });
  x.log1p().add(x.expm1()).sum().backward();
  y.add(1).log().add(y.exp().sub(1)).sum().backward();
  assertClose(x.grad!, y.grad!, { rtol: 1e-15, atol: 0 });
  assert.deepEqual(f64([-1, -2]).log1p().toArray(), [-Infinity, NaN]);
  assert.deepEqual(f64([-Infinity, Infinity]).expm1().toArray(), [-1, Infinity]);
});

Deno.test("rsqrt() and reciprocal() give infinities at 0 and float32 for integers", () => {
  assert.deepEqual(tensor([4, 0, -1]).rsqrt().toArray(), [0.5, Infinity, NaN]);
  assert.deepEqual(tensor([-2, 0]).reciprocal().toArray(), [-0.5, Infinity]);
  const i = tensor([2, 4], { dtype: "int32" });
  assert.equal(i.reciprocal().dtype, "float32");
  assert.equal(i.rsqrt().dtype, "float32");
  assert.equal(f64([4]).rsqrt().dtype, "float64");
  assert.equal(f64(4 as unknown as number[]).reciprocal().ndim, 0);
  const x = f64([0.5, 4], true);
  x.rsqrt().sum().backward(); // d(x^-1/2) = -x^-3/2 / 2
  assertClose(x.grad!, [-0.5 * 0.5 ** -1.5, -0.5 * 4 ** -1.5], { rtol: 1e-15, atol: 0 });
});

Deno.test("round() sends halves to the even neighbour, as PyTorch", () => {
  // torch.round([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, 1e300]) in float64
  const x = f64([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, 1e300]);
  assert.deepEqual(x.round().toArray(), [0, 2, 2, -0, -2, -2, 2, 3, 1e300]);
  assert.deepEqual(tensor([0.5, 1.5, 2.5, -3.5]).round().toArray(), [0, 2, 2, -4]);
  // 2^52 - 0.5 is a tie between 2^52 - 1 (odd) and 2^52 (even).
  assert.deepEqual(f64([2 ** 52 - 0.5]).round().toArray(), [2 ** 52]);
  assert.deepEqual(f64([NaN, Infinity, -Infinity]).round().toArray(), [NaN, Infinity, -Infinity]);
});

Deno.test("floor(), ceil() and trunc() round down, up and toward zero", () => {
  const x = f64([-1.5, -0.5, 0.5, 1.5, 2]);
  assert.deepEqual(x.floor().toArray(), [-2, -1, 0, 1, 2]);
  assert.deepEqual(x.ceil().toArray(), [-1, -0, 1, 2, 2]);
  assert.deepEqual(x.trunc().toArray(), [-1, -0, 0, 1, 2]);
});

Deno.test("sign() follows PyTorch: NaN gives 0, -0 gives 0", () => {
  // torch.sign(torch.tensor([nan, -0.0, 0.0, -3.0, 2.0])) -> [0, 0, 0, -1, 1]
  assert.deepEqual(f64([NaN, -0, 0, -3, 2]).sign().toArray(), [0, 0, 0, -1, 1]);
  assert.deepEqual(tensor([-5, 0, 7], { dtype: "int32" }).sign().toArray(), [-1, 0, 1]);
  assert.deepEqual(tensor([true, false]).sign().toArray(), [true, false]);
});

Deno.test("rounding functions keep the dtype and have a zero gradient, as PyTorch", () => {
  for (const name of ["sign", "floor", "ceil", "round", "trunc"] as const) {
    const i = tensor([-2, 3], { dtype: "int32" });
    assert.equal(i[name]().dtype, "int32", name);
    assert.deepEqual(i[name]().toArray(), name === "sign" ? [-1, 1] : [-2, 3], name);
    const x = tensor([-1.5, 0.25, 2], { requiresGrad: true });
    const y = x[name]();
    assert.equal(y.dtype, "float32");
    assert.equal(y.gradFn?.name, `${name[0].toUpperCase()}${name.slice(1)}Backward`);
    // Even an infinite upstream gradient gives 0 (PyTorch's zeros_like, not 0 · g).
    y.backward(tensor([Infinity, NaN, 1]));
    assert.deepEqual(x.grad!.toArray(), [0, 0, 0], name);
  }
});

Deno.test("math functions work on non-contiguous and 0-d inputs", () => {
  const x = f64([0.25, 0.5, 0.75, 1, 1.25, 1.5]).reshape([2, 3]).T;
  assert.equal(x.isContiguous(), false);
  assert.deepEqual(x.log2().toArray(), x.contiguous().log2().toArray());
  assert.deepEqual(x.mul(2).round().toArray(), [[0, 2], [1, 2], [2, 3]]);
  assert.equal(ones([]).mul(0.5).expm1().ndim, 0);
});
