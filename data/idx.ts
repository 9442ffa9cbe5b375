/**
 * The IDX file format of MNIST and its relatives (Fashion-MNIST, KMNIST,
 * EMNIST): a small big-endian header (magic, item type, dimensions) followed by
 * big-endian items. Works on bytes only, so it runs in Deno, Node and browsers.
 */
import { checkOptions } from "../tensor/mod.ts";

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
  return decodeRaw("Cannot parse IDX in parseIdx()", bytes);
}

/** Options of {@linkcode decodeIdx}. */
export interface DecodeIdxOptions {
  /**
   * The largest file accepted, in bytes once decompressed (header included).
   * A gzip file whose header declares more is refused before anything is
   * inflated, so that a decompression bomb cannot exhaust memory; raise it
   * for data sets bigger than 1 GiB (EMNIST's largest file is 550 MB).
   * @default 2 ** 30
   */
  maxBytes?: number;
}

// The default of DecodeIdxOptions.maxBytes: 1 GiB.
const DEFAULT_IDX_MAX_BYTES = 2 ** 30;

/**
 * Decodes an IDX file that may be gzip-compressed (as MNIST is distributed:
 * `train-images-idx3-ubyte.gz`). Compressed input is recognised by its first
 * two bytes `0x1f 0x8b` and inflated with the Web `DecompressionStream`, as a
 * stream: the header is checked from the first decompressed bytes, the output
 * is allocated once at the size the header declares (at most `maxBytes`), and
 * inflating stops as soon as the data overflows it. Memory stays bounded by
 * the declared size, whatever the compressed data expands to.
 *
 * @param bytes The whole file, compressed or not.
 * @param options `maxBytes`, the largest decompressed size accepted.
 * @returns The shape and a new typed array of the items, as {@linkcode parseIdx}.
 * @throws {TypeError} If the gzip stream is corrupt, or as {@linkcode parseIdx}.
 * @throws {RangeError} If the declared size exceeds `maxBytes`, the data does
 *   not match the declared shape, or as {@linkcode parseIdx}.
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
 * await assert.rejects(decodeIdx(gz, { maxBytes: 10 }), { name: "RangeError" });
 * ```
 */
export async function decodeIdx(
  bytes: Uint8Array,
  options: DecodeIdxOptions = {},
): Promise<IdxData> {
  checkOptions("decodeIdx", options, ["maxBytes"]);
  checkBytes("decodeIdx", bytes);
  const maxBytes = options.maxBytes ?? DEFAULT_IDX_MAX_BYTES;
  if (typeof maxBytes !== "number" || !(maxBytes >= 0) || !Number.isSafeInteger(maxBytes)) {
    throw new RangeError(
      `Cannot decode IDX in decodeIdx(): maxBytes must be a non-negative integer, got ${
        String(maxBytes)
      }`,
    );
  }
  const where = "Cannot decode IDX in decodeIdx()";
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return decodeRaw(where, await gunzip(where, bytes, maxBytes));
  }
  checkSize(where, bytes.length, maxBytes, "the file has");
  return decodeRaw(where, bytes);
}

interface Header {
  code: number;
  type: ItemType;
  shape: number[];
  headerBytes: number;
  // Bytes of the whole file the header describes (header included).
  fileBytes: number;
}

