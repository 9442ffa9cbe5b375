import assert from "node:assert/strict";
import {
  arange,
  grad,
  gradcheck,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { logSoftmaxComposed } from "../../tensor/ops/reduce.ts";
import { Random } from "../../random/mod.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

// Reference values marked "torch" were printed by PyTorch 1.13 (amax, amin, var, std,
// logsumexp, softmax, log_softmax, argmax, argmin and torch.autograd.functional.hessian).

const f64 = (data: number[] | number[][], requiresGrad = false) =>
  tensor(data, { dtype: "float64", requiresGrad });

Deno.test("gradcheck() passes for every reduction", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "reduce")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

// ---------------------------------------------------------------- sum, mean

Deno.test("sum() reduces all, one, negative and several dimensions", () => {
  const x = arange(24).reshape([2, 3, 4]);
  assert.equal(x.sum().item(), 276);
  assert.deepEqual(x.sum(0).shape, [3, 4]);
  assert.deepEqual(x.sum(-1).toArray(), [[6, 22, 38], [54, 70, 86]]);
  assert.deepEqual(x.sum([0, 2]).toArray(), [60, 92, 124]);
  assert.deepEqual(x.sum([2, 0]).toArray(), [60, 92, 124]);
  assert.deepEqual(x.sum(1, { keepdim: true }).shape, [2, 1, 4]);
  assert.deepEqual(x.sum(1, { keepdim: true }).toArray(), [[[12, 15, 18, 21]], [[48, 51, 54, 57]]]);
  assert.deepEqual(x.sum(undefined, { keepdim: true }).shape, [1, 1, 1]);
  assert.deepEqual(x.sum([]).shape, [2, 3, 4]);
});

Deno.test("sum() reads strided and broadcast inputs correctly", () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(m.T.sum(0).toArray(), [6, 15]); // innermost input dim reduced
  assert.deepEqual(m.T.sum(1).toArray(), [5, 7, 9]);
  assert.deepEqual(m.sum(0).toArray(), [5, 7, 9]); // innermost dim kept: rows accumulated
  assert.equal(tensor(2).expand([3, 4]).sum().item(), 24);
  const p = arange(24).reshape([2, 3, 4]).permute([2, 0, 1]); // [4, 2, 3]
  assert.deepEqual(p.sum([0, 2]).toArray(), [66, 210]);
  assert.deepEqual(p.sum(1).toArray(), [[12, 20, 28], [14, 22, 30], [16, 24, 32], [18, 26, 34]]);
});

Deno.test("sum() accumulates float32 columns in float64", () => {
  // 2^24 + 1 rounds back to 2^24 in float32: a float32 accumulator would stay at 2^24
  // (torch.sum(0) gives 16777216 here); the float64 one rounds the exact total once.
  const m = tensor([[2 ** 24, 2 ** 24], [1, 1], [1, 1], [1, 1], [1, 1]]);
  assert.deepEqual(m.sum(0).toArray(), [16777220, 16777220]);
  assert.deepEqual(m.T.sum(1).toArray(), [16777220, 16777220]);
  assert.equal(m.sum().item(), 33554440);
  const big = tensor([[2 ** 30, 1], [2 ** 30, 1], [1, 1]], { dtype: "int32" });
  assert.deepEqual(big.sum(0).toArray(), [-2147483647, 3]); // int32 wraps, as before
});

Deno.test("sum() gives int32 for bool and int32 inputs, 0 for empty inputs", () => {
  const b = tensor([[true, false], [true, true]]);
  assert.equal(b.sum().dtype, "int32");
  assert.equal(b.sum().item(), 3);
  assert.deepEqual(b.sum(0).toArray(), [2, 1]);
  assert.equal(tensor([1, 2], { dtype: "int32" }).sum().dtype, "int32");
  assert.equal(zeros([0, 3]).sum().item(), 0);
  assert.deepEqual(zeros([0, 3]).sum(0).toArray(), [0, 0, 0]);
  assert.deepEqual(tensor(5).sum(0).shape, []);
});

