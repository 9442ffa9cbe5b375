/**
 * The worker side of the matmul thread pool (`./matmul_threads.ts`): what a
 * worker runs, and the protocol both sides share. A worker is handed two
 * `SharedArrayBuffer`s once, a control block and a data buffer, then sleeps
 * in `Atomics.wait` until the calling thread posts a job: the description of
 * one slice of a product whose operands were copied into the data buffer. It
 * runs the same kernel the calling thread runs (`./matmul_wasm.ts`, or
 * `./matmul.ts`) on views of that buffer, writes its slice of the output
 * there, and flips its state word back.
 *
 * No top-level side effects: the worker's entry (`wasm/worker_entry.ts`) calls
 * {@linkcode startWorker}; `wasm/build_worker.ts` bundles that entry into the
 * self-contained source of `./matmul_worker_source.ts`, so that workers start
 * from a string (no file access, no permission, no bundler cooperation).
 *
 * @module
 */

import { matmul as matmulTs, type MatmulOperand } from "./matmul.ts";
import { matmul as matmulWasm } from "./matmul_wasm.ts";

/** A worker's state word, in the control block's `Int32Array`. */
export const State = {
  /** Created; has not read its buffers yet. */
  STARTING: 0,
  /** Waiting for a job. */
  IDLE: 1,
  /** A job is posted (set by the caller). */
  RUN: 2,
  /** The job finished (set by the worker). */
  DONE: 3,
  /** The job threw; its message is in the control block (set by the worker). */
  FAILED: 4,
  /** Return to the event loop to receive new buffers (set by the caller). */
  REBIND: 5,
} as const;

/**
 * Layout of the control block: a header of `HEADER_INTS` Int32 words (word 0:
 * the generation of the data buffer), one slot of `SLOT_INTS` words per worker
 * (its state word, the generation it serves, then an error message), then `JOB_FLOATS` Float64 job
 * parameters per worker.
 */
const HEADER_INTS = 16;
const SLOT_INTS = 256;
const JOB_FLOATS = 24;
/** Largest error message kept, in UTF-16 code units. */
const MESSAGE_UNITS = SLOT_INTS - 3;

/** Bytes of the control block for `workers` workers. */
export function controlBytes(workers: number): number {
  return (HEADER_INTS + workers * SLOT_INTS) * 4 + workers * JOB_FLOATS * 8;
}

/** The control block's header word holding the data buffer's generation. */
export function generationWord(control: SharedArrayBuffer): Int32Array {
  return new Int32Array(control, 0, 1);
}

/** The kernels a job can name. */
export const KERNELS = ["wasm", "ts"] as const;

/** One operand of a job: a view of the data buffer. */
export interface JobOperand {
  /** Element type of the view. */
  dtype: "float32" | "float64";
  /** Byte offset of the view's first element in the data buffer. */
  byteOffset: number;
  /** Elements in the view. */
  length: number;
  /** The operand, as `[batch, rows, cols]` offset and strides within the view. */
  offset: number;
  strides: readonly [number, number, number];
}

/** One slice of a product, computed by one worker. */
export interface Job {
  kernel: (typeof KERNELS)[number];
  a: JobOperand;
  b: JobOperand;
  /** The slice's contiguous `[batch, m, n]` output, as a view of the data buffer. */
  out: { dtype: "float32" | "float64"; byteOffset: number };
  batch: number;
  m: number;
  k: number;
  n: number;
}

/** The views of a worker's slot: its state and message words, its job parameters. */
export function slotViews(
  control: SharedArrayBuffer,
  workers: number,
  w: number,
): { words: Int32Array; params: Float64Array } {
  const ints = HEADER_INTS + workers * SLOT_INTS;
  return {
    words: new Int32Array(control, (HEADER_INTS + w * SLOT_INTS) * 4, SLOT_INTS),
    params: new Float64Array(control, ints * 4 + w * JOB_FLOATS * 8, JOB_FLOATS),
  };
}

