/**
 * CPU kernels: plain loops over typed arrays. They know nothing of tensors or
 * gradients: each takes views (`{ data, shape, strides, offset }`), already
 * validated and broadcast to one shape by the caller, and returns a fresh
 * contiguous typed array from `allocate()` (or writes into a target view).
 *
 * Speed rules: one `switch` per row (never per element) picks a monomorphic
 * loop; contiguous operands take a single flat loop; strided operands are
 * walked row by row with carry counters, never with per-element div/mod.
 *
 * NOTE: V8 specializes a loop to the typed-array types it has met. A loop that
 * has seen float32, float64, int32 and bool arrays ran about 4x slower on
 * Float32Arrays (2.3 against 0.65 ns per element) than one that only ever sees
 * Float32Array, and factory-made or `new Function` copies share the slow path;
 * so the loops a float32 training step spends its time in are written out a
 * second time for Float32Array (the `*F32` functions), selected once per call.
 * Large contiguous float32 operands go to the WebAssembly SIMD loops of
 * `elementwise_wasm.ts` instead (faster even with the copies in and out).
 */
import { allocate, type DType, empty, type TypedArray } from "../dtype.ts";
import * as simd from "./elementwise_wasm.ts";
import { logSoftmaxF32 } from "./transformer_wasm.ts";

/** A strided window on a typed array. */
export interface View {
  /** The whole storage (the view may read only part of it). */
  readonly data: TypedArray;
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** Elements to skip to move one step along each dimension (0 = broadcast). */
  readonly strides: readonly number[];
  /** Index in `data` of the first element. */
  readonly offset: number;
}

/** Elementwise functions of one operand. */
export type UnaryOp =
  | "neg"
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "relu"
  | "tanh"
  | "sigmoid"
  | "erf"
  | "sin"
  | "cos"
  | "log2"
  | "log10"
  | "log1p"
  | "expm1"
  | "sign"
  | "floor"
  | "ceil"
  | "round"
  | "trunc";
/** Elementwise functions of two operands. */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum";
/** Elementwise comparisons; they produce `bool` (0 or 1). */
export type CompareOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
/** Reductions over a set of dimensions. */
export type ReduceOp = "sum" | "max" | "min";
/** Index reductions along one dimension. */
export type ArgReduceOp = "argmax" | "argmin";
/** In-place updates of a target view. `add` scales the source by `alpha`. */
export type InplaceOp = "add" | "mul" | "div" | "copy";

/** Number of elements of a shape. */
export function size(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Whether a view reads its elements in order with no gaps. */
export function isContiguous(v: Pick<View, "shape" | "strides">): boolean {
  let expected = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] === 1) continue;
    if (v.strides[d] !== expected) return false;
    expected *= v.shape[d];
  }
  return true;
}

/**
 * If `v` repeats one contiguous block (stride 0 on its leading dimensions,
 * row-major on the rest, as a bias row broadcast over a batch), the length of
 * that block; otherwise -1.
 */
export function tilePeriod(v: Pick<View, "shape" | "strides">): number {
  let d = v.shape.length - 1;
  let period = 1;
  for (; d >= 0 && (v.shape[d] === 1 || v.strides[d] === period); d--) period *= v.shape[d];
  for (; d >= 0; d--) if (v.shape[d] !== 1 && v.strides[d] !== 0) return -1;
  return period;
}

/**
 * Walks the rows of a loop nest shared by several operands: dimensions of
 * size 1 are dropped, dimensions that are contiguous for every operand are
 * merged, then all dimensions but the last are stepped with carry counters.
 * `pos[k]` is where the current row of operand `k` starts.
 *
 * NOTE: built for every strided kernel call, so it keeps its allocations few
 * (a training step builds dozens): the merged dimensions are counted first,
 * so that arrays are sized once, and none is made when a single row remains
 * (the common case: contiguous operands, or one row of a gather); strides in
 * one flat array; `offsets` adopted as `pos` (callers pass a fresh literal).
 */
export class Rows {
  /** Length of a row (the merged innermost dimension). */
  readonly inner: number;
  /** Number of rows. */
  readonly count: number;
  /** Step of each operand along a row. */
  readonly step: number[];
  /** Start of the current row in each operand (the `offsets` given, moved by {@linkcode next}). */
  readonly pos: number[];
  /** Size of each merged dimension (empty for a single row). */
  readonly #sizes: number[];
  /** Stride of operand `o` along merged dimension `d`, at `d * operands + o`. */
  readonly #strides: number[];
  readonly #counter: number[];

  constructor(
    shape: readonly number[],
    strides: readonly (readonly number[])[],
    offsets: number[],
  ) {
    const k = strides.length;
    // Count the merged dimensions; `last` is the innermost dimension kept.
    let nd = 0;
    let total = 1;
    let last = -1;
    for (let d = 0; d < shape.length; d++) {
      total *= shape[d];
      if (shape[d] === 1) continue;
      if (last < 0 || !merges(strides, last, d, shape[d])) nd++;
      last = d;
    }
    const step = new Array<number>(k);
    for (let o = 0; o < k; o++) step[o] = last < 0 ? 0 : strides[o][last];
    this.step = step;
    this.pos = offsets;
    if (nd <= 1) {
      this.inner = nd === 0 ? 1 : total;
      this.count = total === 0 ? 0 : 1;
      this.#sizes = this.#strides = this.#counter = NO_COUNTERS;
      return;
    }
    // Several rows: the outer merged dimensions' sizes and strides, for next().
    const sizes = new Array<number>(nd);
    const flat = new Array<number>(nd * k);
    let m = -1;
    for (let d = 0, prev = -1; d < shape.length; d++) {
      if (shape[d] === 1) continue;
      if (prev >= 0 && merges(strides, prev, d, shape[d])) sizes[m] *= shape[d];
      else sizes[++m] = shape[d];
      for (let o = 0; o < k; o++) flat[m * k + o] = strides[o][d];
      prev = d;
    }
    this.inner = sizes[nd - 1];
    this.count = total === 0 ? 0 : total / this.inner;
    this.#sizes = sizes;
    this.#strides = flat;
    this.#counter = new Array<number>(nd - 1).fill(0);
  }

