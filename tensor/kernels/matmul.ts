/**
 * Batched matrix-multiply kernel over typed arrays: no Tensor, no autograd.
 *
 * Design (GotoBLAS-style, measured with `deno bench bench/matmul_bench.ts`):
 * both operands are packed, block by block, into float64 scratch panels (A as
 * 4-row panels, B as 2-column panels, each interleaved along k), then a 4x2
 * register-tiled micro-kernel keeps its 8 accumulators in locals for a whole
 * k block and writes each output once.
 *
 * - Packing costs O(m·k + k·n) against O(m·k·n) multiply-adds, and makes the
 *   kernel indifferent to strides: transposed views (the backward pass's
 *   `dC @ Bᵀ` and `Aᵀ @ dC`) run as fast as contiguous ones.
 * - The hot loop only ever reads `Float64Array`s, so it stays monomorphic
 *   whatever the input dtype: calling it with float32 then float64 inputs
 *   measured no slowdown, whereas an i-k-j loop reading the inputs directly
 *   lost 10-20%. No per-dtype copies of the code are needed.
 * - Scalar JavaScript has no SIMD or fused multiply-add, so a multiply-add
 *   costs two floating-point instructions and the kernel is compute-bound,
 *   whatever the shape. Of the variants tried with `bench/matmul_bench.ts`
 *   (naive i-j-k; i-k-j over a float64 row; i-k-j with B packed and 4 rows
 *   unrolled; packed register tiles 4x4, 4x3, 3x3, 2x4 and 4x2), the register
 *   tiles were fastest and close to one another; 4x2 is chosen because it
 *   pads least for narrow outputs (n = 10), and unrolling k by 2 was slower.
 * - Blocking (k in blocks of at most 1024, packed A blocks of at most 512 KiB,
 *   packed B blocks of at most 1 MiB) keeps the B panel in L1 and the A block
 *   in L2, and bounds the scratch; block sizes of half or double measured the
 *   same or slower. Packing along each source's smaller stride helps the
 *   narrow (n = 10) case.
 *
 * @module
 */

/**
 * One operand of {@linkcode matmul}: a strided 3-D view `[batch, rows, cols]`
 * of a typed array, element `[t, i, j]` being
 * `data[offset + t * strides[0] + i * strides[1] + j * strides[2]]`.
 *
 * @example A transposed, batch-broadcast view
 * ```ts
 * import assert from "node:assert/strict";
 * import type { MatmulOperand } from "./matmul.ts";
 * const w = new Float64Array([1, 2, 3, 4, 5, 6]); // [2, 3], row-major
 * // wᵀ as a [batch, 3, 2] view shared by every batch entry.
 * const wT: MatmulOperand = { data: w, offset: 0, strides: [0, 1, 3] };
 * const at = (t: number, i: number, j: number) =>
 *   wT.data[wT.offset + t * wT.strides[0] + i * wT.strides[1] + j * wT.strides[2]];
 * assert.equal(at(5, 2, 1), 6); // wᵀ[2, 1] = w[1, 2]
 * ```
 */
export interface MatmulOperand {
  /** Backing storage, read from `offset` on; never written. */
  readonly data: Float32Array | Float64Array;
  /** Index in `data` of element `[0, 0, 0]`. */
  readonly offset: number;
  /**
   * Element strides of the batch, row and column dimensions. Any integer works,
   * including 0 (a broadcast dimension) and transposed layouts (row stride 1).
   */
  readonly strides: readonly [number, number, number];
}

/**
 * A row added to every row of a product (a layer's bias, see
 * {@linkcode Epilogue}): `out[t, i, j] += data[offset + j * stride]`.
 *
 * @example A bias row of three elements
 * ```ts
 * import type { BiasRow } from "./matmul.ts";
 * const bias: BiasRow = { data: new Float32Array([1, 2, 3]), offset: 0, stride: 1 };
 * ```
 */
