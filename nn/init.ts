/**
 * Weight initialisation, mirroring `torch.nn.init`: each function fills a
 * tensor in place (under `noGrad`, so parameters can be filled directly) and
 * returns it. The names drop PyTorch's trailing underscore; living under the
 * `init` namespace already tells them apart from the factories that create
 * new tensors (`init.zeros(w)` fills `w`, `zeros([2])` makes a tensor).
 * Random fills draw from the library-wide
 * generator (`manualSeed`) unless a `generator` is given.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, Linear } from "@nabla/autograd";
 * const layer = new Linear(64, 32);
 * init.kaimingNormal(layer.weight, { nonlinearity: "relu" });
 * init.zeros(layer.bias!);
 * assert.equal(layer.bias!.abs().sum().item(), 0);
 * ```
 *
 * @module
 */
import {
  checkOptions,
  DTypeError,
  noGrad,
  rand,
  randn,
  type Random,
  ShapeError,
  Tensor,
} from "../tensor/mod.ts";

/**
 * A nonlinearity known to {@linkcode calculateGain} (PyTorch's names in
 * camelCase: `leaky_relu` is `"leakyRelu"`).
 */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "convTranspose1d"
  | "convTranspose2d"
  | "convTranspose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leakyRelu"
  | "selu";

/** Which fan Kaiming initialisation preserves the variance of. */
export type FanMode = "fanIn" | "fanOut";

/** The generator option shared by the random fills. */
export interface GeneratorOptions {
  /**
   * The generator to draw from.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of {@linkcode uniform}. */
export interface UniformOptions extends GeneratorOptions {
  /**
   * Lower bound (inclusive).
   * @default 0
   */
  a?: number;
  /**
   * Upper bound.
   * @default 1
   */
  b?: number;
}

/** Options of {@linkcode normal}. */
export interface NormalOptions extends GeneratorOptions {
  /**
   * Mean of the distribution.
   * @default 0
   */
  mean?: number;
  /**
   * Standard deviation (≥ 0).
   * @default 1
   */
  std?: number;
}

/** Options of {@linkcode kaimingUniform} and {@linkcode kaimingNormal}. */
export interface KaimingOptions extends GeneratorOptions {
  /**
   * Negative slope of the rectifier that follows (used with `"leakyRelu"`).
   * @default 0
   */
  a?: number;
  /**
   * `"fanIn"` preserves the variance of activations in the forward pass,
   * `"fanOut"` that of gradients in the backward pass.
   * @default "fanIn"
   */
  mode?: FanMode;
  /**
   * The nonlinearity that follows, for {@linkcode calculateGain}.
   * @default "leakyRelu"
   */
  nonlinearity?: Nonlinearity;
}

/** Options of {@linkcode xavierUniform} and {@linkcode xavierNormal}. */
export interface XavierOptions extends GeneratorOptions {
  /**
   * Scaling factor, such as `calculateGain("tanh")`.
   * @default 1
   */
  gain?: number;
}

const GAINS: Record<Nonlinearity, number | null> = {
  linear: 1,
  conv1d: 1,
  conv2d: 1,
  conv3d: 1,
  convTranspose1d: 1,
  convTranspose2d: 1,
  convTranspose3d: 1,
  sigmoid: 1,
  tanh: 5 / 3,
  relu: Math.SQRT2,
  leakyRelu: null,
  selu: 3 / 4,
};

/**
 * The recommended gain for a nonlinearity, as PyTorch computes it: 1 for
 * linear, convolutions and sigmoid, 5/3 for tanh, √2 for ReLU,
 * √(2 / (1 + slope²)) for leaky ReLU (slope 0.01 by default), 3/4 for SELU.
 * @param nonlinearity The function that follows the layer.
 * @param param The negative slope, for `"leakyRelu"` only.
 * @returns The gain.
 * @example Gains
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@nabla/autograd";
 * assert.equal(init.calculateGain("relu"), Math.SQRT2);
 * assert.equal(init.calculateGain("tanh"), 5 / 3);
 * assert.equal(init.calculateGain("leakyRelu", 1), 1);
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (!Object.hasOwn(GAINS, nonlinearity)) {
    throw new RangeError(
      `Cannot compute the gain in calculateGain(): unsupported nonlinearity ${
        JSON.stringify(nonlinearity)
      }, expected one of ${Object.keys(GAINS).join(", ")}`,
    );
  }
  const gain = GAINS[nonlinearity];
  if (gain !== null) return gain;
  const slope = param ?? 0.01;
  if (typeof slope !== "number" || !Number.isFinite(slope)) {
    throw new RangeError(
      `Cannot compute the gain in calculateGain(): negative slope must be a finite number, got ${
        String(slope)
      }`,
    );
  }
  return Math.sqrt(2 / (1 + slope ** 2));
}

/**
 * Fills `tensor` with samples of the uniform distribution U(a, b).
 * @param tensor A float32 or float64 tensor.
 * @param options `a` (default 0), `b` (default 1), `generator`.
 * @returns `tensor`.
 * @example Uniform fill
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * const w = init.uniform(zeros([100]), { a: -2, b: 2 });
 * assert.ok((w.toArray() as number[]).every((v) => v >= -2 && v <= 2));
 * ```
 */
export function uniform(tensor: Tensor, options: UniformOptions = {}): Tensor {
  checkOptions("uniform", options, ["a", "b", "generator"]);
  const { a = 0, b = 1 } = options;
  checkFloat("uniform", tensor);
  if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b)) {
    throw new RangeError(
      `Cannot fill in uniform(): need finite bounds a <= b, got a = ${a}, b = ${b}`,
    );
  }
  return fillUniform(tensor, a, b, options.generator);
}

