/**
 * The blocking of the WebAssembly matmul kernel, and its blocked loop over
 * operands that are already in a module's memory: what `matmul_wasm.ts` runs
 * on one thread, and what every thread of `matmul_threads.ts` runs on its part
 * of a product in the shared memory (this file imports no module instance, so
 * that the workers' bundle carries no WebAssembly bytes).
 *
 * A part is a block of output rows and columns (and batch entries) of one
 * product. Its results do not depend on how the product was cut: every output
 * element is summed along k in the same blocks (their size depends on k
 * alone) by the same register tile in the same order, so a product split
 * across threads gives, bit for bit, what one thread gives.
 *
 * @module
 */

import type { Kernels } from "./wasm.ts";

/** Rows of A per register tile in float32. */
export const MR32 = 5;
/** Rows of A per register tile in float64. */
export const MR64 = 4;
/** Largest k block. */
const KC = 512;
/** Largest packed A block, in bytes (inside L2). */
const A_BLOCK_BYTES = 256 * 1024;
/** Largest packed B block, in bytes. */
const B_BLOCK_BYTES = 1024 * 1024;

/** How a `[m, k] @ [k, n]` product is cut into blocks: k blocks of `kc`, A blocks of `mc` rows, B blocks of `nc` columns. */
export interface Blocks {
  /** Depth of a k block. */
  kc: number;
  /** Number of k blocks. */
  kBlocks: number;
  /** Rows of an A block (a multiple of the tile height, {@linkcode MR32} or {@linkcode MR64}). */
  mc: number;
  /** Number of A blocks. */
  mBlocks: number;
  /** Columns of a B block (a multiple of the tile width). */
  nc: number;
  /** Number of B blocks. */
  nBlocks: number;
}

/**
 * The blocks of a product: each dimension in near-equal blocks no larger
 * than the caps (k blocks of at most 512, packed A blocks of at most 256 KiB,
 * packed B blocks of at most 1 MiB).
 * @param single Whether the product is computed in float32 (else float64).
 * @param m Rows of the output.
 * @param k The inner dimension.
 * @param n Columns of the output.
 * @returns The blocks.
 * @example A 64 x 784 by 784 x 256 product
 * ```ts
 * import assert from "node:assert/strict";
 * import { blocks } from "./matmul_blocked.ts";
 * assert.equal(blocks(true, 64, 784, 256).kc, 392); // two k blocks
 * ```
 */
export function blocks(single: boolean, m: number, k: number, n: number): Blocks {
  const size = single ? 4 : 8;
  const nr = single ? 8 : 4;
  const mr = single ? MR32 : MR64;
  const kBlocks = Math.ceil(k / KC);
  const kc = Math.ceil(k / kBlocks);
  const mcMax = Math.max(mr, Math.floor(A_BLOCK_BYTES / size / kc / mr) * mr);
  const mBlocks = Math.ceil(m / mcMax);
  const mc = Math.ceil(Math.ceil(m / mBlocks) / mr) * mr;
  const ncMax = Math.max(nr, Math.floor(B_BLOCK_BYTES / size / kc / nr) * nr);
  const nBlocks = Math.ceil(n / ncMax);
  const nc = Math.ceil(Math.ceil(n / nBlocks) / nr) * nr;
  return { kc, kBlocks, mc, mBlocks, nc, nBlocks };
}

/**
 * One part of a product whose operands are in the module's memory: byte
 * addresses of element `[0, 0, 0]` of A, B and the output, element strides,
 * and two scratch areas for the packed blocks.
 */
export interface Part {
  /** Computed in float32 (else float64): the dtype of the operands and output in memory. */
  single: boolean;
  /** Batch entries. */
  batch: number;
  /** Output rows. */
  m: number;
  /** Inner dimension. */
  k: number;
  /** Output columns. */
  n: number;
  /** Byte address of A `[0, 0, 0]`. */
  a: number;
  /** Element strides of A: batch, row, column. */
  aStrides: readonly [number, number, number];
  /** Byte address of B `[0, 0, 0]`. */
  b: number;
  /** Element strides of B: batch, row, column. */
  bStrides: readonly [number, number, number];
  /** Byte address of output `[0, 0, 0]`. */
  c: number;
  /** Elements between output batch entries. */
  cBatch: number;
  /** Elements between output rows. */
  ldc: number;
  /** Byte address of the packed A scratch ({@linkcode scratchBytes} of it). */
  packA: number;
  /** Byte address of the packed B scratch. */
  packB: number;
}

/**
 * Bytes of scratch a part needs for its packed A and B blocks.
 * @param single Float32 (else float64).
 * @param m Output rows of the part.
 * @param k The inner dimension.
 * @param n Output columns of the part.
 * @returns `[packed A bytes, packed B bytes]`, multiples of 16.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scratchBytes } from "./matmul_blocked.ts";
 * assert.deepEqual(scratchBytes(true, 4, 3, 8), [64, 96]);
 * ```
 */
export function scratchBytes(single: boolean, m: number, k: number, n: number): [number, number] {
  const { kc, mc, nc } = blocks(single, m, k, n);
  const size = single ? 4 : 8;
  const round = (bytes: number) => Math.ceil(bytes / 16) * 16;
  return [round(mc * kc * size), round(nc * kc * size)];
}

/**
 * Computes a part: for each batch entry, B blocks packed into column
 * panels as wide as the tile, A blocks into row panels as tall as it
 * ({@linkcode MR32} or {@linkcode MR64} rows), and the register-tiled kernel
 * accumulating each output block along k.
 * @param kernels The module's exports (any instance over the memory holding the part).
 * @param p The part.
 * @example See `matmul_threads.ts`, which builds parts; one thread's product in `matmul_wasm.ts`.
 * ```ts ignore
 * runPart(instance.exports as Kernels, part);
 * ```
 */
export function runPart(kernels: Kernels, p: Part): void {
  const { single, m, k, n } = p;
  const size = single ? 4 : 8;
  const packA = single ? kernels.pack_a_f32 : kernels.pack_a_f64;
  const packB = single ? kernels.pack_b_f32 : kernels.pack_b_f64;
  const gemm = single ? kernels.gemm_f32 : kernels.gemm_f64;
  const { kc, kBlocks, mc, mBlocks, nc, nBlocks } = blocks(single, m, k, n);
  const [aBatch, aRow, aCol] = p.aStrides;
  const [bBatch, bRow, bCol] = p.bStrides;
  // A broadcast operand held in a single block is packed only once.
  const reuseA = aBatch === 0 && mBlocks === 1 && kBlocks === 1;
  const reuseB = bBatch === 0 && nBlocks === 1 && kBlocks === 1;
  for (let t = 0; t < p.batch; t++) {
    const a = p.a + t * aBatch * size;
    const b = p.b + t * bBatch * size;
    const c = p.c + t * p.cBatch * size;
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = Math.min(nc, n - j0);
      for (let p0 = 0; p0 < k; p0 += kc) {
        const depth = Math.min(kc, k - p0);
        if (!reuseB || t === 0) {
          packB(b + (p0 * bRow + j0 * bCol) * size, bRow, bCol, depth, cols, p.packB);
        }
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          if (!reuseA || t === 0) {
            packA(a + (i0 * aRow + p0 * aCol) * size, aRow, aCol, rows, depth, p.packA);
          }
          gemm(p.packA, p.packB, c + (i0 * p.ldc + j0) * size, rows, depth, cols, p.ldc, +(p0 > 0));
        }
      }
    }
  }
}