  /** Moves `pos` to the start of the next row. */
  next(): void {
    const sizes = this.#sizes;
    const flat = this.#strides;
    const pos = this.pos;
    const k = pos.length;
    const counter = this.#counter;
    for (let d = counter.length - 1; d >= 0; d--) {
      for (let o = 0; o < k; o++) pos[o] += flat[d * k + o];
      if (++counter[d] < sizes[d]) return;
      for (let o = 0; o < k; o++) pos[o] -= flat[d * k + o] * sizes[d];
      counter[d] = 0;
    }
  }
}

/** Whether dimension `d` (of `size` elements) merges into dimension `prev` for every operand. */
function merges(
  strides: readonly (readonly number[])[],
  prev: number,
  d: number,
  size: number,
): boolean {
  for (let o = 0; o < strides.length; o++) {
    if (strides[o][prev] !== strides[o][d] * size) return false;
  }
  return true;
}
const NO_COUNTERS: number[] = [];

// ---------------------------------------------------------------- copy / cast

/**
 * Copies a view into a new contiguous array of `dtype`, converting values
 * (float to int truncates toward zero; to bool, any non-zero value is 1).
 */
export function copy(x: View, dtype: DType): TypedArray {
  const out = empty(dtype, size(x.shape));
  copyInto(out, x);
  return out;
}

function copyInto(out: TypedArray, x: View): void {
  const n = out.length;
  if (n === 0) return;
  const toBool = out instanceof Uint8Array && !(x.data instanceof Uint8Array);
  if (!toBool && isContiguous(x)) {
    if (x.offset === 0 && n === x.data.length) out.set(x.data); // no subarray view to collect
    else out.set(x.data.subarray(x.offset, x.offset + n));
    return;
  }
  if (x.data instanceof Float32Array && out instanceof Float32Array) {
    copyF32(out, x.data, x.shape, x.strides, x.offset);
    return;
  }
  const X = x.data;
  const w = new Rows(x.shape, [x.strides], [x.offset]);
  const inner = w.inner;
  const s = w.step[0];
  for (let r = 0, k = 0; r < w.count; r++, k += inner) {
    let p = w.pos[0];
    if (toBool) { for (let j = 0; j < inner; j++, p += s) out[k + j] = +(X[p] !== 0); }
    else for (let j = 0; j < inner; j++, p += s) out[k + j] = X[p];
    w.next();
  }
}

/**
 * A strided float32 view copied into a contiguous float32 array: dimensions
 * merged as in {@linkcode Rows}, the two innermost walked by nested loops
 * (the rows of a permuted view can be short: 16 elements for attention heads,
 * where a carry step per row cost more than the copy).
 */
function copyF32(
  out: Float32Array,
  X: Float32Array,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const sizes = new Array<number>(shape.length);
  const steps = new Array<number>(shape.length);
  let nd = 0;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = nd - 1;
    if (last >= 0 && steps[last] === strides[d] * shape[d]) {
      sizes[last] *= shape[d];
      steps[last] = strides[d];
    } else {
      sizes[nd] = shape[d];
      steps[nd++] = strides[d];
    }
  }
  if (nd === 0) {
    out[0] = X[offset];
    return;
  }
  const n0 = sizes[nd - 1];
  const s0 = steps[nd - 1];
  const n1 = nd >= 2 ? sizes[nd - 2] : 1;
  const s1 = nd >= 2 ? steps[nd - 2] : 0;
  const outer = out.length / (n0 * n1);
  const counter = nd > 2 ? new Array<number>(nd - 2).fill(0) : NO_COUNTERS;
  for (let o = 0, base = offset, k = 0; o < outer; o++) {
    for (let i = 0, p = base; i < n1; i++, p += s1) {
      if (s0 === 1) { for (let j = 0; j < n0; j++) out[k++] = X[p + j]; }
      else for (let j = 0, q = p; j < n0; j++, q += s0) out[k++] = X[q];
    }
    for (let d = nd - 3; d >= 0; d--) {
      base += steps[d];
      if (++counter[d] < sizes[d]) break;
      base -= steps[d] * sizes[d];
      counter[d] = 0;
    }
  }
}

// ---------------------------------------------------------------- unary

/** Applies an elementwise function, writing a new contiguous array of `dtype`. */
export function unary(op: UnaryOp, x: View, dtype: DType): TypedArray {
  const n = size(x.shape);
  const out = empty(dtype, n);
  let X = x.data;
  let o = x.offset;
  if (!isContiguous(x)) {
    // Strided input: gather it into the output first, then transform in place.
    copyInto(out, x);
    X = out;
    o = 0;
  }
  if (X instanceof Float32Array && out instanceof Float32Array) {
    if (op === "relu" && n >= simd.WASM_MIN_ELEMENTS && simd.reluF32(X, o, out, 0, n)) return out;
    unaryLoopF32(op, X, o, out, n);
  } else unaryLoop(op, X, o, out, n);
  return out;
}

