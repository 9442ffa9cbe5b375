/**
 * The tensor engine: n-dimensional arrays with PyTorch-style reverse-mode
 * automatic differentiation, broadcasting, views and in-place updates, on
 * plain typed arrays.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { noGrad, tensor } from "@nabla/autograd/tensor";
 * const w = tensor([[1, -1], [2, 0]], { requiresGrad: true });
 * const x = tensor([[1], [2]]);
 * const loss = w.mul(x.T).sum(1).tanh().square().mean(); // broadcasting [2, 2] * [1, 2]
 * loss.backward();
 * assert.deepEqual(w.grad?.shape, [2, 2]);
 * noGrad(() => w.sub_(w.grad!, { alpha: 0.1 })); // one gradient step
 * ```
 *
 * @module
 */
export {
  allocate,
  type DType,
  isDType,
  isFloatingPoint,
  promoteTypes,
  type TypedArray,
} from "./dtype.ts";
export {
  AutogradError,
  type AutogradErrorOptions,
  DTypeError,
  type DTypeErrorOptions,
  ShapeError,
  type ShapeErrorOptions,
} from "./errors.ts";
export {
  type AddcmulOptions,
  type AlphaOptions,
  type NestedArray,
  peekGrad,
  type ReduceOptions,
  Tensor,
  type TensorBackwardOptions,
  type VarOptions,
} from "./tensor.ts";
export { Storage } from "./storage.ts";
export { checkOptions } from "./options.ts";
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  tensor,
  type TensorData,
  type TensorOptions,
  zeros,
  zerosLike,
} from "./factory.ts";
export { manualSeed, rand, randint, randn, type RandomOptions } from "./random.ts";
export type { Random } from "../random/mod.ts";
export { AutogradFunction, enableGrad, isGradEnabled, noGrad } from "./autograd.ts";
export { grad, type GradOptions } from "./grad.ts";
export { type NamedParameters, type TensorDotOptions, tensorToDot } from "./graph.ts";
export {
  assertClose,
  type AssertCloseOptions,
  gradcheck,
  type GradcheckFunction,
  type GradcheckOptions,
  gradgradcheck,
  type GradgradcheckOptions,
} from "./gradcheck.ts";
export { where } from "./ops/elementwise.ts";
export { cat, type PadOptions, type SliceOptions, stack } from "./ops/movement.ts";
export { oneHot } from "./ops/indexing.ts";
export { linear, type LinearFunctionOptions, matmul } from "./ops/matmul.ts";
export {
  type Backend,
  getBackend,
  getNumThreads,
  isBackendAvailable,
  setBackend,
  type SetBackendOptions,
  setNumThreads,
} from "./kernels/backend.ts";
// activations and normalization (functional forms, PyTorch's F.*)
export {
  elu,
  type EluOptions,
  hardtanh,
  type HardtanhOptions,
  leakyRelu,
  type LeakyReluOptions,
  logSigmoid,
  silu,
  softplus,
  type SoftplusOptions,
} from "./ops/activation.ts";
export {
  batchNorm,
  type BatchNormOptions,
  groupNorm,
  layerNorm,
  type NormOptions,
} from "./ops/normalization.ts";
export { type ChannelDropoutOptions, dropout1d, dropout2d } from "./ops/dropout.ts";
// ---- indexing, sorting, scans and sampling (issue 9)
export { embedding, type EmbeddingOptions, type IndexAddOptions } from "./ops/indexing.ts";
export type { SortOptions, TopkOptions, ValuesIndices } from "./ops/sort.ts";
export {
  bernoulli,
  type BernoulliOptions,
  multinomial,
  type MultinomialOptions,
  randperm,
  type RandpermOptions,
} from "./sampling.ts";
// ---- end
// convolution and pooling (torch.nn.functional's names; also exported by nn/mod.ts)
export {
  conv1d,
  type Conv1dOptions,
  conv2d,
  type Conv2dOptions,
  convTranspose1d,
  type ConvTranspose1dOptions,
  convTranspose2d,
  type ConvTranspose2dOptions,
  fold,
  unfold,
  type UnfoldOptions,
} from "./ops/conv.ts";
export {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  type AvgPool1dOptions,
  avgPool2d,
  type AvgPool2dOptions,
  maxPool1d,
  type MaxPool1dOptions,
  maxPool2d,
  type MaxPool2dOptions,
  type MaxPoolResult,
} from "./ops/pooling.ts";
// attention (functional form, PyTorch's F.scaled_dot_product_attention), issue 9 (language)
export {
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
} from "./ops/attention.ts";
