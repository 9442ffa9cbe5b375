/**
 * Ops that pick elements by their order along one dimension and return both
 * the values and where they came from: `sort`, `topk`, and `max`/`min` along
 * a dimension (PyTorch's `(values, indices)` pairs). The indices come from a
 * kernel (no gradient); the values are a `gather` of the input at those
 * indices, so the gradient of each value goes, whole, to the element it was
 * taken from (PyTorch's rule; `amax`/`amin` split it among ties instead).
 */
import { isTensor } from "../autograd.ts";
import { DTypeError } from "../errors.ts";
import { fmt, normalizeDim } from "../_shape.ts";
import { argReduce } from "../kernels/cpu.ts";
import { argsort as argsortKernel } from "../kernels/sort.ts";
import { checkOptions } from "../options.ts";
import { fromData, type ReduceOptions, type Tensor, viewOf } from "../tensor.ts";
import { Gather } from "./indexing.ts";
import { reduceDims } from "./reduce.ts";

/** The `(values, indices)` pair of `sort`, `topk`, and `max`/`min` along a dimension. */
export interface ValuesIndices {
  /** The picked values, differentiable: each gets the gradient of the element it came from. */
  readonly values: Tensor;
  /** Where each value was along the dimension, as int32 (no gradient). */
  readonly indices: Tensor;
}

/** Options of {@linkcode Tensor.sort} and {@linkcode Tensor.argsort}. */
export interface SortOptions {
  /**
   * Largest first instead of smallest first.
   * @default false
   */
  descending?: boolean;
  /**
   * Keep tied elements in their original order. nabla's sort is always
   * stable; the option exists for PyTorch's signature.
   * @default false
   */
  stable?: boolean;
}

/** Options of {@linkcode Tensor.topk}. */
export interface TopkOptions {
  /**
   * The k largest elements; `false` for the k smallest.
   * @default true
   */
  largest?: boolean;
  /**
   * Return them in sorted order (largest or smallest first). PyTorch leaves
   * the order unspecified when `false`; nabla always sorts.
   * @default true
   */
  sorted?: boolean;
}

function checkSortable(op: string, x: Tensor): void {
  if (!isTensor(x)) throw new TypeError(`Cannot sort in ${op}(): expected a Tensor`);
  if (x.dtype === "bool") {
    throw new DTypeError(
      `Cannot order a bool tensor in ${op}(): convert it with to("int32") first`,
      { op, dtypes: [x.dtype] },
    );
  }
}

