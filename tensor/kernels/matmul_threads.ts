/**
 * Matrix products split across a pool of workers: the calling thread and
 * `threads - 1` workers each compute one part of the output with the same
 * single-thread kernel, over one shared memory.
 *
 * Design (measured with per-thread CPU time on a 2-core machine, under load):
 * - The pool owns one shared `WebAssembly.Memory` and the kernels of
 *   `./wasm_shared.ts` (the same C, the same relaxed-simd choice as
 *   `./wasm.ts`), instantiated on the calling thread and in every worker over
 *   that memory, each with a stack of its own. For the wasm kernel, the
 *   calling thread copies the operands into the memory once, as it does on one
 *   thread; every thread packs and multiplies its part of the product there
 *   (`runPart` of `./matmul_blocked.ts`) and writes its block of the output in
 *   place; the calling thread adds the bias and copies the whole output out,
 *   as on one thread. A thread's only extra work is packing the operand block
 *   it shares with the others. (The first design copied each worker's operand
 *   slices into a separate buffer and its output back: at batch 256 of the MLP
 *   benchmark the calling thread spent 1 ms a step, a fifth of its time, on
 *   those copies.)
 * - The split is by whole batch entries, or else by output rows or columns
 *   (whichever dimension is larger) in multiples of the kernel's tile (8
 *   columns; 5 rows in float32, 4 in float64). Every output element is
 *   then computed by the same kernel with the same k blocks, in the same order,
 *   as on one thread: results are bit-for-bit those of the single-thread
 *   kernel.
 * - The TypeScript kernel (`setBackend("ts")`) cannot run in wasm memory: its
 *   workers' operand slices are copied into the shared memory as arrays, each
 *   worker writes its output slice there, and the calling thread copies it
 *   out; the calling thread computes its own slice in place.
 * - The library is synchronous, so the calling thread waits for the workers
 *   with `Atomics.wait`: allowed on Deno's and Node's main threads and inside
 *   browser workers, forbidden on a browser's main thread (threads are then
 *   unavailable and products run on one thread). Workers sleep in
 *   `Atomics.wait` between products; waking one costs a few microseconds.
 * - Products under {@linkcode MIN_WORK} multiply-adds stay on the calling
 *   thread: there the wake-up and the synchronization cost more than they save.
 * - Workers start from a string (`./matmul_worker_source.ts`): through
 *   `node:worker_threads` (`eval`, and `unref()` so that they never keep a
 *   process alive) where `process.getBuiltinModule` exists (Node >= 20.16,
 *   Deno), else as web workers from a `Blob` URL. No file is read, so no
 *   permission is needed; the compiled kernels are posted to them. In Deno and
 *   Node the first product waits for the workers to start (tens of
 *   milliseconds, once); in a browser, products run on fewer threads until
 *   they have.
 *
 * @module
 */

import { applyEpilogue, type Epilogue, matmul as matmulTs, type MatmulOperand } from "./matmul.ts";
import {
  epilogueInMemory,
  finishEntry,
  matmul as matmulWasm,
  stageBias,
  swapped,
  transposes,
} from "./matmul_wasm.ts";
import { MR32, MR64, type Part, runPart, scratchBytes } from "./matmul_blocked.ts";
import {
  type Binding,
  controlBytes,
  type JobOperand,
  NODE_PORT_GLOBAL,
  readMessage,
  slotViews,
  State,
  type TsJob,
  writePart,
  writeTsJob,
} from "./matmul_worker.ts";
import { WORKER_SOURCE } from "./matmul_worker_source.ts";
import { SHARED_MAX_PAGES, sharedModule } from "./wasm_shared.ts";
import type { Kernels } from "./wasm.ts";

type Floats = Float32Array | Float64Array;

/** The single-thread kernels a pool can run. */
export type ThreadedKernel = "wasm" | "ts";

