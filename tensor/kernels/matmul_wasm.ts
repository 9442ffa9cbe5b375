/**
 * Batched matrix-multiply kernel in WebAssembly SIMD (simd128), a drop-in for
 * {@linkcode matmulTs | matmul} of `./matmul.ts`: same arguments, same
 * strides (0, negative, transposed), dtypes and batch semantics.
 *
 * Design (same GotoBLAS blocking as the TypeScript kernel, measured with
 * `deno run bench/matmul_bench.ts`):
 * - Each operand of a batch entry is copied into the module's memory once, with
 *   one `TypedArray.set` of the range it spans (block by block, or gathered
 *   element by element, when that range is over 4 MiB or mostly gaps), then
 *   packed block by block into row panels of A and column panels of B,
 *   interleaved along k, so any strides cost only the O(m·k + k·n) packing
 *   (SIMD 4x4 transposes for row-contiguous A and for a transposed B).
 * - float32 operands (both): a 5x8 register tile of ten f32x4 accumulators,
 *   products summed in float32 (the TypeScript kernel sums in float64); of
 *   the five A values of a k step, four are one 16-byte load split by lane
 *   shuffles and the fifth a load-splat (see `wasm/matmul.c` for why 5 rows).
 *   Anything else runs on float64 panels: a 4x4 tile of eight f64x2
 *   accumulators, so float64 results match the TypeScript kernel to ~1e-15.
 * - The module of `wasm.ts` runs its relaxed-simd build where the engine has
 *   it: each multiply-add is then `relaxed_madd`, one fused instruction (one
 *   rounding) on hardware with FMA, a multiply and an add elsewhere, and the
 *   plain simd128 build (always a multiply and an add) otherwise. The order of
 *   operations is fixed, so results are deterministic for an engine and machine.
 *   The fused build measured 1.26x the plain one on 512² and 1024² products.
 * - Blocks: k in blocks of at most 512 (an 8 x 512 float32 or 4 x 512 float64
 *   B panel is 16 KiB, inside L1), packed A blocks of at most 256 KiB (L2),
 *   packed B blocks of at most 1 MiB. The output of one batch entry is
 *   accumulated in the module's memory (in the compute dtype) and copied out
 *   once, so a float32 output of float64 operands is rounded once.
 * - Where WebAssembly or simd128 is missing, {@linkcode WASM_MATMUL_AVAILABLE}
 *   is false and {@linkcode matmul} calls the TypeScript kernel.
 *
 * @module
 */

import {
  applyEpilogue,
  type BiasRow,
  type Epilogue,
  matmul as matmulTs,
  type MatmulOperand,
} from "./matmul.ts";
import { copyRange, type Kernels, reserve, WASM, type Wasm } from "./wasm.ts";
import { blocks, MR32, MR64 } from "./matmul_blocked.ts";

/** Largest operand copied into the memory whole (in elements: 4 MiB of float32). */
const WHOLE_MAX = 1 << 20;

/** Rounds an element count up to a multiple of 16 bytes' worth. */
function align(elements: number, size: number): number {
  const per = 16 / size;
  return Math.ceil(elements / per) * per;
}

/**
 * Batched matrix product `out[t] = A[t] @ B[t]` for `t` in `[0, batch)`, with
 * the arguments and semantics of the TypeScript kernel's `matmul` in
 * `./matmul.ts`: `A` is a `[batch, m, k]` view and `B` a `[batch, k, n]` view
 * with any strides and offset; `out` receives a contiguous `[batch, m, n]`
 * result from index 0. When both operands are float32 the products are summed
 * in float32 (SIMD, 4 lanes); otherwise in float64 (2 lanes), rounded once
 * into a float32 `out`. Shapes are not validated: callers check them.
 *
 * With an `epilogue`, the bias row is then added to each output row and relu
 * applied, each rounded as a separate op (the result equals the product
 * followed by an add and a relu); for float32 both run in the module's memory
 * before the result is copied out, which saves each its own pass.
 *
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
 * @param epilogue A bias row added to every output row, then relu, if any.
 *
 * @example Multiply by a transposed view
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmul } from "./matmul_wasm.ts";
 * const a = new Float32Array([1, 2, 3, 4, 5, 6]); // [2, 3], row-major
 * const out = new Float32Array(4);
 * matmul(
 *   { data: a, offset: 0, strides: [0, 3, 1] },
 *   { data: a, offset: 0, strides: [0, 1, 3] }, // aᵀ
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
  const w = WASM;
  if (w === null || k <= 0) {
    matmulTs(a, b, out, batch, m, k, n, epilogue);
    return;
  }
  if (batch <= 0 || m <= 0 || n <= 0) return;
  const single = a.data instanceof Float32Array && b.data instanceof Float32Array;
  // The epilogue runs in the memory when the whole computation is float32.
  const inMemory = epilogueInMemory(single, out, epilogue);
  const transposeOut = transposes(single, m, n);
  product(w, single, a, b, out, batch, m, k, n, transposeOut, inMemory ? epilogue : undefined);
  if (epilogue !== undefined && !inMemory) applyEpilogue(out, 0, batch * m, n, epilogue);
}

/** An empty bias (relu alone). */
const NO_BIAS: BiasRow = { data: new Float32Array(1), offset: 0, stride: 0 };

