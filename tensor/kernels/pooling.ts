/**
 * Pooling kernels over the last two dimensions of a 4-D view `[N, C, H, W]`
 * (1-D pooling runs with `H = 1`): max pooling with PyTorch's indices, and
 * box averages (average and adaptive average pooling) with their adjoint.
 * Plain loops over typed arrays, no tensors, no gradients, no validation.
 *
 * Windows are separable: each output row `y` reads a set of input rows and
 * each output column `x` a set of input columns, so both kernels first
 * tabulate, per axis, where each window starts and how many taps land inside
 * the input; the loops over samples and channels then run without bounds
 * tests.
 */
import { allocate, type DType, type TypedArray } from "../dtype.ts";
import type { View } from "./cpu.ts";

/**
 * Dilated windows along one axis, as max pooling reads them: window `o`
 * has taps `o·stride - padding + t·dilation` for `t` in `[0, kernel)`.
 */
export interface Taps {
  /** Window size. */
  readonly kernel: number;
  /** Step between windows. */
  readonly stride: number;
  /** Implicit padding before the axis (its taps are skipped). */
  readonly padding: number;
  /** Step between taps. */
  readonly dilation: number;
  /** Number of windows. */
  readonly count: number;
}

/**
 * Per window of an axis: the first tap inside `[0, size)` and how many taps
 * (every `dilation`) lie inside. Ops use it to reject windows with no tap.
 * @param t The windows.
 * @param size The length of the axis.
 * @returns `first[o]` and `inside[o]` for each window `o`.
 * @example Windows of 2 with padding 1 over 3 elements
 * ```ts
 * import assert from "node:assert/strict";
 * import { tapsInside } from "./pooling.ts";
 * const { first, inside } = tapsInside({ kernel: 2, stride: 2, padding: 1, dilation: 1, count: 2 }, 3);
 * assert.deepEqual([...first], [0, 1]);
 * assert.deepEqual([...inside], [1, 2]);
 * ```
 */
export function tapsInside(t: Taps, size: number): { first: Int32Array; inside: Int32Array } {
  const first = new Int32Array(t.count);
  const inside = new Int32Array(t.count);
  for (let o = 0; o < t.count; o++) {
    const start = o * t.stride - t.padding;
    const lo = start >= 0 ? 0 : Math.ceil(-start / t.dilation);
    const last = start + (t.kernel - 1) * t.dilation;
    const hi = last < size ? t.kernel : Math.floor((size - 1 - start) / t.dilation) + 1;
    first[o] = start + lo * t.dilation;
    inside[o] = Math.max(0, Math.min(t.kernel, hi) - lo);
  }
  return { first, inside };
}

/**
 * Max pooling of a 4-D view: for each window the largest value and its flat
 * index `row·W + col` within its `[H, W]` plane (int32). On ties the first
 * maximum in row-major scan order wins; a NaN wins over any number (the
 * last NaN, as PyTorch's CPU kernel). Every window must have a tap inside.
 * @param x The input view `[N, C, H, W]`, any strides.
 * @param rows The windows along H.
 * @param cols The windows along W.
 * @param dtype The dtype of `x`.
 * @returns `values` (`dtype`) and `indices` (int32), both contiguous `[N, C, oh, ow]`.
 * @example Two windows of a row
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool } from "./pooling.ts";
 * const x = { data: new Float64Array([1, 3, 3, 2]), shape: [1, 1, 1, 4], strides: [4, 4, 4, 1], offset: 0 };
 * const one = { kernel: 1, stride: 1, padding: 0, dilation: 1, count: 1 };
 * const { values, indices } = maxPool(x, one, { ...one, kernel: 2, stride: 2, count: 2 }, "float64");
 * assert.deepEqual([...values], [3, 3]);
 * assert.deepEqual([...indices], [1, 2]);
 * ```
 */