/** Writes a job into a worker's parameters. */
export function writeJob(params: Float64Array, job: Job): void {
  const put = (at: number, x: JobOperand) => {
    params[at] = x.dtype === "float32" ? 0 : 1;
    params[at + 1] = x.byteOffset;
    params[at + 2] = x.length;
    params[at + 3] = x.offset;
    params[at + 4] = x.strides[0];
    params[at + 5] = x.strides[1];
    params[at + 6] = x.strides[2];
  };
  params[0] = KERNELS.indexOf(job.kernel);
  put(1, job.a);
  put(8, job.b);
  params[15] = job.out.dtype === "float32" ? 0 : 1;
  params[16] = job.out.byteOffset;
  params[17] = job.batch;
  params[18] = job.m;
  params[19] = job.k;
  params[20] = job.n;
}

function view(data: SharedArrayBuffer, dtype: number, byteOffset: number, length: number) {
  return dtype === 0
    ? new Float32Array(data, byteOffset, length)
    : new Float64Array(data, byteOffset, length);
}

/** Runs the job described by `params` on the data buffer. */
export function runJob(params: Float64Array, data: SharedArrayBuffer): void {
  const operand = (at: number): MatmulOperand => ({
    data: view(data, params[at], params[at + 1], params[at + 2]),
    offset: params[at + 3],
    strides: [params[at + 4], params[at + 5], params[at + 6]],
  });
  const [batch, m, k, n] = [params[17], params[18], params[19], params[20]];
  const out = view(data, params[15], params[16], batch * m * n);
  const kernel = params[0] === 0 ? matmulWasm : matmulTs;
  kernel(operand(1), operand(8), out, batch, m, k, n);
}

/** Stores an error message in a worker's message words (length first). */
export function writeMessage(words: Int32Array, message: string): void {
  const units = Math.min(message.length, MESSAGE_UNITS);
  words[2] = units;
  for (let i = 0; i < units; i++) words[3 + i] = message.charCodeAt(i);
}

/** Reads the message {@linkcode writeMessage} stored. */
export function readMessage(words: Int32Array): string {
  let text = "";
  for (let i = 0; i < words[2]; i++) text += String.fromCharCode(words[3 + i]);
  return text;
}

/** What the calling thread posts to a worker: its buffers and its slot. */
export interface Binding {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  workers: number;
  slot: number;
  /** Bumped by the caller for each new data buffer; an outdated binding is skipped. */
  generation: number;
}

/**
 * Serves jobs on a binding until the caller asks for a new one (returns, so
 * that the worker's event loop delivers it).
 */
export function serve(binding: Binding): void {
  const { control, data, workers, slot } = binding;
  const { words, params } = slotViews(control, workers, slot);
  const generation = generationWord(control);
  if (Atomics.load(generation, 0) !== binding.generation) return; // a newer one follows
  // Ready means IDLE and serving the current generation; checked again after
  // IDLE is stored, so that a REBIND stored meanwhile is never overwritten.
  Atomics.store(words, 1, binding.generation);
  Atomics.store(words, 0, State.IDLE);
  Atomics.notify(words, 0);
  if (Atomics.load(generation, 0) !== binding.generation) return;
  for (;;) {
    let s = Atomics.load(words, 0);
    while (s === State.IDLE || s === State.DONE || s === State.FAILED) {
      Atomics.wait(words, 0, s);
      s = Atomics.load(words, 0);
    }
    if (s !== State.RUN) return; // REBIND
    try {
      runJob(params, data);
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
 * Makes this worker serve each binding it is posted: through the
 * `parentPort` a Node (or Deno `node:worker_threads`) worker's prelude stored
 * in {@linkcode NODE_PORT_GLOBAL}, else through a web worker's `onmessage`.
 */
export function startWorker(): void {
  const scope = globalThis as Record<string, unknown>;
  const port = scope[NODE_PORT_GLOBAL] as
    | { on(event: "message", listener: (b: Binding) => void): void }
    | undefined;
  if (port !== undefined) port.on("message", serve);
  else scope.onmessage = (e: MessageEvent<Binding>) => serve(e.data);
}