/**
 * Whether the kernel computes the transposed product `Cᵀ = Bᵀ Aᵀ` instead:
 * tiles pad m to a multiple of the tile height and n to one of its width, and
 * when the transposed product pads at least an eighth less (n = 10 against
 * m = 64), the transpose is computed and transposed on the way out (a strided
 * copy that a small saving does not pay for: 784 against 256 stays).
 * @param single Float32 (else float64).
 * @param m Rows of the output.
 * @param n Columns of the output.
 * @returns Whether to compute the transpose.
 * @example A layer's 10 outputs
 * ```ts
 * import assert from "node:assert/strict";
 * import { transposes } from "./matmul_wasm.ts";
 * assert.equal(transposes(true, 64, 10), true);
 * assert.equal(transposes(true, 256, 784), false);
 * ```
 */
export function transposes(single: boolean, m: number, n: number): boolean {
  const nr = single ? 8 : 4;
  const mr = single ? MR32 : MR64;
  return padded(n, m, mr, nr) * 8 <= padded(m, n, mr, nr) * 7;
}

/** The size of a `rows x cols` output padded to whole `mr x nr` tiles. */
function padded(rows: number, cols: number, mr: number, nr: number): number {
  return Math.ceil(rows / mr) * mr * Math.ceil(cols / nr) * nr;
}

/**
 * The operands of the transposed product: `[Bᵀ, Aᵀ]` as views.
 * @param a Left operand.
 * @param b Right operand.
 * @returns `Bᵀ` and `Aᵀ`, views of the same arrays.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { swapped } from "./matmul_wasm.ts";
 * const x = { data: new Float32Array(6), offset: 0, strides: [0, 3, 1] } as const;
 * assert.deepEqual(swapped(x, x)[0].strides, [0, 1, 3]);
 * ```
 */
export function swapped(a: MatmulOperand, b: MatmulOperand): [MatmulOperand, MatmulOperand] {
  const [aBatch, aRow, aCol] = a.strides;
  const [bBatch, bRow, bCol] = b.strides;
  return [
    { data: b.data, offset: b.offset, strides: [bBatch, bCol, bRow] },
    { data: a.data, offset: a.offset, strides: [aBatch, aCol, aRow] },
  ];
}

/**
 * Whether an epilogue runs in the module's memory (a float32 product, output
 * and bias), rather than by `applyEpilogue` after the copy out.
 * @param single The product is float32.
 * @param out The output.
 * @param epilogue The epilogue, if any.
 * @returns Whether the memory path applies.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { epilogueInMemory } from "./matmul_wasm.ts";
 * assert.equal(epilogueInMemory(true, new Float32Array(1), undefined), false);
 * assert.equal(epilogueInMemory(true, new Float32Array(1), { relu: true }), true);
 * ```
 */
export function epilogueInMemory(
  single: boolean,
  out: Float32Array | Float64Array,
  epilogue: Epilogue | undefined,
): boolean {
  if (epilogue === undefined || (epilogue.bias === undefined && !epilogue.relu)) return false;
  return single && out instanceof Float32Array &&
    (epilogue.bias === undefined || epilogue.bias.data instanceof Float32Array);
}

/**
 * Copies a bias row into the memory at element `at` of `view` (the layout
 * {@linkcode finishEntry} reads).
 * @param view The memory, in the compute dtype.
 * @param at Element index of the copy.
 * @param bias The row.
 * @param n Its length.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageBias } from "./matmul_wasm.ts";
 * const view = new Float32Array(4);
 * stageBias(view, 1, { data: new Float32Array([0, 5, 0, 6]), offset: 1, stride: 2 }, 2);
 * assert.deepEqual([...view], [0, 5, 6, 0]);
 * ```
 */
export function stageBias(
  view: Float32Array | Float64Array,
  at: number,
  bias: BiasRow,
  n: number,
): void {
  const { data, offset, stride } = bias;
  if (stride === 1) copyRange(data, offset, view, at, n);
  else for (let j = 0; j < n; j++) view[at + j] = data[offset + j * stride];
}

