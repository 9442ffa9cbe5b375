/**
 * Normalization layers in functional form, as PyTorch's `F.batch_norm`,
 * `F.group_norm` and `F.layer_norm`: `(x - mean) / sqrt(var + eps)` with the
 * biased variance, then `· weight + bias`.
 *
 * Two primitives, fused for speed (two kernel passes for the statistics, one
 * to normalize, two for the backward, where the composition of reductions
 * and elementwise ops makes about 25; see the `NOTE`s below): `NativeBatchNorm`
 * (batch statistics per channel; it also updates the running statistics in
 * place, with the unbiased variance) and `NativeLayerNorm` (statistics per
 * row of the trailing dimensions; group norm runs on it too). Their backward
 * under `createGraph` is the same formula in tensor ops, so second
 * derivatives work. Evaluation-mode batch norm is composed (`x · a + b`).
 */
import { AutogradError, DTypeError, ShapeError } from "../errors.ts";
import { AutogradFunction, isGradEnabled, isTensor, trustBackward } from "../autograd.ts";
import { allocate, type DType, isFloatingPoint, type TypedArray } from "../dtype.ts";
import { fmt, numel, shapesEqual } from "../_shape.ts";
import { checkOptions } from "../options.ts";
import * as cpu from "../kernels/cpu.ts";
import * as kernels from "../kernels/normalization.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";

/** Options of {@linkcode batchNorm}. */
export interface BatchNormOptions {
  /**
   * Normalize with the statistics of this batch and update the running ones
   * (training mode); when `false`, normalize with the running statistics.
   * @default false
   */
  training?: boolean;
  /**
   * The weight of this batch in the running statistics:
   * `running = (1 - momentum) · running + momentum · batch`. The modules'
   * `momentum: null` (a cumulative average) passes `1 / batches seen` here.
   * @default 0.1
   */
  momentum?: number;
  /**
   * Added to the variance before its square root, for stability.
   * @default 1e-5
   */
  eps?: number;
}

/** Options of {@linkcode groupNorm} and {@linkcode layerNorm}. */
export interface NormOptions {
  /**
   * Added to the variance before its square root, for stability.
   * @default 1e-5
   */
  eps?: number;
}

// ---------------------------------------------------------------- validation

function checkInput(op: string, x: Tensor, minDims: number, expected: string): void {
  if (!isTensor(x)) throw new TypeError(`Cannot normalize in ${op}(): expected a Tensor input`);
  if (!isFloatingPoint(x.dtype)) {
    throw new DTypeError(
      `Cannot normalize ${x.dtype === "int32" ? "an" : "a"} ${x.dtype} tensor in ${op}(): ` +
        "it needs a float32 or float64 tensor; convert it with float() first",
      { op, dtypes: [x.dtype] },
    );
  }
  if (x.ndim < minDims) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): expected ${expected}`,
      { op, shapes: [x.shape] },
    );
  }
}

function checkEps(op: string, eps: number): void {
  if (typeof eps !== "number" || !(eps >= 0) || eps === Infinity) {
    throw new RangeError(
      `Cannot normalize in ${op}(): eps must be a finite number >= 0, got ${eps}`,
    );
  }
}

/**
 * Checks an optional tensor of `shape` (per channel, or `normalizedShape`):
 * its shape, its dtype and, for running statistics, that it does not
 * require grad.
 */
function checkAux(
  op: string,
  name: string,
  t: Tensor | null | undefined,
  x: Tensor,
  shape: readonly number[],
  what: string,
  buffer = false,
): Tensor | null {
  if (t === undefined || t === null) return null;
  if (!isTensor(t)) {
    throw new TypeError(`Cannot normalize in ${op}(): ${name} must be a Tensor or null`);
  }
  if (!shapesEqual(t.shape, shape)) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): ${name} has shape ` +
        `${fmt(t.shape)}, expected ${fmt(shape)} (${what})`,
      { op, shapes: [x.shape, t.shape] },
    );
  }
  if (t.dtype !== x.dtype) {
    throw new DTypeError(
      `Cannot normalize a ${x.dtype} input in ${op}(): ${name} is ${t.dtype}; ` +
        "convert it to the input's dtype",
      { op, dtypes: [x.dtype, t.dtype] },
    );
  }
  if (buffer && t.requiresGrad) {
    throw new AutogradError(
      `Cannot normalize in ${op}(): ${name} requires grad, but running statistics are not ` +
        `differentiable (as in PyTorch); pass ${name}.detach()`,
      { op },
    );
  }
  return t;
}

