/**
 * Normalization kernels: mean and variance, normalization with an optional
 * affine transform, and its backward, in a few passes over contiguous data.
 * Two layouts: per channel of `[n, c, s]` (batch norm: each channel's
 * statistics gather `n · s` strided values) and per row of `[rows, k]`
 * (layer norm: contiguous rows; group norm as rows of `[N · G, C/G · S]`).
 * Statistics are accumulated in float64 whatever the data's dtype.
 *
 * Like every kernel, these take validated arguments and know nothing of
 * tensors or gradients.
 */
import { allocate, type TypedArray } from "../dtype.ts";
import * as simd from "./transformer_wasm.ts";

/** Float32 rows totalling at least this many elements run on WebAssembly SIMD (`transformer_wasm.ts`). */
const WASM_MIN_ELEMENTS = 64;

/** Whether float32 rows of `rows · k` elements go to the WebAssembly kernels. */
function useWasm(
  arrays: readonly (TypedArray | null)[],
  rows: number,
  k: number,
): arrays is (Float32Array | null)[] {
  return rows * k >= WASM_MIN_ELEMENTS &&
    arrays.every((a) => a === null || a instanceof Float32Array);
}

/** Per-item statistics: the mean and `1 / sqrt(var + eps)` (float64). */
export interface Moments {
  /** The mean of each channel or row. */
  readonly mean: Float64Array;
  /** The biased variance of each channel or row. */
  readonly variance: Float64Array;
  /** `1 / sqrt(variance + eps)`. */
  readonly invstd: Float64Array;
}

/** Gradients of a normalization: of the input, and (summed) of weight and bias. */
export interface NormalizeGrads {
  /** The gradient of the input, in the input's layout and dtype. */
  readonly dx: TypedArray;
  /** The gradient of the weight (float64; zeros when there is no weight). */
  readonly dweight: Float64Array;
  /** The gradient of the bias (float64). */
  readonly dbias: Float64Array;
}

function moments(mean: Float64Array, variance: Float64Array, eps: number): Moments {
  const invstd = allocate("float64", mean.length) as Float64Array;
  for (let i = 0; i < mean.length; i++) invstd[i] = 1 / Math.sqrt(variance[i] + eps);
  return { mean, variance, invstd };
}

// ---------------------------------------------------------------- per channel of [n, c, s]

/**
 * Mean and biased variance of each channel of `X[o ..]` seen as `[n, c, s]`,
 * by two passes (the mean, then squared deviations from it).
 */
export function channelMoments(
  X: TypedArray,
  o: number,
  n: number,
  c: number,
  s: number,
  eps: number,
): Moments {
  const mean = allocate("float64", c) as Float64Array;
  const variance = allocate("float64", c) as Float64Array;
  const count = n * s;
  for (let i = 0, p = o; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let j = 0; j < s; j++, p++) acc += X[p];
      mean[ch] += acc;
    }
  }
  for (let ch = 0; ch < c; ch++) mean[ch] /= count;
  for (let i = 0, p = o; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mean[ch];
      let acc = 0;
      for (let j = 0; j < s; j++, p++) {
        const d = X[p] - m;
        acc += d * d;
      }
      variance[ch] += acc;
    }
  }
  for (let ch = 0; ch < c; ch++) variance[ch] /= count;
  return moments(mean, variance, eps);
}

/**
 * `(x - mean) · invstd · weight + bias` per channel of `[n, c, s]`, computed
 * as PyTorch does: `x · a + b` with `a = invstd · weight`, `b = bias - mean · a`.
 */
export function channelNormalize(
  X: TypedArray,
  o: number,
  n: number,
  c: number,
  s: number,
  stats: Moments,
  W: TypedArray | null,
  B: TypedArray | null,
  out: TypedArray,
): void {
  for (let i = 0, p = o, k = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const a = W === null ? stats.invstd[ch] : stats.invstd[ch] * W[ch];
      const b = (B === null ? 0 : B[ch]) - stats.mean[ch] * a;
      for (let j = 0; j < s; j++, p++, k++) out[k] = X[p] * a + b;
    }
  }
}

/**
 * The backward of {@linkcode channelNormalize} with batch statistics:
 * `dbias = Σ g`, `dweight = Σ g · x̂`, and
 * `dx = (g - Σ g / m - (x - mean) · invstd² · Σ g (x - mean) / m) · invstd · weight`
 * (sums over each channel's `m = n · s` values), in two passes.
 */
