/**
 * Neural network building blocks in PyTorch's mould: `Module` (parameters
 * and submodules found from a model's fields, `stateDict()` keys as in
 * PyTorch), the layers `Linear`, `Embedding`, `Sequential`, `Dropout`,
 * `Flatten`, the activations and normalization (`BatchNorm2d`, `GroupNorm`,
 * `LayerNorm`...); activations, normalization, lookups and losses also in
 * functional form (PyTorch's `F.*`: `silu`, `batchNorm`, `embedding`,
 * `crossEntropy`), and the initialisers of `torch.nn.init` under the `init`
 * namespace. Modules are called through `forward(x)`.
 * Convolution and pooling layers (`Conv2d`, `MaxPool2d`, ...) come with the
 * functional forms of `torch.nn.functional` (`conv2d`, `maxPool2d`, ...),
 * which are tensor ops re-exported here; so does `MultiheadAttention`, with
 * `scaledDotProductAttention` (`F.scaled_dot_product_attention`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   crossEntropy,
 *   Linear,
 *   manualSeed,
 *   noGrad,
 *   randn,
 *   ReLU,
 *   Sequential,
 *   tensor,
 * } from "@nabla/autograd";
 * manualSeed(0);
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
 * const x = randn([32, 2]);
 * const y = x.sum(1).gt(0).to("int32"); // class 1 when x0 + x1 > 0
 * const losses: number[] = [];
 * for (let step = 0; step < 50; step++) {
 *   model.zeroGrad();
 *   const loss = crossEntropy(model.forward(x), y);
 *   loss.backward();
 *   noGrad(() => model.parameters().forEach((p) => p.sub_(p.grad!, { alpha: 0.5 })));
 *   losses.push(loss.item());
 * }
 * assert.ok(losses[49] < losses[0] / 2);
 * ```
 *
 * @module
 */
export {
  type AnyModule,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  Module,
  type ModuleZeroGradOptions,
  Parameter,
  type ParameterOptions,
  type RegisterBufferOptions,
} from "./module.ts";
export { ModuleDict, ModuleList } from "./container.ts";
export { Linear, type LinearOptions } from "./linear.ts";
export { GELU, type GELUOptions, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from "./activation.ts";
export { Sequential } from "./sequential.ts";
export { Dropout, type DropoutOptions } from "./dropout.ts";
export { Flatten } from "./flatten.ts";
// activations, normalization and channel dropout, issues 8 and 9 (norm): modules, then F.*
export { ELU, Hardtanh, LeakyReLU, LogSigmoid, SiLU, Softplus } from "./activation.ts";
export {
  BatchNorm1d,
  BatchNorm2d,
  BatchNormBase,
  type BatchNormModuleOptions,
  GroupNorm,
  type GroupNormOptions,
  LayerNorm,
  type LayerNormOptions,
} from "./normalization.ts";
export { Dropout1d, Dropout2d } from "./dropout.ts";
export {
  batchNorm,
  type BatchNormOptions,
  type ChannelDropoutOptions,
  dropout1d,
  dropout2d,
  elu,
  type EluOptions,
  groupNorm,
  hardtanh,
  type HardtanhOptions,
  layerNorm,
  leakyRelu,
  type LeakyReluOptions,
  logSigmoid,
  type NormOptions,
  silu,
  softplus,
  type SoftplusOptions,
} from "../tensor/mod.ts";
export {
  BCELoss,
  type BCELossOptions,
  BCEWithLogitsLoss,
  type BCEWithLogitsLossOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  CrossEntropyLoss,
  type CrossEntropyOptions,
  type LossOptions,
  MSELoss,
  mseLoss,
  NLLLoss,
  nllLoss,
  type NLLLossOptions,
  type Reduction,
} from "./loss.ts";
// attention, issue 9 (language): the layer, then F.scaled_dot_product_attention
export {
  MultiheadAttention,
  type MultiheadAttentionForwardOptions,
  type MultiheadAttentionOptions,
  NonDynamicallyQuantizableLinear,
} from "./attention.ts";
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from "../tensor/mod.ts";
export * as init from "./init.ts";
export { clipGradNorm_, type ClipGradNormOptions, clipGradValue_ } from "./clip_grad.ts";
export * as utils from "./utils.ts";
// ---- embeddings (issue 9)
export { Embedding, type EmbeddingModuleOptions, type FromPretrainedOptions } from "./embedding.ts";
export { embedding, type EmbeddingOptions } from "../tensor/mod.ts";
// ---- end
// convolution and pooling: the layers, and the functional forms (PyTorch's
// torch.nn.functional names), which live in tensor/ and are re-exported here
export {
  Conv1d,
  type Conv1dLayerOptions,
  Conv2d,
  type Conv2dLayerOptions,
  type ConvLayerOptions,
  ConvNd,
  ConvTranspose1d,
  type ConvTranspose1dLayerOptions,
  ConvTranspose2d,
  type ConvTranspose2dLayerOptions,
} from "./conv.ts";
export {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  MaxPool1d,
  MaxPool2d,
  MaxPoolNd,
  type MaxPoolOutput,
} from "./pooling.ts";
export {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  type AvgPool1dOptions,
  avgPool2d,
  type AvgPool2dOptions,
  conv1d,
  type Conv1dOptions,
  conv2d,
  type Conv2dOptions,
  convTranspose1d,
  type ConvTranspose1dOptions,
  convTranspose2d,
  type ConvTranspose2dOptions,
  fold,
  maxPool1d,
  type MaxPool1dOptions,
  maxPool2d,
  type MaxPool2dOptions,
  type MaxPoolResult,
  unfold,
  type UnfoldOptions,
} from "../tensor/mod.ts";