/**
 * Products of fewer multiply-adds (`batch·m·k·n`) run on the calling thread.
 * Chosen with `bench/backends_bench.ts --threshold` on a 2-core machine: two
 * threads lost to one at 48³ (2^16.8) and won from 64³ (2^18) on.
 */
export const MIN_WORK = 2 ** 18;

/** Output slices are multiples of this many columns (the kernels' tile width), and of rows unless told otherwise. */
const ALIGN = 8;

/** How long the calling thread waits for a worker to start before giving up. */
const START_TIMEOUT_MS = 20_000;

/** Bytes of each thread's stack in the shared memory (the kernels use none today). */
const STACK_BYTES = 65536;

/** A worker, whichever API started it. */
interface Handle {
  post(binding: Binding): void;
  terminate(): void;
}

interface Pool {
  handles: Handle[];
  control: SharedArrayBuffer;
  /** The shared memory: the workers' stacks, then each product's operands, output and scratch. */
  memory: WebAssembly.Memory;
  /** The calling thread's instance of the shared kernels (null: only the TypeScript kernel). */
  kernels: Kernels | null;
  /** First byte a product may use, past every stack. */
  base: number;
  slots: { words: Int32Array; params: Float64Array }[];
  /** Whether the calling thread may block until workers start (Deno, Node). */
  blockOnStart: boolean;
  /** Set when a worker fails: the pool is then no longer used. */
  broken: string | null;
}

let pool: Pool | null = null;
let minWork = MIN_WORK;
let splitCount = 0;
// Output of the calling thread's slice when it is not contiguous in `out`.
let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);

interface NodeWorker {
  postMessage(value: unknown): void;
  terminate(): unknown;
  unref(): void;
  on(event: "error", listener: (e: unknown) => void): void;
}
type NodeWorkerCtor = new (source: string, options: { eval: true }) => NodeWorker;

/** `node:worker_threads`' Worker, where `process.getBuiltinModule` reaches it. */
function nodeWorkerCtor(): NodeWorkerCtor | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (typeof process?.getBuiltinModule !== "function") return null;
  const module = process.getBuiltinModule("node:worker_threads") as
    | { Worker?: NodeWorkerCtor }
    | undefined;
  return module?.Worker ?? null;
}

/**
 * Why a pool of workers cannot run here, or `null` if it can.
 * @returns A sentence for an error or warning message, or `null`.
 * @example In Deno or Node
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadsUnavailable } from "./matmul_threads.ts";
 * assert.equal(threadsUnavailable(), null);
 * ```
 */
export function threadsUnavailable(): string | null {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") {
    return scope.crossOriginIsolated === false
      ? "this page is not cross-origin isolated, so SharedArrayBuffer is missing (serve it " +
        "with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: " +
        "require-corp)"
      : "SharedArrayBuffer is missing here";
  }
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return "this thread may not block on Atomics.wait (a browser's main thread): run nabla " +
      "inside a Worker to use threads";
  }
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return "this engine has no shared WebAssembly memory";
  }
  const web = typeof Worker === "function" && typeof Blob === "function" &&
    typeof URL?.createObjectURL === "function";
  if (nodeWorkerCtor() === null && !web) {
    return "there is no worker API here (Node needs version 20.16 or later)";
  }
  return null;
}

let workerUrl: string | undefined;

