/**
 * Loss functions, functional (`mseLoss`, `crossEntropy`...: PyTorch's
 * `torch.nn.functional` names in camelCase) and as modules (`MSELoss`,
 * `CrossEntropyLoss`...), each with PyTorch's formula, reductions and
 * gradients.
 */
import {
  AutogradFunction,
  checkOptions,
  DTypeError,
  noGrad,
  ShapeError,
  Tensor,
  where,
} from "../tensor/mod.ts";
import { Module } from "./module.ts";

/** How a loss combines its per-element values: average, total, or none. */
export type Reduction = "mean" | "sum" | "none";

/** Options shared by every loss. */
export interface LossOptions {
  /**
   * `"mean"` averages the per-element losses, `"sum"` adds them, `"none"`
   * returns them unreduced.
   * @default "mean"
   */
  reduction?: Reduction;
}

/** Options of {@linkcode nllLoss}. */
export interface NLLLossOptions extends LossOptions {
  /**
   * A rescaling weight per class, a 1-D tensor of `C` elements; `"mean"`
   * then divides by the total weight of the targets.
   * @default undefined (all classes weigh 1)
   */
  weight?: Tensor;
  /**
   * A target value that contributes neither to the loss nor to the mean.
   * @default -100
   */
  ignoreIndex?: number;
}

/** Options of {@linkcode crossEntropy}. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /**
   * Amount of smoothing in `[0, 1]`: the target becomes a mix of the
   * original target (weight `1 - labelSmoothing`) and the uniform
   * distribution over the `C` classes.
   * @default 0
   */
  labelSmoothing?: number;
}

/** Options of {@linkcode binaryCrossEntropy}. */
export interface BCELossOptions extends LossOptions {
  /**
   * A rescaling weight broadcast to the input's shape.
   * @default undefined (all elements weigh 1)
   */
  weight?: Tensor;
}

/** Options of {@linkcode binaryCrossEntropyWithLogits}. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /**
   * A weight of positive examples, broadcast along the last dimension
   * (one per class), to trade recall against precision.
   * @default undefined (1)
   */
  posWeight?: Tensor;
}

// ---------------------------------------------------------------- functional

