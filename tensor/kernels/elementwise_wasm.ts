/**
 * Float32 elementwise kernels in WebAssembly SIMD (from `wasm/elementwise.c`),
 * used by `cpu.ts` for contiguous float32 operands of at least
 * {@linkcode WASM_MIN_ELEMENTS} elements. Each call copies its operands into
 * the module's memory chunk by chunk (128 KiB per operand, so that a chunk
 * stays in the L2 cache between the copy in, the SIMD loop and the copy out)
 * and copies the result back. Chunks of 32 KiB measured the same or slower
 * (a 200k-element add 1.4x slower), and each chunk costs a few typed-array
 * views, which a training step would otherwise leave to the collector.
 *
 * Measured with `deno run bench/elementwise_bench.ts` (float32, one thread):
 * the copies cost more than the arithmetic, yet the whole still ran 1.7x
 * (16k elements) to 3x (200k elements, past the L2 cache) faster than the
 * TypeScript loops, which V8 runs one scalar element at a time.
 *
 * Every function returns false, without touching anything, where the module
 * is unavailable or the case is not covered; `cpu.ts` then runs its own loop.
 *
 * @module
 */
import { reserve, WASM } from "./wasm.ts";

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
  const at = w.heapBase / 4;
  const bAt = at + CHUNK;
  const oAt = bAt + CHUNK;
  const { f32 } = reserve(w, (oAt + CHUNK) * 4);
  const tiled = period !== n;
  if (tiled) f32.set(B.subarray(ib, ib + period), bAt);
  const step = tiled ? Math.floor(CHUNK / period) * period : CHUNK;
  for (let start = 0; start < n; start += step) {
    const len = Math.min(step, n - start);
    f32.set(A.subarray(ia + start, ia + start + len), at);
    if (!tiled) f32.set(B.subarray(ib + start, ib + start + len), bAt);
    w.kernels.ew_binary(code, at * 4, bAt * 4, oAt * 4, len, tiled ? period : len);
    out.set(f32.subarray(oAt, oAt + len), k + start);
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
  if (tiled) f32.set(S.subarray(is, is + period), sAt);
  const step = tiled ? Math.floor(CHUNK / period) * period : CHUNK;
  for (let start = 0; start < n; start += step) {
    const len = Math.min(step, n - start);
    f32.set(T.subarray(it + start, it + start + len), at);
    if (!tiled) f32.set(S.subarray(is + start, is + start + len), sAt);
    w.kernels.ew_inplace(code, at * 4, sAt * 4, alpha, len, tiled ? period : len);
    T.set(f32.subarray(at, at + len), it + start);
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
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    f32.set(X.subarray(o + start, o + start + len), at);
    w.kernels.ew_relu(at * 4, oAt * 4, len);
    out.set(f32.subarray(oAt, oAt + len), k + start);
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
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    f32.set(Y.subarray(iy + start, iy + start + len), at);
    f32.set(G.subarray(ig + start, ig + start + len), gAt);
    w.kernels.ew_relu_backward(at * 4, gAt * 4, oAt * 4, len);
    out.set(f32.subarray(oAt, oAt + len), k + start);
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
  const accAt = w.heapBase / 8; // float64 index
  const xAt = (accAt + cols) * 2 + 4; // float32 index after the accumulators, 16-byte aligned
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK / cols));
  const views = reserve(w, (xAt + rowsPerChunk * cols) * 4 + 16);
  views.f64.set(acc, accAt);
  for (let r = 0; r < rows; r += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows - r);
    const from = ix + r * cols;
    views.f32.set(X.subarray(from, from + count * cols), xAt);
    w.kernels.ew_sum_rows(xAt * 4, accAt * 8, count, cols);
  }
  acc.set(views.f64.subarray(accAt, accAt + cols));
  return true;
}