// unaryLoop for Float32Arrays (see the NOTE at the top); erf and sigmoid share unaryLoop.
function unaryLoopF32(op: UnaryOp, X: Float32Array, o: number, out: Float32Array, n: number): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -X[o + i];
      return;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(X[o + i]);
      return;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(X[o + i]);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(X[o + i]);
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(X[o + i]);
      return;
    case "relu":
      for (let i = 0; i < n; i++) {
        const v = X[o + i] === -Infinity ? 0 : X[o + i];
        out[i] = v * +!(v <= 0) + 0;
      }
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(X[o + i]);
      return;
    default:
      unaryLoop(op, X, o, out, n);
  }
}

function unaryLoop(op: UnaryOp, X: TypedArray, o: number, out: TypedArray, n: number): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -X[o + i];
      return;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(X[o + i]);
      return;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(X[o + i]);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(X[o + i]);
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(X[o + i]);
      return;
    case "relu":
      // NOTE: a branch-free select (twice as fast on random signs); NaN propagates,
      // -Infinity is mapped first since -Infinity * 0 is NaN, and + 0 turns -0 into 0.
      for (let i = 0; i < n; i++) {
        const v = X[o + i] === -Infinity ? 0 : X[o + i];
        out[i] = v * +!(v <= 0) + 0;
      }
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(X[o + i]);
      return;
    case "sigmoid":
      // NOTE: exp of a non-positive number never overflows; both branches are exact to 1 ulp.
      for (let i = 0; i < n; i++) {
        const v = X[o + i];
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      return;
    case "erf":
      for (let i = 0; i < n; i++) out[i] = erf(X[o + i]);
      return;
    case "sin":
      for (let i = 0; i < n; i++) out[i] = Math.sin(X[o + i]);
      return;
    case "cos":
      for (let i = 0; i < n; i++) out[i] = Math.cos(X[o + i]);
      return;
    case "log2":
      for (let i = 0; i < n; i++) out[i] = Math.log2(X[o + i]);
      return;
    case "log10":
      for (let i = 0; i < n; i++) out[i] = Math.log10(X[o + i]);
      return;
    case "log1p":
      for (let i = 0; i < n; i++) out[i] = Math.log1p(X[o + i]);
      return;
    case "expm1":
      for (let i = 0; i < n; i++) out[i] = Math.expm1(X[o + i]);
      return;
    case "sign":
      // NOTE: PyTorch's (0 < x) - (x < 0): NaN gives 0 and -0 gives +0.
      for (let i = 0; i < n; i++) out[i] = +(X[o + i] > 0) - +(X[o + i] < 0);
      return;
    case "floor":
      for (let i = 0; i < n; i++) out[i] = Math.floor(X[o + i]);
      return;
    case "ceil":
      for (let i = 0; i < n; i++) out[i] = Math.ceil(X[o + i]);
      return;
    case "round":
      // NOTE: halves go to the even neighbour, as PyTorch (Math.round sends them up).
      for (let i = 0; i < n; i++) {
        const v = X[o + i];
        const r = Math.round(v);
        out[i] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    case "trunc":
      for (let i = 0; i < n; i++) out[i] = Math.trunc(X[o + i]);
      return;
    default:
      throw new Error(`internal: unknown unary op ${op}`);
  }
}

// ---------------------------------------------------------------- binary

/**
 * Combines two views of one shape elementwise (broadcast operands have
 * stride 0), writing a new contiguous array of `dtype`.
 */
export function binary(op: BinaryOp, a: View, b: View, dtype: DType): TypedArray {
  const n = size(a.shape);
  const out = empty(dtype, n);
  if (n === 0) return out;
  const A = a.data;
  const B = b.data;
  const f32 = out instanceof Float32Array && A instanceof Float32Array &&
    B instanceof Float32Array;
  if (f32 && n >= simd.WASM_MIN_ELEMENTS && isContiguous(a)) {
    // Same-shape operands, or b one repeated block (a bias row, a scalar).
    const period = tilePeriod(b);
    if (period > 0 && simd.binaryF32(op, A, a.offset, B, b.offset, period, out, 0, n)) return out;
  }
  if (isContiguous(a) && isContiguous(b)) {
    if (f32) binaryRowF32(op, out, 0, A, a.offset, 1, B, b.offset, 1, n);
    else binaryRow(op, out, 0, A, a.offset, 1, B, b.offset, 1, n);
    return out;
  }
  const w = new Rows(a.shape, [a.strides, b.strides], [a.offset, b.offset]);
  const [sa, sb] = w.step;
  for (let r = 0, k = 0; r < w.count; r++, k += w.inner) {
    if (f32) binaryRowF32(op, out, k, A, w.pos[0], sa, B, w.pos[1], sb, w.inner);
    else binaryRow(op, out, k, A, w.pos[0], sa, B, w.pos[1], sb, w.inner);
    w.next();
  }
  return out;
}

// binaryRow for Float32Arrays (see the NOTE at the top).
function binaryRowF32(
  op: BinaryOp,
  out: Float32Array,
  k: number,
  A: Float32Array,
  ia: number,
  sa: number,
  B: Float32Array,
  ib: number,
  sb: number,
  n: number,
): void {
  const end = k + n;
  switch (op) {
    case "add":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] + B[ib];
      return;
    case "sub":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] - B[ib];
      return;
    case "mul":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] * B[ib];
      return;
    case "div":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] / B[ib];
      return;
    default:
      binaryRow(op, out, k, A, ia, sa, B, ib, sb, n);
  }
}