/**
 * Mean squared error `(input - target)²`, reduced (PyTorch's `F.mse_loss`).
 * @param input Predictions, a float tensor.
 * @param target Targets of the same shape and dtype.
 * @param options `reduction` (default `"mean"`).
 * @returns The loss: a 0-d tensor, or per element with `"none"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mseLoss, tensor } from "@nabla/autograd";
 * const loss = mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5]));
 * assert.equal(loss.item(), Math.fround(4 / 3));
 * assert.deepEqual(mseLoss(tensor([1]), tensor([3]), { reduction: "none" }).toArray(), [4]);
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkOptions("mseLoss", options, ["reduction"]);
  const op = "mseLoss";
  const reduction = checkReduction(op, options.reduction);
  checkFloatPair(op, input, target);
  return reduce(input.sub(target).square(), reduction);
}

/**
 * Negative log-likelihood `-weight[t]·input[n, t]` of the target classes,
 * for log-probabilities such as `logSoftmax` outputs (PyTorch's `F.nll_loss`).
 * Shapes: input `[N, C]` with target `[N]`, input `[C]` with a 0-d target, or
 * input `[N, C, d1, ...]` with target `[N, d1, ...]`.
 * @param input Log-probabilities, the classes along dimension 1 (0 for 1-D input).
 * @param target int32 class indices in `[0, C)` (or `ignoreIndex`).
 * @param options `reduction`, `weight` (per class), `ignoreIndex` (default -100).
 * @returns The loss: a 0-d tensor, or the target's shape with `"none"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nllLoss, tensor } from "@nabla/autograd";
 * const logp = tensor([[-0.5, -1, -2], [-3, -0.1, -1]]);
 * const target = tensor([0, 1], { dtype: "int32" });
 * assert.equal(nllLoss(logp, target).item(), Math.fround(0.3));
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  checkOptions("nllLoss", options, ["reduction", "weight", "ignoreIndex"]);
  const op = "nllLoss";
  const reduction = checkReduction(op, options.reduction);
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex);
  const classDim = checkClassInput(op, input);
  checkIndexTarget(op, input, target, classDim, ignoreIndex);
  const weight = checkClassWeight(op, input, classDim, options.weight);
  const picked = pickTargets(input, target, classDim, weight, ignoreIndex);
  if (reduction === "none") return picked.loss;
  const total = picked.loss.sum();
  return reduction === "sum" ? total : total.div(picked.weightSum);
}

/**
 * Cross-entropy between logits and targets (PyTorch's `F.cross_entropy`):
 * `logSoftmax` over the classes (stable for large logits) followed by
 * `nllLoss`, with optional label smoothing. The target is either int32 class
 * indices (shapes as for {@linkcode nllLoss}) or, with the input's shape, float
 * class probabilities.
 * @param input Unnormalised logits, the classes along dimension 1 (0 for 1-D input).
 * @param target int32 class indices in `[0, C)`, or probabilities of the input's shape.
 * @param options `reduction`, `weight` (per class), `ignoreIndex` (default -100), `labelSmoothing` (default 0).
 * @returns The loss: a 0-d tensor, or one value per sample with `"none"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossEntropy, tensor } from "@nabla/autograd";
 * const logits = tensor([[2, 0, 0], [0, 0, 0]], { dtype: "float64" });
 * const target = tensor([0, 2], { dtype: "int32" });
 * const loss = crossEntropy(logits, target);
 * const expected = (Math.log(Math.exp(2) + 2) - 2 + Math.log(3)) / 2;
 * assert.ok(Math.abs(loss.item() - expected) < 1e-15);
 * ```
 * @example Label smoothing
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossEntropy, tensor } from "@nabla/autograd";
 * const logits = tensor([[0, 0]], { dtype: "float64" });
 * const target = tensor([1], { dtype: "int32" });
 * const loss = crossEntropy(logits, target, { labelSmoothing: 0.1 });
 * assert.ok(Math.abs(loss.item() - Math.LN2) < 1e-15); // uniform logits: log 2 either way
 * ```
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  checkOptions("crossEntropy", options, ["reduction", "weight", "ignoreIndex", "labelSmoothing"]);
  const op = "crossEntropy";
  const reduction = checkReduction(op, options.reduction);
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex);
  const smoothing = options.labelSmoothing ?? 0;
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new RangeError(
      `Cannot compute the loss in ${op}(): labelSmoothing must be in [0, 1], got ${smoothing}`,
    );
  }
  const classDim = checkClassInput(op, input);
  const classes = input.shape[classDim];
  checkTensor(op, "target", target);
  const probabilities = target.dtype === "float32" || target.dtype === "float64";
  if (probabilities && sameShape(target.shape, input.shape)) {
    if (ignoreIndex >= 0) {
      throw new RangeError(
        `Cannot compute the loss in ${op}(): ignoreIndex is not supported with class ` +
          `probabilities as target, got ${ignoreIndex}`,
      );
    }
    const weight = checkClassWeight(op, input, classDim, options.weight);
    const logp = input.logSoftmax(classDim);
    const y = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    let terms = logp.mul(y);
    if (weight !== null) terms = terms.mul(weightView(weight, input.ndim, classDim));
    const loss = terms.sum(classDim).neg();
    if (reduction === "none") return loss;
    return reduction === "sum" ? loss.sum() : loss.sum().div(input.numel / classes);
  }
  checkIndexTarget(op, input, target, classDim, ignoreIndex);
  const weight = checkClassWeight(op, input, classDim, options.weight);
  const logp = input.logSoftmax(classDim);
  const picked = pickTargets(logp, target, classDim, weight, ignoreIndex);
  // PyTorch: (1 - ε)·nll + ε/C·Σ_c -w_c·logp_c, both reduced with the same denominator.
  let loss = picked.loss;
  if (smoothing > 0) {
    const all = weight === null ? logp : logp.mul(weightView(weight, input.ndim, classDim));
    let smooth = all.sum(classDim).neg();
    if (picked.ignored !== null) smooth = where(picked.ignored, 0, smooth);
    loss = loss.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
  }
  if (reduction === "none") return loss;
  const total = loss.sum();
  return reduction === "sum" ? total : total.div(picked.weightSum);
}

/**
 * Binary cross-entropy `-(y·log x + (1 - y)·log(1 - x))` between
 * probabilities and targets (PyTorch's `F.binary_cross_entropy`). As in
 * PyTorch, each log is clamped at -100 so that the loss stays finite at 0
 * and 1, and the gradient `(x - y) / max(x·(1 - x), 1e-12)` stays finite too.
 * Prefer {@linkcode binaryCrossEntropyWithLogits} on logits, which is stabler.
 * @param input Probabilities in `[0, 1]` (a sigmoid output, say).
 * @param target Targets in `[0, 1]`, of the same shape and dtype.
 * @param options `reduction`, `weight` (broadcast to the input's shape).
 * @returns The loss: a 0-d tensor, or per element with `"none"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropy, tensor } from "@nabla/autograd";
 * const p = tensor([0.5, 1], { dtype: "float64" });
 * const y = tensor([1, 0], { dtype: "float64" });
 * assert.deepEqual(binaryCrossEntropy(p, y, { reduction: "none" }).toArray(), [Math.LN2, 100]);
 * ```
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BCELossOptions = {},
): Tensor {
  checkOptions("binaryCrossEntropy", options, ["reduction", "weight"]);
  const op = "binaryCrossEntropy";
  const reduction = checkReduction(op, options.reduction);
  checkFloatPair(op, input, target);
  const weight = checkBroadcastWeight(op, "weight", input, options.weight);
  const values = contiguousValues(input);
  const bad = values.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot compute the loss in ${op}(): input values must be probabilities in [0, 1], ` +
        `got ${values[bad]} at flat index ${bad}`,
    );
  }
  let loss = BinaryCrossEntropy.apply(input, target);
  if (weight !== null) loss = loss.mul(weight);
  return reduce(loss, reduction);
}

/**
 * Binary cross-entropy on logits, `σ` folded into the loss (PyTorch's
 * `F.binary_cross_entropy_with_logits`), in the stable form
 * `max(x, 0) - x·y + log(1 + e^-|x|)`, finite for any logit. With
 * `posWeight` p it is `(1 - y)·x + (1 + (p - 1)·y)·softplus(-x)`.
 * @param input Logits, a float tensor.
 * @param target Targets in `[0, 1]`, of the same shape and dtype.
 * @param options `reduction`, `weight` and `posWeight` (both broadcast to the input's shape).
 * @returns The loss: a 0-d tensor, or per element with `"none"`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropyWithLogits, tensor } from "@nabla/autograd";
 * const logits = tensor([0, 1000, -1000], { dtype: "float64" });
 * const y = tensor([1, 1, 1], { dtype: "float64" });
 * const loss = binaryCrossEntropyWithLogits(logits, y, { reduction: "none" });
 * assert.deepEqual(loss.toArray(), [Math.LN2, 0, 1000]);
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BCEWithLogitsLossOptions = {},
): Tensor {
  checkOptions("binaryCrossEntropyWithLogits", options, ["reduction", "weight", "posWeight"]);
  const op = "binaryCrossEntropyWithLogits";
  const reduction = checkReduction(op, options.reduction);
  checkFloatPair(op, input, target);
  const weight = checkBroadcastWeight(op, "weight", input, options.weight);
  const posWeight = checkBroadcastWeight(op, "posWeight", input, options.posWeight);
  // log(1 + e^-|x|) never overflows; max(x, 0) = x + softplus(-x) - log(1 + e^-|x|).
  const logTerm = input.abs().neg().exp().add(1).log();
  let loss: Tensor;
  if (posWeight === null) {
    loss = input.maximum(0).sub(input.mul(target)).add(logTerm);
  } else {
    const softplusNeg = input.neg().maximum(0).add(logTerm); // log(1 + e^-x)
    const logWeight = posWeight.sub(1).mul(target).add(1);
    loss = target.neg().add(1).mul(input).add(logWeight.mul(softplusNeg));
  }
  if (weight !== null) loss = loss.mul(weight);
  return reduce(loss, reduction);
}

// ---------------------------------------------------------------- modules

/**
 * Mean squared error as a module (PyTorch's `nn.MSELoss`); see {@linkcode mseLoss}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MSELoss, tensor } from "@nabla/autograd";
 * const loss = new MSELoss({ reduction: "sum" }).forward(tensor([1, 2]), tensor([0, 0]));
 * assert.equal(loss.item(), 5);
 * ```
 */
