/**
 * Dropout: random zeroing during training (of elements, or of whole channels
 * for `Dropout1d` and `Dropout2d`), the identity in evaluation.
 */
import {
  checkOptions,
  dropout1d,
  dropout2d,
  DTypeError,
  rand,
  type Random,
  type Tensor,
} from "../tensor/mod.ts";
import { Module } from "./module.ts";
import { pyFloat } from "./_repr.ts";

/** Options of the {@linkcode Dropout} constructor. */
export interface DropoutOptions {
  /**
   * The generator of the masks.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/**
 * Zeroes each element with probability `p` during training and scales the
 * others by `1 / (1 - p)` (inverted dropout, PyTorch's `nn.Dropout`), so
 * that expected values do not change; in evaluation mode (`eval()`) it
 * returns its input unchanged. Masks come from the library-wide generator
 * (`manualSeed`) unless a `generator` is given. The mask multiplies the
 * input, so gradients flow through the kept elements, scaled alike.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Dropout, manualSeed, ones } from "@nabla/autograd";
 * manualSeed(0);
 * const drop = new Dropout(0.5);
 * const y = drop.forward(ones([1000])).toArray() as number[];
 * assert.ok(y.every((v) => v === 0 || v === 2));
 * const x = ones([3]);
 * assert.equal(drop.eval().forward(x), x);
 * ```
 */
export class Dropout extends Module {
  /** The probability of zeroing an element. */
  readonly p: number;
  #generator: Random | undefined;

