/**
 * Batched matrix-multiply kernel on a native BLAS (OpenBLAS) through Deno's
 * foreign function interface: a drop-in for `matmul` of `./matmul.ts` (same
 * arguments, strides, dtypes and batch semantics) that calls `cblas_sgemm` /
 * `cblas_dgemm` once per batch entry.
 *
 * - Nothing happens at import: the library is opened by {@linkcode loadBlas}
 *   (`Deno.dlopen`, which needs `--allow-ffi`), so this module loads in Node,
 *   browsers and Deno without permissions, where `loadBlas` just reports why
 *   BLAS is not available.
 * - Operands are passed in place when BLAS can read them: a view with column
 *   stride 1 as `CblasNoTrans`, one with row stride 1 (a transposed view, as
 *   the backward pass's `g @ Wᵀ` and `xᵀ @ g` hand over) as `CblasTrans`,
 *   with the other stride as leading dimension. Other layouts (negative or
 *   overlapping strides, strided columns) and a dtype other than the compute
 *   dtype are first copied into contiguous scratch.
 * - Products are computed in float32 (`sgemm`) when both operands are float32,
 *   else in float64 (`dgemm`), as the WebAssembly kernel does; a float32
 *   output of a float64 product is rounded once.
 * - OpenBLAS's own thread pool does the threading: {@linkcode setBlasThreads}
 *   (`openblas_set_num_threads`) sets its size.
 *
 * @module
 */

import { applyEpilogue, type BiasRow, type Epilogue, type MatmulOperand } from "./matmul.ts";
import { reluF32 } from "./elementwise_wasm.ts";

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const GEMM_PARAMETERS = [
  "i32", // order
  "i32", // transA
  "i32", // transB
  "i32", // M
  "i32", // N
  "i32", // K
  "f32", // alpha (f64 for dgemm)
  "buffer", // A
  "i32", // lda
  "buffer", // B
  "i32", // ldb
  "f32", // beta (f64 for dgemm)
  "buffer", // C
  "i32", // ldc
] as const;

