/**
 * Sliding-window kernels of the convolutions: im2col (`unfold`), its adjoint
 * col2im (`fold`), and the three products a convolution and its gradients
 * are made of (`conv2d`, `convTranspose2d`, `convWeight`), each im2col or
 * col2im around the matmul kernel that `Tensor.matmul` uses. Like `cpu.ts`,
 * plain loops over typed arrays: views in, fresh contiguous arrays out; no
 * tensors, no gradients, no validation (the ops check shapes and sizes).
 *
 * Layout: the columns of one `[C, H, W]` sample are `[C·kh·kw, L]`, row
 * `(c·kh + i)·kw + j` holding input element `(c, i·dh + y·sh - top, j·dw +
 * x·sw - left)` for each of the `L = oh·ow` window positions `(y, x)`, as
 * PyTorch's `F.unfold`. A convolution is then one product per sample,
 * `[O, C·kh·kw] @ [C·kh·kw, L]`, already in the `[O, oh, ow]` layout of the
 * output (groups are the batch dimension of that product).
 *
 * Speed (`deno run bench/conv_bench.ts`):
 * - The convolutions never hold the columns of the whole batch: each sample
 *   is unfolded into one scratch buffer, reused, that stays in cache while
 *   the matmul kernel reads it (holding them all took ~25% more time, for
 *   allocating, zeroing and collecting an array of N·C·kh·kw·L elements and
 *   reading it back from memory).
 * - For each kernel tap the range of window positions that read inside the
 *   input is computed once, so the inner loops are branch-free strided
 *   copies (or accumulations) along one output row.
 *
 * @module
 */
import { allocate, type DType, type TypedArray } from "../dtype.ts";
import type { View } from "./cpu.ts";
import type { MatmulOperand } from "./matmul.ts";
// The selected backend (WebAssembly SIMD, threads, BLAS), as for Tensor.matmul.
import { matmul } from "./backend.ts";

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

type Float = Float32Array | Float64Array;

/** `[lo, hi)`: the window positions whose tap at `offset` lands in `[0, size)`. */
function validRange(offset: number, stride: number, count: number, size: number): [number, number] {
  const lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const hi = offset >= size ? 0 : Math.min(count, Math.floor((size - 1 - offset) / stride) + 1);
  return [Math.min(lo, count), Math.max(Math.min(lo, count), hi)];
}

/**
 * Writes the `[c·kh·kw, oh·ow]` columns of one sample (element `(ch, y, x)`
 * at `X[plane + ch·sc + y·sh + x·sw]`) into `out` from `o`, zeros included.
 */
function im2col(
  X: TypedArray,
  plane: number,
  [c, h, wd]: readonly number[],
  [sc, sh, sw]: readonly number[],
  w: Windows2d,
  out: TypedArray,
  o: number,
): void {
  const [kh, kw] = w.kernel;
  const [strideH, strideW] = w.stride;
  const [dh, dw] = w.dilation;
  const [top, left] = w.padding;
  const [oh, ow] = w.blocks;
  const rowStep = strideH * sh;
  const colStep = strideW * sw;
  for (let ch = 0; ch < c; ch++, plane += sc) {
    for (let i = 0; i < kh; i++) {
      const [yLo, yHi] = validRange(i * dh - top, strideH, oh, h);
      for (let j = 0; j < kw; j++, o += oh * ow) {
        const offsetW = j * dw - left;
        const [xLo, xHi] = validRange(offsetW, strideW, ow, wd);
        out.fill(0, o, o + yLo * ow);
        let s0 = plane + (yLo * strideH + i * dh - top) * sh + (xLo * strideW + offsetW) * sw;
        for (let y = yLo, d = o + yLo * ow; y < yHi; y++, s0 += rowStep) {
          const zeros = d + xLo;
          const copies = d + xHi;
          const end = d + ow;
          for (; d < zeros; d++) out[d] = 0;
          for (let s = s0; d < copies; d++, s += colStep) out[d] = X[s];
          for (; d < end; d++) out[d] = 0;
        }
        out.fill(0, o + yHi * ow, o + oh * ow);
      }
    }
  }
}

