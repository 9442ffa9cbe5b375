/**
 * Activation functions: `Relu`, `Tanh`, `Sigmoid` and `Erf` are primitives
 * (one fused, numerically careful kernel each), and so is `Gelu` (fused for
 * speed, tested against its composition from `erf`, {@linkcode geluComposed});
 * `silu`, `softplus`, `leakyRelu`, `elu`, `logSigmoid`,
 * `hardtanh` from elementwise ops (with PyTorch's formulas, thresholds and
 * gradients at the kinks).
 */
import {
  AutogradFunction,
  isGradEnabled,
  isTensor,
  keepForBackward,
  trustBackward,
} from "../autograd.ts";
import { allocate, isFloatingPoint } from "../dtype.ts";
import { DTypeError } from "../errors.ts";
import * as cpu from "../kernels/cpu.ts";
import { checkOptions } from "../options.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";
import * as kernels from "../kernels/activation.ts";
import { floatType, unaryKernel, where } from "./elementwise.ts";

/** `max(0, x)`. */
export class Relu extends AutogradFunction {
  /** Rectifies and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("relu", x, x.dtype);
    this.saveForBackward(y);
    return y;
  }
  /** The gradient passes where the output is positive; relu'(0) = 0, as in PyTorch. */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    // NOTE: one fused pass when not recording; where() keeps it differentiable otherwise.
    if (isGradEnabled()) return [where(y.le(0), 0, g)];
    return [fromData(cpu.reluBackward(viewOf(y), viewOf(g), g.dtype), g.shape)];
  }
}

