/**
 * Which matmul kernel the ops run, and on how many threads: the one switch
 * between backends. Ops call {@linkcode matmul} here and never name a
 * backend, so a backend changes no op code.
 *
 * | backend | kernel | threads |
 * |---|---|---|
 * | `"wasm"` (default) | WebAssembly SIMD, `matmul_wasm.ts` | a pool of workers (`matmul_threads.ts`) |
 * | `"ts"` | plain TypeScript, `matmul.ts` (and cpu.ts's own elementwise loops) | the same pool |
 * | `"blas"` | native OpenBLAS through Deno FFI, `matmul_blas.ts` | OpenBLAS's own |
 *
 * Chosen by {@linkcode setBackend} and {@linkcode setNumThreads}, or at
 * startup by the environment variables `NABLA_BACKEND` (`wasm`, `ts`, `blas`),
 * `NABLA_NUM_THREADS` (an integer >= 1) and `NABLA_BLAS_LIBRARY` (a path or
 * library name), read only where the runtime lets this module read them
 * without asking (Deno with `--allow-env`, Node; never in a browser).
 *
 * @module
 */

import { checkOptions } from "../options.ts";
import { type Epilogue, matmul as matmulTs, type MatmulOperand } from "./matmul.ts";
import { matmul as matmulWasm } from "./matmul_wasm.ts";
import { useWasmElementwise } from "./elementwise_wasm.ts";
import { useWasmTransformer } from "./transformer_wasm.ts";
import { loadBlas, matmul as matmulBlas, setBlasThreads } from "./matmul_blas.ts";
import { matmulThreaded, poolThreads, setPoolThreads } from "./matmul_threads.ts";

/** The matmul backends {@linkcode setBackend} selects. */
export type Backend = "wasm" | "ts" | "blas";

const BACKENDS: readonly Backend[] = ["wasm", "ts", "blas"];

/** Options of {@linkcode setBackend}. */
export interface SetBackendOptions {
  /**
   * For `"blas"`: the BLAS library to open, a path or a name the system
   * loader finds (`"libopenblas.so.0"`); by default OpenBLAS, then the system
   * BLAS, are tried (`NABLA_BLAS_LIBRARY` overrides the default).
   * @default undefined
   */
  library?: string;
}

type Kernel = (
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
  epilogue?: Epilogue,
) => void;

let backend: Backend = "wasm";
let numThreads = 1;
let kernel: Kernel = matmulWasm;
let warned = "";

const threadedWasm: Kernel = (a, b, out, batch, m, k, n, epilogue) =>
  matmulThreaded("wasm", a, b, out, batch, m, k, n, epilogue);
const threadedTs: Kernel = (a, b, out, batch, m, k, n, epilogue) =>
  matmulThreaded("ts", a, b, out, batch, m, k, n, epilogue);
/** Points {@linkcode matmul} at the kernel the settings ask for, starting or stopping workers. */
function apply(): void {
  // "ts" is plain TypeScript throughout: the float32 elementwise loops too.
  useWasmElementwise(backend !== "ts");
  useWasmTransformer(backend !== "ts");
  const pooled = backend !== "blas" && numThreads > 1;
  const why = setPoolThreads(pooled ? numThreads : 1);
  if (why !== null && warned !== why) {
    warned = why;
    console.warn(`nabla: products run on one thread: ${why}`);
  }
  if (backend === "blas") setBlasThreads(numThreads);
  const threaded = poolThreads() > 1;
  kernel = backend === "blas"
    ? matmulBlas
    : backend === "ts"
    ? (threaded ? threadedTs : matmulTs)
    : (threaded ? threadedWasm : matmulWasm);
}

function backendName(op: string, name: unknown): Backend {
  if (!BACKENDS.includes(name as Backend)) {
    throw new RangeError(
      `Cannot select backend ${JSON.stringify(name)} in ${op}(): expected one of ` +
        BACKENDS.map((b) => `"${b}"`).join(", "),
    );
  }
  return name as Backend;
}

/**
 * Why a backend cannot run here, or `null` if it can. Opens the BLAS library
 * to tell (once), so it needs `--allow-ffi` for `"blas"`.
 */
