/**
 * Sliding-window kernels of the convolutions: im2col (`unfold`) and its
 * adjoint col2im (`fold`). Like `cpu.ts`, plain loops over typed arrays:
 * views in, fresh contiguous arrays out; no tensors, no gradients, no
 * validation (the ops check shapes and sizes first).
 *
 * Layout: the columns of an `[N, C, H, W]` input are `[N, C·kh·kw, L]`, row
 * `(c·kh + i)·kw + j` holding input element `(c, i·dh + y·sh - top, j·dw +
 * x·sw - left)` for each of the `L = oh·ow` window positions `(y, x)`, as
 * PyTorch's `F.unfold`. A convolution is then one matrix product per sample,
 * `[O, C·kh·kw] @ [C·kh·kw, L]`, whose result is already `[N, O, oh, ow]`.
 *
 * Speed: for each kernel offset the range of output columns that reads
 * inside the input is computed once, so the inner loop is a branch-free
 * strided copy (or accumulation) along one output row; the zeros of the
 * padding come free from `allocate()`.
 */
import { allocate, type DType, type TypedArray } from "../dtype.ts";
import type { View } from "./cpu.ts";

/** Where a kernel of windows lies over the last two dimensions of an input. */
export interface Windows2d {
  /** Window size `[kh, kw]`, in taps. */
  readonly kernel: readonly [number, number];
  /** Step between windows `[sh, sw]`. */
  readonly stride: readonly [number, number];
  /** Step between the taps of one window `[dh, dw]`. */
  readonly dilation: readonly [number, number];
  /**
   * Implicit zeros before each dimension `[top, left]`; those after are
   * implied by `blocks` (so "same" padding may be asymmetric).
   */
  readonly padding: readonly [number, number];
  /** Number of window positions `[oh, ow]` along each dimension. */
  readonly blocks: readonly [number, number];
}

/** `[lo, hi)`: the window positions whose tap at `offset` lands in `[0, size)`. */
function validRange(offset: number, stride: number, count: number, size: number): [number, number] {
  const lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const hi = offset >= size ? 0 : Math.min(count, Math.floor((size - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * im2col: the `[N, C·kh·kw, oh·ow]` columns of a 4-D view `[N, C, H, W]`
 * (any strides), as a new contiguous array of `dtype`.
 * @param x The input view.
 * @param w The windows (sizes already checked).
 * @param dtype The dtype of `x`.
 * @returns The columns, zero where a window reads the padding.
 * @example A 2x2 kernel over a 3x3 image
 * ```ts
 * import assert from "node:assert/strict";
 * import { unfold } from "./conv.ts";
 * const x = { data: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 1, 3, 3], strides: [9, 9, 3, 1], offset: 0 };
 * const w = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], blocks: [2, 2] } as const;
 * assert.deepEqual([...unfold(x, w, "float64")], [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
 * ```
 */
export function unfold(x: View, w: Windows2d, dtype: DType): TypedArray {
  const [n, c, h, wd] = x.shape;
  const [sn, sc, sh, sw] = x.strides;
  const [kh, kw] = w.kernel;
  const [strideH, strideW] = w.stride;
  const [dh, dw] = w.dilation;
  const [top, left] = w.padding;
  const [oh, ow] = w.blocks;
  const out = allocate(dtype, n * c * kh * kw * oh * ow);
  const X = x.data;
  const rowStep = strideH * sh;
  const colStep = strideW * sw;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = x.offset + b * sn + ch * sc;
      for (let i = 0; i < kh; i++) {
        const [yLo, yHi] = validRange(i * dh - top, strideH, oh, h);
        for (let j = 0; j < kw; j++) {
          const offsetW = j * dw - left;
          const [xLo, xHi] = validRange(offsetW, strideW, ow, wd);
          let s0 = plane + (yLo * strideH + i * dh - top) * sh + (xLo * strideW + offsetW) * sw;
          for (let y = yLo, d0 = o + yLo * ow; y < yHi; y++, s0 += rowStep, d0 += ow) {
            for (let xx = xLo, s = s0; xx < xHi; xx++, s += colStep) out[d0 + xx] = X[s];
          }
          o += oh * ow;
        }
      }
    }
  }
  return out;
}

/**
 * col2im, the adjoint of {@linkcode unfold}: sums each entry of `[N, C·kh·kw,
 * oh·ow]` columns (a 3-D view, any strides) into the input element it was
 * read from, giving a new contiguous `[N, C, H, W]` array of `dtype`; entries
 * that read the padding are dropped.
 * @param cols The columns view.
 * @param w The windows (sizes already checked).
 * @param size The output's spatial size `[H, W]`.
 * @param dtype The dtype of `cols`.
 * @returns The folded array; overlapping windows accumulate.
 * @example Folding back the columns of a 3x3 image counts the windows over each pixel
 * ```ts
 * import assert from "node:assert/strict";
 * import { fold } from "./conv.ts";
 * const cols = { data: new Float64Array(16).fill(1), shape: [1, 4, 4], strides: [16, 4, 1], offset: 0 };
 * const w = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], blocks: [2, 2] } as const;
 * assert.deepEqual([...fold(cols, w, [3, 3], "float64")], [1, 2, 1, 2, 4, 2, 1, 2, 1]);
 * ```
 */
export function fold(
  cols: View,
  w: Windows2d,
  size: readonly [number, number],
  dtype: DType,
): TypedArray {
  const [kh, kw] = w.kernel;
  const [n, rows] = cols.shape;
  const c = rows / (kh * kw);
  const [h, wd] = size;
  const [sn, sr, sl] = cols.strides;
  const [strideH, strideW] = w.stride;
  const [dh, dw] = w.dilation;
  const [top, left] = w.padding;
  const [oh, ow] = w.blocks;
  const out = allocate(dtype, n * c * h * wd);
  const C = cols.data;
  const rowStep = strideH * wd;
  let r = cols.offset;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = (b * c + ch) * h * wd;
      for (let i = 0; i < kh; i++) {
        const [yLo, yHi] = validRange(i * dh - top, strideH, oh, h);
        for (let j = 0; j < kw; j++, r += sr) {
          const offsetW = j * dw - left;
          const [xLo, xHi] = validRange(offsetW, strideW, ow, wd);
          let d0 = plane + (yLo * strideH + i * dh - top) * wd + xLo * strideW + offsetW;
          let s0 = r + (yLo * ow + xLo) * sl;
          for (let y = yLo; y < yHi; y++, d0 += rowStep, s0 += ow * sl) {
            for (let xx = xLo, d = d0, s = s0; xx < xHi; xx++, d += strideW, s += sl) {
              out[d] += C[s];
            }
          }
        }
      }
    }
    r += sn - rows * sr;
  }
  return out;
}