function binaryRow(
  op: BinaryOp,
  out: TypedArray,
  k: number,
  A: TypedArray,
  ia: number,
  sa: number,
  B: TypedArray,
  ib: number,
  sb: number,
  n: number,
): void {
  const end = k + n;
  switch (op) {
    case "add":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] + B[ib];
      return;
    case "sub":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] - B[ib];
      return;
    case "mul":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] * B[ib];
      return;
    case "div":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] / B[ib];
      return;
    case "pow":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = A[ia] ** B[ib];
      return;
    case "maximum":
      // NOTE: Math.max propagates NaN and orders -0 < +0, as IEEE 754 (and PyTorch) do.
      for (; k < end; k++, ia += sa, ib += sb) out[k] = Math.max(A[ia], B[ib]);
      return;
    case "minimum":
      for (; k < end; k++, ia += sa, ib += sb) out[k] = Math.min(A[ia], B[ib]);
      return;
    default:
      throw new Error(`internal: unknown binary op ${op}`);
  }
}

/**
 * Compares two views of one shape elementwise into a new `Uint8Array` of 0/1.
 * (`+(a < b)` rather than `a < b ? 1 : 0`: branch-free, and measured faster.)
 */
export function compare(op: CompareOp, a: View, b: View): Uint8Array {
  const n = size(a.shape);
  const out = empty("bool", n) as Uint8Array;
  if (n === 0) return out;
  const w = new Rows(a.shape, [a.strides, b.strides], [a.offset, b.offset]);
  const [sa, sb] = w.step;
  const A = a.data;
  const B = b.data;
  for (let r = 0, k = 0; r < w.count; r++) {
    let ia = w.pos[0];
    let ib = w.pos[1];
    const end = k + w.inner;
    switch (op) {
      case "eq":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] === B[ib]);
        break;
      case "ne":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] !== B[ib]);
        break;
      case "lt":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] < B[ib]);
        break;
      case "le":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] <= B[ib]);
        break;
      case "gt":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] > B[ib]);
        break;
      case "ge":
        for (; k < end; k++, ia += sa, ib += sb) out[k] = +(A[ia] >= B[ib]);
        break;
      default:
        throw new Error(`internal: unknown comparison ${op}`);
    }
    w.next();
  }
  return out;
}

const pick = new Float64Array(2);

/** Picks `a` where `cond` is non-zero, else `b`; all three views have one shape. */
export function where(cond: View, a: View, b: View, dtype: DType): TypedArray {
  const n = size(a.shape);
  const out = empty(dtype, n);
  if (n === 0) return out;
  const w = new Rows(a.shape, [cond.strides, a.strides, b.strides], [
    cond.offset,
    a.offset,
    b.offset,
  ]);
  const [sc, sa, sb] = w.step;
  const C = cond.data;
  const A = a.data;
  const B = b.data;
  for (let r = 0, k = 0; r < w.count; r++) {
    let ic = w.pos[0];
    let ia = w.pos[1];
    let ib = w.pos[2];
    // NOTE: a branch-free select through a 2-slot buffer; a ternary mispredicts on
    // mixed masks (relu's backward) and ran 2x slower. NaN, -0 and ±Infinity pass as they are.
    for (const end = k + w.inner; k < end; k++, ic += sc, ia += sa, ib += sb) {
      pick[0] = B[ib];
      pick[1] = A[ia];
      out[k] = pick[+(C[ic] !== 0)];
    }
    w.next();
  }
  return out;
}

/**
 * The gradient of relu from its output `y` and the output's gradient `g` (one
 * shape): `g` where `y > 0` (or is NaN), +0 where `y <= 0`. One pass for what
 * `where(y <= 0, 0, g)` does in two (a comparison, then a selection).
 */
export function reluBackward(y: View, g: View, dtype: DType): TypedArray {
  const n = size(g.shape);
  const out = empty(dtype, n);
  if (n === 0) return out;
  const Y = y.data;
  const G = g.data;
  const f32 = Y instanceof Float32Array && G instanceof Float32Array && out instanceof Float32Array;
  if (f32 && n >= simd.WASM_MIN_ELEMENTS && isContiguous(y) && isContiguous(g)) {
    if (simd.reluBackwardF32(Y, y.offset, G, g.offset, out, 0, n)) return out;
  }
  const w = new Rows(g.shape, [y.strides, g.strides], [y.offset, g.offset]);
  const [sy, sg] = w.step;
  for (let r = 0, k = 0; r < w.count; r++, k += w.inner) {
    if (f32) reluBackwardRowF32(Y, w.pos[0], sy, G, w.pos[1], sg, out, k, w.inner);
    else {
      // NOTE: branch-free, as in where(): a ternary mispredicts on random signs.
      pick[0] = 0;
      for (let j = 0, iy = w.pos[0], ig = w.pos[1]; j < w.inner; j++, iy += sy, ig += sg) {
        pick[1] = G[ig];
        out[k + j] = pick[+!(Y[iy] <= 0)];
      }
    }
    w.next();
  }
  return out;
}

// One row of reluBackward() for Float32Arrays (see the NOTE at the top).
function reluBackwardRowF32(
  Y: Float32Array,
  iy: number,
  sy: number,
  G: Float32Array,
  ig: number,
  sg: number,
  out: Float32Array,
  k: number,
  n: number,
): void {
  pickF32[0] = 0;
  for (let j = 0; j < n; j++, iy += sy, ig += sg) {
    pickF32[1] = G[ig];
    out[k + j] = pickF32[+!(Y[iy] <= 0)];
  }
}
const pickF32 = new Float32Array(2);

// ---------------------------------------------------------------- in place