/** Starts one worker from the bundled source. */
function spawn(onError: (why: string) => void): Handle {
  const NodeWorker = nodeWorkerCtor();
  if (NodeWorker !== null) {
    const prelude = `globalThis.${NODE_PORT_GLOBAL} = require("node:worker_threads").parentPort;\n`;
    const worker = new NodeWorker(prelude + WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on("error", (e) => onError(String(e)));
    return { post: (b) => worker.postMessage(b), terminate: () => void worker.terminate() };
  }
  // One URL for every worker, kept: a worker may fetch it after this returns.
  workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(workerUrl, { type: "module" });
  worker.onerror = (e) => {
    e.preventDefault();
    onError(e.message);
  };
  return { post: (b) => worker.postMessage(b), terminate: () => worker.terminate() };
}

/**
 * Sets the number of threads products are split across: the calling thread
 * plus `threads - 1` workers, started at once; 1 stops the workers.
 * @param threads Threads in all, at least 1.
 * @returns `null`, or why threads cannot run here (then no worker starts).
 * @example Two threads, then one again
 * ```ts
 * import assert from "node:assert/strict";
 * import { poolThreads, setPoolThreads } from "./matmul_threads.ts";
 * assert.equal(setPoolThreads(2), null);
 * assert.equal(poolThreads(), 2);
 * setPoolThreads(1);
 * ```
 */
export function setPoolThreads(threads: number): string | null {
  if (pool !== null && pool.handles.length === threads - 1 && pool.broken === null) return null;
  stopPool();
  if (threads <= 1) return null;
  const why = threadsUnavailable();
  if (why !== null) return why;
  const workers = threads - 1;
  // The calling thread's stack is the module's own (its first 64 KiB); the workers' follow.
  const base = STACK_BYTES * (1 + workers);
  let memory: WebAssembly.Memory;
  let kernels: Kernels | null = null;
  const module = sharedModule();
  try {
    memory = new WebAssembly.Memory({
      initial: Math.ceil((base + (1 << 20)) / 65536),
      maximum: SHARED_MAX_PAGES,
      shared: true,
    });
    if (module !== null) {
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
    }
  } catch (e) {
    return `the shared memory of the threads could not be set up (${e})`;
  }
  const control = new SharedArrayBuffer(controlBytes(workers));
  const p: Pool = {
    handles: [],
    control,
    memory,
    kernels,
    base,
    slots: Array.from({ length: workers }, (_, w) => slotViews(control, workers, w)),
    blockOnStart: nodeWorkerCtor() !== null,
    broken: null,
  };
  for (let w = 0; w < workers; w++) {
    const handle = spawn((why) => p.broken ??= `a matmul worker failed: ${why}`);
    const stackTop = STACK_BYTES * (w + 2);
    handle.post({ control, memory, module: kernels && module, workers, slot: w, stackTop });
    p.handles.push(handle);
  }
  pool = p;
  return null;
}

/**
 * The number of threads products are split across (1 without a pool).
 * @returns Threads in all, the calling one included.
 * @example Without a pool
 * ```ts
 * import assert from "node:assert/strict";
 * import { poolThreads } from "./matmul_threads.ts";
 * assert.equal(poolThreads(), 1);
 * ```
 */
export function poolThreads(): number {
  return pool === null ? 1 : pool.handles.length + 1;
}

/** Terminates the workers, if any. */
function stopPool(): void {
  if (pool === null) return;
  for (const h of pool.handles) h.terminate();
  pool = null;
}

/**
 * How many products have been split across threads so far (for tests and
 * benchmarks, to see that workers took part).
 * @returns A count since the module loaded.
 * @example None yet
 * ```ts
 * import assert from "node:assert/strict";
 * import { productsSplit } from "./matmul_threads.ts";
 * assert.equal(productsSplit(), 0);
 * ```
 */
export function productsSplit(): number {
  return splitCount;
}

/**
 * Sets the smallest product (in multiply-adds) that is split; for tests,
 * which split every product with 0.
 * @param work Multiply-adds, or `undefined` for {@linkcode MIN_WORK}.
 * @example Split everything
 * ```ts
 * import { setMinWork } from "./matmul_threads.ts";
 * setMinWork(0);
 * setMinWork(undefined);
 * ```
 */
export function setMinWork(work: number | undefined): void {
  minWork = work ?? MIN_WORK;
}

function isReady(p: Pool, w: number): boolean {
  return Atomics.load(p.slots[w].words, 0) === State.IDLE;
}

/** Waits until worker `w` is ready, or gives up (the pool is then broken). */
function awaitReady(p: Pool, w: number): void {
  const { words } = p.slots[w];
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!isReady(p, w) && p.broken === null) {
    if (Atomics.load(words, 0) === State.FAILED) {
      p.broken = `a matmul worker could not start: ${readMessage(words)}`;
      return;
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      p.broken = `a matmul worker did not start within ${START_TIMEOUT_MS / 1000} s`;
      return;
    }
    Atomics.wait(words, 0, Atomics.load(words, 0), Math.min(left, 50));
  }
}