/**
 * Adds the `[c·kh·kw, oh·ow]` columns of one sample (row `r`, position `l`
 * at `C[src + r·sr + l·sl]`) into a contiguous `[c, h, w]` plane of `out` at `o`.
 */
function col2im(
  C: TypedArray,
  src: number,
  sr: number,
  sl: number,
  [c, h, wd]: readonly number[],
  w: Windows2d,
  out: TypedArray,
  o: number,
): void {
  const [kh, kw] = w.kernel;
  const [strideH, strideW] = w.stride;
  const [dh, dw] = w.dilation;
  const [top, left] = w.padding;
  const [oh, ow] = w.blocks;
  const rowStep = strideH * wd;
  for (let ch = 0; ch < c; ch++, o += h * wd) {
    for (let i = 0; i < kh; i++) {
      const [yLo, yHi] = validRange(i * dh - top, strideH, oh, h);
      for (let j = 0; j < kw; j++, src += sr) {
        const offsetW = j * dw - left;
        const [xLo, xHi] = validRange(offsetW, strideW, ow, wd);
        let d0 = o + (yLo * strideH + i * dh - top) * wd + xLo * strideW + offsetW;
        let s0 = src + (yLo * ow + xLo) * sl;
        const span = (xHi - xLo) * strideW;
        for (let y = yLo; y < yHi; y++, d0 += rowStep, s0 += ow * sl) {
          for (let d = d0, e = d0 + span, s = s0; d < e; d += strideW, s += sl) {
            out[d] = out[d] + C[s];
          }
        }
      }
    }
  }
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
  const [n, c] = x.shape;
  const rows = c * w.kernel[0] * w.kernel[1];
  const length = w.blocks[0] * w.blocks[1];
  const out = allocate(dtype, n * rows * length);
  const shape = x.shape.slice(1);
  const strides = x.strides.slice(1);
  for (let b = 0; b < n; b++) {
    im2col(x.data, x.offset + b * x.strides[0], shape, strides, w, out, b * rows * length);
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
  const [n, rows] = cols.shape;
  const [sn, sr, sl] = cols.strides;
  const c = rows / (w.kernel[0] * w.kernel[1]);
  const [h, wd] = size;
  const out = allocate(dtype, n * c * h * wd);
  for (let b = 0; b < n; b++) {
    col2im(cols.data, cols.offset + b * sn, sr, sl, [c, h, wd], w, out, b * c * h * wd);
  }
  return out;
}

// ---------------------------------------------------------------- convolutions

/** A `[batch, rows, cols]` operand of the matmul kernel (float data, checked by the ops). */
function operand(
  data: TypedArray,
  offset: number,
  batch: number,
  row: number,
  col: number,
): MatmulOperand {
  return { data: data as Float, offset, strides: [batch, row, col] };
}

// Scratch buffers, one per role and float dtype, grown on demand and reused:
// 0 a sample's columns, 1 a padded input or output plane, 2 a sample's
// output-side rows. Larger than RETAINED elements, a buffer is not kept.
const scratches: Record<"float32" | "float64", Float[]> = { float32: [], float64: [] };
const RETAINED = 1 << 22;

function scratch(slot: 0 | 1 | 2, dtype: DType, size: number): Float {
  const list = scratches[dtype === "float32" ? "float32" : "float64"];
  if (list[slot]?.length >= size) return list[slot];
  const buffer = allocate(dtype, size) as Float;
  if (size <= RETAINED) list[slot] = buffer;
  return buffer;
}

/**
 * How the columns of one sample are laid out. With stride 1 along W they are
 * "full width": window positions `(y, x)` for every `x` of a padded row of
 * `rowLength = ow + dw·(kw - 1)` columns, so that each column row is one
 * contiguous run of the (padded) input, copied with `TypedArray.set`; the
 * extra `x >= ow` positions hold zeros and are dropped from the output.
 * Otherwise they are compact (`rowLength = ow`), as `unfold` gives them.
 */
interface Layout {
  readonly full: boolean;
  readonly rowLength: number;
  /** `oh · rowLength`. */
  readonly length: number;
  /** Full width: the rows of the padded plane the windows span. */
  readonly planeRows: number;
  /** Full width: whether samples go through a padded copy (else the input is read in place). */
  readonly padded: boolean;
}

function layoutOf(w: Windows2d, h: number, wd: number): Layout {
  const [oh, ow] = w.blocks;
  const [kh, kw] = w.kernel;
  const [dh, dw] = w.dilation;
  if (w.stride[1] !== 1) {
    return { full: false, rowLength: ow, length: oh * ow, planeRows: 0, padded: false };
  }
  const rowLength = ow + dw * (kw - 1);
  const planeRows = (oh - 1) * w.stride[0] + dh * (kh - 1) + 1;
  const padded = w.padding[0] !== 0 || w.padding[1] !== 0 || rowLength !== wd || planeRows > h;
  return { full: true, rowLength, length: oh * rowLength, planeRows, padded };
}

/** Whether sample planes `[C, H, W]` of a view are row-major contiguous. */
function contiguousSamples(x: View): boolean {
  const [, , h, wd] = x.shape;
  return x.strides[3] === 1 && x.strides[2] === wd && x.strides[1] === h * wd;
}

/**
 * Copies one sample into zero-padded planes `[C, planeRows, rowLength]` for
 * full-width columns (only the interior is written: `pad` keeps its zeros
 * around it from one sample to the next).
 */
function padSample(x: View, s: number, w: Windows2d, l: Layout, pad: Float): void {
  const [, c, h, wd] = x.shape;
  const [sn, sc, sh, sw] = x.strides;
  const [top, left] = w.padding;
  const rows = Math.min(h, l.planeRows - top);
  const cols = Math.min(wd, l.rowLength - left);
  const X = x.data;
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0, p0 = x.offset + s * sn + ch * sc; y < rows; y++, p0 += sh) {
      let d = (ch * l.planeRows + top + y) * l.rowLength + left;
      for (let e = d + cols, p = p0; d < e; d++, p += sw) pad[d] = X[p];
    }
  }
}