Deno.test("sum() expands its gradient back over the reduced dimensions", () => {
  const x = ones([2, 3], { requiresGrad: true });
  x.sum(1).mul(tensor([1, 2])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 1, 1], [2, 2, 2]]);
  const y = ones([2, 3], { requiresGrad: true });
  y.sum(0, { keepdim: true }).mul(tensor([[1, 2, 3]])).sum().backward();
  assert.deepEqual(y.grad!.toArray(), [[1, 2, 3], [1, 2, 3]]);
});

Deno.test("mean() averages over dimensions and scales its gradient", () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  assert.equal(x.mean().item(), 2.5);
  assert.deepEqual(x.mean(0).toArray(), [2, 3]);
  assert.deepEqual(x.mean([-1], { keepdim: true }).toArray(), [[1.5], [3.5]]);
  x.mean().backward();
  assert.deepEqual(x.grad!.toArray(), [[0.25, 0.25], [0.25, 0.25]]);
  assertAllClose(zeros([0]).mean(), [NaN]);
  assertAllClose(zeros([0, 3]).mean(0), [NaN, NaN, NaN]);
});

Deno.test("mean() rejects int32 and bool tensors with a DTypeError, as torch.mean", () => {
  for (const x of [tensor([1, 2], { dtype: "int32" }), tensor([true])]) {
    assert.throws(() => x.mean(), {
      name: "DTypeError",
      message: new RegExp(`Cannot average an? ${x.dtype} tensor in mean\\(\\): .*float\\(\\)`),
    });
  }
  assert.equal(tensor([1, 2], { dtype: "int32" }).float().mean().item(), 1.5);
});

// ---------------------------------------------------------------- max, min

Deno.test("amax() and amin() reduce all, one, negative and several dimensions", () => {
  const x = tensor([[[3, -1, 4, 1], [5, 9, -2, 6]], [[-5, 3, 5, 8], [9, 7, 9, -3]]]); // [2, 2, 4]
  assert.equal(x.max().item(), 9);
  assert.equal(x.min().item(), -5);
  assert.equal(x.amax().item(), 9);
  assert.equal(x.amin().item(), -5);
  assert.deepEqual(x.amax(0).toArray(), [[3, 3, 5, 8], [9, 9, 9, 6]]);
  assert.deepEqual(x.amin(-1).toArray(), [[-1, -2], [-5, -3]]);
  assert.deepEqual(x.amax([0, 2]).toArray(), [8, 9]);
  assert.deepEqual(x.amin([-1, 0]).toArray(), [-5, -3]);
  assert.deepEqual(x.amax(1, { keepdim: true }).toArray(), [[[5, 9, 4, 6]], [[9, 7, 9, 8]]]);
  assert.deepEqual(x.amin(undefined, { keepdim: true }).shape, [1, 1, 1]);
  assert.deepEqual(x.permute([2, 0, 1]).amax(0).toArray(), [[4, 9], [8, 9]]); // strided
  assert.equal(tensor(4).amax(0).item(), 4); // a 0-d tensor takes dim 0
  assert.deepEqual(zeros([0, 3]).amax(1).shape, [0]); // the reduced dimension is not empty
});

Deno.test("amax() and amin() keep the dtype of int32 and bool tensors", () => {
  const i = tensor([[2147483647, -2147483648], [0, 5]], { dtype: "int32" });
  assert.deepEqual(i.amax(1).toArray(), [2147483647, 5]);
  assert.deepEqual(i.amin(1).toArray(), [-2147483648, 0]);
  assert.equal(i.max().dtype, "int32");
  const b = tensor([[true, false], [false, false]]);
  assert.deepEqual(b.amax(1).toArray(), [true, false]); // torch: amax is "any"
  assert.deepEqual(b.amin(0).toArray(), [false, false]);
  assert.equal(b.min().dtype, "bool");
});