export class MSELoss extends Module<[Tensor, Tensor]> {
  /** How the per-element losses are combined. */
  readonly reduction: Reduction;

  /**
   * Creates the loss.
   * @param options `reduction` (default `"mean"`).
   * @example Default reduction
   * ```ts
   * import assert from "node:assert/strict";
   * import { MSELoss } from "@nabla/autograd";
   * assert.equal(new MSELoss().reduction, "mean");
   * ```
   */
  constructor(options: LossOptions = {}) {
    checkOptions("MSELoss", options, ["reduction"]);
    super();
    this.reduction = checkReduction("MSELoss", options.reduction);
  }

  /**
   * Computes the loss.
   * @param input Predictions.
   * @param target Targets of the same shape.
   * @returns The loss.
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { MSELoss, tensor } from "@nabla/autograd";
   * assert.equal(new MSELoss().forward(tensor([3]), tensor([1])).item(), 4);
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Cross-entropy as a module (PyTorch's `nn.CrossEntropyLoss`); see {@linkcode crossEntropy}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CrossEntropyLoss, tensor } from "@nabla/autograd";
 * const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion.forward(tensor([[5, 0, 0]]), tensor([0], { dtype: "int32" }));
 * assert.ok(loss.item() > 0);
 * ```
 */
export class CrossEntropyLoss extends Module<[Tensor, Tensor]> {
  /** The options passed to {@linkcode crossEntropy}. */
  readonly options: Readonly<CrossEntropyOptions>;