/** Zeros the positions `x >= ow` of full-width columns: `count` rows of `rowLength` from 0. */
function zeroTails(cols: Float, count: number, ow: number, rowLength: number): void {
  const gap = rowLength - ow;
  for (let r = 0, d = ow; r < count; r++, d += rowLength) {
    for (let k = 0; k < gap; k++) cols[d + k] = 0;
  }
}

/**
 * Where the planes of sample `s` are read from (or folded into) for
 * full-width columns: `x` itself when its planes need no padding and are
 * contiguous, else the scratch `pad`. Returns the array, the offset of the
 * sample and the stride between its channel planes.
 */
function planesOf(
  x: View,
  s: number,
  l: Layout,
  pad: Float | null,
): [TypedArray, number, number] {
  if (pad === null) return [x.data, x.offset + s * x.strides[0], x.strides[1]];
  return [pad, 0, l.planeRows * l.rowLength];
}

/**
 * Full-width im2col of one sample whose planes of rows of `rowLength` lie
 * `plane` apart in `src` from `at` (see {@linkcode Layout}).
 */
function im2colFull(
  src: TypedArray,
  at: number,
  plane: number,
  c: number,
  w: Windows2d,
  l: Layout,
  cols: Float,
  clean: boolean,
): void {
  const [kh, kw] = w.kernel;
  const [sh] = w.stride;
  const [dh, dw] = w.dilation;
  const [oh, ow] = w.blocks;
  const { rowLength, length } = l;
  for (let ch = 0, r = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, r += length) {
        const base = at + ch * plane + i * dh * rowLength + j * dw;
        if (sh === 1) {
          cols.set(src.subarray(base, base + length), r);
        } else {
          for (let y = 0; y < oh; y++) {
            const b = base + y * sh * rowLength;
            cols.set(src.subarray(b, b + rowLength), r + y * rowLength);
          }
        }
      }
    }
  }
  // NOTE: the runs read past each row (and past the plane, even past `src`)
  // only at positions x >= ow; `clean` zeros them, for products that sum
  // over positions (a convolution's outputs at x >= ow are just dropped).
  if (clean) zeroTails(cols, c * kh * kw * oh, ow, rowLength);
}

/**
 * Full-width col2im: adds the columns of one sample into planes of rows of
 * `rowLength`, `plane` apart, of `dst` from `at`, without reaching `limit`.
 */