/**
 * Updates `target` in place from `src` (same shape; `src` may broadcast):
 * `add` is `t += alpha * s`, `mul` `t *= s`, `div` `t /= s`, `copy` `t = s`.
 * The caller guarantees no two elements of `target` share memory.
 */
export function inplace(op: InplaceOp, target: View, src: View, alpha = 1): void {
  if (size(target.shape) === 0) return;
  const T = target.data;
  const S = src.data;
  const toBool = T instanceof Uint8Array && !(S instanceof Uint8Array);
  const n = size(target.shape);
  if (
    T instanceof Float32Array && S instanceof Float32Array && n >= simd.WASM_MIN_ELEMENTS &&
    isContiguous(target)
  ) {
    const period = tilePeriod(src);
    if (period > 0 && simd.inplaceF32(op, T, target.offset, S, src.offset, period, n, alpha)) {
      return;
    }
  }
  if (
    op === "copy" && !toBool && T !== S && isContiguous(target) && isContiguous(src) &&
    size(src.shape) === n
  ) {
    // One block (scatter's copy of its input): set() converts as the loops do.
    if (src.offset === 0 && n === S.length) T.set(S, target.offset);
    else T.set(S.subarray(src.offset, src.offset + n), target.offset);
    return;
  }
  const f32 = T instanceof Float32Array && S instanceof Float32Array && op !== "copy";
  if (f32 && isContiguous(target) && isContiguous(src) && size(src.shape) === n) {
    // One flat row (an optimizer's update of a small parameter, such as a bias).
    inplaceRowF32(op, T, target.offset, 1, S, src.offset, 1, n, alpha);
    return;
  }
  const w = new Rows(target.shape, [target.strides, src.strides], [target.offset, src.offset]);
  const [st, ss] = w.step;
  if (f32) {
    for (let r = 0; r < w.count; r++) {
      inplaceRowF32(op, T, w.pos[0], st, S, w.pos[1], ss, w.inner, alpha);
      w.next();
    }
    return;
  }
  for (let r = 0; r < w.count; r++) {
    let it = w.pos[0];
    let is = w.pos[1];
    const n = w.inner;
    switch (op) {
      case "add":
        if (alpha === 1) { for (let j = 0; j < n; j++, it += st, is += ss) T[it] += S[is]; }
        else for (let j = 0; j < n; j++, it += st, is += ss) T[it] += alpha * S[is];
        break;
      case "mul":
        for (let j = 0; j < n; j++, it += st, is += ss) T[it] *= S[is];
        break;
      case "div":
        for (let j = 0; j < n; j++, it += st, is += ss) T[it] /= S[is];
        break;
      case "copy":
        if (toBool) { for (let j = 0; j < n; j++, it += st, is += ss) T[it] = +(S[is] !== 0); }
        else for (let j = 0; j < n; j++, it += st, is += ss) T[it] = S[is];
        break;
      default:
        throw new Error(`internal: unknown in-place op ${op}`);
    }
    w.next();
  }
}

// One row of inplace() for Float32Arrays (see the NOTE at the top).
function inplaceRowF32(
  op: InplaceOp,
  T: Float32Array,
  it: number,
  st: number,
  S: Float32Array,
  is: number,
  ss: number,
  n: number,
  alpha: number,
): void {
  if (st === 1 && ss === 1) {
    switch (op) {
      case "add":
        if (alpha === 1) { for (let j = 0; j < n; j++) T[it + j] += S[is + j]; }
        else for (let j = 0; j < n; j++) T[it + j] += alpha * S[is + j];
        return;
      case "mul":
        for (let j = 0; j < n; j++) T[it + j] *= S[is + j];
        return;
      case "div":
        for (let j = 0; j < n; j++) T[it + j] /= S[is + j];
        return;
    }
  }
  switch (op) {
    case "add":
      for (let j = 0; j < n; j++, it += st, is += ss) T[it] += alpha * S[is];
      return;
    case "mul":
      for (let j = 0; j < n; j++, it += st, is += ss) T[it] *= S[is];
      return;
    case "div":
      for (let j = 0; j < n; j++, it += st, is += ss) T[it] /= S[is];
      return;
    default:
      throw new Error(`internal: unknown in-place op ${op}`);
  }
}

/** Sets every element of `target` to `value` (already converted to its dtype). */
export function fill(target: View, value: number): void {
  if (size(target.shape) === 0) return;
  const T = target.data;
  if (isContiguous(target)) {
    T.fill(value, target.offset, target.offset + size(target.shape));
    return;
  }
  const w = new Rows(target.shape, [target.strides], [target.offset]);
  const s = w.step[0];
  for (let r = 0; r < w.count; r++) {
    let p = w.pos[0];
    for (let j = 0; j < w.inner; j++, p += s) T[p] = value;
    w.next();
  }
}

// ---------------------------------------------------------------- reductions

/**
 * Reduces `x` over `dims` (sorted, non-negative), writing a new contiguous
 * array of `dtype` in the order of the kept dimensions. Sums accumulate in
 * float64 whatever `dtype` is. `max` and `min` propagate NaN and keep the
 * first of tied elements (so `max(0, -0)` is 0, `max(-0, 0)` is -0); an empty
 * `sum` is 0, an empty `max` is -Infinity (callers reject it, as PyTorch does).
 */