/**
 * Fills `tensor` with samples of the normal distribution N(mean, std²).
 * @param tensor A float32 or float64 tensor.
 * @param options `mean` (default 0), `std` (default 1), `generator`.
 * @returns `tensor`.
 * @example Normal fill
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, manualSeed, zeros } from "@nabla/autograd";
 * manualSeed(0);
 * const w = init.normal(zeros([10000]), { mean: 3, std: 0.5 });
 * assert.ok(Math.abs(w.mean().item() - 3) < 0.02);
 * ```
 */
export function normal(tensor: Tensor, options: NormalOptions = {}): Tensor {
  checkOptions("normal", options, ["mean", "std", "generator"]);
  const { mean = 0, std = 1 } = options;
  checkFloat("normal", tensor);
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) {
    throw new RangeError(
      `Cannot fill in normal(): need a finite mean and std >= 0, got mean = ${mean}, std = ${std}`,
    );
  }
  return fillNormal(tensor, mean, std, options.generator);
}

/**
 * Fills `tensor` with `value`.
 * @param tensor Any tensor.
 * @param value The value, converted to the tensor's dtype.
 * @returns `tensor`.
 * @example Constant fill
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * assert.deepEqual(init.constant(zeros([2]), 0.5).toArray(), [0.5, 0.5]);
 * ```
 */
export function constant(tensor: Tensor, value: number): Tensor {
  checkTensor("constant", tensor);
  return noGrad(() => tensor.fill_(value));
}

/**
 * Fills `tensor` with zeros.
 * @param tensor Any tensor.
 * @returns `tensor`.
 * @example Zero bias
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, ones } from "@nabla/autograd";
 * assert.deepEqual(init.zeros(ones([2])).toArray(), [0, 0]);
 * ```
 */
export function zeros(tensor: Tensor): Tensor {
  checkTensor("zeros", tensor);
  return noGrad(() => tensor.zero_());
}

/**
 * Fills `tensor` with ones.
 * @param tensor Any tensor.
 * @returns `tensor`.
 * @example Unit scale
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * assert.deepEqual(init.ones(zeros([2])).toArray(), [1, 1]);
 * ```
 */
export function ones(tensor: Tensor): Tensor {
  checkTensor("ones", tensor);
  return noGrad(() => tensor.fill_(1));
}

/**
 * Kaiming (He) uniform initialisation: U(−bound, bound) with
 * `bound = gain · √(3 / fan)`, `gain = calculateGain(nonlinearity, a)` and
 * `fan` the fan-in or fan-out. `Linear` uses it with `a = √5`, which gives
 * U(−1/√inFeatures, 1/√inFeatures).
 * @param tensor A float tensor of at least 2 dimensions, `[out, in, ...kernel]`.
 * @param options `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `tensor`.
 * @example For a ReLU network
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * const w = init.kaimingUniform(zeros([8, 50]), { nonlinearity: "relu" });
 * const bound = Math.SQRT2 * Math.sqrt(3 / 50);
 * assert.ok((w.toArray() as number[][]).flat().every((v) => Math.abs(v) <= bound));
 * ```
 */
export function kaimingUniform(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions("kaimingUniform", options, ["a", "mode", "nonlinearity", "generator"]);
  const std = kaimingStd("kaimingUniform", tensor, options);
  if (tensor.numel === 0) return tensor;
  const bound = Math.sqrt(3) * std;
  return fillUniform(tensor, -bound, bound, options.generator);
}

/**
 * Kaiming (He) normal initialisation: N(0, std²) with
 * `std = gain / √fan` (see {@linkcode kaimingUniform}).
 * @param tensor A float tensor of at least 2 dimensions.
 * @param options `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `tensor`.
 * @example Preserving the backward variance
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * const w = init.kaimingNormal(zeros([4, 3]), { mode: "fanOut", nonlinearity: "relu" });
 * assert.deepEqual(w.shape, [4, 3]);
 * ```
 */