export function maxPool(
  x: View,
  rows: Taps,
  cols: Taps,
  dtype: DType,
): { values: TypedArray; indices: Int32Array } {
  const [n, c, h, w] = x.shape;
  const [sn, sc, sh, sw] = x.strides;
  const r = tapsInside(rows, h);
  const q = tapsInside(cols, w);
  const oh = rows.count;
  const ow = cols.count;
  const values = allocate(dtype, n * c * oh * ow);
  const indices = new Int32Array(n * c * oh * ow);
  const X = x.data;
  const dh = rows.dilation;
  const dw = cols.dilation;
  const rowStep = dh * sh;
  const colStep = dw * sw;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = x.offset + b * sn + ch * sc;
      for (let y = 0; y < oh; y++) {
        const y0 = r.first[y];
        const ny = r.inside[y];
        const rowStart = plane + y0 * sh;
        for (let xx = 0; xx < ow; xx++, o++) {
          const x0 = q.first[xx];
          const nx = q.inside[xx];
          let best = -Infinity;
          let bi = 0;
          let bj = 0;
          if (colStep === 1 && ny === 2 && nx === 2) {
            // A whole 2x2 window (the usual MaxPool2d(2)), unrolled: measured several times faster
            // than the loops below. Same scan order and NaN rule.
            const s = rowStart + x0;
            best = X[s];
            let k = 0;
            const v1 = X[s + 1];
            if (v1 > best || v1 !== v1) {
              best = v1;
              k = 1;
            }
            const v2 = X[s + rowStep];
            if (v2 > best || v2 !== v2) {
              best = v2;
              k = 2;
            }
            const v3 = X[s + rowStep + 1];
            if (v3 > best || v3 !== v3) {
              best = v3;
              k = 3;
            }
            bi = k >> 1;
            bj = k & 1;
          } else if (colStep === 1) {
            // Rows read contiguously (the common case): indexed from the row start.
            for (let i = 0, s0 = rowStart + x0; i < ny; i++, s0 += rowStep) {
              for (let j = 0; j < nx; j++) {
                const v = X[s0 + j];
                if (v > best || v !== v) {
                  best = v;
                  bi = i;
                  bj = j;
                }
              }
            }
          } else {
            for (let i = 0, s0 = rowStart + x0 * sw; i < ny; i++, s0 += rowStep) {
              for (let j = 0, s = s0; j < nx; j++, s += colStep) {
                const v = X[s];
                if (v > best || v !== v) {
                  best = v;
                  bi = i;
                  bj = j;
                }
              }
            }
          }
          values[o] = best;
          indices[o] = (y0 + bi * dh) * w + x0 + bj * dw;
        }
      }
    }
  }
  return { values, indices };
}

/**
 * The adjoint of {@linkcode maxPool} given its indices: each `g[n, c, y, x]`
 * is added at `indices[n, c, y, x]` of its `[H, W]` plane, zeros elsewhere.
 * @param g The gradient view `[N, C, oh, ow]`, any strides.
 * @param indices The contiguous int32 indices `maxPool` returned, `[N, C, oh, ow]`.
 * @param planeSize `H · W`.
 * @param dtype The dtype of `g`.
 * @returns A new contiguous `[N, C, H, W]` array (overlapping windows accumulate).
 * @example Two windows with the same maximum
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPoolAdjoint } from "./pooling.ts";
 * const g = { data: new Float64Array([1, 2]), shape: [1, 1, 1, 2], strides: [2, 2, 2, 1], offset: 0 };
 * assert.deepEqual([...maxPoolAdjoint(g, Int32Array.of(1, 1), 3, "float64")], [0, 3, 0]);
 * ```
 */
export function maxPoolAdjoint(
  g: View,
  indices: Int32Array,
  planeSize: number,
  dtype: DType,
): TypedArray {
  const [n, c, oh, ow] = g.shape;
  const [sn, sc, sh, sw] = g.strides;
  const out = allocate(dtype, n * c * planeSize);
  const G = g.data;
  for (let b = 0, k = 0, plane = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++, plane += planeSize) {
      for (let y = 0, s0 = g.offset + b * sn + ch * sc; y < oh; y++, s0 += sh) {
        for (let xx = 0, s = s0; xx < ow; xx++, k++, s += sw) {
          const d = plane + indices[k];
          out[d] = out[d] + G[s];
        }
      }
    }
  }
  return out;
}

/**
 * Box windows for averaging, per axis: output `o` averages input positions
 * `[start[o], end[o])` (already clipped to the input). The divisor of output
 * `(y, x)` is `divisor[y·ow + x]`.
 */
export interface Boxes {
  /** First input row of each output row. */
  readonly rowStart: Int32Array;
  /** One past the last input row of each output row. */
  readonly rowEnd: Int32Array;
  /** First input column of each output column. */
  readonly colStart: Int32Array;
  /** One past the last input column of each output column. */
  readonly colEnd: Int32Array;
  /** The divisor of each output position, `[oh·ow]`. */
  readonly divisor: Float64Array;
}