function unavailable(name: Backend, library?: string): string | null {
  return name === "blas" ? loadBlas(library) : null;
}

/**
 * Selects the kernel behind every matrix product (`matmul`, `mm`, `bmm`,
 * `Linear`, ...), as TensorFlow.js's `setBackend` does. Values do not depend
 * on the backend beyond rounding: float32 products are summed in float32 by
 * `"wasm"` and `"blas"`, in float64 by `"ts"`.
 *
 * - `"wasm"` (the default): WebAssembly SIMD, everywhere.
 * - `"ts"`: plain TypeScript, for engines without WebAssembly SIMD.
 * - `"blas"`: the system's OpenBLAS (Debian: `apt-get install libopenblas0`)
 *   through Deno's foreign function interface; Deno only, run with
 *   `--allow-ffi`.
 *
 * @param name The backend.
 * @param options `library`: which BLAS library to open for `"blas"`.
 * @example Select a backend, then go back to the default
 * ```ts
 * import assert from "node:assert/strict";
 * import { getBackend, matmul, setBackend, tensor } from "@nabla/autograd";
 * setBackend("ts");
 * assert.equal(getBackend(), "ts");
 * assert.deepEqual(matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(), [[11]]);
 * setBackend("wasm");
 * assert.throws(() => setBackend("cuda" as "wasm"), { name: "RangeError", message: /setBackend\(\)/ });
 * ```
 */
export function setBackend(name: Backend, options: SetBackendOptions = {}): void {
  checkOptions("setBackend", options, ["library"]);
  const chosen = backendName("setBackend", name);
  const why = unavailable(chosen, options.library ?? blasLibrary);
  if (why !== null) throw new Error(`Cannot select backend "${chosen}" in setBackend(): ${why}`);
  backend = chosen;
  apply();
}

/**
 * The backend that runs matrix products.
 * @returns `"wasm"`, `"ts"` or `"blas"`.
 * @example The default
 * ```ts
 * import assert from "node:assert/strict";
 * import { getBackend } from "@nabla/autograd";
 * assert.equal(getBackend(), "wasm"); // unless NABLA_BACKEND says otherwise
 * ```
 */
export function getBackend(): Backend {
  return backend;
}

/**
 * Whether a backend can be selected here: always for `"wasm"` and `"ts"`;
 * for `"blas"`, whether a BLAS library opens (Deno with `--allow-ffi`).
 * @param name The backend.
 * @returns `true` if {@linkcode setBackend} would accept it.
 * @example Use BLAS where it is installed
 * ```ts
 * import { isBackendAvailable, setBackend } from "@nabla/autograd";
 * if (isBackendAvailable("blas")) {
 *   setBackend("blas");
 *   setBackend("wasm");
 * }
 * ```
 */
export function isBackendAvailable(name: Backend): boolean {
  return unavailable(backendName("isBackendAvailable", name), blasLibrary) === null;
}

/**
 * Sets how many threads a matrix product may use, as PyTorch's
 * `torch.set_num_threads` does (default 1: threads are opt-in). With
 * `"wasm"` and `"ts"`, products of at least about 2^18 multiply-adds are
 * split across the calling thread and `n - 1` workers sharing memory
 * (results are bit-for-bit those of one thread); with `"blas"`, OpenBLAS
 * uses `n` threads.
 *
 * Worker threads need `SharedArrayBuffer` and a thread allowed to block on
 * `Atomics.wait`: Deno, Node 20.16+, and inside a browser Worker on a
 * cross-origin isolated page. Elsewhere (a browser's main thread) products
 * stay on one thread and a warning says why.
 *
 * @param n Threads, an integer >= 1.
 * @example Two threads, then one
 * ```ts
 * import assert from "node:assert/strict";
 * import { getNumThreads, setNumThreads } from "@nabla/autograd";
 * setNumThreads(2);
 * assert.equal(getNumThreads(), 2);
 * setNumThreads(1);
 * assert.throws(() => setNumThreads(0), { name: "RangeError", message: /setNumThreads\(\)/ });
 * ```
 */
