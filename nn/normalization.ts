/**
 * Normalization layers: `BatchNorm1d`, `BatchNorm2d` (learnable `weight` and
 * `bias`, buffers `running_mean`, `running_var`, `num_batches_tracked`, batch
 * statistics in training mode and running ones in evaluation mode, as
 * PyTorch's), `GroupNorm` and `LayerNorm`. State-dict keys are PyTorch's.
 */
import {
  batchNorm,
  checkOptions,
  type DType,
  groupNorm,
  layerNorm,
  noGrad,
  ones,
  ShapeError,
  type Tensor,
  zeros,
} from "../tensor/mod.ts";
import { Module, Parameter } from "./module.ts";
import { pyBool, pyFloat, pyTuple } from "./_repr.ts";

/** Options of the {@linkcode BatchNorm1d} and {@linkcode BatchNorm2d} constructors. */
export interface BatchNormModuleOptions {
  /**
   * Added to the variance before its square root, for stability.
   * @default 1e-5
   */
  eps?: number;
  /**
   * The weight of each batch in the running statistics, in `[0, 1]`; `null`
   * keeps a cumulative (equal-weight) average over all batches seen.
   * @default 0.1
   */
  momentum?: number | null;
  /**
   * Learn a per-channel scale `weight` (initially 1) and shift `bias` (initially 0).
   * @default true
   */
  affine?: boolean;
  /**
   * Keep running statistics (used in evaluation mode); when `false`, batch
   * statistics are used in both modes and there are no buffers.
   * @default true
   */
  trackRunningStats?: boolean;
  /**
   * The dtype of the parameters and running statistics, float32 or float64
   * (`num_batches_tracked` is int32).
   * @default "float32"
   */
  dtype?: DType;
}

function checkDtype(layer: string, dtype: DType): DType {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new RangeError(`Cannot create ${layer}: dtype must be float32 or float64, got ${dtype}`);
  }
  return dtype;
}