Deno.test("amax(), amin(), max() and min() split the gradient evenly among ties", () => {
  const x = tensor([[1, 3, 3], [2, 2, 2], [1, NaN, 0]], { requiresGrad: true });
  const y = x.amax(1);
  assertAllClose(y, [3, 2, NaN]);
  y.sum().backward();
  // torch: [[0, 0.5, 0.5], [1/3, 1/3, 1/3], [nan, nan, nan]] (a NaN max has no tie mask)
  assertAllClose(x.grad!, [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3], [NaN, NaN, NaN]]);
  const z = tensor([[1, 3, 1], [2, 2, 2]], { requiresGrad: true });
  z.min().backward();
  assert.deepEqual(z.grad!.toArray(), [[0.5, 0, 0.5], [0, 0, 0]]); // torch.amin
  const k = tensor([[4, 4], [1, 2]], { requiresGrad: true });
  k.amax(-1, { keepdim: true }).mul(tensor([[2], [3]])).sum().backward();
  assert.deepEqual(k.grad!.toArray(), [[1, 1], [0, 3]]);
});

Deno.test("amax() and amin() propagate NaN and keep the first of tied zeros", () => {
  const z = tensor([[1, 3, 3, NaN], [2, 2, 0, 0], [5, -1, 5, -1]]);
  assertAllClose(z.amax(0), [5, 3, 5, NaN]); // torch
  assertAllClose(z.amin(1, { keepdim: true }), [[NaN], [0], [-1]]); // torch
  assert.ok(Object.is(tensor([0, -0]).max().item(), 0)); // torch: 0.
  assert.ok(Object.is(tensor([-0, 0]).max().item(), -0)); // torch: -0.
});

Deno.test("amax() has a second derivative of 0 through its tie mask", () => {
  const x = f64([[1, 3, 3], [2, -1, 0]], true);
  const [g] = grad(x.amax(1).square().sum(), x, { createGraph: true }); // 2·max at the max
  assert.deepEqual(g.toArray(), [[0, 3, 3], [4, 0, 0]]);
  const [h] = grad(g.sum(), x);
  assert.deepEqual(h.toArray(), [[0, 1, 1], [2, 0, 0]]); // d(2·max·mask/count)/dx
});

// ---------------------------------------------------------------- var, std

Deno.test("var() and std() are unbiased by default and take a correction", () => {
  const a = f64([[0.5, -1, 2], [3, 3, -0.5]]);
  assertAllClose(a.var(1), [2.25, 4.083333333333333], { rtol: 1e-14 }); // torch
  assertAllClose(a.var(0, { correction: 0 }), [1.5625, 4, 1.5625], { rtol: 1e-14 }); // torch
  assertAllClose(a.std(), 1.7511900715418265, { rtol: 1e-14 }); // torch
  assertAllClose(a.std(-1, { keepdim: true }), [[1.5], [Math.sqrt(4.083333333333333)]]);
  assertAllClose(a.var([0, 1], { correction: 2 }), 1.7511900715418265 ** 2 * 5 / 4);
  assertAllClose(f64([1, 2]).var(0, { correction: -1 }), 1 / 6); // torch: divisor n + 1
  assertAllClose(f64([1, 2]).var(0, { correction: 3 }), Infinity); // torch: divisor max(0, n - 3)
  assertAllClose(f64([1]).var(), NaN); // torch: 0 / 0
  assertAllClose(zeros([0, 2]).var(0), [NaN, NaN]); // torch
});

Deno.test("std() has gradient 0 where the deviation is 0, as PyTorch", () => {
  const x = tensor([[1, 2], [1, 3]], { requiresGrad: true });
  x.std(0).sum().backward();
  assertAllClose(x.grad!, [[0, -Math.SQRT1_2], [0, Math.SQRT1_2]]); // torch
  const v = tensor([[1, 2], [1, 3]], { requiresGrad: true });
  v.var(0).sum().backward();
  assert.deepEqual(v.grad!.toArray(), [[0, -1], [0, 1]]); // 2(x - mean)/(n - 1)
});

