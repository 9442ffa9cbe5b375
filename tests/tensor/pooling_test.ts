/**
 * Pooling: hand-computed values (PyTorch's outputs quoted), the tie and NaN
 * rules of max pooling and where its gradient goes, ceilMode and the
 * divisors of average pooling, adaptive windows, and the errors of each
 * public entry. PyTorch's golden values are in registry_test.ts.
 */
import assert from "node:assert/strict";
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  arange,
  assertClose,
  avgPool1d,
  avgPool2d,
  grad,
  gradcheck,
  gradgradcheck,
  maxPool1d,
  maxPool2d,
  ones,
  randn,
  tensor,
} from "../../tensor/mod.ts";
import { Random } from "../../random/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const rng = new Random(11);

Deno.test("gradcheck() passes for every pooling op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "pooling")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("maxPool2d() picks the first maximum on ties and gives it the whole gradient", () => {
  const x = tensor([[[[1, 5, 5, 2], [0, 1, 5, 3]]]], { requiresGrad: true });
  const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
  // torch: values [[5, 5]], indices [[1, 2]], x.grad [[0, 1, 1, 0], [0, 0, 0, 0]]
  assert.deepEqual(values.toArray(), [[[[5, 5]]]]);
  assert.deepEqual(indices.toArray(), [[[[1, 2]]]]);
  assert.equal(indices.dtype, "int32");
  values.sum().backward();
  assert.deepEqual(x.grad?.toArray(), [[[[0, 1, 1, 0], [0, 0, 0, 0]]]]);
});

Deno.test("maxPool2d() propagates NaN, indexing the last NaN as PyTorch's CPU kernel", () => {
  const { values, indices } = maxPool2d(tensor([[[[NaN, 1], [2, NaN]]]]), 2, {
    returnIndices: true,
  });
  assert.ok(Number.isNaN(values.item()));
  assert.equal(indices.item(), 3);
  assert.deepEqual(maxPool2d(tensor([[[-Infinity, -Infinity]]]), [1, 2]).toArray(), [[[
    -Infinity,
  ]]]);
});

Deno.test("maxPool2d() takes the same maxima and indices in whole 2x2 windows as in strided ones", () => {
  // Contiguous rows run the unrolled 2x2 loop; a transposed view runs the general one.
  // Few distinct values make ties; NaN and -Infinity take part too.
  const values = Array.from({ length: 2 * 3 * 7 * 6 }, (_, i) => {
    const v = (i * 7919) % 5;
    return v === 4 && i % 3 === 0 ? NaN : v === 0 && i % 2 === 0 ? -Infinity : v;
  });
  const x = tensor(values).reshape([2, 3, 7, 6]);
  const strided = x.transpose(2, 3).contiguous().transpose(2, 3);
  assert.notDeepEqual(strided.strides, x.strides);
  for (const options of [{}, { ceilMode: true }, { stride: 1 }]) {
    const fast = maxPool2d(x, 2, { ...options, returnIndices: true });
    const general = maxPool2d(strided, 2, { ...options, returnIndices: true });
    assert.deepEqual(fast.values.toArray(), general.values.toArray(), JSON.stringify(options));
    assert.deepEqual(fast.indices.toArray(), general.indices.toArray(), JSON.stringify(options));
  }
});

Deno.test("maxPool2d() has second derivatives: zero away from ties, as PyTorch", () => {
  const x = randn([2, 2, 5, 6], { dtype: "float64", generator: rng, requiresGrad: true });
  const fn = (a: typeof x) => maxPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true });
  assert.ok(gradgradcheck(fn, [x]));
  const [g] = grad(fn(x).square().sum(), x, { createGraph: true });
  const [gg] = grad(g.sum(), x);
  // d/dx of 2·max·[argmax]: 2 at each window's maximum (counted per window).
  assert.ok((gg.flatten().toArray() as number[]).every((v) => v === 0 || v % 2 === 0));
});

