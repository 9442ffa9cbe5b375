/**
 * The worker side of the matmul thread pool (`./matmul_threads.ts`): what a
 * worker runs, and the protocol both sides share. A worker is handed, once, a
 * control block (a `SharedArrayBuffer`), the pool's shared
 * `WebAssembly.Memory`, and the compiled kernels of `./wasm_shared.ts`; it
 * instantiates them over that memory with a stack of its own, then sleeps in
 * `Atomics.wait` until the calling thread posts a job:
 *
 * - a wasm job is one part of a product whose operands the calling thread
 *   copied into the shared memory: the worker packs and multiplies its part
 *   there (`runPart` of `./matmul_blocked.ts`) and writes its block of the
 *   output where the calling thread copies the whole output out: no copy of
 *   its own;
 * - a ts job (the TypeScript kernel, for `setBackend("ts")`) is a slice whose
 *   operands were copied into the memory as plain arrays: the worker runs
 *   `./matmul.ts` on views of them and writes its slice of the output there.
 *
 * Then it flips its state word back.
 *
 * No top-level side effects: the worker's entry (`wasm/worker_entry.ts`) calls
 * {@linkcode startWorker}; `wasm/build_worker.ts` bundles that entry into the
 * self-contained source of `./matmul_worker_source.ts`, so that workers start
 * from a string (no file access, no permission, no bundler cooperation). The
 * bundle carries no WebAssembly: the compiled module is posted to it.
 *
 * @module
 */

import { matmul as matmulTs, type MatmulOperand } from "./matmul.ts";
import { type Part, runPart } from "./matmul_blocked.ts";
import type { Kernels } from "./wasm.ts";

/** A worker's state word, in the control block's `Int32Array`. */
export const State = {
  /** Created; has not set itself up yet. */
  STARTING: 0,
  /** Waiting for a job. */
  IDLE: 1,
  /** A job is posted (set by the caller). */
  RUN: 2,
  /** The job finished (set by the worker). */
  DONE: 3,
  /** The job threw, or the worker could not set itself up; the message is in its slot. */
  FAILED: 4,
} as const;

/**
 * Layout of the control block: one slot of `SLOT_INTS` Int32 words per worker
 * (its state word, then an error message), then `JOB_FLOATS` Float64 job
 * parameters per worker.
 */
const SLOT_INTS = 256;
const JOB_FLOATS = 32;
/** Largest error message kept, in UTF-16 code units. */
const MESSAGE_UNITS = SLOT_INTS - 2;

/** Bytes of the control block for `workers` workers. */
export function controlBytes(workers: number): number {
  return workers * SLOT_INTS * 4 + workers * JOB_FLOATS * 8;
}

/** The views of a worker's slot: its state and message words, its job parameters. */
export function slotViews(
  control: SharedArrayBuffer,
  workers: number,
  w: number,
): { words: Int32Array; params: Float64Array } {
  return {
    words: new Int32Array(control, w * SLOT_INTS * 4, SLOT_INTS),
    params: new Float64Array(control, workers * SLOT_INTS * 4 + w * JOB_FLOATS * 8, JOB_FLOATS),
  };
}

/** One operand of a ts job: a typed-array view of the shared memory. */
export interface JobOperand {
  /** Element type of the view. */
  dtype: "float32" | "float64";
  /** Byte offset of the view's first element in the memory. */
  byteOffset: number;
  /** Elements in the view. */
  length: number;
  /** The operand, as `[batch, rows, cols]` offset and strides within the view. */
  offset: number;
  strides: readonly [number, number, number];
}

/** A ts job: one slice of a product, for the TypeScript kernel. */
export interface TsJob {
  a: JobOperand;
  b: JobOperand;
  /** The slice's contiguous `[batch, m, n]` output, as a view of the memory. */
  out: { dtype: "float32" | "float64"; byteOffset: number };
  batch: number;
  m: number;
  k: number;
  n: number;
}

const WASM_JOB = 0;
const TS_JOB = 1;

/** Writes a wasm job (a part of a product in the memory) into a worker's parameters. */
export function writePart(params: Float64Array, p: Part): void {
  params[0] = WASM_JOB;
  params[1] = +p.single;
  params[2] = p.batch;
  params[3] = p.m;
  params[4] = p.k;
  params[5] = p.n;
  params[6] = p.a;
  params.set(p.aStrides, 7);
  params[10] = p.b;
  params.set(p.bStrides, 11);
  params[14] = p.c;
  params[15] = p.cBatch;
  params[16] = p.ldc;
  params[17] = p.packA;
  params[18] = p.packB;
}

/** Reads the part {@linkcode writePart} wrote. */
export function readPart(params: Float64Array): Part {
  return {
    single: params[1] === 1,
    batch: params[2],
    m: params[3],
    k: params[4],
    n: params[5],
    a: params[6],
    aStrides: [params[7], params[8], params[9]],
    b: params[10],
    bStrides: [params[11], params[12], params[13]],
    c: params[14],
    cBatch: params[15],
    ldc: params[16],
    packA: params[17],
    packB: params[18],
  };
}