/** The ready workers, waiting for them first where the calling thread may. */
function readyWorkers(p: Pool): number[] {
  const ready: number[] = [];
  for (let w = 0; w < p.handles.length; w++) {
    if (p.blockOnStart) awaitReady(p, w);
    if (p.broken !== null) {
      console.warn(`nabla: products run on one thread from now on: ${p.broken}`);
      stopPool();
      return [];
    }
    if (isReady(p, w)) ready.push(w);
  }
  return ready;
}

/**
 * Grows the shared memory to at least `bytes` bytes; returns false (leaving
 * it as it is) when so much memory cannot be had. Every thread sees the
 * growth: a shared memory is never replaced, only extended.
 */
function growMemory(p: Pool, bytes: number): boolean {
  const have = p.memory.buffer.byteLength;
  if (have >= bytes) return true;
  try {
    p.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/** One slice of a product: batch entries `[t0, t1)`, rows `[r0, r1)`, columns `[c0, c1)`. */
interface Slice {
  t0: number;
  t1: number;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** Near-equal parts of `[0, size)`, at most `parts`, each a multiple of `align` but the last. */
function ranges(size: number, parts: number, align: number): [number, number][] {
  const count = Math.max(1, Math.min(parts, Math.ceil(size / align)));
  const step = Math.ceil(size / count / align) * align;
  const out: [number, number][] = [];
  for (let s = 0; s < size; s += step) out.push([s, Math.min(size, s + step)]);
  return out;
}

/**
 * Splits a product among `parts` threads: by batch entries, else by the
 * larger of m and n, rows in multiples of `rowAlign` (the kernel's tile
 * height, so that no part but the last ends in a partial tile).
 */
function plan(parts: number, batch: number, m: number, n: number, rowAlign = ALIGN): Slice[] {
  const all = { t0: 0, t1: batch, r0: 0, r1: m, c0: 0, c1: n };
  if (batch >= 2 * parts || (batch >= parts && batch % parts === 0)) {
    return ranges(batch, parts, 1).map(([t0, t1]) => ({ ...all, t0, t1 }));
  }
  if (m >= n) return ranges(m, parts, rowAlign).map(([r0, r1]) => ({ ...all, r0, r1 }));
  return ranges(n, parts, ALIGN).map(([c0, c1]) => ({ ...all, c0, c1 }));
}

/** A sub-view `[batch, rows, cols]` of an operand, starting at element `start`. */
interface Part_ {
  src: Floats;
  start: number;
  strides: readonly [number, number, number];
  dims: [number, number, number];
}

function part(x: MatmulOperand, t0: number, i0: number, j0: number, dims: Part_["dims"]): Part_ {
  const [sb, sr, sc] = x.strides;
  return { src: x.data, start: x.offset + t0 * sb + i0 * sr + j0 * sc, strides: x.strides, dims };
}

/** First and last element a part reads. */
function span(p: Part_): [number, number] {
  let lo = p.start;
  let hi = p.start;
  for (let d = 0; d < 3; d++) {
    const reach = (p.dims[d] - 1) * p.strides[d];
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  return [lo, hi];
}

/** Where a part is copied in the shared memory, and how it is laid out there. */
interface Placed {
  part: Part_;
  /** Copy the span `[lo, hi]` as is (else gather densely). */
  whole: boolean;
  lo: number;
  operand: JobOperand;
}

/** Bytes up to the next multiple of 16. */
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

function dtypeOf(x: Floats): "float32" | "float64" {
  return x instanceof Float32Array ? "float32" : "float64";
}

/** Plans the copy of a part at byte `at`; returns the plan and the next free byte. */
function place(p: Part_, at: number): [Placed, number] {
  const [lo, hi] = span(p);
  const [batch, rows, cols] = p.dims;
  const count = batch * rows * cols;
  const size = p.src.BYTES_PER_ELEMENT;
  const dtype = dtypeOf(p.src);
  // Mostly gaps (a thin slice of a wide array): gather densely instead.
  const whole = hi - lo + 1 <= 2 * count + 1024;
  if (whole) {
    const length = hi - lo + 1;
    const operand = { dtype, byteOffset: at, length, offset: p.start - lo, strides: p.strides };
    return [{ part: p, whole, lo, operand }, align16(at + length * size)];
  }
  const broadcast = p.strides[0] === 0;
  const length = (broadcast ? 1 : batch) * rows * cols;
  const strides = [broadcast ? 0 : rows * cols, cols, 1] as const;
  const operand = { dtype, byteOffset: at, length, offset: 0, strides };
  return [{ part: p, whole, lo, operand }, align16(at + length * size)];
}

/** Copies a planned part into the shared memory. */
function copyIn(data: ArrayBufferLike, placed: Placed): void {
  const { part: p, operand: o } = placed;
  const dst = p.src instanceof Float32Array
    ? new Float32Array(data, o.byteOffset, o.length)
    : new Float64Array(data, o.byteOffset, o.length);
  if (placed.whole) {
    dst.set(p.src.subarray(placed.lo, placed.lo + o.length));
    return;
  }
  const [batch, rows, cols] = p.dims;
  const [sb, sr, sc] = p.strides;
  let d = 0;
  for (let t = 0; t < (sb === 0 ? 1 : batch); t++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0, s = p.start + t * sb + i * sr; j < cols; j++, s += sc) dst[d++] = p.src[s];
    }
  }
}

/** Copies a slice's contiguous `[batch, rows, cols]` output into its place in `out`. */
function copyOut(src: Floats, out: Floats, s: Slice, m: number, n: number): void {
  const rows = s.r1 - s.r0;
  const cols = s.c1 - s.c0;
  if (cols === n) {
    for (let t = s.t0, o = 0; t < s.t1; t++, o += rows * n) {
      out.set(src.subarray(o, o + rows * n), (t * m + s.r0) * n);
    }
    return;
  }
  for (let t = s.t0, o = 0; t < s.t1; t++) {
    for (let i = s.r0; i < s.r1; i++, o += cols) {
      out.set(src.subarray(o, o + cols), (t * m + i) * n + s.c0);
    }
  }
}

/**
 * Copies a `[batch, rows, cols]` view into the memory at byte `at`, in the
 * compute dtype: its whole span when that is mostly elements, else gathered
 * densely. Returns the byte address of element `[0, 0, 0]` of the copy, its
 * element strides, and the next free byte.
 */
function stageOperand(
  view: Float32Array | Float64Array,
  at: number,
  x: MatmulOperand,
  dims: [number, number, number],
): [number, [number, number, number], number] {
  const size = view.BYTES_PER_ELEMENT;
  const p: Part_ = { src: x.data, start: x.offset, strides: x.strides, dims };
  const [lo, hi] = span(p);
  const [batch, rows, cols] = dims;
  const count = batch * rows * cols;
  const first = at / size;
  if (hi - lo + 1 <= 2 * count + 1024) {
    view.set(x.data.subarray(lo, hi + 1), first);
    return [(first + x.offset - lo) * size, [...x.strides], align16(at + (hi - lo + 1) * size)];
  }
  // Mostly gaps (a thin slice of a wide array): gather densely.
  const [sb, sr, sc] = x.strides;
  const entries = sb === 0 ? 1 : batch;
  let d = first;
  for (let t = 0; t < entries; t++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0, s = x.offset + t * sb + i * sr; j < cols; j++, s += sc) view[d++] = x.data[s];
    }
  }
  const strides: [number, number, number] = [sb === 0 ? 0 : rows * cols, cols, 1];
  return [at, strides, align16(at + entries * rows * cols * size)];
}

