/**
 * Activation layers: modules without parameters that apply one tensor
 * function, for use inside `Sequential`.
 */
import {
  checkOptions,
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
  type Tensor,
} from "../tensor/mod.ts";
import { Module } from "./module.ts";
import { pyFloat, pyStr } from "./_repr.ts";

/**
 * Rectified linear unit `max(0, x)`, elementwise (PyTorch's `nn.ReLU`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReLU, tensor } from "@nabla/autograd";
 * assert.deepEqual(new ReLU().forward(tensor([-1, 0, 2])).toArray(), [0, 0, 2]);
 * ```
 */
export class ReLU extends Module {
  /**
   * Applies ReLU.
   * @param x Any float tensor.
   * @returns `relu(x)`.
   * @example ReLU
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReLU, tensor } from "@nabla/autograd";
   * assert.deepEqual(new ReLU().forward(tensor([-3, 3])).toArray(), [0, 3]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/**
 * Hyperbolic tangent, elementwise (PyTorch's `nn.Tanh`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Tanh, tensor } from "@nabla/autograd";
 * assert.deepEqual(new Tanh().forward(tensor([0])).toArray(), [0]);
 * ```
 */
export class Tanh extends Module {
  /**
   * Applies tanh.
   * @param x Any float tensor.
   * @returns `tanh(x)`, in `(-1, 1)`.
   * @example Tanh
   * ```ts
   * import assert from "node:assert/strict";
   * import { Tanh, tensor } from "@nabla/autograd";
   * assert.deepEqual(new Tanh().forward(tensor([-1e4, 1e4])).toArray(), [-1, 1]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/**
 * Logistic sigmoid `1 / (1 + e^-x)`, elementwise (PyTorch's `nn.Sigmoid`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sigmoid, tensor } from "@nabla/autograd";
 * assert.deepEqual(new Sigmoid().forward(tensor([0])).toArray(), [0.5]);
 * ```
 */
export class Sigmoid extends Module {
  /**
   * Applies the sigmoid.
   * @param x Any float tensor.
   * @returns `sigmoid(x)`, in `[0, 1]`.
   * @example Sigmoid
   * ```ts
   * import assert from "node:assert/strict";
   * import { Sigmoid, tensor } from "@nabla/autograd";
   * assert.deepEqual(new Sigmoid().forward(tensor([-1e4, 1e4])).toArray(), [0, 1]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** Options of the {@linkcode GELU} constructor. */
export interface GELUOptions {
  /**
   * `"none"` for the exact `x·Φ(x)`, `"tanh"` for
   * `x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
   * @default "none"
   */
  approximate?: "none" | "tanh";
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit, elementwise (PyTorch's `nn.GELU`): exact by
 * default, or its tanh approximation.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { GELU, tensor } from "@nabla/autograd";
 * const y = new GELU().forward(tensor([1], { dtype: "float64" })).item();
 * assert.ok(Math.abs(y - 0.8413447460685429) < 1e-15);
 * ```
 */
export class GELU extends Module {
  /** The formula, `"none"` (exact) or `"tanh"`. */
  readonly approximate: "none" | "tanh";

  /**
   * Creates the activation.
   * @param options `approximate` (default `"none"`).
   * @example The tanh approximation
   * ```ts
   * import assert from "node:assert/strict";
   * import { GELU, tensor } from "@nabla/autograd";
   * const y = new GELU({ approximate: "tanh" }).forward(tensor([1], { dtype: "float64" }));
   * assert.ok(Math.abs(y.item() - 0.8411919906082768) < 1e-15);
   * ```
   */
  constructor(options: GELUOptions = {}) {
    super();
    const { approximate = "none" } = options;
    if (approximate !== "none" && approximate !== "tanh") {
      throw new RangeError(
        `Cannot create GELU: approximate must be "none" or "tanh", got ${
          JSON.stringify(approximate)
        }`,
      );
    }
    this.approximate = approximate;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `approximate='none'` or `approximate='tanh'`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { GELU } from "@nabla/autograd";
   * assert.equal(String(new GELU()), "GELU(approximate='none')");
   * ```
   */
  override extraRepr(): string {
    return `approximate=${pyStr(this.approximate)}`;
  }

  /**
   * Applies GELU.
   * @param x Any float tensor.
   * @returns `gelu(x)`.
   * @example GELU
   * ```ts
   * import assert from "node:assert/strict";
   * import { GELU, tensor } from "@nabla/autograd";
   * assert.deepEqual(new GELU().forward(tensor([0])).toArray(), [0]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    if (this.approximate === "none") return x.gelu();
    const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
}

/**
 * Softmax along one dimension (PyTorch's `nn.Softmax`): non-negative values
 * that sum to 1 along `dim`, computed stably for large inputs.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Softmax, tensor } from "@nabla/autograd";
 * const p = new Softmax(-1).forward(tensor([[0, 0], [1000, 1000]]));
 * assert.deepEqual(p.toArray(), [[0.5, 0.5], [0.5, 0.5]]);
 * ```
 */
export class Softmax extends Module {
  /** The dimension that sums to 1. */
  readonly dim: number;

  /**
   * Creates the layer.
   * @param dim The dimension that sums to 1 (negative counts from the end).
   * @example Over classes
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softmax } from "@nabla/autograd";
   * assert.equal(new Softmax(1).dim, 1);
   * ```
   */
  constructor(dim: number) {
    super();
    this.dim = checkDim("Softmax", dim);
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `dim=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softmax } from "@nabla/autograd";
   * assert.equal(String(new Softmax(1)), "Softmax(dim=1)");
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }

  /**
   * Applies the softmax.
   * @param x A float tensor.
   * @returns Probabilities of `x`'s shape.
   * @example Softmax
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softmax, tensor } from "@nabla/autograd";
   * assert.equal(new Softmax(0).forward(tensor([1, 2, 3])).sum().item(), 1);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
}

/**
 * Log-softmax along one dimension (PyTorch's `nn.LogSoftmax`):
 * `x - logsumexp(x)`, the input that `nllLoss` expects.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LogSoftmax, tensor } from "@nabla/autograd";
 * const y = new LogSoftmax(-1).forward(tensor([[0, 0]]));
 * assert.deepEqual(y.toArray(), [[-Math.LN2, -Math.LN2].map(Math.fround)]);
 * ```
 */
export class LogSoftmax extends Module {
  /** The dimension to normalise over. */
  readonly dim: number;

  /**
   * Creates the layer.
   * @param dim The dimension to normalise over (negative counts from the end).
   * @example Over the last dimension
   * ```ts
   * import assert from "node:assert/strict";
   * import { LogSoftmax } from "@nabla/autograd";
   * assert.equal(new LogSoftmax(-1).dim, -1);
   * ```
   */
  constructor(dim: number) {
    super();
    this.dim = checkDim("LogSoftmax", dim);
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `dim=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { LogSoftmax } from "@nabla/autograd";
   * assert.equal(String(new LogSoftmax(-1)), "LogSoftmax(dim=-1)");
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }

  /**
   * Applies the log-softmax.
   * @param x A float tensor.
   * @returns Log-probabilities of `x`'s shape.
   * @example Log-softmax
   * ```ts
   * import assert from "node:assert/strict";
   * import { LogSoftmax, tensor } from "@nabla/autograd";
   * const y = new LogSoftmax(0).forward(tensor([1000, 0]));
   * assert.deepEqual(y.toArray(), [0, -1000]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
}

function checkDim(name: string, dim: number): number {
  if (!Number.isInteger(dim)) {
    throw new RangeError(`Cannot create ${name}: dim must be an integer, got ${dim}`);
  }
  return dim;
}

// ---------------------------------------------------------------- SiLU, Softplus, LeakyReLU, ELU, LogSigmoid, Hardtanh

/**
 * Sigmoid linear unit (swish) `x · σ(x)`, elementwise (PyTorch's `nn.SiLU`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { SiLU, tensor } from "@nabla/autograd";
 * assert.deepEqual(new SiLU().forward(tensor([0, 1e4])).toArray(), [0, 1e4]);
 * assert.equal(String(new SiLU()), "SiLU()");
 * ```
 */
export class SiLU extends Module {
  /**
   * Applies SiLU.
   * @param x A float tensor.
   * @returns `silu(x)`.
   * @example SiLU
   * ```ts
   * import assert from "node:assert/strict";
   * import { SiLU, tensor } from "@nabla/autograd";
   * assert.deepEqual(new SiLU().forward(tensor([-1e4])).toArray(), [-0]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/**
 * Softplus `log(1 + e^(βx)) / β`, elementwise, linear above a threshold
 * (PyTorch's `nn.Softplus`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Softplus, tensor } from "@nabla/autograd";
 * const layer = new Softplus({ beta: 2 });
 * assert.deepEqual(layer.forward(tensor([0, 50], { dtype: "float64" })).toArray(), [
 *   Math.LN2 / 2,
 *   50,
 * ]);
 * assert.equal(String(layer), "Softplus(beta=2, threshold=20)");
 * ```
 */
export class Softplus extends Module {
  /** The sharpness β. */
  readonly beta: number;
  /** Above `βx > threshold` the output is `x`. */
  readonly threshold: number;

  /**
   * Creates the activation.
   * @param options `beta` (default 1) and `threshold` (default 20).
   * @example Defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softplus } from "@nabla/autograd";
   * assert.equal(new Softplus().beta, 1);
   * assert.throws(() => new Softplus({ beta: 0 }), RangeError);
   * ```
   */
  constructor(options: SoftplusOptions = {}) {
    super();
    checkOptions("Softplus", options, ["beta", "threshold"]);
    const { beta = 1, threshold = 20 } = options;
    this.beta = checkNumber("Softplus", "beta", beta, Number.isFinite(beta) && beta !== 0);
    this.threshold = checkNumber("Softplus", "threshold", threshold, !Number.isNaN(threshold));
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `beta=…, threshold=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softplus } from "@nabla/autograd";
   * assert.equal(String(new Softplus()), "Softplus(beta=1, threshold=20)");
   * ```
   */
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }

  /**
   * Applies softplus.
   * @param x A float tensor.
   * @returns `softplus(x, { beta, threshold })`.
   * @example Softplus
   * ```ts
   * import assert from "node:assert/strict";
   * import { Softplus, tensor } from "@nabla/autograd";
   * assert.deepEqual(new Softplus().forward(tensor([100])).toArray(), [100]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return softplus(x, { beta: this.beta, threshold: this.threshold });
  }
}

/**
 * Leaky relu, `x` for `x > 0` and `negativeSlope · x` otherwise (PyTorch's
 * `nn.LeakyReLU`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LeakyReLU, tensor } from "@nabla/autograd";
 * const layer = new LeakyReLU({ negativeSlope: 0.5 });
 * assert.deepEqual(layer.forward(tensor([-2, 3])).toArray(), [-1, 3]);
 * assert.equal(String(new LeakyReLU()), "LeakyReLU(negative_slope=0.01)");
 * ```
 */
export class LeakyReLU extends Module {
  /** The slope for negative inputs. */
  readonly negativeSlope: number;

  /**
   * Creates the activation.
   * @param options `negativeSlope` (default 0.01).
   * @example A steeper slope
   * ```ts
   * import assert from "node:assert/strict";
   * import { LeakyReLU } from "@nabla/autograd";
   * assert.equal(new LeakyReLU({ negativeSlope: 0.2 }).negativeSlope, 0.2);
   * ```
   */
  constructor(options: LeakyReluOptions = {}) {
    super();
    checkOptions("LeakyReLU", options, ["negativeSlope"]);
    const { negativeSlope = 0.01 } = options;
    this.negativeSlope = checkNumber("LeakyReLU", "negativeSlope", negativeSlope);
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `negative_slope=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { LeakyReLU } from "@nabla/autograd";
   * assert.equal(String(new LeakyReLU({ negativeSlope: 0.2 })), "LeakyReLU(negative_slope=0.2)");
   * ```
   */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }

  /**
   * Applies leaky relu.
   * @param x A float tensor.
   * @returns `leakyRelu(x, { negativeSlope })`.
   * @example Leaky relu
   * ```ts
   * import assert from "node:assert/strict";
   * import { LeakyReLU, tensor } from "@nabla/autograd";
   * assert.deepEqual(new LeakyReLU().forward(tensor([-100], { dtype: "float64" })).toArray(), [-1]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return leakyRelu(x, { negativeSlope: this.negativeSlope });
  }
}

/**
 * Exponential linear unit, `x` for `x > 0` and `α(e^x - 1)` otherwise
 * (PyTorch's `nn.ELU`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ELU, tensor } from "@nabla/autograd";
 * assert.deepEqual(new ELU().forward(tensor([-1e4, 0, 2])).toArray(), [-1, 0, 2]);
 * assert.equal(String(new ELU()), "ELU(alpha=1.0)");
 * ```
 */
export class ELU extends Module {
  /** The scale of the negative part. */
  readonly alpha: number;

  /**
   * Creates the activation.
   * @param options `alpha` (default 1).
   * @example A smaller negative part
   * ```ts
   * import assert from "node:assert/strict";
   * import { ELU } from "@nabla/autograd";
   * assert.equal(String(new ELU({ alpha: 0.5 })), "ELU(alpha=0.5)");
   * ```
   */
  constructor(options: EluOptions = {}) {
    super();
    checkOptions("ELU", options, ["alpha"]);
    const { alpha = 1 } = options;
    this.alpha = checkNumber("ELU", "alpha", alpha);
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `alpha=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { ELU } from "@nabla/autograd";
   * assert.equal(new ELU().extraRepr(), "alpha=1.0");
   * ```
   */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }

  /**
   * Applies ELU.
   * @param x A float tensor.
   * @returns `elu(x, { alpha })`.
   * @example ELU
   * ```ts
   * import assert from "node:assert/strict";
   * import { ELU, tensor } from "@nabla/autograd";
   * assert.deepEqual(new ELU({ alpha: 2 }).forward(tensor([-1e4])).toArray(), [-2]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return elu(x, { alpha: this.alpha });
  }
}

/**
 * `log σ(x)`, elementwise, computed stably (PyTorch's `nn.LogSigmoid`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LogSigmoid, tensor } from "@nabla/autograd";
 * assert.deepEqual(new LogSigmoid().forward(tensor([-1000, 1000])).toArray(), [-1000, 0]);
 * assert.equal(String(new LogSigmoid()), "LogSigmoid()");
 * ```
 */
export class LogSigmoid extends Module {
  /**
   * Applies log-sigmoid.
   * @param x A float tensor.
   * @returns `logSigmoid(x)`.
   * @example Log-sigmoid
   * ```ts
   * import assert from "node:assert/strict";
   * import { LogSigmoid, tensor } from "@nabla/autograd";
   * const y = new LogSigmoid().forward(tensor([0], { dtype: "float64" }));
   * assert.deepEqual(y.toArray(), [-Math.LN2]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return logSigmoid(x);
  }
}

/**
 * `x` clamped to `[minVal, maxVal]`, with a zero gradient at the limits
 * (PyTorch's `nn.Hardtanh`).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hardtanh, tensor } from "@nabla/autograd";
 * assert.deepEqual(new Hardtanh().forward(tensor([-3, 0.5, 3])).toArray(), [-1, 0.5, 1]);
 * assert.equal(String(new Hardtanh()), "Hardtanh(min_val=-1.0, max_val=1.0)");
 * ```
 */
export class Hardtanh extends Module {
  /** The lower limit. */
  readonly minVal: number;
  /** The upper limit. */
  readonly maxVal: number;

  /**
   * Creates the activation.
   * @param options `minVal` (default -1) and `maxVal` (default 1), with `maxVal > minVal`.
   * @example Limits 0 and 6 (ReLU6)
   * ```ts
   * import assert from "node:assert/strict";
   * import { Hardtanh } from "@nabla/autograd";
   * assert.equal(String(new Hardtanh({ minVal: 0, maxVal: 6 })), "Hardtanh(min_val=0.0, max_val=6.0)");
   * assert.throws(() => new Hardtanh({ minVal: 1, maxVal: 1 }), RangeError);
   * ```
   */
  constructor(options: HardtanhOptions = {}) {
    super();
    checkOptions("Hardtanh", options, ["minVal", "maxVal"]);
    const { minVal = -1, maxVal = 1 } = options;
    this.minVal = checkNumber("Hardtanh", "minVal", minVal, !Number.isNaN(minVal));
    this.maxVal = checkNumber("Hardtanh", "maxVal", maxVal, !Number.isNaN(maxVal));
    if (!(maxVal > minVal)) {
      throw new RangeError(
        `Cannot create Hardtanh: maxVal must be greater than minVal, got ${minVal} and ${maxVal}`,
      );
    }
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `min_val=…, max_val=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Hardtanh } from "@nabla/autograd";
   * assert.equal(new Hardtanh({ minVal: -2, maxVal: 3.5 }).extraRepr(), "min_val=-2.0, max_val=3.5");
   * ```
   */
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }

  /**
   * Applies hardtanh.
   * @param x A float tensor.
   * @returns `hardtanh(x, { minVal, maxVal })`.
   * @example Hardtanh
   * ```ts
   * import assert from "node:assert/strict";
   * import { Hardtanh, tensor } from "@nabla/autograd";
   * assert.deepEqual(new Hardtanh({ minVal: 0, maxVal: 2 }).forward(tensor([-1, 3])).toArray(), [0, 2]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return hardtanh(x, { minVal: this.minVal, maxVal: this.maxVal });
  }
}

function checkNumber(layer: string, name: string, value: number, ok = Number.isFinite(value)) {
  if (typeof value !== "number" || !ok) {
    throw new RangeError(`Cannot create ${layer}: ${name} must be a finite number, got ${value}`);
  }
  return value;
}