function checkCount(layer: string, name: string, n: number): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot create ${layer}: ${name} must be a positive integer, got ${n}`);
  }
  return n;
}

function checkEps(layer: string, eps: number): number {
  if (typeof eps !== "number" || !(eps >= 0) || eps === Infinity) {
    throw new RangeError(`Cannot create ${layer}: eps must be a finite number >= 0, got ${eps}`);
  }
  return eps;
}

/**
 * The shared base of {@linkcode BatchNorm1d} and {@linkcode BatchNorm2d}
 * (PyTorch's `_BatchNorm`): parameters, buffers and the forward logic; the
 * subclasses fix the accepted input dimensions.
 */
export abstract class BatchNormBase extends Module {
  /** The number of channels `C`. */
  readonly numFeatures: number;
  /** Added to the variance before its square root. */
  readonly eps: number;
  /** The weight of each batch in the running statistics; `null` for a cumulative average. */
  readonly momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** The learnable scale `[C]`, or `null` without `affine`. */
  weight: Parameter | null = null;
  /** The learnable shift `[C]`, or `null` without `affine`. */
  bias: Parameter | null = null;

  /**
   * Creates the parameters and buffers, as PyTorch's `_BatchNorm`.
   * @param numFeatures The number of channels `C`.
   * @param options `eps`, `momentum`, `affine`, `trackRunningStats`, `dtype`.
   * @example Through a subclass
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm2d, BatchNormBase } from "@nabla/autograd";
   * assert.ok(new BatchNorm2d(3) instanceof BatchNormBase);
   * ```
   */
  constructor(numFeatures: number, options: BatchNormModuleOptions = {}) {
    super();
    const layer = this.constructor.name;
    checkOptions(layer, options, ["eps", "momentum", "affine", "trackRunningStats", "dtype"]);
    const { eps = 1e-5, affine = true, trackRunningStats = true, dtype = "float32" } = options;
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.numFeatures = checkCount(layer, "numFeatures", numFeatures);
    this.eps = checkEps(layer, eps);
    if (momentum !== null && (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1))) {
      throw new RangeError(
        `Cannot create ${layer}: momentum must be a number in [0, 1] or null, got ${momentum}`,
      );
    }
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    checkDtype(layer, dtype);
    if (affine) {
      this.weight = new Parameter(ones([numFeatures], { dtype }));
      this.bias = new Parameter(zeros([numFeatures], { dtype }));
    }
    const track = trackRunningStats;
    this.registerBuffer("running_mean", track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer("running_var", track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer("num_batches_tracked", track ? zeros([], { dtype: "int32" }) : null);
  }

  /**
   * The running mean `[C]` (the buffer `running_mean`), or `null` without
   * `trackRunningStats`.
   * @returns The buffer.
   * @example Initially zero
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d } from "@nabla/autograd";
   * assert.deepEqual(new BatchNorm1d(2).runningMean?.toArray(), [0, 0]);
   * ```
   */
  get runningMean(): Tensor | null {
    return this.getBuffer("running_mean");
  }

  /**
   * The running (unbiased) variance `[C]` (the buffer `running_var`), or
   * `null` without `trackRunningStats`.
   * @returns The buffer.
   * @example Initially one
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d } from "@nabla/autograd";
   * assert.deepEqual(new BatchNorm1d(2).runningVar?.toArray(), [1, 1]);
   * ```
   */
  get runningVar(): Tensor | null {
    return this.getBuffer("running_var");
  }

  /**
   * How many training batches updated the running statistics (the int32
   * buffer `num_batches_tracked`; int64 in PyTorch), or `null` without
   * `trackRunningStats`.
   * @returns The 0-d buffer.
   * @example Counting batches
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d, randn } from "@nabla/autograd";
   * const bn = new BatchNorm1d(2);
   * bn.forward(randn([4, 2]));
   * assert.equal(bn.numBatchesTracked?.item(), 1);
   * ```
   */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer("num_batches_tracked");
  }

  /**
   * Resets the running statistics to mean 0, variance 1 and no batches.
   * @example Starting over
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d, randn } from "@nabla/autograd";
   * const bn = new BatchNorm1d(2);
   * bn.forward(randn([4, 2]).add(5));
   * bn.resetRunningStats();
   * assert.deepEqual(bn.runningMean?.toArray(), [0, 0]);
   * ```
   */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  /**
   * The input's number of dimensions this layer accepts and how to say so.
   * @returns `[dims, description]` pairs, e.g. `[[4, "[N, C, H, W]"]]`.
   * @example BatchNorm2d
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm2d } from "@nabla/autograd";
   * class Probe extends BatchNorm2d {
   *   shapes() {
   *     return this.acceptedInputs();
   *   }
   * }
   * assert.deepEqual(new Probe(1).shapes(), [[4, "[N, C, H, W]"]]);
   * ```
   */
  protected abstract acceptedInputs(): [number, string][];

  /**
   * The settings PyTorch prints for this layer.
   * @returns `C, eps=…, momentum=…, affine=…, track_running_stats=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm2d } from "@nabla/autograd";
   * assert.equal(
   *   String(new BatchNorm2d(8)),
   *   "BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
   * );
   * ```
   */
  override extraRepr(): string {
    const momentum = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }

  /**
   * Normalizes each channel, as PyTorch's `_BatchNorm.forward`: in training
   * mode with the batch's statistics, updating the running ones (and
   * counting the batch); in evaluation mode with the running statistics, or
   * with the batch's when they are not tracked.
   * @param x The input `[N, C, ...]` (see the subclass for the accepted dimensions).
   * @returns The normalized input, of `x`'s shape.
   * @example Training, then evaluation
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d, tensor } from "@nabla/autograd";
   * const bn = new BatchNorm1d(1, { momentum: null, eps: 0 });
   * bn.forward(tensor([[1], [3]]));
   * bn.forward(tensor([[5], [7]]));
   * assert.deepEqual(bn.runningMean?.toArray(), [4]); // the average of 2 and 6
   * assert.deepEqual(bn.runningVar?.toArray(), [2]); // unbiased: ((1 - 2)² + (3 - 2)²) / 1
   * bn.eval();
   * const y = bn.forward(tensor([[4], [6]])).toArray() as number[][];
   * assert.ok(y[0][0] === 0 && Math.abs(y[1][0] - Math.SQRT2) < 1e-6); // (x - 4) / √2
   * ```
   */
  override forward(x: Tensor): Tensor {
    const layer = this.constructor.name;
    const accepted = this.acceptedInputs();
    if (!accepted.some(([n]) => x.ndim === n)) {
      const expected = accepted.map(([n, s]) => `${n} dimensions ${s}`).join(" or ");
      throw new ShapeError(
        `Cannot normalize an input of shape [${x.shape.join(", ")}] in ${layer}.forward(): ` +
          `expected ${expected}`,
        { op: `${layer}.forward`, shapes: [x.shape] },
      );
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `Cannot normalize an input of shape [${x.shape.join(", ")}] in ${layer}.forward(): ` +
          `it has ${x.shape[1]} channels (dimension 1), expected ${this.numFeatures}`,
        { op: `${layer}.forward`, shapes: [x.shape] },
      );
    }
    let factor = this.momentum ?? 0;
    const count = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && count !== null) {
      noGrad(() => count.add_(1));
      factor = this.momentum === null ? 1 / count.item() : this.momentum;
    }
    const mean = this.runningMean;
    const variance = this.runningVar;
    const useBatchStats = this.training || (mean === null && variance === null);
    const passStats = !this.training || this.trackRunningStats;
    return batchNorm(
      x,
      passStats ? mean : null,
      passStats ? variance : null,
      this.weight,
      this.bias,
      { training: useBatchStats, momentum: factor, eps: this.eps },
    );
  }
}

