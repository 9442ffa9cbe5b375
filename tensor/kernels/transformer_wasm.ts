/**
 * Float32 kernels of a transformer's layers in WebAssembly SIMD (from
 * `wasm/transformer.c`): GELU and its derivative (for `activation.ts`), the
 * softmax of attention scores and its backward (`attention.ts`), the
 * log-softmax of rows (`cpu.ts`), layer normalization of rows and its
 * backward (`normalization.ts`). Those files call them for float32 data and
 * run their own TypeScript loops otherwise. Each call copies its operands
 * into the module's memory chunk by chunk (whole rows, about 32 KiB per
 * operand, so that a chunk stays in cache between the copy in, the SIMD loop
 * and the copy out) and copies the results back, with `copyRange()` of
 * `wasm.ts`. The row-wise kernels write their chunk loop out,
 * as `elementwise_wasm.ts` does: a training step calls them many times, and
 * operand lists and a closure for `inChunks()` were garbage each call; the
 * layer norm kernels, with five operands, go through `inChunks()`.
 *
 * Every function returns false, without touching anything, where the module
 * is unavailable or turned off; the caller then runs its own loop.
 *
 * @module
 */
import { copyRange, inChunks, reserve, WASM, type Wasm } from "./wasm.ts";

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

/** Rows of `rowLength` elements per chunk: as many as fit in one, at least one. */
function rowsPerChunk(rowLength: number): number {
  return Math.max(1, Math.floor(CHUNK / Math.max(rowLength, 1)));
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
  const xAt = w.heapBase / 4; // element indices of the three regions
  const yAt = xAt + room(CHUNK);
  const dAt = yAt + room(CHUNK);
  const { f32 } = reserve(w, (dAt + room(CHUNK)) * 4);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    copyRange(X, o + i, f32, xAt, len);
    w.kernels.gelu_f32(xAt * 4, yAt * 4, derivative ? dAt * 4 : 0, len);
    copyRange(f32, yAt, out, i, len);
    if (derivative) copyRange(f32, dAt, derivative, i, len);
  }
  return true;
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
  const xAt = w.heapBase / 4; // element indices of the two regions
  const yAt = xAt + room(per * S);
  const { f32 } = reserve(w, (yAt + room(per * S)) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    copyRange(X, o + r * S, f32, xAt, count * S);
    w.kernels.attention_softmax_f32(xAt * 4, yAt * 4, r, count, L, S, scale, causal ? 1 : 0);
    copyRange(f32, yAt, out, r * S, count * S);
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
  const gAt = w.heapBase / 4; // element indices of the three regions
  const yAt = gAt + room(per * S);
  const dxAt = yAt + room(per * S);
  const { f32 } = reserve(w, (dxAt + room(per * S)) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    copyRange(G, go + r * S, f32, gAt, count * S);
    copyRange(Y, r * S, f32, yAt, count * S);
    w.kernels.attention_softmax_backward_f32(gAt * 4, yAt * 4, dxAt * 4, count, S, scale);
    copyRange(f32, dxAt, out, r * S, count * S);
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
  const xAt = w.heapBase / 4; // element indices of the three regions
  const yAt = xAt + room(per * n);
  const pAt = yAt + room(per * n);
  const { f32 } = reserve(w, (pAt + room(per * n)) * 4);
  for (let r = 0; r < rows; r += per) {
    const count = Math.min(per, rows - r);
    copyRange(X, o + r * n, f32, xAt, count * n);
    w.kernels.log_softmax_f32(xAt * 4, yAt * 4, softmax ? pAt * 4 : 0, count, n);
    copyRange(f32, yAt, out, r * n, count * n);
    if (softmax) copyRange(f32, pAt, softmax, r * n, count * n);
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
 * The module, the layout and the views of a layer norm call, with `W` (if
 * any) copied in and its address (0 without); null where the kernels cannot
 * run (the module off, or `k` not a multiple of 4).
 */
function layerNormMemory(k: number, W: Float32Array | null) {
  const w = enabled ? WASM : null;
  if (w === null || k % 4 !== 0) return null;
  const per = rowsPerChunk(k);
  const m = layerNormLayout(w.heapBase, per, k);
  const views = reserve(w, m.end);
  if (W) views.f32.set(W, m.params / 4);
  return { w, per, m, views, wAt: W ? m.params : 0 };
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
  const memory = layerNormMemory(k, W);
  if (memory === null) return false;
  const { w, per, m, views, wAt } = memory;
  if (B) views.f32.set(B, (m.params + m.vector) / 4);
  const meanAt = m.stats;
  const varAt = meanAt + m.statBytes;
  const invstdAt = varAt + m.statBytes;
  inChunks(views, rows, per, [[X, o, k, m.a]], [
    [out, 0, k, m.b],
    [stats.mean, 0, 1, meanAt],
    [stats.variance, 0, 1, varAt],
    [stats.invstd, 0, 1, invstdAt],
  ], (_, count) => {
    const bAt = B ? m.params + m.vector : 0;
    w.kernels.layer_norm_f32(m.a, wAt, bAt, m.b, meanAt, varAt, invstdAt, count, k, eps);
  });
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
  const memory = layerNormMemory(k, W);
  if (memory === null) return false;
  const { w, per, m, views, wAt } = memory;
  const [dwAt, dbAt] = [m.grads, m.grads + k * 8];
  views.f64.set(dweight, dwAt / 8);
  views.f64.set(dbias, dbAt / 8);
  const [meanAt, invstdAt] = [m.stats, m.stats + m.statBytes];
  inChunks(
    views,
    rows,
    per,
    [
      [G, go, k, m.a],
      [X, xo, k, m.b],
      [stats.mean, 0, 1, meanAt],
      [stats.invstd, 0, 1, invstdAt],
    ],
    [[dx, 0, k, m.c]],
    (_, count) => {
      const [sw, sb] = [m.scratch, m.scratch + m.vector];
      w.kernels.layer_norm_backward_f32(
        m.a,
        m.b,
        meanAt,
        invstdAt,
        wAt,
        m.c,
        dwAt,
        dbAt,
        count,
        k,
        sw,
        sb,
      );
    },
  );
  dweight.set(views.f64.subarray(dwAt / 8, dwAt / 8 + k));
  dbias.set(views.f64.subarray(dbAt / 8, dbAt / 8 + k));
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

/** What a fused attention kernel reads and writes, in the order of its memory regions. */
interface Fused {
  /** Operands read, with each entry's rows and columns: only their range is copied in. */
  inputs: readonly (readonly [AttentionOperand, number, number])[];
  /** Plain arrays read, copied in whole. */
  arrays: readonly Float32Array[];
  /** Operands written: their arrays, whose entries tile them, are copied out whole. */
  outputs: readonly AttentionOperand[];
  /** Plain arrays written, copied out whole. */
  results: readonly Float32Array[];
  /** Sizes of the kernel's scratch regions, in elements. */
  scratch: readonly number[];
}

/**
 * Runs a fused attention kernel of `entries` entries: lays out one region per
 * array of `f` (in its order), then the table of each entry's offsets (one
 * int32 per operand, inputs then outputs), copies the inputs in, calls
 * `kernel` with the byte address of every region (the table's last), and
 * copies the outputs back. Returns false, doing nothing, where the module is
 * off, there are no entries, or the regions would take more than 64 MiB.
 */
function fused(
  entries: number,
  f: Fused,
  kernel: (w: Wasm, at: readonly number[]) => void,
): boolean {
  const w = enabled ? WASM : null;
  if (w === null || entries === 0) return false;
  const ranges = f.inputs.map(([x, rows, cols]) => range(x, rows, cols));
  const tableWidth = f.inputs.length + f.outputs.length;
  const sizes = [
    ...ranges.map(([, size]) => size),
    ...f.arrays.map((a) => a.length),
    ...f.outputs.map((x) => x.data.length),
    ...f.results.map((a) => a.length),
    ...f.scratch,
    tableWidth * entries,
  ];
  if (sizes.reduce((a, b) => a + b, 0) > ATTENTION_MAX_ELEMENTS) return false;
  const r = new Regions(w.heapBase / 4);
  const at = sizes.map((n) => r.take(n));
  const { f32 } = reserve(w, r.end * 4);
  const table = new Int32Array(f32.buffer, at[at.length - 1] * 4, tableWidth * entries);
  f.inputs.forEach(([x], i) => {
    const [lo, size] = ranges[i];
    f32.set(x.data.subarray(lo, lo + size), at[i]);
    for (let t = 0; t < entries; t++) table[tableWidth * t + i] = x.offsets[t] - lo;
  });
  let i = f.inputs.length;
  for (const a of f.arrays) f32.set(a, at[i++]);
  f.outputs.forEach((x, j) => {
    for (let t = 0; t < entries; t++) table[tableWidth * t + f.inputs.length + j] = x.offsets[t];
  });
  kernel(w, at.map((e) => e * 4));
  for (const x of f.outputs) x.data.set(f32.subarray(at[i], at[i++] + x.data.length));
  for (const a of f.results) a.set(f32.subarray(at[i], at[i++] + a.length));
  return true;
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
  const { L, S, E, Ev } = sizes;
  const pack = packRoom(Math.max(L, S, E, Ev));
  const entries = q.offsets.length;
  return fused(entries, {
    inputs: [[q, L, E], [k, S, E], [v, S, Ev]],
    arrays: [],
    outputs: [y],
    results: [p],
    scratch: [pack, pack],
  }, (w, [qAt, kAt, vAt, yAt, pAt, paAt, pbAt, offAt]) => {
    w.kernels.attention_f32(
      qAt,
      kAt,
      vAt,
      yAt,
      pAt,
      offAt,
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
      paAt,
      pbAt,
    );
  });
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
  const { L, S, E, Ev } = sizes;
  const pack = packRoom(Math.max(L, S, E, Ev));
  const entries = q.offsets.length;
  return fused(entries, {
    inputs: [[q, L, E], [k, S, E], [v, S, Ev], [g, L, Ev]],
    arrays: [p],
    outputs: [dq, dk, dv],
    results: [],
    scratch: [pack, pack, L * S],
  }, (w, [qAt, kAt, vAt, gAt, pAt, dqAt, dkAt, dvAt, paAt, pbAt, dsAt, offAt]) => {
    w.kernels.attention_backward_f32(
      qAt,
      kAt,
      vAt,
      pAt,
      gAt,
      dqAt,
      dkAt,
      dvAt,
      offAt,
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
      paAt,
      pbAt,
      dsAt,
    );
  });
}
