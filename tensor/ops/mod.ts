/**
 * The op registry: every primitive (an op with its own backward rule or its
 * own kernel). Everything else in `ops/` is composed from these, so a test
 * that gradchecks each entry covers the whole engine.
 *
 * @module
 */
import type { AutogradFunction } from "../autograd.ts";
import { Add, Cast, Div, Exp, Log, Maximum, Mul, Neg, Pow, Sqrt, Where } from "./elementwise.ts";
import { Erf, Gelu, Relu, Sigmoid, Tanh } from "./activation.ts";
import { Ceil, Cos, Expm1, Floor, Log10, Log1p, Log2, Round, Sign, Sin, Trunc } from "./math.ts";
import { NativeBatchNorm, NativeLayerNorm } from "./normalization.ts";
import { AttentionSoftmax } from "./attention.ts";
import { LogSoftmax, Max, Sum } from "./reduce.ts";
import { Cat, Contiguous, Expand, Pad, Permute, Reshape, Slice } from "./movement.ts";
import { Gather, ScatterAdd } from "./indexing.ts";
import { Linear, Matmul } from "./matmul.ts";
// ---- indexing, sorting, scans (issue 9)
import { Scatter } from "./indexing.ts";
import { Flip } from "./rearrange.ts";
import { Cumprod, Cumsum } from "./scan.ts";
// ---- end
// convolution and pooling
import { Conv2d, ConvTranspose2d, ConvWeight, Fold, Unfold } from "./conv.ts";
import { AvgPool, AvgPoolBackward, MaxPool, MaxPoolBackward } from "./pooling.ts";

export * from "./elementwise.ts";
export * from "./activation.ts";
export * from "./math.ts";
export * from "./normalization.ts";
export * from "./dropout.ts";
export * from "./attention.ts";
export * from "./reduce.ts";
export * from "./movement.ts";
export * from "./indexing.ts";
export * from "./matmul.ts";
// ---- indexing, sorting, scans (issue 9)
export * from "./mask.ts";
export * from "./rearrange.ts";
export * from "./scan.ts";
export * from "./sort.ts";
// ---- end
// convolution and pooling
export * from "./conv.ts";
export * from "./pooling.ts";

/** A primitive op: its name and class (`null` for comparisons, which have no gradient). */
export interface Primitive {
  /** The op's name, as used by Tensor methods (`"mul"`, `"sum"`). */
  readonly name: string;
  /** The AutogradFunction that implements it, or `null` if it is not differentiable. */
  readonly op: (abstract new () => AutogradFunction) | null;
}

/** Every primitive op; each needs a gradcheck case (comparisons excepted). */
export const PRIMITIVES: readonly Primitive[] = [
  { name: "neg", op: Neg },
  { name: "exp", op: Exp },
  { name: "log", op: Log },
  { name: "sqrt", op: Sqrt },
  { name: "add", op: Add },
  { name: "mul", op: Mul },
  { name: "div", op: Div },
  { name: "pow", op: Pow },
  { name: "maximum", op: Maximum },
  { name: "where", op: Where },
  { name: "to", op: Cast },
  { name: "relu", op: Relu },
  { name: "tanh", op: Tanh },
  { name: "sigmoid", op: Sigmoid },
  { name: "erf", op: Erf },
  { name: "gelu", op: Gelu },
  // math functions
  { name: "sin", op: Sin },
  { name: "cos", op: Cos },
  { name: "log2", op: Log2 },
  { name: "log10", op: Log10 },
  { name: "log1p", op: Log1p },
  { name: "expm1", op: Expm1 },
  { name: "sign", op: Sign },
  { name: "floor", op: Floor },
  { name: "ceil", op: Ceil },
  { name: "round", op: Round },
  { name: "trunc", op: Trunc },
  // normalization, fused for speed
  { name: "batchNorm", op: NativeBatchNorm },
  { name: "layerNorm", op: NativeLayerNorm },
  { name: "attentionSoftmax", op: AttentionSoftmax },
  { name: "sum", op: Sum },
  { name: "max", op: Max },
  { name: "logSoftmax", op: LogSoftmax },
  { name: "expand", op: Expand },
  { name: "reshape", op: Reshape },
  { name: "permute", op: Permute },
  { name: "contiguous", op: Contiguous },
  { name: "slice", op: Slice },
  { name: "pad", op: Pad },
  { name: "cat", op: Cat },
  { name: "gather", op: Gather },
  { name: "scatterAdd", op: ScatterAdd },
  { name: "matmul", op: Matmul },
  { name: "linear", op: Linear },
  // ---- indexing, sorting, scans (issue 9)
  { name: "scatter", op: Scatter },
  { name: "flip", op: Flip },
  { name: "cumsum", op: Cumsum },
  { name: "cumprod", op: Cumprod },
  // ---- end
  // convolution and pooling
  { name: "unfold", op: Unfold },
  { name: "fold", op: Fold },
  { name: "conv2d", op: Conv2d },
  { name: "convTranspose2d", op: ConvTranspose2d },
  { name: "convWeight", op: ConvWeight },
  { name: "maxPool", op: MaxPool },
  { name: "maxPoolBackward", op: MaxPoolBackward },
  { name: "avgPool", op: AvgPool },
  { name: "avgPoolBackward", op: AvgPoolBackward },
  { name: "eq", op: null },
  { name: "ne", op: null },
  { name: "lt", op: null },
  { name: "le", op: null },
  { name: "gt", op: null },
  { name: "ge", op: null },
];