function col2imFull(
  cols: Float,
  c: number,
  w: Windows2d,
  l: Layout,
  dst: TypedArray,
  at: number,
  plane: number,
  limit: number,
): void {
  const [kh, kw] = w.kernel;
  const [sh] = w.stride;
  const [dh, dw] = w.dilation;
  const [oh, ow] = w.blocks;
  const { rowLength, length } = l;
  // The positions x >= ow must add nothing (they may hold 0 · Infinity = NaN).
  zeroTails(cols, c * kh * kw * oh, ow, rowLength);
  for (let ch = 0, r = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, r += length) {
        const base = at + ch * plane + i * dh * rowLength + j * dw;
        if (sh === 1) {
          const n = Math.min(length, limit - base);
          for (let d = base, e = base + n, s = r; d < e; d++, s++) dst[d] = dst[d] + cols[s];
        } else {
          for (let y = 0; y < oh; y++) {
            const b = base + y * sh * rowLength;
            const n = Math.min(rowLength, limit - b);
            for (let d = b, e = b + n, s = r + y * rowLength; d < e; d++, s++) {
              dst[d] = dst[d] + cols[s];
            }
          }
        }
      }
    }
  }
}

/**
 * The scratch planes that samples of `x` are padded into for full-width
 * columns, zeroed, or `null` when they are read in place.
 */
function paddingScratch(x: View, l: Layout, dtype: DType): Float | null {
  if (!l.full || (!l.padded && contiguousSamples(x))) return null;
  const size = x.shape[1] * l.planeRows * l.rowLength;
  const pad = scratch(1, dtype, size);
  pad.fill(0, 0, size);
  return pad;
}

/**
 * Copies sample `s` of a 4-D view `[N, C, oh, ow]` into `out` as `[C, oh,
 * rowLength]` rows (positions x >= ow untouched: zero from the caller).
 */
function spread(z: View, s: number, rowLength: number, out: Float): void {
  const [, c, oh, ow] = z.shape;
  const [sn, sc, sh, sw] = z.strides;
  const Z = z.data;
  for (let ch = 0, d0 = 0; ch < c; ch++) {
    for (let y = 0, p0 = z.offset + s * sn + ch * sc; y < oh; y++, p0 += sh, d0 += rowLength) {
      for (let d = d0, e = d0 + ow, p = p0; d < e; d++, p += sw) out[d] = Z[p];
    }
  }
}

/**
 * 2-D convolution `out[n, o] = Σ_c w[o, c] ⋆ x[n, c]` over the input
 * channels of `o`'s group: per sample, im2col then one product
 * `[G, O/G, C/G·kh·kw] @ [G, C/G·kh·kw, L]` on the matmul kernel.
 * @param x The input view `[N, C, H, W]`, any strides, float32 or float64.
 * @param weight The filters, a contiguous view `[O, C / groups, kh, kw]` of the same dtype.
 * @param bias A view `[O]` added to each output channel, or `null`.
 * @param w The windows (sizes already checked).
 * @param groups The number of channel groups.
 * @param dtype The dtype of `x` and `weight`.
 * @returns A new contiguous `[N, O, oh, ow]` array.
 * @example A 2x2 box filter
 * ```ts
 * import assert from "node:assert/strict";
 * import { conv2d } from "./conv.ts";
 * const x = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [1, 1, 2, 3], strides: [6, 6, 3, 1], offset: 0 };
 * const k = { data: new Float64Array([1, 1, 1, 1]), shape: [1, 1, 2, 2], strides: [4, 4, 2, 1], offset: 0 };
 * const w = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], blocks: [1, 2] } as const;
 * assert.deepEqual([...conv2d(x, k, null, w, 1, "float64")], [12, 16]);
 * ```
 */