Deno.test("var() and std() reject integer tensors and bad corrections", () => {
  const i = tensor([1, 2], { dtype: "int32" });
  assert.throws(() => i.var(), { name: "DTypeError", message: /variance of an int32 .* var\(\)/ });
  assert.throws(() => i.std(), { name: "DTypeError", message: /in std\(\)/ });
  assert.throws(() => tensor([1, 2]).var(0, { correction: NaN }), {
    name: "RangeError",
    message: /correction NaN in var\(\)/,
  });
});

// ---------------------------------------------------------------- logsumexp, softmax, logSoftmax

Deno.test("logsumexp() matches torch and handles infinities like it", () => {
  const a = f64([[0.5, -1, 2], [3, 3, -0.5]]);
  assertAllClose(a.logsumexp(1), [2.241311296657157, 3.7081330215398185], { rtol: 1e-14 });
  assertAllClose(a.logsumexp(), 3.9156815311916526, { rtol: 1e-14 });
  assertAllClose(a.logsumexp([0, 1], { keepdim: true }), [[3.9156815311916526]], { rtol: 1e-14 });
  const inf = tensor([[-Infinity, -Infinity, -Infinity], [Infinity, 1, 2], [-Infinity, 0, 0]]);
  assertAllClose(inf.logsumexp(1), [-Infinity, Infinity, Math.LN2]); // torch: not NaN
  assertAllClose(tensor([NaN, 1]).logsumexp(0), NaN);
  const ints = tensor([[1, 5, 5], [2, 0, 2]], { dtype: "int32" }).logsumexp(1);
  assert.equal(ints.dtype, "float32"); // torch promotes integers
  assertAllClose(ints, [5.702263355255127, 2.7586236000061035]);
  assertAllClose(zeros([0, 3]).logsumexp(0), [-Infinity, -Infinity, -Infinity]); // torch
  assert.deepEqual(zeros([0, 3]).logsumexp(1).shape, [0]);
});

Deno.test("logsumexp() gives the softmax as its gradient, NaN for a line of -Infinity", () => {
  const x = tensor([[-Infinity, -Infinity, -Infinity], [1, 2, 3]], { requiresGrad: true });
  x.logsumexp(1).sum().backward();
  // torch: [[nan, nan, nan], [0.0900, 0.2447, 0.6652]]
  assertAllClose(x.grad!, [[NaN, NaN, NaN], [0.09003057, 0.24472847, 0.66524096]], {
    rtol: 1e-6,
  });
});

Deno.test("softmax() and logSoftmax() match torch in float64", () => {
  const a = f64([[0.5, -1, 2], [3, 3, -0.5]]);
  const sm = [
    [0.1752903921400367, 0.039112573270687456, 0.7855970345892759],
    [0.4925629439607949, 0.4925629439607949, 0.014874112078410105],
  ];
  assertAllClose(a.softmax(1), sm, { rtol: 1e-14 });
  assertAllClose(a.softmax(-1).sum(1), [1, 1], { rtol: 1e-15 });
  assertAllClose(a.logSoftmax(0), [
    [-2.5788897342925496, -4.0181499279178094, -0.07888973429254957],
    [-0.07888973429254957, -0.01814992791780978, -2.5788897342925496],
  ], { rtol: 1e-14 });
  assertAllClose(a.T.logSoftmax(1).T, flat(a.logSoftmax(0)), { rtol: 1e-15 });
  assertAllClose(tensor(3).logSoftmax(0), 0); // a single element
  assertAllClose(tensor(3).softmax(-1), 1);
  assert.deepEqual(zeros([0, 4]).softmax(1).shape, [0, 4]);
});

// Logits of ±1e4 in float32, and gradients of Σ w·f(x); reference values from torch.
const BIG = [[1e4, -1e4, 0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]];
const W = [[1, 2, 3], [-1, 0.5, 2], [0.25, -2, 1]];

