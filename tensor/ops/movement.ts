/**
 * Movement ops. `Expand`, `Reshape`, `Permute` and `Slice` return views
 * sharing the input's storage (`Reshape` copies only when the layout forbids
 * a view); `Contiguous`, `Pad` and `Cat` copy. `Slice` and `Pad` are each
 * other's backward, so both (and `Cat`, whose backward slices) can be
 * differentiated any number of times. `view`, `transpose`, `unsqueeze`,
 * `squeeze`, `flatten`, `narrow`, `stack` and the F.pad-style `pad` are
 * composed from them. Gather and friends live in `indexing.ts`.
 */
import {
  applyList,
  AutogradFunction,
  isGradEnabled,
  isTensor,
  trustBackward,
} from "../autograd.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import {
  fmt,
  NO_DIMS,
  normalizeDim,
  normalizeDims,
  numel,
  shapesEqual,
  viewStrides,
} from "../_shape.ts";
import * as cpu from "../kernels/cpu.ts";
import { checkInt32 } from "../_int32.ts";
import { asPublicOp } from "../_op_names.ts";
import * as kernels from "../kernels/indexing.ts";
import { adoptTensor, fromKernel, type Tensor, viewOf } from "../tensor.ts";
import { checkOptions } from "../options.ts";

/** Broadcast view: size-1 and new leading dimensions repeated with stride 0. */
export class Expand extends AutogradFunction {
  #inputShape: readonly number[] = NO_DIMS;
  /** Views `x` with the (validated) target shape. */
  override forward(x: Tensor, shape: readonly number[]): Tensor {
    this.#inputShape = x.shape;
    return expanded(x, shape);
  }
  /** Sums the gradient over the repeated dimensions: the only place broadcasting is undone. */
  override backward(g: Tensor): [Tensor] {
    const lead = g.ndim - this.#inputShape.length;
    const dims: number[] = [];
    for (let d = 0; d < g.ndim; d++) {
      if (d < lead || (this.#inputShape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
    }
    // NOTE: never an empty list here (it would reduce every dimension, as PyTorch's sum(dim=[])).
    return [(dims.length === 0 ? g : g.sum(dims, { keepdim: true })).reshape(this.#inputShape)];
  }
}

/** The same elements in another shape: a view if the layout allows, else a copy. */
export class Reshape extends AutogradFunction {
  #inputShape: readonly number[] = NO_DIMS;
  /** Views (or copies) `x` with the (validated) shape. */
  override forward(x: Tensor, shape: readonly number[]): Tensor {
    this.#inputShape = x.shape;
    return reshaped(x, shape);
  }
  /** Reshapes the gradient back. */
  override backward(g: Tensor): [Tensor] {
    return [g.reshape(this.#inputShape)];
  }
}

/** Dimensions reordered, as a view. */
export class Permute extends AutogradFunction {
  #inverse: readonly number[] = NO_DIMS;
  /** Views `x` with dimension `i` taken from `dims[i]`. */
  override forward(x: Tensor, dims: readonly number[]): Tensor {
    const inverse = new Array<number>(dims.length);
    for (let i = 0; i < dims.length; i++) inverse[dims[i]] = i;
    this.#inverse = inverse;
    return permuted(x, dims);
  }
  /** Permutes the gradient back. */
  override backward(g: Tensor): [Tensor] {
    return [g.permute(this.#inverse)];
  }
}

/** `length` elements of dimension `dim`, every `step`-th from `start`, as a view. */
export class Slice extends AutogradFunction {
  #inputSize = 0;
  #window: [dim: number, start: number, length: number, step: number] = [0, 0, 0, 1];
  /** Views `x` through the (validated, in-range) window. */
  override forward(x: Tensor, dim: number, start: number, length: number, step: number): Tensor {
    this.#inputSize = x.shape[dim];
    this.#window = [dim, start, length, step];
    const shape = [...x.shape];
    const strides = [...x.strides];
    shape[dim] = length;
    strides[dim] *= step;
    return adoptTensor(x.storage, shape, strides, x.offset + start * x.strides[dim]);
  }
  /** Zeros everywhere but the picked elements: pad `start` before, `step - 1` between. */
  override backward(g: Tensor): [Tensor] {
    const [dim, start, length, step] = this.#window;
    const span = length === 0 ? 0 : (length - 1) * step + 1;
    return [Pad.apply(g, dim, start, this.#inputSize - start - span, step - 1, 0)];
  }
}

/**
 * Constant padding of one dimension: `before` and `after` elements of `value`
 * at its ends and `interior` between neighbours (the transpose of `Slice`).
 */
export class Pad extends AutogradFunction {
  #window: [dim: number, start: number, length: number, step: number] = [0, 0, 0, 1];
  /** Copies `x` into a tensor filled with `value` (sizes validated, non-negative). */
  override forward(
    x: Tensor,
    dim: number,
    before: number,
    after: number,
    interior: number,
    value: number,
  ): Tensor {
    const n = x.shape[dim];
    this.#window = [dim, before, n, interior + 1];
    const shape = [...x.shape];
    shape[dim] = before + n + Math.max(n - 1, 0) * interior + after;
    return fromKernel(kernels.pad(viewOf(x), dim, before, after, interior, value, x.dtype), shape);
  }
  /** The gradient at the positions `x` was copied to: a strided slice. */
  override backward(g: Tensor): [Tensor] {
    return [Slice.apply(g, ...this.#window)];
  }
}

/**
 * Tensors of one dtype joined along a dimension (a copy). Applied with
 * `applyList(Cat, [dim], tensors)`: the list is never spread into a call, and
 * the graph has one edge per tensor.
 */
export class Cat extends AutogradFunction {
  #dim = 0;
  #sizes: number[] = [];
  /** Copies each input into its block of the output (shapes and dtypes validated). */
  override forward(dim: number, xs: readonly Tensor[]): Tensor {
    this.#dim = dim;
    this.#sizes = xs.map((x) => x.shape[dim]);
    const shape = [...xs[0].shape];
    shape[dim] = this.#sizes.reduce((a, b) => a + b, 0);
    return fromKernel(kernels.cat(xs.map(viewOf), dim, xs[0].dtype), shape);
  }
  /** Each input gets its block of the gradient, as a slice. */
  override backward(g: Tensor): (Tensor | null)[] {
    const dim = this.#dim;
    const out: (Tensor | null)[] = [null];
    let start = 0;
    for (let i = 0; i < this.#sizes.length; i++) {
      const n = this.#sizes[i];
      out.push(this.needsInputGrad[i + 1] ? Slice.apply(g, dim, start, n, 1) : null);
      start += n;
    }
    return out;
  }
}

/** A contiguous copy (used by `contiguous()` and `clone()`). */
export class Contiguous extends AutogradFunction {
  /** Copies into fresh row-major storage. */
  override forward(x: Tensor): Tensor {
    return fromKernel(cpu.copy(viewOf(x), x.dtype), x.shape);
  }
  /** The gradient passes unchanged. */
  override backward(g: Tensor): [Tensor] {
    return [g];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Expand, Reshape, Permute, Slice, Pad, Cat, Contiguous);

// ---------------------------------------------------------------- the views themselves

// NOTE: a view of a tensor that no gradient flows through is made without its
// op: the AutogradFunction and its graph node would record nothing, and every
// backward pass (which runs without grad) makes many views.
function recorded(x: Tensor): boolean {
  return x.requiresGrad && isGradEnabled();
}

/** `x` broadcast to a validated `shape`, recorded as {@linkcode Expand} when a gradient flows. */
export function expandView(x: Tensor, shape: readonly number[]): Tensor {
  return recorded(x) ? Expand.apply(x, shape) : expanded(x, shape);
}

function reshapeView(x: Tensor, shape: readonly number[]): Tensor {
  return recorded(x) ? Reshape.apply(x, shape) : reshaped(x, shape);
}

function permuteView(x: Tensor, dims: readonly number[]): Tensor {
  return recorded(x) ? Permute.apply(x, dims) : permuted(x, dims);
}

// Size-1 and new leading dimensions repeated with stride 0.
function expanded(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const strides = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) {
    strides[d] = d < lead || (x.shape[d - lead] === 1 && shape[d] !== 1) ? 0 : x.strides[d - lead];
  }
  return adoptTensor(x.storage, shape, strides, x.offset);
}

// A view if the layout allows, else a copy.
function reshaped(x: Tensor, shape: readonly number[]): Tensor {
  const strides = viewStrides(x.shape, x.strides, shape);
  if (strides) return adoptTensor(x.storage, shape, strides, x.offset);
  return fromKernel(cpu.copy(viewOf(x), x.dtype), shape);
}

// Dimension `i` taken from `dims[i]`.
function permuted(x: Tensor, dims: readonly number[]): Tensor {
  const shape = new Array<number>(dims.length);
  const strides = new Array<number>(dims.length);
  for (let i = 0; i < dims.length; i++) {
    shape[i] = x.shape[dims[i]];
    strides[i] = x.strides[dims[i]];
  }
  return adoptTensor(x.storage, shape, strides, x.offset);
}

// ---------------------------------------------------------------- public functions

// NOTE: the public functions below loop rather than map()/forEach() and keep
// their error closures out of line: they run for every op of a training step,
// and each callback or closure is an allocation.

function reshapeError(op: string, x: Tensor, shape: readonly number[], why: string): never {
  const msg = `Cannot reshape ${fmt(x.shape)} to ${fmt(shape)} in ${op}(): ${why}`;
  throw new ShapeError(msg, { op, shapes: [x.shape, shape] });
}

// `shape` with a -1 replaced by the size that keeps x's element count.
function resolveShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`Cannot reshape in ${op}(): shape must be an array`);
  }
  let inferred = -1;
  let known = 1;
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    if (s === -1) {
      if (inferred >= 0) reshapeError(op, x, shape, "only one dimension can be -1");
      inferred = d;
    } else if (!Number.isInteger(s) || s < 0) {
      reshapeError(op, x, shape, `size ${s} at dimension ${d} is not a non-negative integer or -1`);
    } else known *= s;
  }
  const out = [...shape];
  const n = x.numel;
  if (inferred >= 0) {
    if (known === 0) {
      reshapeError(op, x, shape, "the size given as -1 could be anything, since another size is 0");
    }
    if (n % known !== 0) {
      reshapeError(op, x, shape, `its ${n} elements do not divide into blocks of ${known}`);
    }
    out[inferred] = n / known;
  } else if (known !== n) {
    reshapeError(op, x, shape, `it has ${n} elements, the new shape holds ${known}`);
  }
  return out;
}

function expandError(x: Tensor, shape: readonly number[], why: string): never {
  const msg = `Cannot expand ${fmt(x.shape)} to ${fmt(shape)} in expand(): ${why}`;
  throw new ShapeError(msg, { op: "expand", shapes: [x.shape, shape] });
}

/** Broadcasts `x` to `shape` (`-1` keeps a size), as a view. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (!Array.isArray(shape)) {
    throw new TypeError("Cannot expand in expand(): shape must be an array");
  }
  if (shape.length < x.ndim) expandError(x, shape, "the new shape has fewer dimensions");
  const lead = shape.length - x.ndim;
  const out = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    const own = d < lead ? -1 : x.shape[d - lead];
    if (s === -1 && own >= 0) {
      out[d] = own;
      continue;
    }
    if (!Number.isInteger(s) || s < 0) {
      expandError(x, shape, `size ${s} at dimension ${d} is not a non-negative integer`);
    }
    if (own >= 0 && own !== 1 && own !== s) {
      expandError(x, shape, `dimension ${d - lead} has size ${own}, expected 1 or ${s}`);
    }
    out[d] = s;
  }
  return shapesEqual(out, x.shape) ? x : expandView(x, out);
}

/** The same elements in another shape; a view when possible. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = resolveShape("reshape", x, shape);
  return shapesEqual(out, x.shape) ? x : reshapeView(x, out);
}

/** Like `reshape`, but throws instead of copying. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const out = resolveShape("view", x, shape);
  if (viewStrides(x.shape, x.strides, out) === null) {
    throw new ShapeError(
      `Cannot view ${fmt(x.shape)} as ${fmt(out)} in view(): its strides ${fmt(x.strides)} ` +
        "do not allow it without a copy; use reshape(), which copies when needed",
      { op: "view", shapes: [x.shape, out] },
    );
  }
  return shapesEqual(out, x.shape) ? x : reshapeView(x, out);
}

/** Reorders dimensions, as a view. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new ShapeError(
      `Cannot permute ${fmt(x.shape)} with ${Array.isArray(dims) ? fmt(dims) : String(dims)} ` +
        `in permute(): expected a list of ${x.ndim} dimensions`,
      { op: "permute", shapes: [x.shape] },
    );
  }
  const perm = new Array<number>(dims.length);
  for (let i = 0; i < dims.length; i++) perm[i] = normalizeDim("permute", dims[i], x.ndim);
  let identity = true;
  for (let i = 0; i < perm.length; i++) {
    if (perm.indexOf(perm[i]) !== i) {
      throw new RangeError(
        `Cannot permute in permute(): dimension ${perm[i]} appears twice in ${fmt(dims)}`,
      );
    }
    identity &&= perm[i] === i;
  }
  return identity ? x : permuteView(x, perm);
}

/** Swaps two dimensions, as a view. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  // As in PyTorch, a 0-d tensor takes dimension 0 or -1 (and is returned as is).
  const ndim = Math.max(x.ndim, 1);
  const a = normalizeDim("transpose", dim0, ndim);
  const b = normalizeDim("transpose", dim1, ndim);
  if (a === b) return x;
  const perm = new Array<number>(x.ndim); // a loop: map() is slow on frozen shapes
  for (let i = 0; i < x.ndim; i++) perm[i] = i === a ? b : i === b ? a : i;
  return permuteView(x, perm);
}

/** `x.T`: the transpose of a matrix; 0-d and 1-d tensors are returned as is. */
export function matrixTranspose(x: Tensor): Tensor {
  if (x.ndim > 2) {
    throw new ShapeError(
      `Cannot transpose a tensor of shape ${fmt(x.shape)} in T: it has ${x.ndim} dimensions; ` +
        "use mT for the last two, or permute()",
      { op: "T", shapes: [x.shape] },
    );
  }
  // A 2-D transpose cannot fail: no error to rename to T, so no asPublicOp closure.
  return x.ndim < 2 ? x : permuteView(x, [1, 0]);
}

/** Inserts a dimension of size 1, as a view. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.ndim + 1);
  const shape = new Array<number>(x.ndim + 1);
  for (let i = 0; i <= x.ndim; i++) shape[i] = i < d ? x.shape[i] : i === d ? 1 : x.shape[i - 1];
  return reshapeView(x, shape);
}

/** Removes dimensions of size 1 (all, or the listed ones that have size 1), as a view. */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = normalizeDims("squeeze", dim, x.ndim);
  let removed = 0;
  for (let i = 0; i < dims.length; i++) if (x.shape[dims[i]] === 1) removed++;
  if (removed === 0) return x;
  const shape = new Array<number>(x.ndim - removed);
  for (let d = 0, i = 0; d < x.ndim; d++) {
    if (x.shape[d] !== 1 || !dims.includes(d)) shape[i++] = x.shape[d];
  }
  return reshapeView(x, shape);
}

/** Merges dimensions `startDim..endDim` (inclusive) into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  // As in PyTorch, a 0-d tensor accepts dimension 0 or -1 and becomes [1].
  const s = normalizeDim("flatten", startDim, Math.max(x.ndim, 1));
  const e = normalizeDim("flatten", endDim, Math.max(x.ndim, 1));
  if (x.ndim === 0) return asPublicOp("flatten", () => reshape(x, [1]));
  if (s > e) {
    throw new RangeError(
      `Cannot flatten in flatten(): startDim ${startDim} comes after endDim ${endDim}`,
    );
  }
  const merged = numel(x.shape.slice(s, e + 1));
  const shape = [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)];
  return asPublicOp("flatten", () => reshape(x, shape));
}

/** `x` itself if contiguous, else a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : Contiguous.apply(x);
}

/** Always a contiguous copy with its own storage. */
export function clone(x: Tensor): Tensor {
  return Contiguous.apply(x);
}

/** `x.mT`: the last two dimensions swapped, as a view. */
export function batchTranspose(x: Tensor): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `Cannot transpose a tensor of shape ${fmt(x.shape)} in mT: expected at least 2 ` +
        "dimensions (a matrix or a batch of matrices)",
      { op: "mT", shapes: [x.shape] },
    );
  }
  return transpose(x, -2, -1); // cannot fail: no error to rename to mT
}

// ---------------------------------------------------------------- slicing and padding

/** Options of {@linkcode Tensor.slice}: the window `start:end:step` of Python slicing. */
export interface SliceOptions {
  /**
   * The first index; negative counts from the end; clamped to the dimension.
   * @default 0
   */
  start?: number;
  /**
   * The index after the last one; negative counts from the end; clamped.
   * @default the size of the dimension
   */
  end?: number;
  /**
   * Distance between picked elements, a positive integer.
   * @default 1
   */
  step?: number;
}

/** Options of {@linkcode Tensor.pad}. */
export interface PadOptions {
  /**
   * The value of the added elements (converted to the tensor's dtype).
   * @default 0
   */
  value?: number;
}

/** `length` elements of `dim` from `start` (negative counts from the end), as a view. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim("narrow", dim, x.ndim);
  const n = x.shape[d];
  const fail = (why: string): never => {
    throw new RangeError(`Cannot narrow dimension ${d} of size ${n} in narrow(): ${why}`);
  };
  if (!Number.isInteger(start) || start < -n || start > n) {
    fail(`start ${start} is out of range, expected an integer in [${-n}, ${n}]`);
  }
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(length) || length < 0 || s + length > n) {
    fail(`length ${length} from start ${s} is out of range, expected an integer in [0, ${n - s}]`);
  }
  return s === 0 && length === n ? x : Slice.apply(x, d, s, length, 1);
}

/** Python's `x[start:end:step]` along `dim` (clamped, positive step), as a view. */
export function slice(x: Tensor, dim: number, options: SliceOptions = {}): Tensor {
  checkOptions("slice", options, ["start", "end", "step"]);
  const d = normalizeDim("slice", dim, x.ndim);
  const n = x.shape[d];
  const step = options.step ?? 1;
  if (!Number.isInteger(step) || step <= 0) {
    throw new RangeError(`Cannot slice in slice(): step must be a positive integer, got ${step}`);
  }
  const bound = (name: string, v: number | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    if (!Number.isInteger(v)) {
      throw new RangeError(`Cannot slice in slice(): ${name} must be an integer, got ${v}`);
    }
    return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  };
  const start = bound("start", options.start, 0);
  const end = bound("end", options.end, n);
  const length = Math.max(0, Math.ceil((end - start) / step));
  return length === n ? x : Slice.apply(x, d, start, length, step);
}

/**
 * PyTorch's `F.pad(x, pads, value=value)`: `pads` holds (before, after) pairs
 * starting from the last dimension; negative sizes crop. Always a new tensor.
 */
export function pad(x: Tensor, pads: readonly number[], options: PadOptions = {}): Tensor {
  checkOptions("pad", options, ["value"]);
  const fail = (why: string): never => {
    const msg = `Cannot pad ${fmt(x.shape)} with ${
      Array.isArray(pads) ? fmt(pads) : String(pads)
    } in pad(): ${why}`;
    throw new ShapeError(msg, { op: "pad", shapes: [x.shape] });
  };
  if (!Array.isArray(pads) || pads.length % 2 !== 0 || pads.length > 2 * x.ndim) {
    fail(`expected an array of (before, after) pairs, at most ${x.ndim} of them`);
  }
  if (!pads.every(Number.isInteger)) fail("padding sizes must be integers");
  const value = options.value ?? 0;
  if (typeof value !== "number") {
    throw new TypeError(`Cannot pad in pad(): value must be a number, got ${typeof value}`);
  }
  if (x.dtype === "int32") checkInt32("pad", "pad", "the value", value);
  const fill = x.dtype === "bool" ? +(value !== 0) : value;
  let y = x;
  let padded = false;
  for (let i = 0; 2 * i < pads.length; i++) {
    const d = x.ndim - 1 - i;
    const [before, after] = [pads[2 * i], pads[2 * i + 1]];
    const n = y.shape[d];
    const crop = Math.max(-before, 0) + Math.max(-after, 0);
    if (crop > n) fail(`cropping ${crop} elements from dimension ${d} of size ${n}`);
    if (crop > 0) y = Slice.apply(y, d, Math.max(-before, 0), n - crop, 1);
    if (before > 0 || after > 0) {
      y = Pad.apply(y, d, Math.max(before, 0), Math.max(after, 0), 0, fill);
      padded = true;
    }
  }
  return padded ? y : Contiguous.apply(y);
}

// ---------------------------------------------------------------- joining

// Checks that `tensors` is a non-empty array of tensors of one dtype.
function checkList(op: string, tensors: readonly Tensor[]): void {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new TypeError(
      `Cannot join tensors in ${op}(): expected a non-empty array of tensors, got ${
        Array.isArray(tensors) ? "an empty array" : typeof tensors
      }`,
    );
  }
  tensors.forEach((t, i) => {
    if (!isTensor(t)) {
      throw new TypeError(`Cannot join tensors in ${op}(): element ${i} is not a Tensor`);
    }
    if (t.dtype !== tensors[0].dtype) {
      throw new DTypeError(
        `Cannot join ${tensors[0].dtype} and ${t.dtype} tensors in ${op}(): tensor ${i} ` +
          `has dtype ${t.dtype}, tensor 0 ${tensors[0].dtype}; convert with to() first`,
        { op, dtypes: [tensors[0].dtype, t.dtype] },
      );
    }
  });
}

/**
 * Joins tensors along an existing dimension (`torch.cat`).
 * @param tensors Tensors of one dtype whose shapes match except along `dim`.
 *   As in PyTorch, 1-d empty tensors (shape `[0]`) are skipped.
 * @param dim The dimension to join along (negative counts from the end).
 * @returns A new tensor; gradients flow back to each input's block.
 * @example Joining rows and columns
 * ```ts
 * import assert from "node:assert/strict";
 * import { cat, tensor } from "@nabla/autograd";
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor([[5, 6]]);
 * assert.deepEqual(cat([a, b]).toArray(), [[1, 2], [3, 4], [5, 6]]);
 * assert.deepEqual(cat([a, a], -1).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList("cat", tensors);
  // NOTE: PyTorch's legacy rule: a [0]-shaped tensor joins anything (as nothing).
  const legacy = (t: Tensor) => t.ndim === 1 && t.shape[0] === 0;
  const kept = tensors.map((t, i) => [t, i] as const).filter(([t]) => !legacy(t));
  if (kept.length === 0) kept.push([tensors[0], 0]);
  const [ref, i0] = kept[0];
  if (ref.ndim === 0) {
    throw new ShapeError(
      `Cannot concatenate a 0-d tensor (tensor ${i0}) in cat(): it has no dimension to join ` +
        "along; use stack(), or unsqueeze(0) first",
      { op: "cat", shapes: [ref.shape] },
    );
  }
  const d = normalizeDim("cat", dim, ref.ndim);
  for (const [t, i] of kept) {
    const bad = t.ndim !== ref.ndim
      ? -1
      : t.shape.findIndex((s, k) => k !== d && s !== ref.shape[k]);
    if (bad === -1 && t.ndim === ref.ndim) continue;
    const why = bad === -1
      ? `tensor ${i} has ${t.ndim} dimensions, tensor ${i0} has ${ref.ndim}`
      : `tensor ${i} has size ${t.shape[bad]} at dimension ${bad}, tensor ${i0} has ` +
        `${ref.shape[bad]} (sizes must match except at dimension ${d})`;
    throw new ShapeError(
      `Cannot concatenate ${fmt(ref.shape)} and ${fmt(t.shape)} in cat(): ${why}`,
      {
        op: "cat",
        shapes: tensors.map((x) => x.shape),
      },
    );
  }
  return applyList(Cat, [d], kept.map(([t]) => t));
}

/**
 * Joins tensors of one shape along a new dimension (`torch.stack`): cat of
 * the tensors unsqueezed at `dim`.
 * @param tensors Tensors of one shape and dtype.
 * @param dim Where the new dimension goes, in `[-ndim - 1, ndim]`.
 * @returns A new tensor with one more dimension.
 * @example Stacking vectors
 * ```ts
 * import assert from "node:assert/strict";
 * import { stack, tensor } from "@nabla/autograd";
 * const a = tensor([1, 2]);
 * const b = tensor([3, 4]);
 * assert.deepEqual(stack([a, b]).toArray(), [[1, 2], [3, 4]]);
 * assert.deepEqual(stack([a, b], -1).toArray(), [[1, 3], [2, 4]]);
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList("stack", tensors);
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, ref.shape)) {
      throw new ShapeError(
        `Cannot stack ${fmt(ref.shape)} and ${fmt(t.shape)} in stack(): tensor ${i} has ` +
          `shape ${fmt(t.shape)}, tensor 0 has ${fmt(ref.shape)}; all shapes must be equal`,
        { op: "stack", shapes: tensors.map((x) => x.shape) },
      );
    }
  });
  const d = normalizeDim("stack", dim, ref.ndim + 1);
  return asPublicOp("stack", () => applyList(Cat, [d], tensors.map((t) => unsqueeze(t, d))));
}
