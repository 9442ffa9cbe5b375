/**
 * Pooling, as `torch.nn.functional` has it. Four primitives:
 *
 * - `MaxPool` and `MaxPoolBackward`: each window's maximum and its index
 *   within the input plane (PyTorch's `return_indices`); the backward adds
 *   the gradient at those indices, so the gradient of a window goes to one
 *   element only, the first maximum in scan order. `MaxPoolBackward`'s own
 *   backward reads at the indices (a `Gather`), so second derivatives work.
 * - `AvgPool` and `AvgPoolBackward`: box averages and their adjoint, each
 *   the other's backward. Average pooling (fixed windows, PyTorch's padding
 *   and `countIncludePad` divisors) and adaptive average pooling (PyTorch's
 *   `⌊o·H/O⌋ .. ⌈(o+1)·H/O⌉` windows) only differ in the boxes they pass.
 *
 * 1-D pooling is 2-D pooling over a height of 1. Windows are validated here
 * with PyTorch's rules (padding at most half the kernel; with `ceilMode` the
 * last window must start inside the input or its left padding).
 */
import { AutogradFunction, trustBackward } from "../autograd.ts";
import { ShapeError } from "../errors.ts";
import { fmt } from "../_shape.ts";
import { checkOptions } from "../options.ts";
import * as kernels from "../kernels/pooling.ts";
import type { Boxes, Taps } from "../kernels/pooling.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";
import { Gather } from "./indexing.ts";
import { checkFloatTensor, sizes } from "./conv.ts";

// ---------------------------------------------------------------- primitives

/**
 * Max pooling of a 4-D input over (validated) windows; the indices of the
 * maxima are handed to `sink.indices` as an int32 tensor.
 */