export interface BiasRow {
  /** Backing storage, never written. */
  readonly data: Float32Array | Float64Array;
  /** Index in `data` of the element added to column 0. */
  readonly offset: number;
  /** Element stride between consecutive columns. */
  readonly stride: number;
}

/**
 * What a kernel applies to a product before handing it over (a layer's bias
 * and activation): `out = relu(A @ B + bias)`, each step rounded in the
 * output's dtype as a separate op would round it, so that the result equals
 * the product followed by an add and a relu.
 *
 * @example A bias row, then relu
 * ```ts
 * import type { Epilogue } from "./matmul.ts";
 * const epilogue: Epilogue = {
 *   bias: { data: new Float32Array([1, 2, 3]), offset: 0, stride: 1 },
 *   relu: true,
 * };
 * ```
 */
export interface Epilogue {
  /** A row added to every output row. */
  readonly bias?: BiasRow;
  /** Then `max(0, x)` (NaN stays NaN, -0 becomes +0, as the relu kernels). */
  readonly relu?: boolean;
}

/**
 * Applies an epilogue to the `rows` contiguous rows of `n` elements of `out`
 * from index `start`: the plain loops every kernel may fall back on.
 * @param out The product, `rows * n` elements from `start`.
 * @param start Index of the first element.
 * @param rows Number of rows.
 * @param n Elements per row.
 * @param epilogue The bias and activation.
 * @example Adding `[1, -20]` to two rows, then relu
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyEpilogue } from "./matmul.ts";
 * const out = new Float64Array([0, 0, 10, 10]);
 * const bias = { data: new Float64Array([1, -20]), offset: 0, stride: 1 };
 * applyEpilogue(out, 0, 2, 2, { bias, relu: true });
 * assert.deepEqual([...out], [1, 0, 11, 0]);
 * ```
 */
export function applyEpilogue(
  out: Float32Array | Float64Array,
  start: number,
  rows: number,
  n: number,
  epilogue: Epilogue,
): void {
  const { bias, relu } = epilogue;
  if (bias !== undefined) {
    const { data, offset, stride } = bias;
    for (let i = 0, o = start; i < rows; i++) {
      for (let j = 0, q = offset; j < n; j++, o++, q += stride) out[o] += data[q];
    }
  }
  if (relu) {
    for (let o = start, end = start + rows * n; o < end; o++) out[o] = out[o] <= 0 ? 0 : out[o];
  }
}

/** Rows of A per register tile. */
const MR = 4;
/** Columns of B per register tile. */
const NR = 2;
/** Largest k block: a 2 x 1024 float64 B panel is 16 KiB, well inside L1. */
const KC = 1024;
/** Largest packed A block, in elements (512 KiB of float64, inside L2). */
const A_BLOCK = 65536;
/** Largest packed B block, in elements (1 MiB of float64). */
const B_BLOCK = 131072;

// Scratch panels, grown on demand and reused across calls (never shrunk; at
// most A_BLOCK + B_BLOCK elements plus one panel of padding each).
let packedA = new Float64Array(0);
let packedB = new Float64Array(0);

/**
 * Batched matrix product `out[t] = A[t] @ B[t]` for `t` in `[0, batch)`.
 *
 * `A` is a `[batch, m, k]` view and `B` a `[batch, k, n]` view, each with any
 * strides and offset (stride 0 broadcasts a batch; a transposed view has row
 * stride 1). `out` receives the result as a contiguous `[batch, m, n]` array
 * starting at index 0. Products accumulate in float64 and are rounded once
 * when stored into a `Float32Array` (once per block of 1024 when
 * `k` is larger). Shapes are not validated: callers check them.
 *
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
 * @param epilogue A bias row and relu applied to the output after the
 * product (the other kernels take the same, fused where they can).
 *
 * @example Multiply by a transposed view
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmul } from "./matmul.ts";
 * const a = new Float32Array([1, 2, 3, 4, 5, 6]); // [2, 3], row-major
 * const out = new Float32Array(4);
 * // a @ aᵀ: aᵀ is the same storage read with row stride 1, column stride 3.
 * matmul(
 *   { data: a, offset: 0, strides: [0, 3, 1] },
 *   { data: a, offset: 0, strides: [0, 1, 3] },
 *   out,
 *   1, 2, 3, 2,
 * );
 * assert.deepEqual([...out], [14, 32, 32, 77]);
 * ```
 */