/**
 * Hands one batch entry's product, computed at element `cAt` of the memory,
 * over to `out[t]`: runs the epilogue if any (float32 only, see
 * {@linkcode epilogueInMemory}; its bias staged at `biasAt`), and copies it
 * out, transposing it when the product was computed transposed (`[m, n]` in
 * memory, `[n, m]` in `out`).
 * @param kernels The module's exports.
 * @param view The memory, in the compute dtype.
 * @param cAt Element index of the entry's product.
 * @param out The destination.
 * @param t The batch entry.
 * @param m Rows of the product in memory.
 * @param n Columns of the product in memory.
 * @param transposeOut Whether `out[t]` receives the transpose.
 * @param epilogue The bias row, added to each row of `out[t]`, and relu.
 * @param biasAt Element index of the bias's staged copy (rows that are not transposed).
 * @example See `product()` below and `matmul_threads.ts`.
 * ```ts ignore
 * finishEntry(kernels, view, cAt, out, t, m, n, false, undefined, 0);
 * ```
 */
export function finishEntry(
  kernels: Kernels,
  view: Float32Array | Float64Array,
  cAt: number,
  out: Float32Array | Float64Array,
  t: number,
  m: number,
  n: number,
  transposeOut: boolean,
  epilogue: Epilogue | undefined,
  biasAt: number,
): void {
  const bias = epilogue?.bias;
  const relu = epilogue?.relu ?? false;
  if (transposeOut) {
    if (bias || relu) {
      // NOTE: relu of the float64 sum, then one rounding, equals relu of the rounded sum.
      const { data, offset, stride } = bias ?? NO_BIAS;
      for (let j = 0, o = t * m * n; j < n; j++) {
        for (let i = 0, c = cAt + j; i < m; i++, c += n) {
          const v = view[c] + data[offset + i * stride];
          out[o++] = relu && v <= 0 ? 0 : v;
        }
      }
    } else {
      for (let j = 0, o = t * m * n; j < n; j++) {
        for (let i = 0, c = cAt + j; i < m; i++, c += n) out[o++] = view[c];
      }
    }
    return;
  }
  // Float32 only (see epilogueInMemory): one SIMD pass each over the product in the memory.
  if (bias) kernels.ew_inplace(0, cAt * 4, biasAt * 4, 1, m * n, n);
  if (relu) kernels.ew_relu(cAt * 4, cAt * 4, m * n);
  copyRange(view, cAt, out, t * m * n, m * n);
}

/**
 * `matmul` on the module, writing each `[m, n]` product `a @ b` to `out`;
 * with `transposeOut`, it computes the transposed product `Cᵀ = Bᵀ Aᵀ`
 * (`[n, m]` in the memory: `b` read with its row and column strides
 * exchanged is the left operand, `a` so read the right one) and writes its
 * transpose, with a float32 epilogue: its bias is added to the output's rows
 * (to each row of the product, or with `transposeOut` to each of its columns).
 */
