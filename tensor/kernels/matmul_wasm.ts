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

/**
 * Compiles and instantiates the module (the relaxed-simd build where the
 * engine validates it, else the plain simd128 one), or returns null where
 * neither can run.
 */
function instantiate(): Wasm | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    let bytes = decodeBase64(MATMUL_RELAXED);
    if (!WebAssembly.validate(bytes)) bytes = decodeBase64(MATMUL_SIMD128);
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

// BEGIN GENERATED MATMUL_SIMD128 by tensor/kernels/wasm/build.ts from matmul.c (16109 bytes)
const MATMUL_SIMD128 =
  "AGFzbQEAAAABFQJgBn9/f39/fwBgCH9/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwcGAAAAAAEBBAUBcAEBAQYPAn8BQYCA" +
  "BAt/AEGAgAQLB1kHCnBhY2tfYV9mNjQAAApwYWNrX2FfZjMyAAEKcGFja19iX2Y2NAACCnBhY2tfYl9mMzIAAwhnZW1tX2Yz" +
  "MgAECGdlbW1fZjY0AAULX19oZWFwX2Jhc2UDAQq+fAayAwINfwF8AkAgA0EBSA0AIARBAUgNACABQQN0IQYgAUEEdCEHIAFB" +
  "GGwhCCACQQN0IQkgAUEFdCEKIARBBXQhCyAFQRBqIQxBACENA0AgBSEBIAQhDiAAIQIgBCEPIAAhECAMIRECQAJAIAMgDWsi" +
  "EkEDTA0AA0AgASACKwMAOQMAIAFBCGogAiAGaisDADkDACABQRBqIAIgB2orAwA5AwAgAUEYaiACIAhqKwMAOQMAIAFBIGoh" +
  "ASACIAlqIQIgDkF/aiIODQAMAgsLA0ACQAJAIBJBAEwNACAQKwMAIRMMAQtEAAAAAAAAAAAhEwsgEUFwaiATOQMAAkACQAJA" +
  "AkAgEkEBSg0AIBFBeGpCADcDAAwBCyARQXhqIBAgBmorAwA5AwAgEkECSw0BCyARQgA3AwBEAAAAAAAAAAAhEwwBCyARIBAg" +
  "B2orAwA5AwBEAAAAAAAAAAAhEyASQQRJDQAgECAIaisDACETCyARQQhqIBM5AwAgECAJaiEQIBFBIGohESAPQX9qIg8NAAsL" +
  "IAUgC2ohBSAAIApqIQAgDCALaiEMIA1BBGoiDSADSA0ACwsLnw4GH38BfQF/BnsBfwN7AkAgA0EBSA0AIARBAnQiBiABQQJ0" +
  "IgdqIQggAUEDdCIJIAZqIQogAUEMbCILIAZqIQwgAUEBRyAEQQFIIg1yIQ4gBUEIaiEPIAJBAnQhECACQQxsIREgAkEEdCES" +
  "IAFBBHQhEyACQQN0IRQgBEEEdCEVIAVBIGohFiAEQXxxIRcgBEEDcSEYIAAgB2ohGSAAIAlqIRogACALaiEbIARBf2pBA0kh" +
  "HCAFIR0gACEeQQAhH0EAISADQAJAAkAgAyAgayIhQQNKDQAgDQ0BICFBBCAhQQRIGyEiIB4hIyAEISQgDyEBA0ACQAJAICFB" +
  "AU4NAEMAAAAAISUMAQsgIyoCACElCyABQXhqICU4AgACQAJAAkACQCAiQQFKDQAgAUF8akEANgIADAELIAFBfGogIyAHaioC" +
  "ADgCACAiQQJLDQELIAFBADYCAEMAAAAAISUMAQsgASAjIAlqKgIAOAIAQwAAAAAhJSAiQQRJDQAgIyALaioCACElCyABQQRq" +
  "ICU4AgAgIyAQaiEjIAFBEGohASAkQX9qIiQNAAwCCwsCQAJAIAJBAUciJg0AQQAhISAEQQRIDQFBACEkIB0hASAeISMDQCAB" +
  "QTBqICP9AAAAIicgIyAHav0AAAAiKP0NCAkKCxgZGhsMDQ4PHB0eHyIpICMgCWr9AAAAIiogIyALav0AAAAiK/0NCAkKCxgZ" +
  "GhsMDQ4PHB0eHyIs/Q0ICQoLDA0ODxgZGhscHR4f/QsAACABQSBqICkgLP0NAAECAwQFBgcQERITFBUWF/0LAAAgAUEQaiAn" +
  "ICj9DQABAgMQERITBAUGBxQVFhciJyAqICv9DQABAgMQERITBAUGBxQVFhciKP0NCAkKCwwNDg8YGRobHB0eH/0LAAAgASAn" +
  "ICj9DQABAgMEBQYHEBESExQVFhf9CwAAIAFBwABqIQEgI0EQaiEjICRBCGohIiAkQQRqIiEhJCAiIARMDQAMAgsLQQAhISAO" +
  "DQBBACEkAkAgHA0AQQAhJCAeIQEgFiEjA0AgI0FgaiAB/QAAAP0LAAAgI0FwaiABIBBq/QAAAP0LAAAgIyABIBRq/QAAAP0L" +
  "AAAgI0EQaiABIBFq/QAAAP0LAAAgASASaiEBICNBwABqISMgFyAkQQRqIiRHDQALCyAYRQ0BIB0gJEEEdGohASAeIBAgJGxq" +
  "ISMgGCEkA0AgASAj/QAAAP0LAAAgAUEQaiEBICMgEGohIyAkQX9qIiQNAAwCCwsgISAETg0AAkAgBCAhayItQSBJDQAgJg0A" +
  "IAUgFSAfbCIiaiAhQQR0aiIjIAAgDCATIB9sIgFqakkgACALIAFqaiAhQQJ0IiRqIAUgFSAiamoiIklxDQAgIyAAIAogAWpq" +
  "SSAAIAkgAWpqICRqICJJcQ0AICMgACAIIAFqakkgACAHIAFqaiAkaiAiSXENACAjIAAgBiABampJIAAgAWogJGogIklxDQAg" +
  "BSAgIARsQQJ0aiEBIBAgIWwhIyAh/RH9DAAAAAABAAAAAgAAAAMAAAD9UCEuICEgLUF8cSIiaiEhICIhJANAIAEgLkEC/asB" +
  "Iif9GwBBAnRqIB4gI2r9AAIAIij9HwA4AgAgASAn/QwBAAAAAQAAAAEAAAABAAAA/VAiKf0bAEECdGogGSAjav0AAgAiKv0f" +
  "ADgCACABICf9DAIAAAACAAAAAgAAAAIAAAD9UCIr/RsAQQJ0aiAaICNq/QACACIs/R8AOAIAIAEgJ/0MAwAAAAMAAAADAAAA" +
  "AwAAAP1QIi/9GwBBAnRqIBsgI2r9AAIAIjD9HwA4AgAgASAn/RsBQQJ0aiAo/R8BOAIAIAEgKf0bAUECdGogKv0fATgCACAB" +
  "ICv9GwFBAnRqICz9HwE4AgAgASAv/RsBQQJ0aiAw/R8BOAIAIAEgJ/0bAkECdGogKP0fAjgCACABICn9GwJBAnRqICr9HwI4" +
  "AgAgASAr/RsCQQJ0aiAs/R8COAIAIAEgL/0bAkECdGogMP0fAjgCACABICf9GwNBAnRqICj9HwM4AgAgASAp/RsDQQJ0aiAq" +
  "/R8DOAIAIAEgK/0bA0ECdGogLP0fAzgCACABIC/9GwNBAnRqIDD9HwM4AgAgIyASaiEjIC79DAQAAAAEAAAABAAAAAQAAAD9" +
  "rgEhLiAkQXxqIiQNAAsgLSAiRg0BCyAQICFsIQEgBCAhayEkIB0gIUEEdGohIwNAICMgHiABaioCADgCACAjQQRqIBkgAWoq" +
  "AgA4AgAgI0EIaiAaIAFqKgIAOAIAICNBDGogGyABaioCADgCACAjQRBqISMgASAQaiEBICRBf2oiJA0ACwsgDyAVaiEPIBkg" +
  "E2ohGSAaIBNqIRogGyATaiEbIB0gFWohHSAeIBNqIR4gFiAVaiEWIB9BAWohHyAgQQRqIiAgA0gNAAsLC+QVBCl/A3sDfwF7" +
  "AkAgBEEBSA0AIANBAUgNACADQQVLIAFBAUYiBnEhByADQQdLIAZxIQggA0EDdCIJIAJBA3QiCmohCyACQQR0IgwgCWohDSAC" +
  "QRhsIg4gCWohDyABQQN0IRAgBUEYaiERIAVBEGohEiAFQQhqIRMgAUEFdCEUIAFBBHQhFSACQQV0IRZBACADayEXIANBAXEh" +
  "GCADQX5xIRkgACAOaiEaIAAgDGohGyAAIApqIRwgA0EFdCIdQWhqIR4gHUFwaiEfIB1BeGohICACQQF0QQN0ISEgAkEDbEED" +
  "dCEiIAAhIyAFISRBACElQQAhJgNAIAQgJmsiJ0EESCEoAkACQCACQQFHDQAgAyEpICMhBiARISogKA0AA0AgKkFoaiAGKwMA" +
  "OQMAICpBcGogBkEIaisDADkDACAqQXhqIAZBEGorAwA5AwAgKiAGQRhqKwMAOQMAIAYgEGohBiAqQSBqISogKUF/aiIpDQAM" +
  "AgsLICdBBCAoGyErIBYgJWwhLCAdICVsIS0gJiACbEEDdCEuIAUgJiADbEEDdGohBgJAAkAgJ0EASg0AQQAhKgJAIANBAkkN" +
  "AP0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKgNAIAYgL0EC/asBIjD9GwBBA3RqQgA3AwAgBiAw/RsBQQN0akIANwMAIC/9DAIA" +
  "AAACAAAAAgAAAAIAAAD9rgEhLyAqQX5qIioNAAsgGSEqIBkgA0YNAgsgAyAqayEpICQgKkEFdGohKgNAICpCADcDACAqQSBq" +
  "ISogKUF/aiIpDQAMAgsLQQAhKAJAIAhFDQACQCAFIC1qIAAgCSAsampPDQAgACAsaiAFIB4gLWpqSQ0BC/0MAAAAAAEAAAAA" +
  "AAAAAAAAACEvIBkhKSAjISoDQCAGIC9BAv2rASIw/RsAQQN0aiAq/QADACIx/SEAOQMAIAYgMP0bAUEDdGogMf0hATkDACAq" +
  "IBVqISogL/0MAgAAAAIAAAACAAAAAgAAAP2uASEvIClBfmoiKQ0ACyAZISggGSADRg0BCyAoQX9zIANqITICQCADIChrQQNx" +
  "IidFDQAgIyAQIChsaiEqICQgKEEFdGohKQNAICkgKisDADkDACAqIBBqISogKUEgaiEpIChBAWohKCAnQX9qIicNAAsLIDJB" +
  "A0kNACAQIChsITIgAyAoayEnICQgKEEFdGohKiAQIChBAmpsITMgECAoQQFqbCE0IBAgKEEDamwhKCAjISkDQCAqICkgMmor" +
  "AwA5AwAgKkEgaiApIDRqKwMAOQMAICpBwABqICkgM2orAwA5AwAgKkHgAGogKSAoaisDADkDACAqQYABaiEqICkgFGohKSAn" +
  "QXxqIicNAAsLIAAgLmohNAJAAkAgK0EBSg0AQQAhKgJAIANBAkkNAP0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKgNAIAYgL0EC" +
  "/asB/QwBAAAAAQAAAAEAAAABAAAA/VAiMP0bAEEDdGpCADcDACAGIDD9GwFBA3RqQgA3AwAgL/0MAgAAAAIAAAACAAAAAgAA" +
  "AP2uASEvICpBfmoiKg0ACyAZISogGSADRg0CCyADICprISkgEyAqQQV0aiEqA0AgKkIANwMAICpBIGohKiApQX9qIikNAAwC" +
  "CwtBACEqAkAgB0UNAAJAIAUgLUEIcmogACALICxqak8NACAAIAogLGpqIAUgHyAtampJDQEL/QwAAAAAAQAAAAAAAAAAAAAA" +
  "IS8gGSEpIBwhKgNAIAYgL0EC/asB/QwBAAAAAQAAAAEAAAABAAAA/VAiMP0bAEEDdGogKv0AAwAiMf0hADkDACAGIDD9GwFB" +
  "A3RqIDH9IQE5AwAgKiAVaiEqIC/9DAIAAAACAAAAAgAAAAIAAAD9rgEhLyApQX5qIikNAAsgGSEqIBkgA0YNAQsgKkF/cyEp" +
  "AkAgGEUNACAGICpBBXRqQQhqIDQgCmogKiABbEEDdGorAwA5AwAgKkEBciEqCyApIBdGDQAgECAqbCEyICpBBXQhKSADICpr" +
  "ISggECAqQQFqbCEzIBwhKgNAICQgKWoiJ0EIaiAqIDJqKwMAOQMAICdBKGogKiAzaisDADkDACAqIBVqISogKUHAAGohKSAo" +
  "QX5qIigNAAsLAkACQCArQQJKDQBBACEqAkAgA0ECSQ0A/QwAAAAAAQAAAAAAAAAAAAAAIS8gGSEqA0AgBiAvQQL9qwH9DAIA" +
  "AAACAAAAAgAAAAIAAAAiMP1QIjH9GwBBA3RqQgA3AwAgBiAx/RsBQQN0akIANwMAIC8gMP2uASEvICpBfmoiKg0ACyAZISog" +
  "GSADRg0CCyADICprISkgEiAqQQV0aiEqA0AgKkIANwMAICpBIGohKiApQX9qIikNAAwCCwtBACEqAkAgB0UNAAJAIAUgLUEQ" +
  "cmogACANICxqak8NACAAIAwgLGpqIAUgICAtampJDQEL/QwAAAAAAQAAAAAAAAAAAAAAIS8gGSEpIBshKgNAIAYgL0EC/asB" +
  "/QwCAAAAAgAAAAIAAAACAAAAIjD9UCIx/RsAQQN0aiAq/QADACI1/SEAOQMAIAYgMf0bAUEDdGogNf0hATkDACAqIBVqISog" +
  "LyAw/a4BIS8gKUF+aiIpDQALIBkhKiAZIANGDQELICpBf3MhKQJAIBhFDQAgBiAqQQV0akEQaiA0ICFqICogAWxBA3RqKwMA" +
  "OQMAICpBAXIhKgsgKSAXRg0AIBAgKmwhMiAqQQV0ISkgAyAqayEoIBAgKkEBamwhMyAbISoDQCAkIClqIidBEGogKiAyaisD" +
  "ADkDACAnQTBqICogM2orAwA5AwAgKiAVaiEqIClBwABqISkgKEF+aiIoDQALCwJAICtBA0oNAEEAISkCQCADQQJJDQD9DAAA" +
  "AAABAAAAAAAAAAAAAAAhLyAZISoDQCAGIC9BAv2rAf0MAwAAAAMAAAADAAAAAwAAAP1QIjD9GwBBA3RqQgA3AwAgBiAw/RsB" +
  "QQN0akIANwMAIC/9DAIAAAACAAAAAgAAAAIAAAD9rgEhLyAqQX5qIioNAAsgGSEpIBkgA0YNAgsgAyApayEqIBEgKUEFdGoh" +
  "BgNAIAZCADcDACAGQSBqIQYgKkF/aiIqDQAMAgsLQQAhKAJAIAdFDQACQCAFIC1BGHJqIAAgDyAsampPDQAgACAOICxqaiAF" +
  "IB0gLWpqSQ0BC/0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKSAaISoDQCAGIC9BAv2rAf0MAwAAAAMAAAADAAAAAwAAAP1QIjD9" +
  "GwBBA3RqICr9AAMAIjH9IQA5AwAgBiAw/RsBQQN0aiAx/SEBOQMAICogFWohKiAv/QwCAAAAAgAAAAIAAAACAAAA/a4BIS8g" +
  "KUF+aiIpDQALIBkhKCAZIANGDQELIChBf3MhKgJAIBhFDQAgBiAoQQV0akEYaiA0ICJqICggAWxBA3RqKwMAOQMAIChBAXIh" +
  "KAsgKiAXRg0AIBAgKGwhJyAoQQV0ISogAyAoayEpIBAgKEEBamwhMiAaIQYDQCAkICpqIihBGGogBiAnaisDADkDACAoQThq" +
  "IAYgMmorAwA5AwAgBiAVaiEGICpBwABqISogKUF+aiIpDQALCyAaIBZqIRogESAdaiERIBsgFmohGyASIB1qIRIgHCAWaiEc" +
  "IBMgHWohEyAjIBZqISMgJCAdaiEkICVBAWohJSAmQQRqIiYgBEgNAAsLC+M4A0F/BnsEfwJAIARBAUgNACADQQJ0IgYgAkEC" +
  "dCIHaiEIIAJBA3QiCSAGaiEKIAJBDGwiCyAGaiEMIAJBBHQiDSAGaiEOIAJBFGwiDyAGaiEQIAJBGGwiESAGaiESIAJBHGwi" +
  "EyAGaiEUIAVBMGohFSABQQJ0IRYgBUEcaiEXIAVBGGohGCAFQRRqIRkgBUEQaiEaIAVBDGohGyAFQQhqIRwgAUEDdCEdIAVB" +
  "BGohHiABQQR0IR8gAkEFdCEgIANBAXEhIUEAIANrISIgA0F/aiEjQQAgA0F+cWshJCAAIBNqISUgACARaiEmIAAgD2ohJyAA" +
  "IA1qISggACALaiEpIAAgCWohKiAAIAdqISsgA0EFdCIsQWRqIS0gLEFoaiEuICxBbGohLyAsQXBqITAgLEF0aiExICxBeGoh" +
  "MiAsQXxqITMgAUEBRiADQQNKcUEBcyE0IAJBAXRBAnQhNSACQQNsQQJ0ITYgAkEFbEECdCE3IAJBBmxBAnQhOCACQQdsQQJ0" +
  "ITkgBSE6IAAhO0EAITxBACE9A0AgBCA9ayI+QQhIIT8gACA9IAJsQQJ0aiFAIAUgPSADbEECdGohQQJAAkAgAkEBRw0AID8N" +
  "ACADQQFIDQECQAJAICMNAEEAIUIMAQtBACFDIDshRCAVIUIDQCBCQVBqIET9AAAA/QsAACBCQWBqIERBEGr9AAAA/QsAACBC" +
  "QXBqIEQgFmoiRf0AAAD9CwAAIEIgRUEQav0AAAD9CwAAIEQgHWohRCBCQcAAaiFCICQgQ0F+aiJDRw0AC0EAIENrIUILICFF" +
  "DQEgQSBCQQV0aiJBIEAgQiABbEECdGoiQv0AAAD9CwAAIEEgQv0AABD9CwAQDAELQQAhRgJAIDQgP3INAEEAIUMgOiFCIDsh" +
  "RANAIEJB4ABqIET9AAAAIkcgRCAHaiJF/QAAACJI/Q0ICQoLGBkaGwwNDg8cHR4fIkkgRSAHaiJF/QAAACJKIEUgB2oiRf0A" +
  "AAAiS/0NCAkKCxgZGhsMDQ4PHB0eHyJM/Q0ICQoLDA0ODxgZGhscHR4f/QsAACBCQcAAaiBJIEz9DQABAgMEBQYHEBESExQV" +
  "Fhf9CwAAIEJBIGogRyBI/Q0AAQIDEBESEwQFBgcUFRYXIkcgSiBL/Q0AAQIDEBESEwQFBgcUFRYXIkj9DQgJCgsMDQ4PGBka" +
  "GxwdHh/9CwAAIEIgRyBI/Q0AAQIDBAUGBxAREhMUFRYX/QsAACBCQfAAaiBFIAdqIkX9AAAAIkcgRSAHaiJF/QAAACJI/Q0I" +
  "CQoLGBkaGwwNDg8cHR4fIkkgRSAHaiJF/QAAACJKIEUgB2r9AAAAIkv9DQgJCgsYGRobDA0ODxwdHh8iTP0NCAkKCwwNDg8Y" +
  "GRobHB0eH/0LAAAgQkHQAGogSSBM/Q0AAQIDBAUGBxAREhMUFRYX/QsAACBCQTBqIEcgSP0NAAECAxAREhMEBQYHFBUWFyJH" +
  "IEogS/0NAAECAxAREhMEBQYHFBUWFyJI/Q0ICQoLDA0ODxgZGhscHR4f/QsAACBCQRBqIEcgSP0NAAECAwQFBgcQERITFBUW" +
  "F/0LAAAgQkGAAWohQiBEQRBqIUQgQ0EIaiFFIENBBGoiRiFDIEUgA0wNAAsLICAgPGwhTSAsIDxsIU4gPkEIID8bIU8CQAJA" +
  "ID5BAEoNACBGIANODQEgRiFDAkAgAyBGayJEQQRJDQAgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSCBGIERBfHEiRWohQyBF" +
  "IUIDQCBBIEhBA/2rASJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEA" +
  "NgIAIEj9DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBFRg0CCyADIENrIUQgOiBDQQV0aiFCA0AgQkEANgIA" +
  "IEJBIGohQiBEQX9qIkQNAAwCCwsgRiADTg0AIEYhQwJAIAMgRmsiRUEMSQ0AIEYhQyABQQFHDQACQCAFIE5qIEZBBXRqIAAg" +
  "BiBNampPDQAgRiFDIAAgTWogRkECdGogBSAtIE5qakkNAQsgOyAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkg" +
  "RiBFQXxxIj9qIUMgPyFEA0AgQSBJQQP9qwEiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH" +
  "/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSf0MBAAAAAQAAAAEAAAABAAAAP2uASFJIERBfGoi" +
  "RA0ACyBFID9GDQELICMgQ2shPwJAIAMgQ2tBA3EiRUUNACA7IBYgQ2xqIUIgOiBDQQV0aiFEA0AgRCBCKgIAOAIAIEIgFmoh" +
  "QiBEQSBqIUQgQ0EBaiFDIEVBf2oiRQ0ACwsgP0EDSQ0AIBYgQ2whPyADIENrIUUgOiBDQQV0aiFCIBYgQ0ECamwhPiAWIENB" +
  "AWpsIVAgFiBDQQNqbCFDIDshRANAIEIgRCA/aioCADgCACBCQSBqIEQgUGoqAgA4AgAgQkHAAGogRCA+aioCADgCACBCQeAA" +
  "aiBEIENqKgIAOAIAIEJBgAFqIUIgRCAfaiFEIEVBfGoiRQ0ACwsCQAJAAkACQCBPQQFKDQAgRiADTg0EIEYhQwJAIAMgRmsi" +
  "REEESQ0AIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUggRiBEQXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAEAAAABAAAAAQAA" +
  "AAEAAAD9UCJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9" +
  "DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBFRg0CCyADIENrIUQgHiBDQQV0aiFCA0AgQkEANgIAIEJBIGoh" +
  "QiBEQX9qIkQNAAwCCwsgRiADTg0BIEYhRQJAIAMgRmsiQ0EMSQ0AIEYhRSABQQFHDQACQCAFIE5BBHJqIEZBBXRqIAAgCCBN" +
  "ampPDQAgRiFFIAAgByBNamogRkECdGogBSAuIE5qakkNAQsgKyAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkg" +
  "RiBDQXxxIj9qIUUgPyFEA0AgQSBJQQP9qwH9DAEAAAABAAAAAQAAAAEAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEg" +
  "R/0bAUECdGogSP0fATgCACBBIEf9GwJBAnRqIEj9HwI4AgAgQSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAA" +
  "AAQAAAAEAAAA/a4BIUkgREF8aiJEDQALIEMgP0YNAQsgRUF/cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQQRqIEAgB2ogRSAB" +
  "bEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQAgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBFQQFqbCE+ICshQgNAIDogRGoiRUEE" +
  "aiBCID9qKgIAOAIAIEVBJGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMNAAsLAkAgT0ECSg0AIEYgA04NAyBG" +
  "IUMCQCADIEZrIkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFIIEYgREF8cSJFaiFDIEUhQgNAIEEgSEED/asB/QwC" +
  "AAAAAgAAAAIAAAACAAAA/VAiR/0bAEECdGpBADYCACBBIEf9GwFBAnRqQQA2AgAgQSBH/RsCQQJ0akEANgIAIEEgR/0bA0EC" +
  "dGpBADYCACBI/QwEAAAABAAAAAQAAAAEAAAA/a4BIUggQkF8aiJCDQALIEQgRUYNAwsgAyBDayFEIBwgQ0EFdGohQgNAIEJB" +
  "ADYCACBCQSBqIUIgREF/aiJEDQAMAwsLIEYgA04NASBGIUUCQCADIEZrIkNBDEkNACBGIUUgAUEBRw0AAkAgBSBOQQhyaiBG" +
  "QQV0aiAAIAogTWpqTw0AIEYhRSAAIAkgTWpqIEZBAnRqIAUgLyBOampJDQELICogFiBGbGohQiBG/RH9DAAAAAABAAAAAgAA" +
  "AAMAAAD9UCFJIEYgQ0F8cSI/aiFFID8hRANAIEEgSUED/asB/QwCAAAAAgAAAAIAAAACAAAA/VAiR/0bAEECdGogQv0AAgAi" +
  "SP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIg" +
  "Sf0MBAAAAAQAAAAEAAAABAAAAP2uASFJIERBfGoiRA0ACyBDID9GDQILIEVBf3MhQgJAIAMgRWtBAXFFDQAgQSBFQQV0akEI" +
  "aiBAIDVqIEUgAWxBAnRqKgIAOAIAIEVBAWohRQsgQiAiRg0BIBYgRWwhPyBFQQV0IUQgAyBFayFDIBYgRUEBamwhPiAqIUID" +
  "QCA6IERqIkVBCGogQiA/aioCADgCACBFQShqIEIgPmoqAgA4AgAgQiAdaiFCIERBwABqIUQgQ0F+aiJDDQAMAgsLIE9BAk0N" +
  "AQsCQAJAAkACQCBPQQNKDQAgRiADTg0EIEYhQwJAIAMgRmsiREEESQ0AIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUggRiBE" +
  "QXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAMAAAADAAAAAwAAAAMAAAD9UCJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYC" +
  "ACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBF" +
  "Rg0CCyADIENrIUQgGyBDQQV0aiFCA0AgQkEANgIAIEJBIGohQiBEQX9qIkQNAAwCCwsgRiADTg0BIEYhRQJAIAMgRmsiQ0EM" +
  "SQ0AIEYhRSABQQFHDQACQCAFIE5BDHJqIEZBBXRqIAAgDCBNampPDQAgRiFFIAAgCyBNamogRkECdGogBSAwIE5qakkNAQsg" +
  "KSAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkgRiBDQXxxIj9qIUUgPyFEA0AgQSBJQQP9qwH9DAMAAAADAAAA" +
  "AwAAAAMAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEgR/0bAUECdGogSP0fATgCACBBIEf9GwJBAnRqIEj9HwI4AgAg" +
  "QSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIUkgREF8aiJEDQALIEMgP0YNAQsgRUF/" +
  "cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQQxqIEAgNmogRSABbEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQAgFiBFbCE/IEVB" +
  "BXQhRCADIEVrIUMgFiBFQQFqbCE+ICkhQgNAIDogRGoiRUEMaiBCID9qKgIAOAIAIEVBLGogQiA+aioCADgCACBCIB1qIUIg" +
  "REHAAGohRCBDQX5qIkMNAAsLAkAgT0EESg0AIEYgA04NAyBGIUMCQCADIEZrIkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMA" +
  "AAD9UCFIIEYgREF8cSJFaiFDIEUhQgNAIEEgSEED/asB/QwEAAAABAAAAAQAAAAEAAAAIkn9UCJH/RsAQQJ0akEANgIAIEEg" +
  "R/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEggSf2uASFIIEJBfGoiQg0ACyBEIEVGDQML" +
  "IAMgQ2shRCAaIENBBXRqIUIDQCBCQQA2AgAgQkEgaiFCIERBf2oiRA0ADAMLCyBGIANODQEgRiFFAkAgAyBGayJDQQxJDQAg" +
  "RiFFIAFBAUcNAAJAIAUgTkEQcmogRkEFdGogACAOIE1qak8NACBGIUUgACANIE1qaiBGQQJ0aiAFIDEgTmpqSQ0BCyAoIBYg" +
  "RmxqIUIgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSSBGIENBfHEiP2ohRSA/IUQDQCBBIElBA/2rAf0MBAAAAAQAAAAEAAAA" +
  "BAAAACJK/VAiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEg" +
  "R/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSSBK/a4BIUkgREF8aiJEDQALIEMgP0YNAgsgRUF/cyFCAkAgAyBFa0EBcUUNACBB" +
  "IEVBBXRqQRBqIEAgB0ECdGogRSABbEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQEgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBF" +
  "QQFqbCE+ICghQgNAIDogRGoiRUEQaiBCID9qKgIAOAIAIEVBMGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMN" +
  "AAwCCwsgT0EETQ0BCwJAAkACQAJAIE9BBUoNACBGIANODQQgRiFDAkAgAyBGayJEQQRJDQAgRv0R/QwAAAAAAQAAAAIAAAAD" +
  "AAAA/VAhSCBGIERBfHEiRWohQyBFIUIDQCBBIEhBA/2rAf0MBQAAAAUAAAAFAAAABQAAAP1QIkf9GwBBAnRqQQA2AgAgQSBH" +
  "/RsBQQJ0akEANgIAIEEgR/0bAkECdGpBADYCACBBIEf9GwNBAnRqQQA2AgAgSP0MBAAAAAQAAAAEAAAABAAAAP2uASFIIEJB" +
  "fGoiQg0ACyBEIEVGDQILIAMgQ2shRCAZIENBBXRqIUIDQCBCQQA2AgAgQkEgaiFCIERBf2oiRA0ADAILCyBGIANODQEgRiFF" +
  "AkAgAyBGayJDQQxJDQAgRiFFIAFBAUcNAAJAIAUgTkEUcmogRkEFdGogACAQIE1qak8NACBGIUUgACAPIE1qaiBGQQJ0aiAF" +
  "IDIgTmpqSQ0BCyAnIBYgRmxqIUIgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSSBGIENBfHEiP2ohRSA/IUQDQCBBIElBA/2r" +
  "Af0MBQAAAAUAAAAFAAAABQAAAP1QIkf9GwBBAnRqIEL9AAIAIkj9HwA4AgAgQSBH/RsBQQJ0aiBI/R8BOAIAIEEgR/0bAkEC" +
  "dGogSP0fAjgCACBBIEf9GwNBAnRqIEj9HwM4AgAgQiAfaiFCIEn9DAQAAAAEAAAABAAAAAQAAAD9rgEhSSBEQXxqIkQNAAsg" +
  "QyA/Rg0BCyBFQX9zIUICQCADIEVrQQFxRQ0AIEEgRUEFdGpBFGogQCA3aiBFIAFsQQJ0aioCADgCACBFQQFqIUULIEIgIkYN" +
  "ACAWIEVsIT8gRUEFdCFEIAMgRWshQyAWIEVBAWpsIT4gJyFCA0AgOiBEaiJFQRRqIEIgP2oqAgA4AgAgRUE0aiBCID5qKgIA" +
  "OAIAIEIgHWohQiBEQcAAaiFEIENBfmoiQw0ACwsCQCBPQQZKDQAgRiADTg0DIEYhQwJAIAMgRmsiREEESQ0AIEb9Ef0MAAAA" +
  "AAEAAAACAAAAAwAAAP1QIUggRiBEQXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAYAAAAGAAAABgAAAAYAAAD9UCJH/RsAQQJ0" +
  "akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9DAQAAAAEAAAABAAAAAQA" +
  "AAD9rgEhSCBCQXxqIkINAAsgRCBFRg0DCyADIENrIUQgGCBDQQV0aiFCA0AgQkEANgIAIEJBIGohQiBEQX9qIkQNAAwDCwsg" +
  "RiADTg0BIEYhRQJAIAMgRmsiQ0EMSQ0AIEYhRSABQQFHDQACQCAFIE5BGHJqIEZBBXRqIAAgEiBNampPDQAgRiFFIAAgESBN" +
  "amogRkECdGogBSAzIE5qakkNAQsgJiAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkgRiBDQXxxIj9qIUUgPyFE" +
  "A0AgQSBJQQP9qwH9DAYAAAAGAAAABgAAAAYAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEgR/0bAUECdGogSP0fATgC" +
  "ACBBIEf9GwJBAnRqIEj9HwI4AgAgQSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIUkg" +
  "REF8aiJEDQALIEMgP0YNAgsgRUF/cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQRhqIEAgOGogRSABbEECdGoqAgA4AgAgRUEB" +
  "aiFFCyBCICJGDQEgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBFQQFqbCE+ICYhQgNAIDogRGoiRUEYaiBCID9qKgIAOAIAIEVB" +
  "OGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMNAAwCCwsgT0EGTQ0BCwJAIE9BB0oNACBGIANODQECQCADIEZr" +
  "IkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFIIEYgREF8cSJDaiFGIEMhQgNAIEEgSEED/asB/QwHAAAABwAAAAcA" +
  "AAAHAAAA/VAiR/0bAEECdGpBADYCACBBIEf9GwFBAnRqQQA2AgAgQSBH/RsCQQJ0akEANgIAIEEgR/0bA0ECdGpBADYCACBI" +
  "/QwEAAAABAAAAAQAAAAEAAAA/a4BIUggQkF8aiJCDQALIEQgQ0YNAgsgAyBGayFBIBcgRkEFdGohQgNAIEJBADYCACBCQSBq" +
  "IUIgQUF/aiJBDQAMAgsLIEYgA04NAAJAIAMgRmsiQ0EMSQ0AIAFBAUcNAAJAIAUgTkEccmogRkEFdGogACAUIE1qak8NACAA" +
  "IBMgTWpqIEZBAnRqIAUgLCBOampJDQELICUgFiBGbGohQiBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFJIEYgQ0F8cSJFaiFG" +
  "IEUhRANAIEEgSUED/asB/QwHAAAABwAAAAcAAAAHAAAA/VAiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9" +
  "HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSf0MBAAAAAQAAAAEAAAABAAAAP2u" +
  "ASFJIERBfGoiRA0ACyBDIEVGDQELIEZBf3MhQgJAIAMgRmtBAXFFDQAgQSBGQQV0akEcaiBAIDlqIEYgAWxBAnRqKgIAOAIA" +
  "IEZBAWohRgsgQiAiRg0AIBYgRmwhRSBGQQV0IUEgAyBGayFEIBYgRkEBamwhRiAlIUIDQCA6IEFqIkNBHGogQiBFaioCADgC" +
  "ACBDQTxqIEIgRmoqAgA4AgAgQiAdaiFCIEFBwABqIUEgREF+aiJEDQALCyAVICxqIRUgJSAgaiElIBcgLGohFyAmICBqISYg" +
  "GCAsaiEYICcgIGohJyAZICxqIRkgKCAgaiEoIBogLGohGiApICBqISkgGyAsaiEbICogIGohKiAcICxqIRwgKyAgaiErIB4g" +
  "LGohHiA6ICxqITogOyAgaiE7IDxBAWohPCA9QQhqIj0gBEgNAAsLC8gQBQh/CHsDfwR7An8CQCAFQQFIDQAgA0EBSA0AIAZB" +
  "AXQhCEEAIQkgBkEBdEECdCEKIAZBA2xBAnQhCwNAIAUgCWshDCACIAlBAnRqIQ0gASAJIARsQQJ0aiEOQQAhDwNAAkACQCAE" +
  "QQFODQD9DAAAAAAAAAAAAAAAAAAAAAAiECERIBAhEiAQIRMgECEUIBAhFSAQIRYgECEXDAELIAAgDyAEbEECdGohGCAEIRkg" +
  "DiEa/QwAAAAAAAAAAAAAAAAAAAAAIhchFiAXIRUgFyEUIBchEyAXIRIgFyERIBchEANAIBIgGkEQav0AAAAiGyAY/QAAACIc" +
  "IBz9DQwNDg8MDQ4PDA0ODwwNDg8iHf3mAf3kASESIBEgGv0AAAAiHiAd/eYB/eQBIREgECAbIBwgHP0NCAkKCwgJCgsICQoL" +
  "CAkKCyId/eYB/eQBIRAgEyAeIB395gH95AEhEyAUIBsgHCAc/Q0EBQYHBAUGBwQFBgcEBQYHIh395gH95AEhFCAVIB4gHf3m" +
  "Af3kASEVIBYgGyAcIBz9DQABAgMAAQIDAAECAwABAgMiHP3mAf3kASEWIBcgHiAc/eYB/eQBIRcgGEEQaiEYIBpBIGohGiAZ" +
  "QX9qIhkNAAsLIA0gDyAGbEECdGohGgJAAkACQAJAIAMgD2siGEEESCIZDQAgDEEHSg0BCyAYQQFIDQIgDEEBSA0CIAdFDQEg" +
  "GiAaKgIAIBf9HwCSOAIAAkAgDEECSCIfDQAgGiAaKgIEIBf9HwGSOAIEIAxBAkYNACAaIBoqAgggF/0fApI4AgggDEEESA0A" +
  "IBogGioCDCAX/R8DkjgCDCAMQQRGDQAgGiAaKgIQIBb9HwCSOAIQIAxBBkgNACAaIBoqAhQgFv0fAZI4AhQgDEEGRg0AIBog" +
  "GioCGCAW/R8CkjgCGCAMQQhIDQAgGiAaKgIcIBb9HwOSOAIcCyAYQQJIDQIgGiAGQQJ0aiIgICAqAgAgFf0fAJI4AgACQCAf" +
  "DQAgICAgKgIEIBX9HwGSOAIEIAxBAkYNACAgICAqAgggFf0fApI4AgggDEEESA0AICAgICoCDCAV/R8DkjgCDCAMQQRGDQAg" +
  "ICAgKgIQIBT9HwCSOAIQIAxBBkgNACAgICAqAhQgFP0fAZI4AhQgDEEGRg0AICAgICoCGCAU/R8CkjgCGCAMQQhIDQAgICAg" +
  "KgIcIBT9HwOSOAIcCyAYQQNIDQIgGiAKaiIYIBgqAgAgE/0fAJI4AgACQCAfDQAgGCAYKgIEIBP9HwGSOAIEIAxBAkYNACAY" +
  "IBgqAgggE/0fApI4AgggDEEESA0AIBggGCoCDCAT/R8DkjgCDCAMQQRGDQAgGCAYKgIQIBD9HwCSOAIQIAxBBkgNACAYIBgq" +
  "AhQgEP0fAZI4AhQgDEEGRg0AIBggGCoCGCAQ/R8CkjgCGCAMQQhIDQAgGCAYKgIcIBD9HwOSOAIcCyAZDQIgGiALaiIaIBoq" +
  "AgAgEf0fAJI4AgAgHw0CIBogGioCBCAR/R8BkjgCBCAMQQJGDQIgGiAaKgIIIBH9HwKSOAIIIAxBBEgNAiAaIBoqAgwgEf0f" +
  "A5I4AgwgDEEERg0CIBogGioCECAS/R8AkjgCECAMQQZIDQIgGiAaKgIUIBL9HwGSOAIUIAxBBkYNAiAaIBoqAhggEv0fApI4" +
  "AhggDEEISA0CIBogGioCHCAS/R8DkjgCHAwCCwJAIAdFDQAgGiAXIBr9AAAA/eQB/QsAACAaIBYgGv0AABD95AH9CwAQIBog" +
  "BkECdGoiGCAVIBj9AAAA/eQB/QsAACAYIBQgGP0AABD95AH9CwAQIBogCEECdGoiGCATIBj9AAAA/eQB/QsAACAYIBAgGP0A" +
  "ABD95AH9CwAQIBogC2oiGiARIBr9AAAA/eQB/QsAACAaIBIgGv0AABD95AH9CwAQDAILIBogFv0LABAgGiAX/QsAACAaIAZB" +
  "AnRqIhggFP0LABAgGCAV/QsAACAaIAhBAnRqIhggEP0LABAgGCAT/QsAACAaIAtqIhogEv0LABAgGiAR/QsAAAwBCyAaIBf9" +
  "HwA4AgACQCAMQQJIIiANACAaIBf9HwE4AgQgDEECRg0AIBogF/0fAjgCCCAMQQRIDQAgGiAX/R8DOAIMIAxBBEYNACAaIBb9" +
  "HwA4AhAgDEEGSA0AIBogFv0fATgCFCAMQQZGDQAgGiAW/R8COAIYIAxBCEgNACAaIBb9HwM4AhwLIBhBAkgNACAaIAZBAnRq" +
  "Ih8gFf0fADgCAAJAICANACAfIBX9HwE4AgQgDEECRg0AIB8gFf0fAjgCCCAMQQRIDQAgHyAV/R8DOAIMIAxBBEYNACAfIBT9" +
  "HwA4AhAgDEEGSA0AIB8gFP0fATgCFCAMQQZGDQAgHyAU/R8COAIYIAxBCEgNACAfIBT9HwM4AhwLIBhBA0gNACAaIApqIhgg" +
  "E/0fADgCAAJAICANACAYIBP9HwE4AgQgDEECRg0AIBggE/0fAjgCCCAMQQRIDQAgGCAT/R8DOAIMIAxBBEYNACAYIBD9HwA4" +
  "AhAgDEEGSA0AIBggEP0fATgCFCAMQQZGDQAgGCAQ/R8COAIYIAxBCEgNACAYIBD9HwM4AhwLIBkNACAaIAtqIhogEf0fADgC" +
  "ACAgDQAgGiAR/R8BOAIEIAxBAkYNACAaIBH9HwI4AgggDEEESA0AIBogEf0fAzgCDCAMQQRGDQAgGiAS/R8AOAIQIAxBBkgN" +
  "ACAaIBL9HwE4AhQgDEEGRg0AIBogEv0fAjgCGCAMQQhIDQAgGiAS/R8DOAIcCyAPQQRqIg8gA0gNAAsgCUEIaiIJIAVIDQAL" +
  "CwvRCwUIfwh7A38GewJ/AkAgBUEBSA0AIANBAUgNACAGQQF0IQhBACEJIAZBAXRBA3QhCiAGQQNsQQN0IQsDQCAFIAlrIQwg" +
  "AiAJQQN0aiENIAEgCSAEbEEDdGohDkEAIQ8DQAJAAkAgBEEBTg0A/QwAAAAAAAAAAAAAAAAAAAAAIhAhESAQIRIgECETIBAh" +
  "FCAQIRUgECEWIBAhFwwBCyAAIA8gBGxBA3RqIRggBCEZIA4hGv0MAAAAAAAAAAAAAAAAAAAAACIXIRYgFyEVIBchFCAXIRMg" +
  "FyESIBchESAXIRADQCARIBpBEGr9AAAAIhsgGEEQav0AAAAiHCAc/Q0ICQoLDA0ODwgJCgsMDQ4PIh398gH98AEhESASIBsg" +
  "HCAc/Q0AAQIDBAUGBwABAgMEBQYHIh798gH98AEhEiAUIBsgGP0AAAAiHCAc/Q0ICQoLDA0ODwgJCgsMDQ4PIh/98gH98AEh" +
  "FCAVIBr9AAAAIiAgH/3yAf3wASEVIBYgGyAcIBz9DQABAgMEBQYHAAECAwQFBgciHP3yAf3wASEWIBcgICAc/fIB/fABIRcg" +
  "ECAgIB398gH98AEhECATICAgHv3yAf3wASETIBhBIGohGCAaQSBqIRogGUF/aiIZDQALCyANIA8gBmxBA3RqIRgCQAJAAkAC" +
  "QCADIA9rIhpBBEgiGQ0AIAxBA0oNAQsgGkEBSA0CIAxBAUgNAiAHRQ0BIBggGCsDACAX/SEAoDkDAAJAIAxBAkgiIQ0AIBgg" +
  "GCsDCCAX/SEBoDkDCCAMQQJGDQAgGCAYKwMQIBb9IQCgOQMQIAxBBEgNACAYIBgrAxggFv0hAaA5AxgLIBpBAkgNAiAYIAZB" +
  "A3RqIiIgIisDACAV/SEAoDkDAAJAICENACAiICIrAwggFf0hAaA5AwggDEECRg0AICIgIisDECAU/SEAoDkDECAMQQRIDQAg" +
  "IiAiKwMYIBT9IQGgOQMYCyAaQQNIDQIgGCAKaiIaIBorAwAgE/0hAKA5AwACQCAhDQAgGiAaKwMIIBP9IQGgOQMIIAxBAkYN" +
  "ACAaIBorAxAgEv0hAKA5AxAgDEEESA0AIBogGisDGCAS/SEBoDkDGAsgGQ0CIBggC2oiGCAYKwMAIBD9IQCgOQMAICENAiAY" +
  "IBgrAwggEP0hAaA5AwggDEECRg0CIBggGCsDECAR/SEAoDkDECAMQQRIDQIgGCAYKwMYIBH9IQGgOQMYDAILAkAgB0UNACAY" +
  "IBcgGP0AAAD98AH9CwAAIBggFiAY/QAAEP3wAf0LABAgGCAGQQN0aiIaIBUgGv0AAAD98AH9CwAAIBogFCAa/QAAEP3wAf0L" +
  "ABAgGCAIQQN0aiIaIBMgGv0AAAD98AH9CwAAIBogEiAa/QAAEP3wAf0LABAgGCALaiIYIBAgGP0AAAD98AH9CwAAIBggESAY" +
  "/QAAEP3wAf0LABAMAgsgGCAW/QsAECAYIBf9CwAAIBggBkEDdGoiGiAU/QsAECAaIBX9CwAAIBggCEEDdGoiGiAS/QsAECAa" +
  "IBP9CwAAIBggC2oiGCAR/QsAECAYIBD9CwAADAELIBggF/0hADkDAAJAIAxBAkgiIQ0AIBggF/0hATkDCCAMQQJGDQAgGCAW" +
  "/SEAOQMQIAxBBEgNACAYIBb9IQE5AxgLIBpBAkgNACAYIAZBA3RqIiIgFf0hADkDAAJAICENACAiIBX9IQE5AwggDEECRg0A" +
  "ICIgFP0hADkDECAMQQRIDQAgIiAU/SEBOQMYCyAaQQNIDQAgGCAKaiIaIBP9IQA5AwACQCAhDQAgGiAT/SEBOQMIIAxBAkYN" +
  "ACAaIBL9IQA5AxAgDEEESA0AIBogEv0hATkDGAsgGQ0AIBggC2oiGCAQ/SEAOQMAICENACAYIBD9IQE5AwggDEECRg0AIBgg" +
  "Ef0hADkDECAMQQRIDQAgGCAR/SEBOQMYCyAPQQRqIg8gA0gNAAsgCUEEaiIJIAVIDQALCws=";
