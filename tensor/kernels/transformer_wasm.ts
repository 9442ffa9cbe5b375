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
  const vector = room(k) * 4; // float32 arrays of k
  const params = base; // w then b, float32
  const scratch = params + 2 * vector; // float32 partial sums of dw, db
  const grads = scratch + 2 * vector; // dw then db, float64
  const stats = grads + 2 * k * 8; // mean, var, invstd: float64 arrays of `per`
  const statBytes = Math.ceil(per / 2) * 16;
  const rowBytes = room(per * k) * 4;
  const a = stats + 3 * statBytes; // float32 rows
  const b = a + rowBytes;
  const c = b + rowBytes;
  return { params, vector, scratch, grads, stats, statBytes, a, b, c, end: c + rowBytes };
}

/**
 * Layer normalization of each row of `X[o ..]` seen as `[rows, k]` (`k` a
 * multiple of 4), `· W[j] + B[j]` (each optional), into `out` from 0, as
 * normalization.ts's `rowNormalize` (statistics in float64, the
 * normalization in float32 arithmetic). Fills `stats` (arrays of `rows`)
 * with each row's mean, variance and invstd.
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
  if (W) views.f32.set(W, m.params / 4);
  if (B) views.f32.set(B, (m.params + m.vector) / 4);
  const wAt = W ? m.params : 0;
  const bAt = B ? m.params + m.vector : 0;
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
  if (W) views.f32.set(W, m.params / 4);
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
      m.scratch,
      m.scratch + m.vector,
    );
    dx.set(views.f32.subarray(m.c / 4, m.c / 4 + n), r * k);
  }
  dweight.set(views.f64.subarray(m.grads / 8, m.grads / 8 + k));
  dbias.set(views.f64.subarray(m.grads / 8 + k, m.grads / 8 + 2 * k));
  return true;
}

/**
 * One operand of the fused attention: a float32 array holding a
 * `[rows, cols]` matrix for each entry (batch and head), the entry's first
 * element at `offsets[t]`, rows `rowStride` apart, columns contiguous.
 */
export interface AttentionOperand {
  /** The array. */
  data: Float32Array;
  /** Where each entry's matrix starts. */
  offsets: readonly number[];
  /** The step between rows, in elements. */
  rowStride: number;
}

/** Most float32 elements staged in the memory by one attention call (64 MiB). */
const ATTENTION_MAX_ELEMENTS = 1 << 24;

/** Memory regions, in float32 elements from the heap base, handed out in order. */
class Regions {
  #next: number;
  constructor(base: number) {
    this.#next = base;
  }
  /** A 16-byte aligned region of `size` elements (plus room for SIMD overreads). */
  take(size: number): number {
    const at = this.#next;
    this.#next += room(size);
    return at;
  }
  /** The end of the last region, in elements. */
  get end(): number {
    return this.#next;
  }
}

/** An operand's range: its lowest element and its length. */
function range(x: AttentionOperand, rows: number, cols: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const o of x.offsets) {
    lo = Math.min(lo, o);
    hi = Math.max(hi, o);
  }
  return x.offsets.length === 0 ? [0, 0] : [lo, hi + (rows - 1) * x.rowStride + cols - lo];
}

/** Sizes of the fused attention: queries, keys, and the query/key and value widths. */
export interface AttentionSizes {
  /** Queries per entry. */
  L: number;
  /** Keys (and values) per entry. */
  S: number;
  /** The width of queries and keys. */
  E: number;
  /** The width of values. */
  Ev: number;
}

/** Packing buffers for products whose sides are at most `n`, in elements (panels of 6 rows of A, 8 columns of B). */
function packRoom(n: number): number {
  return Math.max(Math.ceil(n / 5) * 5, Math.ceil(n / 8) * 8) * n;
}

/** Copies an operand's range into the memory; returns its offsets relative to the copy. */
function stage(
  f32: Float32Array,
  at: number,
  x: AttentionOperand,
  lo: number,
  size: number,
): Int32Array {
  f32.set(x.data.subarray(lo, lo + size), at);
  return Int32Array.from(x.offsets, (o) => o - lo);
}

/**
 * Attention without a mask, fused (`attention_f32` of `transformer.c`): for
 * each entry `t`, `P = softmax(scale · q kᵀ)` (with `causal`, query `i` sees
 * keys `j <= i` only) into `p` (`[entries, L, S]`, contiguous from 0), and
 * `y = P v` into `y.data`, whose entries must tile it (every element is
 * written). `q` is `L x E`, `k` is `S x E`, `v` is `S x Ev`, `y` is `L x Ev`.
 * The operations are those of the separate kernels, in the same order.
 * Returns false, doing nothing, where the module is off or the operands would
 * take more than 64 MiB of it.
 */
