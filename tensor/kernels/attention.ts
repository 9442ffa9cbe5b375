/**
 * The softmax of attention scores, fused: `softmax(scale · x)` over the last
 * dimension of `[rows, S]` scores, optionally causal (row `r` is query
 * `i = r mod L`, which sees keys `j <= i`; the others get weight 0), and its
 * backward. One pass each way where the composition (scale, mask, max,
 * exp, sum, divide) takes six. Contiguous data only; like every kernel,
 * these take validated arguments and know nothing of tensors or gradients.
 */
import { allocate, type DType, empty, type TypedArray } from "../dtype.ts";
import * as simd from "./transformer_wasm.ts";

/** Float32 scores of at least this many elements run on WebAssembly SIMD (`transformer_wasm.ts`). */
const WASM_MIN_ELEMENTS = 64;

/**
 * `softmax(scale · x)` of each row of `[rows, S]`, the maximum subtracted
 * first and the sum kept in float64; with `causal`, row `r` keeps its first
 * `(r mod L) + 1` entries only (the others are 0).
 * @param x The scores' data.
 * @param offset Where the scores start in `x`.
 * @param rows The number of rows (all leading dimensions and L).
 * @param L The number of queries (rows per attention matrix).
 * @param S The number of keys (the row length).
 * @param scale The factor applied to the scores.
 * @param causal Whether to mask the keys after each query.
 * @param dtype The output's dtype.
 * @returns A new contiguous array of `rows · S` weights.
 */
export function attentionSoftmax(
  x: TypedArray,
  offset: number,
  rows: number,
  L: number,
  S: number,
  scale: number,
  causal: boolean,
  dtype: DType,
): TypedArray {
  if (dtype === "float32" && x instanceof Float32Array && rows * S >= WASM_MIN_ELEMENTS) {
    const out = empty(dtype, rows * S) as Float32Array;
    if (simd.attentionSoftmaxF32(x, offset, out, rows, L, S, scale, causal)) return out;
  }
  const out = allocate(dtype, rows * S);
  for (let r = 0; r < rows; r++) {
    const base = r * S;
    const o = offset + base;
    const n = causal ? Math.min(S, (r % L) + 1) : S;
    let m = -Infinity;
    for (let j = 0; j < n; j++) {
      const v = scale * x[o + j];
      if (v > m || v !== v) m = v;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(scale * x[o + j] - m);
      out[base + j] = e;
      sum += e;
    }
    // NOTE: the exps are rounded to dtype when stored; dividing the stored
    // values keeps the row summing to 1 in that dtype, as PyTorch's kernel.
    const inv = 1 / sum;
    for (let j = 0; j < n; j++) out[base + j] *= inv;
  }
  return out;
}

/**
 * The gradient of {@linkcode attentionSoftmax}:
 * `scale · y ⊙ (g - Σⱼ gⱼ yⱼ)` per row (masked entries, where y is 0, get 0).
 * @param g The incoming gradient's data, contiguous from `go`.
 * @param go Where `g` starts.
 * @param y The weights (the forward's output), contiguous from 0.
 * @param rows The number of rows.
 * @param S The row length.
 * @param scale The forward's factor.
 * @param dtype The output's dtype.
 * @returns A new contiguous array of `rows · S` values.
 */
export function attentionSoftmaxBackward(
  g: TypedArray,
  go: number,
  y: TypedArray,
  rows: number,
  S: number,
  scale: number,
  dtype: DType,
): TypedArray {
  if (
    dtype === "float32" && g instanceof Float32Array && y instanceof Float32Array &&
    rows * S >= WASM_MIN_ELEMENTS
  ) {
    const out = empty(dtype, rows * S) as Float32Array;
    if (simd.attentionSoftmaxBackwardF32(g, go, y, out, rows, S, scale)) return out;
  }
  const out = allocate(dtype, rows * S);
  for (let r = 0; r < rows; r++) {
    const base = r * S;
    let dot = 0;
    for (let j = 0; j < S; j++) dot += g[go + base + j] * y[base + j];
    for (let j = 0; j < S; j++) out[base + j] = scale * y[base + j] * (g[go + base + j] - dot);
  }
  return out;
}