function checkFlag(op: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot call ${op}(): ${name} must be a boolean, got ${typeof value}`);
  }
  return value;
}

// The values at `indices` (of x's rank) along `d`: a gather, whose backward scatters.
function pick(x: Tensor, d: number, indices: Tensor): ValuesIndices {
  return { values: Gather.apply(x, d, indices), indices };
}

// The indices of the first k elements of each line along `dim` in order, of
// x's rank (a 0-d tensor is ordered as a vector of one); `null` for all.
function orderIndices(
  op: string,
  x: Tensor,
  dim: number,
  descending: boolean,
  k: number | null,
): Tensor {
  const d = normalizeDim(op, dim, Math.max(x.ndim, 1));
  if (x.ndim === 0) return orderIndices(op, x.reshape([1]), 0, descending, k).reshape([]);
  const count = k ?? x.shape[d];
  const shape = x.shape.map((s, j) => (j === d ? count : s));
  return fromData(argsortKernel(viewOf(x), d, descending, count), shape);
}

// The first k elements of each line in order, with their indices.
function ordered(
  op: string,
  x: Tensor,
  dim: number,
  descending: boolean,
  k: number | null,
): ValuesIndices {
  const d = normalizeDim(op, dim, Math.max(x.ndim, 1));
  if (x.ndim === 0) {
    const r = ordered(op, x.reshape([1]), 0, descending, k);
    return { values: r.values.reshape([]), indices: r.indices.reshape([]) };
  }
  return pick(x, d, orderIndices(op, x, d, descending, k));
}

/**
 * PyTorch's `torch.sort`: the elements of each line along `dim` in
 * ascending (or descending) order, with their original indices. NaN sorts
 * above every number; ties keep their order (always stable).
 */
export function sort(x: Tensor, dim = -1, options: SortOptions = {}): ValuesIndices {
  checkOptions("sort", options, ["descending", "stable"]);
  checkSortable("sort", x);
  checkFlag("sort", "stable", options.stable);
  return ordered("sort", x, dim, checkFlag("sort", "descending", options.descending), null);
}

/** PyTorch's `torch.argsort`: the indices of `sort`, as int32. */
export function argsort(x: Tensor, dim = -1, options: SortOptions = {}): Tensor {
  checkOptions("argsort", options, ["descending", "stable"]);
  checkSortable("argsort", x);
  checkFlag("argsort", "stable", options.stable);
  const descending = checkFlag("argsort", "descending", options.descending);
  return orderIndices("argsort", x, dim, descending, null);
}

/**
 * PyTorch's `torch.topk`: the `k` largest (or smallest) elements of each line
 * along `dim`, largest (smallest) first, with their indices. Ties give the
 * lower index first.
 */
export function topk(x: Tensor, k: number, dim = -1, options: TopkOptions = {}): ValuesIndices {
  checkOptions("topk", options, ["largest", "sorted"]);
  checkSortable("topk", x);
  const largest = options.largest === undefined
    ? true
    : checkFlag("topk", "largest", options.largest);
  if (options.sorted !== undefined) checkFlag("topk", "sorted", options.sorted);
  const d = normalizeDim("topk", dim, Math.max(x.ndim, 1));
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(
      `Cannot take the top ${k} in topk(): expected an integer in [0, ${n}] for dimension ` +
        `${d} of shape ${fmt(x.shape)}`,
    );
  }
  // NOTE: as in PyTorch, a 0-d tensor gives itself (and index 0) for k = 0 too.
  return ordered("topk", x, d, largest, x.ndim === 0 ? 1 : k);
}

/**
 * PyTorch's `x.max(dim)` / `x.min(dim)`: the largest (smallest) element of
 * each line along `dim` and its index; ties give the first index, NaN wins
 * (the first NaN), as in PyTorch.
 */
export function extremum(
  op: "max" | "min",
  x: Tensor,
  dim: number,
  options: ReduceOptions = {},
): ValuesIndices {
  checkOptions(op, options, ["keepdim"]);
  if (isTensor(dim)) {
    throw new TypeError(
      `Cannot reduce over a tensor in ${op}(): expected a dimension; for the elementwise ` +
        `${op}imum of two tensors (PyTorch's torch.${op}(a, b)) use ${op}imum()`,
    );
  }
  if (typeof dim !== "number") {
    throw new TypeError(
      `Cannot reduce over ${String(dim)} in ${op}(): expected one dimension (a number); ` +
        `use a${op}() to reduce several dimensions at once`,
    );
  }
  const keepdim = options.keepdim ?? false;
  reduceDims(op, x, dim); // the dimension, checked with the wording of the reductions
  if (x.ndim === 0) return extremum(op, x.reshape([1]), 0); // 0-d results, as in PyTorch
  const d = normalizeDim(op, dim, x.ndim);
  if (x.shape[d] === 0) {
    throw new RangeError(
      `Cannot reduce over dimension ${d} in ${op}(): it has size 0 in shape ${fmt(x.shape)} ` +
        `and ${op}() has no identity`,
    );
  }
  // Bool orders as 0 < 1 (PyTorch allows max of bool); the kernel compares numbers.
  const view = viewOf(x);
  const kept = x.shape.map((s, j) => (j === d ? 1 : s));
  const index = fromData(argReduce(op === "max" ? "argmax" : "argmin", view, d), kept);
  const r = pick(x, d, index);
  return keepdim ? r : { values: r.values.squeeze(d), indices: r.indices.squeeze(d) };
}
