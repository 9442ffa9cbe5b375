/**
 * Finite-difference gradient checks, one or more per op: every primitive of
 * `PRIMITIVES` (checked by ops_test.ts) and the composites. Each module's test
 * file runs the cases of its module. Inputs are float64 and avoid the points
 * where an op is not differentiable (ties, 0 for relu/abs, x <= 0 for log).
 */
import { Random } from "../../random/mod.ts";
import {
  batchNorm,
  cat,
  dropout2d,
  elu,
  groupNorm,
  hardtanh,
  layerNorm,
  leakyRelu,
  linear,
  logSigmoid,
  randn,
  silu,
  softplus,
  stack,
  type Tensor,
  tensor,
  where,
} from "../../tensor/mod.ts";
// convolution and pooling
import {
  avgPool2d,
  conv2d,
  convTranspose2d,
  fold,
  grad,
  maxPool2d,
  unfold,
} from "../../tensor/mod.ts";
import { scaledDotProductAttention } from "../../tensor/mod.ts";
import { AttentionSoftmax } from "../../tensor/ops/attention.ts";

/** One gradient check. */
export interface GradCase {
  /** The op's name (a PRIMITIVES name for primitives). */
  name: string;
  /** The test file that runs it. */
  module:
    | "elementwise"
    | "activation"
    | "reduce"
    | "movement"
    | "matmul"
    | "indexing"
    | "attention"
    | "math"
    | "normalization"
    // ---- issue 9
    | "rearrange"
    | "scan"
    | "sort"
    | "mask"
    | "conv"
    | "pooling";
  /** The function under test. */
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  /** Builds fresh inputs (float64; those to check require grad). */
  inputs: () => Tensor[];
  /** Finite-difference step, when the default 1e-6 does not suit. */
  eps?: number;
}

const rng = new Random(2024);
const x = (shape: number[]) =>
  randn(shape, { dtype: "float64", requiresGrad: true, generator: rng });
const positive = (shape: number[]) => {
  const t = randn(shape, { dtype: "float64", generator: rng }).abs().add(0.5);
  t.requiresGrad = true;
  return t;
};
const f64 = (data: number[] | number[][], requiresGrad = true) =>
  tensor(data, { dtype: "float64", requiresGrad });