  /**
   * Creates the loss.
   * @param options `reduction`, `weight`, `ignoreIndex`, `labelSmoothing`.
   * @example Class weights are not parameters
   * ```ts
   * import assert from "node:assert/strict";
   * import { CrossEntropyLoss, tensor } from "@nabla/autograd";
   * const criterion = new CrossEntropyLoss({ weight: tensor([1, 3]) });
   * assert.deepEqual(criterion.parameters(), []);
   * ```
   */
  constructor(options: CrossEntropyOptions = {}) {
    checkOptions("CrossEntropyLoss", options, [
      "reduction",
      "weight",
      "ignoreIndex",
      "labelSmoothing",
    ]);
    super();
    checkReduction("CrossEntropyLoss", options.reduction);
    this.options = { ...options };
  }

  /**
   * Computes the loss.
   * @param input Logits `[N, C]` (or `[C]`, or `[N, C, d1, ...]`).
   * @param target int32 class indices `[N]` (or probabilities of the input's shape).
   * @returns The loss.
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { CrossEntropyLoss, tensor } from "@nabla/autograd";
   * const loss = new CrossEntropyLoss().forward(tensor([[0, 0]]), tensor([1], { dtype: "int32" }));
   * assert.equal(loss.item(), Math.fround(Math.LN2));
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.options);
  }
}

/**
 * Negative log-likelihood as a module (PyTorch's `nn.NLLLoss`); see {@linkcode nllLoss}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LogSoftmax, NLLLoss, tensor } from "@nabla/autograd";
 * const logp = new LogSoftmax(1).forward(tensor([[0, 0]]));
 * const loss = new NLLLoss().forward(logp, tensor([0], { dtype: "int32" }));
 * assert.equal(loss.item(), Math.fround(Math.LN2));
 * ```
 */
export class NLLLoss extends Module<[Tensor, Tensor]> {
  /** The options passed to {@linkcode nllLoss}. */
  readonly options: Readonly<NLLLossOptions>;

  /**
   * Creates the loss.
   * @param options `reduction`, `weight`, `ignoreIndex`.
   * @example Ignoring padding
   * ```ts
   * import assert from "node:assert/strict";
   * import { NLLLoss } from "@nabla/autograd";
   * assert.equal(new NLLLoss({ ignoreIndex: 0 }).options.ignoreIndex, 0);
   * ```
   */
  constructor(options: NLLLossOptions = {}) {
    checkOptions("NLLLoss", options, ["reduction", "weight", "ignoreIndex"]);
    super();
    checkReduction("NLLLoss", options.reduction);
    this.options = { ...options };
  }