function product(
  w: Wasm,
  single: boolean,
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  mOut: number,
  k: number,
  nOut: number,
  transposeOut: boolean,
  epilogue?: Epilogue,
): void {
  // NOTE: the operands are picked and their strides read one by one, rather
  // than through swapped() and array destructuring, which allocate every call.
  const left = transposeOut ? b : a;
  const right = transposeOut ? a : b;
  const m = transposeOut ? nOut : mOut;
  const n = transposeOut ? mOut : nOut;
  const row = transposeOut ? 2 : 1;
  const col = transposeOut ? 1 : 2;
  const aBatch = left.strides[0];
  const aRow = left.strides[row];
  const aCol = left.strides[col];
  const bBatch = right.strides[0];
  const bRow = right.strides[row];
  const bCol = right.strides[col];

  const size = single ? 4 : 8;
  const bias = epilogue?.bias;
  const { kernels } = w;
  const packA = single ? kernels.pack_a_f32 : kernels.pack_a_f64;
  const packB = single ? kernels.pack_b_f32 : kernels.pack_b_f64;
  const gemm = single ? kernels.gemm_f32 : kernels.gemm_f64;
  const { kc, kBlocks, mc, mBlocks, nc, nBlocks } = blocks(single, m, k, n);

  // Each operand of a batch entry is copied into the memory whole, once, when
  // the range it spans is small enough and not mostly gaps; otherwise block by
  // block, just before packing.
  const aLo = Math.min(0, (m - 1) * aRow) + Math.min(0, (k - 1) * aCol);
  const aSpan = Math.max(0, (m - 1) * aRow) + Math.max(0, (k - 1) * aCol) - aLo + 1;
  const bLo = Math.min(0, (k - 1) * bRow) + Math.min(0, (n - 1) * bCol);
  const bSpan = Math.max(0, (k - 1) * bRow) + Math.max(0, (n - 1) * bCol) - bLo + 1;
  const wholeA = aSpan <= WHOLE_MAX && aSpan <= 2 * m * k;
  const wholeB = bSpan <= WHOLE_MAX && bSpan <= 2 * k * n;
  const rawMax = 2 * Math.max(mc, nc) * kc + 256;

  // Regions of the memory, in elements of the compute dtype: the output of one
  // batch entry, the packed blocks, and the raw copies of A and B (or of a block).
  const cAt = w.heapBase / size;
  const paAt = cAt + align(m * n, size);
  const pbAt = paAt + align(mc * kc, size);
  const aRawAt = pbAt + align(nc * kc, size);
  const bRawAt = aRawAt + align(wholeA ? aSpan : rawMax, size);
  const biasAt = bRawAt + align(wholeB ? bSpan : rawMax, size);
  const views = reserve(w, (biasAt + (bias && !transposeOut ? n : 0)) * size);
  const view = single ? views.f32 : views.f64;
  if (bias && !transposeOut) stageBias(view, biasAt, bias, n);

  // A broadcast operand held in a single block is packed only once.
  const reuseA = aBatch === 0 && mBlocks === 1 && kBlocks === 1;
  const reuseB = bBatch === 0 && nBlocks === 1 && kBlocks === 1;
  for (let t = 0; t < batch; t++) {
    const aStart = left.offset + t * aBatch;
    const bStart = right.offset + t * bBatch;
    if (wholeA && (t === 0 || aBatch !== 0)) {
      copyRange(left.data, aStart + aLo, view, aRawAt, aSpan);
    }
    if (wholeB && (t === 0 || bBatch !== 0)) {
      copyRange(right.data, bStart + bLo, view, bRawAt, bSpan);
    }
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = Math.min(nc, n - j0);
      for (let p0 = 0; p0 < k; p0 += kc) {
        const depth = Math.min(kc, k - p0);
        if (!reuseB || t === 0) {
          const from = p0 * bRow + j0 * bCol;
          if (wholeB) packB((bRawAt - bLo + from) * size, bRow, bCol, depth, cols, pbAt * size);
          else {
            const src = right.data;
            packBlock(
              packB,
              view,
              src,
              bStart + from,
              bRow,
              bCol,
              depth,
              cols,
              bRawAt,
              rawMax,
              pbAt,
            );
          }
        }
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          if (!reuseA || t === 0) {
            const from = i0 * aRow + p0 * aCol;
            if (wholeA) packA((aRawAt - aLo + from) * size, aRow, aCol, rows, depth, paAt * size);
            else {
              const src = left.data;
              packBlock(
                packA,
                view,
                src,
                aStart + from,
                aRow,
                aCol,
                rows,
                depth,
                aRawAt,
                rawMax,
                paAt,
              );
            }
          }
          gemm(
            paAt * size,
            pbAt * size,
            (cAt + i0 * n + j0) * size,
            rows,
            depth,
            cols,
            n,
            p0 > 0 ? 1 : 0,
          );
        }
      }
    }
    finishEntry(kernels, view, cAt, out, t, m, n, transposeOut, epilogue, biasAt);
  }
}

/**
 * Packs the `rows x cols` block at `start` of `src` (strides `rs`, `cs`) with
 * `pack` to element `dst` of the memory, after copying the range it spans to
 * element `at`; when that range is `rawMax` elements or more (mostly gaps: a
 * thin slice of a wide array), the block is gathered densely there instead.
 */
function packBlock(
  pack: (src: number, rs: number, cs: number, rows: number, cols: number, dst: number) => void,
  view: Float32Array | Float64Array,
  src: Float32Array | Float64Array,
  start: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  at: number,
  rawMax: number,
  dst: number,
): void {
  const size = view.BYTES_PER_ELEMENT;
  const lo = start + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
  const hi = start + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs);
  if (hi - lo < rawMax) {
    copyRange(src, lo, view, at, hi - lo + 1);
    pack((at + start - lo) * size, rs, cs, rows, cols, dst * size);
    return;
  }
  for (let i = 0, d = at; i < rows; i++) {
    for (let j = 0, s = start + i * rs; j < cols; j++, s += cs) view[d++] = src[s];
  }
  pack(at * size, cols, 1, rows, cols, dst * size);
}

/**
 * Whether the WebAssembly SIMD kernel runs here. When false (no WebAssembly,
 * no simd128, or compilation refused), {@linkcode matmul} calls the TypeScript
 * kernel of `./matmul.ts` instead.
 */
export const WASM_MATMUL_AVAILABLE: boolean = WASM !== null;
