/**
 * Float32 kernels of a transformer's layers in WebAssembly SIMD (from
 * `wasm/transformer.c`): GELU and its derivative (for `activation.ts`), the
 * softmax of attention scores and its backward (`attention.ts`), the
 * log-softmax of rows (`cpu.ts`), layer normalization of rows and its
 * backward (`normalization.ts`). Those files call them for float32 data and
 * run their own TypeScript loops otherwise. Each call copies its operands
 * into the module's memory chunk by chunk (whole rows, about 32 KiB per
 * operand, so that a chunk stays in cache between the copy in, the SIMD loop
 * and the copy out) and copies the results back.
 *
 * Every function returns false, without touching anything, where the module
 * is unavailable or turned off; the caller then runs its own loop.
 *
 * @module
 */
import { reserve, WASM } from "./wasm.ts";

let enabled = WASM !== null;

/**
 * Turns these kernels off (or back on, where the module runs), so that tests
 * and benchmarks can compare them with the TypeScript loops; the `"ts"`
 * backend turns them off. Returns the previous setting.
 */
export function useWasmTransformer(on: boolean): boolean {
  const previous = enabled;
  enabled = on && WASM !== null;
  return previous;
}

/** Elements per operand chunk. */
const CHUNK = 8192;

/**
 * Room for an array of `len` float32 elements: `transformer.c` reads and
 * writes 4 at a time, so up to 3 beyond the end, and regions stay 16-byte aligned.
 */
function room(len: number): number {
  return Math.ceil(len / 4) * 4 + 4;
}

/**
 * `out[i] = gelu(X[o + i])` for `i < n`, and `derivative[i] = gelu'(X[o + i])`
 * if given, in float32 arithmetic (within 6 ulp of the float64 formula, see
 * `transformer.c`).
 */
export function geluF32(
  X: Float32Array,
  o: number,
  out: Float32Array,
  derivative: Float32Array | undefined,
  n: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const at = w.heapBase / 4;
  const oAt = at + room(CHUNK);
  const dAt = oAt + room(CHUNK);
  const { f32 } = reserve(w, (dAt + room(CHUNK)) * 4);
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    f32.set(X.subarray(o + start, o + start + len), at);
    w.kernels.gelu_f32(at * 4, oAt * 4, derivative ? dAt * 4 : 0, len);
    out.set(f32.subarray(oAt, oAt + len), start);
    derivative?.set(f32.subarray(dAt, dAt + len), start);
  }
  return true;
}

/** Rows of `rowLength` elements per chunk: as many as fit in one, at least one. */
function rowsPerChunk(rowLength: number): number {
  return Math.max(1, Math.floor(CHUNK / Math.max(rowLength, 1)));
}

/**
 * `softmax(scale · x)` of each row of `X[o ..]` seen as `[rows, S]`, into
 * `out` from index 0; with `causal`, row `r` keeps its first `(r mod L) + 1`
 * entries (the others are 0). Float32 exponentials, sums in float64.
 */
export function attentionSoftmaxF32(
  X: Float32Array,
  o: number,
  out: Float32Array,
  rows: number,
  L: number,
  S: number,
  scale: number,
  causal: boolean,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const per = rowsPerChunk(S);
  const span = room(per * S);
  const at = w.heapBase / 4;
  const oAt = at + span;
  const { f32 } = reserve(w, (oAt + span) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    const from = o + r * S;
    f32.set(X.subarray(from, from + count * S), at);
    w.kernels.attention_softmax_f32(at * 4, oAt * 4, r, count, L, S, scale, causal ? 1 : 0);
    out.set(f32.subarray(oAt, oAt + count * S), r * S);
  }
  return true;
}

/**
 * The gradient of {@linkcode attentionSoftmaxF32}: `scale · y ⊙ (g - Σⱼ gⱼ yⱼ)`
 * per row of `[rows, S]` (`G` from `go`, `Y` and `out` from 0).
 */
export function attentionSoftmaxBackwardF32(
  G: Float32Array,
  go: number,
  Y: Float32Array,
  out: Float32Array,
  rows: number,
  S: number,
  scale: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const per = rowsPerChunk(S);
  const span = room(per * S);
  const gAt = w.heapBase / 4;
  const yAt = gAt + span;
  const oAt = yAt + span;
  const { f32 } = reserve(w, (oAt + span) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    const n = count * S;
    f32.set(G.subarray(go + r * S, go + r * S + n), gAt);
    f32.set(Y.subarray(r * S, r * S + n), yAt);
    w.kernels.attention_softmax_backward_f32(gAt * 4, yAt * 4, oAt * 4, count, S, scale);
    out.set(f32.subarray(oAt, oAt + n), r * S);
  }
  return true;
}

/**
 * `x - logsumexp(x)` over each row of `X[o ..]` seen as `[rows, n]`, into
 * `out` (and the softmax into `softmax`, if given) from index 0, as cpu.ts's
 * `logSoftmax`: float32 exponentials, the sum and the last step in float64.
 */
