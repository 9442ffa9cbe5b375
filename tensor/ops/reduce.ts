/**
 * Reductions. `Sum` and `Max` are primitives (one kernel each; `Max` splits
 * its gradient evenly among ties, as PyTorch's `amax`); `LogSoftmax` is a
 * primitive fused for speed. The rest is composed: `mean = sum / n`,
 * `amin = -amax(-x)`, `var`, `std`, `logsumexp` (shifted by the detached max),
 * `softmax = exp(logSoftmax)`. `argmax`/`argmin` return int32 indices and
 * have no gradient.
 */
import {
  AutogradFunction,
  isGradEnabled,
  keepForBackward,
  noGrad,
  trustBackward,
} from "../autograd.ts";
import { allocate, type DType, isFloatingPoint } from "../dtype.ts";
import { DTypeError } from "../errors.ts";
import { fmt, NO_DIMS } from "../_shape.ts";
import { toInt32 } from "../_int32.ts";
import { asPublicOp } from "../_op_names.ts";
import * as cpu from "../kernels/cpu.ts";
import { checkOptions } from "../options.ts";
import { fromKernel, type ReduceOptions, type Tensor, type VarOptions, viewOf } from "../tensor.ts";
import { binaryKernel, expandTo, unaryKernel, where } from "./elementwise.ts";

// ---------------------------------------------------------------- validation

/**
 * The dimensions to reduce, sorted and non-negative; `undefined` means all,
 * and so does an empty list, as in PyTorch 1.13 (`x.sum(dim=[])` reduces every
 * dimension). As in PyTorch, a 0-d tensor accepts dimension 0 or -1 (and
 * reduces nothing).
 */
export function reduceDims(
  op: string,
  x: Tensor,
  dim: number | readonly number[] | undefined,
): number[] {
  // NOTE: loops, not map() or sort() with a callback: reductions run at every
  // training step, and each callback is an allocation.
  if (dim === undefined || (Array.isArray(dim) && dim.length === 0)) {
    const all = new Array<number>(x.ndim);
    for (let d = 0; d < x.ndim; d++) all[d] = d;
    return all;
  }
  if (typeof dim === "number") {
    const n = reduceDim(op, x, dim);
    return x.ndim === 0 ? [] : [n];
  }
  if (!Array.isArray(dim)) {
    throw new TypeError(
      `Cannot reduce over ${String(dim)} in ${op}(): expected a dimension or a list of dimensions`,
    );
  }
  const out = new Array<number>(dim.length);
  for (let i = 0; i < dim.length; i++) {
    const d = dim[i];
    const n = reduceDim(op, x, d);
    // Insertion into the first i entries keeps them sorted.
    let j = i;
    for (; j > 0 && out[j - 1] > n; j--) out[j] = out[j - 1];
    if (out[j - 1] === n) {
      throw new RangeError(
        `Cannot reduce over dimension ${d} in ${op}(): dimension ${n} appears twice in ` +
          `${fmt(dim)} for a tensor of shape ${fmt(x.shape)}`,
      );
    }
    out[j] = n;
  }
  return x.ndim === 0 ? [] : out;
}

// One dimension checked and made non-negative (a 0-d tensor takes 0 or -1).
function reduceDim(op: string, x: Tensor, d: unknown): number {
  const nd = Math.max(x.ndim, 1);
  if (typeof d !== "number" || !Number.isInteger(d) || d < -nd || d >= nd) {
    throw new RangeError(
      `Cannot reduce over dimension ${d} in ${op}(): expected a dimension in ` +
        `[${-nd}, ${nd - 1}] for a tensor of shape ${fmt(x.shape)}`,
    );
  }
  return d < 0 ? d + nd : d;
}

// max, min, argmax and argmin have no identity: reducing over nothing is an error.
function checkNotEmpty(op: string, x: Tensor, dims: readonly number[], all: boolean): void {
  if (x.numel !== 0) return;
  if (all) {
    throw new RangeError(
      `Cannot reduce a tensor of shape ${fmt(x.shape)} in ${op}(): it has no elements and ` +
        `${op}() has no identity; give a dimension of non-zero size to reduce over`,
    );
  }
  const d = dims.find((d) => x.shape[d] === 0);
  if (d !== undefined) {
    throw new RangeError(
      `Cannot reduce over dimension ${d} in ${op}(): it has size 0 in shape ` +
        `${fmt(x.shape)} and ${op}() has no identity`,
    );
  }
}