export function reduce(op: ReduceOp, x: View, dims: readonly number[], dtype: DType): TypedArray {
  // NOTE: sizes are counted before any shape array is built, so that the
  // common paths below (a bias gradient's column sums) build none.
  const nd = x.shape.length;
  let keptSize = 1;
  let rows = 1; // elements reduced into each output element
  let leading = true; // dims are 0, 1, ..., dims.length - 1
  for (let d = 0; d < nd; d++) {
    if (dims.includes(d)) {
      rows *= x.shape[d];
      leading &&= d < dims.length;
    } else keptSize *= x.shape[d];
  }
  const out = allocate(dtype, keptSize);
  if (out.length === 0) return out;
  // Leading dimensions summed away from contiguous float32 rows (a bias gradient).
  if (
    op === "sum" && x.data instanceof Float32Array && rows * out.length >= simd.WASM_MIN_ELEMENTS &&
    leading && isContiguous(x)
  ) {
    const acc = out instanceof Float64Array ? out : sumRow(out.length);
    if (simd.sumRowsF32(x.data, x.offset, acc, rows, out.length)) {
      if (acc !== out) out.set(acc);
      return out;
    }
  }
  // Innermost input dimension kept (e.g. summing a [batch, features] matrix over
  // the batch): accumulate whole input rows into output rows, reading memory in order.
  const last = nd - 1;
  const innerKept = last >= 0 && !dims.includes(last) && x.shape[last] > 1 &&
    x.strides[last] === 1 && rows > 0;
  if (innerKept) reduceIntoRows(op, x, dims, out);
  else reduceEachOutput(op, x, dims, out);
  return out;
}

const sumRows = new Map<number, Float64Array>();

/**
 * A zeroed float64 row of `n` elements for sums, reused from call to call (the
 * kernels never nest): a bias gradient's sum would otherwise allocate one.
 * One row is kept for each length met (a subarray of one buffer would itself
 * be garbage), at most 16 lengths.
 */
function sumRow(n: number): Float64Array {
  let row = sumRows.get(n);
  if (row === undefined) {
    if (sumRows.size >= 16) sumRows.clear();
    row = new Float64Array(n);
    sumRows.set(n, row);
  } else row.fill(0);
  return row;
}

function initial(op: ReduceOp, out: TypedArray): number {
  if (op === "sum") return 0;
  const isInt = out instanceof Int32Array;
  const isBool = out instanceof Uint8Array;
  if (op === "max") return isBool ? 0 : isInt ? -2147483648 : -Infinity;
  return isBool ? 1 : isInt ? 2147483647 : Infinity;
}

// One accumulator per output element, walking the reduced block of each.
function reduceEachOutput(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray): void {
  const X = x.data;
  const init = initial(op, out);
  const nd = x.shape.length;
  let trailing = true;
  for (let i = 0; i < dims.length; i++) trailing &&= dims[i] === nd - dims.length + i;
  if (trailing && isContiguous(x)) {
    // Trailing dimensions of contiguous data (a loss's mean, the sums of rows):
    // each block is one run of consecutive elements, and no Rows are needed.
    reduceRuns(op, X, x.offset, size(x.shape) / out.length, out, init);
    return;
  }
  const keptShape = new Array<number>(nd - dims.length);
  const keptStrides = new Array<number>(keptShape.length);
  const redShape = new Array<number>(dims.length);
  const redStrides = new Array<number>(dims.length);
  for (let d = 0, i = 0, j = 0; d < nd; d++) {
    if (dims.includes(d)) {
      redShape[j] = x.shape[d];
      redStrides[j++] = x.strides[d];
    } else {
      keptShape[i] = x.shape[d];
      keptStrides[i++] = x.strides[d];
    }
  }
  const kept = new Rows(keptShape, [keptStrides], [x.offset]);
  const red = new Rows(redShape, [redStrides], [0]);
  const inner = red.inner;
  const s = red.step[0];
  for (let r = 0, k = 0; r < kept.count; r++) {
    let base = kept.pos[0];
    for (let j = 0; j < kept.inner; j++, k++, base += kept.step[0]) {
      let acc = init;
      red.pos[0] = 0;
      for (let q = 0; q < red.count; q++) {
        let p = base + red.pos[0];
        switch (op) {
          case "sum":
            for (let i = 0; i < inner; i++, p += s) acc += X[p];
            break;
          case "max":
            for (let i = 0; i < inner; i++, p += s) {
              const v = X[p];
              if (v > acc || v !== v) acc = v;
            }
            break;
          case "min":
            for (let i = 0; i < inner; i++, p += s) {
              const v = X[p];
              if (v < acc || v !== v) acc = v;
            }
            break;
          default:
            throw new Error(`internal: unknown reduction ${op}`);
        }
        red.next();
      }
      out[k] = acc;
    }
    kept.next();
  }
}

// `out[k]` reduces the `n` elements of X from `p + k * n`, for each k.
function reduceRuns(
  op: ReduceOp,
  X: TypedArray,
  p: number,
  n: number,
  out: TypedArray,
  init: number,
): void {
  for (let k = 0; k < out.length; k++) {
    // NOTE: Number() (a no-op here) lets V8's mid tier (Maglev) keep `acc` an
    // unboxed double; `acc = init` made it box one heap number per output
    // element (sum) or per element (max), 1-3 KB a call on [64, 10].
    let acc = Number(init);
    switch (op) {
      case "sum":
        for (let i = 0; i < n; i++, p++) acc += X[p];
        break;
      case "max":
        for (let i = 0; i < n; i++, p++) {
          const v = X[p];
          if (v > acc || v !== v) acc = v;
        }
        break;
      case "min":
        for (let i = 0; i < n; i++, p++) {
          const v = X[p];
          if (v < acc || v !== v) acc = v;
        }
        break;
      default:
        throw new Error(`internal: unknown reduction ${op}`);
    }
    out[k] = acc;
  }
}