Deno.test("logSoftmax(), softmax() and logsumexp() stay finite for logits of ±1e4", () => {
  const run = (f: (x: Tensor) => Tensor, w: Tensor): [Tensor, Tensor] => {
    const x = tensor(BIG, { requiresGrad: true });
    const y = f(x);
    y.mul(w).sum().backward();
    assert.ok(flat(y).every((v) => !Number.isNaN(v)) && flat(x.grad!).every(Number.isFinite));
    return [y, x.grad!];
  };
  const close = { atol: 1e-6, rtol: 1e-6 };

  const [lse, dLse] = run((x) => x.logsumexp(1), tensor([1, -1, 0.25]));
  assertAllClose(lse, [1e4, -9998.9013671875, 10000.693359375], close); // torch
  // torch's float32 gradient exp(x - lse) inherits the rounding of lse at 1e4 (ulp 1e-3),
  // [-0.3333265, 0.1249735]; the detached-max shift gives the float64 values 1/3 and 1/8.
  const dTorch = [[1, 0, 0], [-0.3333264887332916, -0.3333264887332916, -0.3333264887332916], [
    0.12497347593307495,
    0.12497347593307495,
    0,
  ]];
  assertAllClose(dLse, dTorch, { atol: 1e-6, rtol: 3e-4 });
  assertAllClose(dLse, [[1, 0, 0], [-1 / 3, -1 / 3, -1 / 3], [0.125, 0.125, 0]], close);

  const [lsm, dLsm] = run((x) => x.logSoftmax(1), tensor(W));
  const ln3 = -1.0986123085021973;
  const ln2 = -0.6931471824645996;
  assertAllClose(lsm, [[0, -2e4, -1e4], [ln3, ln3, ln3], [ln2, ln2, -20000.693359375]], close);
  assertAllClose(dLsm, [[-5, 2, 3], [-1.5, 0, 1.5], [0.625, -1.625, 1]], close); // torch

  const [lsm0, dLsm0] = run((x) => x.logSoftmax(0), tensor(W));
  assertAllClose(lsm0, [[ln2, -2e4, 0], [-20000.693359375, -2e4, -1e4], [ln2, 0, -1e4]], close);
  assertAllClose(dLsm0, [[0.875, 2, -3], [-1, 0.5, 2], [0.125, -2.5, 1]], close); // torch

  const [sm, dSm] = run((x) => x.softmax(1), tensor(W));
  assertAllClose(sm, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]], close); // torch
  assertAllClose(dSm, [[0, 0, 0], [-0.5, 0, 0.5], [0.5625, -0.5625, 0]], close); // torch
});

Deno.test("logSoftmax() fused agrees with the composed x - logsumexp(x)", async (t) => {
  const rng = new Random(7);
  const inputs: [string, () => Tensor, number][] = [
    ["[5, 7] dim 1", () => randn([5, 7], { dtype: "float64", generator: rng }).mul(4), 1],
    ["[5, 7] dim 0", () => randn([5, 7], { dtype: "float64", generator: rng }).mul(4), 0],
    ["[2, 3, 4] dim -2", () => randn([2, 3, 4], { dtype: "float64", generator: rng }), -2],
    ["transposed", () => randn([6, 3], { dtype: "float64", generator: rng }).T, 1],
    ["broadcast", () => randn([3, 1], { dtype: "float64", generator: rng }).expand([3, 4]), 0],
    ["±1e4 and -Infinity", () => f64([[1e4, -1e4, 5], [-Infinity, 0, 2]]), 1],
  ];
  const weights = new Random(8);
  for (const [name, make, dim] of inputs) {
    await t.step(name, () => {
      const x1 = make();
      const x2 = x1.detach().clone();
      x1.requiresGrad = true;
      x2.requiresGrad = true;
      const y1 = x1.logSoftmax(dim);
      const y2 = logSoftmaxComposed(x2, dim);
      assertAllClose(y1, flat(y2), { atol: 1e-12, rtol: 1e-12 });
      const w = randn(y1.shape, { dtype: "float64", generator: weights });
      y1.mul(w).sum().backward();
      y2.mul(w).sum().backward();
      assertAllClose(x1.grad!, flat(x2.grad!), { atol: 1e-12, rtol: 1e-12 });
      const [g1] = grad(x1.logSoftmax(dim).mul(w).sum(), x1, { createGraph: true });
      const [g2] = grad(logSoftmaxComposed(x2, dim).mul(w).sum(), x2, { createGraph: true });
      const [h1] = grad(g1.square().sum(), x1);
      const [h2] = grad(g2.square().sum(), x2);
      assertAllClose(h1, flat(h2), { atol: 1e-12, rtol: 1e-10 });
    });
  }
  // float32: the fused kernel rounds once, the composition at each step.
  const x = randn([64, 10], { generator: rng }).mul(5);
  assertAllClose(x.logSoftmax(1), flat(logSoftmaxComposed(x, 1)), { atol: 1e-5, rtol: 1e-6 });
  // A line holding +Infinity: NaN throughout as torch.log_softmax (the composition gives -inf
  // for the finite entries, as torch's x - logsumexp(x) does).
  assertAllClose(tensor([[Infinity, 1]]).logSoftmax(1), [[NaN, NaN]]);
  assertAllClose(logSoftmaxComposed(tensor([[Infinity, 1]]), 1), [[NaN, -Infinity]]);
});

