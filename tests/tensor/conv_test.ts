/**
 * Convolutions: hand-computed values, the fused primitives against their
 * composition from unfold and matmul (values and gradients, every layout
 * path of the kernels), adjointness of unfold and fold, and the errors of
 * each public entry. PyTorch's golden values are in registry_test.ts.
 */
import assert from "node:assert/strict";
import {
  arange,
  assertClose,
  conv1d,
  conv2d,
  type Conv2dOptions,
  convTranspose1d,
  convTranspose2d,
  fold,
  grad,
  gradcheck,
  ones,
  randn,
  type Tensor,
  tensor,
  unfold,
  zeros,
} from "../../tensor/mod.ts";
import { Random } from "../../random/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const rng = new Random(7);
const f64 = (shape: number[]) =>
  randn(shape, { dtype: "float64", generator: rng, requiresGrad: true });

Deno.test("gradcheck() passes for every convolution op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "conv")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("conv2d() computes cross-correlations by hand", () => {
  const x = arange(1, 17).reshape([1, 1, 4, 4]).float();
  const w = tensor([[[[1, 0], [0, -1]]]]); // x[i, j] - x[i+1, j+1]
  assert.deepEqual(conv2d(x, w).toArray(), [[[[-5, -5, -5], [-5, -5, -5], [-5, -5, -5]]]]);
  // Stride 2, bias 10.
  assert.deepEqual(conv2d(x, w, tensor([10]), { stride: 2 }).toArray(), [[[[5, 5], [5, 5]]]]);
  // Padding 1: the corners read zeros.
  const padded = conv2d(x, w, null, { padding: 1 }).toArray() as number[][][][];
  assert.deepEqual(padded[0][0][0], [-1, -2, -3, -4, 0]);
  assert.deepEqual(padded[0][0][4], [0, 13, 14, 15, 16]);
  // Dilation 2: x[i, j] - x[i+2, j+2].
  assert.deepEqual(conv2d(x, w, null, { dilation: 2 }).toArray(), [[[[-10, -10], [-10, -10]]]]);
  // Two input channels summed, two filters.
  const x2 = tensor([[[[1, 2], [3, 4]], [[10, 20], [30, 40]]]]);
  const w2 = tensor([[[[1]], [[1]]], [[[1]], [[-1]]]]);
  assert.deepEqual(conv2d(x2, w2).toArray(), [[[[11, 22], [33, 44]], [[-9, -18], [-27, -36]]]]);
});

Deno.test("conv2d() with groups equals separate convolutions of the channel groups", () => {
  const x = f64([2, 4, 5, 5]);
  const w = f64([6, 2, 3, 3]);
  const b = f64([6]);
  const y = conv2d(x, w, b, { groups: 2, padding: 1 });
  const halves = [0, 1].map((g) =>
    conv2d(x.narrow(1, 2 * g, 2), w.narrow(0, 3 * g, 3), b.narrow(0, 3 * g, 3), { padding: 1 })
  );
  assertClose(y.narrow(1, 0, 3), halves[0].detach());
  assertClose(y.narrow(1, 3, 3), halves[1].detach());
});

Deno.test('conv2d() pads "same" like PyTorch, the extra zero after for even kernels', () => {
  const x = arange(5).reshape([1, 1, 1, 5]).float();
  const w = tensor([[[[1, 10]]]]); // x[j] + 10 x[j+1], total padding 1: 0 before, 1 after
  assert.deepEqual(conv2d(x, w, null, { padding: "same" }).toArray(), [[[[10, 21, 32, 43, 4]]]]);
  const w3 = tensor([[[[1, 10, 100]]]]); // total padding 2: 1 before, 1 after
  const same = conv2d(x, w3, null, { padding: "same" });
  assert.deepEqual(same.toArray(), [[[[100, 210, 321, 432, 43]]]]);
  assert.deepEqual(conv2d(x, w3, null, { padding: "valid" }).shape, [1, 1, 1, 3]);
  const dilated = conv2d(ones([1, 2, 6, 7]), ones([3, 2, 2, 3]), null, {
    padding: "same",
    dilation: [3, 2],
  });
  assert.deepEqual(dilated.shape, [1, 3, 6, 7]);
});