export function matmul(
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
  epilogue?: Epilogue,
): void {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  if (k <= 0) out.fill(0, 0, batch * m * n);
  else blocked(a, b, out, batch, m, k, n);
  if (epilogue !== undefined) applyEpilogue(out, 0, batch * m, n, epilogue);
}

/** {@linkcode matmul} for non-empty products: packing, blocking and the register tiles. */
function blocked(
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
): void {
  // Split each dimension into near-equal blocks no larger than the caps.
  const kBlocks = Math.ceil(k / KC);
  const kc = Math.ceil(k / kBlocks);
  const mcMax = Math.max(MR, Math.floor(A_BLOCK / kc / MR) * MR);
  const mBlocks = Math.ceil(m / mcMax);
  const mc = Math.ceil(Math.ceil(m / mBlocks) / MR) * MR;
  const ncMax = Math.max(NR, Math.floor(B_BLOCK / kc / NR) * NR);
  const nBlocks = Math.ceil(n / ncMax);
  const nc = Math.ceil(Math.ceil(n / nBlocks) / NR) * NR;
  if (packedA.length < mc * kc) packedA = new Float64Array(mc * kc);
  if (packedB.length < nc * kc) packedB = new Float64Array(nc * kc);
  const [aBatch, aRow, aCol] = a.strides;
  const [bBatch, bRow, bCol] = b.strides;
  // A broadcast operand held in a single block is packed only once.
  const reuseA = aBatch === 0 && mBlocks === 1 && kBlocks === 1;
  const reuseB = bBatch === 0 && nBlocks === 1 && kBlocks === 1;
  for (let t = 0; t < batch; t++) {
    const aStart = a.offset + t * aBatch;
    const bStart = b.offset + t * bBatch;
    const outStart = t * m * n;
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = Math.min(nc, n - j0);
      for (let p0 = 0; p0 < k; p0 += kc) {
        const depth = Math.min(kc, k - p0);
        if (!reuseB || t === 0) {
          packB(b.data, bStart + p0 * bRow + j0 * bCol, bRow, bCol, depth, cols, packedB);
        }
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          if (!reuseA || t === 0) {
            packA(a.data, aStart + i0 * aRow + p0 * aCol, aRow, aCol, rows, depth, packedA);
          }
          macroKernel(packedA, packedB, out, outStart + i0 * n + j0, n, rows, depth, cols, p0 > 0);
        }
      }
    }
  }
}

/**
 * Packs a `rows x depth` block of A into MR-row panels:
 * `dst[(panel * depth + p) * MR + r] = A[panel * MR + r, p]`, zero-padding the last panel.
 */
function packA(
  src: Float32Array | Float64Array,
  start: number,
  rowStride: number,
  colStride: number,
  rows: number,
  depth: number,
  dst: Float64Array,
): void {
  for (let i0 = 0; i0 < rows; i0 += MR) {
    const h = Math.min(MR, rows - i0);
    const base = i0 * depth;
    // Walk the source along its smaller stride so reads stay sequential.
    if (Math.abs(colStride) <= Math.abs(rowStride)) {
      for (let r = 0; r < h; r++) {
        let s = start + (i0 + r) * rowStride;
        for (let p = 0, d = base + r; p < depth; p++, d += MR, s += colStride) dst[d] = src[s];
      }
    } else {
      for (let p = 0; p < depth; p++) {
        const s = start + i0 * rowStride + p * colStride;
        const d = base + p * MR;
        for (let r = 0; r < h; r++) dst[d + r] = src[s + r * rowStride];
      }
    }
    if (h < MR) {
      for (let p = 0; p < depth; p++) {
        for (let r = h; r < MR; r++) dst[base + p * MR + r] = 0;
      }
    }
  }
}