export function logSoftmaxF32(
  X: Float32Array,
  o: number,
  out: Float32Array,
  softmax: Float32Array | undefined,
  rows: number,
  n: number,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null) return false;
  const per = rowsPerChunk(n);
  const span = room(per * n);
  const at = w.heapBase / 4;
  const oAt = at + span;
  const pAt = oAt + span;
  const { f32 } = reserve(w, (pAt + span) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    const size = count * n;
    f32.set(X.subarray(o + r * n, o + r * n + size), at);
    w.kernels.log_softmax_f32(at * 4, oAt * 4, softmax ? pAt * 4 : 0, count, n);
    out.set(f32.subarray(oAt, oAt + size), r * n);
    if (softmax) softmax.set(f32.subarray(pAt, pAt + size), r * n);
  }
  return true;
}

/** Per-row statistics of {@linkcode layerNormF32}, float64. */
export interface RowStats {
  /** The mean of each row. */
  mean: Float64Array;
  /** The biased variance of each row. */
  variance: Float64Array;
  /** `1 / sqrt(variance + eps)`. */
  invstd: Float64Array;
}

/** Regions of the memory for the layer norm kernels, in bytes. */
function layerNormLayout(base: number, per: number, k: number) {
  const rowBytes = per * k * 4;
  const params = base; // w then b, float64
  const grads = params + 2 * k * 8; // dw then db, float64
  const stats = grads + 2 * k * 8; // mean, var, invstd: float64 arrays of `per`
  const statBytes = Math.ceil(per / 2) * 16;
  const a = stats + 3 * statBytes; // float32 rows
  const b = a + rowBytes + 16;
  const c = b + rowBytes + 16;
  return { params, grads, stats, statBytes, a, b, c, end: c + rowBytes + 16 };
}

/**
 * Layer normalization of each row of `X[o ..]` seen as `[rows, k]` (`k` a
 * multiple of 4), `· W[j] + B[j]` (each optional), into `out` from 0, as
 * normalization.ts's `rowNormalize`: float64 arithmetic rounded once.
 * Fills `stats` (arrays of `rows`) with each row's mean, variance and invstd.
 */
export function layerNormF32(
  X: Float32Array,
  o: number,
  rows: number,
  k: number,
  eps: number,
  W: Float32Array | null,
  B: Float32Array | null,
  out: Float32Array,
  stats: RowStats,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null || k % 4 !== 0) return false;
  const per = rowsPerChunk(k);
  const m = layerNormLayout(w.heapBase, per, k);
  const views = reserve(w, m.end);
  if (W) views.f64.set(W, m.params / 8);
  if (B) views.f64.set(B, m.params / 8 + k);
  const wAt = W ? m.params : 0;
  const bAt = B ? m.params + k * 8 : 0;
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    const n = count * k;
    views.f32.set(X.subarray(o + r * k, o + r * k + n), m.a / 4);
    w.kernels.layer_norm_f32(
      m.a,
      wAt,
      bAt,
      m.b,
      m.stats,
      m.stats + m.statBytes,
      m.stats + 2 * m.statBytes,
      count,
      k,
      eps,
    );
    out.set(views.f32.subarray(m.b / 4, m.b / 4 + n), r * k);
    const s = m.stats / 8;
    const step = m.statBytes / 8;
    stats.mean.set(views.f64.subarray(s, s + count), r);
    stats.variance.set(views.f64.subarray(s + step, s + step + count), r);
    stats.invstd.set(views.f64.subarray(s + 2 * step, s + 2 * step + count), r);
  }
  return true;
}

/**
 * The backward of {@linkcode layerNormF32}, as normalization.ts's
 * `rowNormalizeBackward`: `dx` (float32, from 0) and the float64 sums
 * `dweight[j] += Σ g · x̂`, `dbias[j] += Σ g` over the rows.
 */
export function layerNormBackwardF32(
  G: Float32Array,
  go: number,
  X: Float32Array,
  xo: number,
  rows: number,
  k: number,
  stats: { mean: Float64Array; invstd: Float64Array },
  W: Float32Array | null,
  dx: Float32Array,
  dweight: Float64Array,
  dbias: Float64Array,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null || k % 4 !== 0) return false;
  const per = rowsPerChunk(k);
  const m = layerNormLayout(w.heapBase, per, k);
  const views = reserve(w, m.end);
  if (W) views.f64.set(W, m.params / 8);
  views.f64.set(dweight, m.grads / 8);
  views.f64.set(dbias, m.grads / 8 + k);
  const s = m.stats / 8;
  const step = m.statBytes / 8;
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    const n = count * k;
    views.f32.set(G.subarray(go + r * k, go + r * k + n), m.a / 4);
    views.f32.set(X.subarray(xo + r * k, xo + r * k + n), m.b / 4);
    views.f64.set(stats.mean.subarray(r, r + count), s);
    views.f64.set(stats.invstd.subarray(r, r + count), s + step);
    w.kernels.layer_norm_backward_f32(
      m.a,
      m.b,
      m.stats,
      m.stats + m.statBytes,
      W ? m.params : 0,
      m.c,
      m.grads,
      m.grads + k * 8,
      count,
      k,
    );
    dx.set(views.f32.subarray(m.c / 4, m.c / 4 + n), r * k);
  }
  dweight.set(views.f64.subarray(m.grads / 8, m.grads / 8 + k));
  dbias.set(views.f64.subarray(m.grads / 8 + k, m.grads / 8 + 2 * k));
  return true;
}