export function attentionF32(
  q: AttentionOperand,
  k: AttentionOperand,
  v: AttentionOperand,
  y: AttentionOperand,
  p: Float32Array,
  sizes: AttentionSizes,
  scale: number,
  causal: boolean,
): boolean {
  const w = enabled ? WASM : null;
  const entries = q.offsets.length;
  if (w === null || entries === 0) return false;
  const { L, S, E, Ev } = sizes;
  const [qLo, qSize] = range(q, L, E);
  const [kLo, kSize] = range(k, S, E);
  const [vLo, vSize] = range(v, S, Ev);
  const pack = packRoom(Math.max(L, S, E, Ev));
  const total = qSize + kSize + vSize + y.data.length + p.length + 2 * pack + 4 * entries;
  if (total > ATTENTION_MAX_ELEMENTS) return false;
  const r = new Regions(w.heapBase / 4);
  const [qAt, kAt, vAt, yAt, pAt] = [qSize, kSize, vSize, y.data.length, p.length].map((n) =>
    r.take(n)
  );
  const [paAt, pbAt, offAt] = [pack, pack, 4 * entries].map((n) => r.take(n));
  const views = reserve(w, r.end * 4);
  const qOff = stage(views.f32, qAt, q, qLo, qSize);
  const kOff = stage(views.f32, kAt, k, kLo, kSize);
  const vOff = stage(views.f32, vAt, v, vLo, vSize);
  const off = new Int32Array(views.f32.buffer, offAt * 4, 4 * entries);
  for (let t = 0; t < entries; t++) {
    off.set([qOff[t], kOff[t], vOff[t], y.offsets[t]], 4 * t);
  }
  w.kernels.attention_f32(
    qAt * 4,
    kAt * 4,
    vAt * 4,
    yAt * 4,
    pAt * 4,
    offAt * 4,
    entries,
    L,
    S,
    E,
    Ev,
    q.rowStride,
    k.rowStride,
    v.rowStride,
    y.rowStride,
    scale,
    causal ? 1 : 0,
    paAt * 4,
    pbAt * 4,
  );
  y.data.set(views.f32.subarray(yAt, yAt + y.data.length));
  p.set(views.f32.subarray(pAt, pAt + p.length));
  return true;
}

/**
 * The backward of {@linkcode attentionF32} (`attention_backward_f32`): given
 * the gradient `g` of `y` (`L x Ev` entries) and the `p` it kept, writes
 * `dq`, `dk`, `dv` (entries shaped as `q`, `k`, `v`, tiling their arrays).
 * Returns false, doing nothing, where the module is off or the operands would
 * take more than 64 MiB of it.
 */
export function attentionBackwardF32(
  q: AttentionOperand,
  k: AttentionOperand,
  v: AttentionOperand,
  p: Float32Array,
  g: AttentionOperand,
  dq: AttentionOperand,
  dk: AttentionOperand,
  dv: AttentionOperand,
  sizes: AttentionSizes,
  scale: number,
): boolean {
  const w = enabled ? WASM : null;
  const entries = q.offsets.length;
  if (w === null || entries === 0) return false;
  const { L, S, E, Ev } = sizes;
  const [qLo, qSize] = range(q, L, E);
  const [kLo, kSize] = range(k, S, E);
  const [vLo, vSize] = range(v, S, Ev);
  const [gLo, gSize] = range(g, L, Ev);
  const pack = packRoom(Math.max(L, S, E, Ev));
  const outs = dq.data.length + dk.data.length + dv.data.length;
  const total = qSize + kSize + vSize + gSize + p.length + outs + 2 * pack + L * S + 7 * entries;
  if (total > ATTENTION_MAX_ELEMENTS) return false;
  const r = new Regions(w.heapBase / 4);
  const [qAt, kAt, vAt, gAt, pAt] = [qSize, kSize, vSize, gSize, p.length].map((n) => r.take(n));
  const [dqAt, dkAt, dvAt] = [dq.data.length, dk.data.length, dv.data.length].map((n) => r.take(n));
  const [paAt, pbAt, dsAt, offAt] = [pack, pack, L * S, 7 * entries].map((n) => r.take(n));
  const views = reserve(w, r.end * 4);
  const qOff = stage(views.f32, qAt, q, qLo, qSize);
  const kOff = stage(views.f32, kAt, k, kLo, kSize);
  const vOff = stage(views.f32, vAt, v, vLo, vSize);
  const gOff = stage(views.f32, gAt, g, gLo, gSize);
  views.f32.set(p, pAt);
  const off = new Int32Array(views.f32.buffer, offAt * 4, 7 * entries);
  for (let t = 0; t < entries; t++) {
    off.set(
      [qOff[t], kOff[t], vOff[t], gOff[t], dq.offsets[t], dk.offsets[t], dv.offsets[t]],
      7 * t,
    );
  }
  w.kernels.attention_backward_f32(
    qAt * 4,
    kAt * 4,
    vAt * 4,
    pAt * 4,
    gAt * 4,
    dqAt * 4,
    dkAt * 4,
    dvAt * 4,
    offAt * 4,
    entries,
    L,
    S,
    E,
    Ev,
    q.rowStride,
    k.rowStride,
    v.rowStride,
    g.rowStride,
    dq.rowStride,
    dk.rowStride,
    dv.rowStride,
    scale,
    paAt * 4,
    pbAt * 4,
    dsAt * 4,
  );
  dq.data.set(views.f32.subarray(dqAt, dqAt + dq.data.length));
  dk.data.set(views.f32.subarray(dkAt, dkAt + dk.data.length));
  dv.data.set(views.f32.subarray(dvAt, dvAt + dv.data.length));
  return true;
}
