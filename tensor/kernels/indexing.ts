/**
 * Indexing kernels: constant padding, concatenation, gather, scatter (add or
 * assign), flip and the range scans that let an op validate its index tensor.
 * Like `cpu.ts`, plain loops over typed arrays: views in, fresh contiguous
 * arrays out; no tensors, no gradients, no validation (callers check shapes
 * and ranges).
 */
import { allocate, type DType, type TypedArray } from "../dtype.ts";
import { copy, fill, inplace, isContiguous, Rows, size, type View } from "./cpu.ts";

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

// ---------------------------------------------------------------- pad and cat

/**
 * Pads `x` along `dim` with `before` and `after` elements of `value`, and
 * `interior` elements between neighbours (the transpose of a strided slice).
 * Returns a new contiguous array of `dtype` (the dtype of `x`).
 */
export function pad(
  x: View,
  dim: number,
  before: number,
  after: number,
  interior: number,
  value: number,
  dtype: DType,
): TypedArray {
  const n = x.shape[dim];
  const shape = [...x.shape];
  shape[dim] = before + n + Math.max(n - 1, 0) * interior + after;
  const out = allocate(dtype, size(shape));
  const strides = contiguousStrides(shape);
  if (value !== 0) fill({ data: out, shape, strides, offset: 0 }, value);
  const target = [...strides];
  target[dim] *= interior + 1;
  inplace("copy", { data: out, shape: x.shape, strides: target, offset: before * strides[dim] }, x);
  return out;
}

/**
 * Concatenates views of one dtype along `dim` (all other sizes equal) into a
 * new contiguous array of `dtype`.
 */
export function cat(xs: readonly View[], dim: number, dtype: DType): TypedArray {
  const shape = [...xs[0].shape];
  shape[dim] = 0;
  for (const x of xs) shape[dim] += x.shape[dim];
  const out = allocate(dtype, size(shape));
  const strides = contiguousStrides(shape);
  const outer = size(shape.slice(0, dim));
  const inner = size(shape.slice(dim + 1));
  const rowLength = shape[dim] * inner;
  let start = 0; // where this input's block begins within each output row
  for (const x of xs) {
    const block = x.shape[dim] * inner;
    if (block > 0 && outer > 0) {
      if (isContiguous(x)) {
        // Contiguous input: one block copy per outer index.
        for (let o = 0, src = x.offset, dst = start; o < outer; o++) {
          out.set(x.data.subarray(src, src + block), dst);
          src += block;
          dst += rowLength;
        }
      } else {
        const target = { data: out, shape: x.shape, strides, offset: start };
        inplace("copy", target, x);
      }
    }
    start += block;
  }
  return out;
}

// ---------------------------------------------------------------- gather and scatter-add

/**
 * `out[p] = x[p with p[dim] replaced by index[p]]` for every position `p` of
 * `index` (int32 values already checked to lie in `[0, x.shape[dim])`).
 * Returns a new contiguous array of `dtype` with the shape of `index`.
 */
export function gather(x: View, dim: number, index: View, dtype: DType): TypedArray {
  const out = allocate(dtype, size(index.shape));
  const X = x.data;
  const I = index.data;
  const sd = x.strides[dim];
  // x is walked with the shape of index and stride 0 along dim; index[p] adds the rest.
  const xStrides = x.strides.map((s, d) => (d === dim ? 0 : s));
  const w = new Rows(index.shape, [index.strides, xStrides], [index.offset, x.offset]);
  const [si, sx] = w.step;
  for (let r = 0, k = 0; r < w.count; r++) {
    let pi = w.pos[0];
    let px = w.pos[1];
    if (si === 0) {
      // One index for the whole row (indexSelect, embedding): a strided copy of one entry.
      px += I[pi] * sd;
      for (const end = k + w.inner; k < end; k++, px += sx) out[k] = X[px];
    } else {
      for (const end = k + w.inner; k < end; k++, pi += si, px += sx) out[k] = X[px + I[pi] * sd];
    }
    w.next();
  }
  return out;
}

/**
 * A copy of `x` (as a new contiguous array of `dtype`) to which each `src[p]`
 * is added at `p with p[dim] replaced by index[p]`, for every position `p` of
 * `index` (`src` has the shape of `index`; values already checked).
 */
