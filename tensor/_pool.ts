/**
 * The buffer pool behind `allocate()`, and the ownership records that say
 * when a storage may go back to it.
 *
 * Storage is ordinary JavaScript memory, reclaimed by the garbage collector.
 * The pool only recycles buffers that the library can prove dead at a given
 * point, so that a training loop reuses them instead of leaving them to the
 * collector (which, for ArrayBuffers, lets tens of megabytes pile up; see
 * docs/architecture.md, "Memory"):
 *
 * - A storage has an owner only while library code holds the only references
 *   to it: the backward pass that created it (gradients flowing through the
 *   graph), the tensor whose `.grad` it is, or the function that keeps it for
 *   its backward without returning it. Anything else (every tensor an op
 *   returns to its caller, every user tensor) has no owner and is never pooled.
 * - {@linkcode release} returns a storage's buffer to the pool only when the
 *   caller names its owner; it then empties the storage (`data` becomes a
 *   zero-length array), so a bug reads nothing rather than a recycled buffer.
 * - Buffers are grouped by byte size in four classes per power of two (at most
 *   25% unused), shared across dtypes; arrays under 64 bytes are not pooled.
 *
 * @module
 */
import type { DType, TypedArray } from "./dtype.ts";
import type { Storage } from "./storage.ts";

type ArrayCtor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

/** Smallest pooled buffer, in bytes. */
const MIN_BYTES = 64;
/** Most bytes the pool keeps; buffers released beyond it are left to the collector. */
const MAX_POOLED_BYTES = 64 * 1024 * 1024;

// Free buffers by byte capacity.
const free = new Map<number, ArrayBuffer[]>();
// Marks a buffer the pool made: true while handed out, false while free. A mark
// on the buffer, not a WeakSet: a set would also hold every buffer handed out and
// never given back (each step's activations, left to the collector) until the
// next scavenge, and its table, regrown as it fills, survives each scavenge;
// those bytes add up until V8 enlarges its young generation for good, and RSS
// steps up (see "Memory" in docs/architecture.md).
const IN_USE: unique symbol = Symbol("nabla.pool.inUse");
type PoolBuffer = ArrayBuffer & { [IN_USE]?: boolean };
let pooledBytes = 0;
let pooledBuffers = 0;
let reused = 0;
let fresh = 0;
let released = 0;

/** The byte capacity of the class holding `bytes`: 4, 5, 6 or 7 times a power of two. */
function capacityOf(bytes: number): number {
  let unit = 1;
  while (unit * 8 <= bytes) unit *= 2;
  return Math.ceil(bytes / unit) * unit;
}

/**
 * An array of `size` elements of `Ctor`, from the pool when a buffer of its
 * class is free: zero-filled, or, if `zero` is false, holding whatever the
 * recycled buffer held (for kernels that write every element).
 */
export function take(Ctor: ArrayCtor, size: number, zero = true): TypedArray {
  const bytes = size * Ctor.BYTES_PER_ELEMENT;
  if (bytes < MIN_BYTES) return new Ctor(size);
  const capacity = capacityOf(bytes);
  const list = free.get(capacity);
  let buffer: ArrayBuffer;
  if (list !== undefined && list.length > 0) {
    buffer = list.pop()!;
    pooledBytes -= capacity;
    pooledBuffers--;
    reused++;
    (buffer as PoolBuffer)[IN_USE] = true;
    const array = new Ctor(buffer, 0, size);
    if (zero) array.fill(0);
    return array;
  }
  buffer = new ArrayBuffer(capacity);
  fresh++;
  (buffer as PoolBuffer)[IN_USE] = true;
  return new Ctor(buffer, 0, size);
}

const EMPTY: Record<DType, TypedArray> = {
  float32: new Float32Array(0),
  float64: new Float64Array(0),
  int32: new Int32Array(0),
  bool: new Uint8Array(0),
};

// ---------------------------------------------------------------- owners

const owners = new WeakMap<Storage, object>();

/** Who owns the storages created from now on, and the list that records them. */
export interface Creator {
  /** The owner (`null`: created storages get none). */
  owner: object | null;
  /** Receives each storage created while this creator is current. */
  log: Storage[] | null;
}
let creator: Creator = { owner: null, log: null };

/**
 * Makes `next` the current creator: every storage created from now on through
 * {@linkcode noteCreated} is owned by `next.owner` and recorded in `next.log`.
 * Returns the previous creator, to restore.
 */
export function setCreator(next: Creator): Creator {
  const previous = creator;
  creator = next;
  return previous;
}

/** Records a new storage (made by a kernel) as owned by the current creator, if any. */
export function noteCreated(storage: Storage): void {
  if (creator.owner === null) return;
  owners.set(storage, creator.owner);
  creator.log?.push(storage);
}

/** The owner of a storage, or undefined. */
export function ownerOf(storage: Storage): object | undefined {
  return owners.get(storage);
}

/** Gives a storage a new owner (`null`: none, it can no longer be released). */
export function setOwner(storage: Storage, owner: object | null): void {
  if (owner === null) owners.delete(storage);
  else owners.set(storage, owner);
}

/**
 * Returns the buffer of a storage owned by `owner` to the pool and empties the
 * storage. Does nothing (and returns false) for a storage with another owner.
 */
export function release(storage: Storage, owner: object): boolean {
  if (owners.get(storage) !== owner) return false;
  owners.delete(storage);
  const data = storage.data;
  // NOTE: from here on the storage reads as empty; its buffer may be handed out again.
  (storage as { data: TypedArray }).data = EMPTY[storage.dtype];
  const buffer = data.buffer;
  // Not from the pool, or already back in it:
  if ((buffer as PoolBuffer)[IN_USE] !== true) return false;
  (buffer as PoolBuffer)[IN_USE] = false;
  released++;
  const capacity = buffer.byteLength;
  if (pooledBytes + capacity > MAX_POOLED_BYTES) return true;
  let list = free.get(capacity);
  if (list === undefined) free.set(capacity, list = []);
  list.push(buffer as ArrayBuffer);
  pooledBytes += capacity;
  pooledBuffers++;
  return true;
}

/** Counters of the pool, for tests and benchmarks. */
export interface PoolStats {
  /** Bytes held by free buffers. */
  pooledBytes: number;
  /** Number of free buffers. */
  pooledBuffers: number;
  /** Allocations served from the pool so far. */
  reused: number;
  /** Allocations that created a new buffer so far. */
  fresh: number;
  /** Buffers given back so far. */
  released: number;
}

/** The pool's counters. */
export function poolStats(): PoolStats {
  return { pooledBytes, pooledBuffers, reused, fresh, released };
}

/** Drops every free buffer (tests start from an empty pool). */
export function clearPool(): void {
  free.clear();
  pooledBytes = 0;
  pooledBuffers = 0;
}