/** Writes a ts job into a worker's parameters. */
export function writeTsJob(params: Float64Array, job: TsJob): void {
  const put = (at: number, x: JobOperand) => {
    params[at] = x.dtype === "float32" ? 0 : 1;
    params[at + 1] = x.byteOffset;
    params[at + 2] = x.length;
    params[at + 3] = x.offset;
    params.set(x.strides, at + 4);
  };
  params[0] = TS_JOB;
  put(1, job.a);
  put(8, job.b);
  params[15] = job.out.dtype === "float32" ? 0 : 1;
  params[16] = job.out.byteOffset;
  params[17] = job.batch;
  params[18] = job.m;
  params[19] = job.k;
  params[20] = job.n;
}

function view(buffer: ArrayBufferLike, dtype: number, byteOffset: number, length: number) {
  return dtype === 0
    ? new Float32Array(buffer, byteOffset, length)
    : new Float64Array(buffer, byteOffset, length);
}

/** Runs the ts job described by `params` on the memory's current buffer. */
function runTsJob(params: Float64Array, buffer: ArrayBufferLike): void {
  const operand = (at: number): MatmulOperand => ({
    data: view(buffer, params[at], params[at + 1], params[at + 2]),
    offset: params[at + 3],
    strides: [params[at + 4], params[at + 5], params[at + 6]],
  });
  const [batch, m, k, n] = [params[17], params[18], params[19], params[20]];
  const out = view(buffer, params[15], params[16], batch * m * n);
  matmulTs(operand(1), operand(8), out, batch, m, k, n);
}

/**
 * Runs the job described by `params`: a part of a product on `kernels`, or a
 * ts job on views of the memory.
 */
export function runJob(
  params: Float64Array,
  memory: WebAssembly.Memory,
  kernels: Kernels | null,
): void {
  if (params[0] === TS_JOB) return runTsJob(params, memory.buffer);
  if (kernels === null) throw new Error("internal: a wasm job reached a worker without kernels");
  runPart(kernels, readPart(params));
}

/** Stores an error message in a worker's message words (length first). */
export function writeMessage(words: Int32Array, message: string): void {
  const units = Math.min(message.length, MESSAGE_UNITS);
  words[1] = units;
  for (let i = 0; i < units; i++) words[2 + i] = message.charCodeAt(i);
}

/** Reads the message {@linkcode writeMessage} stored. */
export function readMessage(words: Int32Array): string {
  let text = "";
  for (let i = 0; i < words[1]; i++) text += String.fromCharCode(words[2 + i]);
  return text;
}

/** What the calling thread posts to a worker, once. */
export interface Binding {
  control: SharedArrayBuffer;
  /** The pool's shared memory: operands, outputs, the workers' stacks and scratch. */
  memory: WebAssembly.Memory;
  /** The kernels of `wasm_shared.ts`, compiled; null where only ts jobs run. */
  module: WebAssembly.Module | null;
  workers: number;
  slot: number;
  /** Byte address of the top of this worker's stack in the memory. */
  stackTop: number;
}

/**
 * Sets up a worker on its binding, then serves jobs until it is terminated
 * (it blocks in `Atomics.wait` between jobs).
 */
export function serve(binding: Binding): void {
  const { control, memory, module, workers, slot, stackTop } = binding;
  const { words, params } = slotViews(control, workers, slot);
  let kernels: Kernels | null = null;
  try {
    if (module !== null) {
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      (exports.__stack_pointer as WebAssembly.Global).value = stackTop;
      kernels = exports as unknown as Kernels;
    }
  } catch (e) {
    writeMessage(words, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    Atomics.store(words, 0, State.FAILED);
    Atomics.notify(words, 0);
    return;
  }
  Atomics.store(words, 0, State.IDLE);
  Atomics.notify(words, 0);
  for (;;) {
    let s = Atomics.load(words, 0);
    while (s !== State.RUN) {
      Atomics.wait(words, 0, s);
      s = Atomics.load(words, 0);
    }
    try {
      runJob(params, memory, kernels);
      Atomics.store(words, 0, State.DONE);
    } catch (e) {
      writeMessage(words, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      Atomics.store(words, 0, State.FAILED);
    }
    Atomics.notify(words, 0);
  }
}

/** Where a Node worker's prelude leaves `parentPort` (see `matmul_threads.ts`). */
export const NODE_PORT_GLOBAL = "__nablaMatmulParentPort";

/**
 * Makes this worker serve the binding it is posted: through the `parentPort`
 * a Node (or Deno `node:worker_threads`) worker's prelude stored in
 * {@linkcode NODE_PORT_GLOBAL}, else through a web worker's `onmessage`.
 */
export function startWorker(): void {
  const scope = globalThis as Record<string, unknown>;
  const port = scope[NODE_PORT_GLOBAL] as
    | { on(event: "message", listener: (b: Binding) => void): void }
    | undefined;
  if (port !== undefined) port.on("message", serve);
  else scope.onmessage = (e: MessageEvent<Binding>) => serve(e.data);
}