function checkFloat(op: string, x: Tensor, action: string): void {
  if (isFloatingPoint(x.dtype)) return;
  const article = x.dtype === "int32" ? "an" : "a";
  throw new DTypeError(
    `Cannot ${action} ${article} ${x.dtype} tensor in ${op}(): it needs a float32 or ` +
      "float64 tensor, as in PyTorch; convert it with float() first",
    { op, dtypes: [x.dtype] },
  );
}

/** Runs a reduction kernel over `dims` (validated) into a new tensor of `dtype`. */
export function reduceKernel(
  op: cpu.ReduceOp,
  x: Tensor,
  dims: readonly number[],
  keepdim: boolean,
  dtype: DType,
): Tensor {
  const shape = keepdim ? keptShape(x.shape, dims) : reducedShape(x.shape, dims);
  return fromKernel(cpu.reduce(op, viewOf(x), dims, dtype), shape);
}

// NOTE: loops, not map()/filter(): shapes are frozen arrays, for which V8's are slow.
/** `shape` with each dimension of `dims` set to 1. */
function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) out[d] = dims.includes(d) ? 1 : shape[d];
  return out;
}

/** `shape` without the dimensions of `dims`. */
function reducedShape(shape: readonly number[], dims: readonly number[]): number[] {
  // NOTE: sized up front: pushing onto [] would reserve room for 17 elements.
  const out = new Array<number>(shape.length - dims.length);
  for (let d = 0, i = 0; d < shape.length; d++) if (!dims.includes(d)) out[i++] = shape[d];
  return out;
}

// ---------------------------------------------------------------- primitives