export function channelNormalizeBackward(
  G: TypedArray,
  go: number,
  X: TypedArray,
  xo: number,
  n: number,
  c: number,
  s: number,
  stats: Moments,
  W: TypedArray | null,
  dx: TypedArray,
): NormalizeGrads {
  const dbias = allocate("float64", c) as Float64Array;
  const dot = allocate("float64", c) as Float64Array;
  for (let i = 0, p = xo, q = go; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const m = stats.mean[ch];
      let sg = 0;
      let sgx = 0;
      for (let j = 0; j < s; j++, p++, q++) {
        sg += G[q];
        sgx += G[q] * (X[p] - m);
      }
      dbias[ch] += sg;
      dot[ch] += sgx;
    }
  }
  const count = n * s;
  const dweight = allocate("float64", c) as Float64Array;
  for (let ch = 0; ch < c; ch++) dweight[ch] = dot[ch] * stats.invstd[ch];
  for (let i = 0, p = xo, q = go, k = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const is = stats.invstd[ch];
      const m = stats.mean[ch];
      const proj = dot[ch] * is * is / count;
      const gMean = dbias[ch] / count;
      const scale = W === null ? is : is * W[ch];
      for (let j = 0; j < s; j++, p++, q++, k++) {
        dx[k] = (G[q] - gMean - (X[p] - m) * proj) * scale;
      }
    }
  }
  return { dx, dweight, dbias };
}

// ---------------------------------------------------------------- per row of [rows, k]

/**
 * Normalizes each row of `X[o ..]` seen as `[rows, k]` by its own mean and
 * biased variance (two passes over the row, which stays in cache), then
 * applies `· weight[j] + bias[j]` (each of length `k`, optional).
 * @returns The rows' statistics, for the backward.
 */
export function rowNormalize(
  X: TypedArray,
  o: number,
  rows: number,
  k: number,
  eps: number,
  W: TypedArray | null,
  B: TypedArray | null,
  out: TypedArray,
): Moments {
  const mean = allocate("float64", rows) as Float64Array;
  const variance = allocate("float64", rows) as Float64Array;
  if (useWasm([X, W, B, out], rows, k)) {
    const stats = { mean, variance, invstd: allocate("float64", rows) as Float64Array };
    const [x32, w32, b32, o32] = [X, W, B, out] as (Float32Array | null)[];
    if (simd.layerNormF32(x32!, o, rows, k, eps, w32, b32, o32!, stats)) return stats;
  }
  const stats = moments(mean, variance, eps);
  for (let r = 0; r < rows; r++) {
    const start = o + r * k;
    let acc = 0;
    for (let j = 0; j < k; j++) acc += X[start + j];
    const m = acc / k;
    acc = 0;
    for (let j = 0; j < k; j++) {
      const d = X[start + j] - m;
      acc += d * d;
    }
    const v = acc / k;
    const is = 1 / Math.sqrt(v + eps);
    mean[r] = m;
    variance[r] = v;
    stats.invstd[r] = is;
    const base = r * k;
    if (W === null && B === null) {
      for (let j = 0; j < k; j++) out[base + j] = (X[start + j] - m) * is;
    } else if (B === null) {
      for (let j = 0; j < k; j++) out[base + j] = (X[start + j] - m) * is * W![j];
    } else if (W === null) {
      for (let j = 0; j < k; j++) out[base + j] = (X[start + j] - m) * is + B[j];
    } else {
      for (let j = 0; j < k; j++) out[base + j] = (X[start + j] - m) * is * W[j] + B[j];
    }
  }
  return stats;
}

/**
 * The backward of {@linkcode rowNormalize}: with `x̂ = (x - mean) · invstd`
 * and `d = g · weight`, `dx = invstd · (d - mean(d) - x̂ · mean(d · x̂))` per
 * row; `dweight[j] = Σ_rows g · x̂`, `dbias[j] = Σ_rows g`.
 */
export function rowNormalizeBackward(
  G: TypedArray,
  go: number,
  X: TypedArray,
  xo: number,
  rows: number,
  k: number,
  stats: Moments,
  W: TypedArray | null,
  dx: TypedArray,
): NormalizeGrads {
  const dweight = allocate("float64", k) as Float64Array;
  const dbias = allocate("float64", k) as Float64Array;
  if (useWasm([G, X, W, dx], rows, k)) {
    const [g32, x32, w32, d32] = [G, X, W, dx] as (Float32Array | null)[];
    if (simd.layerNormBackwardF32(g32!, go, x32!, xo, rows, k, stats, w32, d32!, dweight, dbias)) {
      return { dx, dweight, dbias };
    }
  }
  for (let r = 0; r < rows; r++) {
    const xs = xo + r * k;
    const gs = go + r * k;
    const m = stats.mean[r];
    const is = stats.invstd[r];
    let sd = 0;
    let sdx = 0;
    for (let j = 0; j < k; j++) {
      const g = G[gs + j];
      const xhat = (X[xs + j] - m) * is;
      const d = W === null ? g : g * W[j];
      sd += d;
      sdx += d * xhat;
      dweight[j] += g * xhat;
      dbias[j] += g;
    }
    const dMean = sd / k;
    const proj = sdx / k;
    const base = r * k;
    if (W === null) {
      for (let j = 0; j < k; j++) {
        dx[base + j] = (G[gs + j] - dMean - (X[xs + j] - m) * is * proj) * is;
      }
    } else {
      for (let j = 0; j < k; j++) {
        dx[base + j] = (G[gs + j] * W[j] - dMean - (X[xs + j] - m) * is * proj) * is;
      }
    }
  }
  return { dx, dweight, dbias };
}
