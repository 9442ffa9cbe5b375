/**
 * The fully connected layer `y = x·Wᵀ + b`, initialised as PyTorch's `nn.Linear`.
 */
import {
  checkOptions,
  type DType,
  linear,
  type Random,
  ShapeError,
  type Tensor,
  zeros,
} from "../tensor/mod.ts";
import { kaimingUniform, uniform } from "./init.ts";
import { Module, Parameter } from "./module.ts";
import { pyBool } from "./_repr.ts";

/** Options of the {@linkcode Linear} constructor. */
export interface LinearOptions {
  /**
   * Whether to add a learnable bias.
   * @default true
   */
  bias?: boolean;
  /**
   * The parameters' dtype, float32 or float64.
   * @default "float32"
   */
  dtype?: DType;
  /**
   * The generator of the initial values.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/**
 * A fully connected layer: `y = x·Wᵀ + b` over the last dimension of `x`
 * (PyTorch's `nn.Linear`). The weight has shape `[outFeatures, inFeatures]`;
 * weight and bias start uniform in `±1/√inFeatures`, PyTorch's default
 * (Kaiming uniform with `a = √5`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, manualSeed, randn } from "@nabla/autograd";
 * manualSeed(0);
 * const layer = new Linear(3, 2);
 * assert.deepEqual(layer.weight.shape, [2, 3]);
 * const y = layer.forward(randn([5, 3]));
 * assert.deepEqual(y.shape, [5, 2]);
 * ```
 */
export class Linear extends Module {
  /** Size of each input sample (the last dimension of the input). */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** The learnable weight, `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** The learnable bias, `[outFeatures]`, or `null` without bias. */
  bias: Parameter | null;

  /**
   * Creates the layer with PyTorch's default initialisation.
   * @param inFeatures Size of each input sample.
   * @param outFeatures Size of each output sample.
   * @param options `bias` (default `true`), `dtype` (default float32), `generator`.
   * @example Without bias, in float64
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * const layer = new Linear(4, 2, { bias: false, dtype: "float64" });
   * assert.equal(layer.bias, null);
   * assert.equal(layer.weight.dtype, "float64");
   * assert.deepEqual(Object.keys(layer.stateDict()), ["weight"]);
   * ```
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    checkOptions("Linear", options, ["bias", "dtype", "generator"]);
    super();
    for (const [name, n] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(
          `Cannot create Linear: ${name} must be a non-negative integer, got ${n}`,
        );
      }
    }
    const { bias = true, dtype = "float32", generator } = options;
    if (dtype !== "float32" && dtype !== "float64") {
      throw new RangeError(`Cannot create Linear: dtype must be float32 or float64, got ${dtype}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    // NOTE: gain √(2/(1+5)) and bound gain·√(3/fanIn) make U(±1/√inFeatures), as in PyTorch.
    kaimingUniform(this.weight, { a: Math.sqrt(5), generator });
    this.bias = null;
    if (bias) {
      this.bias = new Parameter(zeros([outFeatures], { dtype }));
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      uniform(this.bias, { a: -bound, b: bound, generator });
    }
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `in_features=…, out_features=…, bias=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear } from "@nabla/autograd";
   * assert.equal(String(new Linear(2, 3)), "Linear(in_features=2, out_features=3, bias=True)");
   * ```
   */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${
      pyBool(this.bias !== null)
    }`;
  }

  /**
   * Applies the layer to the last dimension of `x`.
   * @param x A tensor of shape `[..., inFeatures]`.
   * @returns A tensor of shape `[..., outFeatures]`.
   * @example A batch of samples
   * ```ts
   * import assert from "node:assert/strict";
   * import { Linear, ones } from "@nabla/autograd";
   * const layer = new Linear(3, 1);
   * assert.deepEqual(layer.forward(ones([4, 3])).shape, [4, 1]);
   * assert.throws(() => layer.forward(ones([4, 2])), { name: "ShapeError" });
   * ```
   */
  override forward(x: Tensor): Tensor {
    checkInput(this, x);
    return linear(x, this.weight, this.bias);
  }
}

function checkInput(layer: Linear, x: Tensor): void {
  const features = x.ndim === 0 ? undefined : x.shape[x.ndim - 1];
  if (features !== layer.inFeatures) {
    throw new ShapeError(
      `Cannot apply the layer in Linear.forward(): the input of shape [${x.shape.join(", ")}] ` +
        `has ${features ?? "no"} features in its last dimension, expected ${layer.inFeatures}`,
      { op: "Linear.forward", shapes: [x.shape, layer.weight.shape] },
    );
  }
}

/**
 * `relu(layer.forward(x))` as one op (`linear()` with `{ activation: "relu" }`:
 * the same values and gradients, one tensor less): what `Sequential` runs
 * for a `Linear` followed by a `ReLU`. Not exported by `nn/mod.ts`.
 * @param layer The linear layer.
 * @param x Its input.
 * @returns The rectified output.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * import { Linear, linearRelu } from "./linear.ts";
 * const layer = new Linear(2, 3);
 * const x = tensor([[1, -2]]);
 * assert.deepEqual(linearRelu(layer, x).toArray(), layer.forward(x).relu().toArray());
 * ```
 */
export function linearRelu(layer: Linear, x: Tensor): Tensor {
  checkInput(layer, x);
  return linear(x, layer.weight, layer.bias, { activation: "relu" });
}