// Walks the input in memory order; the output has stride 0 along reduced dims.
function reduceIntoRows(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray): void {
  const outStrides = new Array<number>(x.shape.length);
  for (let d = x.shape.length - 1, s = 1; d >= 0; d--) {
    if (dims.includes(d)) outStrides[d] = 0;
    else {
      outStrides[d] = s;
      s *= x.shape[d];
    }
  }
  if (op !== "sum") out.fill(initial(op, out));
  // NOTE: sums go through a float64 row (one extra out-sized array), so that a
  // float32 column sum over many rows does not round at every step; measured
  // as fast as accumulating in the float32 output (bench/reduce_bench.ts).
  const acc = op === "sum" && !(out instanceof Float64Array) ? sumRow(out.length) : out;
  const X = x.data;
  const w = new Rows(x.shape, [x.strides, outStrides], [x.offset, 0]);
  const [sx, so] = w.step;
  if (op === "sum" && X instanceof Float32Array && acc instanceof Float64Array) {
    for (let r = 0; r < w.count; r++) {
      sumRowF32(X, w.pos[0], sx, acc, w.pos[1], so, w.inner);
      w.next();
    }
    if (acc !== out) out.set(acc);
    return;
  }
  for (let r = 0; r < w.count; r++) {
    let p = w.pos[0];
    let q = w.pos[1];
    const n = w.inner;
    switch (op) {
      case "sum":
        for (let j = 0; j < n; j++, p += sx, q += so) acc[q] += X[p];
        break;
      case "max":
        for (let j = 0; j < n; j++, p += sx, q += so) {
          const v = X[p];
          if (v > out[q] || v !== v) out[q] = v;
        }
        break;
      case "min":
        for (let j = 0; j < n; j++, p += sx, q += so) {
          const v = X[p];
          if (v < out[q] || v !== v) out[q] = v;
        }
        break;
      default:
        throw new Error(`internal: unknown reduction ${op}`);
    }
    w.next();
  }
  if (acc !== out) out.set(acc);
}

// One row of a column sum, for a Float32Array input (see the NOTE at the top).
function sumRowF32(
  X: Float32Array,
  p: number,
  sx: number,
  acc: Float64Array,
  q: number,
  so: number,
  n: number,
): void {
  if (sx === 1 && so === 1) { for (let j = 0; j < n; j++) acc[q + j] += X[p + j]; }
  else for (let j = 0; j < n; j++, p += sx, q += so) acc[q] += X[p];
}

/**
 * The index along `dim` of the greatest (`argmax`) or least (`argmin`)
 * element of each line, as a new Int32Array in the order of the other
 * dimensions. Ties give the first index; NaN counts as the extreme (the first
 * NaN wins), as in PyTorch. `shape[dim]` must be positive.
 */
export function argReduce(op: ArgReduceOp, x: View, dim: number): Int32Array {
  const keptShape = x.shape.filter((_, d) => d !== dim);
  const keptStrides = x.strides.filter((_, d) => d !== dim);
  const out = empty("int32", size(keptShape)) as Int32Array;
  if (out.length === 0) return out;
  const n = x.shape[dim];
  const s = x.strides[dim];
  const X = x.data;
  const w = new Rows(keptShape, [keptStrides], [x.offset]);
  for (let r = 0, k = 0; r < w.count; r++) {
    let base = w.pos[0];
    for (let j = 0; j < w.inner; j++, k++, base += w.step[0]) {
      let best = X[base];
      let at = 0;
      let p = base + s;
      // A leading NaN wins at once; otherwise the first NaN met stops the scan.
      if (best === best && op === "argmax") {
        for (let i = 1; i < n; i++, p += s) {
          const v = X[p];
          if (v > best || v !== v) {
            best = v;
            at = i;
            if (v !== v) break;
          }
        }
      } else if (best === best) {
        for (let i = 1; i < n; i++, p += s) {
          const v = X[p];
          if (v < best || v !== v) {
            best = v;
            at = i;
            if (v !== v) break;
          }
        }
      }
      out[k] = at;
    }
    w.next();
  }
  return out;
}

/**
 * `x - logsumexp(x)` along `dim`, fused as PyTorch's `log_softmax` kernel:
 * for each line the max `m`, then `(x - m) - log Σ exp(x - m)` with the sum
 * in float64, rounded once into a new contiguous array of `dtype`. A line
 * holding +Infinity, or only -Infinity, gives NaN throughout, as PyTorch.
 * If given, `softmax` (contiguous, of the same size) receives `exp` of the result.
 */