/** Hyperbolic tangent. */
export class Tanh extends AutogradFunction {
  /** Computes tanh and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("tanh", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** d(tanh x) = (1 - tanh² x) dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y.square().neg().add(1))];
  }
}

/** Logistic sigmoid. */
export class Sigmoid extends AutogradFunction {
  /** Computes the sigmoid (no overflow for any input) and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("sigmoid", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** dσ = σ (1 - σ) dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y).mul(y.neg().add(1))];
  }
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function. */
export class Erf extends AutogradFunction {
  /** Computes erf (|error| < 1e-15) and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("erf", x, floatType(x.dtype));
  }
  /** d(erf x) = 2/√π e^(-x²) dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))];
  }
}

/** `max(0, x)`. */
export function relu(x: Tensor): Tensor {
  return Relu.apply(x);
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return Tanh.apply(x);
}

/** Logistic sigmoid. */
export function sigmoid(x: Tensor): Tensor {
  return Sigmoid.apply(x);
}

/** The error function. */
export function erf(x: Tensor): Tensor {
  return Erf.apply(x);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU, exact form `x · Φ(x) = x/2 · (1 + erf(x/√2))`, in one kernel pass,
 * which also computes the derivative `gelu'(x)` when a gradient will be
 * needed (a few operations more there, where a pass of its own in the
 * backward would evaluate Φ again): the composition takes six passes forward
 * and about twelve backward, and GELU runs on the widest activations of a
 * transformer.
 */
export class Gelu extends AutogradFunction {
  #derivative: Tensor | null = null;
  /** Runs the fused kernel; saves the input (and keeps `gelu'(x)` for the backward). */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    const c = x.contiguous();
    const dtype = floatType(x.dtype);
    const d = this.needsInputGrad[0] ? allocate(dtype, x.numel) : undefined;
    const y = kernels.gelu(c.storage.data, c.offset, c.numel, dtype, d);
    if (d) {
      this.#derivative = fromData(d, x.shape);
      keepForBackward(this, this.#derivative);
    }
    return fromData(y, x.shape);
  }
  /** d gelu(x) = (Φ(x) + x·φ(x)) dx, φ the standard normal density. */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    // NOTE: under createGraph the same formula in tensor ops, so that second
    // derivatives work; otherwise the derivative the forward kept.
    if (isGradEnabled() || this.#derivative === null) {
      const cdf = erf(x.mul(Math.SQRT1_2)).add(1).mul(0.5);
      return [g.mul(cdf.add(x.mul(x.square().mul(-0.5).exp()).mul(INV_SQRT_2PI)))];
    }
    return [g.mul(this.#derivative)];
  }
}

/** GELU, exact form: `x/2 · (1 + erf(x/√2))`, fused. */
export function gelu(x: Tensor): Tensor {
  return Gelu.apply(x);
}

/**
 * GELU composed from `erf` (no kernel of its own): the reference the fused
 * {@linkcode Gelu} is tested against.
 */
export function geluComposed(x: Tensor): Tensor {
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Relu, Tanh, Sigmoid, Erf, Gelu);

// ---------------------------------------------------------------- composed activations

function checkFloatInput(op: string, x: Tensor): void {
  if (!isTensor(x)) throw new TypeError(`Cannot apply ${op}(): expected a Tensor, got ${typeof x}`);
  if (isFloatingPoint(x.dtype)) return;
  const article = x.dtype === "int32" ? "an" : "a";
  throw new DTypeError(
    `Cannot apply ${op}() to ${article} ${x.dtype} tensor: it needs a float32 or float64 tensor, ` +
      "as in PyTorch; convert it with float() first",
    { op, dtypes: [x.dtype] },
  );
}

function checkNumber(op: string, name: string, value: number, ok = Number.isFinite(value)): void {
  if (typeof value !== "number" || !ok) {
    throw new RangeError(`Cannot apply ${op}(): ${name} must be a finite number, got ${value}`);
  }
}

/**
 * Sigmoid linear unit (swish), `x · σ(x)`, as PyTorch's `F.silu`.
 * @param x A float tensor.
 * @returns `silu(x)`, of `x`'s shape and dtype.
 * @example SiLU
 * ```ts
 * import assert from "node:assert/strict";
 * import { silu, tensor } from "@nabla/autograd";
 * assert.deepEqual(silu(tensor([0, 1e4, -1e4])).toArray(), [0, 1e4, -0]);
 * ```
 */
export function silu(x: Tensor): Tensor {
  checkFloatInput("silu", x);
  return x.mul(sigmoid(x));
}

/** Options of {@linkcode softplus} and `Softplus`. */
export interface SoftplusOptions {
  /**
   * Sharpness: `log(1 + e^(βx)) / β` tends to relu as β grows.
   * @default 1
   */
  beta?: number;
  /**
   * Above `βx > threshold` the result is `x` itself (the difference is below
   * float64 rounding for the default), which keeps `e^(βx)` from overflowing.
   * @default 20
   */
  threshold?: number;
}

/**
 * Softplus `log(1 + e^(βx)) / β`, a smooth relu, as PyTorch's `F.softplus`:
 * `x` itself where `βx > threshold`, so large inputs neither overflow nor
 * give NaN gradients.
 * @param x A float tensor.
 * @param options `beta` (default 1) and `threshold` (default 20).
 * @returns `softplus(x)`, positive, of `x`'s shape and dtype.
 * @example Softplus
 * ```ts
 * import assert from "node:assert/strict";
 * import { softplus, tensor } from "@nabla/autograd";
 * const y = softplus(tensor([0, 1000], { dtype: "float64" })).toArray();
 * assert.deepEqual(y, [Math.LN2, 1000]);
 * const sharp = softplus(tensor([-1, 1]), { beta: 100 }).toArray() as number[];
 * assert.ok(sharp[0] < 1e-40 && Math.abs(sharp[1] - 1) < 1e-6);
 * ```
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  checkOptions("softplus", options, ["beta", "threshold"]);
  const { beta = 1, threshold = 20 } = options;
  checkFloatInput("softplus", x);
  checkNumber("softplus", "beta", beta, Number.isFinite(beta) && beta !== 0);
  checkNumber("softplus", "threshold", threshold, !Number.isNaN(threshold));
  const bx = beta === 1 ? x : x.mul(beta);
  const linear = bx.gt(threshold);
  // NOTE: exp runs on 0 where the linear branch is taken, so that its unused
  // gradient is 0 · (1/2), not 0 · Infinity = NaN.
  const soft = where(linear, 0, bx).exp().log1p();
  return where(linear, x, beta === 1 ? soft : soft.div(beta));
}

/** Options of {@linkcode leakyRelu} and `LeakyReLU`. */
export interface LeakyReluOptions {
  /**
   * The slope for negative inputs.
   * @default 0.01
   */
  negativeSlope?: number;
}

/**
 * Leaky relu, `x` for `x > 0` and `negativeSlope · x` otherwise, as
 * PyTorch's `F.leaky_relu` (whose gradient at 0 is `negativeSlope`).
 * @param x A float tensor.
 * @param options `negativeSlope` (default 0.01).
 * @returns `leakyRelu(x)`, of `x`'s shape and dtype.
 * @example Leaky relu
 * ```ts
 * import assert from "node:assert/strict";
 * import { leakyRelu, tensor } from "@nabla/autograd";
 * assert.deepEqual(leakyRelu(tensor([-2, 3]), { negativeSlope: 0.5 }).toArray(), [-1, 3]);
 * ```
 */
export function leakyRelu(x: Tensor, options: LeakyReluOptions = {}): Tensor {
  checkOptions("leakyRelu", options, ["negativeSlope"]);
  const { negativeSlope = 0.01 } = options;
  checkFloatInput("leakyRelu", x);
  checkNumber("leakyRelu", "negativeSlope", negativeSlope);
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/** Options of {@linkcode elu} and `ELU`. */
export interface EluOptions {
  /**
   * The scale of the negative part, `α(e^x - 1)`: the value approached as
   * `x → -∞` is `-α`.
   * @default 1
   */
  alpha?: number;
}

/**
 * Exponential linear unit, `x` for `x > 0` and `α(e^x - 1)` otherwise, as
 * PyTorch's `F.elu` (the negative part through `expm1`, accurate near 0).
 * @param x A float tensor.
 * @param options `alpha` (default 1).
 * @returns `elu(x)`, of `x`'s shape and dtype.
 * @example ELU
 * ```ts
 * import assert from "node:assert/strict";
 * import { elu, tensor } from "@nabla/autograd";
 * assert.deepEqual(elu(tensor([2, 0, -1e4]), { alpha: 0.5 }).toArray(), [2, 0, -0.5]);
 * ```
 */
export function elu(x: Tensor, options: EluOptions = {}): Tensor {
  checkOptions("elu", options, ["alpha"]);
  const { alpha = 1 } = options;
  checkFloatInput("elu", x);
  checkNumber("elu", "alpha", alpha);
  const positive = x.gt(0);
  // NOTE: expm1 runs on 0 where x > 0, so that large inputs give no 0 · Infinity gradient.
  const negative = where(positive, 0, x).expm1();
  return where(positive, x, alpha === 1 ? negative : negative.mul(alpha));
}

/**
 * `log σ(x)`, as PyTorch's `F.logsigmoid`, computed stably as
 * `min(x, 0) - log(1 + e^(-|x|))`: no overflow, and no `log 0` for very
 * negative inputs.
 * @param x A float tensor.
 * @returns `logSigmoid(x)`, non-positive, of `x`'s shape and dtype.
 * @example Large inputs
 * ```ts
 * import assert from "node:assert/strict";
 * import { logSigmoid, tensor } from "@nabla/autograd";
 * assert.deepEqual(logSigmoid(tensor([-1000, 0, 1000], { dtype: "float64" })).toArray(), [
 *   -1000,
 *   -Math.LN2,
 *   0,
 * ]);
 * ```
 */
export function logSigmoid(x: Tensor): Tensor {
  checkFloatInput("logSigmoid", x);
  return x.minimum(0).sub(x.abs().neg().exp().log1p());
}

/** Options of {@linkcode hardtanh} and `Hardtanh`. */
export interface HardtanhOptions {
  /**
   * The lower limit.
   * @default -1
   */
  minVal?: number;
  /**
   * The upper limit.
   * @default 1
   */
  maxVal?: number;
}

/**
 * `x` clamped to `[minVal, maxVal]`, as PyTorch's `F.hardtanh`: unlike
 * `clamp`, the gradient is 0 at the limits themselves.
 * @param x A float tensor.
 * @param options `minVal` (default -1) and `maxVal` (default 1).
 * @returns `hardtanh(x)`, of `x`'s shape and dtype.
 * @example Hardtanh
 * ```ts
 * import assert from "node:assert/strict";
 * import { hardtanh, tensor } from "@nabla/autograd";
 * assert.deepEqual(hardtanh(tensor([-3, 0.5, 3])).toArray(), [-1, 0.5, 1]);
 * assert.deepEqual(hardtanh(tensor([-3, 3]), { minVal: 0, maxVal: 2 }).toArray(), [0, 2]);
 * ```
 */
export function hardtanh(x: Tensor, options: HardtanhOptions = {}): Tensor {
  checkOptions("hardtanh", options, ["minVal", "maxVal"]);
  const { minVal = -1, maxVal = 1 } = options;
  checkFloatInput("hardtanh", x);
  checkNumber("hardtanh", "minVal", minVal, !Number.isNaN(minVal));
  checkNumber("hardtanh", "maxVal", maxVal, !Number.isNaN(maxVal));
  if (minVal > maxVal) {
    throw new RangeError(
      `Cannot apply hardtanh(): minVal ${minVal} is greater than maxVal ${maxVal}`,
    );
  }
  return where(x.le(minVal), minVal, where(x.ge(maxVal), maxVal, x));
}