Deno.test("maxPool1d() and avgPool1d() apply PyTorch's ceilMode rule", () => {
  const x = tensor([[[1, 2, 3, 4, 5]]]);
  // A partial last window is kept when it starts inside the input...
  assert.deepEqual(maxPool1d(x, 2, { ceilMode: true }).toArray(), [[[2, 4, 5]]]);
  assert.deepEqual(maxPool1d(x, 2).toArray(), [[[2, 4]]]);
  // ...or inside its left padding, never in the right padding alone.
  const y = tensor([[[1, 2, 3, 4]]]);
  assert.deepEqual(maxPool1d(y, 2, { padding: 1, ceilMode: true }).toArray(), [[[1, 3, 4]]]);
  assert.deepEqual(maxPool1d(y, 2, { stride: 3, ceilMode: true }).toArray(), [[[2, 4]]]);
  assert.deepEqual(maxPool1d(y, 3, { stride: 2, ceilMode: true }).toArray(), [[[3, 4]]]);
  // torch: F.avg_pool1d(y, 2, stride=2, padding=1, ceil_mode=True) -> [0.5, 2.5, 2.0]
  assert.deepEqual(avgPool1d(y, 2, { padding: 1, ceilMode: true }).toArray(), [[[0.5, 2.5, 2]]]);
  // count_include_pad=False -> [1.0, 2.5, 4.0]
  const valid = avgPool1d(y, 2, { padding: 1, ceilMode: true, countIncludePad: false });
  assert.deepEqual(valid.toArray(), [[[1, 2.5, 4]]]);
  // F.avg_pool1d(x, 3, stride=2, padding=1, ceil_mode=True) -> [1, 3, 3]: the last window
  // counts one padding zero (it stops at the right padding), not the zero past it.
  assert.deepEqual(avgPool1d(x, 3, { stride: 2, padding: 1, ceilMode: true }).toArray(), [[[
    1,
    3,
    3,
  ]]]);
  const { indices } = maxPool1d(x, 2, { ceilMode: true, returnIndices: true });
  assert.deepEqual(indices.toArray(), [[[1, 3, 4]]]);
});

Deno.test("avgPool2d() divides by the padded window, the covered window or divisorOverride", () => {
  const x = arange(1, 10).reshape([1, 3, 3]).float();
  const include = avgPool2d(x, 2, { stride: 2, padding: 1 });
  // torch: F.avg_pool2d(x, 2, padding=1) -> [[0.25, 1.25], [2.75, 7.0]]
  assert.deepEqual(include.toArray(), [[[0.25, 1.25], [2.75, 7]]]);
  const exclude = avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false });
  assert.deepEqual(exclude.toArray(), [[[1, 2.5], [5.5, 7]]]);
  const override = avgPool2d(x, 2, { stride: 1, divisorOverride: 2 });
  assert.deepEqual(override.toArray(), [[[6, 8], [12, 14]]]);
  // Asymmetric kernel and stride, batched.
  const y = avgPool2d(arange(12).reshape([1, 1, 3, 4]).float(), [3, 2], { stride: [1, 2] });
  assert.deepEqual(y.toArray(), [[[[4.5, 6.5]]]]);
});

Deno.test("avgPool2d() gradients spread g / divisor over each window", () => {
  const x = ones([1, 1, 3, 3], { requiresGrad: true });
  avgPool2d(x, 2, { stride: 1 }).sum().backward();
  assert.deepEqual(x.grad?.toArray(), [[[[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]]]]);
});

Deno.test("adaptiveAvgPool2d() uses PyTorch's floor/ceil windows and null sizes", () => {
  const x = arange(5).reshape([1, 1, 5]).float();
  // Windows [0, 2), [1, 4), [3, 5): torch -> [0.5, 2.0, 3.5]
  assert.deepEqual(adaptiveAvgPool1d(x, 3).toArray(), [[[0.5, 2, 3.5]]]);
  assert.deepEqual(adaptiveAvgPool1d(x, 1).toArray(), [[[2]]]);
  assert.deepEqual(adaptiveAvgPool1d(x, 7).shape, [1, 1, 7]); // upsampling repeats
  const img = randn([2, 3, 6, 9], { dtype: "float64", generator: rng });
  assertClose(adaptiveAvgPool2d(img, 1), img.mean([2, 3], { keepdim: true }));
  assertClose(adaptiveAvgPool2d(img, [3, null]), avgPool2d(img, [2, 1]));
  assertClose(adaptiveAvgPool2d(img, [null, 3]), avgPool2d(img, [1, 3]));
  assert.deepEqual(adaptiveAvgPool2d(img.narrow(0, 0, 1).squeeze(0), 2).shape, [3, 2, 2]);
});