/** Posts one job to each of the `ready` workers (`write` fills its parameters). */
function post(p: Pool, ready: number[], write: (params: Float64Array, i: number) => void): void {
  ready.forEach((w, i) => {
    const { words, params } = p.slots[w];
    write(params, i);
    Atomics.store(words, 0, State.RUN);
    Atomics.notify(words, 0);
  });
}

/**
 * Waits for the `ready` workers' jobs (every one, even after a failure: none
 * may still write), calls `done(i)` for each that succeeded, and returns the
 * first failure, if any.
 */
function join(p: Pool, ready: number[], done: (i: number) => void): unknown {
  let failure: unknown = null;
  ready.forEach((w, i) => {
    const { words } = p.slots[w];
    let state = Atomics.load(words, 0);
    while (state === State.RUN) {
      Atomics.wait(words, 0, State.RUN);
      state = Atomics.load(words, 0);
    }
    if (state === State.FAILED) {
      failure ??= new Error(`internal: a matmul worker failed: ${readMessage(words)}`);
    } else done(i);
    Atomics.store(words, 0, State.IDLE);
  });
  return failure;
}

/**
 * The wasm kernel's product split across the pool in the shared memory (see
 * the module notes). Returns false, having done nothing, when the memory
 * cannot grow to hold it.
 */