/** The data of `t` in row-major order from an offset: its own storage when contiguous. */
function rowMajor(t: Tensor): [TypedArray, number] {
  return t.isContiguous() ? [t.storage.data, t.offset] : [cpu.copy(viewOf(t), t.dtype), 0];
}

/** A contiguous copy of an optional parameter's values, from index 0. */
function valuesOf(t: Tensor | null): TypedArray | null {
  return t === null ? null : cpu.copy(viewOf(t), t.dtype);
}

/** A tensor of `dtype` from float64 values. */
function fromFloat64(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const data = allocate(dtype, values.length);
  data.set(values);
  return fromData(data, shape);
}

/**
 * The gradients of `(x - mean) · invstd · weight + bias` (statistics over
 * `statDims`, weight and bias of `paramShape` summed over `paramDims`) in
 * tensor ops: the fused backward's formula, differentiable, for `createGraph`.
 */
function normalizeBackwardComposed(
  g: Tensor,
  x: Tensor,
  weight: Tensor | null,
  eps: number,
  statDims: number[],
  paramDims: number[],
  paramShape: readonly number[],
  broadcastShape: readonly number[],
): [Tensor, Tensor, Tensor] {
  const keep = { keepdim: true };
  const centered = x.sub(x.mean(statDims, keep));
  const invstd = centered.square().mean(statDims, keep).add(eps).rsqrt();
  const xhat = centered.mul(invstd);
  const d = weight === null ? g : g.mul(weight.reshape(broadcastShape));
  const dx = d.sub(d.mean(statDims, keep)).sub(xhat.mul(d.mul(xhat).mean(statDims, keep)))
    .mul(invstd);
  const dweight = g.mul(xhat).sum(paramDims).reshape(paramShape);
  const dbias = g.sum(paramDims).reshape(paramShape);
  return [dx, dweight, dbias];
}

// ---------------------------------------------------------------- primitives

/**
 * Batch normalization with the batch's statistics (training mode) of an
 * `[N, C, ...]` input, per channel, in one fused kernel; also updates the
 * running statistics (not recorded), as PyTorch's `native_batch_norm`.
 * NOTE: promoted for speed: forward + backward of float32 `[64, 16, 24, 24]`
 * took 26 ms against 67 ms for the composition (medians of 20 runs on a
 * loaded 2-core machine; forward alone 15 ms against 38 ms); it matches the
 * composition to rounding (normalization_test.ts).
 */