Deno.test("logsumexp(), logSoftmax() and softmax() have torch's second derivatives", () => {
  const v = [0.5, -1, 2];
  const w = f64([1, -2, 0.5]);
  const hessian = (f: (x: Tensor) => Tensor): number[][] => {
    const x = f64(v, true);
    const [g] = grad(f(x), x, { createGraph: true });
    const row = (i: number) => g.mul(f64(v.map((_, j) => +(i === j)))).sum();
    return v.map((_, i) => flat(grad(row(i), x, { retainGraph: true })[0]));
  };
  // torch.autograd.functional.hessian
  assertAllClose(f64(hessian((x) => x.logsumexp(0))), [
    [0.14456367056342886, -0.006856058306224721, -0.13770761225720413],
    [-0.006856058306224721, 0.037582779882832554, -0.03072672157660783],
    [-0.13770761225720413, -0.03072672157660783, 0.168434333833812],
  ], { atol: 1e-15, rtol: 1e-12 });
  assertAllClose(f64(hessian((x) => x.softmax(0).mul(w).sum())), [
    [0.05807235279984427, 0.013573127347230932, -0.07164548014707521],
    [0.013573127347230932, -0.08976702461792642, 0.07619389727069549],
    [-0.07164548014707522, 0.07619389727069548, -0.004548417123620315],
  ], { atol: 1e-15, rtol: 1e-12 });
  assertAllClose(f64(hessian((x) => x.logSoftmax(0).mul(w).sum())), [
    [0.07228183528171443, -0.0034280291531123604, -0.06885380612860206],
    [-0.0034280291531123604, 0.018791389941416277, -0.015363360788303918],
    [-0.06885380612860206, -0.015363360788303918, 0.08421716691690598],
  ], { atol: 1e-15, rtol: 1e-12 });
  // And finite differences of the gradient itself (a gradgradcheck).
  const rng = new Random(3);
  const x = randn([2, 4], { dtype: "float64", requiresGrad: true, generator: rng });
  const u = randn([2, 4], { dtype: "float64", generator: rng });
  for (const f of [(a: Tensor) => a.logsumexp(1), (a: Tensor) => a.softmax(1).mul(u)]) {
    gradcheck((a) => grad(f(a).sum(), a, { createGraph: true })[0], [x]);
  }
});

Deno.test("softmax() and logSoftmax() reject integer tensors and bad dimensions", () => {
  const i = tensor([[1, 2]], { dtype: "int32" });
  assert.throws(() => i.softmax(1), { name: "DTypeError", message: /in softmax\(\)/ });
  assert.throws(() => i.logSoftmax(1), { name: "DTypeError", message: /in logSoftmax\(\)/ });
  assert.throws(() => tensor([[1, 2]]).softmax(2), { name: "RangeError", message: /\[1, 2\]/ });
});

// ---------------------------------------------------------------- argmax, argmin