  /**
   * Creates the layer.
   * @param p Probability of zeroing each element, in `[0, 1]`.
   * @param options `generator` for the masks.
   * @example Half the units
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout } from "@nabla/autograd";
   * assert.equal(new Dropout().p, 0.5);
   * assert.throws(() => new Dropout(1.5), RangeError);
   * ```
   */
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new RangeError(`Cannot create Dropout: p must be in [0, 1], got ${p}`);
    }
    this.p = p;
    this.#generator = options.generator;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `p=…, inplace=False`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout } from "@nabla/autograd";
   * assert.equal(String(new Dropout(0.25)), "Dropout(p=0.25, inplace=False)");
   * ```
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }

  /**
   * Applies dropout in training mode; returns `x` itself in evaluation mode
   * and when `p` is 0 (no mask is drawn, as in PyTorch).
   * @param x A float tensor.
   * @returns `x · mask / (1 - p)` with a fresh Bernoulli(1 - p) mask (all zeros when `p = 1`).
   * @example Gradients follow the mask
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout, ones } from "@nabla/autograd";
   * const x = ones([4], { requiresGrad: true });
   * const y = new Dropout(0.25).forward(x);
   * y.sum().backward();
   * assert.deepEqual(x.grad!.toArray(), y.detach().toArray());
   * ```
   */
  override forward(x: Tensor): Tensor {
    if (x.dtype !== "float32" && x.dtype !== "float64") {
      throw new DTypeError(
        `Cannot apply dropout in Dropout.forward(): expected a float32 or float64 input, got ${x.dtype}`,
        { op: "Dropout.forward", dtypes: [x.dtype] },
      );
    }
    // NOTE: p = 0 returns the input as is, as PyTorch's dropout does (no mask drawn).
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return x.mul(0);
    const keep = rand(x.shape, { dtype: x.dtype, generator: this.#generator }).lt(1 - this.p);
    return x.mul(keep.to(x.dtype).mul(1 / (1 - this.p)));
  }
}

// ---------------------------------------------------------------- channel dropout

/**
 * Zeroes whole channels of `[N, C, L]` (or `[C, L]`) inputs with probability
 * `p` during training and scales the rest by `1 / (1 - p)` (PyTorch's
 * `nn.Dropout1d`); the identity in evaluation mode.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Dropout1d, manualSeed, ones } from "@nabla/autograd";
 * manualSeed(0);
 * const drop = new Dropout1d(0.5);
 * const rows = (drop.forward(ones([4, 3, 5])).toArray() as number[][][]).flat();
 * assert.ok(rows.every((row) => row.every((v) => v === row[0])));
 * assert.equal(String(drop), "Dropout1d(p=0.5, inplace=False)");
 * ```
 */
export class Dropout1d extends Module {
  /** The probability of zeroing a channel. */
  readonly p: number;
  #generator: Random | undefined;

  /**
   * Creates the layer.
   * @param p Probability of zeroing each channel, in `[0, 1]`.
   * @param options `generator` for the masks.
   * @example A probability out of range
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout1d } from "@nabla/autograd";
   * assert.throws(() => new Dropout1d(-0.1), RangeError);
   * ```
   */
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkOptions("Dropout1d", options, ["generator"]);
    this.p = checkP("Dropout1d", p);
    this.#generator = options.generator;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `p=…, inplace=False`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout1d } from "@nabla/autograd";
   * assert.equal(new Dropout1d(0.3).extraRepr(), "p=0.3, inplace=False");
   * ```
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }

  /**
   * Applies channel dropout in training mode; returns `x` itself in evaluation mode.
   * @param x A float tensor `[N, C, L]` or `[C, L]`.
   * @returns `dropout1d(x, { p, training })`.
   * @example Evaluation
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout1d, ones } from "@nabla/autograd";
   * const x = ones([2, 3, 4]);
   * assert.equal(new Dropout1d().eval().forward(x), x);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return dropout1d(x, { p: this.p, training: this.training, generator: this.#generator });
  }
}

/**
 * Zeroes whole channels (feature maps) of `[N, C, H, W]` inputs with
 * probability `p` during training and scales the rest by `1 / (1 - p)`
 * (PyTorch's `nn.Dropout2d`); the identity in evaluation mode. Other input
 * shapes behave as in PyTorch 1.13: see {@linkcode dropout2d}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Dropout2d, manualSeed, ones } from "@nabla/autograd";
 * manualSeed(0);
 * const drop = new Dropout2d(0.5);
 * const sums = (drop.forward(ones([4, 3, 2, 2])).sum([2, 3]).toArray() as number[][]).flat();
 * assert.ok(sums.every((s) => s === 0 || s === 8));
 * assert.equal(String(drop), "Dropout2d(p=0.5, inplace=False)");
 * ```
 */
export class Dropout2d extends Module {
  /** The probability of zeroing a channel. */
  readonly p: number;
  #generator: Random | undefined;

  /**
   * Creates the layer.
   * @param p Probability of zeroing each channel, in `[0, 1]`.
   * @param options `generator` for the masks.
   * @example A quarter of the channels
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout2d } from "@nabla/autograd";
   * assert.equal(new Dropout2d(0.25).p, 0.25);
   * ```
   */
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkOptions("Dropout2d", options, ["generator"]);
    this.p = checkP("Dropout2d", p);
    this.#generator = options.generator;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `p=…, inplace=False`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout2d } from "@nabla/autograd";
   * assert.equal(new Dropout2d(0.1).extraRepr(), "p=0.1, inplace=False");
   * ```
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }

  /**
   * Applies channel dropout in training mode; returns `x` itself in evaluation mode.
   * @param x A float tensor `[N, C, H, W]`.
   * @returns `dropout2d(x, { p, training })`.
   * @example Gradients follow the mask
   * ```ts
   * import assert from "node:assert/strict";
   * import { Dropout2d, ones } from "@nabla/autograd";
   * const x = ones([2, 3, 2, 2], { requiresGrad: true });
   * const y = new Dropout2d(0.5).forward(x);
   * y.sum().backward();
   * assert.deepEqual(x.grad!.toArray(), y.detach().toArray());
   * ```
   */
  override forward(x: Tensor): Tensor {
    return dropout2d(x, { p: this.p, training: this.training, generator: this.#generator });
  }
}

function checkP(layer: string, p: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`Cannot create ${layer}: p must be in [0, 1], got ${p}`);
  }
  return p;
}