function splitWasm(
  p: Pool,
  kernels: Kernels,
  ready: number[],
  a0: MatmulOperand,
  b0: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m0: number,
  k: number,
  n0: number,
  epilogue: Epilogue | undefined,
): boolean {
  const single = a0.data instanceof Float32Array && b0.data instanceof Float32Array;
  const size = single ? 4 : 8;
  // The same choice as on one thread: a narrow product runs transposed.
  const transposeOut = transposes(single, m0, n0);
  const [a, b] = transposeOut ? swapped(a0, b0) : [a0, b0];
  const [m, n] = transposeOut ? [n0, m0] : [m0, n0];
  const slices = plan(ready.length + 1, batch, m, n, single ? MR32 : MR64);
  const inMemory = epilogueInMemory(single, out, epilogue);
  const bias = inMemory ? epilogue!.bias : undefined;
  // Layout: the output, the operands, the bias, then each thread's packing scratch.
  const cAt = p.base;
  const aLimit = align16(cAt + batch * m * n * size);
  // At most what stageOperand() copies: the whole span, or the elements gathered.
  const staged = (x: MatmulOperand, dims: [number, number, number]) => {
    const [lo, hi] = spanOf(x, dims);
    return align16(Math.min(hi - lo + 1, 2 * dims[0] * dims[1] * dims[2] + 1024) * size);
  };
  const aBytes = staged(a, [batch, m, k]);
  const bBytes = staged(b, [batch, k, n]);
  const biasAt = aLimit + aBytes + bBytes;
  let at = align16(biasAt + (bias && !transposeOut ? n * size : 0));
  const scratch = slices.map((s) => {
    const [pa, pb] = scratchBytes(single, s.r1 - s.r0, k, s.c1 - s.c0);
    const packA = at;
    at += pa + pb;
    return [packA, packA + pa];
  });
  if (!growMemory(p, at)) return false;
  const view = single ? new Float32Array(p.memory.buffer) : new Float64Array(p.memory.buffer);
  const [aAt, aStrides] = stageOperand(view, aLimit, a, [batch, m, k]);
  const [bAt, bStrides] = stageOperand(view, aLimit + aBytes, b, [batch, k, n]);
  if (bias && !transposeOut) stageBias(view, biasAt / size, bias, n);
  const parts: Part[] = slices.map((s, i) => ({
    single,
    batch: s.t1 - s.t0,
    m: s.r1 - s.r0,
    k,
    n: s.c1 - s.c0,
    a: aAt + (s.t0 * aStrides[0] + s.r0 * aStrides[1]) * size,
    aStrides,
    b: bAt + (s.t0 * bStrides[0] + s.c0 * bStrides[2]) * size,
    bStrides,
    c: cAt + ((s.t0 * m + s.r0) * n + s.c0) * size,
    cBatch: m * n,
    ldc: n,
    packA: scratch[i][0],
    packB: scratch[i][1],
  }));
  post(p, ready.slice(0, parts.length - 1), (params, i) => writePart(params, parts[i + 1]));
  let failure: unknown = null;
  try {
    runPart(kernels, parts[0]);
  } catch (e) {
    failure = e;
  }
  failure ??= join(p, ready.slice(0, parts.length - 1), () => {});
  if (failure !== null) throw failure;
  const memory = inMemory ? epilogue : undefined;
  for (let t = 0; t < batch; t++) {
    const entry = cAt / size + t * m * n;
    finishEntry(kernels, view, entry, out, t, m, n, transposeOut, memory, biasAt / size);
  }
  if (epilogue !== undefined && !inMemory) applyEpilogue(out, 0, batch * m0, n0, epilogue);
  return true;
}