export function scatterAdd(
  x: View,
  dim: number,
  index: View,
  src: View,
  dtype: DType,
): TypedArray {
  return scatterInto("add", x, dim, index, src, dtype);
}

/**
 * A copy of `x` (as a new contiguous array of `dtype`) in which each `src[p]`
 * is written at `p with p[dim] replaced by index[p]`, in row-major order of
 * `index` (so the last of repeated positions wins; `src` has the shape of
 * `index`, which may broadcast it with stride 0; values already checked).
 */
export function scatter(x: View, dim: number, index: View, src: View, dtype: DType): TypedArray {
  return scatterInto("assign", x, dim, index, src, dtype);
}

function scatterInto(
  mode: "add" | "assign",
  x: View,
  dim: number,
  index: View,
  src: View,
  dtype: DType,
): TypedArray {
  const out = copy(x, dtype);
  const outStrides = contiguousStrides(x.shape);
  const sd = outStrides[dim];
  outStrides[dim] = 0;
  const I = index.data;
  const S = src.data;
  const w = new Rows(index.shape, [index.strides, src.strides, outStrides], [
    index.offset,
    src.offset,
    0,
  ]);
  const [si, ss, so] = w.step;
  for (let r = 0; r < w.count; r++) {
    let pi = w.pos[0];
    let ps = w.pos[1];
    let po = w.pos[2];
    if (mode === "add" && si === 0) {
      // One index for the whole row (indexAdd, the backward of indexSelect and embedding).
      po += I[pi] * sd;
      for (let j = 0; j < w.inner; j++, ps += ss, po += so) out[po] += S[ps];
    } else if (mode === "add") {
      for (let j = 0; j < w.inner; j++, pi += si, ps += ss, po += so) out[po + I[pi] * sd] += S[ps];
    } else {
      for (let j = 0; j < w.inner; j++, pi += si, ps += ss, po += so) out[po + I[pi] * sd] = S[ps];
    }
    w.next();
  }
  return out;
}

// ---------------------------------------------------------------- flip

/**
 * A contiguous copy of `x` (as a new array of `dtype`) with the order of the
 * elements reversed along each of `dims` (non-negative, distinct): the copy
 * reads `x` through negative strides.
 */
export function flip(x: View, dims: readonly number[], dtype: DType): TypedArray {
  if (size(x.shape) === 0) return allocate(dtype, 0);
  let offset = x.offset;
  const strides = [...x.strides];
  for (const d of dims) {
    offset += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return copy({ data: x.data, shape: x.shape, strides, offset }, dtype);
}

// ---------------------------------------------------------------- range scans

/**
 * The first element of `v` outside `[lo, hi]` in row-major order, as its
 * flat position and value, or `null` if every element is inside (an op
 * validates its index tensor with this before calling a kernel).
 */
export function firstOutside(
  v: View,
  lo: number,
  hi: number,
): { position: number; value: number } | null {
  const V = v.data;
  if (isContiguous(v)) {
    // One run (an index tensor as built): no Rows needed.
    for (let k = 0, n = size(v.shape); k < n; k++) {
      const e = V[v.offset + k];
      if (e < lo || e > hi) return { position: k, value: e };
    }
    return null;
  }
  const w = new Rows(v.shape, [v.strides], [v.offset]);
  const s = w.step[0];
  for (let r = 0, k = 0; r < w.count; r++) {
    let p = w.pos[0];
    for (let j = 0; j < w.inner; j++, k++, p += s) {
      const e = V[p];
      if (e < lo || e > hi) return { position: k, value: e };
    }
    w.next();
  }
  return null;
}

/** The smallest and largest elements of `v` (`[Infinity, -Infinity]` if empty). */
export function minMax(v: View): [number, number] {
  const V = v.data;
  let lo = Infinity;
  let hi = -Infinity;
  const w = new Rows(v.shape, [v.strides], [v.offset]);
  const s = w.step[0];
  for (let r = 0; r < w.count; r++) {
    let p = w.pos[0];
    for (let j = 0; j < w.inner; j++, p += s) {
      const e = V[p];
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
    w.next();
  }
  return [lo, hi];
}
