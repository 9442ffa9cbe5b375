/**
 * The `Flatten` layer, between convolutional or image inputs and `Linear`.
 */
import type { Tensor } from "../tensor/mod.ts";
import { Module } from "./module.ts";

/**
 * Merges dimensions `startDim..endDim` (inclusive) into one (PyTorch's
 * `nn.Flatten`); by default every dimension but the batch dimension.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Flatten, zeros } from "@nabla/autograd";
 * assert.deepEqual(new Flatten().forward(zeros([8, 1, 28, 28])).shape, [8, 784]);
 * ```
 */
export class Flatten extends Module {
  /** First dimension to merge. */
  readonly startDim: number;
  /** Last dimension to merge (inclusive). */
  readonly endDim: number;

  /**
   * Creates the layer.
   * @param startDim First dimension to merge (negative counts from the end).
   * @param endDim Last dimension to merge, inclusive.
   * @example Merging the first two dimensions
   * ```ts
   * import assert from "node:assert/strict";
   * import { Flatten, zeros } from "@nabla/autograd";
   * assert.deepEqual(new Flatten(0, 1).forward(zeros([2, 3, 4])).shape, [6, 4]);
   * ```
   */
  constructor(startDim = 1, endDim = -1) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new RangeError(
        `Cannot create Flatten: startDim and endDim must be integers, got ${startDim} and ${endDim}`,
      );
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `start_dim=…, end_dim=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Flatten } from "@nabla/autograd";
   * assert.equal(String(new Flatten()), "Flatten(start_dim=1, end_dim=-1)");
   * ```
   */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }

  /**
   * Flattens `x` (a view when its layout allows).
   * @param x A tensor with more than `startDim` dimensions.
   * @returns The flattened tensor.
   * @example Flattening
   * ```ts
   * import assert from "node:assert/strict";
   * import { Flatten, zeros } from "@nabla/autograd";
   * assert.deepEqual(new Flatten().forward(zeros([2, 3, 4])).shape, [2, 12]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
}