  /**
   * Computes the loss.
   * @param input Log-probabilities `[N, C]`.
   * @param target int32 class indices `[N]`.
   * @returns The loss.
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { NLLLoss, tensor } from "@nabla/autograd";
   * const loss = new NLLLoss().forward(tensor([[-1, -2]]), tensor([1], { dtype: "int32" }));
   * assert.equal(loss.item(), 2);
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.options);
  }
}

/**
 * Binary cross-entropy as a module (PyTorch's `nn.BCELoss`); see {@linkcode binaryCrossEntropy}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { BCELoss, tensor } from "@nabla/autograd";
 * const loss = new BCELoss().forward(tensor([0.5]), tensor([1]));
 * assert.equal(loss.item(), Math.fround(Math.LN2));
 * ```
 */
export class BCELoss extends Module<[Tensor, Tensor]> {
  /** The options passed to {@linkcode binaryCrossEntropy}. */
  readonly options: Readonly<BCELossOptions>;

  /**
   * Creates the loss.
   * @param options `reduction`, `weight`.
   * @example Summed loss
   * ```ts
   * import assert from "node:assert/strict";
   * import { BCELoss } from "@nabla/autograd";
   * assert.equal(new BCELoss({ reduction: "sum" }).options.reduction, "sum");
   * ```
   */
  constructor(options: BCELossOptions = {}) {
    checkOptions("BCELoss", options, ["reduction", "weight"]);
    super();
    checkReduction("BCELoss", options.reduction);
    this.options = { ...options };
  }

  /**
   * Computes the loss.
   * @param input Probabilities in `[0, 1]`.
   * @param target Targets of the same shape.
   * @returns The loss.
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { BCELoss, tensor } from "@nabla/autograd";
   * assert.equal(new BCELoss().forward(tensor([1]), tensor([1])).item(), 0);
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.options);
  }
}

/**
 * Binary cross-entropy on logits as a module (PyTorch's `nn.BCEWithLogitsLoss`);
 * see {@linkcode binaryCrossEntropyWithLogits}.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { BCEWithLogitsLoss, tensor } from "@nabla/autograd";
 * const loss = new BCEWithLogitsLoss().forward(tensor([0]), tensor([1]));
 * assert.equal(loss.item(), Math.fround(Math.LN2));
 * ```
 */
export class BCEWithLogitsLoss extends Module<[Tensor, Tensor]> {
  /** The options passed to {@linkcode binaryCrossEntropyWithLogits}. */
  readonly options: Readonly<BCEWithLogitsLossOptions>;

  /**
   * Creates the loss.
   * @param options `reduction`, `weight`, `posWeight`.
   * @example Weighting positives
   * ```ts
   * import assert from "node:assert/strict";
   * import { BCEWithLogitsLoss, tensor } from "@nabla/autograd";
   * const criterion = new BCEWithLogitsLoss({ posWeight: tensor([3]) });
   * assert.ok(criterion.forward(tensor([0]), tensor([1])).item() > Math.LN2);
   * ```
   */
  constructor(options: BCEWithLogitsLossOptions = {}) {
    checkOptions("BCEWithLogitsLoss", options, ["reduction", "weight", "posWeight"]);
    super();
    checkReduction("BCEWithLogitsLoss", options.reduction);
    this.options = { ...options };
  }

