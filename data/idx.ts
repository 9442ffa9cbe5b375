/**
 * The IDX file format of MNIST and its relatives (Fashion-MNIST, KMNIST,
 * EMNIST): a small big-endian header (magic, item type, dimensions) followed by
 * big-endian items. Works on bytes only, so it runs in Deno, Node and browsers.
 */

/** The typed array an IDX file decodes to, one per item type. */
export type IdxArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded IDX file: its dimensions and its items in row-major order. */
export interface IdxData {
  /** The dimensions from the header, outermost first, e.g. `[60000, 28, 28]`. */
  shape: number[];
  /** The items, `shape.reduce((a, b) => a * b, 1)` of them, in native byte order. */
  data: IdxArray;
}

interface ItemType {
  name: string;
  size: number;
}

// The third byte of the magic number picks the item type.
const ITEM_TYPES: Record<number, ItemType> = {
  0x08: { name: "ubyte", size: 1 },
  0x09: { name: "byte", size: 1 },
  0x0b: { name: "short", size: 2 },
  0x0c: { name: "int", size: 4 },
  0x0d: { name: "float", size: 4 },
  0x0e: { name: "double", size: 8 },
};

/**
 * Decodes an uncompressed IDX file.
 *
 * The header is two zero bytes, a type code (`0x08` ubyte, `0x09` byte, `0x0B`
 * short, `0x0C` int, `0x0D` float, `0x0E` double), the number of dimensions,
 * then each dimension as a big-endian 32-bit integer. The items follow,
 * big-endian, and must fill the rest of the file exactly.
 *
 * @param bytes The whole file. It is not modified, and the result does not share its memory.
 * @returns The shape and a new typed array of the items.
 * @throws {TypeError} If `bytes` is not a `Uint8Array`, the magic number is wrong or the type code is unknown.
 * @throws {RangeError} If the header or the data is truncated, or bytes follow the data.
 * @example Parsing a 2 x 3 ubyte file
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIdx } from "@nabla/autograd";
 * const file = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
 * const { shape, data } = parseIdx(file);
 * assert.deepEqual(shape, [2, 3]);
 * assert.deepEqual([...data], [1, 2, 3, 4, 5, 6]);
 * ```
 */
export function parseIdx(bytes: Uint8Array): IdxData {
  checkBytes("parseIdx", bytes);
  const where = "Cannot parse IDX in parseIdx()";
  if (bytes.length < 4) {
    throw new RangeError(
      `${where}: truncated header: need at least 4 bytes, got ${bytes.length}`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new TypeError(
      `${where}: wrong magic number: the first two bytes must be 0x00 0x00, got ${hex(bytes[0])} ${
        hex(bytes[1])
      }`,
    );
  }
  const type = ITEM_TYPES[bytes[2]];
  if (type === undefined) {
    const known = Object.entries(ITEM_TYPES).map(([code, t]) => `${hex(+code)} (${t.name})`);
    throw new TypeError(
      `${where}: unknown type code ${hex(bytes[2])}, expected one of ${known.join(", ")}`,
    );
  }
  const ndim = bytes[3];
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new RangeError(
      `${where}: truncated header: ${ndim} dimensions need ${headerBytes} bytes, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const numel = shape.reduce((a, b) => a * b, 1);
  const expected = numel * type.size;
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    const problem = actual < expected ? "truncated data" : "unexpected bytes after the data";
    throw new RangeError(
      `${where}: ${problem}: shape ${
        fmt(shape)
      } of ${type.name} needs ${expected} bytes, got ${actual}`,
    );
  }
  return { shape, data: readItems(view, headerBytes, numel, bytes[2]) };
}

/**
 * Decodes an IDX file that may be gzip-compressed (as MNIST is distributed:
 * `train-images-idx3-ubyte.gz`). Compressed input is recognised by its first
 * two bytes `0x1f 0x8b` and inflated with the Web `DecompressionStream`.
 *
 * @param bytes The whole file, compressed or not.
 * @returns The shape and a new typed array of the items, as {@linkcode parseIdx}.
 * @throws {TypeError} If the gzip stream is corrupt, or as {@linkcode parseIdx}.
 * @throws {RangeError} As {@linkcode parseIdx}.
 * @example Decoding a gzip-compressed file
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeIdx } from "@nabla/autograd";
 * const raw = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * const gzip = new Blob([raw]).stream().pipeThrough(new CompressionStream("gzip"));
 * const gz = new Uint8Array(await new Response(gzip).arrayBuffer());
 * const { shape, data } = await decodeIdx(gz);
 * assert.deepEqual(shape, [3]);
 * assert.deepEqual([...data], [7, 8, 9]);
 * ```
 */
export async function decodeIdx(bytes: Uint8Array): Promise<IdxData> {
  checkBytes("decodeIdx", bytes);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return parseIdx(await gunzip(bytes));
  }
  return parseIdx(bytes);
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // NOTE: Blob accepts any view (it copies), so an offset or shared buffer is fine.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(`Cannot decompress IDX in decodeIdx(): invalid gzip data (${reason})`, {
      cause,
    });
  }
}

function readItems(view: DataView, start: number, n: number, code: number): IdxArray {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start, view.byteLength - start);
  switch (code) {
    case 0x08:
      return bytes.slice();
    case 0x09:
      return new Int8Array(bytes.slice().buffer);
    case 0x0b: {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(start + 2 * i, false);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(start + 4 * i, false);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(start + 4 * i, false);
      return out;
    }
    case 0x0e: {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(start + 8 * i, false);
      return out;
    }
    default:
      throw new Error(`internal: unhandled IDX type code ${hex(code)}`);
  }
}

function checkBytes(op: string, bytes: unknown): void {
  if (!(bytes instanceof Uint8Array)) {
    const got = bytes === null ? "null" : (bytes as object)?.constructor?.name ?? typeof bytes;
    throw new TypeError(`Cannot parse IDX in ${op}(): expected a Uint8Array, got ${got}`);
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, "0").toUpperCase()}`;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