Deno.test("conv2d() takes an unbatched [C, H, W] input", () => {
  const x = f64([3, 5, 6]);
  const w = f64([2, 3, 3, 3]);
  const y = conv2d(x, w, null, { padding: 1 });
  assert.deepEqual(y.shape, [2, 5, 6]);
  assertClose(y, conv2d(x.unsqueeze(0), w, null, { padding: 1 }).squeeze(0).detach());
});

// The fused primitives against unfold + matmul, whose gradients autograd derives.
function composed(x: Tensor, w: Tensor, b: Tensor | null, o: Conv2dOptions): Tensor {
  const [n, , h, wd] = x.shape;
  const [out, , kh, kw] = w.shape;
  const { stride = 1, padding = 0, dilation = 1 } = o;
  const pair = (v: number | readonly number[]) => (typeof v === "number" ? [v, v] : v);
  const [sh, sw] = pair(stride);
  const [ph, pw] = pair(padding as number | readonly number[]);
  const [dh, dw] = pair(dilation);
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wd + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const cols = unfold(x, [kh, kw], { stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw] });
  const y = w.reshape([out, -1]).matmul(cols).reshape([n, out, oh, ow]);
  return b === null ? y : y.add(b.reshape([out, 1, 1]));
}

Deno.test("conv2d() matches unfold + matmul in values and gradients, on every kernel path", async (t) => {
  const cases: [string, number[], number[], Conv2dOptions][] = [
    ["full-width columns read in place", [2, 3, 6, 7], [4, 3, 3, 2], {}],
    ["full-width columns, padded copy", [2, 3, 6, 7], [4, 3, 3, 3], { padding: [1, 2] }],
    ["full-width columns, stride along H", [2, 3, 7, 6], [4, 3, 2, 3], { stride: [2, 1] }],
    ["full-width, dilation", [1, 2, 7, 8], [3, 2, 3, 2], { dilation: [2, 3], padding: 1 }],
    ["compact columns (stride along W)", [2, 3, 6, 7], [4, 3, 3, 3], { stride: [1, 2] }],
    ["compact columns, padding", [2, 2, 5, 7], [3, 2, 2, 3], { stride: 3, padding: [2, 1] }],
    ["padding beyond the dilated kernel", [2, 2, 3, 4], [3, 2, 1, 2], { padding: [2, 1] }],
    ["kernel of the input size", [2, 2, 3, 4], [3, 2, 3, 4], {}],
  ];
  for (const [name, xs, ws, options] of cases) {
    await t.step(name, () => {
      const x = f64(xs);
      const w = f64(ws);
      const b = f64([ws[0]]);
      const y = conv2d(x, w, b, options);
      const expected = composed(x, w, b, options);
      assertClose(y, expected.detach(), { rtol: 1e-12, atol: 1e-12 });
      const g = randn(y.shape, { dtype: "float64", generator: rng });
      const got = grad(y, [x, w, b], { gradOutputs: g });
      const want = grad(expected, [x, w, b], { gradOutputs: g });
      got.forEach((v, i) => assertClose(v, want[i], { rtol: 1e-12, atol: 1e-12 }));
    });
  }
});

Deno.test("conv2d() reads non-contiguous inputs and takes broadcast gradients", () => {
  const x = f64([2, 3, 7, 6]).transpose(2, 3); // [2, 3, 6, 7]
  const w = f64([4, 3, 3, 3]).transpose(2, 3);
  for (const options of [{ padding: 1 }, {}, { stride: [1, 2] as [number, number] }]) {
    const y = conv2d(x, w, null, options);
    assertClose(y, composed(x, w, null, options).detach(), { rtol: 1e-12, atol: 1e-12 });
    // sum() hands back a gradient expanded from a scalar (every stride 0).
    const [gx, gw] = grad(y.sum(), [x, w]);
    const [ex, ew] = grad(composed(x, w, null, options).sum(), [x, w]);
    assertClose(gx, ex, { rtol: 1e-12, atol: 1e-12 });
    assertClose(gw, ew, { rtol: 1e-12, atol: 1e-12 });
  }
});