Deno.test("argmax() and argmin() pick the first of ties and count NaN as the extreme", () => {
  const z = tensor([[1, 3, 3, NaN], [2, 2, 0, 0], [5, -1, 5, -1]]);
  // torch
  assert.deepEqual(z.argmax(1).toArray(), [3, 0, 0]);
  assert.deepEqual(z.argmin(1).toArray(), [3, 2, 1]);
  assert.deepEqual(z.argmax(0).toArray(), [2, 0, 2, 0]);
  assert.deepEqual(z.argmin(-2).toArray(), [0, 2, 1, 0]);
  assert.equal(z.T.argmax().item(), 9); // flattened in row-major order of the view
  assert.equal(z.argmin().item(), 3);
  assert.deepEqual(z.argmax(1, { keepdim: true }).toArray(), [[3], [0], [0]]);
  assert.deepEqual(z.argmax(undefined, { keepdim: true }).shape, [1, 1]); // torch 1.13
  const r = tensor([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4]], { requiresGrad: true });
  const i = r.argmax(1);
  assert.equal(i.dtype, "int32");
  assert.equal(i.requiresGrad, false);
  assert.deepEqual(i.toArray(), [1, 0]);
  assert.deepEqual(tensor([3, 1, 2], { dtype: "int32" }).argmin().item(), 1);
  assert.equal(tensor(7).argmax().item(), 0);
  assert.equal(tensor(7).argmin(0, { keepdim: true }).item(), 0);
  assert.deepEqual(zeros([0, 3]).argmax(1).shape, [0]);
});

Deno.test("argmax() rejects bool tensors, as torch", () => {
  assert.throws(() => tensor([true, false]).argmax(), {
    name: "DTypeError",
    message: /in argmax\(\): bool tensors/,
  });
});

// ---------------------------------------------------------------- errors

Deno.test("max(), min(), argmax() and argmin() reject empty reductions; sum() gives 0", () => {
  const e = zeros([0, 3]);
  for (const op of ["max", "min", "amax", "amin", "argmax", "argmin"] as const) {
    assert.throws(() => e[op](0), {
      name: "RangeError",
      message: `Cannot reduce over dimension 0 in ${op}(): it has size 0 in shape [0, 3] ` +
        `and ${op}() has no identity`,
    });
    assert.throws(() => e[op](), {
      name: "RangeError",
      message: new RegExp(`shape \\[0, 3\\] in ${op}\\(\\): it has no elements`),
    });
  }
  assert.throws(() => e.amax([1, 0]), { name: "RangeError", message: /dimension 0 in amax/ });
  assert.equal(e.sum().item(), 0);
});

Deno.test("reductions reject bad dimensions, naming the op and the shape", () => {
  const x = zeros([2, 3]);
  assert.throws(() => x.sum(2), {
    name: "RangeError",
    message: "Cannot reduce over dimension 2 in sum(): expected a dimension in [-2, 1] " +
      "for a tensor of shape [2, 3]",
  });
  const ops: [string, (d: number) => Tensor][] = [
    ["mean", (d) => x.mean(d)],
    ["max", (d) => x.max(d).values],
    ["min", (d) => x.min(d).values],
    ["amax", (d) => x.amax(d)],
    ["amin", (d) => x.amin([0, d])],
    ["var", (d) => x.var(d)],
    ["std", (d) => x.std(d)],
    ["logsumexp", (d) => x.logsumexp(d)],
    ["softmax", (d) => x.softmax(d)],
    ["logSoftmax", (d) => x.logSoftmax(d)],
    ["argmax", (d) => x.argmax(d)],
    ["argmin", (d) => x.argmin(d)],
  ];
  for (const [op, f] of ops) {
    for (const d of [2, -3, 0.5]) {
      assert.throws(() => f(d), {
        name: "RangeError",
        message: new RegExp(`dimension ${d} in ${op}\\(\\): .* shape \\[2, 3\\]$`),
      });
    }
  }
  assert.throws(() => x.sum([0, -2]), {
    name: "RangeError",
    message: /dimension 0 appears twice in \[0, -2\]/,
  });
  assert.throws(() => x.amax([1, 1]), { name: "RangeError", message: /in amax\(\)/ });
  assert.throws(() => tensor(1).sum(1), { name: "RangeError", message: /in \[-1, 0\]/ });
});