/** First and last element a `[batch, rows, cols]` view reads. */
function spanOf(x: MatmulOperand, dims: [number, number, number]): [number, number] {
  return span({ src: x.data, start: x.offset, strides: x.strides, dims });
}

/**
 * The TypeScript kernel's product split across the pool: the workers' operand
 * slices copied into the shared memory, their output slices copied back.
 * Returns false, having done nothing, when the memory cannot grow to hold it.
 */
function splitTs(
  p: Pool,
  ready: number[],
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
): boolean {
  const slices = plan(ready.length + 1, batch, m, n);
  // Lay out the workers' operands and outputs; an operand slice shared by
  // several workers (B when splitting rows) is copied once.
  let at = p.base;
  const placed: Placed[] = [];
  const placeOnce = (x: Part_): JobOperand => {
    let hit = placed.find((y) =>
      y.part.src === x.src && y.part.start === x.start && y.part.strides === x.strides &&
      y.part.dims.every((d, i) => d === x.dims[i])
    );
    if (hit === undefined) {
      [hit, at] = place(x, at);
      placed.push(hit);
    }
    return hit.operand;
  };
  const outDtype = dtypeOf(out);
  const jobs: TsJob[] = slices.slice(1).map((s) => {
    const [tb, rows, cols] = [s.t1 - s.t0, s.r1 - s.r0, s.c1 - s.c0];
    const jobA = placeOnce(part(a, s.t0, s.r0, 0, [tb, rows, k]));
    const jobB = placeOnce(part(b, s.t0, 0, s.c0, [tb, k, cols]));
    const outAt = at;
    at = align16(at + tb * rows * cols * out.BYTES_PER_ELEMENT);
    return {
      a: jobA,
      b: jobB,
      out: { dtype: outDtype, byteOffset: outAt },
      batch: tb,
      m: rows,
      k,
      n: cols,
    };
  });
  if (!growMemory(p, at)) return false;
  const data = p.memory.buffer;
  for (const x of placed) copyIn(data, x);
  const workers = ready.slice(0, jobs.length);
  post(p, workers, (params, i) => writeTsJob(params, jobs[i]));

  // The calling thread's slice, meanwhile: in place when contiguous in `out`.
  const s = slices[0];
  const [tb, rows, cols] = [s.t1 - s.t0, s.r1 - s.r0, s.c1 - s.c0];
  const direct = cols === n && (rows === m || tb === 1);
  let mine: Float32Array | Float64Array = out;
  if (!direct) {
    const size = tb * rows * cols;
    if (out instanceof Float32Array) {
      if (scratch32.length < size) scratch32 = new Float32Array(size);
      mine = scratch32;
    } else {
      if (scratch64.length < size) scratch64 = new Float64Array(size);
      mine = scratch64;
    }
  }
  const ownA = {
    data: a.data,
    offset: part(a, s.t0, s.r0, 0, [tb, rows, k]).start,
    strides: a.strides,
  };
  const ownB = {
    data: b.data,
    offset: part(b, s.t0, 0, s.c0, [tb, k, cols]).start,
    strides: b.strides,
  };
  let failure: unknown = null;
  try {
    matmulTs(ownA, ownB, mine, tb, rows, k, cols);
  } catch (e) {
    failure = e;
  }
  if (!direct) copyOut(mine, out, s, m, n);
  failure ??= join(p, workers, (i) => {
    const job = jobs[i];
    const view = outDtype === "float32"
      ? new Float32Array(data, job.out.byteOffset, job.batch * job.m * job.n)
      : new Float64Array(data, job.out.byteOffset, job.batch * job.m * job.n);
    copyOut(view, out, slices[i + 1], m, n);
  });
  if (failure !== null) throw failure;
  return true;
}