Deno.test("conv2d() in float32 stays within float32 rounding of float64", () => {
  const x = randn([3, 4, 9, 9], { generator: rng });
  const w = randn([5, 4, 3, 3], { generator: rng });
  const y = conv2d(x, w, null, { padding: 1 });
  assert.equal(y.dtype, "float32");
  assertClose(y.double(), conv2d(x.double(), w.double(), null, { padding: 1 }), {
    rtol: 1e-5,
    atol: 1e-5,
  });
});

Deno.test("conv1d() is the 2-D convolution over a height of 1", () => {
  const x = tensor([[[1, 2, 3, 4, 5]]]);
  assert.deepEqual(conv1d(x, tensor([[[1, -1]]])).toArray(), [[[-1, -1, -1, -1]]]);
  assert.deepEqual(conv1d(x, tensor([[[1, 0, 1]]]), tensor([1]), { stride: 2 }).toArray(), [[[
    5,
    9,
  ]]]);
  assert.deepEqual(conv1d(x.squeeze(0), tensor([[[1, 1]]]), null, { padding: "same" }).toArray(), [[
    3,
    5,
    7,
    9,
    5,
  ]]);
  const a = f64([2, 4, 9]);
  const w = f64([6, 2, 3]);
  const y = conv1d(a, w, null, { stride: 2, padding: 1, dilation: 2, groups: 2 });
  const y2 = conv2d(a.unsqueeze(2), w.unsqueeze(2), null, {
    stride: [1, 2],
    padding: [0, 1],
    dilation: [1, 2],
    groups: 2,
  });
  assertClose(y, y2.squeeze(2).detach());
});

Deno.test("convTranspose2d() is the adjoint of conv2d", () => {
  // <conv2d(x, w), z> = <x, convTranspose2d(z, w)> for matching sizes.
  const configs: Conv2dOptions[] = [
    {},
    { stride: 2, padding: 1 },
    { stride: [2, 1], padding: [0, 1], dilation: [1, 2], groups: 2 },
    { stride: [1, 3], dilation: 2 },
  ];
  for (const options of configs) {
    const x = f64([2, 4, 7, 8]);
    const w = f64([6, 4 / (options.groups ?? 1), 3, 2]);
    const y = conv2d(x, w, null, options);
    const z = f64(y.shape.slice());
    const back = convTranspose2d(z, w, null, {
      ...(options as object),
      outputPadding: [
        (7 + 2 * pad(options, 0) - dil(options, 0) * 2 - 1) % str(options, 0),
        (8 + 2 * pad(options, 1) - dil(options, 1) * 1 - 1) % str(options, 1),
      ],
    });
    assert.deepEqual(back.shape, x.shape);
    assertClose(y.mul(z).sum(), x.mul(back).sum().item(), { rtol: 1e-12 });
  }
});

function at(v: number | readonly number[] | undefined, d: number, fallback: number): number {
  if (v === undefined) return fallback;
  return typeof v === "number" ? v : v[d];
}
const pad = (o: Conv2dOptions, d: number) => at(o.padding as number | number[], d, 0);
const dil = (o: Conv2dOptions, d: number) => at(o.dilation, d, 1);
const str = (o: Conv2dOptions, d: number) => at(o.stride, d, 1);

Deno.test("convTranspose2d() upsamples by hand, with bias and outputPadding", () => {
  const x = tensor([[[[1, 2], [3, 4]]]]);
  const y = convTranspose2d(x, ones([1, 1, 3, 3]), null, {
    stride: 2,
    padding: 1,
    outputPadding: 1,
  });
  // torch: F.conv_transpose2d(x, torch.ones(1, 1, 3, 3), stride=2, padding=1, output_padding=1)
  assert.deepEqual(y.toArray(), [[[[1, 3, 2, 2], [4, 10, 6, 6], [3, 7, 4, 4], [3, 7, 4, 4]]]]);
  const b = convTranspose2d(x.squeeze(0), ones([1, 2, 1, 1]), tensor([0.5, -0.5]));
  assert.deepEqual(b.toArray(), [[[1.5, 2.5], [3.5, 4.5]], [[0.5, 1.5], [2.5, 3.5]]]);
  assert.deepEqual(
    convTranspose1d(tensor([[1, 10]]), tensor([[[1, 2, 3]]]), null, {
      stride: 2,
    }).toArray(),
    [[1, 2, 13, 20, 30]],
  );
});