/**
 * Batch normalization of `[N, C]` or `[N, C, L]` inputs over the batch (and
 * length) for each channel (PyTorch's `nn.BatchNorm1d`): see
 * {@linkcode BatchNormBase.forward} for training and evaluation modes.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchNorm1d, randn } from "@nabla/autograd";
 * const bn = new BatchNorm1d(4);
 * const y = bn.forward(randn([32, 4]).mul(3).add(1));
 * assert.ok(Math.abs(y.mean().item()) < 1e-5);
 * assert.deepEqual(Object.keys(bn.stateDict()), [
 *   "weight",
 *   "bias",
 *   "running_mean",
 *   "running_var",
 *   "num_batches_tracked",
 * ]);
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  /**
   * Accepts `[N, C]` and `[N, C, L]`.
   * @returns The accepted dimensions.
   * @example Accepted inputs
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm1d, zeros } from "@nabla/autograd";
   * assert.throws(() => new BatchNorm1d(2).forward(zeros([2, 2, 2, 2])), {
   *   name: "ShapeError",
   *   message: /BatchNorm1d\.forward\(\): expected 2 dimensions \[N, C\] or 3 dimensions/,
   * });
   * ```
   */
  protected override acceptedInputs(): [number, string][] {
    return [[2, "[N, C]"], [3, "[N, C, L]"]];
  }
}

/**
 * Batch normalization of `[N, C, H, W]` inputs over the batch and the pixels
 * for each channel (PyTorch's `nn.BatchNorm2d`): see
 * {@linkcode BatchNormBase.forward} for training and evaluation modes.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchNorm2d, randn } from "@nabla/autograd";
 * const bn = new BatchNorm2d(3);
 * bn.forward(randn([8, 3, 5, 5]).add(2)); // training: updates the running mean
 * assert.ok((bn.runningMean!.toArray() as number[]).every((m) => Math.abs(m - 0.2) < 0.05));
 * bn.eval(); // evaluation: normalizes with the running statistics
 * assert.deepEqual(bn.forward(randn([1, 3, 5, 5])).shape, [1, 3, 5, 5]);
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  /**
   * Accepts `[N, C, H, W]`.
   * @returns The accepted dimensions.
   * @example Accepted inputs
   * ```ts
   * import assert from "node:assert/strict";
   * import { BatchNorm2d, zeros } from "@nabla/autograd";
   * assert.throws(() => new BatchNorm2d(2).forward(zeros([2, 2, 2])), {
   *   name: "ShapeError",
   *   message: "Cannot normalize an input of shape [2, 2, 2] in BatchNorm2d.forward(): " +
   *     "expected 4 dimensions [N, C, H, W]",
   * });
   * ```
   */
  protected override acceptedInputs(): [number, string][] {
    return [[4, "[N, C, H, W]"]];
  }
}

// ---------------------------------------------------------------- GroupNorm

