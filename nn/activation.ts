/**
 * Activation layers: modules without parameters that apply one tensor
 * function, for use inside `Sequential`.
 */
import type { Tensor } from "../tensor/mod.ts";
import { Module } from "./module.ts";
import { pyStr } from "./_repr.ts";

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