Deno.test("unfold() and fold() are adjoint, as F.unfold and F.fold", () => {
  const options = {
    stride: [2, 1] as [number, number],
    padding: 1,
    dilation: [1, 2] as [number, number],
  };
  const x = f64([2, 3, 6, 7]);
  const cols = unfold(x, [3, 2], options);
  // (6 + 2 - 3) / 2 + 1 = 3 rows, (7 + 2 - 2·1 - 1) / 1 + 1 = 7 columns of windows
  assert.deepEqual(cols.shape, [2, 18, 21]);
  const y = f64([2, 18, 21]);
  const back = fold(y, [6, 7], [3, 2], options);
  assertClose(cols.mul(y).sum(), x.mul(back).sum().item(), { rtol: 1e-12 });
  // Unbatched forms.
  assert.deepEqual(unfold(x.narrow(0, 0, 1).squeeze(0), 2).shape, [12, 30]);
  assert.deepEqual(fold(zeros([12, 30], { dtype: "float64" }), [6, 7], 2).shape, [3, 6, 7]);
});

Deno.test("conv2d() and friends reject bad shapes, sizes and options with clear errors", () => {
  const x = ones([1, 1, 5, 5]);
  const w = ones([8, 1, 3, 3]);
  const shape = (fn: () => unknown, message: RegExp | string) =>
    assert.throws(fn, { name: "ShapeError", message });
  const range = (fn: () => unknown, message: RegExp | string) =>
    assert.throws(fn, { name: "RangeError", message });
  shape(
    () => conv2d(ones([1, 1, 2, 2]), w),
    "Cannot convolve [1, 1, 2, 2] with weight [8, 1, 3, 3] in conv2d(): the padded input size " +
      "[2, 2] is smaller than the dilated kernel size [3, 3] (kernel [3, 3], dilation [1, 1])",
  );
  shape(() => conv2d(ones([1, 1, 4, 4]), w, null, { dilation: 2 }), /kernel size \[5, 5\]/);
  shape(
    () => conv2d(ones([1, 4, 5, 5]), ones([6, 2, 3, 3]), null, { groups: 4 }),
    "Cannot convolve [1, 4, 5, 5] with weight [6, 2, 3, 3] in conv2d(): the weight's 6 output " +
      "channels are not divisible by groups 4",
  );
  shape(
    () => conv2d(ones([2, 3, 5, 5]), w),
    "Cannot convolve [2, 3, 5, 5] with weight [8, 1, 3, 3] in conv2d(): the input has 3 " +
      "channels, the weight expects 1",
  );
  shape(
    () => conv2d(ones([1, 5, 5, 5]), ones([6, 2, 3, 3]), null, { groups: 2 }),
    /the input has 5 channels, the weight expects 4 \(2 per group × groups 2\)/,
  );
  // A batch of 28x28 images without a channel dimension reads as one sample of 28 channels.
  shape(
    () => conv2d(ones([4, 28, 28]), w),
    /conv2d\(\): the input has 4 channels, the weight expects 1 \(a 3-d input is one unbatched sample \[C, H, W\]; add a batch dimension/,
  );
  shape(
    () => conv2d(ones([28, 28]), w),
    "Cannot convolve [28, 28] with weight [8, 1, 3, 3] in conv2d(): expected a 3-d (unbatched) " +
      "or 4-d (batched) input, got 2-d",
  );
  shape(() => conv2d(x, ones([8, 1, 3])), /conv2d\(\): the weight must be 4-d \[outChannels/);
  shape(() => conv2d(x, w, ones([4])), /conv2d\(\): the bias has shape \[4\], expected \[8\]/);
  shape(() => conv1d(x, ones([8, 1, 3])), /conv1d\(\): expected a 2-d \(unbatched\) or 3-d/);
  range(
    () => conv2d(x, w, null, { stride: 0 }),
    "Cannot convolve in conv2d(): stride must be a positive integer or a pair of them, got 0",
  );
  range(() => conv2d(x, w, null, { stride: [1, 1, 1] as never }), /got \[1, 1, 1\]/);
  range(() => conv2d(x, w, null, { dilation: 0 }), /conv2d\(\): dilation must be a positive/);
  range(() => conv2d(x, w, null, { padding: -1 }), /padding must be a non-negative integer/);
  range(() => conv2d(x, w, null, { groups: 0 }), /conv2d\(\): groups must be a positive integer/);
  range(
    () => conv2d(x, w, null, { stride: 2, padding: "same" }),
    'Cannot convolve in conv2d(): padding "same" needs stride 1, got stride 2',
  );
  range(() => conv2d(x, w, null, { padding: "full" as never }), /"valid" or "same", got "full"/);
  assert.throws(() => conv2d(x, ones([8, 1, 3, 3], { dtype: "float64" })), {
    name: "DTypeError",
    message: "Cannot convolve a float32 input with a float64 weight in conv2d(): all need one " +
      "dtype; convert with float() or double()",
  });
  assert.throws(() => conv2d(ones([1, 1, 5, 5], { dtype: "int32" }), w), {
    name: "DTypeError",
    message: /conv2d\(\): only float32 and float64/,
  });
  assert.throws(() => conv2d([1, 2] as never, w), { name: "TypeError", message: /a Tensor/ });
  assert.throws(() => conv2d(x, w, null, { strides: 2 } as never), {
    name: "TypeError",
    message: /conv2d\(\): unknown option "strides"/,
  });
  // Transposed convolutions.
  range(
    () => convTranspose2d(ones([1, 2, 3, 3]), ones([2, 1, 3, 3]), null, { outputPadding: 1 }),
    "Cannot convolve in convTranspose2d(): outputPadding 1 must be smaller than the stride 1 " +
      "or the dilation 1",
  );
  shape(
    () => convTranspose2d(ones([1, 3, 3, 3]), ones([2, 1, 3, 3])),
    "Cannot convolve [1, 3, 3, 3] with weight [2, 1, 3, 3] in convTranspose2d(): the input has " +
      "3 channels, the weight expects 2",
  );
  shape(
    () => convTranspose2d(ones([1, 2, 1, 1]), ones([2, 1, 1, 1]), null, { padding: 1 }),
    /convTranspose2d\(\): the output size \[-1, -1\] would be empty/,
  );
  shape(
    () => convTranspose1d(ones([1, 3, 4]), ones([3, 2, 2]), null, { groups: 2 }),
    /convTranspose1d\(\): the weight's 3 input channels are not divisible by groups 2/,
  );
  // unfold and fold.
  shape(
    () => unfold(ones([1, 1, 2, 2]), 3),
    "Cannot unfold [1, 1, 2, 2] in unfold(): the padded input size [2, 2] is smaller than the " +
      "dilated kernel size [3, 3] (kernel [3, 3], dilation [1, 1])",
  );
  shape(() => unfold(ones([9, 9]), 3), /unfold\(\): expected a 3-d \(unbatched\) or 4-d/);
  range(() => unfold(x, 0), /unfold\(\): kernelSize must be a positive integer/);
  shape(
    () => fold(ones([9, 8]), [5, 5], 3),
    "Cannot fold [9, 8] into outputSize [5, 5] in fold(): it has 8 columns, but kernel [3, 3], " +
      "stride [1, 1], padding [0, 0] and dilation [1, 1] give 3 × 3 = 9 window positions",
  );
  shape(
    () => fold(ones([10, 9]), [5, 5], 3),
    /fold\(\): its 10 rows are not divisible by the 9 taps of kernel \[3, 3\]/,
  );
  shape(() => fold(ones([1, 1, 9, 9]), [5, 5], 3), /fold\(\): expected a 2-d \(unbatched\)/);
  range(() => fold(ones([9, 9]), [5, 0], 3), /fold\(\): outputSize must be a positive/);
});