/** Sum over a set of dimensions (sorted, non-negative). */
export class Sum extends AutogradFunction {
  #inputShape: readonly number[] = NO_DIMS;
  #dims: readonly number[] = NO_DIMS;
  /**
   * Sums; bool and int32 sum to int32, accumulated in float64 and checked
   * (PyTorch sums them to int64; nabla has no int64 and never wraps around).
   */
  override forward(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
    this.#inputShape = x.shape;
    this.#dims = dims;
    if (isFloatingPoint(x.dtype)) return reduceKernel("sum", x, dims, keepdim, x.dtype);
    const exact = reduceKernel("sum", x, dims, keepdim, "float64");
    return fromKernel(toInt32("sum", "sum", exact.storage.data), exact.shape);
  }
  /** Each input element gets the gradient of the sum it went into. */
  override backward(g: Tensor): [Tensor] {
    // The reduced dimensions back as size 1, unless kept or leading (expand adds those).
    const dims = this.#dims;
    const leading = dims.length === 0 || dims[dims.length - 1] === dims.length - 1;
    const kept = g.ndim === this.#inputShape.length || leading
      ? g
      : g.reshape(keptShape(this.#inputShape, dims));
    return [kept.expand(this.#inputShape)];
  }
}

/** Maximum over a set of dimensions (sorted, non-negative, none of size 0). */
export class Max extends AutogradFunction {
  #dims: readonly number[] = NO_DIMS;
  /** Takes the maximum (NaN propagates) and saves the input and the output. */
  override forward(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
    this.#dims = dims;
    const y = reduceKernel("max", x, dims, keepdim, x.dtype);
    this.saveForBackward(x, y);
    return y;
  }
  /**
   * d max = g · mask / count: the elements equal to the max share the
   * gradient evenly (PyTorch's `amax` rule; a NaN max gives NaN, as there).
   */
  override backward(g: Tensor): [Tensor] {
    const [x, y] = this.savedTensors;
    const kept = keptShape(x.shape, this.#dims);
    const mask = x.eq(y.reshape(kept));
    const count = mask.sum(this.#dims, { keepdim: true });
    return [g.reshape(kept).div(count).mul(mask)];
  }
}

/**
 * `x - logsumexp(x)` along one dimension, in one kernel (PyTorch's
 * `log_softmax`). It matches {@linkcode logSoftmaxComposed}, but rounds
 * once, and a line holding +Infinity gives NaN throughout, as PyTorch.
 * NOTE: promoted for speed (`deno bench bench/reduce_bench.ts`): on MNIST's
 * [64, 10] logits it beats the composition forward and backward (per-op
 * overhead dominates); on [256, 1000] and [1024, 1024] both are bound by
 * Math.exp and tie within noise.
 */
export class LogSoftmax extends AutogradFunction {
  #dim = 0;
  #softmax: Tensor | null = null;
  /** Runs the fused kernel; saves the output, and the softmax if a gradient is needed. */
  override forward(x: Tensor, dim: number): Tensor {
    this.#dim = dim;
    const p = this.needsInputGrad[0] ? allocate(x.dtype, x.numel) : undefined;
    const y = fromKernel(cpu.logSoftmax(viewOf(x), dim, x.dtype, p), x.shape);
    if (p) {
      this.#softmax = fromKernel(p, x.shape);
      keepForBackward(this, this.#softmax);
    }
    this.saveForBackward(y);
    return y;
  }
  /** d(log softmax x) = g - softmax(x) · Σ g, with softmax(x) = exp(output). */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    const recording = isGradEnabled();
    // NOTE: the kernel's softmax saves an exp() pass; under createGraph, exp(y)
    // keeps the softmax connected to x for second derivatives.
    const p = recording || this.#softmax === null ? y.exp() : this.#softmax;
    // Negating the row sums, not the full product, saves a pass (sub = add(neg)).
    if (recording) return [p.mul(g.sum(this.#dim, { keepdim: true }).neg()).add(g)];
    // NOTE: straight to the kernels when not recording (as Linear's backward):
    // the values of the ops above, without an op each.
    // (A 0-d tensor is one line of one element: nothing to reduce.)
    const sums = reduceKernel("sum", g, g.ndim === 0 ? [] : [this.#dim], true, g.dtype);
    const scaled = binaryKernel("mul", p, expandTo(unaryKernel("neg", sums, g.dtype), p.shape));
    return [binaryKernel("add", scaled, g)];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Sum, Max, LogSoftmax);

// ---------------------------------------------------------------- public functions

/** Sum over `dim` (all dimensions if omitted). */
export function sum(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: ReduceOptions = {},
): Tensor {
  checkOptions("sum", options, ["keepdim"]);
  return Sum.apply(x, reduceDims("sum", x, dim), options.keepdim ?? false);
}

/** Mean over `dim`: `sum / n`, for float tensors (as PyTorch, integers are an error). */
export function mean(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: ReduceOptions = {},
): Tensor {
  checkOptions("mean", options, ["keepdim"]);
  checkFloat("mean", x, "average");
  const dims = reduceDims("mean", x, dim);
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  return asPublicOp("mean", () => sum(x, dims, options).div(n));
}

/**
 * Maximum over `dim` (all dimensions if omitted), values only (PyTorch's
 * `amax`); `op` is the public name (`max()` without a dimension lands here).
 */
export function amax(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: ReduceOptions = {},
  op = "amax",
): Tensor {
  checkOptions(op, options, ["keepdim"]);
  const dims = reduceDims(op, x, dim);
  checkNotEmpty(op, x, dims, dim === undefined);
  return Max.apply(x, dims, options.keepdim ?? false);
}

/** Minimum over `dim`: `-amax(-x)`, so ties share the gradient too (PyTorch's `amin`). */
export function amin(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: ReduceOptions = {},
  op = "amin",
): Tensor {
  checkOptions(op, options, ["keepdim"]);
  const dims = reduceDims(op, x, dim);
  checkNotEmpty(op, x, dims, dim === undefined);
  const keepdim = options.keepdim ?? false;
  // Integers and bools have no gradient (and -x would overflow or be undefined).
  if (!isFloatingPoint(x.dtype)) return reduceKernel("min", x, dims, keepdim, x.dtype);
  return asPublicOp(op, () => Max.apply(x.neg(), dims, keepdim).neg());
}

/**
 * Variance over `dim`: `Σ (x - mean)² / max(0, n - correction)`, two-pass
 * (the centred values are summed, never `E[x²] - E[x]²`).
 */
export function variance(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: VarOptions = {},
  op = "var",
): Tensor {
  checkOptions(op, options, ["correction", "keepdim"]);
  checkFloat(op, x, "take the variance of");
  const { correction = 1, keepdim = false } = options;
  if (typeof correction !== "number" || !Number.isFinite(correction)) {
    throw new RangeError(
      `Cannot use correction ${String(correction)} in ${op}(): expected a finite number`,
    );
  }
  const dims = reduceDims(op, x, dim);
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  return asPublicOp(op, () => {
    const centred = x.sub(mean(x, dims, { keepdim: true }));
    return sum(centred.square(), dims, { keepdim }).div(Math.max(0, n - correction));
  });
}

/**
 * Standard deviation: `sqrt(var)`.
 * NOTE: where the variance is 0 PyTorch's gradient is 0, not 0/0; the inner
 * `where` feeds sqrt a 1 there, so that its backward stays finite.
 */
export function std(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: VarOptions = {},
): Tensor {
  const v = variance(x, dim, options, "std");
  if (!v.requiresGrad) return v.sqrt();
  return asPublicOp("std", () => {
    const zero = v.eq(0);
    return where(zero, 0, where(zero, 1, v).sqrt());
  });
}

/**
 * `log Σ exp(x)` over `dim`, computed as `m + log Σ exp(x - m)` with `m`
 * the detached max, so that exp never overflows. Integers give float32.
 */
export function logsumexp(
  x: Tensor,
  dim: number | readonly number[] | undefined,
  options: ReduceOptions = {},
): Tensor {
  checkOptions("logsumexp", options, ["keepdim"]);
  const dims = reduceDims("logsumexp", x, dim);
  return asPublicOp("logsumexp", () => logsumexpOver(x, dims, options.keepdim ?? false));
}

function logsumexpOver(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const xf = isFloatingPoint(x.dtype) ? x : x.to("float32");
  // Summing no elements: log(0) = -Infinity, as PyTorch.
  if (dims.some((d) => x.shape[d] === 0)) return sum(xf.exp(), dims, { keepdim }).log();
  // NOTE: a ±Infinity max shifts by 0 instead (x - m would be NaN): then a line
  // of -Infinity gives log(0) = -Infinity and a +Infinity gives +Infinity, as PyTorch.
  const m = noGrad(() => {
    const m = Max.apply(xf, dims, true);
    return where(m.abs().eq(Infinity), 0, m);
  });
  const out = sum(xf.sub(m).exp(), dims, { keepdim }).log();
  return out.add(keepdim ? m : m.reshape(out.shape));
}

function softmaxDim(op: string, x: Tensor, dim: number): number {
  checkFloat(op, x, "normalize");
  if (typeof dim !== "number") {
    throw new TypeError(`Cannot normalize in ${op}(): dim must be a number, got ${typeof dim}`);
  }
  return reduceDims(op, x, dim)[0] ?? 0;
}

/** `x - logsumexp(x, dim)`, composed from the primitives (the reference for `LogSoftmax`). */
export function logSoftmaxComposed(x: Tensor, dim: number): Tensor {
  softmaxDim("logSoftmax", x, dim);
  return asPublicOp("logSoftmax", () => x.sub(logsumexp(x, dim, { keepdim: true })));
}

/** `log(softmax(x))` along `dim`, without overflow (the fused `LogSoftmax`). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return LogSoftmax.apply(x, softmaxDim("logSoftmax", x, dim));
}

/** `exp(x) / Σ exp(x)` along `dim`: `exp(logSoftmax(x))`, so it never overflows. */
export function softmax(x: Tensor, dim: number): Tensor {
  const d = softmaxDim("softmax", x, dim);
  return asPublicOp("softmax", () => LogSoftmax.apply(x, d).exp());
}

/** Index of the maximum (or minimum) along `dim`, or in the flattened tensor. */
function argReduce(
  op: cpu.ArgReduceOp,
  x: Tensor,
  dim: number | undefined,
  options: ReduceOptions,
): Tensor {
  checkOptions(op, options, ["keepdim"]);
  if (x.dtype === "bool") {
    throw new DTypeError(
      `Cannot find an index in ${op}(): bool tensors are not supported, as in PyTorch; ` +
        'convert with to("int32") first',
      { op, dtypes: [x.dtype] },
    );
  }
  if (dim !== undefined && typeof dim !== "number") {
    throw new TypeError(`Cannot find an index in ${op}(): dim must be a number or undefined`);
  }
  const keepdim = options.keepdim ?? false;
  const dims = reduceDims(op, x, dim);
  checkNotEmpty(op, x, dims, dim === undefined);
  if (dim === undefined || x.ndim === 0) {
    const flat = x.detach().reshape([x.numel]);
    const index = fromKernel(cpu.argReduce(op, viewOf(flat), 0), []);
    return keepdim && dim === undefined ? index.reshape(x.shape.map(() => 1)) : index;
  }
  const d = dims[0];
  const shape = x.shape.flatMap((s, i) => (i !== d ? [s] : keepdim ? [1] : []));
  return fromKernel(cpu.argReduce(op, viewOf(x), d), shape);
}

/** Index of the maximum along `dim` (the flattened index if omitted); ties give the first. */
export function argmax(x: Tensor, dim: number | undefined, options: ReduceOptions = {}): Tensor {
  return argReduce("argmax", x, dim, options);
}

/** Index of the minimum along `dim` (the flattened index if omitted); ties give the first. */
export function argmin(x: Tensor, dim: number | undefined, options: ReduceOptions = {}): Tensor {
  return argReduce("argmin", x, dim, options);
}