Deno.test("pooling reads non-contiguous inputs", () => {
  const x = randn([2, 3, 7, 6], { dtype: "float64", generator: rng }).transpose(2, 3);
  const c = x.contiguous();
  const options = { stride: [2, 1] as [number, number], padding: 1, ceilMode: true };
  assertClose(maxPool2d(x, 3, options), maxPool2d(c, 3, options));
  assertClose(avgPool2d(x, 3, options), avgPool2d(c, 3, options));
  assertClose(adaptiveAvgPool2d(x, [4, 3]), adaptiveAvgPool2d(c, [4, 3]));
});

Deno.test("pooling rejects bad shapes, sizes and options with clear errors", () => {
  const x = ones([1, 4, 4]);
  const range = (fn: () => unknown, message: RegExp | string) =>
    assert.throws(fn, { name: "RangeError", message });
  const shape = (fn: () => unknown, message: RegExp | string) =>
    assert.throws(fn, { name: "ShapeError", message });
  range(
    () => maxPool2d(x, 3, { padding: 2 }),
    "Cannot pool in maxPool2d(): padding [2, 2] must be at most half the kernel size [3, 3]",
  );
  range(() => avgPool1d(ones([1, 4]), 2, { padding: 2 }), /avgPool1d\(\): padding \[2\] must/);
  range(
    () => maxPool2d(x, 2, { stride: 0 }),
    "Cannot pool in maxPool2d(): stride must be a positive integer or a pair of them, got 0",
  );
  range(() => maxPool2d(x, [2, 0]), /maxPool2d\(\): kernelSize must be a positive integer/);
  range(() => maxPool1d(ones([1, 4]), 2, { dilation: 0 }), /maxPool1d\(\): dilation must be/);
  shape(
    () => maxPool2d(ones([1, 2, 2]), 3),
    "Cannot pool [1, 2, 2] in maxPool2d(): the output size [0, 0] is empty: the input is " +
      "smaller than the kernel [3, 3] with dilation [1, 1] and padding [0, 0]",
  );
  shape(
    () => maxPool2d(ones([4, 4]), 2),
    "Cannot pool [4, 4] in maxPool2d(): expected a 3-d (unbatched [C, H, W]) or 4-d (batched) " +
      "input, got 2-d",
  );
  shape(() => maxPool1d(ones([1, 4, 4, 4]), 2), /maxPool1d\(\): expected a 2-d/);
  // PyTorch reads out of bounds for a window of padding only; nabla refuses it.
  range(
    () => maxPool2d(ones([1, 2, 2]), 2, { padding: 1, dilation: 3 }),
    /maxPool2d\(\): with kernel \[2, 2\], dilation \[3, 3\] and padding \[1, 1\], a window over the input of size \[2, 2\] holds padding only/,
  );
  assert.throws(() => maxPool2d(x, 2, { ceilMode: 1 as never }), {
    name: "TypeError",
    message: "Cannot pool in maxPool2d(): ceilMode must be a boolean, got 1",
  });
  range(
    () => avgPool2d(x, 2, { divisorOverride: 0 }),
    "Cannot pool in avgPool2d(): divisorOverride must be a non-zero integer, got 0",
  );
  assert.throws(() => avgPool1d(ones([1, 4]), 2, { divisorOverride: 2 } as never), {
    name: "TypeError",
    message: /avgPool1d\(\): unknown option "divisorOverride"/,
  });
  range(
    () => adaptiveAvgPool2d(x, [2, -1] as never),
    "Cannot pool in adaptiveAvgPool2d(): outputSize must be a non-negative integer or a pair " +
      "of them (null keeps a size), got [2, -1]",
  );
  range(() => adaptiveAvgPool1d(ones([1, 4]), [1, 2] as never), /adaptiveAvgPool1d\(\)/);
  shape(() => adaptiveAvgPool2d(ones([4]), 2), /adaptiveAvgPool2d\(\): expected a 3-d/);
  shape(
    () => adaptiveAvgPool2d(ones([1, 0, 4]), 2),
    "Cannot pool [1, 0, 4] in adaptiveAvgPool2d(): its spatial dimensions must not be empty",
  );
  assert.throws(() => avgPool2d(ones([1, 4, 4], { dtype: "int32" }), 2), {
    name: "DTypeError",
    message: /Cannot pool an input of dtype int32 in avgPool2d\(\)/,
  });
});