export class NativeBatchNorm extends AutogradFunction {
  #stats: kernels.Moments | null = null;
  #eps = 0;
  /** Normalizes, updates the running statistics, and saves the input and weight. */
  override forward(
    x: Tensor,
    weight: Tensor | null,
    bias: Tensor | null,
    runningMean: Tensor | null,
    runningVar: Tensor | null,
    momentum: number,
    eps: number,
  ): Tensor {
    const [n, c] = x.shape;
    const s = x.numel / (n * c);
    const [X, o] = rowMajor(x);
    const stats = kernels.channelMoments(X, o, n, c, s, eps);
    const count = n * s;
    if (runningMean !== null) {
      const batch = fromFloat64(stats.mean, [c], x.dtype);
      runningMean.mul_(1 - momentum).add_(batch.reshape(runningMean.shape), { alpha: momentum });
    }
    if (runningVar !== null) {
      const unbiased = fromFloat64(
        stats.variance.map((v) => v * count / (count - 1)),
        [c],
        x.dtype,
      );
      runningVar.mul_(1 - momentum).add_(unbiased.reshape(runningVar.shape), { alpha: momentum });
    }
    const out = allocate(x.dtype, x.numel);
    kernels.channelNormalize(X, o, n, c, s, stats, valuesOf(weight), valuesOf(bias), out);
    this.#stats = stats;
    this.#eps = eps;
    this.saveForBackward(x, ...(weight === null ? [] : [weight]));
    return fromData(out, x.shape);
  }
  /**
   * dbias = Σ g, dweight = Σ g x̂, dx = w · invstd · (g - mean(g) - x̂ · mean(g x̂)),
   * sums and means over each channel's values.
   */
  override backward(g: Tensor): (Tensor | null)[] {
    const [x, weight = null] = this.savedTensors;
    const [n, c] = x.shape;
    const needs = this.needsInputGrad;
    if (isGradEnabled()) {
      const dims = x.shape.map((_, d) => d).filter((d) => d !== 1);
      const shape = x.shape.map((s, d) => (d === 1 ? s : 1));
      const grads = normalizeBackwardComposed(g, x, weight, this.#eps, dims, dims, [c], shape);
      return [needs[0] ? grads[0] : null, needs[1] ? grads[1] : null, needs[2] ? grads[2] : null];
    }
    const [G, go] = rowMajor(g);
    const [X, xo] = rowMajor(x);
    const s = x.numel / (n * c);
    const W = valuesOf(weight);
    const dx = allocate(x.dtype, x.numel);
    const grads = kernels.channelNormalizeBackward(G, go, X, xo, n, c, s, this.#stats!, W, dx);
    return [
      needs[0] ? fromData(dx, x.shape) : null,
      needs[1] ? fromFloat64(grads.dweight, [c], x.dtype) : null,
      needs[2] ? fromFloat64(grads.dbias, [c], x.dtype) : null,
    ];
  }
}

/**
 * Layer normalization over the last dimensions (`k` values per row) in one
 * fused kernel, with an optional elementwise weight and bias of the rows'
 * shape, as PyTorch's `native_layer_norm`.
 * NOTE: promoted for speed: forward + backward of float32 `[32, 64, 128]`
 * over the last dimension took 12 ms against 42 ms for the composition
 * (medians of 20 runs on a loaded 2-core machine); it matches the
 * composition to rounding (normalization_test.ts).
 */
export class NativeLayerNorm extends AutogradFunction {
  #stats: kernels.Moments | null = null;
  #eps = 0;
  #dims = 1;
  /** Normalizes each row of the last `dims` dimensions and saves the input and weight. */
  override forward(
    x: Tensor,
    weight: Tensor | null,
    bias: Tensor | null,
    dims: number,
    eps: number,
  ): Tensor {
    const [X, o] = rowMajor(x);
    const out = allocate(x.dtype, x.numel);
    const k = numel(x.shape.slice(x.ndim - dims));
    const rows = k === 0 ? 0 : x.numel / k;
    this.#stats = kernels.rowNormalize(X, o, rows, k, eps, valuesOf(weight), valuesOf(bias), out);
    this.#eps = eps;
    this.#dims = dims;
    this.saveForBackward(x, ...(weight === null ? [] : [weight]));
    return fromData(out, x.shape);
  }
  /**
   * dbias = Σ_rows g, dweight = Σ_rows g x̂, dx = invstd · (d - mean(d) - x̂ · mean(d x̂))
   * with d = g · weight, means over each row.
   */
  override backward(g: Tensor): (Tensor | null)[] {
    const [x, weight = null] = this.savedTensors;
    const needs = this.needsInputGrad;
    const lead = x.ndim - this.#dims;
    const paramShape = x.shape.slice(lead);
    const k = numel(paramShape);
    if (isGradEnabled()) {
      const dims = x.shape.map((_, d) => d);
      const statDims = dims.slice(lead);
      const paramDims = dims.slice(0, lead);
      const grads = normalizeBackwardComposed(
        g,
        x,
        weight,
        this.#eps,
        statDims,
        paramDims,
        paramShape,
        paramShape,
      );
      return [needs[0] ? grads[0] : null, needs[1] ? grads[1] : null, needs[2] ? grads[2] : null];
    }
    const [G, go] = rowMajor(g);
    const [X, xo] = rowMajor(x);
    const dx = allocate(x.dtype, x.numel);
    const rows = k === 0 ? 0 : x.numel / k;
    const grads = kernels.rowNormalizeBackward(
      G,
      go,
      X,
      xo,
      rows,
      k,
      this.#stats!,
      valuesOf(weight),
      dx,
    );
    return [
      needs[0] ? fromData(dx, x.shape) : null,
      needs[1] ? fromFloat64(grads.dweight, paramShape, x.dtype) : null,
      needs[2] ? fromFloat64(grads.dbias, paramShape, x.dtype) : null,
    ];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(NativeBatchNorm, NativeLayerNorm);

// ---------------------------------------------------------------- batchNorm

/**
 * Batch normalization, as PyTorch's `F.batch_norm`: each channel (dimension
 * 1) of an `[N, C]`, `[N, C, L]` or `[N, C, H, W]` input (any `[N, C, ...]`)
 * is normalized to zero mean and unit variance, then scaled by `weight` and
 * shifted by `bias`.
 *
 * In training mode the statistics are those of the batch (the biased
 * variance, over `N` and the spatial dimensions), and the running statistics,
 * when given, are updated in place and without recording gradients:
 * `running = (1 - momentum) · running + momentum · batch`, with the
 * UNBIASED batch variance for `runningVar`, as PyTorch. Otherwise the input
 * is normalized with the running statistics, which are then required.
 * Gradients flow to `x`, `weight` and `bias`; running statistics must not
 * require grad.
 * @param x The input `[N, C, ...]`, float32 or float64.
 * @param runningMean The running mean `[C]`, or `null` (then training mode is needed).
 * @param runningVar The running variance `[C]`, or `null`.
 * @param weight The scale `[C]` (default: none, i.e. 1).
 * @param bias The shift `[C]` (default: none, i.e. 0).
 * @param options `training` (default `false`), `momentum` (default 0.1), `eps` (default 1e-5).
 * @returns The normalized tensor, of `x`'s shape and dtype.
 * @example Training mode updates the running statistics
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchNorm, ones, tensor, zeros } from "@nabla/autograd";
 * const x = tensor([[1, 10], [3, 30]], { dtype: "float64" }); // [N = 2, C = 2]
 * const mean = zeros([2], { dtype: "float64" });
 * const variance = ones([2], { dtype: "float64" });
 * const y = batchNorm(x, mean, variance, null, null, { training: true, momentum: 0.5, eps: 0 });
 * assert.deepEqual(y.toArray(), [[-1, -1], [1, 1]]);
 * assert.deepEqual(mean.toArray(), [1, 10]); // 0.5 · 0 + 0.5 · [2, 20]
 * assert.deepEqual(variance.toArray(), [1.5, 100.5]); // 0.5 · 1 + 0.5 · [2, 200] (unbiased)
 * ```
 * @example Evaluation mode uses them
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchNorm, tensor } from "@nabla/autograd";
 * const x = tensor([[1], [3]]);
 * const y = batchNorm(x, tensor([1]), tensor([4]), tensor([2]), tensor([0.5]), { eps: 0 });
 * assert.deepEqual(y.toArray(), [[0.5], [2.5]]); // (x - 1) / 2 · 2 + 0.5
 * ```
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  options: BatchNormOptions = {},
): Tensor {
  const op = "batchNorm";
  checkOptions(op, options, ["training", "momentum", "eps"]);
  const { training = false, momentum = 0.1, eps = 1e-5 } = options;
  checkInput(op, x, 2, "at least 2 dimensions [N, C, ...]");
  if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
    throw new RangeError(
      `Cannot normalize in ${op}(): momentum must be a number in [0, 1], got ${momentum}` +
        (momentum === null ? " (momentum: null, a cumulative average, is a BatchNorm option)" : ""),
    );
  }
  checkEps(op, eps);
  const c = x.shape[1];
  const perChannel = `one value per channel of the input`;
  const mean = checkAux(op, "runningMean", runningMean, x, [c], perChannel, true);
  const variance = checkAux(op, "runningVar", runningVar, x, [c], perChannel, true);
  const w = checkAux(op, "weight", weight, x, [c], perChannel);
  const b = checkAux(op, "bias", bias, x, [c], perChannel);
  const shape = x.shape.map((s, d) => (d === 1 ? s : 1));
  if (!training) {
    if (mean === null || variance === null) {
      throw new TypeError(
        `Cannot normalize in ${op}(): ${mean === null ? "runningMean" : "runningVar"} ` +
          "is needed in evaluation mode (training: false)",
      );
    }
    // As PyTorch: x · scale + shift, with scale = weight / sqrt(var + eps) and
    // shift = bias - mean · scale per channel (two passes over x instead of four).
    let scale = variance.add(eps).rsqrt();
    if (w !== null) scale = scale.mul(w);
    let shift = mean.mul(scale).neg();
    if (b !== null) shift = shift.add(b);
    return x.mul(scale.reshape(shape)).add(shift.reshape(shape));
  }
  const n = x.numel / c;
  if (n === 1) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): expected more than 1 ` +
        "value per channel when training",
      { op, shapes: [x.shape] },
    );
  }
  return NativeBatchNorm.apply(x, w, b, mean, variance, momentum, eps);
}

// ---------------------------------------------------------------- groupNorm

/**
 * Group normalization, as PyTorch's `F.group_norm`: the channels of an
 * `[N, C, ...]` input are split into `numGroups` groups of `C / numGroups`
 * consecutive channels, and each group of each sample is normalized to zero
 * mean and unit (biased) variance, then scaled and shifted per channel.
 * Independent of the batch size, the same in training and evaluation.
 * @param x The input `[N, C, ...]`, float32 or float64.
 * @param numGroups How many groups; must divide `C`.
 * @param weight The scale `[C]` (default: none, i.e. 1).
 * @param bias The shift `[C]` (default: none, i.e. 0).
 * @param options `eps` (default 1e-5).
 * @returns The normalized tensor, of `x`'s shape and dtype.
 * @example Two groups of two channels
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupNorm, tensor } from "@nabla/autograd";
 * const x = tensor([[1, 3, 10, 30]]); // [N = 1, C = 4]
 * assert.deepEqual(groupNorm(x, 2, null, null, { eps: 0 }).toArray(), [[-1, 1, -1, 1]]);
 * assert.throws(() => groupNorm(x, 3), { name: "ShapeError", message: /groupNorm\(\)/ });
 * ```
 */
export function groupNorm(
  x: Tensor,
  numGroups: number,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  options: NormOptions = {},
): Tensor {
  const op = "groupNorm";
  checkOptions(op, options, ["eps"]);
  const { eps = 1e-5 } = options;
  checkInput(op, x, 2, "at least 2 dimensions [N, C, ...]");
  checkEps(op, eps);
  const [n, c] = x.shape;
  if (typeof numGroups !== "number" || !Number.isInteger(numGroups) || numGroups < 1) {
    throw new RangeError(
      `Cannot normalize in ${op}(): numGroups must be a positive integer, got ${numGroups}`,
    );
  }
  if (c % numGroups !== 0) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): its ${c} channels ` +
        `are not divisible into ${numGroups} groups`,
      { op, shapes: [x.shape] },
    );
  }
  // NOTE: PyTorch's check: one sample whose groups hold one value each.
  if (x.numel === numGroups) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): expected more than 1 ` +
        `value per group, got ${numGroups} groups of 1`,
      { op, shapes: [x.shape] },
    );
  }
  const perChannel = "one value per channel of the input";
  const w = checkAux(op, "weight", weight, x, [c], perChannel);
  const b = checkAux(op, "bias", bias, x, [c], perChannel);
  // Each group of each sample is a row of [N · G, C/G · ...]; the affine is per channel.
  const k = x.numel / (n * numGroups);
  const y = NativeLayerNorm.apply(x.reshape([n * numGroups, k]), null, null, 1, eps)
    .reshape(x.shape);
  const shape = x.shape.map((s, d) => (d === 1 ? s : 1));
  let out = y;
  if (w !== null) out = out.mul(w.reshape(shape));
  if (b !== null) out = out.add(b.reshape(shape));
  return out;
}

// ---------------------------------------------------------------- layerNorm

/**
 * Layer normalization, as PyTorch's `F.layer_norm`: the last dimensions of
 * the input, those of `normalizedShape`, are normalized to zero mean and
 * unit (biased) variance for each position of the leading dimensions, then
 * scaled by `weight` and shifted by `bias` elementwise (both of shape
 * `normalizedShape`).
 * @param x The input `[*, ...normalizedShape]`, float32 or float64.
 * @param normalizedShape The trailing shape to normalize over (a number for one dimension).
 * @param weight The scale, of shape `normalizedShape` (default: none, i.e. 1).
 * @param bias The shift, of shape `normalizedShape` (default: none, i.e. 0).
 * @param options `eps` (default 1e-5).
 * @returns The normalized tensor, of `x`'s shape and dtype.
 * @example Over the last dimension
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerNorm, tensor } from "@nabla/autograd";
 * const x = tensor([[1, 3], [10, 30]]);
 * assert.deepEqual(layerNorm(x, [2], null, null, { eps: 0 }).toArray(), [[-1, 1], [-1, 1]]);
 * assert.throws(() => layerNorm(x, [3]), { name: "ShapeError", message: /layerNorm\(\)/ });
 * ```
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  options: NormOptions = {},
): Tensor {
  const op = "layerNorm";
  checkOptions(op, options, ["eps"]);
  const { eps = 1e-5 } = options;
  if (!isTensor(x)) throw new TypeError(`Cannot normalize in ${op}(): expected a Tensor input`);
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
  const valid = Array.isArray(shape) && shape.length > 0 &&
    shape.every((s) => typeof s === "number" && Number.isInteger(s) && s > 0);
  if (!valid) {
    throw new RangeError(
      `Cannot normalize in ${op}(): normalizedShape must be a positive integer or a non-empty ` +
        `list of them, got ${Array.isArray(shape) ? fmt(shape) : String(normalizedShape)}`,
    );
  }
  checkInput(op, x, 0, "");
  const k = shape.length;
  if (x.ndim < k || !shapesEqual(x.shape.slice(x.ndim - k), shape)) {
    throw new ShapeError(
      `Cannot normalize an input of shape ${fmt(x.shape)} in ${op}(): normalizedShape ` +
        `${fmt(shape)} does not match its last dimensions (expected an input of shape ` +
        `[*, ${shape.join(", ")}])`,
      { op, shapes: [x.shape, shape] },
    );
  }
  checkEps(op, eps);
  const what = "the shape of normalizedShape";
  const w = checkAux(op, "weight", weight, x, shape, what);
  const b = checkAux(op, "bias", bias, x, shape, what);
  return NativeLayerNorm.apply(x, w, b, shape.length, eps);
}