export function conv2d(
  x: View,
  weight: View,
  bias: View | null,
  w: Windows2d,
  groups: number,
  dtype: DType,
): TypedArray {
  const [n, c, h, wd] = x.shape;
  const o = weight.shape[0];
  const og = o / groups;
  const [oh, ow] = w.blocks;
  const rows = (c / groups) * w.kernel[0] * w.kernel[1];
  const l = layoutOf(w, h, wd);
  const out = allocate(dtype, n * o * oh * ow) as Float;
  const cols = scratch(0, dtype, groups * rows * l.length);
  const pad = paddingScratch(x, l, dtype);
  const product = l.full ? scratch(2, dtype, o * l.length) : out;
  const a = operand(weight.data, weight.offset, og * rows, rows, 1);
  const b = operand(cols, 0, rows * l.length, l.length, 1);
  const shape = x.shape.slice(1);
  const strides = x.strides.slice(1);
  for (let s = 0; s < n; s++) {
    const y = out.subarray(s * o * oh * ow, (s + 1) * o * oh * ow);
    if (!l.full) {
      im2col(x.data, x.offset + s * x.strides[0], shape, strides, w, cols, 0);
      matmul(a, b, y, groups, og, rows, l.length);
      if (bias) addBias(y, bias, oh * ow);
      continue;
    }
    if (pad) padSample(x, s, w, l, pad);
    im2colFull(...planesOf(x, s, l, pad), c, w, l, cols, false);
    matmul(a, b, product, groups, og, rows, l.length);
    // Keep the first ow positions of each full-width row, adding the bias.
    for (let ch = 0, p0 = 0, d = 0; ch < o; ch++) {
      const add = bias ? bias.data[bias.offset + ch * bias.strides[0]] : 0;
      for (let r = 0; r < oh; r++, p0 += l.rowLength) {
        for (let e = d + ow, p = p0; d < e; d++, p++) y[d] = product[p] + add;
      }
    }
  }
  return out;
}

/** Adds `bias[ch]` to each of the `[C, size]` rows of `y`. */
function addBias(y: TypedArray, bias: View, size: number): void {
  const c = y.length / size;
  for (let ch = 0, d = 0; ch < c; ch++) {
    const add = bias.data[bias.offset + ch * bias.strides[0]];
    for (const e = d + size; d < e; d++) y[d] = y[d] + add;
  }
}

/**
 * The adjoint of {@linkcode conv2d} in its input (a transposed convolution):
 * per sample, the product `[G, C/G·kh·kw, O/G] @ [G, O/G, L]` (the filters
 * transposed) on the matmul kernel, then col2im.
 * @param z The input view `[N, O, oh, ow]` (one entry per window position), any strides.
 * @param weight The filters, a contiguous view `[O, C / groups, kh, kw]`.
 * @param bias A view `[C]` added to each output channel, or `null`.
 * @param w The windows over the output (sizes already checked).
 * @param groups The number of channel groups.
 * @param size The output's spatial size `[H, W]`.
 * @param dtype The dtype of `z` and `weight`.
 * @returns A new contiguous `[N, C, H, W]` array.
 * @example Spreading one value over a 2x2 window
 * ```ts
 * import assert from "node:assert/strict";
 * import { convTranspose2d } from "./conv.ts";
 * const z = { data: new Float64Array([2]), shape: [1, 1, 1, 1], strides: [1, 1, 1, 1], offset: 0 };
 * const k = { data: new Float64Array([1, 2, 3, 4]), shape: [1, 1, 2, 2], strides: [4, 4, 2, 1], offset: 0 };
 * const w = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], blocks: [1, 1] } as const;
 * assert.deepEqual([...convTranspose2d(z, k, null, w, 1, [2, 2], "float64")], [2, 4, 6, 8]);
 * ```
 */