/**
 * Box averages of a 4-D view: `out[n, c, y, x] = Σ box / divisor[y, x]`
 * (0 for an empty box).
 * @param x The input view `[N, C, H, W]`, any strides.
 * @param boxes The windows.
 * @param dtype The dtype of `x`.
 * @returns A new contiguous `[N, C, oh, ow]` array.
 * @example 2x2 averages
 * ```ts
 * import assert from "node:assert/strict";
 * import { boxAverage } from "./pooling.ts";
 * const x = { data: new Float64Array([1, 2, 3, 4]), shape: [1, 1, 2, 2], strides: [4, 4, 2, 1], offset: 0 };
 * const boxes = {
 *   rowStart: Int32Array.of(0), rowEnd: Int32Array.of(2),
 *   colStart: Int32Array.of(0, 1), colEnd: Int32Array.of(1, 2),
 *   divisor: Float64Array.of(2, 2),
 * };
 * assert.deepEqual([...boxAverage(x, boxes, "float64")], [2, 3]);
 * ```
 */
export function boxAverage(x: View, boxes: Boxes, dtype: DType): TypedArray {
  const [n, c] = x.shape;
  const [sn, sc, sh, sw] = x.strides;
  const { rowStart, rowEnd, colStart, colEnd, divisor } = boxes;
  const oh = rowStart.length;
  const ow = colStart.length;
  const out = allocate(dtype, n * c * oh * ow);
  const X = x.data;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = x.offset + b * sn + ch * sc;
      for (let y = 0, k = 0; y < oh; y++) {
        const y0 = rowStart[y];
        const y1 = rowEnd[y];
        for (let xx = 0; xx < ow; xx++, o++, k++) {
          const x0 = colStart[xx];
          const x1 = colEnd[xx];
          if (y0 >= y1 || x0 >= x1) continue;
          let sum = 0;
          for (let iy = y0, s0 = plane + y0 * sh + x0 * sw; iy < y1; iy++, s0 += sh) {
            for (let ix = x0, s = s0; ix < x1; ix++, s += sw) sum += X[s];
          }
          out[o] = sum / divisor[k];
        }
      }
    }
  }
  return out;
}

/**
 * The adjoint of {@linkcode boxAverage}: each `g[n, c, y, x] / divisor[y, x]`
 * is added to every input position of its box.
 * @param g The gradient view `[N, C, oh, ow]`, any strides.
 * @param boxes The windows.
 * @param size The input's spatial size `[H, W]`.
 * @param dtype The dtype of `g`.
 * @returns A new contiguous `[N, C, H, W]` array.
 * @example Spreading two averages back over a 2x2 plane
 * ```ts
 * import assert from "node:assert/strict";
 * import { boxAverageAdjoint } from "./pooling.ts";
 * const g = { data: new Float64Array([2, 4]), shape: [1, 1, 1, 2], strides: [2, 2, 2, 1], offset: 0 };
 * const boxes = {
 *   rowStart: Int32Array.of(0), rowEnd: Int32Array.of(2),
 *   colStart: Int32Array.of(0, 1), colEnd: Int32Array.of(1, 2),
 *   divisor: Float64Array.of(2, 2),
 * };
 * assert.deepEqual([...boxAverageAdjoint(g, boxes, [2, 2], "float64")], [1, 2, 1, 2]);
 * ```
 */
export function boxAverageAdjoint(
  g: View,
  boxes: Boxes,
  size: readonly [number, number],
  dtype: DType,
): TypedArray {
  const [n, c, oh, ow] = g.shape;
  const [sn, sc, sh, sw] = g.strides;
  const [h, w] = size;
  const { rowStart, rowEnd, colStart, colEnd, divisor } = boxes;
  const out = allocate(dtype, n * c * h * w);
  const G = g.data;
  for (let b = 0, plane = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++, plane += h * w) {
      const src = g.offset + b * sn + ch * sc;
      for (let y = 0, k = 0; y < oh; y++) {
        const y0 = rowStart[y];
        const y1 = rowEnd[y];
        for (let xx = 0; xx < ow; xx++, k++) {
          const x0 = colStart[xx];
          const x1 = colEnd[xx];
          const v = G[src + y * sh + xx * sw] / divisor[k];
          for (let iy = y0, d0 = plane + y0 * w; iy < y1; iy++, d0 += w) {
            for (let ix = x0; ix < x1; ix++) out[d0 + ix] += v;
          }
        }
      }
    }
  }
  return out;
}