  /**
   * Computes the loss.
   * @param input Logits.
   * @param target Targets of the same shape.
   * @returns The loss.
   * @example Forward
   * ```ts
   * import assert from "node:assert/strict";
   * import { BCEWithLogitsLoss, tensor } from "@nabla/autograd";
   * assert.equal(new BCEWithLogitsLoss().forward(tensor([-1e4]), tensor([0])).item(), 0);
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.options);
  }
}

// ---------------------------------------------------------------- the BCE op

// NOTE: PyTorch's 1e-12 is rounded to float32 (9.99999996e-13) even in float64.
const BCE_EPSILON = Math.fround(1e-12);

/**
 * Elementwise `-(y·max(log x, -100) + (1 - y)·max(log(1 - x), -100))`, with
 * PyTorch's backward: composing clamp and log would give 0/0 at x = 0 or 1.
 */
class BinaryCrossEntropy extends AutogradFunction {
  /** Computes the clamped loss and saves both inputs. */
  override forward(x: Tensor, y: Tensor): Tensor {
    this.saveForBackward(x, y);
    const [logX, log1mX] = clampedLogs(x);
    return y.mul(logX).add(y.neg().add(1).mul(log1mX)).neg();
  }
  /** dx = g·(x - y) / max(x·(1 - x), 1e-12); dy = g·(log(1 - x) - log x) */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [x, y] = this.savedTensors;
    const dx = this.needsInputGrad[0]
      ? g.mul(x.sub(y)).div(x.mul(x.neg().add(1)).clamp(BCE_EPSILON))
      : null;
    // NOTE: PyTorch does not clamp the logs here, so dy is ±Infinity where x is 0 or 1.
    const dy = this.needsInputGrad[1] ? g.mul(x.neg().add(1).log().sub(x.log())) : null;
    return [dx, dy];
  }
}

function clampedLogs(x: Tensor): [Tensor, Tensor] {
  return [x.log().clamp(-100), x.neg().add(1).log().clamp(-100)];
}

// ---------------------------------------------------------------- helpers

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "mean") return loss.mean();
  return reduction === "sum" ? loss.sum() : loss;
}

function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction === undefined) return "mean";
  if (reduction === "mean" || reduction === "sum" || reduction === "none") return reduction;
  const where = /^[A-Z]/.test(op) ? `Cannot create ${op}` : `Cannot compute the loss in ${op}()`;
  throw new RangeError(
    `${where}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`,
  );
}

function checkIgnoreIndex(op: string, ignoreIndex: unknown): number {
  if (ignoreIndex === undefined) return -100;
  if (!Number.isInteger(ignoreIndex)) {
    throw new RangeError(
      `Cannot compute the loss in ${op}(): ignoreIndex must be an integer, got ${ignoreIndex}`,
    );
  }
  return ignoreIndex as number;
}

function checkTensor(op: string, name: string, t: unknown): void {
  if (!(t instanceof Tensor)) {
    throw new TypeError(
      `Cannot compute the loss in ${op}(): ${name} must be a Tensor, got ${typeof t}`,
    );
  }
}

function isFloat(t: Tensor): boolean {
  return t.dtype === "float32" || t.dtype === "float64";
}

function checkFloat(op: string, name: string, t: Tensor): void {
  checkTensor(op, name, t);
  if (!isFloat(t)) {
    throw new DTypeError(
      `Cannot compute the loss in ${op}(): ${name} must be float32 or float64, got ${t.dtype}`,
      { op, dtypes: [t.dtype] },
    );
  }
}

// Regression-style losses: float input and target of one shape and one dtype.
function checkFloatPair(op: string, input: Tensor, target: Tensor): void {
  checkFloat(op, "input", input);
  checkFloat(op, "target", target);
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(
      `Cannot compute the loss in ${op}(): target has shape ${fmt(target.shape)}, ` +
        `expected the input's shape ${fmt(input.shape)}`,
      { op, shapes: [input.shape, target.shape] },
    );
  }
  if (input.dtype !== target.dtype) {
    throw new DTypeError(
      `Cannot compute the loss in ${op}(): target has dtype ${target.dtype}, expected the ` +
        `input's dtype ${input.dtype}`,
      { op, dtypes: [input.dtype, target.dtype] },
    );
  }
}

// A float tensor that broadcasts to the input's shape without enlarging it.
function checkBroadcastWeight(
  op: string,
  name: string,
  input: Tensor,
  weight: Tensor | undefined,
): Tensor | null {
  if (weight === undefined) return null;
  checkFloat(op, name, weight);
  const lead = input.ndim - weight.ndim;
  const fits = lead >= 0 && weight.shape.every((s, i) => s === 1 || s === input.shape[lead + i]);
  if (!fits) {
    throw new ShapeError(
      `Cannot compute the loss in ${op}(): ${name} of shape ${fmt(weight.shape)} does not ` +
        `broadcast to the input's shape ${fmt(input.shape)}`,
      { op, shapes: [input.shape, weight.shape] },
    );
  }
  return weight;
}

// The class dimension: 1, or 0 for a single unbatched sample.
function checkClassInput(op: string, input: Tensor): number {
  checkFloat(op, "input", input);
  if (input.ndim === 0) {
    throw new ShapeError(
      `Cannot compute the loss in ${op}(): input must have a class dimension, got a 0-d tensor`,
      { op, shapes: [input.shape] },
    );
  }
  return input.ndim === 1 ? 0 : 1;
}