// END GENERATED MATMUL_SIMD128

// BEGIN GENERATED MATMUL_RELAXED by tensor/kernels/wasm/build.ts from matmul.c (16061 bytes)
const MATMUL_RELAXED =
  "AGFzbQEAAAABFQJgBn9/f39/fwBgCH9/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwcGAAAAAAEBBAUBcAEBAQYPAn8BQYCA" +
  "BAt/AEGAgAQLB1kHCnBhY2tfYV9mNjQAAApwYWNrX2FfZjMyAAEKcGFja19iX2Y2NAACCnBhY2tfYl9mMzIAAwhnZW1tX2Yz" +
  "MgAECGdlbW1fZjY0AAULX19oZWFwX2Jhc2UDAQqOfAayAwINfwF8AkAgA0EBSA0AIARBAUgNACABQQN0IQYgAUEEdCEHIAFB" +
  "GGwhCCACQQN0IQkgAUEFdCEKIARBBXQhCyAFQRBqIQxBACENA0AgBSEBIAQhDiAAIQIgBCEPIAAhECAMIRECQAJAIAMgDWsi" +
  "EkEDTA0AA0AgASACKwMAOQMAIAFBCGogAiAGaisDADkDACABQRBqIAIgB2orAwA5AwAgAUEYaiACIAhqKwMAOQMAIAFBIGoh" +
  "ASACIAlqIQIgDkF/aiIODQAMAgsLA0ACQAJAIBJBAEwNACAQKwMAIRMMAQtEAAAAAAAAAAAhEwsgEUFwaiATOQMAAkACQAJA" +
  "AkAgEkEBSg0AIBFBeGpCADcDAAwBCyARQXhqIBAgBmorAwA5AwAgEkECSw0BCyARQgA3AwBEAAAAAAAAAAAhEwwBCyARIBAg" +
  "B2orAwA5AwBEAAAAAAAAAAAhEyASQQRJDQAgECAIaisDACETCyARQQhqIBM5AwAgECAJaiEQIBFBIGohESAPQX9qIg8NAAsL" +
  "IAUgC2ohBSAAIApqIQAgDCALaiEMIA1BBGoiDSADSA0ACwsLnw4GH38BfQF/BnsBfwN7AkAgA0EBSA0AIARBAnQiBiABQQJ0" +
  "IgdqIQggAUEDdCIJIAZqIQogAUEMbCILIAZqIQwgAUEBRyAEQQFIIg1yIQ4gBUEIaiEPIAJBAnQhECACQQxsIREgAkEEdCES" +
  "IAFBBHQhEyACQQN0IRQgBEEEdCEVIAVBIGohFiAEQXxxIRcgBEEDcSEYIAAgB2ohGSAAIAlqIRogACALaiEbIARBf2pBA0kh" +
  "HCAFIR0gACEeQQAhH0EAISADQAJAAkAgAyAgayIhQQNKDQAgDQ0BICFBBCAhQQRIGyEiIB4hIyAEISQgDyEBA0ACQAJAICFB" +
  "AU4NAEMAAAAAISUMAQsgIyoCACElCyABQXhqICU4AgACQAJAAkACQCAiQQFKDQAgAUF8akEANgIADAELIAFBfGogIyAHaioC" +
  "ADgCACAiQQJLDQELIAFBADYCAEMAAAAAISUMAQsgASAjIAlqKgIAOAIAQwAAAAAhJSAiQQRJDQAgIyALaioCACElCyABQQRq" +
  "ICU4AgAgIyAQaiEjIAFBEGohASAkQX9qIiQNAAwCCwsCQAJAIAJBAUciJg0AQQAhISAEQQRIDQFBACEkIB0hASAeISMDQCAB" +
  "QTBqICP9AAAAIicgIyAHav0AAAAiKP0NCAkKCxgZGhsMDQ4PHB0eHyIpICMgCWr9AAAAIiogIyALav0AAAAiK/0NCAkKCxgZ" +
  "GhsMDQ4PHB0eHyIs/Q0ICQoLDA0ODxgZGhscHR4f/QsAACABQSBqICkgLP0NAAECAwQFBgcQERITFBUWF/0LAAAgAUEQaiAn" +
  "ICj9DQABAgMQERITBAUGBxQVFhciJyAqICv9DQABAgMQERITBAUGBxQVFhciKP0NCAkKCwwNDg8YGRobHB0eH/0LAAAgASAn" +
  "ICj9DQABAgMEBQYHEBESExQVFhf9CwAAIAFBwABqIQEgI0EQaiEjICRBCGohIiAkQQRqIiEhJCAiIARMDQAMAgsLQQAhISAO" +
  "DQBBACEkAkAgHA0AQQAhJCAeIQEgFiEjA0AgI0FgaiAB/QAAAP0LAAAgI0FwaiABIBBq/QAAAP0LAAAgIyABIBRq/QAAAP0L" +
  "AAAgI0EQaiABIBFq/QAAAP0LAAAgASASaiEBICNBwABqISMgFyAkQQRqIiRHDQALCyAYRQ0BIB0gJEEEdGohASAeIBAgJGxq" +
  "ISMgGCEkA0AgASAj/QAAAP0LAAAgAUEQaiEBICMgEGohIyAkQX9qIiQNAAwCCwsgISAETg0AAkAgBCAhayItQSBJDQAgJg0A" +
  "IAUgFSAfbCIiaiAhQQR0aiIjIAAgDCATIB9sIgFqakkgACALIAFqaiAhQQJ0IiRqIAUgFSAiamoiIklxDQAgIyAAIAogAWpq" +
  "SSAAIAkgAWpqICRqICJJcQ0AICMgACAIIAFqakkgACAHIAFqaiAkaiAiSXENACAjIAAgBiABampJIAAgAWogJGogIklxDQAg" +
  "BSAgIARsQQJ0aiEBIBAgIWwhIyAh/RH9DAAAAAABAAAAAgAAAAMAAAD9UCEuICEgLUF8cSIiaiEhICIhJANAIAEgLkEC/asB" +
  "Iif9GwBBAnRqIB4gI2r9AAIAIij9HwA4AgAgASAn/QwBAAAAAQAAAAEAAAABAAAA/VAiKf0bAEECdGogGSAjav0AAgAiKv0f" +
  "ADgCACABICf9DAIAAAACAAAAAgAAAAIAAAD9UCIr/RsAQQJ0aiAaICNq/QACACIs/R8AOAIAIAEgJ/0MAwAAAAMAAAADAAAA" +
  "AwAAAP1QIi/9GwBBAnRqIBsgI2r9AAIAIjD9HwA4AgAgASAn/RsBQQJ0aiAo/R8BOAIAIAEgKf0bAUECdGogKv0fATgCACAB" +
  "ICv9GwFBAnRqICz9HwE4AgAgASAv/RsBQQJ0aiAw/R8BOAIAIAEgJ/0bAkECdGogKP0fAjgCACABICn9GwJBAnRqICr9HwI4" +
  "AgAgASAr/RsCQQJ0aiAs/R8COAIAIAEgL/0bAkECdGogMP0fAjgCACABICf9GwNBAnRqICj9HwM4AgAgASAp/RsDQQJ0aiAq" +
  "/R8DOAIAIAEgK/0bA0ECdGogLP0fAzgCACABIC/9GwNBAnRqIDD9HwM4AgAgIyASaiEjIC79DAQAAAAEAAAABAAAAAQAAAD9" +
  "rgEhLiAkQXxqIiQNAAsgLSAiRg0BCyAQICFsIQEgBCAhayEkIB0gIUEEdGohIwNAICMgHiABaioCADgCACAjQQRqIBkgAWoq" +
  "AgA4AgAgI0EIaiAaIAFqKgIAOAIAICNBDGogGyABaioCADgCACAjQRBqISMgASAQaiEBICRBf2oiJA0ACwsgDyAVaiEPIBkg" +
  "E2ohGSAaIBNqIRogGyATaiEbIB0gFWohHSAeIBNqIR4gFiAVaiEWIB9BAWohHyAgQQRqIiAgA0gNAAsLC+QVBCl/A3sDfwF7" +
  "AkAgBEEBSA0AIANBAUgNACADQQVLIAFBAUYiBnEhByADQQdLIAZxIQggA0EDdCIJIAJBA3QiCmohCyACQQR0IgwgCWohDSAC" +
  "QRhsIg4gCWohDyABQQN0IRAgBUEYaiERIAVBEGohEiAFQQhqIRMgAUEFdCEUIAFBBHQhFSACQQV0IRZBACADayEXIANBAXEh" +
  "GCADQX5xIRkgACAOaiEaIAAgDGohGyAAIApqIRwgA0EFdCIdQWhqIR4gHUFwaiEfIB1BeGohICACQQF0QQN0ISEgAkEDbEED" +
  "dCEiIAAhIyAFISRBACElQQAhJgNAIAQgJmsiJ0EESCEoAkACQCACQQFHDQAgAyEpICMhBiARISogKA0AA0AgKkFoaiAGKwMA" +
  "OQMAICpBcGogBkEIaisDADkDACAqQXhqIAZBEGorAwA5AwAgKiAGQRhqKwMAOQMAIAYgEGohBiAqQSBqISogKUF/aiIpDQAM" +
  "AgsLICdBBCAoGyErIBYgJWwhLCAdICVsIS0gJiACbEEDdCEuIAUgJiADbEEDdGohBgJAAkAgJ0EASg0AQQAhKgJAIANBAkkN" +
  "AP0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKgNAIAYgL0EC/asBIjD9GwBBA3RqQgA3AwAgBiAw/RsBQQN0akIANwMAIC/9DAIA" +
  "AAACAAAAAgAAAAIAAAD9rgEhLyAqQX5qIioNAAsgGSEqIBkgA0YNAgsgAyAqayEpICQgKkEFdGohKgNAICpCADcDACAqQSBq" +
  "ISogKUF/aiIpDQAMAgsLQQAhKAJAIAhFDQACQCAFIC1qIAAgCSAsampPDQAgACAsaiAFIB4gLWpqSQ0BC/0MAAAAAAEAAAAA" +
  "AAAAAAAAACEvIBkhKSAjISoDQCAGIC9BAv2rASIw/RsAQQN0aiAq/QADACIx/SEAOQMAIAYgMP0bAUEDdGogMf0hATkDACAq" +
  "IBVqISogL/0MAgAAAAIAAAACAAAAAgAAAP2uASEvIClBfmoiKQ0ACyAZISggGSADRg0BCyAoQX9zIANqITICQCADIChrQQNx" +
  "IidFDQAgIyAQIChsaiEqICQgKEEFdGohKQNAICkgKisDADkDACAqIBBqISogKUEgaiEpIChBAWohKCAnQX9qIicNAAsLIDJB" +
  "A0kNACAQIChsITIgAyAoayEnICQgKEEFdGohKiAQIChBAmpsITMgECAoQQFqbCE0IBAgKEEDamwhKCAjISkDQCAqICkgMmor" +
  "AwA5AwAgKkEgaiApIDRqKwMAOQMAICpBwABqICkgM2orAwA5AwAgKkHgAGogKSAoaisDADkDACAqQYABaiEqICkgFGohKSAn" +
  "QXxqIicNAAsLIAAgLmohNAJAAkAgK0EBSg0AQQAhKgJAIANBAkkNAP0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKgNAIAYgL0EC" +
  "/asB/QwBAAAAAQAAAAEAAAABAAAA/VAiMP0bAEEDdGpCADcDACAGIDD9GwFBA3RqQgA3AwAgL/0MAgAAAAIAAAACAAAAAgAA" +
  "AP2uASEvICpBfmoiKg0ACyAZISogGSADRg0CCyADICprISkgEyAqQQV0aiEqA0AgKkIANwMAICpBIGohKiApQX9qIikNAAwC" +
  "CwtBACEqAkAgB0UNAAJAIAUgLUEIcmogACALICxqak8NACAAIAogLGpqIAUgHyAtampJDQEL/QwAAAAAAQAAAAAAAAAAAAAA" +
  "IS8gGSEpIBwhKgNAIAYgL0EC/asB/QwBAAAAAQAAAAEAAAABAAAA/VAiMP0bAEEDdGogKv0AAwAiMf0hADkDACAGIDD9GwFB" +
  "A3RqIDH9IQE5AwAgKiAVaiEqIC/9DAIAAAACAAAAAgAAAAIAAAD9rgEhLyApQX5qIikNAAsgGSEqIBkgA0YNAQsgKkF/cyEp" +
  "AkAgGEUNACAGICpBBXRqQQhqIDQgCmogKiABbEEDdGorAwA5AwAgKkEBciEqCyApIBdGDQAgECAqbCEyICpBBXQhKSADICpr" +
  "ISggECAqQQFqbCEzIBwhKgNAICQgKWoiJ0EIaiAqIDJqKwMAOQMAICdBKGogKiAzaisDADkDACAqIBVqISogKUHAAGohKSAo" +
  "QX5qIigNAAsLAkACQCArQQJKDQBBACEqAkAgA0ECSQ0A/QwAAAAAAQAAAAAAAAAAAAAAIS8gGSEqA0AgBiAvQQL9qwH9DAIA" +
  "AAACAAAAAgAAAAIAAAAiMP1QIjH9GwBBA3RqQgA3AwAgBiAx/RsBQQN0akIANwMAIC8gMP2uASEvICpBfmoiKg0ACyAZISog" +
  "GSADRg0CCyADICprISkgEiAqQQV0aiEqA0AgKkIANwMAICpBIGohKiApQX9qIikNAAwCCwtBACEqAkAgB0UNAAJAIAUgLUEQ" +
  "cmogACANICxqak8NACAAIAwgLGpqIAUgICAtampJDQEL/QwAAAAAAQAAAAAAAAAAAAAAIS8gGSEpIBshKgNAIAYgL0EC/asB" +
  "/QwCAAAAAgAAAAIAAAACAAAAIjD9UCIx/RsAQQN0aiAq/QADACI1/SEAOQMAIAYgMf0bAUEDdGogNf0hATkDACAqIBVqISog" +
  "LyAw/a4BIS8gKUF+aiIpDQALIBkhKiAZIANGDQELICpBf3MhKQJAIBhFDQAgBiAqQQV0akEQaiA0ICFqICogAWxBA3RqKwMA" +
  "OQMAICpBAXIhKgsgKSAXRg0AIBAgKmwhMiAqQQV0ISkgAyAqayEoIBAgKkEBamwhMyAbISoDQCAkIClqIidBEGogKiAyaisD" +
  "ADkDACAnQTBqICogM2orAwA5AwAgKiAVaiEqIClBwABqISkgKEF+aiIoDQALCwJAICtBA0oNAEEAISkCQCADQQJJDQD9DAAA" +
  "AAABAAAAAAAAAAAAAAAhLyAZISoDQCAGIC9BAv2rAf0MAwAAAAMAAAADAAAAAwAAAP1QIjD9GwBBA3RqQgA3AwAgBiAw/RsB" +
  "QQN0akIANwMAIC/9DAIAAAACAAAAAgAAAAIAAAD9rgEhLyAqQX5qIioNAAsgGSEpIBkgA0YNAgsgAyApayEqIBEgKUEFdGoh" +
  "BgNAIAZCADcDACAGQSBqIQYgKkF/aiIqDQAMAgsLQQAhKAJAIAdFDQACQCAFIC1BGHJqIAAgDyAsampPDQAgACAOICxqaiAF" +
  "IB0gLWpqSQ0BC/0MAAAAAAEAAAAAAAAAAAAAACEvIBkhKSAaISoDQCAGIC9BAv2rAf0MAwAAAAMAAAADAAAAAwAAAP1QIjD9" +
  "GwBBA3RqICr9AAMAIjH9IQA5AwAgBiAw/RsBQQN0aiAx/SEBOQMAICogFWohKiAv/QwCAAAAAgAAAAIAAAACAAAA/a4BIS8g" +
  "KUF+aiIpDQALIBkhKCAZIANGDQELIChBf3MhKgJAIBhFDQAgBiAoQQV0akEYaiA0ICJqICggAWxBA3RqKwMAOQMAIChBAXIh" +
  "KAsgKiAXRg0AIBAgKGwhJyAoQQV0ISogAyAoayEpIBAgKEEBamwhMiAaIQYDQCAkICpqIihBGGogBiAnaisDADkDACAoQThq" +
  "IAYgMmorAwA5AwAgBiAVaiEGICpBwABqISogKUF+aiIpDQALCyAaIBZqIRogESAdaiERIBsgFmohGyASIB1qIRIgHCAWaiEc" +
  "IBMgHWohEyAjIBZqISMgJCAdaiEkICVBAWohJSAmQQRqIiYgBEgNAAsLC+M4A0F/BnsEfwJAIARBAUgNACADQQJ0IgYgAkEC" +
  "dCIHaiEIIAJBA3QiCSAGaiEKIAJBDGwiCyAGaiEMIAJBBHQiDSAGaiEOIAJBFGwiDyAGaiEQIAJBGGwiESAGaiESIAJBHGwi" +
  "EyAGaiEUIAVBMGohFSABQQJ0IRYgBUEcaiEXIAVBGGohGCAFQRRqIRkgBUEQaiEaIAVBDGohGyAFQQhqIRwgAUEDdCEdIAVB" +
  "BGohHiABQQR0IR8gAkEFdCEgIANBAXEhIUEAIANrISIgA0F/aiEjQQAgA0F+cWshJCAAIBNqISUgACARaiEmIAAgD2ohJyAA" +
  "IA1qISggACALaiEpIAAgCWohKiAAIAdqISsgA0EFdCIsQWRqIS0gLEFoaiEuICxBbGohLyAsQXBqITAgLEF0aiExICxBeGoh" +
  "MiAsQXxqITMgAUEBRiADQQNKcUEBcyE0IAJBAXRBAnQhNSACQQNsQQJ0ITYgAkEFbEECdCE3IAJBBmxBAnQhOCACQQdsQQJ0" +
  "ITkgBSE6IAAhO0EAITxBACE9A0AgBCA9ayI+QQhIIT8gACA9IAJsQQJ0aiFAIAUgPSADbEECdGohQQJAAkAgAkEBRw0AID8N" +
  "ACADQQFIDQECQAJAICMNAEEAIUIMAQtBACFDIDshRCAVIUIDQCBCQVBqIET9AAAA/QsAACBCQWBqIERBEGr9AAAA/QsAACBC" +
  "QXBqIEQgFmoiRf0AAAD9CwAAIEIgRUEQav0AAAD9CwAAIEQgHWohRCBCQcAAaiFCICQgQ0F+aiJDRw0AC0EAIENrIUILICFF" +
  "DQEgQSBCQQV0aiJBIEAgQiABbEECdGoiQv0AAAD9CwAAIEEgQv0AABD9CwAQDAELQQAhRgJAIDQgP3INAEEAIUMgOiFCIDsh" +
  "RANAIEJB4ABqIET9AAAAIkcgRCAHaiJF/QAAACJI/Q0ICQoLGBkaGwwNDg8cHR4fIkkgRSAHaiJF/QAAACJKIEUgB2oiRf0A" +
  "AAAiS/0NCAkKCxgZGhsMDQ4PHB0eHyJM/Q0ICQoLDA0ODxgZGhscHR4f/QsAACBCQcAAaiBJIEz9DQABAgMEBQYHEBESExQV" +
  "Fhf9CwAAIEJBIGogRyBI/Q0AAQIDEBESEwQFBgcUFRYXIkcgSiBL/Q0AAQIDEBESEwQFBgcUFRYXIkj9DQgJCgsMDQ4PGBka" +
  "GxwdHh/9CwAAIEIgRyBI/Q0AAQIDBAUGBxAREhMUFRYX/QsAACBCQfAAaiBFIAdqIkX9AAAAIkcgRSAHaiJF/QAAACJI/Q0I" +
  "CQoLGBkaGwwNDg8cHR4fIkkgRSAHaiJF/QAAACJKIEUgB2r9AAAAIkv9DQgJCgsYGRobDA0ODxwdHh8iTP0NCAkKCwwNDg8Y" +
  "GRobHB0eH/0LAAAgQkHQAGogSSBM/Q0AAQIDBAUGBxAREhMUFRYX/QsAACBCQTBqIEcgSP0NAAECAxAREhMEBQYHFBUWFyJH" +
  "IEogS/0NAAECAxAREhMEBQYHFBUWFyJI/Q0ICQoLDA0ODxgZGhscHR4f/QsAACBCQRBqIEcgSP0NAAECAwQFBgcQERITFBUW" +
  "F/0LAAAgQkGAAWohQiBEQRBqIUQgQ0EIaiFFIENBBGoiRiFDIEUgA0wNAAsLICAgPGwhTSAsIDxsIU4gPkEIID8bIU8CQAJA" +
  "ID5BAEoNACBGIANODQEgRiFDAkAgAyBGayJEQQRJDQAgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSCBGIERBfHEiRWohQyBF" +
  "IUIDQCBBIEhBA/2rASJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEA" +
  "NgIAIEj9DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBFRg0CCyADIENrIUQgOiBDQQV0aiFCA0AgQkEANgIA" +
  "IEJBIGohQiBEQX9qIkQNAAwCCwsgRiADTg0AIEYhQwJAIAMgRmsiRUEMSQ0AIEYhQyABQQFHDQACQCAFIE5qIEZBBXRqIAAg" +
  "BiBNampPDQAgRiFDIAAgTWogRkECdGogBSAtIE5qakkNAQsgOyAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkg" +
  "RiBFQXxxIj9qIUMgPyFEA0AgQSBJQQP9qwEiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH" +
  "/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSf0MBAAAAAQAAAAEAAAABAAAAP2uASFJIERBfGoi" +
  "RA0ACyBFID9GDQELICMgQ2shPwJAIAMgQ2tBA3EiRUUNACA7IBYgQ2xqIUIgOiBDQQV0aiFEA0AgRCBCKgIAOAIAIEIgFmoh" +
  "QiBEQSBqIUQgQ0EBaiFDIEVBf2oiRQ0ACwsgP0EDSQ0AIBYgQ2whPyADIENrIUUgOiBDQQV0aiFCIBYgQ0ECamwhPiAWIENB" +
  "AWpsIVAgFiBDQQNqbCFDIDshRANAIEIgRCA/aioCADgCACBCQSBqIEQgUGoqAgA4AgAgQkHAAGogRCA+aioCADgCACBCQeAA" +
  "aiBEIENqKgIAOAIAIEJBgAFqIUIgRCAfaiFEIEVBfGoiRQ0ACwsCQAJAAkACQCBPQQFKDQAgRiADTg0EIEYhQwJAIAMgRmsi" +
  "REEESQ0AIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUggRiBEQXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAEAAAABAAAAAQAA" +
  "AAEAAAD9UCJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9" +
  "DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBFRg0CCyADIENrIUQgHiBDQQV0aiFCA0AgQkEANgIAIEJBIGoh" +
  "QiBEQX9qIkQNAAwCCwsgRiADTg0BIEYhRQJAIAMgRmsiQ0EMSQ0AIEYhRSABQQFHDQACQCAFIE5BBHJqIEZBBXRqIAAgCCBN" +
  "ampPDQAgRiFFIAAgByBNamogRkECdGogBSAuIE5qakkNAQsgKyAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkg" +
  "RiBDQXxxIj9qIUUgPyFEA0AgQSBJQQP9qwH9DAEAAAABAAAAAQAAAAEAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEg" +
  "R/0bAUECdGogSP0fATgCACBBIEf9GwJBAnRqIEj9HwI4AgAgQSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAA" +
  "AAQAAAAEAAAA/a4BIUkgREF8aiJEDQALIEMgP0YNAQsgRUF/cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQQRqIEAgB2ogRSAB" +
  "bEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQAgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBFQQFqbCE+ICshQgNAIDogRGoiRUEE" +
  "aiBCID9qKgIAOAIAIEVBJGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMNAAsLAkAgT0ECSg0AIEYgA04NAyBG" +
  "IUMCQCADIEZrIkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFIIEYgREF8cSJFaiFDIEUhQgNAIEEgSEED/asB/QwC" +
  "AAAAAgAAAAIAAAACAAAA/VAiR/0bAEECdGpBADYCACBBIEf9GwFBAnRqQQA2AgAgQSBH/RsCQQJ0akEANgIAIEEgR/0bA0EC" +
  "dGpBADYCACBI/QwEAAAABAAAAAQAAAAEAAAA/a4BIUggQkF8aiJCDQALIEQgRUYNAwsgAyBDayFEIBwgQ0EFdGohQgNAIEJB" +
  "ADYCACBCQSBqIUIgREF/aiJEDQAMAwsLIEYgA04NASBGIUUCQCADIEZrIkNBDEkNACBGIUUgAUEBRw0AAkAgBSBOQQhyaiBG" +
  "QQV0aiAAIAogTWpqTw0AIEYhRSAAIAkgTWpqIEZBAnRqIAUgLyBOampJDQELICogFiBGbGohQiBG/RH9DAAAAAABAAAAAgAA" +
  "AAMAAAD9UCFJIEYgQ0F8cSI/aiFFID8hRANAIEEgSUED/asB/QwCAAAAAgAAAAIAAAACAAAA/VAiR/0bAEECdGogQv0AAgAi" +
  "SP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIg" +
  "Sf0MBAAAAAQAAAAEAAAABAAAAP2uASFJIERBfGoiRA0ACyBDID9GDQILIEVBf3MhQgJAIAMgRWtBAXFFDQAgQSBFQQV0akEI" +
  "aiBAIDVqIEUgAWxBAnRqKgIAOAIAIEVBAWohRQsgQiAiRg0BIBYgRWwhPyBFQQV0IUQgAyBFayFDIBYgRUEBamwhPiAqIUID" +
  "QCA6IERqIkVBCGogQiA/aioCADgCACBFQShqIEIgPmoqAgA4AgAgQiAdaiFCIERBwABqIUQgQ0F+aiJDDQAMAgsLIE9BAk0N" +
  "AQsCQAJAAkACQCBPQQNKDQAgRiADTg0EIEYhQwJAIAMgRmsiREEESQ0AIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUggRiBE" +
  "QXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAMAAAADAAAAAwAAAAMAAAD9UCJH/RsAQQJ0akEANgIAIEEgR/0bAUECdGpBADYC" +
  "ACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9DAQAAAAEAAAABAAAAAQAAAD9rgEhSCBCQXxqIkINAAsgRCBF" +
  "Rg0CCyADIENrIUQgGyBDQQV0aiFCA0AgQkEANgIAIEJBIGohQiBEQX9qIkQNAAwCCwsgRiADTg0BIEYhRQJAIAMgRmsiQ0EM" +
  "SQ0AIEYhRSABQQFHDQACQCAFIE5BDHJqIEZBBXRqIAAgDCBNampPDQAgRiFFIAAgCyBNamogRkECdGogBSAwIE5qakkNAQsg" +
  "KSAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkgRiBDQXxxIj9qIUUgPyFEA0AgQSBJQQP9qwH9DAMAAAADAAAA" +
  "AwAAAAMAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEgR/0bAUECdGogSP0fATgCACBBIEf9GwJBAnRqIEj9HwI4AgAg" +
  "QSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIUkgREF8aiJEDQALIEMgP0YNAQsgRUF/" +
  "cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQQxqIEAgNmogRSABbEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQAgFiBFbCE/IEVB" +
  "BXQhRCADIEVrIUMgFiBFQQFqbCE+ICkhQgNAIDogRGoiRUEMaiBCID9qKgIAOAIAIEVBLGogQiA+aioCADgCACBCIB1qIUIg" +
  "REHAAGohRCBDQX5qIkMNAAsLAkAgT0EESg0AIEYgA04NAyBGIUMCQCADIEZrIkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMA" +
  "AAD9UCFIIEYgREF8cSJFaiFDIEUhQgNAIEEgSEED/asB/QwEAAAABAAAAAQAAAAEAAAAIkn9UCJH/RsAQQJ0akEANgIAIEEg" +
  "R/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEggSf2uASFIIEJBfGoiQg0ACyBEIEVGDQML" +
  "IAMgQ2shRCAaIENBBXRqIUIDQCBCQQA2AgAgQkEgaiFCIERBf2oiRA0ADAMLCyBGIANODQEgRiFFAkAgAyBGayJDQQxJDQAg" +
  "RiFFIAFBAUcNAAJAIAUgTkEQcmogRkEFdGogACAOIE1qak8NACBGIUUgACANIE1qaiBGQQJ0aiAFIDEgTmpqSQ0BCyAoIBYg" +
  "RmxqIUIgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSSBGIENBfHEiP2ohRSA/IUQDQCBBIElBA/2rAf0MBAAAAAQAAAAEAAAA" +
  "BAAAACJK/VAiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEg" +
  "R/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSSBK/a4BIUkgREF8aiJEDQALIEMgP0YNAgsgRUF/cyFCAkAgAyBFa0EBcUUNACBB" +
  "IEVBBXRqQRBqIEAgB0ECdGogRSABbEECdGoqAgA4AgAgRUEBaiFFCyBCICJGDQEgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBF" +
  "QQFqbCE+ICghQgNAIDogRGoiRUEQaiBCID9qKgIAOAIAIEVBMGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMN" +
  "AAwCCwsgT0EETQ0BCwJAAkACQAJAIE9BBUoNACBGIANODQQgRiFDAkAgAyBGayJEQQRJDQAgRv0R/QwAAAAAAQAAAAIAAAAD" +
  "AAAA/VAhSCBGIERBfHEiRWohQyBFIUIDQCBBIEhBA/2rAf0MBQAAAAUAAAAFAAAABQAAAP1QIkf9GwBBAnRqQQA2AgAgQSBH" +
  "/RsBQQJ0akEANgIAIEEgR/0bAkECdGpBADYCACBBIEf9GwNBAnRqQQA2AgAgSP0MBAAAAAQAAAAEAAAABAAAAP2uASFIIEJB" +
  "fGoiQg0ACyBEIEVGDQILIAMgQ2shRCAZIENBBXRqIUIDQCBCQQA2AgAgQkEgaiFCIERBf2oiRA0ADAILCyBGIANODQEgRiFF" +
  "AkAgAyBGayJDQQxJDQAgRiFFIAFBAUcNAAJAIAUgTkEUcmogRkEFdGogACAQIE1qak8NACBGIUUgACAPIE1qaiBGQQJ0aiAF" +
  "IDIgTmpqSQ0BCyAnIBYgRmxqIUIgRv0R/QwAAAAAAQAAAAIAAAADAAAA/VAhSSBGIENBfHEiP2ohRSA/IUQDQCBBIElBA/2r" +
  "Af0MBQAAAAUAAAAFAAAABQAAAP1QIkf9GwBBAnRqIEL9AAIAIkj9HwA4AgAgQSBH/RsBQQJ0aiBI/R8BOAIAIEEgR/0bAkEC" +
  "dGogSP0fAjgCACBBIEf9GwNBAnRqIEj9HwM4AgAgQiAfaiFCIEn9DAQAAAAEAAAABAAAAAQAAAD9rgEhSSBEQXxqIkQNAAsg" +
  "QyA/Rg0BCyBFQX9zIUICQCADIEVrQQFxRQ0AIEEgRUEFdGpBFGogQCA3aiBFIAFsQQJ0aioCADgCACBFQQFqIUULIEIgIkYN" +
  "ACAWIEVsIT8gRUEFdCFEIAMgRWshQyAWIEVBAWpsIT4gJyFCA0AgOiBEaiJFQRRqIEIgP2oqAgA4AgAgRUE0aiBCID5qKgIA" +
  "OAIAIEIgHWohQiBEQcAAaiFEIENBfmoiQw0ACwsCQCBPQQZKDQAgRiADTg0DIEYhQwJAIAMgRmsiREEESQ0AIEb9Ef0MAAAA" +
  "AAEAAAACAAAAAwAAAP1QIUggRiBEQXxxIkVqIUMgRSFCA0AgQSBIQQP9qwH9DAYAAAAGAAAABgAAAAYAAAD9UCJH/RsAQQJ0" +
  "akEANgIAIEEgR/0bAUECdGpBADYCACBBIEf9GwJBAnRqQQA2AgAgQSBH/RsDQQJ0akEANgIAIEj9DAQAAAAEAAAABAAAAAQA" +
  "AAD9rgEhSCBCQXxqIkINAAsgRCBFRg0DCyADIENrIUQgGCBDQQV0aiFCA0AgQkEANgIAIEJBIGohQiBEQX9qIkQNAAwDCwsg" +
  "RiADTg0BIEYhRQJAIAMgRmsiQ0EMSQ0AIEYhRSABQQFHDQACQCAFIE5BGHJqIEZBBXRqIAAgEiBNampPDQAgRiFFIAAgESBN" +
  "amogRkECdGogBSAzIE5qakkNAQsgJiAWIEZsaiFCIEb9Ef0MAAAAAAEAAAACAAAAAwAAAP1QIUkgRiBDQXxxIj9qIUUgPyFE" +
  "A0AgQSBJQQP9qwH9DAYAAAAGAAAABgAAAAYAAAD9UCJH/RsAQQJ0aiBC/QACACJI/R8AOAIAIEEgR/0bAUECdGogSP0fATgC" +
  "ACBBIEf9GwJBAnRqIEj9HwI4AgAgQSBH/RsDQQJ0aiBI/R8DOAIAIEIgH2ohQiBJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIUkg" +
  "REF8aiJEDQALIEMgP0YNAgsgRUF/cyFCAkAgAyBFa0EBcUUNACBBIEVBBXRqQRhqIEAgOGogRSABbEECdGoqAgA4AgAgRUEB" +
  "aiFFCyBCICJGDQEgFiBFbCE/IEVBBXQhRCADIEVrIUMgFiBFQQFqbCE+ICYhQgNAIDogRGoiRUEYaiBCID9qKgIAOAIAIEVB" +
  "OGogQiA+aioCADgCACBCIB1qIUIgREHAAGohRCBDQX5qIkMNAAwCCwsgT0EGTQ0BCwJAIE9BB0oNACBGIANODQECQCADIEZr" +
  "IkRBBEkNACBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFIIEYgREF8cSJDaiFGIEMhQgNAIEEgSEED/asB/QwHAAAABwAAAAcA" +
  "AAAHAAAA/VAiR/0bAEECdGpBADYCACBBIEf9GwFBAnRqQQA2AgAgQSBH/RsCQQJ0akEANgIAIEEgR/0bA0ECdGpBADYCACBI" +
  "/QwEAAAABAAAAAQAAAAEAAAA/a4BIUggQkF8aiJCDQALIEQgQ0YNAgsgAyBGayFBIBcgRkEFdGohQgNAIEJBADYCACBCQSBq" +
  "IUIgQUF/aiJBDQAMAgsLIEYgA04NAAJAIAMgRmsiQ0EMSQ0AIAFBAUcNAAJAIAUgTkEccmogRkEFdGogACAUIE1qak8NACAA" +
  "IBMgTWpqIEZBAnRqIAUgLCBOampJDQELICUgFiBGbGohQiBG/RH9DAAAAAABAAAAAgAAAAMAAAD9UCFJIEYgQ0F8cSJFaiFG" +
  "IEUhRANAIEEgSUED/asB/QwHAAAABwAAAAcAAAAHAAAA/VAiR/0bAEECdGogQv0AAgAiSP0fADgCACBBIEf9GwFBAnRqIEj9" +
  "HwE4AgAgQSBH/RsCQQJ0aiBI/R8COAIAIEEgR/0bA0ECdGogSP0fAzgCACBCIB9qIUIgSf0MBAAAAAQAAAAEAAAABAAAAP2u" +
  "ASFJIERBfGoiRA0ACyBDIEVGDQELIEZBf3MhQgJAIAMgRmtBAXFFDQAgQSBGQQV0akEcaiBAIDlqIEYgAWxBAnRqKgIAOAIA" +
  "IEZBAWohRgsgQiAiRg0AIBYgRmwhRSBGQQV0IUEgAyBGayFEIBYgRkEBamwhRiAlIUIDQCA6IEFqIkNBHGogQiBFaioCADgC" +
  "ACBDQTxqIEIgRmoqAgA4AgAgQiAdaiFCIEFBwABqIUEgREF+aiJEDQALCyAVICxqIRUgJSAgaiElIBcgLGohFyAmICBqISYg" +
  "GCAsaiEYICcgIGohJyAZICxqIRkgKCAgaiEoIBogLGohGiApICBqISkgGyAsaiEbICogIGohKiAcICxqIRwgKyAgaiErIB4g" +
  "LGohHiA6ICxqITogOyAgaiE7IDxBAWohPCA9QQhqIj0gBEgNAAsLC7AQBQh/CHsDfwZ7An8CQCAFQQFIDQAgA0EBSA0AIAZB" +
  "AXQhCEEAIQkgBkEBdEECdCEKIAZBA2xBAnQhCwNAIAUgCWshDCACIAlBAnRqIQ0gASAJIARsQQJ0aiEOQQAhDwNAAkACQCAE" +
  "QQFODQD9DAAAAAAAAAAAAAAAAAAAAAAiECERIBAhEiAQIRMgECEUIBAhFSAQIRYgECEXDAELIAAgDyAEbEECdGohGCAEIRkg" +
  "DiEa/QwAAAAAAAAAAAAAAAAAAAAAIhchFiAXIRUgFyEUIBchEyAXIRIgFyERIBchEANAIBj9AAAAIhsgG/0NDA0ODwwNDg8M" +
  "DQ4PDA0ODyIcIBr9AAAAIh0gEf2FAiERIBsgG/0NCAkKCwgJCgsICQoLCAkKCyIeIB0gE/2FAiETIBsgG/0NBAUGBwQFBgcE" +
  "BQYHBAUGByIfIB0gFf2FAiEVIBsgG/0NAAECAwABAgMAAQIDAAECAyIgIB0gF/2FAiEXIBwgGkEQav0AAAAiGyAS/YUCIRIg" +
  "HiAbIBD9hQIhECAfIBsgFP2FAiEUICAgGyAW/YUCIRYgGkEgaiEaIBhBEGohGCAZQX9qIhkNAAsLIA0gDyAGbEECdGohGgJA" +
  "AkACQAJAIAMgD2siGEEESCIZDQAgDEEHSg0BCyAYQQFIDQIgDEEBSA0CIAdFDQEgGiAaKgIAIBf9HwCSOAIAAkAgDEECSCIh" +
  "DQAgGiAaKgIEIBf9HwGSOAIEIAxBAkYNACAaIBoqAgggF/0fApI4AgggDEEESA0AIBogGioCDCAX/R8DkjgCDCAMQQRGDQAg" +
  "GiAaKgIQIBb9HwCSOAIQIAxBBkgNACAaIBoqAhQgFv0fAZI4AhQgDEEGRg0AIBogGioCGCAW/R8CkjgCGCAMQQhIDQAgGiAa" +
  "KgIcIBb9HwOSOAIcCyAYQQJIDQIgGiAGQQJ0aiIiICIqAgAgFf0fAJI4AgACQCAhDQAgIiAiKgIEIBX9HwGSOAIEIAxBAkYN" +
  "ACAiICIqAgggFf0fApI4AgggDEEESA0AICIgIioCDCAV/R8DkjgCDCAMQQRGDQAgIiAiKgIQIBT9HwCSOAIQIAxBBkgNACAi" +
  "ICIqAhQgFP0fAZI4AhQgDEEGRg0AICIgIioCGCAU/R8CkjgCGCAMQQhIDQAgIiAiKgIcIBT9HwOSOAIcCyAYQQNIDQIgGiAK" +
  "aiIYIBgqAgAgE/0fAJI4AgACQCAhDQAgGCAYKgIEIBP9HwGSOAIEIAxBAkYNACAYIBgqAgggE/0fApI4AgggDEEESA0AIBgg" +
  "GCoCDCAT/R8DkjgCDCAMQQRGDQAgGCAYKgIQIBD9HwCSOAIQIAxBBkgNACAYIBgqAhQgEP0fAZI4AhQgDEEGRg0AIBggGCoC" +
  "GCAQ/R8CkjgCGCAMQQhIDQAgGCAYKgIcIBD9HwOSOAIcCyAZDQIgGiALaiIaIBoqAgAgEf0fAJI4AgAgIQ0CIBogGioCBCAR" +
  "/R8BkjgCBCAMQQJGDQIgGiAaKgIIIBH9HwKSOAIIIAxBBEgNAiAaIBoqAgwgEf0fA5I4AgwgDEEERg0CIBogGioCECAS/R8A" +
  "kjgCECAMQQZIDQIgGiAaKgIUIBL9HwGSOAIUIAxBBkYNAiAaIBoqAhggEv0fApI4AhggDEEISA0CIBogGioCHCAS/R8DkjgC" +
  "HAwCCwJAIAdFDQAgGiAXIBr9AAAA/eQB/QsAACAaIBYgGv0AABD95AH9CwAQIBogBkECdGoiGCAVIBj9AAAA/eQB/QsAACAY" +
  "IBQgGP0AABD95AH9CwAQIBogCEECdGoiGCATIBj9AAAA/eQB/QsAACAYIBAgGP0AABD95AH9CwAQIBogC2oiGiARIBr9AAAA" +
  "/eQB/QsAACAaIBIgGv0AABD95AH9CwAQDAILIBogFv0LABAgGiAX/QsAACAaIAZBAnRqIhggFP0LABAgGCAV/QsAACAaIAhB" +
  "AnRqIhggEP0LABAgGCAT/QsAACAaIAtqIhogEv0LABAgGiAR/QsAAAwBCyAaIBf9HwA4AgACQCAMQQJIIiINACAaIBf9HwE4" +
  "AgQgDEECRg0AIBogF/0fAjgCCCAMQQRIDQAgGiAX/R8DOAIMIAxBBEYNACAaIBb9HwA4AhAgDEEGSA0AIBogFv0fATgCFCAM" +
  "QQZGDQAgGiAW/R8COAIYIAxBCEgNACAaIBb9HwM4AhwLIBhBAkgNACAaIAZBAnRqIiEgFf0fADgCAAJAICINACAhIBX9HwE4" +
  "AgQgDEECRg0AICEgFf0fAjgCCCAMQQRIDQAgISAV/R8DOAIMIAxBBEYNACAhIBT9HwA4AhAgDEEGSA0AICEgFP0fATgCFCAM" +
  "QQZGDQAgISAU/R8COAIYIAxBCEgNACAhIBT9HwM4AhwLIBhBA0gNACAaIApqIhggE/0fADgCAAJAICINACAYIBP9HwE4AgQg" +
  "DEECRg0AIBggE/0fAjgCCCAMQQRIDQAgGCAT/R8DOAIMIAxBBEYNACAYIBD9HwA4AhAgDEEGSA0AIBggEP0fATgCFCAMQQZG" +
  "DQAgGCAQ/R8COAIYIAxBCEgNACAYIBD9HwM4AhwLIBkNACAaIAtqIhogEf0fADgCACAiDQAgGiAR/R8BOAIEIAxBAkYNACAa" +
  "IBH9HwI4AgggDEEESA0AIBogEf0fAzgCDCAMQQRGDQAgGiAS/R8AOAIQIAxBBkgNACAaIBL9HwE4AhQgDEEGRg0AIBogEv0f" +
  "AjgCGCAMQQhIDQAgGiAS/R8DOAIcCyAPQQRqIg8gA0gNAAsgCUEIaiIJIAVIDQALCwu5CwUIfwh7A38GewJ/AkAgBUEBSA0A" +
  "IANBAUgNACAGQQF0IQhBACEJIAZBAXRBA3QhCiAGQQNsQQN0IQsDQCAFIAlrIQwgAiAJQQN0aiENIAEgCSAEbEEDdGohDkEA" +
  "IQ8DQAJAAkAgBEEBTg0A/QwAAAAAAAAAAAAAAAAAAAAAIhAhESAQIRIgECETIBAhFCAQIRUgECEWIBAhFwwBCyAAIA8gBGxB" +
  "A3RqIRggBCEZIA4hGv0MAAAAAAAAAAAAAAAAAAAAACIXIRYgFyEVIBchFCAXIRMgFyESIBchESAXIRADQCAY/QAAACIbIBv9" +
  "DQgJCgsMDQ4PCAkKCwwNDg8iHCAa/QAAACIdIBX9hwIhFSAbIBv9DQABAgMEBQYHAAECAwQFBgciHiAdIBf9hwIhFyAYQRBq" +
  "/QAAACIbIBv9DQgJCgsMDQ4PCAkKCwwNDg8iHyAaQRBq/QAAACIgIBH9hwIhESAbIBv9DQABAgMEBQYHAAECAwQFBgciGyAg" +
  "IBL9hwIhEiAcICAgFP2HAiEUIB4gICAW/YcCIRYgHyAdIBD9hwIhECAbIB0gE/2HAiETIBhBIGohGCAaQSBqIRogGUF/aiIZ" +
  "DQALCyANIA8gBmxBA3RqIRgCQAJAAkACQCADIA9rIhpBBEgiGQ0AIAxBA0oNAQsgGkEBSA0CIAxBAUgNAiAHRQ0BIBggGCsD" +
  "ACAX/SEAoDkDAAJAIAxBAkgiIQ0AIBggGCsDCCAX/SEBoDkDCCAMQQJGDQAgGCAYKwMQIBb9IQCgOQMQIAxBBEgNACAYIBgr" +
  "AxggFv0hAaA5AxgLIBpBAkgNAiAYIAZBA3RqIiIgIisDACAV/SEAoDkDAAJAICENACAiICIrAwggFf0hAaA5AwggDEECRg0A" +
  "ICIgIisDECAU/SEAoDkDECAMQQRIDQAgIiAiKwMYIBT9IQGgOQMYCyAaQQNIDQIgGCAKaiIaIBorAwAgE/0hAKA5AwACQCAh" +
  "DQAgGiAaKwMIIBP9IQGgOQMIIAxBAkYNACAaIBorAxAgEv0hAKA5AxAgDEEESA0AIBogGisDGCAS/SEBoDkDGAsgGQ0CIBgg" +
  "C2oiGCAYKwMAIBD9IQCgOQMAICENAiAYIBgrAwggEP0hAaA5AwggDEECRg0CIBggGCsDECAR/SEAoDkDECAMQQRIDQIgGCAY" +
  "KwMYIBH9IQGgOQMYDAILAkAgB0UNACAYIBcgGP0AAAD98AH9CwAAIBggFiAY/QAAEP3wAf0LABAgGCAGQQN0aiIaIBUgGv0A" +
  "AAD98AH9CwAAIBogFCAa/QAAEP3wAf0LABAgGCAIQQN0aiIaIBMgGv0AAAD98AH9CwAAIBogEiAa/QAAEP3wAf0LABAgGCAL" +
  "aiIYIBAgGP0AAAD98AH9CwAAIBggESAY/QAAEP3wAf0LABAMAgsgGCAW/QsAECAYIBf9CwAAIBggBkEDdGoiGiAU/QsAECAa" +
  "IBX9CwAAIBggCEEDdGoiGiAS/QsAECAaIBP9CwAAIBggC2oiGCAR/QsAECAYIBD9CwAADAELIBggF/0hADkDAAJAIAxBAkgi" +
  "IQ0AIBggF/0hATkDCCAMQQJGDQAgGCAW/SEAOQMQIAxBBEgNACAYIBb9IQE5AxgLIBpBAkgNACAYIAZBA3RqIiIgFf0hADkD" +
  "AAJAICENACAiIBX9IQE5AwggDEECRg0AICIgFP0hADkDECAMQQRIDQAgIiAU/SEBOQMYCyAaQQNIDQAgGCAKaiIaIBP9IQA5" +
  "AwACQCAhDQAgGiAT/SEBOQMIIAxBAkYNACAaIBL9IQA5AxAgDEEESA0AIBogEv0hATkDGAsgGQ0AIBggC2oiGCAQ/SEAOQMA" +
  "ICENACAYIBD9IQE5AwggDEECRg0AIBggEf0hADkDECAMQQRIDQAgGCAR/SEBOQMYCyAPQQRqIg8gA0gNAAsgCUEEaiIJIAVI" +
  "DQALCws=";
// END GENERATED MATMUL_RELAXED

const wasm: Wasm | null = instantiate();

/**
 * Whether the WebAssembly SIMD kernel runs here. When false (no WebAssembly,
 * no simd128, or compilation refused), {@linkcode matmul} calls the TypeScript
 * kernel of `./matmul.ts` instead.
 */
export const WASM_MATMUL_AVAILABLE: boolean = wasm !== null;