export function convTranspose2d(
  z: View,
  weight: View,
  bias: View | null,
  w: Windows2d,
  groups: number,
  size: readonly [number, number],
  dtype: DType,
): TypedArray {
  const [n, o] = z.shape;
  const [, cg] = weight.shape;
  const c = cg * groups;
  const og = o / groups;
  const rows = cg * w.kernel[0] * w.kernel[1];
  const [h, wd] = size;
  const l = layoutOf(w, h, wd);
  const out = allocate(dtype, n * c * h * wd) as Float;
  const cols = scratch(0, dtype, groups * rows * l.length);
  const zs = scratch(2, dtype, o * l.length);
  zs.fill(0, 0, o * l.length);
  const planes = c * l.planeRows * l.rowLength;
  const pad = l.padded ? scratch(1, dtype, planes) : out;
  const a = operand(weight.data, weight.offset, og * rows, 1, rows);
  const b = operand(zs, 0, og * l.length, l.length, 1);
  const [top, left] = w.padding;
  for (let s = 0; s < n; s++) {
    spread(z, s, l.rowLength, zs);
    matmul(a, b, cols, groups, rows, og, l.length);
    const at = s * c * h * wd;
    if (!l.full) {
      col2im(cols, 0, l.length, 1, [c, h, wd], w, out, at);
    } else if (!l.padded) {
      col2imFull(cols, c, w, l, out, at, h * wd, at + c * h * wd);
    } else {
      pad.fill(0, 0, planes);
      col2imFull(cols, c, w, l, pad, 0, l.planeRows * l.rowLength, planes);
      // Crop the interior of the padded planes.
      const rowsIn = Math.min(h, l.planeRows - top);
      const colsIn = Math.min(wd, l.rowLength - left);
      for (let ch = 0; ch < c; ch++) {
        for (let y = 0; y < rowsIn; y++) {
          let p = (ch * l.planeRows + top + y) * l.rowLength + left;
          const d0 = at + (ch * h + y) * wd;
          for (let d = d0, e = d0 + colsIn; d < e; d++, p++) out[d] = pad[p];
        }
      }
    }
    if (bias) addBias(out.subarray(at, at + c * h * wd), bias, h * wd);
  }
  return out;
}

/**
 * The adjoint of {@linkcode conv2d} in its filters (the weight gradient):
 * `out[o, c] = Σ_n g[n, o] ⋆ x[n, c]`, per sample im2col then the product
 * `[G, O/G, L] @ [G, L, C/G·kh·kw]`, summed over the batch in float64.
 * @param x The input view `[N, C, H, W]`, any strides.
 * @param g The output-side view `[N, O, oh, ow]`, any strides.
 * @param w The windows (sizes already checked).
 * @param groups The number of channel groups.
 * @param dtype The dtype of `x` and `g`.
 * @returns A new contiguous `[O, C / groups, kh, kw]` array.
 * @example The gradient of a 2x2 box filter
 * ```ts
 * import assert from "node:assert/strict";
 * import { convWeight } from "./conv.ts";
 * const x = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [1, 1, 2, 3], strides: [6, 6, 3, 1], offset: 0 };
 * const g = { data: new Float64Array([1, 1]), shape: [1, 1, 1, 2], strides: [2, 2, 2, 1], offset: 0 };
 * const w = { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: [0, 0], blocks: [1, 2] } as const;
 * assert.deepEqual([...convWeight(x, g, w, 1, "float64")], [3, 5, 9, 11]);
 * ```
 */
export function convWeight(
  x: View,
  g: View,
  w: Windows2d,
  groups: number,
  dtype: DType,
): TypedArray {
  const [n, c, h, wd] = x.shape;
  const o = g.shape[1];
  const og = o / groups;
  const rows = (c / groups) * w.kernel[0] * w.kernel[1];
  const l = layoutOf(w, h, wd);
  const cols = scratch(0, dtype, groups * rows * l.length);
  const pad = paddingScratch(x, l, dtype);
  const gs = scratch(2, dtype, o * l.length);
  gs.fill(0, 0, o * l.length);
  const product = allocate(dtype, o * rows) as Float;
  const sum = new Float64Array(o * rows);
  const a = operand(gs, 0, og * l.length, l.length, 1);
  const b = operand(cols, 0, rows * l.length, 1, l.length);
  const shape = x.shape.slice(1);
  const strides = x.strides.slice(1);
  for (let s = 0; s < n; s++) {
    if (l.full) {
      if (pad) padSample(x, s, w, l, pad);
      im2colFull(...planesOf(x, s, l, pad), c, w, l, cols, true);
    } else {
      im2col(x.data, x.offset + s * x.strides[0], shape, strides, w, cols, 0);
    }
    spread(g, s, l.rowLength, gs);
    matmul(a, b, product, groups, og, l.length, rows);
    for (let k = 0; k < product.length; k++) sum[k] += product[k];
  }
  const out = allocate(dtype, o * rows);
  out.set(sum);
  return out;
}