function checkClassWeight(
  op: string,
  input: Tensor,
  classDim: number,
  weight: Tensor | undefined,
): Tensor | null {
  if (weight === undefined) return null;
  checkFloat(op, "weight", weight);
  const classes = input.shape[classDim];
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `Cannot compute the loss in ${op}(): weight has shape ${fmt(weight.shape)}, expected ` +
        `one value per class, [${classes}]`,
      { op, shapes: [input.shape, weight.shape] },
    );
  }
  return weight;
}

function checkIndexTarget(
  op: string,
  input: Tensor,
  target: Tensor,
  classDim: number,
  ignoreIndex: number,
): void {
  checkTensor(op, "target", target);
  if (target.dtype !== "int32") {
    const probabilities = op === "crossEntropy"
      ? ` (or float class probabilities of the input's shape ${fmt(input.shape)})`
      : "";
    throw new DTypeError(
      `Cannot compute the loss in ${op}(): target must hold int32 class indices${probabilities}, ` +
        `got a ${target.dtype} tensor of shape ${fmt(target.shape)}`,
      { op, dtypes: [input.dtype, target.dtype] },
    );
  }
  let fits = target.ndim === input.ndim - 1;
  for (let d = 0; fits && d < target.ndim; d++) {
    fits = target.shape[d] === input.shape[d < classDim ? d : d + 1];
  }
  if (!fits) {
    const expected = input.shape.filter((_, d) => d !== classDim);
    throw new ShapeError(
      `Cannot compute the loss in ${op}(): target has shape ${fmt(target.shape)}, expected ` +
        `${fmt(expected)} for input of shape ${fmt(input.shape)}`,
      { op, shapes: [input.shape, target.shape] },
    );
  }
  const classes = input.shape[classDim];
  const values = contiguousValues(target);
  for (let i = 0; i < values.length; i++) {
    const t = values[i];
    if ((t < 0 || t >= classes) && t !== ignoreIndex) {
      throw new RangeError(
        `Cannot compute the loss in ${op}(): target ${t} at flat index ${i} is out of range ` +
          `[0, ${classes}) (ignoreIndex is ${ignoreIndex})`,
      );
    }
  }
}

interface Picked {
  /** `-w[t]·input[t]` per target position, 0 where ignored. */
  loss: Tensor;
  /** The denominator of `"mean"`: the total weight of the targets not ignored. */
  weightSum: Tensor | number;
  /** Where the target equals ignoreIndex, or `null` if nowhere. */
  ignored: Tensor | null;
}

// The per-target terms of nllLoss, `input` being log-probabilities.
function pickTargets(
  input: Tensor,
  target: Tensor,
  classDim: number,
  weight: Tensor | null,
  ignoreIndex: number,
): Picked {
  const anyIgnored = contiguousValues(target).includes(ignoreIndex);
  const ignored = anyIgnored ? target.eq(ignoreIndex) : null;
  const safe = ignored === null ? target : where(ignored, 0, target);
  let loss = input.gather(classDim, safe.unsqueeze(classDim)).squeeze(classDim).neg();
  let w: Tensor | null = null;
  if (weight !== null) {
    w = weight.indexSelect(0, safe.reshape([-1])).reshape(target.shape);
    loss = loss.mul(w);
  }
  if (ignored === null) {
    return { loss, weightSum: w === null ? target.numel : w.sum(), ignored };
  }
  loss = where(ignored, 0, loss);
  const kept = noGrad(() => where(ignored, 0, w ?? 1).to(input.dtype));
  return { loss, weightSum: kept.sum(), ignored };
}

// The class weights viewed to broadcast along the class dimension.
function weightView(weight: Tensor, ndim: number, classDim: number): Tensor {
  const shape = Array.from({ length: ndim }, (_, d) => (d === classDim ? weight.shape[0] : 1));
  return weight.reshape(shape);
}

// The elements in row-major order, read from storage (no nested arrays: a loss
// checks its targets at every training step).
function contiguousValues(t: Tensor): Tensor["storage"]["data"] {
  const c = t.contiguous();
  return c.storage.data.subarray(c.offset, c.offset + c.numel);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