/** Options of the {@linkcode GroupNorm} constructor. */
export interface GroupNormOptions {
  /**
   * Added to the variance before its square root, for stability.
   * @default 1e-5
   */
  eps?: number;
  /**
   * Learn a per-channel scale `weight` (initially 1) and shift `bias` (initially 0).
   * @default true
   */
  affine?: boolean;
  /**
   * The parameters' dtype, float32 or float64.
   * @default "float32"
   */
  dtype?: DType;
}

/**
 * Group normalization (PyTorch's `nn.GroupNorm`): the channels are split into
 * `numGroups` groups, each group of each sample normalized on its own, then
 * scaled and shifted per channel. It does not depend on the batch, so it
 * behaves the same in training and evaluation.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { GroupNorm, randn } from "@nabla/autograd";
 * const gn = new GroupNorm(2, 6);
 * assert.deepEqual(gn.forward(randn([4, 6, 5, 5])).shape, [4, 6, 5, 5]);
 * assert.equal(String(gn), "GroupNorm(2, 6, eps=1e-05, affine=True)");
 * ```
 */
export class GroupNorm extends Module {
  /** The number of groups. */
  readonly numGroups: number;
  /** The number of channels `C`. */
  readonly numChannels: number;
  /** Added to the variance before its square root. */
  readonly eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** The learnable scale `[C]`, or `null` without `affine`. */
  weight: Parameter | null = null;
  /** The learnable shift `[C]`, or `null` without `affine`. */
  bias: Parameter | null = null;

  /**
   * Creates the layer.
   * @param numGroups The number of groups; must divide `numChannels`.
   * @param numChannels The number of channels `C`.
   * @param options `eps` (default 1e-5), `affine` (default `true`), `dtype`.
   * @example Channels not divisible by the groups
   * ```ts
   * import assert from "node:assert/strict";
   * import { GroupNorm } from "@nabla/autograd";
   * assert.throws(() => new GroupNorm(4, 6), {
   *   name: "RangeError",
   *   message: "Cannot create GroupNorm: numChannels 6 is not divisible by numGroups 4",
   * });
   * ```
   */
  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    checkOptions("GroupNorm", options, ["eps", "affine", "dtype"]);
    const { eps = 1e-5, affine = true, dtype = "float32" } = options;
    this.numGroups = checkCount("GroupNorm", "numGroups", numGroups);
    this.numChannels = checkCount("GroupNorm", "numChannels", numChannels);
    if (numChannels % numGroups !== 0) {
      throw new RangeError(
        `Cannot create GroupNorm: numChannels ${numChannels} is not divisible by numGroups ` +
          `${numGroups}`,
      );
    }
    this.eps = checkEps("GroupNorm", eps);
    this.affine = affine;
    checkDtype("GroupNorm", dtype);
    if (affine) {
      this.weight = new Parameter(ones([numChannels], { dtype }));
      this.bias = new Parameter(zeros([numChannels], { dtype }));
    }
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `G, C, eps=…, affine=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { GroupNorm } from "@nabla/autograd";
   * assert.equal(new GroupNorm(1, 4, { affine: false }).extraRepr(), "1, 4, eps=1e-05, affine=False");
   * ```
   */
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${
      pyBool(this.affine)
    }`;
  }

  /**
   * Normalizes each group of channels of each sample.
   * @param x The input `[N, C, ...]`.
   * @returns The normalized input, of `x`'s shape.
   * @example Zero mean per group
   * ```ts
   * import assert from "node:assert/strict";
   * import { GroupNorm, tensor } from "@nabla/autograd";
   * const y = new GroupNorm(2, 4, { eps: 0 }).forward(tensor([[1, 3, 10, 30]]));
   * assert.deepEqual(y.toArray(), [[-1, 1, -1, 1]]);
   * ```
   */
  override forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(
        `Cannot normalize an input of shape [${x.shape.join(", ")}] in GroupNorm.forward(): ` +
          `expected [N, ${this.numChannels}, ...] (numChannels in dimension 1)`,
        { op: "GroupNorm.forward", shapes: [x.shape] },
      );
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, { eps: this.eps });
  }
}

// ---------------------------------------------------------------- LayerNorm

/** Options of the {@linkcode LayerNorm} constructor. */
export interface LayerNormOptions {
  /**
   * Added to the variance before its square root, for stability.
   * @default 1e-5
   */
  eps?: number;
  /**
   * Learn an elementwise scale `weight` (initially 1) and shift `bias`
   * (initially 0) of shape `normalizedShape`.
   * @default true
   */
  elementwiseAffine?: boolean;
  /**
   * With `elementwiseAffine`, whether to learn the shift `bias` too
   * (PyTorch 2.1's option; GPT-style models often leave it out).
   * @default true
   */
  bias?: boolean;
  /**
   * The parameters' dtype, float32 or float64.
   * @default "float32"
   */
  dtype?: DType;
}

/**
 * Layer normalization (PyTorch's `nn.LayerNorm`): the last dimensions of the
 * input, `normalizedShape`, are normalized for each position of the leading
 * ones, then scaled and shifted elementwise. The same in training and
 * evaluation.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LayerNorm, randn } from "@nabla/autograd";
 * const ln = new LayerNorm(8);
 * const y = ln.forward(randn([2, 5, 8]));
 * assert.ok(Math.abs(y.mean(-1).abs().max().item()) < 1e-6);
 * assert.equal(String(ln), "LayerNorm((8,), eps=1e-05, elementwise_affine=True)");
 * assert.deepEqual(Object.keys(ln.stateDict()), ["weight", "bias"]);
 * ```
 */
export class LayerNorm extends Module {
  /** The trailing shape normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance before its square root. */
  readonly eps: number;
  /** Whether `weight` (and, unless disabled, `bias`) exist. */
  readonly elementwiseAffine: boolean;
  /** The learnable scale of shape `normalizedShape`, or `null`. */
  weight: Parameter | null = null;
  /** The learnable shift of shape `normalizedShape`, or `null`. */
  bias: Parameter | null = null;