export function logSoftmax(
  x: View,
  dim: number,
  dtype: DType,
  softmax?: TypedArray,
): TypedArray {
  const nd = x.shape.length;
  const out = empty(dtype, size(x.shape));
  if (out.length === 0) return out;
  if (nd === 0) {
    // The log-softmax of a single element is 0 (NaN for NaN or an infinity).
    out[0] = x.data[x.offset] - x.data[x.offset];
    if (softmax) softmax[0] = Math.exp(out[0]);
    return out;
  }
  // Rows along the last dimension of contiguous float32 data: WebAssembly SIMD.
  if (
    dim === nd - 1 && out instanceof Float32Array && x.data instanceof Float32Array &&
    out.length >= simd.WASM_MIN_ELEMENTS && isContiguous(x)
  ) {
    const n = x.shape[dim];
    const p = softmax as Float32Array | undefined;
    if (logSoftmaxF32(x.data, x.offset, out, p, out.length / n, n)) return out;
  }
  const outStrides = new Array<number>(nd);
  for (let d = nd - 1, st = 1; d >= 0; d--) {
    outStrides[d] = st;
    st *= x.shape[d];
  }
  const keep = (_: number, d: number) => d !== dim;
  const w = new Rows(x.shape.filter(keep), [x.strides.filter(keep), outStrides.filter(keep)], [
    x.offset,
    0,
  ]);
  const n = x.shape[dim];
  const sx = x.strides[dim];
  const so = outStrides[dim];
  const X = x.data;
  for (let r = 0; r < w.count; r++) {
    let px = w.pos[0];
    let po = w.pos[1];
    for (let j = 0; j < w.inner; j++, px += w.step[0], po += w.step[1]) {
      let m = -Infinity;
      for (let i = 0, p = px; i < n; i++, p += sx) {
        const v = X[p];
        if (v > m || v !== v) m = v;
      }
      let sum = 0;
      if (softmax) {
        for (let i = 0, p = px, q = po; i < n; i++, p += sx, q += so) {
          const e = Math.exp(X[p] - m);
          softmax[q] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let i = 0, q = po; i < n; i++, q += so) softmax[q] *= inv;
      } else {
        for (let i = 0, p = px; i < n; i++, p += sx) sum += Math.exp(X[p] - m);
      }
      const logSum = Math.log(sum);
      for (let i = 0, p = px, q = po; i < n; i++, p += sx, q += so) out[q] = X[p] - m - logSum;
    }
    w.next();
  }
  return out;
}

// ---------------------------------------------------------------- erf

/*
 * erf(x) after FDLIBM's s_erf.c (rational approximations on four intervals,
 * error below 1 ulp). Its coefficients and method carry this notice:
 *
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 */
const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
// erf(x) = x + x·P(x²)/Q(x²) on [0, 0.84375]
const PP0 = 1.28379167095512558561e-1;
const PP1 = -3.25042107247001499370e-1;
const PP2 = -2.84817495755985104766e-2;
const PP3 = -5.77027029648944159157e-3;
const PP4 = -2.37630166566501626084e-5;
const QQ1 = 3.97917223959155352819e-1;
const QQ2 = 6.50222499887672944485e-2;
const QQ3 = 5.08130628187576562776e-3;
const QQ4 = 1.32494738004321644526e-4;
const QQ5 = -3.96022827877536812320e-6;
// erf(1 + s) = ERX + P(s)/Q(s) on [0.84375, 1.25]
const PA0 = -2.36211856075265944077e-3;
const PA1 = 4.14856118683748331666e-1;
const PA2 = -3.72207876035701323847e-1;
const PA3 = 3.18346619901161753674e-1;
const PA4 = -1.10894694282396677476e-1;
const PA5 = 3.54783043256182359371e-2;
const PA6 = -2.16637559486879084300e-3;
const QA1 = 1.06420880400844228286e-1;
const QA2 = 5.40397917702171048937e-1;
const QA3 = 7.18286544141962662868e-2;
const QA4 = 1.26171219808761642112e-1;
const QA5 = 1.36370839120290507362e-2;
const QA6 = 1.19844998467991074170e-2;
// erfc(x) = exp(-x² - 0.5625 + R(1/x²)/S(1/x²)) / x on [1.25, 1/0.35]
const RA0 = -9.86494403484714822705e-3;
const RA1 = -6.93858572707181764372e-1;
const RA2 = -1.05586262253232909814e1;
const RA3 = -6.23753324503260060396e1;
const RA4 = -1.62396669462573470355e2;
const RA5 = -1.84605092906711035994e2;
const RA6 = -8.12874355063065934246e1;
const RA7 = -9.81432934416914548592;
const SA1 = 1.96512716674392571292e1;
const SA2 = 1.37657754143519042600e2;
const SA3 = 4.34565877475229228821e2;
const SA4 = 6.45387271733267880336e2;
const SA5 = 4.29008140027567833386e2;
const SA6 = 1.08635005541779435134e2;
const SA7 = 6.57024977031928170135;
const SA8 = -6.04244152148580987438e-2;
// ... and on [1/0.35, 6]
const RB0 = -9.86494292470009928597e-3;
const RB1 = -7.99283237680523006574e-1;
const RB2 = -1.77579549177547519889e1;
const RB3 = -1.60636384855821916062e2;
const RB4 = -6.37566443368389627722e2;
const RB5 = -1.02509513161107724954e3;
const RB6 = -4.83519191608651397019e2;
const SB1 = 3.03380607434824582924e1;
const SB2 = 3.25792512996573918826e2;
const SB3 = 1.53672958608443695994e3;
const SB4 = 3.19985821950859553908e3;
const SB5 = 2.55305040643316442583e3;
const SB6 = 4.74528541206955367215e2;
const SB7 = -2.24409524465858183362e1;

/**
 * The error function `2/√π ∫₀ˣ e^(-t²) dt`, accurate to about 1 ulp.
 * @param x Any number.
 * @returns `erf(x)`, in `[-1, 1]`; NaN for NaN.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) return x + EFX * x; // |x| < 2^-28
    const z = x * x;
    const p = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
    const q = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
    return x + x * (p / q);
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
    const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
    return x >= 0 ? ERX + p / q : -ERX - p / q;
  }
  if (ax >= 6) return x > 0 ? 1 : -1;
  const s = 1 / (ax * ax);
  let r: number;
  let q: number;
  if (ax < 1 / 0.35) {
    r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    q = 1 +
      s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
  } else {
    r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
    q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  }
  // NOTE: -x² = -z² + (z - x)(z + x) with z = x rounded to 24 bits, so z² is exact.
  const z = Math.fround(ax);
  const e = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / q);
  return x > 0 ? 1 - e / ax : e / ax - 1;
}
