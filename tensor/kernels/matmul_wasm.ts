/**
 * Batched matrix-multiply kernel in WebAssembly SIMD (simd128), a drop-in for
 * {@linkcode matmulTs | matmul} of `./matmul.ts`: same arguments, same
 * strides (0, negative, transposed), dtypes and batch semantics.
 *
 * Design (same GotoBLAS blocking as the TypeScript kernel, measured with
 * `deno run bench/matmul_bench.ts`):
 * - Each operand block is copied into the module's memory with one
 *   `TypedArray.set` of the range it spans (or gathered element by element
 *   when that range is mostly gaps), then packed by the module into MR-row
 *   panels of A and NR-column panels of B, interleaved along k, so any strides
 *   cost only the O(m·k + k·n) packing.
 * - float32 operands (both): a 4x8 register tile of eight f32x4 accumulators,
 *   products summed in float32 (the TypeScript kernel sums in float64).
 *   Anything else runs on float64 panels: a 4x4 tile of eight f64x2
 *   accumulators, so float64 results match the TypeScript kernel to ~1e-16.
 * - simd128 has no fused multiply-add, so each product is rounded before it is
 *   added; the order of operations is fixed, so results are deterministic and
 *   the same on every engine.
 * - Blocks: k in blocks of at most 512 (an 8 x 512 float32 or 4 x 512 float64
 *   B panel is 16 KiB, inside L1), packed A blocks of at most 256 KiB (L2),
 *   packed B blocks of at most 1 MiB. The output of one batch entry is
 *   accumulated in the module's memory (in the compute dtype) and copied out
 *   once, so a float32 output of float64 operands is rounded once.
 * - The module (a few KiB, embedded below as base64 by
 *   `tensor/kernels/wasm/build.ts` from `tensor/kernels/wasm/matmul.c`) is
 *   compiled synchronously when this file is imported and owns one memory,
 *   grown on demand and never shrunk. Where WebAssembly or simd128 is missing,
 *   {@linkcode WASM_MATMUL_AVAILABLE} is false and {@linkcode matmul} calls
 *   the TypeScript kernel.
 *
 * @module
 */

import { matmul as matmulTs, type MatmulOperand } from "./matmul.ts";

/** Rows of A per register tile (both dtypes). */
const MR = 4;
/** Largest k block. */
const KC = 512;
/** Largest packed A block, in bytes (inside L2). */
const A_BLOCK_BYTES = 256 * 1024;
/** Largest packed B block, in bytes. */
const B_BLOCK_BYTES = 1024 * 1024;

/** The module's exports; pointers are byte addresses in its memory. */
interface Kernels {
  pack_a_f32(src: number, rs: number, cs: number, rows: number, depth: number, dst: number): void;
  pack_a_f64(src: number, rs: number, cs: number, rows: number, depth: number, dst: number): void;
  pack_b_f32(src: number, rs: number, cs: number, depth: number, cols: number, dst: number): void;
  pack_b_f64(src: number, rs: number, cs: number, depth: number, cols: number, dst: number): void;
  gemm_f32(
    pa: number,
    pb: number,
    c: number,
    rows: number,
    depth: number,
    cols: number,
    ldc: number,
    accumulate: number,
  ): void;
  gemm_f64(
    pa: number,
    pb: number,
    c: number,
    rows: number,
    depth: number,
    cols: number,
    ldc: number,
    accumulate: number,
  ): void;
}

interface Wasm {
  kernels: Kernels;
  memory: WebAssembly.Memory;
  /** First free byte after the module's stack and data, 16-byte aligned. */
  heapBase: number;
}

// Views of the module's memory, rebuilt whenever growing detaches its buffer.
let buffer: ArrayBufferLike | null = null;
let view32: Float32Array<ArrayBufferLike> = new Float32Array(0);
let view64: Float64Array<ArrayBufferLike> = new Float64Array(0);

/** Grows the memory to at least `bytes` and refreshes the views. */
function reserve(w: Wasm, bytes: number): void {
  const have = w.memory.buffer.byteLength;
  if (have < bytes) w.memory.grow(Math.ceil((bytes - have) / 65536));
  if (buffer !== w.memory.buffer) {
    buffer = w.memory.buffer;
    view32 = new Float32Array(w.memory.buffer);
    view64 = new Float64Array(w.memory.buffer);
  }
}

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
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
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
): void {
  const w = wasm;
  if (w === null) return matmulTs(a, b, out, batch, m, k, n);
  if (batch <= 0 || m <= 0 || n <= 0) return;
  if (k <= 0) {
    out.fill(0, 0, batch * m * n);
    return;
  }
  const single = a.data instanceof Float32Array && b.data instanceof Float32Array;
  const nr = single ? 8 : 4;
  // Tiles pad m to a multiple of MR and n to one of nr: when that wastes more
  // than the transposed product Cᵀ = Bᵀ Aᵀ would (n = 10 against m = 64), compute
  // that instead and transpose it on the way out.
  const padded = (rows: number, cols: number) =>
    Math.ceil(rows / MR) * MR * Math.ceil(cols / nr) * nr;
  if (padded(n, m) < padded(m, n)) {
    const [aBatch, aRow, aCol] = a.strides;
    const [bBatch, bRow, bCol] = b.strides;
    const bT: MatmulOperand = { data: b.data, offset: b.offset, strides: [bBatch, bCol, bRow] };
    const aT: MatmulOperand = { data: a.data, offset: a.offset, strides: [aBatch, aCol, aRow] };
    product(w, single, bT, aT, out, batch, n, k, m, true);
  } else {
    product(w, single, a, b, out, batch, m, k, n, false);
  }
}

/**
 * `matmul` on the module, writing each `[m, n]` product to `out`, or its
 * transpose when `transposeOut` (then `out[t]` is `[n, m]`).
 */