/**
 * Batched matrix product `out[t] = A[t] @ B[t]` split across the pool, with
 * the arguments and semantics of `matmul` in `./matmul.ts`, epilogue
 * included; on the calling thread alone without a pool, for
 * small products, or while no worker is ready. Results are bit-for-bit those
 * of `kernel` on one thread.
 *
 * @param kernel The single-thread kernel every thread runs.
 * @param a Left operand, a `[batch, m, k]` view.
 * @param b Right operand, a `[batch, k, n]` view.
 * @param out Destination of at least `batch * m * n` elements; must not overlap `a` or `b`.
 * @param batch Number of matrix products.
 * @param m Rows of each A and each output.
 * @param k Columns of A and rows of B.
 * @param n Columns of each B and each output.
 * @param epilogue A bias row added to every output row, then relu, if any.
 *
 * @example A product split between two threads
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmulThreaded, setMinWork, setPoolThreads } from "./matmul_threads.ts";
 * setPoolThreads(2);
 * setMinWork(0); // split even this small product
 * const a = new Float32Array(64 * 3).fill(1);
 * const out = new Float32Array(64 * 64);
 * const ones = { data: a, offset: 0, strides: [0, 3, 1] } as const;
 * const onesT = { data: a, offset: 0, strides: [0, 1, 3] } as const;
 * matmulThreaded("wasm", ones, onesT, out, 1, 64, 3, 64);
 * assert.ok(out.every((x) => x === 3));
 * setMinWork(undefined);
 * setPoolThreads(1);
 * ```
 */
export function matmulThreaded(
  kernel: ThreadedKernel,
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
  epilogue?: Epilogue,
): void {
  const single = () => {
    if (kernel === "wasm") return matmulWasm(a, b, out, batch, m, k, n, epilogue);
    matmulTs(a, b, out, batch, m, k, n, epilogue);
  };
  const p = pool;
  if (p === null || batch <= 0 || m <= 0 || n <= 0 || k <= 0 || batch * m * k * n < minWork) {
    return single();
  }
  const kernels = kernel === "wasm" ? p.kernels : null;
  if (kernel === "wasm" && kernels === null) return single();
  const ready = readyWorkers(p);
  if (ready.length === 0 || plan(ready.length + 1, batch, m, n).length === 1) return single();
  const split = kernels !== null
    ? splitWasm(p, kernels, ready, a, b, out, batch, m, k, n, epilogue)
    : splitTs(p, ready, a, b, out, batch, m, k, n);
  if (!split) return single(); // too large to share (memory refused): one thread
  if (kernels === null && epilogue !== undefined) applyEpilogue(out, 0, batch * m, n, epilogue);
  splitCount++;
}