export class MaxPool extends AutogradFunction {
  #inputShape: readonly number[] = [];
  /** Takes each window's maximum and saves where it was. */
  override forward(x: Tensor, rows: Taps, cols: Taps, sink: { indices?: Tensor }): Tensor {
    this.#inputShape = x.shape;
    const { values, indices } = kernels.maxPool(viewOf(x), rows, cols, x.dtype);
    const shape = [x.shape[0], x.shape[1], rows.count, cols.count];
    const at = fromData(indices, shape);
    this.saveForBackward(at);
    sink.indices = at;
    return fromData(values, shape);
  }
  /** dx = g added at the maxima's indices (each window's gradient to one element). */
  override backward(g: Tensor): [Tensor] {
    const [at] = this.savedTensors;
    return [MaxPoolBackward.apply(g, at, [this.#inputShape[2], this.#inputShape[3]])];
  }
}

/**
 * The adjoint of {@linkcode MaxPool}: each `g[n, c, y, x]` added at its
 * window's maximum (given by the int32 indices MaxPool saved), zeros elsewhere.
 */
export class MaxPoolBackward extends AutogradFunction {
  #size: readonly [number, number] = [0, 0];
  /** Scatters `g` into `[N, C, ...size]` planes at the indices; saves them. */
  override forward(g: Tensor, indices: Tensor, size: readonly [number, number]): Tensor {
    this.#size = size;
    this.saveForBackward(indices);
    const shape = [g.shape[0], g.shape[1], size[0], size[1]];
    const data = kernels.maxPoolAdjoint(
      viewOf(g),
      indices.storage.data as Int32Array,
      size[0] * size[1],
      g.dtype,
    );
    return fromData(data, shape);
  }
  /** d g = gg read at the indices: a gather over each flattened plane. */
  override backward(gg: Tensor): [Tensor, null, null] {
    const [at] = this.savedTensors;
    const [n, c, h, w] = gg.shape;
    const flat = [n, c, at.shape[2] * at.shape[3]];
    return [
      Gather.apply(gg.reshape([n, c, h * w]), 2, at.reshape(flat)).reshape(at.shape),
      null,
      null,
    ];
  }
}

/** Box averages of a 4-D input: `out[y, x] = Σ box(y, x) / divisor[y, x]`. */
export class AvgPool extends AutogradFunction {
  #boxes: Boxes | null = null;
  #size: [number, number] = [0, 0];
  /** Averages every box. */
  override forward(x: Tensor, boxes: Boxes): Tensor {
    this.#boxes = boxes;
    this.#size = [x.shape[2], x.shape[3]];
    const shape = [x.shape[0], x.shape[1], boxes.rowStart.length, boxes.colStart.length];
    return fromData(kernels.boxAverage(viewOf(x), boxes, x.dtype), shape);
  }
  /** dx = the adjoint: each g / divisor spread over its box. */
  override backward(g: Tensor): [Tensor] {
    return [AvgPoolBackward.apply(g, this.#boxes!, this.#size)];
  }
}

/** The adjoint of {@linkcode AvgPool}: each `g[y, x] / divisor[y, x]` spread over its box. */
export class AvgPoolBackward extends AutogradFunction {
  #boxes: Boxes | null = null;
  /** Spreads every gradient entry over its box, into a `[N, C, ...size]` tensor. */
  override forward(g: Tensor, boxes: Boxes, size: readonly [number, number]): Tensor {
    this.#boxes = boxes;
    const shape = [g.shape[0], g.shape[1], size[0], size[1]];
    return fromData(kernels.boxAverageAdjoint(viewOf(g), boxes, size, g.dtype), shape);
  }
  /** The adjoint of the adjoint: box averages again. */
  override backward(gg: Tensor): [Tensor] {
    return [AvgPool.apply(gg, this.#boxes!)];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(MaxPool, MaxPoolBackward, AvgPool, AvgPoolBackward);

// ---------------------------------------------------------------- options

/** Options of {@linkcode maxPool2d}. */
export interface MaxPool2dOptions {
  /**
   * Step between windows, one number or `[sh, sw]`.
   * @default kernelSize
   */
  stride?: number | readonly [number, number];
  /**
   * Implicit `-Infinity` on both sides, at most half the kernel size.
   * @default 0
   */
  padding?: number | readonly [number, number];
  /**
   * Step between the taps of a window.
   * @default 1
   */
  dilation?: number | readonly [number, number];
  /**
   * Round the output size up instead of down: a last, partial window is
   * kept if it starts inside the input or its left padding.
   * @default false
   */
  ceilMode?: boolean;
  /**
   * Also return where each maximum was: `{ values, indices }` instead of the
   * values alone.
   * @default false
   */
  returnIndices?: boolean;
}

/** Options of {@linkcode maxPool1d}. */
export interface MaxPool1dOptions {
  /**
   * Step between windows.
   * @default kernelSize
   */
  stride?: number | readonly [number];
  /**
   * Implicit `-Infinity` on both sides, at most half the kernel size.
   * @default 0
   */
  padding?: number | readonly [number];
  /**
   * Step between the taps of a window.
   * @default 1
   */
  dilation?: number | readonly [number];
  /**
   * Round the output size up instead of down.
   * @default false
   */
  ceilMode?: boolean;
  /**
   * Also return where each maximum was: `{ values, indices }`.
   * @default false
   */
  returnIndices?: boolean;
}

/**
 * The result of max pooling with `returnIndices: true` (PyTorch returns the
 * pair `(output, indices)`).
 */
export interface MaxPoolResult {
  /** The maxima, `[N, C, oh, ow]` (or as the input is batched). */
  values: Tensor;
  /**
   * Where each maximum is, as an int32 index `row · W + col` into its own
   * `[H, W]` input plane (into its row of length `L` for 1-D pooling), as
   * PyTorch's (int64 there).
   */
  indices: Tensor;
}

/** Options of {@linkcode avgPool2d}. */
export interface AvgPool2dOptions {
  /**
   * Step between windows, one number or `[sh, sw]`.
   * @default kernelSize
   */
  stride?: number | readonly [number, number];
  /**
   * Implicit zeros on both sides, at most half the kernel size.
   * @default 0
   */
  padding?: number | readonly [number, number];
  /**
   * Round the output size up instead of down (a last window must start
   * inside the input or its left padding).
   * @default false
   */
  ceilMode?: boolean;
  /**
   * Count the padding zeros in each window's divisor (the window's size,
   * clipped to the padded input); when false, divide by the number of input
   * elements the window covers.
   * @default true
   */
  countIncludePad?: boolean;
  /**
   * A fixed divisor for every window, replacing the window size.
   * @default undefined
   */
  divisorOverride?: number;
}

/** Options of {@linkcode avgPool1d}. */
export interface AvgPool1dOptions {
  /**
   * Step between windows.
   * @default kernelSize
   */
  stride?: number | readonly [number];
  /**
   * Implicit zeros on both sides, at most half the kernel size.
   * @default 0
   */
  padding?: number | readonly [number];
  /**
   * Round the output size up instead of down.
   * @default false
   */
  ceilMode?: boolean;
  /**
   * Count the padding zeros in each window's divisor.
   * @default true
   */
  countIncludePad?: boolean;
}

// ---------------------------------------------------------------- checks

interface PoolInput {
  /** The input lifted to `[N, C, H, W]`. */
  x: Tensor;
  batched: boolean;
  /** Its spatial size, `[H, W]` or `[L]`. */
  size: number[];
  fail: (why: string) => never;
}

function poolInput(op: string, x: Tensor, dims: 1 | 2): PoolInput {
  checkFloatTensor(op, "pool", "input", x);
  const fail = (why: string): never => {
    throw new ShapeError(`Cannot pool ${fmt(x.shape)} in ${op}(): ${why}`, {
      op,
      shapes: [x.shape],
    });
  };
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    const layout = dims === 2 ? "[C, H, W]" : "[C, L]";
    fail(
      `expected a ${dims + 1}-d (unbatched ${layout}) or ${dims + 2}-d (batched) input, ` +
        `got ${x.ndim}-d`,
    );
  }
  const batched = x.ndim === dims + 2;
  const size = x.shape.slice(x.ndim - dims);
  if (size.some((s) => s === 0)) fail("its spatial dimensions must not be empty");
  let x4 = batched ? x : x.unsqueeze(0);
  if (dims === 1) x4 = x4.unsqueeze(2);
  return { x: x4, batched, size, fail };
}

function checkFlag(op: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot pool in ${op}(): ${name} must be a boolean, got ${String(value)}`);
  }
  return value;
}

/** PyTorch's pooling_output_shape. */
function pooledSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean) {
  let out = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  // NOTE: the last window must start inside the input or its left padding.
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** Kernel, stride, padding and output sizes of fixed windows, checked as PyTorch does. */
function fixedWindows(
  op: string,
  input: PoolInput,
  dims: 1 | 2,
  kernelSize: unknown,
  stride: unknown,
  padding: unknown,
  dilation: unknown,
  ceilMode: boolean,
): { k: number[]; s: number[]; p: number[]; d: number[]; out: number[] } {
  const k = sizes(op, "pool", "kernelSize", kernelSize, dims, 1);
  const s = stride === undefined ? k : sizes(op, "pool", "stride", stride, dims, 1);
  const p = sizes(op, "pool", "padding", padding, dims, 0);
  const d = sizes(op, "pool", "dilation", dilation, dims, 1);
  if (p.some((v, i) => v > Math.floor(k[i] / 2))) {
    throw new RangeError(
      `Cannot pool in ${op}(): padding ${fmt(p)} must be at most half the kernel size ${fmt(k)}`,
    );
  }
  const out = input.size.map((n, i) => pooledSize(n, k[i], s[i], p[i], d[i], ceilMode));
  if (out.some((v) => v < 1)) {
    input.fail(
      `the output size ${fmt(out)} is empty: the input is smaller than the ` +
        `kernel ${fmt(k)} with dilation ${fmt(d)} and padding ${fmt(p)}`,
    );
  }
  return { k, s, p, d, out };
}

function lower(y: Tensor, dims: 1 | 2, batched: boolean): Tensor {
  const out = dims === 1 ? y.squeeze(2) : y;
  return batched ? out : out.squeeze(0);
}

// ---------------------------------------------------------------- max pooling

function maxPool(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  kernelSize: unknown,
  options: MaxPool2dOptions | MaxPool1dOptions,
): Tensor | MaxPoolResult {
  checkOptions(op, options, ["stride", "padding", "dilation", "ceilMode", "returnIndices"]);
  const { stride, padding = 0, dilation = 1, ceilMode = false, returnIndices = false } = options;
  const input = poolInput(op, x, dims);
  const ceil = checkFlag(op, "ceilMode", ceilMode);
  const withIndices = checkFlag(op, "returnIndices", returnIndices);
  const { k, s, p, d, out } = fixedWindows(
    op,
    input,
    dims,
    kernelSize,
    stride,
    padding,
    dilation,
    ceil,
  );
  const taps = k.map((_, i) => ({
    kernel: k[i],
    stride: s[i],
    padding: p[i],
    dilation: d[i],
    count: out[i],
  }));
  taps.forEach((t, i) => {
    // NOTE: PyTorch reads out of bounds here (a window of padding only); refuse instead.
    if (kernels.tapsInside(t, input.size[i]).inside.some((n) => n === 0)) {
      throw new RangeError(
        `Cannot pool in ${op}(): with kernel ${fmt(k)}, dilation ${fmt(d)} and padding ` +
          `${fmt(p)}, a window over the input of size ${fmt(input.size)} holds padding only`,
      );
    }
  });
  const one: Taps = { kernel: 1, stride: 1, padding: 0, dilation: 1, count: 1 };
  const [rows, cols] = dims === 2 ? taps : [one, taps[0]];
  const sink: { indices?: Tensor } = {};
  const values = lower(MaxPool.apply(input.x, rows, cols, sink), dims, input.batched);
  if (!withIndices) return values;
  return { values, indices: lower(sink.indices!, dims, input.batched) };
}

/**
 * 2-D max pooling, as PyTorch's `F.max_pool2d`: the largest value of each
 * window. The gradient of a window goes to one element: its first maximum in
 * row-major scan order (a NaN wins over numbers and propagates).
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options `stride` (default the kernel size), `padding`, `dilation`, `ceilMode`.
 * @returns The maxima, `[N, C, oh, ow]` (or `[C, oh, ow]`).
 * @example Halving an image
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool2d, tensor } from "@nabla/autograd";
 * const x = tensor([[[1, 2, 5, 3], [4, 0, 1, 1]]]); // [1, 2, 4]
 * assert.deepEqual(maxPool2d(x, 2).toArray(), [[[4, 5]]]);
 * const { values, indices } = maxPool2d(x, [1, 2], { returnIndices: true });
 * assert.deepEqual(values.toArray(), [[[2, 5], [4, 1]]]);
 * assert.deepEqual(indices.toArray(), [[[1, 2], [4, 6]]]); // row · W + col; ties: the first
 * ```
 */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options?: MaxPool2dOptions & { returnIndices?: false },
): Tensor;
/**
 * 2-D max pooling that also returns where each maximum is.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options `returnIndices: true` and the other options of max pooling.
 * @returns `{ values, indices }`: the maxima, and their int32 flat indices into each input plane.
 * @example Indices per plane
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool2d, tensor } from "@nabla/autograd";
 * const { indices } = maxPool2d(tensor([[[3, 1], [0, 4]]]), 2, { returnIndices: true });
 * assert.deepEqual(indices.toArray(), [[[3]]]);
 * ```
 */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: MaxPool2dOptions & { returnIndices: true },
): MaxPoolResult;
/**
 * 2-D max pooling, with the indices when `returnIndices` is true.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options The options of max pooling.
 * @returns The maxima, or `{ values, indices }`.
 * @example A flag known at run time
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool2d, ones } from "@nabla/autograd";
 * const flag: boolean = false;
 * assert.ok("shape" in maxPool2d(ones([1, 2, 2]), 2, { returnIndices: flag }));
 * ```
 */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options?: MaxPool2dOptions,
): Tensor | MaxPoolResult;
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: MaxPool2dOptions = {},
): Tensor | MaxPoolResult {
  return maxPool("maxPool2d", 2, x, kernelSize, options);
}

/**
 * 1-D max pooling, as PyTorch's `F.max_pool1d`.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param kernelSize The window size.
 * @param options `stride` (default the kernel size), `padding`, `dilation`, `ceilMode`.
 * @returns The maxima, `[N, C, out]` (or `[C, out]`).
 * @example Pairs
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool1d, tensor } from "@nabla/autograd";
 * assert.deepEqual(maxPool1d(tensor([[1, 3, 2, 0, 7]]), 2).toArray(), [[3, 2]]);
 * assert.deepEqual(maxPool1d(tensor([[1, 3, 2, 0, 7]]), 2, { ceilMode: true }).toArray(), [[3, 2, 7]]);
 * ```
 */
export function maxPool1d(
  x: Tensor,
  kernelSize: number | readonly [number],
  options?: MaxPool1dOptions & { returnIndices?: false },
): Tensor;
/**
 * 1-D max pooling that also returns where each maximum is.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param kernelSize The window size.
 * @param options `returnIndices: true` and the other options of max pooling.
 * @returns `{ values, indices }`, the indices int32 positions along `L`.
 * @example Indices
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool1d, tensor } from "@nabla/autograd";
 * const { indices } = maxPool1d(tensor([[1, 3, 2, 0]]), 2, { returnIndices: true });
 * assert.deepEqual(indices.toArray(), [[1, 2]]);
 * ```
 */
export function maxPool1d(
  x: Tensor,
  kernelSize: number | readonly [number],
  options: MaxPool1dOptions & { returnIndices: true },
): MaxPoolResult;
/**
 * 1-D max pooling, with the indices when `returnIndices` is true.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param kernelSize The window size.
 * @param options The options of max pooling.
 * @returns The maxima, or `{ values, indices }`.
 * @example A flag known at run time
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool1d, ones } from "@nabla/autograd";
 * const flag: boolean = true;
 * assert.ok("indices" in maxPool1d(ones([1, 4]), 2, { returnIndices: flag }));
 * ```
 */
export function maxPool1d(
  x: Tensor,
  kernelSize: number | readonly [number],
  options?: MaxPool1dOptions,
): Tensor | MaxPoolResult;
export function maxPool1d(
  x: Tensor,
  kernelSize: number | readonly [number],
  options: MaxPool1dOptions = {},
): Tensor | MaxPoolResult {
  return maxPool("maxPool1d", 1, x, kernelSize, options);
}

// ---------------------------------------------------------------- average pooling

/** Lifts 1-D boxes to 2-D (one row) and tabulates the divisors. */
function boxes(
  rows: { start: Int32Array; end: Int32Array; padded: Int32Array },
  cols: { start: Int32Array; end: Int32Array; padded: Int32Array },
  divisor: (y: number, x: number) => number,
): Boxes {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const div = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) div[y * ow + x] = divisor(y, x);
  return {
    rowStart: rows.start,
    rowEnd: rows.end,
    colStart: cols.start,
    colEnd: cols.end,
    divisor: div,
  };
}

const WHOLE = { start: Int32Array.of(0), end: Int32Array.of(1), padded: Int32Array.of(1) };

/** PyTorch's avg_pool windows along one axis: clipped bounds and size within the padding. */
function avgAxis(size: number, k: number, s: number, p: number, count: number) {
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const padded = new Int32Array(count);
  for (let o = 0; o < count; o++) {
    const lo = o * s - p;
    const hi = Math.min(lo + k, size + p);
    padded[o] = hi - lo;
    start[o] = Math.max(lo, 0);
    end[o] = Math.min(hi, size);
  }
  return { start, end, padded };
}

function avgPool(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  kernelSize: unknown,
  options: AvgPool2dOptions | AvgPool1dOptions,
): Tensor {
  const keys = ["stride", "padding", "ceilMode", "countIncludePad"];
  checkOptions(op, options, dims === 2 ? [...keys, "divisorOverride"] : keys);
  const { stride, padding = 0, ceilMode = false, countIncludePad = true } = options;
  const { divisorOverride } = options as AvgPool2dOptions;
  const input = poolInput(op, x, dims);
  const ceil = checkFlag(op, "ceilMode", ceilMode);
  const includePad = checkFlag(op, "countIncludePad", countIncludePad);
  if (
    divisorOverride !== undefined &&
    (typeof divisorOverride !== "number" || !Number.isInteger(divisorOverride) ||
      divisorOverride === 0)
  ) {
    throw new RangeError(
      `Cannot pool in ${op}(): divisorOverride must be a non-zero integer, got ${
        String(divisorOverride)
      }`,
    );
  }
  const { k, s, p, out } = fixedWindows(op, input, dims, kernelSize, stride, padding, 1, ceil);
  const axes = k.map((_, i) => avgAxis(input.size[i], k[i], s[i], p[i], out[i]));
  const [rows, cols] = dims === 2 ? axes : [WHOLE, axes[0]];
  const b = boxes(rows, cols, (y, x) => {
    if (divisorOverride !== undefined) return divisorOverride;
    if (includePad) return rows.padded[y] * cols.padded[x];
    return (rows.end[y] - rows.start[y]) * (cols.end[x] - cols.start[x]);
  });
  return lower(AvgPool.apply(input.x, b), dims, input.batched);
}

/**
 * 2-D average pooling, as PyTorch's `F.avg_pool2d`.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param kernelSize The window size, a number or `[kh, kw]`.
 * @param options `stride` (default the kernel size), `padding`, `ceilMode`,
 *   `countIncludePad`, `divisorOverride`.
 * @returns The averages, `[N, C, oh, ow]` (or `[C, oh, ow]`).
 * @example Padding counted or not
 * ```ts
 * import assert from "node:assert/strict";
 * import { avgPool2d, tensor } from "@nabla/autograd";
 * const x = tensor([[[2, 4], [6, 8]]]);
 * assert.deepEqual(avgPool2d(x, 2).toArray(), [[[5]]]);
 * const padded = avgPool2d(x, 2, { stride: 2, padding: 1 }); // windows of 1 element + 3 zeros
 * assert.deepEqual(padded.toArray(), [[[0.5, 1], [1.5, 2]]]);
 * const valid = avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false });
 * assert.deepEqual(valid.toArray(), [[[2, 4], [6, 8]]]);
 * ```
 */
export function avgPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: AvgPool2dOptions = {},
): Tensor {
  return avgPool("avgPool2d", 2, x, kernelSize, options);
}

/**
 * 1-D average pooling, as PyTorch's `F.avg_pool1d`.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param kernelSize The window size.
 * @param options `stride` (default the kernel size), `padding`, `ceilMode`, `countIncludePad`.
 * @returns The averages, `[N, C, out]` (or `[C, out]`).
 * @example Pairs
 * ```ts
 * import assert from "node:assert/strict";
 * import { avgPool1d, tensor } from "@nabla/autograd";
 * assert.deepEqual(avgPool1d(tensor([[1, 3, 2, 0]]), 2).toArray(), [[2, 1]]);
 * ```
 */
export function avgPool1d(
  x: Tensor,
  kernelSize: number | readonly [number],
  options: AvgPool1dOptions = {},
): Tensor {
  return avgPool("avgPool1d", 1, x, kernelSize, options);
}

/** PyTorch's adaptive windows: `[⌊o·n/out⌋, ⌈(o+1)·n/out⌉)`. */
function adaptiveAxis(n: number, count: number) {
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  for (let o = 0; o < count; o++) {
    start[o] = Math.floor((o * n) / count);
    end[o] = Math.ceil(((o + 1) * n) / count);
  }
  return { start, end, padded: end.map((e, o) => e - start[o]) };
}

function adaptiveAvgPool(op: string, dims: 1 | 2, x: Tensor, outputSize: unknown): Tensor {
  const input = poolInput(op, x, dims);
  const given = typeof outputSize === "number" || outputSize === null
    ? new Array(dims).fill(outputSize)
    : outputSize;
  const ok = Array.isArray(given) && given.length === dims &&
    given.every((v) => v === null || (typeof v === "number" && Number.isInteger(v) && v >= 0));
  if (!ok) {
    const many = dims === 2 ? "a pair of them (null keeps a size)" : "a list of one";
    throw new RangeError(
      `Cannot pool in ${op}(): outputSize must be a non-negative integer or ${many}, got ${
        Array.isArray(outputSize) ? fmt(outputSize) : String(outputSize)
      }`,
    );
  }
  const out = (given as (number | null)[]).map((v, i) => v ?? input.size[i]);
  const axes = out.map((o, i) => adaptiveAxis(input.size[i], o));
  const [rows, cols] = dims === 2 ? axes : [WHOLE, axes[0]];
  const b = boxes(rows, cols, (y, xx) => rows.padded[y] * cols.padded[xx]);
  return lower(AvgPool.apply(input.x, b), dims, input.batched);
}

/**
 * 2-D adaptive average pooling, as PyTorch's `F.adaptive_avg_pool2d`: the
 * output has the requested size whatever the input's, output `(y, x)`
 * averaging rows `⌊y·H/oh⌋ .. ⌈(y+1)·H/oh⌉` and the matching columns.
 * @param x The input, `[N, C, H, W]` or `[C, H, W]`.
 * @param outputSize `oh` for a square output, or `[oh, ow]` where `null` keeps the input's size.
 * @returns The averages, `[N, C, oh, ow]` (or `[C, oh, ow]`).
 * @example Global average pooling
 * ```ts
 * import assert from "node:assert/strict";
 * import { adaptiveAvgPool2d, tensor } from "@nabla/autograd";
 * const x = tensor([[[1, 2, 3], [4, 5, 6]]]);
 * assert.deepEqual(adaptiveAvgPool2d(x, 1).toArray(), [[[3.5]]]);
 * assert.deepEqual(adaptiveAvgPool2d(x, [1, null]).toArray(), [[[2.5, 3.5, 4.5]]]);
 * assert.deepEqual(adaptiveAvgPool2d(x, [2, 2]).toArray(), [[[1.5, 2.5], [4.5, 5.5]]]);
 * ```
 */
export function adaptiveAvgPool2d(
  x: Tensor,
  outputSize: number | null | readonly [number | null, number | null],
): Tensor {
  return adaptiveAvgPool("adaptiveAvgPool2d", 2, x, outputSize);
}

/**
 * 1-D adaptive average pooling, as PyTorch's `F.adaptive_avg_pool1d`.
 * @param x The input, `[N, C, L]` or `[C, L]`.
 * @param outputSize The output length.
 * @returns The averages, `[N, C, outputSize]` (or `[C, outputSize]`).
 * @example Two halves
 * ```ts
 * import assert from "node:assert/strict";
 * import { adaptiveAvgPool1d, tensor } from "@nabla/autograd";
 * assert.deepEqual(adaptiveAvgPool1d(tensor([[1, 3, 2, 6]]), 2).toArray(), [[2, 4]]);
 * ```
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number | readonly [number]): Tensor {
  return adaptiveAvgPool("adaptiveAvgPool1d", 1, x, outputSize);
}