export function kaimingNormal(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions("kaimingNormal", options, ["a", "mode", "nonlinearity", "generator"]);
  const std = kaimingStd("kaimingNormal", tensor, options);
  if (tensor.numel === 0) return tensor;
  return fillNormal(tensor, 0, std, options.generator);
}

/**
 * Xavier (Glorot) uniform initialisation: U(−bound, bound) with
 * `bound = gain · √(6 / (fanIn + fanOut))`.
 * @param tensor A float tensor of at least 2 dimensions.
 * @param options `gain` (default 1), `generator`.
 * @returns `tensor`.
 * @example For a tanh network
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * const w = init.xavierUniform(zeros([20, 30]), { gain: init.calculateGain("tanh") });
 * const bound = (5 / 3) * Math.sqrt(6 / 50);
 * assert.ok((w.toArray() as number[][]).flat().every((v) => Math.abs(v) <= bound));
 * ```
 */
export function xavierUniform(tensor: Tensor, options: XavierOptions = {}): Tensor {
  checkOptions("xavierUniform", options, ["gain", "generator"]);
  const std = xavierStd("xavierUniform", tensor, options);
  const bound = Math.sqrt(3) * std;
  return fillUniform(tensor, -bound, bound, options.generator);
}

/**
 * Xavier (Glorot) normal initialisation: N(0, std²) with
 * `std = gain · √(2 / (fanIn + fanOut))`.
 * @param tensor A float tensor of at least 2 dimensions.
 * @param options `gain` (default 1), `generator`.
 * @returns `tensor`.
 * @example Xavier normal
 * ```ts
 * import assert from "node:assert/strict";
 * import { init, zeros } from "@nabla/autograd";
 * assert.deepEqual(init.xavierNormal(zeros([3, 5])).shape, [3, 5]);
 * ```
 */
export function xavierNormal(tensor: Tensor, options: XavierOptions = {}): Tensor {
  checkOptions("xavierNormal", options, ["gain", "generator"]);
  const std = xavierStd("xavierNormal", tensor, options);
  return fillNormal(tensor, 0, std, options.generator);
}

// ---------------------------------------------------------------- helpers

function checkTensor(op: string, tensor: Tensor): void {
  if (!(tensor instanceof Tensor)) {
    throw new TypeError(`Cannot fill in ${op}(): expected a Tensor, got ${typeof tensor}`);
  }
}

function checkFloat(op: string, tensor: Tensor): void {
  checkTensor(op, tensor);
  if (tensor.dtype !== "float32" && tensor.dtype !== "float64") {
    throw new DTypeError(
      `Cannot fill in ${op}(): random fills need a float32 or float64 tensor, got ${tensor.dtype}`,
      { op, dtypes: [tensor.dtype] },
    );
  }
}

// PyTorch's _calculate_fan_in_and_fan_out: [out, in, ...kernel].
function fans(op: string, tensor: Tensor): [number, number] {
  checkFloat(op, tensor);
  if (tensor.ndim < 2) {
    throw new ShapeError(
      `Cannot compute fan in and fan out in ${op}(): the tensor has shape [${
        tensor.shape.join(", ")
      }], expected at least 2 dimensions`,
      { op, shapes: [tensor.shape] },
    );
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

function kaimingStd(op: string, tensor: Tensor, options: KaimingOptions): number {
  const { a = 0, mode = "fanIn", nonlinearity = "leakyRelu" } = options;
  if (mode !== "fanIn" && mode !== "fanOut") {
    throw new RangeError(
      `Cannot fill in ${op}(): mode must be "fanIn" or "fanOut", got ${JSON.stringify(mode)}`,
    );
  }
  const [fanIn, fanOut] = fans(op, tensor);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === "fanIn" ? fanIn : fanOut);
}

function xavierStd(op: string, tensor: Tensor, options: XavierOptions): number {
  const { gain = 1 } = options;
  if (!Number.isFinite(gain)) {
    throw new RangeError(`Cannot fill in ${op}(): gain must be finite, got ${gain}`);
  }
  const [fanIn, fanOut] = fans(op, tensor);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

// NOTE: samples are drawn and scaled in float64, then rounded once by copy_.
function fillUniform(tensor: Tensor, a: number, b: number, generator?: Random): Tensor {
  return noGrad(() => {
    const u = rand(tensor.shape, { dtype: "float64", generator });
    return tensor.copy_(u.mul(b - a).add(a));
  });
}

function fillNormal(tensor: Tensor, mean: number, std: number, generator?: Random): Tensor {
  return noGrad(() => {
    const z = randn(tensor.shape, { dtype: "float64", generator });
    return tensor.copy_(z.mul(std).add(mean));
  });
}