  /**
   * Creates the layer.
   * @param normalizedShape The trailing shape to normalize over (a number for one dimension).
   * @param options `eps` (default 1e-5), `elementwiseAffine` (default `true`),
   *   `bias` (default `true`), `dtype`.
   * @example Without bias
   * ```ts
   * import assert from "node:assert/strict";
   * import { LayerNorm } from "@nabla/autograd";
   * const ln = new LayerNorm([4, 4], { bias: false });
   * assert.equal(ln.bias, null);
   * assert.deepEqual(Object.keys(ln.stateDict()), ["weight"]);
   * ```
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions("LayerNorm", options, ["eps", "elementwiseAffine", "bias", "dtype"]);
    const { eps = 1e-5, elementwiseAffine = true, bias = true, dtype = "float32" } = options;
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    const valid = Array.isArray(shape) && shape.length > 0 &&
      shape.every((s) => typeof s === "number" && Number.isInteger(s) && s > 0);
    if (!valid) {
      throw new RangeError(
        "Cannot create LayerNorm: normalizedShape must be a positive integer or a non-empty " +
          `list of them, got ${Array.isArray(shape) ? `[${shape.join(", ")}]` : shape}`,
      );
    }
    this.normalizedShape = shape.slice();
    this.eps = checkEps("LayerNorm", eps);
    this.elementwiseAffine = elementwiseAffine;
    checkDtype("LayerNorm", dtype);
    if (elementwiseAffine) {
      this.weight = new Parameter(ones(shape, { dtype }));
      if (bias) this.bias = new Parameter(zeros(shape, { dtype }));
    }
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `(shape), eps=…, elementwise_affine=…`.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { LayerNorm } from "@nabla/autograd";
   * assert.equal(
   *   String(new LayerNorm([3, 4], { elementwiseAffine: false })),
   *   "LayerNorm((3, 4), eps=1e-05, elementwise_affine=False)",
   * );
   * ```
   */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${
      pyBool(this.elementwiseAffine)
    }`;
  }

  /**
   * Normalizes the trailing dimensions.
   * @param x The input `[*, ...normalizedShape]`.
   * @returns The normalized input, of `x`'s shape.
   * @example A wrong shape
   * ```ts
   * import assert from "node:assert/strict";
   * import { LayerNorm, zeros } from "@nabla/autograd";
   * assert.throws(() => new LayerNorm(4).forward(zeros([4, 3])), {
   *   name: "ShapeError",
   *   message: /layerNorm\(\): normalizedShape \[4\] does not match its last dimensions/,
   * });
   * ```
   */
  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, { eps: this.eps });
  }
}