const SYMBOLS = {
  cblas_sgemm: { parameters: GEMM_PARAMETERS, result: "void" },
  cblas_dgemm: {
    parameters: GEMM_PARAMETERS.map((p) => p === "f32" ? "f64" : p) as unknown as readonly [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f64",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
} as const;

type Floats = Float32Array | Float64Array;
type Gemm = (
  order: number,
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Floats,
  lda: number,
  b: Floats,
  ldb: number,
  beta: number,
  c: Floats,
  ldc: number,
) => void;

/** The opened library. */
interface Blas {
  path: string;
  sgemm: Gemm;
  dgemm: Gemm;
  setNumThreads: ((n: number) => void) | null;
  getNumThreads: (() => number) | null;
  config: string | null;
}

let blas: Blas | null = null;

/**
 * Library names tried in order when none is given: OpenBLAS by its soname
 * (Debian's `libopenblas0`), then the system BLAS (Debian's alternatives
 * link `libblas.so.3`, OpenBLAS or the reference BLAS), then the macOS and
 * Windows names of OpenBLAS.
 */
export const BLAS_LIBRARY_NAMES: readonly string[] = [
  "libopenblas.so.0",
  "libopenblas.so",
  "libblas.so.3",
  "libopenblas.dylib",
  "libopenblas.dll",
  "openblas.dll",
];

/** The subset of Deno's API this module uses, looked up on `globalThis`. */
interface DenoFfi {
  dlopen(path: string, symbols: typeof SYMBOLS): {
    symbols: Record<string, ((...args: unknown[]) => unknown) | null>;
  };
  permissions: { querySync(d: { name: "ffi"; path: string }): { state: string } };
  UnsafePointerView: { getCString(pointer: unknown): string };
}

/**
 * Opens a BLAS library (once; later calls return at once).
 * @param library A path or library name; by default each of
 *   {@linkcode BLAS_LIBRARY_NAMES} is tried.
 * @returns `null` once a library is open, else why none could be opened.
 * @example Open the system OpenBLAS if this process may
 * ```ts ignore
 * import { loadBlas } from "./matmul_blas.ts";
 * const why = loadBlas(); // null under `deno run --allow-ffi` with libopenblas0
 * ```
 */
export function loadBlas(library?: string): string | null {
  if (blas !== null && (library === undefined || library === blas.path)) return null;
  const deno = (globalThis as { Deno?: DenoFfi }).Deno;
  if (deno === undefined || typeof deno.dlopen !== "function") {
    return "it needs Deno's FFI (Deno.dlopen), which this runtime lacks";
  }
  // --allow-ffi, or --allow-ffi=<absolute path> with that path as `library` (Deno resolves a
  // permitted name against the working directory, so a scoped grant needs the full path).
  const allowed = (path: string) => {
    try {
      return deno.permissions.querySync({ name: "ffi", path }).state === "granted";
    } catch {
      return false;
    }
  };
  const candidates = (library === undefined ? BLAS_LIBRARY_NAMES : [library]).filter(allowed);
  if (candidates.length === 0) {
    return "it needs permission to load native code: run with --allow-ffi";
  }
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      const lib = deno.dlopen(path, SYMBOLS).symbols;
      let config: string | null = null;
      try {
        const pointer = lib.openblas_get_config?.();
        if (pointer) config = deno.UnsafePointerView.getCString(pointer);
      } catch { /* reading a C string needs --allow-ffi without a path: no description */ }
      blas = {
        path,
        sgemm: lib.cblas_sgemm as unknown as Gemm,
        dgemm: lib.cblas_dgemm as unknown as Gemm,
        setNumThreads: lib.openblas_set_num_threads as ((n: number) => void) | null,
        getNumThreads: lib.openblas_get_num_threads as (() => number) | null,
        config,
      };
      return null;
    } catch (e) {
      failures.push(`${path}: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
    }
  }
  const hint = library === undefined ? " (on Debian: apt-get install libopenblas0)" : "";
  return `no BLAS library could be opened${hint}; tried ${failures.join("; ")}`;
}

/**
 * The open library: its path, OpenBLAS's build description (`null` for
 * another BLAS) and OpenBLAS's thread count (`null` if it cannot say).
 * @returns `null` before {@linkcode loadBlas} succeeds.
 * @example After loading
 * ```ts ignore
 * import { blasInfo, loadBlas } from "./matmul_blas.ts";
 * if (loadBlas() === null) console.log(blasInfo()); // { path: "libopenblas.so.0", ... }
 * ```
 */
export function blasInfo(): { path: string; config: string | null; threads: number | null } | null {
  if (blas === null) return null;
  return { path: blas.path, config: blas.config, threads: blas.getNumThreads?.() ?? null };
}

/**
 * Sets the size of OpenBLAS's thread pool (no effect on another BLAS or
 * before {@linkcode loadBlas}).
 * @param n Threads, at least 1.
 * @returns Whether the library took the setting.
 * @example One thread, for comparisons at equal threads
 * ```ts ignore
 * import { setBlasThreads } from "./matmul_blas.ts";
 * setBlasThreads(1);
 * ```
 */
export function setBlasThreads(n: number): boolean {
  if (blas?.setNumThreads == null) return false;
  blas.setNumThreads(n);
  return true;
}

// Contiguous copies of operands BLAS cannot read in place, and the float64
// result of a product stored into a float32 output. Grown on demand, reused.
const scratch = {
  a32: new Float32Array(0),
  b32: new Float32Array(0),
  a64: new Float64Array(0),
  b64: new Float64Array(0),
  c64: new Float64Array(0),
};

/**
 * How BLAS reads a `rows x cols` view with strides `rs`, `cs` in place:
 * `[transposed, leading dimension]`, or `null` when it must be copied. A
 * dimension of size 1 may have any stride.
 */
function inPlace(rs: number, cs: number, rows: number, cols: number): [boolean, number] | null {
  const r = rows === 1 ? Math.max(cols, 1) : rs;
  if ((cols === 1 || cs === 1) && r >= Math.max(cols, 1)) return [false, r];
  const c = cols === 1 ? Math.max(rows, 1) : cs;
  if ((rows === 1 || rs === 1) && c >= Math.max(rows, 1)) return [true, c];
  return null;
}

/** Copies a `rows x cols` view into `dst` row-major (converting the dtype). */
function gather(
  src: Floats,
  start: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  dst: Floats,
): void {
  let d = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0, s = start + i * rs; j < cols; j++, s += cs) dst[d++] = src[s];
  }
}

function grow32(key: "a32" | "b32", size: number): Float32Array {
  if (scratch[key].length < size) scratch[key] = new Float32Array(size);
  return scratch[key];
}

function grow64(key: "a64" | "b64" | "c64", size: number): Float64Array {
  if (scratch[key].length < size) scratch[key] = new Float64Array(size);
  return scratch[key];
}

/**
 * Batched matrix product `out[t] = A[t] @ B[t]` for `t` in `[0, batch)` on
 * BLAS, with the arguments and semantics of `matmul` in `./matmul.ts`. Call
 * {@linkcode loadBlas} first. Shapes are not validated: callers check them.
 *
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
 * @param epilogue A bias row added to every output row, then relu, if any:
 *   the bias is written into the output first and accumulated by BLAS
 *   (`beta = 1`) when the output has the compute dtype, else added after the
 *   product; relu runs after.
 *
 * @example Multiply by a transposed view
 * ```ts ignore
 * import assert from "node:assert/strict";
 * import { loadBlas, matmul } from "./matmul_blas.ts";
 * if (loadBlas() === null) {
 *   const a = new Float32Array([1, 2, 3, 4, 5, 6]); // [2, 3], row-major
 *   const out = new Float32Array(4);
 *   matmul(
 *     { data: a, offset: 0, strides: [0, 3, 1] },
 *     { data: a, offset: 0, strides: [0, 1, 3] }, // aᵀ, passed as CblasTrans
 *     out,
 *     1, 2, 3, 2,
 *   );
 *   assert.deepEqual([...out], [14, 32, 32, 77]);
 * }
 * ```
 */
export function matmul(
  a: MatmulOperand,
  b: MatmulOperand,
  out: Floats,
  batch: number,
  m: number,
  k: number,
  n: number,
  epilogue?: Epilogue,
): void {
  const lib = blas;
  if (lib === null) {
    throw new Error("internal: the BLAS matmul kernel was called before loadBlas()");
  }
  if (batch <= 0 || m <= 0 || n <= 0) return;
  if (k <= 0) {
    out.fill(0, 0, batch * m * n);
    if (epilogue !== undefined) applyEpilogue(out, 0, batch * m, n, epilogue);
    return;
  }
  const single = a.data instanceof Float32Array && b.data instanceof Float32Array;
  const gemm = single ? lib.sgemm : lib.dgemm;
  const [aBatch, aRow, aCol] = a.strides;
  const [bBatch, bRow, bCol] = b.strides;
  // Operands BLAS reads in place, as [transposed, leading dimension]; null: copied.
  const dtypeOk = (x: Floats) => single || x instanceof Float64Array;
  const la = dtypeOk(a.data) ? inPlace(aRow, aCol, m, k) : null;
  const lb = dtypeOk(b.data) ? inPlace(bRow, bCol, k, n) : null;
  const direct = out instanceof (single ? Float32Array : Float64Array);
  const c = direct ? out : grow64("c64", m * n);
  // The bias goes into the output first, for BLAS to accumulate onto (beta = 1).
  const bias = epilogue?.bias;
  const beta = bias !== undefined && direct ? 1 : 0;
  if (beta === 1) fillRows(out, batch * m, n, bias!);
  const bufA = la ? null : single ? grow32("a32", m * k) : grow64("a64", m * k);
  const bufB = lb ? null : single ? grow32("b32", k * n) : grow64("b64", k * n);
  for (let t = 0; t < batch; t++) {
    const aStart = a.offset + t * aBatch;
    const bStart = b.offset + t * bBatch;
    // A broadcast operand (batch stride 0) is copied once.
    if (bufA && (t === 0 || aBatch !== 0)) gather(a.data, aStart, aRow, aCol, m, k, bufA);
    if (bufB && (t === 0 || bBatch !== 0)) gather(b.data, bStart, bRow, bCol, k, n, bufB);
    const outStart = t * m * n;
    gemm(
      ROW_MAJOR,
      la?.[0] ? TRANS : NO_TRANS,
      lb?.[0] ? TRANS : NO_TRANS,
      m,
      n,
      k,
      1,
      bufA ?? a.data.subarray(aStart),
      la ? la[1] : k,
      bufB ?? b.data.subarray(bStart),
      lb ? lb[1] : n,
      beta,
      direct ? out.subarray(outStart) : c,
      n,
    );
    if (!direct) out.set(c.subarray(0, m * n), outStart);
  }
  if (bias !== undefined && beta === 0) applyEpilogue(out, 0, batch * m, n, { bias });
  // relu: one SIMD pass where the elementwise kernels run, else a loop.
  const count = batch * m * n;
  if (epilogue?.relu && !(out instanceof Float32Array && reluF32(out, 0, out, 0, count))) {
    applyEpilogue(out, 0, batch * m, n, { relu: true });
  }
}

/** Writes the bias row into each of the first `rows` rows of `out` (`n` elements each). */
function fillRows(out: Floats, rows: number, n: number, bias: BiasRow): void {
  const { data, offset, stride } = bias;
  if (stride === 1) out.set(data.subarray(offset, offset + n), 0);
  else for (let j = 0; j < n; j++) out[j] = data[offset + j * stride];
  // Doubling copies: row 0 to row 1, rows 0-1 to 2-3, and so on.
  for (let filled = 1; filled < rows;) {
    const count = Math.min(filled, rows - filled);
    out.copyWithin(filled * n, 0, count * n);
    filled += count;
  }
}