/**
 * Packs a `depth x cols` block of B into NR-column panels:
 * `dst[(panel * depth + p) * NR + c] = B[p, panel * NR + c]`, zero-padding the last panel.
 */
function packB(
  src: Float32Array | Float64Array,
  start: number,
  rowStride: number,
  colStride: number,
  depth: number,
  cols: number,
  dst: Float64Array,
): void {
  for (let j0 = 0; j0 < cols; j0 += NR) {
    const w = Math.min(NR, cols - j0);
    const base = j0 * depth;
    if (w === NR) {
      // Both columns of a panel in one pass: reads advance along the row stride.
      let s = start + j0 * colStride;
      for (let p = 0, d = base; p < depth; p++, d += NR, s += rowStride) {
        dst[d] = src[s];
        dst[d + 1] = src[s + colStride];
      }
    } else {
      let s = start + j0 * colStride;
      for (let p = 0, d = base; p < depth; p++, d += NR, s += rowStride) {
        dst[d] = src[s];
        dst[d + 1] = 0;
      }
    }
  }
}

/**
 * Multiplies a packed `rows x depth` A block by a packed `depth x cols` B block
 * into `out` (row stride `ldo`), overwriting or, when `accumulate`, adding.
 */
function macroKernel(
  pa: Float64Array,
  pb: Float64Array,
  out: Float32Array | Float64Array,
  outStart: number,
  ldo: number,
  rows: number,
  depth: number,
  cols: number,
  accumulate: boolean,
): void {
  for (let j0 = 0; j0 < cols; j0 += NR) {
    const bBase = j0 * depth;
    const w = cols - j0;
    for (let i0 = 0; i0 < rows; i0 += MR) {
      let ai = i0 * depth;
      let bi = bBase;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      for (let p = 0; p < depth; p++) {
        const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
        const b0 = pb[bi], b1 = pb[bi + 1];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c30 += a3 * b0;
        c31 += a3 * b1;
        ai += MR;
        bi += NR;
      }
      const o = outStart + i0 * ldo + j0;
      const h = rows - i0;
      if (h >= MR && w >= NR) {
        if (accumulate) {
          out[o] += c00;
          out[o + 1] += c01;
          out[o + ldo] += c10;
          out[o + ldo + 1] += c11;
          out[o + 2 * ldo] += c20;
          out[o + 2 * ldo + 1] += c21;
          out[o + 3 * ldo] += c30;
          out[o + 3 * ldo + 1] += c31;
        } else {
          out[o] = c00;
          out[o + 1] = c01;
          out[o + ldo] = c10;
          out[o + ldo + 1] = c11;
          out[o + 2 * ldo] = c20;
          out[o + 2 * ldo + 1] = c21;
          out[o + 3 * ldo] = c30;
          out[o + 3 * ldo + 1] = c31;
        }
      } else {
        storeEdge(out, o, ldo, h, w, accumulate, c00, c01, c10, c11, c20, c21, c30, c31);
      }
    }
  }
}

/** Stores the valid `h x w` corner of a 4x2 tile at the bottom or right edge. */
function storeEdge(
  out: Float32Array | Float64Array,
  o: number,
  ldo: number,
  h: number,
  w: number,
  accumulate: boolean,
  c00: number,
  c01: number,
  c10: number,
  c11: number,
  c20: number,
  c21: number,
  c30: number,
  c31: number,
): void {
  for (let r = 0; r < h && r < MR; r++) {
    const v0 = r === 0 ? c00 : r === 1 ? c10 : r === 2 ? c20 : c30;
    const v1 = r === 0 ? c01 : r === 1 ? c11 : r === 2 ? c21 : c31;
    const d = o + r * ldo;
    out[d] = accumulate ? out[d] + v0 : v0;
    if (w >= NR) out[d + 1] = accumulate ? out[d + 1] + v1 : v1;
  }
}