// Reads and checks the header; `null` if `bytes` is a prefix too short to hold it all.
function readHeader(where: string, bytes: Uint8Array, complete: boolean): Header | null {
  const short = (need: number, what: string): null => {
    if (!complete) return null;
    throw new RangeError(`${where}: truncated header: ${what} ${need} bytes, got ${bytes.length}`);
  };
  if (bytes.length >= 1 && bytes[0] !== 0 || bytes.length >= 2 && bytes[1] !== 0) {
    throw new TypeError(
      `${where}: wrong magic number: the first two bytes must be 0x00 0x00, got ${hex(bytes[0])} ${
        bytes.length >= 2 ? hex(bytes[1]) : "(end of file)"
      }`,
    );
  }
  if (bytes.length >= 3 && ITEM_TYPES[bytes[2]] === undefined) {
    const known = Object.entries(ITEM_TYPES).map(([code, t]) => `${hex(+code)} (${t.name})`);
    throw new TypeError(
      `${where}: unknown type code ${hex(bytes[2])}, expected one of ${known.join(", ")}`,
    );
  }
  if (bytes.length < 4) return short(4, "need at least");
  const code = bytes[2];
  const type = ITEM_TYPES[code];
  const ndim = bytes[3];
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) return short(headerBytes, `${ndim} dimensions need`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  // NOTE: the product can exceed 2^53 (255 dimensions of 2^32 - 1); it is then
  // only compared (never allocated), and no file can be that long.
  const numel = shape.reduce((a, b) => a * b, 1);
  return { code, type, shape, headerBytes, fileBytes: headerBytes + numel * type.size };
}

function decodeRaw(where: string, bytes: Uint8Array): IdxData {
  const { code, type, shape, headerBytes, fileBytes } = readHeader(where, bytes, true)!;
  const expected = fileBytes - headerBytes;
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    const problem = actual < expected ? "truncated data" : "unexpected bytes after the data";
    throw new RangeError(
      `${where}: ${problem}: shape ${
        fmt(shape)
      } of ${type.name} needs ${expected} bytes, got ${actual}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { shape, data: readItems(view, headerBytes, expected / type.size, code) };
}

function checkSize(where: string, size: number, maxBytes: number, what: string): void {
  if (size > maxBytes) {
    throw new RangeError(
      `${where}: ${what} ${size} bytes, more than maxBytes ${maxBytes}; ` +
        "pass a larger { maxBytes } if the file is trusted",
    );
  }
}

const GZIP_CHUNK = 4096;

// Inflates into one array of the size the header declares, checking the header
// from the first bytes out and stopping at the first byte too many.
async function gunzip(where: string, bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  // NOTE: DecompressionStream inflates each input chunk whole, whatever the
  // reader asks for: fed 4 KiB at a time, it holds at most ~4 MiB (deflate
  // expands at most 1032:1) beyond what this loop has taken.
  let at = 0;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(at, at += GZIP_CHUNK) as Uint8Array<ArrayBuffer>);
    },
  }, { highWaterMark: 0 });
  const reader = source.pipeThrough(new DecompressionStream("gzip")).getReader();
  let head = new Uint8Array(0); // the first bytes, until the header is complete
  let out: Uint8Array | null = null;
  let declared: Header | null = null;
  let filled = 0;
  const fail = (error: Error): never => {
    reader.cancel().catch(() => {});
    throw error;
  };
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new TypeError(`Cannot decompress IDX in decodeIdx(): invalid gzip data (${reason})`, {
        cause,
      });
    }
    if (chunk.done) break;
    let value = chunk.value;
    if (out === null) {
      const joined = new Uint8Array(head.length + value.length);
      joined.set(head);
      joined.set(value, head.length);
      let header: Header | null = null;
      try {
        header = readHeader(where, joined, false);
        if (header !== null) checkSize(where, header.fileBytes, maxBytes, "the header declares");
      } catch (error) {
        fail(error as Error);
      }
      if (header === null) {
        head = joined;
        continue;
      }
      declared = header;
      out = new Uint8Array(header.fileBytes);
      value = joined;
    }
    if (filled + value.length > out.length) {
      const { shape, type } = declared!;
      fail(
        new RangeError(
          `${where}: unexpected bytes after the data: shape ${fmt(shape)} of ${type.name} needs ` +
            `${out.length} bytes with the header, the gzip stream holds more`,
        ),
      );
    }
    out.set(value, filled);
    filled += value.length;
  }
  if (out === null) return head; // too short for a header: decodeRaw says so
  return filled === out.length ? out : out.subarray(0, filled); // short: decodeRaw reports it
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