function product(
  w: Wasm,
  single: boolean,
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
  transposeOut: boolean,
): void {
  const size = single ? 4 : 8;
  const nr = single ? 8 : 4;
  const { kernels } = w;
  const packA = single ? kernels.pack_a_f32 : kernels.pack_a_f64;
  const packB = single ? kernels.pack_b_f32 : kernels.pack_b_f64;
  const gemm = single ? kernels.gemm_f32 : kernels.gemm_f64;

  // Split each dimension into near-equal blocks no larger than the caps.
  const kBlocks = Math.ceil(k / KC);
  const kc = Math.ceil(k / kBlocks);
  const mcMax = Math.max(MR, Math.floor(A_BLOCK_BYTES / size / kc / MR) * MR);
  const mBlocks = Math.ceil(m / mcMax);
  const mc = Math.ceil(Math.ceil(m / mBlocks) / MR) * MR;
  const ncMax = Math.max(nr, Math.floor(B_BLOCK_BYTES / size / kc / nr) * nr);
  const nBlocks = Math.ceil(n / ncMax);
  const nc = Math.ceil(Math.ceil(n / nBlocks) / nr) * nr;

  // Regions of the memory, in elements of the compute dtype: the output of one
  // batch entry, the packed blocks, and scratch for an operand block's raw copy.
  const cAt = w.heapBase / size;
  const paAt = cAt + align(m * n, size);
  const pbAt = paAt + align(mc * kc, size);
  const rawAt = pbAt + align(nc * kc, size);
  const rawMax = 2 * Math.max(mc, nc) * kc + 256;
  reserve(w, (rawAt + rawMax) * size);
  const view = single ? view32 : view64;

  // Copies the rows x cols block at `start` of `src` into the scratch region
  // and returns [address, row stride, column stride] of the copy.
  const stage = (
    src: Float32Array | Float64Array,
    start: number,
    rs: number,
    cs: number,
    rows: number,
    cols: number,
  ): [number, number, number] => {
    const lo = start + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
    const hi = start + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs);
    if (hi - lo < rawMax) {
      view.set(src.subarray(lo, hi + 1), rawAt);
      return [(rawAt + start - lo) * size, rs, cs];
    }
    // Mostly gaps (a thin slice of a wide array): gather densely.
    for (let i = 0, d = rawAt; i < rows; i++) {
      for (let j = 0, s = start + i * rs; j < cols; j++, s += cs) view[d++] = src[s];
    }
    return [rawAt * size, cols, 1];
  };

  const [aBatch, aRow, aCol] = a.strides;
  const [bBatch, bRow, bCol] = b.strides;
  // A broadcast operand held in a single block is packed only once.
  const reuseA = aBatch === 0 && mBlocks === 1 && kBlocks === 1;
  const reuseB = bBatch === 0 && nBlocks === 1 && kBlocks === 1;
  for (let t = 0; t < batch; t++) {
    const aStart = a.offset + t * aBatch;
    const bStart = b.offset + t * bBatch;
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = Math.min(nc, n - j0);
      for (let p0 = 0; p0 < k; p0 += kc) {
        const depth = Math.min(kc, k - p0);
        if (!reuseB || t === 0) {
          const [src, rs, cs] = stage(
            b.data,
            bStart + p0 * bRow + j0 * bCol,
            bRow,
            bCol,
            depth,
            cols,
          );
          packB(src, rs, cs, depth, cols, pbAt * size);
        }
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          if (!reuseA || t === 0) {
            const [src, rs, cs] = stage(
              a.data,
              aStart + i0 * aRow + p0 * aCol,
              aRow,
              aCol,
              rows,
              depth,
            );
            packA(src, rs, cs, rows, depth, paAt * size);
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
    if (transposeOut) {
      for (let j = 0, o = t * m * n; j < n; j++) {
        for (let i = 0, c = cAt + j; i < m; i++, c += n) out[o++] = view[c];
      }
    } else {
      out.set(view.subarray(cAt, cAt + m * n), t * m * n);
    }
  }
}

/** Decodes base64 (atob exists in Deno, Node 16+ and browsers). */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Compiles and instantiates the module, or returns null where it cannot run. */
function instantiate(): Wasm | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = decodeBase64(MODULE_BASE64);
    if (!WebAssembly.validate(bytes)) return null; // no simd128
    const memory = new WebAssembly.Memory({ initial: 4 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const exports = instance.exports as unknown as Kernels & { __heap_base: WebAssembly.Global };
    const heapBase = Math.ceil(Number(exports.__heap_base.value) / 16) * 16;
    return { kernels: exports, memory, heapBase };
  } catch {
    return null;
  }
}

// BEGIN GENERATED by tensor/kernels/wasm/build.ts from matmul.c (15985 bytes)
const MODULE_BASE64 =
  "AGFzbQEAAAABFQJgBn9/f39/fwBgCH9/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwcGAAAAAAEBBAUBcAEBAQYPAn8BQYCA" +
  "BAt/AEGAgAQLB1kHCnBhY2tfYV9mMzIAAApwYWNrX2FfZjY0AAEKcGFja19iX2YzMgACCnBhY2tfYl9mNjQAAwhnZW1tX2Yz" +
  "MgAECGdlbW1fZjY0AAULX19oZWFwX2Jhc2UDAQrCewbVCQMbfwl7AX0CQCADQQFIDQAgBEEBSA0AIARBA0sgAkEBRnEhBiAB" +
  "QQxsIQcgAkEEdCEIIAFBA3QhCSACQQJ0IQogAUEEdCELIARBBHQhDCAEIAFqIQ0gAUEBdCIOIARqIQ8gAUEDbCIQIARqIREg" +
  "BEECdCESIAAgAUECdCITaiEUIAAgDkECdGohFSAAIBBBAnRqIRYgBEF8cSIXIAJsIRggACEZIAUhGkEAIRtBACEcA0AgBCEd" +
  "IBkhHiAaIQICQAJAIAMgHGsiH0EDTA0AQQAhHwJAAkAgBg0AQQAhHgwBCwJAIAUgEiAbbCIeQQJ0aiIdIAAgESATIBtsIgJq" +
  "QQJ0akkgACAQIAJqQQJ0aiAFIBIgHmpBAnRqIiBJcUUNAEEAIR4MAQsCQCAdIAAgDyACakECdGpJIAAgDiACakECdGogIElx" +
  "RQ0AQQAhHgwBCwJAIB0gACANIAJqQQJ0akkgACACIAFqQQJ0aiAgSXFFDQBBACEeDAELQQAhHiAdIAAgAiAEakECdGpJIAAg" +
  "AkECdGogIElxDQAgBSAcIARsQQJ0aiEC/QwAAAAAAQAAAAIAAAADAAAAISEgGSEeIBchHQNAIAIgIUEC/asBIiL9GwBBAnRq" +
  "IB79AAIAIiP9HwA4AgAgAiAi/QwBAAAAAQAAAAEAAAABAAAA/VAiJP0bAEECdGogHiATav0AAgAiJf0fADgCACACICL9DAIA" +
  "AAACAAAAAgAAAAIAAAD9UCIm/RsAQQJ0aiAeIAlq/QACACIn/R8AOAIAIAIgIv0MAwAAAAMAAAADAAAAAwAAAP1QIij9GwBB" +
  "AnRqIB4gB2r9AAIAIin9HwA4AgAgAiAi/RsBQQJ0aiAj/R8BOAIAIAIgJP0bAUECdGogJf0fATgCACACICb9GwFBAnRqICf9" +
  "HwE4AgAgAiAo/RsBQQJ0aiAp/R8BOAIAIAIgIv0bAkECdGogI/0fAjgCACACICT9GwJBAnRqICX9HwI4AgAgAiAm/RsCQQJ0" +
  "aiAn/R8COAIAIAIgKP0bAkECdGogKf0fAjgCACACICL9GwNBAnRqICP9HwM4AgAgAiAk/RsDQQJ0aiAl/R8DOAIAIAIgJv0b" +
  "A0ECdGogJ/0fAzgCACACICj9GwNBAnRqICn9HwM4AgAgHiAIaiEeICH9DAQAAAAEAAAABAAAAAQAAAD9rgEhISAdQXxqIh0N" +
  "AAsgGCEfIBchHiAXIARGDQILIAQgHmshHSAfQQJ0IQIgGiAeQQR0aiEeA0AgHiAZIAJqKgIAOAIAIB5BBGogFCACaioCADgC" +
  "ACAeQQhqIBUgAmoqAgA4AgAgHkEMaiAWIAJqKgIAOAIAIB5BEGohHiACIApqIQIgHUF/aiIdDQAMAgsLA0ACQAJAAkAgH0EA" +
  "TA0AIAIgHioCADgCACAfQQFNDQEgAkEEaiAeIBNqKgIAOAIAQwAAAAAhKiAfQQNJDQIgHiAJaioCACEqDAILIAJBADYCAAsg" +
  "AkEEakEANgIAQwAAAAAhKgsgAkEMakEANgIAIAJBCGogKjgCACAeIApqIR4gAkEQaiECIB1Bf2oiHQ0ACwsgFCALaiEUIBUg" +
  "C2ohFSAWIAtqIRYgGSALaiEZIBogDGohGiAbQQFqIRsgHEEEaiIcIANIDQALCwv7AgIMfwF8AkAgA0EBSA0AIARBAUgNACAB" +
  "QRhsIQYgAUEDdCEHIAFBBHQhCCACQQN0IQkgAUEFdCEKIARBBXQhC0EAIQwDQCAFIQEgBCENIAAhAiAEIQ4gACEPIAUhEAJA" +
  "AkAgAyAMayIRQQNMDQADQCABIAIrAwA5AwAgAUEIaiACIAdqKwMAOQMAIAFBEGogAiAIaisDADkDACABQRhqIAIgBmorAwA5" +
  "AwAgAUEgaiEBIAIgCWohAiANQX9qIg0NAAwCCwsDQAJAAkACQCARQQBMDQAgECAPKwMAOQMAIBFBAU0NASAQQQhqIA8gB2or" +
  "AwA5AwBEAAAAAAAAAAAhEiARQQNJDQIgDyAIaisDACESDAILIBBCADcDAAsgEEEIakIANwMARAAAAAAAAAAAIRILIBBBGGpC" +
  "ADcDACAQQRBqIBI5AwAgDyAJaiEPIBBBIGohECAOQX9qIg4NAAsLIAAgCmohACAFIAtqIQUgDEEEaiIMIANIDQALCwvrNgNJ" +
  "fwl7BX8CQCAEQQFIDQAgA0EBSA0AIANBA0sgAUEBRnEhBiADQQRJIgcgAUEBRyIIciEJIANBf2oiCkH///8/cSAKRyELIABB" +
  "HGohDCABQQJ0IQ0gBUEcaiEOIAVBGGohDyAFQRRqIRAgBUEQaiERIAVBDGohEiAFQQhqIRMgAUEDdCEUIAVBBGohFSABQQR0" +
  "IRYgAkEFdCEXIANBBXQhGCADQXxxIRlBACADayEaIANBAXEhGyADQQNxIRwgAyACaiEdIANBB2ohHiAAIAJBBHRqIR8gACAC" +
  "QQN0IiBqISEgACACQQJ0IiJqISMgCkEFdCEkIANBA3QiJUF5aiEmICVBemohJyACQQF0IiggA2ohKSAlQXtqISogAkEDbCIr" +
  "IANqISwgJUF8aiEtICIgA2ohLiAlQX1qIS8gAkEFbCIwIANqITEgJUF+aiEyIAJBBmwiMyADaiE0ICVBf2ohNSACQQdsIjYg" +
  "A2ohNyAAIDZBAnQiOGohOSAAIDNBAnQiOmohOyAAIDBBAnQiPGohPSAAICtBAnQiPmohPyAAIUAgBSFBQQAhQkEAIUMDQCAE" +
  "IENrIkRBCEghRSAFIEMgA2xBAnRqIQogACAgIEJsIkZBAnRqIUcgBSAlIEJsIkhBAnQiSWohSiAFIElBFHJqIUsgBSBJQRxy" +
  "aiFMIAUgSUEYcmohTSAFICUgSGpBAnRqIU4CQAJAIAJBAUcNACBFDQBBACFFAkAgBw0AIAgNACBNICRqIE1JIAtyDQAgTCAk" +
  "aiBMSSALcg0AIEsgJGogS0kgC3INAAJAIEogACAeIEZqQQJ0ak8NACBHIE5JDQEL/QwAAAAAAQAAAAIAAAADAAAAIU8gGSFE" +
  "IAwhRQNAIAogT0ED/asBIlD9GwBBAnRqIEVBZGr9AAIAIlH9HwA4AgAgCiBQ/QwBAAAAAQAAAAEAAAABAAAA/VAiUv0bAEEC" +
  "dGogRUFoav0AAgAiU/0fADgCACAKIFD9DAIAAAACAAAAAgAAAAIAAAD9UCJU/RsAQQJ0aiBFQWxq/QACACJV/R8AOAIAIAog" +
  "UP0MAwAAAAMAAAADAAAAAwAAAP1QIlb9GwBBAnRqIEVBcGr9AAIAIlf9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIAIAogUv0b" +
  "AUECdGogU/0fATgCACAKIFT9GwFBAnRqIFX9HwE4AgAgCiBW/RsBQQJ0aiBX/R8BOAIAIAogUP0bAkECdGogUf0fAjgCACAK" +
  "IFL9GwJBAnRqIFP9HwI4AgAgCiBU/RsCQQJ0aiBV/R8COAIAIAogVv0bAkECdGogV/0fAjgCACAKIFD9GwNBAnRqIFH9HwM4" +
  "AgAgCiBS/RsDQQJ0aiBT/R8DOAIAIAogVP0bA0ECdGogVf0fAzgCACAKIFb9GwNBAnRqIFf9HwM4AgAgCiBQ/QwEAAAABAAA" +
  "AAQAAAAEAAAAIlP9UCJR/RsAQQJ0aiBFQXRq/QACACJS/R8AOAIAIAogUf0bAUECdGogUv0fATgCACAKIFH9GwJBAnRqIFL9" +
  "HwI4AgAgCiBR/RsDQQJ0aiBS/R8DOAIAIAogUP0MBQAAAAUAAAAFAAAABQAAAP1QIlH9GwBBAnRqIEVBeGr9AAIAIlL9HwA4" +
  "AgAgCiBR/RsBQQJ0aiBS/R8BOAIAIAogUf0bAkECdGogUv0fAjgCACAKIFH9GwNBAnRqIFL9HwM4AgAgCiBQ/QwGAAAABgAA" +
  "AAYAAAAGAAAA/VAiUf0bAEECdGogRUF8av0AAgAiUv0fADgCACAKIFH9GwFBAnRqIFL9HwE4AgAgCiBR/RsCQQJ0aiBS/R8C" +
  "OAIAIAogUf0bA0ECdGogUv0fAzgCACAKIFD9DAcAAAAHAAAABwAAAAcAAAD9UCJQ/RsAQQJ0aiBF/QACACJR/R8AOAIAIAog" +
  "UP0bAUECdGogUf0fATgCACAKIFD9GwJBAnRqIFH9HwI4AgAgCiBQ/RsDQQJ0aiBR/R8DOAIAIEUgFmohRSBPIFP9rgEhTyBE" +
  "QXxqIkQNAAsgGSFFIBkgA0YNAgsgAyBFayFEIEEgRUEFdGohCiBAIAEgRWxBAnRqIUUDQCAKIEUqAgA4AgAgCkEEaiBFQQRq" +
  "KgIAOAIAIApBCGogRUEIaioCADgCACAKQQxqIEVBDGoqAgA4AgAgCkEQaiBFQRBqKgIAOAIAIApBFGogRUEUaioCADgCACAK" +
  "QRhqIEVBGGoqAgA4AgAgCkEcaiBFQRxqKgIAOAIAIApBIGohCiBFIA1qIUUgREF/aiJEDQAMAgsLIERBCCBFGyFYIEMgAmxB" +
  "AnQhWQJAAkAgREEASg0AQQAhRQJAIAcNAP0MAAAAAAEAAAACAAAAAwAAACFRIBkhRQNAIAogUUED/asBIlD9GwBBAnRqQQA2" +
  "AgAgCiBQ/RsBQQJ0akEANgIAIAogUP0bAkECdGpBADYCACAKIFD9GwNBAnRqQQA2AgAgUf0MBAAAAAQAAAAEAAAABAAAAP2u" +
  "ASFRIEVBfGoiRQ0ACyAZIUUgGSADRg0CCyADIEVrIUQgQSBFQQV0aiFFA0AgRUEANgIAIEVBIGohRSBEQX9qIkQNAAwCCwtB" +
  "ACFaAkAgCQ0AAkAgSiAAIEYgA2pBAnRqTw0AIEcgBSAmIEhqQQJ0akkNAQv9DAAAAAABAAAAAgAAAAMAAAAhUiAZIUQgQCFF" +
  "A0AgCiBSQQP9qwEiUP0bAEECdGogRf0AAgAiUf0fADgCACAKIFD9GwFBAnRqIFH9HwE4AgAgCiBQ/RsCQQJ0aiBR/R8COAIA" +
  "IAogUP0bA0ECdGogUf0fAzgCACBFIBZqIUUgUv0MBAAAAAQAAAAEAAAABAAAAP2uASFSIERBfGoiRA0ACyAZIVogGSADRg0B" +
  "CyBaQX9zIANqIUcCQCAcRQ0AIEEgWkEFdGohRSBAIAEgWmxBAnRqIUQgHCFKA0AgRSBEKgIAOAIAIEQgDWohRCBFQSBqIUUg" +
  "WkEBaiFaIEpBf2oiSg0ACwsgR0EDSQ0AIA0gWmwhRyADIFprIUogQSBaQQV0aiFFIA0gWkECamwhWyANIFpBAWpsIVwgDSBa" +
  "QQNqbCFaIEAhRANAIEUgRCBHaioCADgCACBFQSBqIEQgXGoqAgA4AgAgRUHAAGogRCBbaioCADgCACBFQeAAaiBEIFpqKgIA" +
  "OAIAIEVBgAFqIUUgRCAWaiFEIEpBfGoiSg0ACwsgACBZaiFcAkACQCBYQQFKDQBBACFFAkAgBw0A/QwAAAAAAQAAAAIAAAAD" +
  "AAAAIVEgGSFFA0AgCiBRQQP9qwH9DAEAAAABAAAAAQAAAAEAAAD9UCJQ/RsAQQJ0akEANgIAIAogUP0bAUECdGpBADYCACAK" +
  "IFD9GwJBAnRqQQA2AgAgCiBQ/RsDQQJ0akEANgIAIFH9DAQAAAAEAAAABAAAAAQAAAD9rgEhUSBFQXxqIkUNAAsgGSFFIBkg" +
  "A0YNAgsgAyBFayFEIBUgRUEFdGohRQNAIEVBADYCACBFQSBqIUUgREF/aiJEDQAMAgsLQQAhRQJAIAZFDQACQCAFIElBBHJq" +
  "IAAgHSBGakECdGpPDQAgACBGIAJqQQJ0aiAFICcgSGpBAnRqSQ0BC/0MAAAAAAEAAAACAAAAAwAAACFSIBkhRCAjIUUDQCAK" +
  "IFJBA/2rAf0MAQAAAAEAAAABAAAAAQAAAP1QIlD9GwBBAnRqIEX9AAIAIlH9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIAIAog" +
  "UP0bAkECdGogUf0fAjgCACAKIFD9GwNBAnRqIFH9HwM4AgAgRSAWaiFFIFL9DAQAAAAEAAAABAAAAAQAAAD9rgEhUiBEQXxq" +
  "IkQNAAsgGSFFIBkgA0YNAQsgRUF/cyFEAkAgG0UNACAKIEVBBXRqQQRqIFwgImogRSABbEECdGoqAgA4AgAgRUEBciFFCyBE" +
  "IBpGDQAgDSBFbCFHIEVBBXQhRCADIEVrIVogDSBFQQFqbCFbICMhRQNAIEEgRGoiSkEEaiBFIEdqKgIAOAIAIEpBJGogRSBb" +
  "aioCADgCACBFIBRqIUUgREHAAGohRCBaQX5qIloNAAsLAkACQCBYQQJKDQBBACFFAkAgBw0A/QwAAAAAAQAAAAIAAAADAAAA" +
  "IVEgGSFFA0AgCiBRQQP9qwH9DAIAAAACAAAAAgAAAAIAAAD9UCJQ/RsAQQJ0akEANgIAIAogUP0bAUECdGpBADYCACAKIFD9" +
  "GwJBAnRqQQA2AgAgCiBQ/RsDQQJ0akEANgIAIFH9DAQAAAAEAAAABAAAAAQAAAD9rgEhUSBFQXxqIkUNAAsgGSFFIBkgA0YN" +
  "AgsgAyBFayFEIBMgRUEFdGohRQNAIEVBADYCACBFQSBqIUUgREF/aiJEDQAMAgsLQQAhRQJAIAZFDQACQCAFIElBCHJqIAAg" +
  "KSBGakECdGpPDQAgACAoIEZqQQJ0aiAFICogSGpBAnRqSQ0BC/0MAAAAAAEAAAACAAAAAwAAACFSIBkhRCAhIUUDQCAKIFJB" +
  "A/2rAf0MAgAAAAIAAAACAAAAAgAAAP1QIlD9GwBBAnRqIEX9AAIAIlH9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIAIAogUP0b" +
  "AkECdGogUf0fAjgCACAKIFD9GwNBAnRqIFH9HwM4AgAgRSAWaiFFIFL9DAQAAAAEAAAABAAAAAQAAAD9rgEhUiBEQXxqIkQN" +
  "AAsgGSFFIBkgA0YNAQsgRUF/cyFEAkAgG0UNACAKIEVBBXRqQQhqIFwgKEECdGogRSABbEECdGoqAgA4AgAgRUEBciFFCyBE" +
  "IBpGDQAgDSBFbCFHIEVBBXQhRCADIEVrIVogDSBFQQFqbCFbICEhRQNAIEEgRGoiSkEIaiBFIEdqKgIAOAIAIEpBKGogRSBb" +
  "aioCADgCACBFIBRqIUUgREHAAGohRCBaQX5qIloNAAsLAkACQCBYQQNKDQBBACFFAkAgBw0A/QwAAAAAAQAAAAIAAAADAAAA" +
  "IVEgGSFFA0AgCiBRQQP9qwH9DAMAAAADAAAAAwAAAAMAAAD9UCJQ/RsAQQJ0akEANgIAIAogUP0bAUECdGpBADYCACAKIFD9" +
  "GwJBAnRqQQA2AgAgCiBQ/RsDQQJ0akEANgIAIFH9DAQAAAAEAAAABAAAAAQAAAD9rgEhUSBFQXxqIkUNAAsgGSFFIBkgA0YN" +
  "AgsgAyBFayFEIBIgRUEFdGohRQNAIEVBADYCACBFQSBqIUUgREF/aiJEDQAMAgsLQQAhRQJAIAZFDQACQCAFIElBDHJqIAAg" +
  "LCBGakECdGpPDQAgACArIEZqQQJ0aiAFIC0gSGpBAnRqSQ0BC/0MAAAAAAEAAAACAAAAAwAAACFSIBkhRCA/IUUDQCAKIFJB" +
  "A/2rAf0MAwAAAAMAAAADAAAAAwAAAP1QIlD9GwBBAnRqIEX9AAIAIlH9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIAIAogUP0b" +
  "AkECdGogUf0fAjgCACAKIFD9GwNBAnRqIFH9HwM4AgAgRSAWaiFFIFL9DAQAAAAEAAAABAAAAAQAAAD9rgEhUiBEQXxqIkQN" +
  "AAsgGSFFIBkgA0YNAQsgRUF/cyFEAkAgG0UNACAKIEVBBXRqQQxqIFwgPmogRSABbEECdGoqAgA4AgAgRUEBciFFCyBEIBpG" +
  "DQAgDSBFbCFHIEVBBXQhRCADIEVrIVogDSBFQQFqbCFbID8hRQNAIEEgRGoiSkEMaiBFIEdqKgIAOAIAIEpBLGogRSBbaioC" +
  "ADgCACBFIBRqIUUgREHAAGohRCBaQX5qIloNAAsLAkACQCBYQQRKDQBBACFFAkAgBw0A/QwAAAAAAQAAAAIAAAADAAAAIVEg" +
  "GSFFA0AgCiBRQQP9qwH9DAQAAAAEAAAABAAAAAQAAAAiUv1QIlD9GwBBAnRqQQA2AgAgCiBQ/RsBQQJ0akEANgIAIAogUP0b" +
  "AkECdGpBADYCACAKIFD9GwNBAnRqQQA2AgAgUSBS/a4BIVEgRUF8aiJFDQALIBkhRSAZIANGDQILIAMgRWshRCARIEVBBXRq" +
  "IUUDQCBFQQA2AgAgRUEgaiFFIERBf2oiRA0ADAILC0EAIUUCQCAGRQ0AAkAgBSBJQRByaiAAIC4gRmpBAnRqTw0AIAAgIiBG" +
  "akECdGogBSAvIEhqQQJ0akkNAQv9DAAAAAABAAAAAgAAAAMAAAAhUiAZIUQgHyFFA0AgCiBSQQP9qwH9DAQAAAAEAAAABAAA" +
  "AAQAAAAiU/1QIlD9GwBBAnRqIEX9AAIAIlH9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIAIAogUP0bAkECdGogUf0fAjgCACAK" +
  "IFD9GwNBAnRqIFH9HwM4AgAgRSAWaiFFIFIgU/2uASFSIERBfGoiRA0ACyAZIUUgGSADRg0BCyBFQX9zIUQCQCAbRQ0AIAog" +
  "RUEFdGpBEGogXCAiQQJ0aiBFIAFsQQJ0aioCADgCACBFQQFyIUULIEQgGkYNACANIEVsIUcgRUEFdCFEIAMgRWshWiANIEVB" +
  "AWpsIVsgHyFFA0AgQSBEaiJKQRBqIEUgR2oqAgA4AgAgSkEwaiBFIFtqKgIAOAIAIEUgFGohRSBEQcAAaiFEIFpBfmoiWg0A" +
  "CwsCQAJAIFhBBUoNAEEAIUUCQCAHDQD9DAAAAAABAAAAAgAAAAMAAAAhUSAZIUUDQCAKIFFBA/2rAf0MBQAAAAUAAAAFAAAA" +
  "BQAAAP1QIlD9GwBBAnRqQQA2AgAgCiBQ/RsBQQJ0akEANgIAIAogUP0bAkECdGpBADYCACAKIFD9GwNBAnRqQQA2AgAgUf0M" +
  "BAAAAAQAAAAEAAAABAAAAP2uASFRIEVBfGoiRQ0ACyAZIUUgGSADRg0CCyADIEVrIUQgECBFQQV0aiFFA0AgRUEANgIAIEVB" +
  "IGohRSBEQX9qIkQNAAwCCwtBACFFAkAgBkUNAAJAIEsgACAxIEZqQQJ0ak8NACAAIDAgRmpBAnRqIAUgMiBIakECdGpJDQEL" +
  "/QwAAAAAAQAAAAIAAAADAAAAIVIgGSFEID0hRQNAIAogUkED/asB/QwFAAAABQAAAAUAAAAFAAAA/VAiUP0bAEECdGogRf0A" +
  "AgAiUf0fADgCACAKIFD9GwFBAnRqIFH9HwE4AgAgCiBQ/RsCQQJ0aiBR/R8COAIAIAogUP0bA0ECdGogUf0fAzgCACBFIBZq" +
  "IUUgUv0MBAAAAAQAAAAEAAAABAAAAP2uASFSIERBfGoiRA0ACyAZIUUgGSADRg0BCyBFQX9zIUQCQCAbRQ0AIAogRUEFdGpB" +
  "FGogXCA8aiBFIAFsQQJ0aioCADgCACBFQQFyIUULIEQgGkYNACANIEVsIUcgRUEFdCFEIAMgRWshWiANIEVBAWpsIVsgPSFF" +
  "A0AgQSBEaiJKQRRqIEUgR2oqAgA4AgAgSkE0aiBFIFtqKgIAOAIAIEUgFGohRSBEQcAAaiFEIFpBfmoiWg0ACwsCQAJAIFhB" +
  "BkoNAEEAIUUCQCAHDQD9DAAAAAABAAAAAgAAAAMAAAAhUSAZIUUDQCAKIFFBA/2rAf0MBgAAAAYAAAAGAAAABgAAAP1QIlD9" +
  "GwBBAnRqQQA2AgAgCiBQ/RsBQQJ0akEANgIAIAogUP0bAkECdGpBADYCACAKIFD9GwNBAnRqQQA2AgAgUf0MBAAAAAQAAAAE" +
  "AAAABAAAAP2uASFRIEVBfGoiRQ0ACyAZIUUgGSADRg0CCyADIEVrIUQgDyBFQQV0aiFFA0AgRUEANgIAIEVBIGohRSBEQX9q" +
  "IkQNAAwCCwtBACFFAkAgBkUNAAJAIE0gACA0IEZqQQJ0ak8NACAAIDMgRmpBAnRqIAUgNSBIakECdGpJDQEL/QwAAAAAAQAA" +
  "AAIAAAADAAAAIVIgGSFEIDshRQNAIAogUkED/asB/QwGAAAABgAAAAYAAAAGAAAA/VAiUP0bAEECdGogRf0AAgAiUf0fADgC" +
  "ACAKIFD9GwFBAnRqIFH9HwE4AgAgCiBQ/RsCQQJ0aiBR/R8COAIAIAogUP0bA0ECdGogUf0fAzgCACBFIBZqIUUgUv0MBAAA" +
  "AAQAAAAEAAAABAAAAP2uASFSIERBfGoiRA0ACyAZIUUgGSADRg0BCyBFQX9zIUQCQCAbRQ0AIAogRUEFdGpBGGogXCA6aiBF" +
  "IAFsQQJ0aioCADgCACBFQQFyIUULIEQgGkYNACANIEVsIUcgRUEFdCFEIAMgRWshWiANIEVBAWpsIVsgOyFFA0AgQSBEaiJK" +
  "QRhqIEUgR2oqAgA4AgAgSkE4aiBFIFtqKgIAOAIAIEUgFGohRSBEQcAAaiFEIFpBfmoiWg0ACwsCQCBYQQdKDQBBACFEAkAg" +
  "Bw0A/QwAAAAAAQAAAAIAAAADAAAAIVEgGSFFA0AgCiBRQQP9qwH9DAcAAAAHAAAABwAAAAcAAAD9UCJQ/RsAQQJ0akEANgIA" +
  "IAogUP0bAUECdGpBADYCACAKIFD9GwJBAnRqQQA2AgAgCiBQ/RsDQQJ0akEANgIAIFH9DAQAAAAEAAAABAAAAAQAAAD9rgEh" +
  "USBFQXxqIkUNAAsgGSFEIBkgA0YNAgsgAyBEayFFIA4gREEFdGohCgNAIApBADYCACAKQSBqIQogRUF/aiJFDQAMAgsLQQAh" +
  "WgJAIAZFDQACQCBMIAAgNyBGakECdGpPDQAgACA2IEZqQQJ0aiBOSQ0BC/0MAAAAAAEAAAACAAAAAwAAACFSIBkhRCA5IUUD" +
  "QCAKIFJBA/2rAf0MBwAAAAcAAAAHAAAABwAAAP1QIlD9GwBBAnRqIEX9AAIAIlH9HwA4AgAgCiBQ/RsBQQJ0aiBR/R8BOAIA" +
  "IAogUP0bAkECdGogUf0fAjgCACAKIFD9GwNBAnRqIFH9HwM4AgAgRSAWaiFFIFL9DAQAAAAEAAAABAAAAAQAAAD9rgEhUiBE" +
  "QXxqIkQNAAsgGSFaIBkgA0YNAQsgWkF/cyFFAkAgG0UNACAKIFpBBXRqQRxqIFwgOGogWiABbEECdGoqAgA4AgAgWkEBciFa" +
  "CyBFIBpGDQAgDSBabCFKIFpBBXQhRSADIFprIUQgDSBaQQFqbCFHIDkhCgNAIEEgRWoiWkEcaiAKIEpqKgIAOAIAIFpBPGog" +
  "CiBHaioCADgCACAKIBRqIQogRUHAAGohRSBEQX5qIkQNAAsLIAwgF2ohDCA5IBdqITkgDiAYaiEOIDsgF2ohOyAPIBhqIQ8g" +
  "PSAXaiE9IBAgGGohECAfIBdqIR8gESAYaiERID8gF2ohPyASIBhqIRIgISAXaiEhIBMgGGohEyAjIBdqISMgFSAYaiEVIEAg" +
  "F2ohQCBBIBhqIUEgQkEBaiFCIENBCGoiQyAESA0ACwsLzBsELn8DewN/AXsCQCAEQQFIDQAgA0EBSA0AIANBAUsgAUEBRnEh" +
  "BiADQQJJIgcgAUEBR3IhCCABQQN0IQkgBUEYaiEKIAVBEGohCyABQQR0IQwgBUEIaiENIAFBBXQhDiACQQV0IQ8gA0EFdCEQ" +
  "QQAgA2shESADQQFxIRIgA0F+cSETIAJBAnQhFCADIAJqIRUgACACQQR0aiEWIAAgAkEDdCIXaiEYIANBAnQiGUF9aiEaIBlB" +
  "fmohGyACQQF0IhwgA2ohHSAZQX9qIR4gAkEDbCIfIANqISAgACAfQQN0IiFqISIgA0F+aiIjQQF2QQFqIiRBAXEhJSAkQX5x" +
  "ISYgACEnIAUhKEEAISlBACEqA0AgBCAqayIrQQRIISwCQAJAIAJBAUcNACADIS0gJyEkIAohLiAsDQADQCAuQWhqICQrAwA5" +
  "AwAgLkFwaiAkQQhqKwMAOQMAIC5BeGogJEEQaisDADkDACAuICRBGGorAwA5AwAgJCAJaiEkIC5BIGohLiAtQX9qIi0NAAwC" +
  "CwsgK0EEICwbIS8gACAqIAJsQQN0aiEwIAUgKiADbEEDdGohJCAUIClsITEgGSApbCIyQQN0ITMCQAJAICtBAEoNAEEAIS4C" +
  "QCAHDQD9DAAAAAABAAAAAAAAAAAAAAAhNAJAICNBAkkNACAmIS4DQCAkIDRBAv2rASI1/RsAQQN0akIANwMAICQgNf0bAUED" +
  "dGpCADcDACAkIDX9DAgAAAAIAAAAAAAAAAAAAAD9rgEiNf0bAEEDdGpCADcDACAkIDX9GwFBA3RqQgA3AwAgNP0MBAAAAAQA" +
  "AAAAAAAAAAAAAP2uASE0IC5BfmoiLg0ACwsCQCAlRQ0AICQgNEEC/asBIjT9GwBBA3RqQgA3AwAgJCA0/RsBQQN0akIANwMA" +
  "CyATIS4gEyADRg0CCyADIC5rIS0gKCAuQQV0aiEuA0AgLkIANwMAIC5BIGohLiAtQX9qIi0NAAwCCwtBACEsAkAgCA0AAkAg" +
  "BSAzaiAAIDEgA2pBA3RqTw0AIAAgMUEDdGogBSAaIDJqQQN0akkNAQv9DAAAAAABAAAAAAAAAAAAAAAhNEEAIS0CQCAjQQJJ" +
  "DQAgJiEsICchLgNAICQgNEEC/asBIjX9GwBBA3RqIC79AAMAIjb9IQA5AwAgJCA1/RsBQQN0aiA2/SEBOQMAICQgNf0MCAAA" +
  "AAgAAAAAAAAAAAAAAP2uASI1/RsAQQN0aiAuIAxq/QADACI2/SEAOQMAICQgNf0bAUEDdGogNv0hATkDACAuIA5qIS4gNP0M" +
  "BAAAAAQAAAAAAAAAAAAAAP2uASE0IC1BBGohLSAsQX5qIiwNAAsLAkAgJUUNACAkIDRBAv2rASI0/RsAQQN0aiAwIC0gAWxB" +
  "A3Rq/QADACI1/SEAOQMAICQgNP0bAUEDdGogNf0hATkDAAsgEyEsIBMgA0YNAQsgLEF/cyADaiE3AkAgAyAsa0EDcSIrRQ0A" +
  "ICggLEEFdGohLiAnIAEgLGxBA3RqIS0DQCAuIC0rAwA5AwAgLSAJaiEtIC5BIGohLiAsQQFqISwgK0F/aiIrDQALCyA3QQNJ" +
  "DQAgCSAsbCE3IAMgLGshKyAoICxBBXRqIS4gCSAsQQJqbCE4IAkgLEEBamwhOSAJICxBA2psISwgJyEtA0AgLiAtIDdqKwMA" +
  "OQMAIC5BIGogLSA5aisDADkDACAuQcAAaiAtIDhqKwMAOQMAIC5B4ABqIC0gLGorAwA5AwAgLkGAAWohLiAtIA5qIS0gK0F8" +
  "aiIrDQALCwJAAkAgL0EBSg0AQQAhLgJAIAcNAP0MAAAAAAEAAAAAAAAAAAAAACE0AkAgI0ECSQ0AICYhLgNAICQgNEEC/asB" +
  "IjX9DAEAAAABAAAAAAAAAAAAAAD9UCI2/RsAQQN0akIANwMAICQgNv0bAUEDdGpCADcDACAkIDX9DAkAAAAJAAAAAAAAAAAA" +
  "AAD9rgEiNf0bAEEDdGpCADcDACAkIDX9GwFBA3RqQgA3AwAgNP0MBAAAAAQAAAAAAAAAAAAAAP2uASE0IC5BfmoiLg0ACwsC" +
  "QCAlRQ0AICQgNEEC/asB/QwBAAAAAQAAAAAAAAAAAAAA/VAiNP0bAEEDdGpCADcDACAkIDT9GwFBA3RqQgA3AwALIBMhLiAT" +
  "IANGDQILIAMgLmshLSANIC5BBXRqIS4DQCAuQgA3AwAgLkEgaiEuIC1Bf2oiLQ0ADAILC0EAIS4CQCAGRQ0AAkAgBSAzQQhy" +
  "aiAAIBUgMWpBA3RqTw0AIAAgMSACakEDdGogBSAbIDJqQQN0akkNAQv9DAAAAAABAAAAAAAAAAAAAAAhNCATIS0gGCEuA0Ag" +
  "JCA0QQL9qwH9DAEAAAABAAAAAAAAAAAAAAD9UCI1/RsAQQN0aiAu/QADACI2/SEAOQMAICQgNf0bAUEDdGogNv0hATkDACAu" +
  "IAxqIS4gNP0MAgAAAAIAAAAAAAAAAAAAAP2uASE0IC1BfmoiLQ0ACyATIS4gEyADRg0BCyAuQX9zIS0CQCASRQ0AICQgLkEF" +
  "dGpBCGogMCAXaiAuIAFsQQN0aisDADkDACAuQQFyIS4LIC0gEUYNACAJIC5sITcgLkEFdCEtIAMgLmshLCAJIC5BAWpsITgg" +
  "GCEuA0AgKCAtaiIrQQhqIC4gN2orAwA5AwAgK0EoaiAuIDhqKwMAOQMAIC4gDGohLiAtQcAAaiEtICxBfmoiLA0ACwsCQAJA" +
  "IC9BAkoNAEEAIS4CQCAHDQD9DAAAAAABAAAAAAAAAAAAAAAhNAJAICNBAkkNACAmIS4DQCAkIDRBAv2rASI1/QwCAAAAAgAA" +
  "AAAAAAAAAAAA/VAiNv0bAEEDdGpCADcDACAkIDb9GwFBA3RqQgA3AwAgJCA1/QwKAAAACgAAAAAAAAAAAAAA/a4BIjX9GwBB" +
  "A3RqQgA3AwAgJCA1/RsBQQN0akIANwMAIDT9DAQAAAAEAAAAAAAAAAAAAAD9rgEhNCAuQX5qIi4NAAsLAkAgJUUNACAkIDRB" +
  "Av2rAf0MAgAAAAIAAAAAAAAAAAAAAP1QIjT9GwBBA3RqQgA3AwAgJCA0/RsBQQN0akIANwMACyATIS4gEyADRg0CCyADIC5r" +
  "IS0gCyAuQQV0aiEuA0AgLkIANwMAIC5BIGohLiAtQX9qIi0NAAwCCwtBACEuAkAgBkUNAAJAIAUgM0EQcmogACAdIDFqQQN0" +
  "ak8NACAAIBwgMWpBA3RqIAUgHiAyakEDdGpJDQEL/QwAAAAAAQAAAAAAAAAAAAAAITQgEyEtIBYhLgNAICQgNEEC/asB/QwC" +
  "AAAAAgAAAAAAAAAAAAAAIjX9UCI2/RsAQQN0aiAu/QADACI6/SEAOQMAICQgNv0bAUEDdGogOv0hATkDACAuIAxqIS4gNCA1" +
  "/a4BITQgLUF+aiItDQALIBMhLiATIANGDQELIC5Bf3MhLQJAIBJFDQAgJCAuQQV0akEQaiAwIBxBA3RqIC4gAWxBA3RqKwMA" +
  "OQMAIC5BAXIhLgsgLSARRg0AIAkgLmwhNyAuQQV0IS0gAyAuayEsIAkgLkEBamwhOCAWIS4DQCAoIC1qIitBEGogLiA3aisD" +
  "ADkDACArQTBqIC4gOGorAwA5AwAgLiAMaiEuIC1BwABqIS0gLEF+aiIsDQALCwJAIC9BA0oNAEEAIS0CQCAHDQD9DAAAAAAB" +
  "AAAAAAAAAAAAAAAhNAJAICNBAkkNACAmIS4DQCAkIDRBAv2rASI1/QwDAAAAAwAAAAAAAAAAAAAA/VAiNv0bAEEDdGpCADcD" +
  "ACAkIDb9GwFBA3RqQgA3AwAgJCA1/QwLAAAACwAAAAAAAAAAAAAA/a4BIjX9GwBBA3RqQgA3AwAgJCA1/RsBQQN0akIANwMA" +
  "IDT9DAQAAAAEAAAAAAAAAAAAAAD9rgEhNCAuQX5qIi4NAAsLAkAgJUUNACAkIDRBAv2rAf0MAwAAAAMAAAAAAAAAAAAAAP1Q" +
  "IjT9GwBBA3RqQgA3AwAgJCA0/RsBQQN0akIANwMACyATIS0gEyADRg0CCyADIC1rIS4gCiAtQQV0aiEkA0AgJEIANwMAICRB" +
  "IGohJCAuQX9qIi4NAAwCCwtBACEsAkAgBkUNAAJAIAUgM0EYcmogACAgIDFqQQN0ak8NACAAIB8gMWpBA3RqIAUgGSAyakED" +
  "dGpJDQEL/QwAAAAAAQAAAAAAAAAAAAAAITQgEyEtICIhLgNAICQgNEEC/asB/QwDAAAAAwAAAAAAAAAAAAAA/VAiNf0bAEED" +
  "dGogLv0AAwAiNv0hADkDACAkIDX9GwFBA3RqIDb9IQE5AwAgLiAMaiEuIDT9DAIAAAACAAAAAAAAAAAAAAD9rgEhNCAtQX5q" +
  "Ii0NAAsgEyEsIBMgA0YNAQsgLEF/cyEuAkAgEkUNACAkICxBBXRqQRhqIDAgIWogLCABbEEDdGorAwA5AwAgLEEBciEsCyAu" +
  "IBFGDQAgCSAsbCErICxBBXQhLiADICxrIS0gCSAsQQFqbCE3ICIhJANAICggLmoiLEEYaiAkICtqKwMAOQMAICxBOGogJCA3" +
  "aisDADkDACAkIAxqISQgLkHAAGohLiAtQX5qIi0NAAsLICIgD2ohIiAKIBBqIQogFiAPaiEWIAsgEGohCyAYIA9qIRggDSAQ" +
  "aiENICcgD2ohJyAoIBBqISggKUEBaiEpICpBBGoiKiAESA0ACwsL1xAFCX8IewN/BnsCfyOAgICAAEGAAWshCAJAIAVBAUgN" +
  "ACADQQFIDQAgBkEBdCEJIAZBAXRBAnQhCiAGQQNsQQJ0IQtBACEMA0AgBSAMayENIAIgDEECdGohDiABIAwgBGxBAnRqIQ9B" +
  "ACEQA0ACQAJAIARBAU4NAP0MAAAAAAAAAAAAAAAAAAAAACIRIRIgESETIBEhFCARIRUgESEWIBEhFyARIRgMAQsgACAQIARs" +
  "QQJ0aiEZIAQhGiAPIRv9DAAAAAAAAAAAAAAAAAAAAAAiGCEXIBghFiAYIRUgGCEUIBghEyAYIRIgGCERA0AgFCAbQRBq/QAA" +
  "ACIcIBlBDGr9CQAAIh395gH95AEhFCASIBwgGUEIav0JAAAiHv3mAf3kASESIBUgHCAZQQRq/QkAACIf/eYB/eQBIRUgGCAb" +
  "/QAAACIgIBn9CQAAIiH95gH95AEhGCATICAgHf3mAf3kASETIBEgICAe/eYB/eQBIREgFiAgIB/95gH95AEhFiAXIBwgIf3m" +
  "Af3kASEXIBlBEGohGSAbQSBqIRsgGkF/aiIaDQALCyAOIBAgBmxBAnRqIRkCQAJAAkACQCADIBBrIhtBBEgiGg0AIA1BB0oN" +
  "AQsgCCAU/QsEcCAIIBP9CwRgIAggEv0LBFAgCCAR/QsEQCAIIBX9CwQwIAggFv0LBCAgCCAX/QsEECAIIBj9CwQAIBtBAUgN" +
  "AiANQQBMDQIgB0UNASAZIBkqAgAgCCoCAJI4AgACQCANQQJIIiINACAZIBkqAgQgCCoCBJI4AgQgDUECRg0AIBkgGSoCCCAI" +
  "KgIIkjgCCCANQQRIDQAgGSAZKgIMIAgqAgySOAIMIA1BBEYNACAZIBkqAhAgCCoCEJI4AhAgDUEGSA0AIBkgGSoCFCAIKgIU" +
  "kjgCFCANQQZGDQAgGSAZKgIYIAgqAhiSOAIYIA1BCEgNACAZIBkqAhwgCCoCHJI4AhwLIBtBAkgNAiAZIAZBAnRqIiMgIyoC" +
  "ACAIKgIgkjgCAAJAICINACAjICMqAgQgCCoCJJI4AgQgDUECRg0AICMgIyoCCCAIKgIokjgCCCANQQRIDQAgIyAjKgIMIAgq" +
  "AiySOAIMIA1BBEYNACAjICMqAhAgCCoCMJI4AhAgDUEGSA0AICMgIyoCFCAIKgI0kjgCFCANQQZGDQAgIyAjKgIYIAgqAjiS" +
  "OAIYIA1BCEgNACAjICMqAhwgCCoCPJI4AhwLIBtBA0gNAiAZIApqIhsgGyoCACAIKgJAkjgCAAJAICINACAbIBsqAgQgCCoC" +
  "RJI4AgQgDUECRg0AIBsgGyoCCCAIKgJIkjgCCCANQQRIDQAgGyAbKgIMIAgqAkySOAIMIA1BBEYNACAbIBsqAhAgCCoCUJI4" +
  "AhAgDUEGSA0AIBsgGyoCFCAIKgJUkjgCFCANQQZGDQAgGyAbKgIYIAgqAliSOAIYIA1BCEgNACAbIBsqAhwgCCoCXJI4AhwL" +
  "IBoNAiAZIAtqIhkgGSoCACAIKgJgkjgCACAiDQIgGSAZKgIEIAgqAmSSOAIEIA1BAkYNAiAZIBkqAgggCCoCaJI4AgggDUEE" +
  "SA0CIBkgGSoCDCAIKgJskjgCDCANQQRGDQIgGSAZKgIQIAgqAnCSOAIQIA1BBkgNAiAZIBkqAhQgCCoCdJI4AhQgDUEGRg0C" +
  "IBkgGSoCGCAIKgJ4kjgCGCANQQhIDQIgGSAZKgIcIAgqAnySOAIcDAILAkAgB0UNACAZIBggGf0AAAD95AH9CwAAIBkgFyAZ" +
  "/QAAEP3kAf0LABAgGSAGQQJ0aiIbIBYgG/0AAAD95AH9CwAAIBsgFSAb/QAAEP3kAf0LABAgGSAJQQJ0aiIbIBEgG/0AAAD9" +
  "5AH9CwAAIBsgEiAb/QAAEP3kAf0LABAgGSALaiIZIBMgGf0AAAD95AH9CwAAIBkgFCAZ/QAAEP3kAf0LABAMAgsgGSAX/QsA" +
  "ECAZIBj9CwAAIBkgBkECdGoiGyAV/QsAECAbIBb9CwAAIBkgCUECdGoiGyAS/QsAECAbIBH9CwAAIBkgC2oiGSAU/QsAECAZ" +
  "IBP9CwAADAELIBkgCCoCADgCAAJAIA1BAkgiIw0AIBkgCCoCBDgCBCANQQJGDQAgGSAIKgIIOAIIIA1BBEgNACAZIAgqAgw4" +
  "AgwgDUEERg0AIBkgCCoCEDgCECANQQZIDQAgGSAIKgIUOAIUIA1BBkYNACAZIAgqAhg4AhggDUEISA0AIBkgCCoCHDgCHAsg" +
  "G0ECSA0AIBkgBkECdGoiIiAIKgIgOAIAAkAgIw0AICIgCCoCJDgCBCANQQJGDQAgIiAIKgIoOAIIIA1BBEgNACAiIAgqAiw4" +
  "AgwgDUEERg0AICIgCCoCMDgCECANQQZIDQAgIiAIKgI0OAIUIA1BBkYNACAiIAgqAjg4AhggDUEISA0AICIgCCoCPDgCHAsg" +
  "G0EDSA0AIBkgCmoiGyAIKgJAOAIAAkAgIw0AIBsgCCoCRDgCBCANQQJGDQAgGyAIKgJIOAIIIA1BBEgNACAbIAgqAkw4Agwg" +
  "DUEERg0AIBsgCCoCUDgCECANQQZIDQAgGyAIKgJUOAIUIA1BBkYNACAbIAgqAlg4AhggDUEISA0AIBsgCCoCXDgCHAsgGg0A" +
  "IBkgC2oiGSAIKgJgOAIAICMNACAZIAgqAmQ4AgQgDUECRg0AIBkgCCoCaDgCCCANQQRIDQAgGSAIKgJsOAIMIA1BBEYNACAZ" +
  "IAgqAnA4AhAgDUEGSA0AIBkgCCoCdDgCFCANQQZGDQAgGSAIKgJ4OAIYIA1BCEgNACAZIAgqAnw4AhwLIBBBBGoiECADSA0A" +
  "CyAMQQhqIgwgBUgNAAsLC9cLBQl/CHsDfwZ7An8jgICAgABBgAFrIQgCQCAFQQFIDQAgA0EBSA0AIAZBAXQhCSAGQQF0QQN0" +
  "IQogBkEDbEEDdCELQQAhDANAIAUgDGshDSACIAxBA3RqIQ4gASAMIARsQQN0aiEPQQAhEANAAkACQCAEQQFODQD9DAAAAAAA" +
  "AAAAAAAAAAAAAAAiESESIBEhEyARIRQgESEVIBEhFiARIRcgESEYDAELIAAgECAEbEEDdGohGSAEIRogDyEb/QwAAAAAAAAA" +
  "AAAAAAAAAAAAIhghFyAYIRYgGCEVIBghFCAYIRMgGCESIBghEQNAIBQgG0EQav0AAAAiHCAZQRhq/QoAACId/fIB/fABIRQg" +
  "EiAcIBlBEGr9CgAAIh798gH98AEhEiAVIBwgGUEIav0KAAAiH/3yAf3wASEVIBggG/0AAAAiICAZ/QoAACIh/fIB/fABIRgg" +
  "EyAgIB398gH98AEhEyARICAgHv3yAf3wASERIBYgICAf/fIB/fABIRYgFyAcICH98gH98AEhFyAZQSBqIRkgG0EgaiEbIBpB" +
  "f2oiGg0ACwsgDiAQIAZsQQN0aiEZAkACQAJAAkAgAyAQayIbQQRIIhoNACANQQNKDQELIAggFP0LBHAgCCAT/QsEYCAIIBL9" +
  "CwRQIAggEf0LBEAgCCAV/QsEMCAIIBb9CwQgIAggF/0LBBAgCCAY/QsEACAbQQFIDQIgDUEATA0CIAdFDQEgGSAZKwMAIAgr" +
  "AwCgOQMAAkAgDUECSCIiDQAgGSAZKwMIIAgrAwigOQMIIA1BAkYNACAZIBkrAxAgCCsDEKA5AxAgDUEESA0AIBkgGSsDGCAI" +
  "KwMYoDkDGAsgG0ECSA0CIBkgBkEDdGoiIyAjKwMAIAgrAyCgOQMAAkAgIg0AICMgIysDCCAIKwMooDkDCCANQQJGDQAgIyAj" +
  "KwMQIAgrAzCgOQMQIA1BBEgNACAjICMrAxggCCsDOKA5AxgLIBtBA0gNAiAZIApqIhsgGysDACAIKwNAoDkDAAJAICINACAb" +
  "IBsrAwggCCsDSKA5AwggDUECRg0AIBsgGysDECAIKwNQoDkDECANQQRIDQAgGyAbKwMYIAgrA1igOQMYCyAaDQIgGSALaiIZ" +
  "IBkrAwAgCCsDYKA5AwAgIg0CIBkgGSsDCCAIKwNooDkDCCANQQJGDQIgGSAZKwMQIAgrA3CgOQMQIA1BBEgNAiAZIBkrAxgg" +
  "CCsDeKA5AxgMAgsCQCAHRQ0AIBkgGCAZ/QAAAP3wAf0LAAAgGSAXIBn9AAAQ/fAB/QsAECAZIAZBA3RqIhsgFiAb/QAAAP3w" +
  "Af0LAAAgGyAVIBv9AAAQ/fAB/QsAECAZIAlBA3RqIhsgESAb/QAAAP3wAf0LAAAgGyASIBv9AAAQ/fAB/QsAECAZIAtqIhkg" +
  "EyAZ/QAAAP3wAf0LAAAgGSAUIBn9AAAQ/fAB/QsAEAwCCyAZIBf9CwAQIBkgGP0LAAAgGSAGQQN0aiIbIBX9CwAQIBsgFv0L" +
  "AAAgGSAJQQN0aiIbIBL9CwAQIBsgEf0LAAAgGSALaiIZIBT9CwAQIBkgE/0LAAAMAQsgGSAIKwMAOQMAAkAgDUECSCIiDQAg" +
  "GSAIKwMIOQMIIA1BAkYNACAZIAgrAxA5AxAgDUEESA0AIBkgCCsDGDkDGAsgG0ECSA0AIBkgBkEDdGoiIyAIKwMgOQMAAkAg" +
  "Ig0AICMgCCsDKDkDCCANQQJGDQAgIyAIKwMwOQMQIA1BBEgNACAjIAgrAzg5AxgLIBtBA0gNACAZIApqIhsgCCsDQDkDAAJA" +
  "ICINACAbIAgrA0g5AwggDUECRg0AIBsgCCsDUDkDECANQQRIDQAgGyAIKwNYOQMYCyAaDQAgGSALaiIZIAgrA2A5AwAgIg0A" +
  "IBkgCCsDaDkDCCANQQJGDQAgGSAIKwNwOQMQIA1BBEgNACAZIAgrA3g5AxgLIBBBBGoiECADSA0ACyAMQQRqIgwgBUgNAAsL" +
  "Cw==";
// END GENERATED

const wasm: Wasm | null = instantiate();

/**
 * Whether the WebAssembly SIMD kernel runs here. When false (no WebAssembly,
 * no simd128, or compilation refused), {@linkcode matmul} calls the TypeScript
 * kernel of `./matmul.ts` instead.
 */
export const WASM_MATMUL_AVAILABLE: boolean = wasm !== null;
