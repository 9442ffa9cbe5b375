/**
 * Float32 elementwise kernels in WebAssembly SIMD (from `wasm/elementwise.c`),
 * used by `cpu.ts` for contiguous float32 operands of at least
 * {@linkcode WASM_MIN_ELEMENTS} elements. Each call copies its operands into
 * the module's memory chunk by chunk (128 KiB per operand, so that a chunk
 * stays in the L2 cache between the copy in, the SIMD loop and the copy out)
 * and copies the result back, with `copyRange()` of `wasm.ts`.
 * Smaller chunks measured the same or slower. (These kernels run dozens of
 * times in a training step, so each writes its chunk loop out rather than
 * passing operand lists and a closure to `inChunks()`: those were about
 * 500 bytes of garbage a call.)
 *
 * Measured with `deno run bench/elementwise_bench.ts` (float32, one thread):
 * the copies cost more than the arithmetic, yet the whole still ran faster
 * than the TypeScript loops from 16k elements on (most past the L2 cache),
 * since V8 runs those one scalar element at a time.
 *
 * Every function returns false, without touching anything, where the module
 * is unavailable or the case is not covered; `cpu.ts` then runs its own loop.
 *
 * @module
 */
import { copyRange, reserve, WASM } from "./wasm.ts";

/** Smallest element count worth the copies (measured break-even: about 256). */
export const WASM_MIN_ELEMENTS = 512;

let enabled = WASM !== null;

/**
 * Turns these kernels off (or back on, where the module runs), so that
 * benchmarks and tests can time and compare the TypeScript loops on the same
 * operands. Returns the previous setting.
 */
export function useWasmElementwise(on: boolean): boolean {
  const previous = enabled;
  enabled = on && WASM !== null;
  return previous;
}
/** Elements per operand chunk (tests use it to cross chunk boundaries). */
export const CHUNK = 32768;
/** Operation codes of `ew_binary` and `ew_inplace`. */
const OPS: Record<string, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * `out[k + i] = A[ia + i] op B[ib + i % period]` for `i < n`: two same-shape
 * operands (`period === n`) or `B` repeating a tile of `period` elements, at
 * most one chunk long (a bias row, a broadcast scalar).
 */
export function binaryF32(
  op: string,
  A: Float32Array,
  ia: number,
  B: Float32Array,
  ib: number,
  period: number,
  out: Float32Array,
  k: number,
  n: number,
): boolean {
  const w = enabled ? WASM : null;
  const code = OPS[op];
  if (w === null || code === undefined || n % period !== 0) return false;
  if (period !== n && period > CHUNK) return false;
  // Element indices of the three regions of the memory.
  const at = w.heapBase / 4;
  const bAt = at + CHUNK;
  const oAt = bAt + CHUNK;
  const { f32 } = reserve(w, (oAt + CHUNK) * 4);
  const tiled = period !== n;
  if (tiled) copyRange(B, ib, f32, bAt, period);
  const step = tiled ? Math.floor(CHUNK / period) * period : CHUNK;
  for (let i = 0; i < n; i += step) {
    const len = Math.min(step, n - i);
    copyRange(A, ia + i, f32, at, len);
    if (!tiled) copyRange(B, ib + i, f32, bAt, len);
    w.kernels.ew_binary(code, at * 4, bAt * 4, oAt * 4, len, tiled ? period : len);
    copyRange(f32, oAt, out, k + i, len);
  }
  return true;
}

/**
 * In place: `T[it + i] op= S[is + i % period]` for `i < n` (`add` adds
 * `alpha` times the source), with the source the same size or a tile as in
 * {@linkcode binaryF32}.
 */
export function inplaceF32(
  op: string,
  T: Float32Array,
  it: number,
  S: Float32Array,
  is: number,
  period: number,
  n: number,
  alpha: number,
): boolean {
  const w = enabled ? WASM : null;
  const code = OPS[op];
  if (w === null || code === undefined || op === "sub" || n % period !== 0) return false;
  if (period !== n && period > CHUNK) return false;
  const at = w.heapBase / 4;
  const sAt = at + CHUNK;
  const { f32 } = reserve(w, (sAt + CHUNK) * 4);
  const tiled = period !== n;
  if (tiled) copyRange(S, is, f32, sAt, period);
  const step = tiled ? Math.floor(CHUNK / period) * period : CHUNK;
  for (let i = 0; i < n; i += step) {
    const len = Math.min(step, n - i);
    copyRange(T, it + i, f32, at, len);
    if (!tiled) copyRange(S, is + i, f32, sAt, len);
    w.kernels.ew_inplace(code, at * 4, sAt * 4, alpha, len, tiled ? period : len);
    copyRange(f32, at, T, it + i, len);
  }
  return true;
}

/** `out[k + i] = relu(X[o + i])` for `i < n` (NaN stays NaN, -0 becomes +0). */
export function reluF32(
  X: Float32Array,
  o: number,
  out: Float32Array,
  k: number,
  n: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const at = w.heapBase / 4;
  const oAt = at + CHUNK;
  const { f32 } = reserve(w, (oAt + CHUNK) * 4);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    copyRange(X, o + i, f32, at, len);
    w.kernels.ew_relu(at * 4, oAt * 4, len);
    copyRange(f32, oAt, out, k + i, len);
  }
  return true;
}

/** `out[k + i] = Y[iy + i] <= 0 ? 0 : G[ig + i]` for `i < n`: relu's gradient from its output. */
export function reluBackwardF32(
  Y: Float32Array,
  iy: number,
  G: Float32Array,
  ig: number,
  out: Float32Array,
  k: number,
  n: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const at = w.heapBase / 4;
  const gAt = at + CHUNK;
  const oAt = gAt + CHUNK;
  const { f32 } = reserve(w, (oAt + CHUNK) * 4);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    copyRange(Y, iy + i, f32, at, len);
    copyRange(G, ig + i, f32, gAt, len);
    w.kernels.ew_relu_backward(at * 4, gAt * 4, oAt * 4, len);
    copyRange(f32, oAt, out, k + i, len);
  }
  return true;
}

/**
 * Column sums in float64: `acc[j] += X[ix + i * cols + j]` for `i < rows`,
 * `j < cols` (the bias gradient: a `[batch, features]` gradient summed over
 * the batch), for at most one chunk of columns.
 */
export function sumRowsF32(
  X: Float32Array,
  ix: number,
  acc: Float64Array,
  rows: number,
  cols: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null || cols > CHUNK / 2) return false;
  const accAt = w.heapBase; // bytes
  const xAt = accAt + cols * 8 + 16; // after the float64 accumulators, with 16 bytes between
  const perChunk = Math.max(1, Math.floor(CHUNK / cols));
  const { f32, f64 } = reserve(w, xAt + perChunk * cols * 4 + 16);
  copyRange(acc, 0, f64, accAt / 8, cols);
  for (let r = 0; r < rows; r += perChunk) {
    const count = Math.min(perChunk, rows - r);
    copyRange(X, ix + r * cols, f32, xAt / 4, count * cols);
    w.kernels.ew_sum_rows(xAt, accAt, count, cols);
  }
  copyRange(f64, accAt / 8, acc, 0, cols);
  return true;
}
