/**
 * Shape arithmetic shared by the tensor engine: element counts, strides,
 * broadcasting and dimension checks. Private to `tensor/`.
 */
import { ShapeError } from "./errors.ts";

/** The shape of a 0-d tensor, shared (frozen); also the initial value of fields that forward sets. */
export const NO_DIMS: readonly number[] = Object.freeze([]);

/** Prints a shape the way error messages show it: `[2, 3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** The number of elements of a shape (1 for `[]`). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides: the last dimension moves fastest. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Checks that `shape` is an array of non-negative integers and returns a copy.
 * `op` names the public entry for the error message.
 */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`Cannot use ${String(shape)} as a shape in ${op}(): expected an array`);
  }
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0) {
      throw new RangeError(
        `Cannot use shape ${fmt(shape)} in ${op}(): size ${String(s)} at dimension ${d} ` +
          "is not a non-negative integer",
      );
    }
  }
  // NOTE: copies spread rather than slice(): V8 has no fast slice() for frozen
  // arrays (every tensor's shape), which runs ~10x slower.
  return [...shape];
}

/**
 * The shape that all `shapes` broadcast to, by NumPy's rules: align on the
 * right; each dimension must be equal or 1.
 */
export function broadcastShapes(op: string, ...shapes: (readonly number[])[]): number[] {
  let ndim = 0;
  for (let k = 0; k < shapes.length; k++) ndim = Math.max(ndim, shapes[k].length);
  const out = new Array<number>(ndim).fill(1);
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k];
    for (let i = 0; i < s.length; i++) {
      const d = ndim - s.length + i;
      if (s[i] === out[d] || s[i] === 1) continue;
      if (out[d] === 1) {
        out[d] = s[i];
        continue;
      }
      // A conflict: name the first shape that set this dimension, and this one.
      let j = 0;
      while (shapes[j][shapes[j].length - (ndim - d)] !== out[d]) j++;
      const a = shapes[j];
      const da = a.length - (ndim - d);
      const msg = `Cannot broadcast ${fmt(a)} and ${fmt(s)} in ${op}(): ` +
        `dimension ${da} is ${a[da]} and ${i} is ${s[i]}`;
      throw new ShapeError(msg, { op, shapes });
    }
  }
  return out;
}

/** A dimension index in `[-ndim, ndim)`, made non-negative. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  if (!Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    const range = ndim === 0 ? "none (the tensor has no dimensions)" : `[${-ndim}, ${ndim - 1}]`;
    throw new RangeError(
      `Cannot use dimension ${dim} in ${op}(): expected a dimension in ${range} ` +
        `for a tensor with ${ndim} dimensions`,
    );
  }
  return dim < 0 ? dim + ndim : dim;
}

/**
 * Dimensions to reduce: `undefined` means all; each is normalized, duplicates
 * are an error; the result is sorted. As in PyTorch, a 0-d tensor accepts
 * dimension 0 or -1 (and reduces nothing).
 */
export function normalizeDims(
  op: string,
  dim: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  // NOTE: loops, not Array.from() or sort() with a callback (an allocation each).
  if (dim === undefined) {
    const all = new Array<number>(ndim);
    for (let d = 0; d < ndim; d++) all[d] = d;
    return all;
  }
  if (typeof dim === "number") {
    const n = normalizeDim(op, dim, Math.max(ndim, 1));
    return ndim === 0 ? [] : [n];
  }
  if (ndim === 0) {
    for (let i = 0; i < dim.length; i++) normalizeDim(op, dim[i], 1);
    return [];
  }
  const out = new Array<number>(dim.length);
  for (let i = 0; i < dim.length; i++) {
    const d = dim[i];
    const n = normalizeDim(op, d, ndim);
    // Insertion into the first i entries keeps them sorted.
    let j = i;
    for (; j > 0 && out[j - 1] > n; j--) out[j] = out[j - 1];
    if (out[j - 1] === n) {
      throw new RangeError(`Cannot use dimension ${d} in ${op}(): dimension ${n} appears twice`);
    }
    out[j] = n;
  }
  return out;
}

/**
 * Strides that let a tensor of `shape`/`strides` be read as `newShape`
 * without copying, or `null` when its memory layout does not allow it
 * (PyTorch's `computeStride`: each run of merged dimensions must be contiguous).
 */
export function viewStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (shape.length === 0 || numel(shape) === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkStride = strides[strides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    // A chunk ends where the next outer dimension is not laid out right after this one.
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkStride = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}