export const GRAD_CASES: GradCase[] = [
  // elementwise primitives
  { name: "neg", module: "elementwise", fn: (a) => a.neg(), inputs: () => [x([2, 3])] },
  { name: "exp", module: "elementwise", fn: (a) => a.exp(), inputs: () => [x([2, 3])] },
  { name: "log", module: "elementwise", fn: (a) => a.log(), inputs: () => [positive([2, 3])] },
  { name: "sqrt", module: "elementwise", fn: (a) => a.sqrt(), inputs: () => [positive([2, 3])] },
  {
    name: "add",
    module: "elementwise",
    fn: (a, b) => a.add(b),
    inputs: () => [x([2, 3]), x([2, 3])],
  },
  {
    name: "mul",
    module: "elementwise",
    fn: (a, b) => a.mul(b),
    inputs: () => [x([2, 3]), x([2, 3])],
  },
  {
    name: "div",
    module: "elementwise",
    fn: (a, b) => a.div(b),
    inputs: () => [x([2, 3]), positive([2, 3])],
  },
  {
    name: "pow",
    module: "elementwise",
    fn: (a, b) => a.pow(b),
    inputs: () => [positive([2, 3]), x([2, 3])],
  },
  {
    name: "pow (number exponent)",
    module: "elementwise",
    fn: (a) => a.pow(3),
    inputs: () => [x([4])],
  },
  {
    name: "maximum",
    module: "elementwise",
    fn: (a, b) => a.maximum(b),
    inputs: () => [f64([1, -2, 3, 0.5]), f64([2, -3, 1, 0.25])],
  },
  {
    name: "where",
    module: "elementwise",
    fn: (c, a, b) => where(c, a, b),
    inputs: () => [tensor([true, false, true]), x([3]), x([2, 3])],
  },
  {
    // NOTE: goes through float32, so x ± eps must be representable in float32.
    name: "to",
    module: "elementwise",
    fn: (a) => a.float().double().mul(a),
    inputs: () => [f64([0.5, 1.25, -2])],
    eps: 2 ** -10,
  },
  // elementwise composites
  { name: "sub", module: "elementwise", fn: (a, b) => a.sub(b), inputs: () => [x([2, 3]), x([3])] },
  {
    name: "minimum",
    module: "elementwise",
    fn: (a, b) => a.minimum(b),
    inputs: () => [f64([1, -2, 3]), f64([2, -3, 1])],
  },
  { name: "abs", module: "elementwise", fn: (a) => a.abs(), inputs: () => [f64([-1.5, 2, -0.5])] },
  { name: "square", module: "elementwise", fn: (a) => a.square(), inputs: () => [x([2, 2])] },
  {
    name: "clamp",
    module: "elementwise",
    fn: (a) => a.clamp(-0.5, 0.5),
    inputs: () => [f64([-1, -0.25, 0.1, 0.75])],
  },
  // activations
  {
    name: "relu",
    module: "activation",
    fn: (a) => a.relu(),
    inputs: () => [f64([-1, 0.5, 2, -0.1])],
  },
  { name: "tanh", module: "activation", fn: (a) => a.tanh(), inputs: () => [x([2, 3])] },
  { name: "sigmoid", module: "activation", fn: (a) => a.sigmoid(), inputs: () => [x([2, 3])] },
  { name: "erf", module: "activation", fn: (a) => a.erf(), inputs: () => [x([2, 3])] },
  { name: "gelu", module: "activation", fn: (a) => a.gelu(), inputs: () => [x([2, 3])] },
  { name: "silu", module: "activation", fn: (a) => silu(a), inputs: () => [x([2, 3])] },
  {
    name: "softplus (both sides of the threshold)",
    module: "activation",
    fn: (a) => softplus(a, { beta: 2, threshold: 3 }),
    inputs: () => [f64([-30, -1, 0.5, 1.4, 1.6, 40])],
  },
  {
    name: "leakyRelu",
    module: "activation",
    fn: (a) => leakyRelu(a, { negativeSlope: 0.2 }),
    inputs: () => [f64([-2, -0.1, 0.3, 5])],
  },
  {
    name: "elu",
    module: "activation",
    fn: (a) => elu(a, { alpha: 0.7 }),
    inputs: () => [f64([-800, -2, -0.1, 0.3, 800])],
  },
  {
    name: "logSigmoid",
    module: "activation",
    fn: (a) => logSigmoid(a),
    inputs: () => [f64([-800, -3, -0.2, 0.4, 5, 800])],
  },
  {
    name: "hardtanh",
    module: "activation",
    fn: (a) => hardtanh(a, { minVal: -0.5, maxVal: 2 }),
    inputs: () => [f64([-3, -0.4, 0.7, 1.9, 2.5])],
  },
  // math functions: primitives, then composites (rounding checked between integers)
  { name: "sin", module: "math", fn: (a) => a.sin(), inputs: () => [x([2, 3])] },
  { name: "cos", module: "math", fn: (a) => a.cos(), inputs: () => [x([2, 3])] },
  { name: "log2", module: "math", fn: (a) => a.log2(), inputs: () => [positive([2, 3])] },
  { name: "log10", module: "math", fn: (a) => a.log10(), inputs: () => [positive([2, 3])] },
  {
    name: "log1p",
    module: "math",
    fn: (a) => a.log1p(),
    inputs: () => [f64([-0.9, -0.25, 0, 1e-8, 3])],
  },
  { name: "expm1", module: "math", fn: (a) => a.expm1(), inputs: () => [x([2, 3])] },
  ...(["sign", "floor", "ceil", "round", "trunc"] as const).map((name) => ({
    name,
    module: "math" as const,
    fn: (a: Tensor) => a[name](),
    inputs: () => [f64([-1.75, -0.25, 0.3, 1.5001, 2.9])],
  })),
  { name: "rsqrt", module: "math", fn: (a) => a.rsqrt(), inputs: () => [positive([2, 3])] },
  { name: "reciprocal", module: "math", fn: (a) => a.reciprocal(), inputs: () => [x([2, 3])] },
  // normalization (composed) and channel dropout with a fixed mask
  {
    name: "batchNorm",
    module: "normalization",
    fn: (a, w, b) => batchNorm(a, null, null, w, b, { training: true }),
    inputs: () => [x([3, 2, 2]), x([2]), x([2])],
  },
  {
    name: "batchNorm (evaluation)",
    module: "normalization",
    fn: (a, w, b) => batchNorm(a, f64([0.5, -1], false), f64([2, 0.25], false), w, b, { eps: 0.1 }),
    inputs: () => [x([2, 2, 3]), x([2]), x([2])],
  },
  {
    name: "groupNorm",
    module: "normalization",
    fn: (a, w, b) => groupNorm(a, 2, w, b),
    inputs: () => [x([2, 4, 3]), x([4]), x([4])],
  },
  {
    name: "layerNorm",
    module: "normalization",
    fn: (a, w, b) => layerNorm(a, [2, 3], w, b),
    inputs: () => [x([2, 2, 3]), x([2, 3]), x([2, 3])],
  },
  // attention's fused softmax (scaled, causal or not), directly and through attention
  {
    name: "attentionSoftmax",
    module: "attention",
    fn: (a) => AttentionSoftmax.apply(a, 0.7, true),
    inputs: () => [x([2, 3, 4])],
  },
  {
    name: "attentionSoftmax (not causal)",
    module: "attention",
    fn: (a) => AttentionSoftmax.apply(a, -1.5, false),
    inputs: () => [x([3, 2])],
  },
  {
    name: "attentionSoftmax (in scaledDotProductAttention)",
    module: "attention",
    fn: (q, k, v) => scaledDotProductAttention(q, k, v, { isCausal: true }),
    inputs: () => [x([2, 3, 2]), x([2, 4, 2]), x([2, 4, 3])],
  },
  {
    name: "dropout2d (seeded mask)",
    module: "normalization",
    fn: (a) => dropout2d(a, { p: 0.5, generator: new Random(3) }),
    inputs: () => [x([2, 3, 2, 2])],
  },
  // reductions
  { name: "sum", module: "reduce", fn: (a) => a.sum(), inputs: () => [x([2, 3])] },
  {
    name: "sum (dims, keepdim)",
    module: "reduce",
    fn: (a) => a.sum([0, 2], { keepdim: true }),
    inputs: () => [x([2, 3, 2])],
  },
  { name: "sum (transposed)", module: "reduce", fn: (a) => a.T.sum(1), inputs: () => [x([3, 2])] },
  { name: "mean", module: "reduce", fn: (a) => a.mean(-1), inputs: () => [x([2, 3])] },
  { name: "max", module: "reduce", fn: (a) => a.amax(1), inputs: () => [x([3, 4])] },
  {
    name: "max (all dims, keepdim)",
    module: "reduce",
    fn: (a) => a.amax(undefined, { keepdim: true }),
    inputs: () => [x([2, 3])],
  },
  {
    // NOTE: at a two-way tie, central differences see slopes 1 and 0: 0.5, the even split.
    name: "max (two-way tie, strided)",
    module: "reduce",
    fn: (a) => a.T.amax(0),
    inputs: () => [f64([[1, 3], [1, -2], [0.5, 3]])],
  },
  { name: "min", module: "reduce", fn: (a) => a.amin([0, -1]), inputs: () => [x([2, 3, 2])] },
  { name: "var", module: "reduce", fn: (a) => a.var(1), inputs: () => [x([2, 4])] },
  {
    name: "var (correction 0, dims, keepdim)",
    module: "reduce",
    fn: (a) => a.var([0, 2], { correction: 0, keepdim: true }),
    inputs: () => [x([2, 2, 3])],
  },
  { name: "std", module: "reduce", fn: (a) => a.std(0), inputs: () => [x([3, 2])] },
  { name: "logsumexp", module: "reduce", fn: (a) => a.logsumexp(-1), inputs: () => [x([2, 4])] },
  {
    name: "logsumexp (all dims, large)",
    module: "reduce",
    fn: (a) => a.logsumexp(),
    inputs: () => [f64([[1e3, 999], [998.5, -1e3]])],
  },
  { name: "logSoftmax", module: "reduce", fn: (a) => a.logSoftmax(-1), inputs: () => [x([3, 4])] },
  {
    name: "logSoftmax (dim 0, strided)",
    module: "reduce",
    fn: (a) => a.T.logSoftmax(0),
    inputs: () => [x([2, 3])],
  },
  { name: "softmax", module: "reduce", fn: (a) => a.softmax(1), inputs: () => [x([2, 3, 2])] },
  // movement
  { name: "expand", module: "movement", fn: (a) => a.expand([2, 3, 4]), inputs: () => [x([3, 1])] },
  { name: "reshape", module: "movement", fn: (a) => a.reshape([3, 2]), inputs: () => [x([2, 3])] },
  {
    name: "reshape (copying)",
    module: "movement",
    fn: (a) => a.T.reshape([6]),
    inputs: () => [x([2, 3])],
  },
  {
    name: "permute",
    module: "movement",
    fn: (a) => a.permute([2, 0, 1]),
    inputs: () => [x([2, 3, 2])],
  },
  {
    name: "contiguous",
    module: "movement",
    fn: (a) => a.T.contiguous(),
    inputs: () => [x([2, 3])],
  },
  {
    name: "unsqueeze",
    module: "movement",
    fn: (a) => a.unsqueeze(1).mul(a.unsqueeze(0)),
    inputs: () => [x([3])],
  },
  { name: "squeeze", module: "movement", fn: (a) => a.squeeze(), inputs: () => [x([1, 3, 1])] },
  { name: "flatten", module: "movement", fn: (a) => a.flatten(1), inputs: () => [x([2, 2, 2])] },
  {
    name: "slice",
    module: "movement",
    fn: (a) => a.slice(1, { start: 1, step: 2 }),
    inputs: () => [x([2, 5])],
  },
  {
    name: "slice (transposed, negative start)",
    module: "movement",
    fn: (a) => a.T.slice(0, { start: -2 }),
    inputs: () => [x([2, 3])],
  },
  { name: "narrow", module: "movement", fn: (a) => a.narrow(0, 1, 2), inputs: () => [x([4, 2])] },
  { name: "pad", module: "movement", fn: (a) => a.pad([1, 2]), inputs: () => [x([2, 3])] },
  {
    name: "pad (two dimensions, crop, value)",
    module: "movement",
    fn: (a) => a.pad([-1, 1, 2, 0], { value: 3 }),
    inputs: () => [x([2, 3])],
  },
  {
    name: "cat",
    module: "movement",
    fn: (a, b, c) => cat([a, b, c], 1),
    inputs: () => [x([2, 1]), x([2, 3]), x([2, 2])],
  },
  {
    name: "cat (transposed input)",
    module: "movement",
    fn: (a, b) => cat([a.T, b]),
    inputs: () => [x([3, 2]), x([1, 3])],
  },
  {
    name: "stack",
    module: "movement",
    fn: (a, b) => stack([a, b], -1),
    inputs: () => [x([2, 3]), x([2, 3])],
  },
  // indexing
  {
    name: "gather",
    module: "indexing",
    fn: (a, i) => a.gather(1, i),
    inputs: () => [x([2, 3]), tensor([[2, 0, 2, 2], [1, 1, 0, 2]], { dtype: "int32" })],
  },
  {
    name: "gather (transposed input, smaller index)",
    module: "indexing",
    fn: (a, i) => a.T.gather(0, i),
    inputs: () => [x([3, 4]), tensor([[3, 0], [1, 1]], { dtype: "int32" })],
  },
  {
    name: "scatterAdd",
    module: "indexing",
    fn: (a, i, b) => a.scatterAdd(0, i, b),
    inputs: () => [x([3, 2]), tensor([[2, 0], [2, 2]], { dtype: "int32" }), x([2, 2])],
  },
  {
    name: "scatterAdd (larger src)",
    module: "indexing",
    fn: (a, i, b) => a.scatterAdd(-1, i, b),
    inputs: () => [x([2, 3]), tensor([[1], [0]], { dtype: "int32" }), x([2, 2])],
  },
  {
    name: "indexSelect",
    module: "indexing",
    fn: (a, i) => a.indexSelect(1, i),
    inputs: () => [x([2, 3]), tensor([2, 0, 2], { dtype: "int32" })],
  },
  // ---- indexing, sorting, scans (issue 9)
  {
    // NOTE: distinct positions: with repeats, PyTorch's rule (kept here) gives
    // every source the gradient although one write wins, unlike finite differences.
    name: "scatter",
    module: "indexing",
    fn: (a, i, b) => a.scatter(1, i, b),
    inputs: () => [x([2, 3]), tensor([[2, 0], [1, 2]], { dtype: "int32" }), x([2, 3])],
  },
  {
    name: "index",
    module: "indexing",
    fn: (a, i) => a.index(i),
    inputs: () => [x([3, 2]), tensor([[2, -1], [0, 0]], { dtype: "int32" })],
  },
  {
    name: "indexAdd",
    module: "indexing",
    fn: (a, i, b) => a.indexAdd(0, i, b, { alpha: -2 }),
    inputs: () => [x([3, 2]), tensor([2, 0, 2], { dtype: "int32" }), x([3, 2])],
  },
  {
    name: "flip",
    module: "rearrange",
    fn: (a) => a.T.flip([0, -1]),
    inputs: () => [x([3, 2])],
  },
  {
    name: "roll",
    module: "rearrange",
    fn: (a) => a.roll([1, -1], [0, 1]),
    inputs: () => [x([2, 3])],
  },
  { name: "repeat", module: "rearrange", fn: (a) => a.repeat(2, 1, 3), inputs: () => [x([2, 2])] },
  {
    name: "split",
    module: "rearrange",
    fn: (a) => a.split([1, 2], 1),
    inputs: () => [x([2, 3])],
  },
  { name: "cumsum", module: "scan", fn: (a) => a.T.cumsum(1), inputs: () => [x([3, 2])] },
  { name: "cumprod", module: "scan", fn: (a) => a.cumprod(-1), inputs: () => [x([2, 4])] },
  {
    name: "cumprod (zeros)",
    module: "scan",
    fn: (a) => a.cumprod(1),
    inputs: () => [f64([[2, 0, 3, 0, 4], [0, 0, 1.5, 2, 0.5], [1, -2, 0.5, 0, 3]])],
  },
  {
    name: "prod (zeros)",
    module: "scan",
    fn: (a) => a.prod(0),
    inputs: () => [f64([[2, 0, 3], [0, 0, 1.5], [-1, 0.5, 2]])],
  },
  {
    name: "sort",
    module: "sort",
    fn: (a) => a.sort(0, { descending: true }).values,
    inputs: () => [x([3, 2])],
  },
  { name: "topk", module: "sort", fn: (a) => a.topk(2).values, inputs: () => [x([2, 4])] },
  { name: "max (dim)", module: "sort", fn: (a) => a.max(1).values, inputs: () => [x([3, 4])] },
  {
    name: "maskedFill",
    module: "mask",
    fn: (a) => a.maskedFill(a.gt(0), 2),
    inputs: () => [x([2, 3])],
  },
  { name: "tril", module: "mask", fn: (a) => a.tril(-1), inputs: () => [x([2, 3, 3])] },
  // ---- end
  // matrix products
  {
    name: "matmul",
    module: "matmul",
    fn: (a, b) => a.matmul(b),
    inputs: () => [x([2, 3]), x([3, 4])],
  },
  {
    name: "linear",
    module: "matmul",
    fn: (a, w, b) => linear(a, w, b),
    inputs: () => [x([4, 3]), x([2, 3]), x([2])],
  },
  {
    name: "matmul (transposed operands)",
    module: "matmul",
    fn: (a, b) => a.T.matmul(b.T),
    inputs: () => [x([3, 2]), x([4, 3])],
  },
  {
    name: "matmul (broadcast batches)",
    module: "matmul",
    fn: (a, b) => a.matmul(b),
    inputs: () => [x([2, 1, 2, 3]), x([3, 3, 2])],
  },
  {
    name: "matmul (batch folded into rows)",
    module: "matmul",
    fn: (a, b) => a.matmul(b),
    inputs: () => [x([2, 2, 3]), x([3, 2])],
  },
  {
    name: "matmul (1-D operands)",
    module: "matmul",
    fn: (a, b, c) => a.matmul(b).mul(c.matmul(a).add(a.matmul(c)).sum()).add(a.matmul(b.matmul(a))),
    inputs: () => [x([3]), x([3, 3]), x([2, 3, 3])],
  },
  { name: "outer", module: "matmul", fn: (a, b) => a.outer(b), inputs: () => [x([2]), x([3])] },
  // convolution and pooling
  {
    name: "unfold",
    module: "conv",
    fn: (a) => unfold(a, [2, 3], { padding: 1, stride: [2, 1], dilation: [1, 2] }),
    inputs: () => [x([2, 2, 5, 6])],
  },
  {
    name: "fold",
    module: "conv",
    fn: (a) => fold(a, [5, 6], 2, { stride: 2, padding: 1 }),
    inputs: () => [x([2, 8, 12])],
  },
  {
    name: "conv2d",
    module: "conv",
    fn: (a, w, b) => conv2d(a, w, b, { padding: 1, groups: 2 }),
    inputs: () => [x([2, 4, 5, 5]), x([4, 2, 3, 3]), x([4])],
  },
  {
    name: "conv2d (strided columns)",
    module: "conv",
    fn: (a, w) => conv2d(a, w, null, { stride: [1, 2], padding: [0, 1] }),
    inputs: () => [x([2, 2, 4, 5]), x([3, 2, 2, 3])],
  },
  {
    name: "convTranspose2d",
    module: "conv",
    fn: (a, w, b) => convTranspose2d(a, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
    inputs: () => [x([2, 3, 3, 4]), x([3, 2, 3, 3]), x([2])],
  },
  {
    name: "convTranspose2d (stride 1, groups)",
    module: "conv",
    fn: (a, w) => convTranspose2d(a, w, null, { padding: 1, groups: 2 }),
    inputs: () => [x([1, 4, 3, 4]), x([4, 1, 3, 2])],
  },
  {
    // The weight gradient of a convolution, as a function of its input and of
    // the output gradient.
    name: "convWeight",
    module: "conv",
    fn: (a, g) => {
      const w = tensor([[[[0.5, -1], [2, 0.25]]], [[[1, 1], [-0.5, 3]]]], {
        dtype: "float64",
        requiresGrad: true,
      });
      return grad(conv2d(a, w, null, { padding: 1 }), w, { gradOutputs: g, createGraph: true })[0];
    },
    inputs: () => [x([2, 1, 3, 4]), x([2, 2, 4, 5])],
  },
  {
    name: "maxPool",
    module: "pooling",
    fn: (a) =>
      maxPool2d(a, [3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], ceilMode: true }),
    inputs: () => [x([2, 2, 5, 6])],
  },
  {
    // The input gradient of max pooling, as a function of the output gradient.
    name: "maxPoolBackward",
    module: "pooling",
    fn: (g) => {
      const a = tensor([[[[1, 5, 3], [4, 2, 6], [9, 8, 7]]]], {
        dtype: "float64",
        requiresGrad: true,
      });
      const y = maxPool2d(a, 2, { stride: 1, padding: 1 });
      return grad(y, a, { gradOutputs: g, createGraph: true })[0];
    },
    inputs: () => [x([1, 1, 4, 4])],
  },
  {
    name: "avgPool",
    module: "pooling",
    fn: (a) => avgPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    inputs: () => [x([2, 2, 5, 6])],
  },
  {
    // The input gradient of average pooling, as a function of the output gradient.
    name: "avgPoolBackward",
    module: "pooling",
    fn: (g) => {
      const a = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], {
        dtype: "float64",
        requiresGrad: true,
      });
      const y = avgPool2d(a, 2, { stride: 1, padding: 1 });
      return grad(y, a, { gradOutputs: g, createGraph: true })[0];
    },
    inputs: () => [x([1, 1, 4, 4])],
  },
];