export function setNumThreads(n: number): void {
  numThreads = threadCount("setNumThreads", n);
  apply();
}

function threadCount(op: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `Cannot set the number of threads in ${op}(): expected an integer >= 1, got ${String(n)}`,
    );
  }
  return n;
}

/**
 * The number of threads matrix products may use.
 * @returns What {@linkcode setNumThreads} (or `NABLA_NUM_THREADS`) set; 1 by default.
 * @example The default
 * ```ts
 * import assert from "node:assert/strict";
 * import { getNumThreads } from "@nabla/autograd";
 * assert.equal(getNumThreads(), 1); // unless NABLA_NUM_THREADS says otherwise
 * ```
 */
export function getNumThreads(): number {
  return numThreads;
}

/**
 * Batched matrix product `out[t] = A[t] @ B[t]` on the selected backend, with
 * the arguments and semantics of `matmul` in `./matmul.ts`; what the ops call.
 *
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
 * @param epilogue A row added to every output row afterwards (a layer's
 *   bias), then relu, each rounded as a separate op; the WebAssembly kernel
 *   runs both in its memory, the BLAS one accumulates onto the bias.
 * @example A 1x2 by 2x1 product
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmul } from "./backend.ts";
 * const out = new Float64Array(1);
 * const x = { data: new Float64Array([1, 2]), offset: 0, strides: [0, 2, 1] } as const;
 * matmul(x, { ...x, strides: [0, 1, 1] }, out, 1, 1, 2, 1);
 * assert.equal(out[0], 5);
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
  kernel(a, b, out, batch, m, k, n, epilogue);
}

// ---------------------------------------------------------------- environment

/**
 * An environment variable, where it can be read without a permission prompt:
 * Deno with `--allow-env` (for that variable), Node; `undefined` elsewhere.
 */
function readEnv(name: string): string | undefined {
  const scope = globalThis as {
    Deno?: {
      env: { get(name: string): string | undefined };
      permissions: { querySync(d: { name: "env"; variable: string }): { state: string } };
    };
    process?: { env?: Record<string, string | undefined> };
  };
  try {
    if (scope.Deno !== undefined) {
      const state = scope.Deno.permissions.querySync({ name: "env", variable: name }).state;
      return state === "granted" ? scope.Deno.env.get(name) : undefined;
    }
    return scope.process?.env?.[name];
  } catch {
    return undefined;
  }
}

let blasLibrary: string | undefined;

/**
 * Applies `NABLA_BACKEND`, `NABLA_NUM_THREADS` and `NABLA_BLAS_LIBRARY` as
 * read by `env` (empty or missing variables are ignored). Throws on a value
 * it cannot use, so that a typo or a missing library is not silently ignored.
 * @param env Reads one variable.
 * @example What the module does at startup
 * ```ts
 * import { configureFromEnv } from "./backend.ts";
 * configureFromEnv(() => undefined); // nothing set: the defaults stay
 * ```
 */
export function configureFromEnv(env: (name: string) => string | undefined): void {
  const library = env("NABLA_BLAS_LIBRARY") || undefined;
  const name = env("NABLA_BACKEND") || undefined;
  const threads = env("NABLA_NUM_THREADS") || undefined;
  if (library !== undefined) blasLibrary = library;
  if (threads !== undefined) {
    const n = Number(threads);
    if (!/^\s*\d+\s*$/.test(threads) || n < 1) {
      throw new RangeError(
        `Cannot read NABLA_NUM_THREADS: expected an integer >= 1, got ${JSON.stringify(threads)}`,
      );
    }
    numThreads = n;
  }
  if (name !== undefined) {
    if (!BACKENDS.includes(name as Backend)) {
      throw new RangeError(
        `Cannot read NABLA_BACKEND: expected one of ${BACKENDS.join(", ")}, got ` +
          JSON.stringify(name),
      );
    }
    const why = unavailable(name as Backend, blasLibrary);
    if (why !== null) throw new Error(`Cannot select backend "${name}" from NABLA_BACKEND: ${why}`);
    backend = name as Backend;
  }
  apply();
}

configureFromEnv(readEnv);
