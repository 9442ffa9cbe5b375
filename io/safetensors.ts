/**
 * A codec for the safetensors format on bytes: an 8-byte little-endian header
 * length, a UTF-8 JSON header padded with spaces to a multiple of 8 bytes,
 * then the tensors' little-endian data back to back. It lays tensors out as
 * the reference writer does, so that files round-trip byte for byte.
 */

/** The element types this codec reads and writes. */
export type SafetensorsDType =
  | "F16"
  | "BF16"
  | "F32"
  | "F64"
  | "BOOL"
  | "U8"
  | "I8"
  | "I16"
  | "U16"
  | "I32"
  | "I64";

/**
 * One tensor of a safetensors file: its element type, its shape and its
 * elements in row-major order. `F16` and `BF16` elements are their raw 16-bit
 * patterns (see `load()` for the conversion to float32); `BOOL` elements are
 * 0 or 1.
 */
export type SafetensorsTensor =
  | { dtype: "F16" | "BF16" | "U16"; shape: number[]; data: Uint16Array }
  | { dtype: "F32"; shape: number[]; data: Float32Array }
  | { dtype: "F64"; shape: number[]; data: Float64Array }
  | { dtype: "BOOL" | "U8"; shape: number[]; data: Uint8Array }
  | { dtype: "I8"; shape: number[]; data: Int8Array }
  | { dtype: "I16"; shape: number[]; data: Int16Array }
  | { dtype: "I32"; shape: number[]; data: Int32Array }
  | { dtype: "I64"; shape: number[]; data: BigInt64Array };

/** The content of a safetensors file. */
export interface SafetensorsContent {
  /** The tensors by name, in the order of their data in the file. */
  tensors: Record<string, SafetensorsTensor>;
  /** The `__metadata__` string map, or `undefined` when the header has none. */
  metadata?: Record<string, string>;
}

type Data = SafetensorsTensor["data"];

interface DTypeInfo {
  size: number;
  // Rank in the reference writer's layout (its Dtype enum order): higher ranks come first.
  rank: number;
  array: { new (length: number): Data; name: string };
  // Big-endian hosts only: one little-endian element at a byte offset.
  read: (view: DataView, offset: number) => number | bigint;
  write: (view: DataView, offset: number, value: number | bigint) => void;
}

const DTYPES: Record<SafetensorsDType, DTypeInfo> = {
  I64: {
    size: 8,
    rank: 11,
    array: BigInt64Array,
    read: (v, o) => v.getBigInt64(o, true),
    write: (v, o, x) => v.setBigInt64(o, x as bigint, true),
  },
  F64: {
    size: 8,
    rank: 10,
    array: Float64Array,
    read: (v, o) => v.getFloat64(o, true),
    write: (v, o, x) => v.setFloat64(o, x as number, true),
  },
  F32: {
    size: 4,
    rank: 9,
    array: Float32Array,
    read: (v, o) => v.getFloat32(o, true),
    write: (v, o, x) => v.setFloat32(o, x as number, true),
  },
  I32: {
    size: 4,
    rank: 7,
    array: Int32Array,
    read: (v, o) => v.getInt32(o, true),
    write: (v, o, x) => v.setInt32(o, x as number, true),
  },
  BF16: uint16(6),
  F16: uint16(5),
  U16: uint16(4),
  I16: {
    size: 2,
    rank: 3,
    array: Int16Array,
    read: (v, o) => v.getInt16(o, true),
    write: (v, o, x) => v.setInt16(o, x as number, true),
  },
  I8: {
    size: 1,
    rank: 2,
    array: Int8Array,
    read: (v, o) => v.getInt8(o),
    write: (v, o, x) => v.setInt8(o, x as number),
  },
  U8: uint8(1),
  BOOL: uint8(0),
};

function uint16(rank: number): DTypeInfo {
  return {
    size: 2,
    rank,
    array: Uint16Array,
    read: (v, o) => v.getUint16(o, true),
    write: (v, o, x) => v.setUint16(o, x as number, true),
  };
}

function uint8(rank: number): DTypeInfo {
  return {
    size: 1,
    rank,
    array: Uint8Array,
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x as number),
  };
}

const SUPPORTED = Object.keys(DTYPES).join(", ");
const METADATA_KEY = "__metadata__";
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes tensors (and optional string metadata) as a safetensors file.
 *
 * The layout follows the reference implementation, so the output is
 * deterministic: tensors sorted by dtype in the reference's descending order
 * (`I64`, `F64`, `F32`, `I32`, `BF16`, `F16`, `U16`, `I16`, `I8`, `U8`,
 * `BOOL`) then by name (Unicode code point order); header JSON without
 * spaces, `__metadata__` first with its keys sorted, each tensor as
 * `{"dtype", "shape", "data_offsets"}`, padded with spaces to a multiple of 8
 * bytes so that every tensor's data is aligned.
 *
 * @param tensors The tensors by name. Their arrays may be views into a larger buffer.
 * @param metadata Free-form string pairs stored under `__metadata__`; omitted from the header when `undefined`.
 * @returns The file's bytes.
 * @throws {TypeError} For an unsupported dtype, data of the wrong array type, a reserved or ill-formed name, or non-string metadata.
 * @throws {RangeError} For a shape that is not a list of non-negative integers or does not match the data's length.
 * @example Encoding and decoding
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSafetensors, encodeSafetensors } from "@nabla/autograd/io";
 * const bytes = encodeSafetensors(
 *   { w: { dtype: "F32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } },
 *   { format: "pt" },
 * );
 * assert.equal(bytes.length % 8, 0);
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * assert.deepEqual(tensors.w.shape, [2, 2]);
 * assert.deepEqual([...tensors.w.data], [1, 2, 3, 4]);
 * assert.deepEqual(metadata, { format: "pt" });
 * ```
 */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const where = "Cannot encode safetensors in encodeSafetensors()";
  if (typeof tensors !== "object" || tensors === null || Array.isArray(tensors)) {
    throw new TypeError(`${where}: tensors must be an object of named tensors`);
  }
  const entries = Object.entries(tensors).map(([name, tensor]) => {
    checkName(where, name, "tensor name");
    if (name === METADATA_KEY) {
      throw new TypeError(`${where}: "${METADATA_KEY}" is reserved and cannot name a tensor`);
    }
    return [name, checkTensor(where, name, tensor)] as const;
  });
  entries.sort(([nameA, a], [nameB, b]) =>
    DTYPES[b.dtype].rank - DTYPES[a.dtype].rank || compareCodePoints(nameA, nameB)
  );

  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"${METADATA_KEY}":${metadataJson(where, metadata)}`);
  let offset = 0;
  for (const [name, { dtype, shape, data }] of entries) {
    const end = offset + data.length * DTYPES[dtype].size;
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(",")}],` +
        `"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const [, { dtype, data }] of entries) {
    writeData(view, at, dtype, data);
    at += data.byteLength;
  }
  return out;
}

/**
 * Decodes a safetensors file, validating it as strictly as the reference
 * reader: the header must be a JSON object of well-formed entries whose
 * `data_offsets` tile the data buffer exactly (no gap, no overlap, nothing
 * left over), each spanning `product(shape) × itemsize` bytes.
 *
 * @param bytes The whole file. It may be a view into a larger buffer; the
 *   result copies the data, so it neither shares nor keeps `bytes`.
 * @returns The tensors (in the order of their data) and the metadata, if any.
 * @throws {TypeError} For a header that is not UTF-8 JSON of the expected structure, or an unsupported dtype.
 * @throws {RangeError} For a truncated file, a header length beyond the file, or offsets that are out of range, overlap, leave gaps or disagree with dtype and shape.
 * @example Reading a file made by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSafetensors } from "@nabla/autograd/io";
 * const header = '{"x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}';
 * const bytes = new Uint8Array(8 + header.length + 8);
 * new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
 * bytes.set(new TextEncoder().encode(header), 8);
 * bytes.set(new Uint8Array(new Int32Array([-1, 7]).buffer), 8 + header.length);
 * const { tensors } = decodeSafetensors(bytes);
 * assert.equal(tensors.x.dtype, "I32");
 * assert.deepEqual([...tensors.x.data], [-1, 7]);
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  const where = "Cannot decode safetensors in decodeSafetensors()";
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${where}: expected a Uint8Array, got ${describe(bytes)}`);
  }
  if (bytes.length < 8) {
    throw new RangeError(
      `${where}: truncated file: need 8 bytes for the header length, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(bytes.length - 8)) {
    throw new RangeError(
      `${where}: header length ${declared} exceeds the ${
        bytes.length - 8
      } bytes after it (truncated file?)`,
    );
  }
  const headerLength = Number(declared);
  const header = parseHeader(where, bytes.subarray(8, 8 + headerLength));

  let metadata: Record<string, string> | undefined;
  const infos: {
    name: string;
    dtype: SafetensorsDType;
    shape: number[];
    begin: number;
    end: number;
  }[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      metadata = checkMetadata(where, entry);
      continue;
    }
    infos.push({ name, ...checkEntry(where, name, entry) });
  }

  // The data buffer must be tiled exactly, in offset order (ties: empty tensors first).
  const dataStart = 8 + headerLength;
  const bufferLength = bytes.length - dataStart;
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: (typeof infos)[number] | undefined;
  for (const info of infos) {
    const span = `[${info.begin}, ${info.end}]`;
    if (info.end > bufferLength) {
      throw new RangeError(
        `${where}: tensor ${JSON.stringify(info.name)} has data_offsets ${span} but the data ` +
          `buffer holds only ${bufferLength} bytes (truncated file?)`,
      );
    }
    if (info.begin < covered && previous !== undefined) {
      throw new RangeError(
        `${where}: tensor ${JSON.stringify(info.name)} at data_offsets ${span} overlaps tensor ` +
          `${JSON.stringify(previous.name)} at [${previous.begin}, ${previous.end}]`,
      );
    }
    if (info.begin > covered) {
      throw new RangeError(
        `${where}: bytes [${covered}, ${info.begin}) of the data buffer belong to no tensor`,
      );
    }
    covered = info.end;
    previous = info;
  }
  if (covered !== bufferLength) {
    throw new RangeError(
      `${where}: the tensors cover ${covered} bytes but the data buffer holds ${bufferLength}`,
    );
  }

  const tensors = Object.fromEntries(infos.map(({ name, dtype, shape, begin, end }) => {
    const data = readData(view, dataStart + begin, dtype, (end - begin) / DTYPES[dtype].size);
    if (dtype === "BOOL") checkBools(where, `tensor ${JSON.stringify(name)}`, data as Uint8Array);
    return [name, { dtype, shape, data } as SafetensorsTensor];
  }));
  return metadata === undefined ? { tensors } : { tensors, metadata };
}

function parseHeader(where: string, raw: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
  } catch (cause) {
    throw new TypeError(`${where}: the header is not valid UTF-8`, { cause });
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(`${where}: the header is not valid JSON (${reason})`, { cause });
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new TypeError(`${where}: the header must be a JSON object, got ${describe(header)}`);
  }
  return header as Record<string, unknown>;
}

function checkMetadata(where: string, entry: unknown): Record<string, string> {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new TypeError(`${where}: ${METADATA_KEY} must be an object, got ${describe(entry)}`);
  }
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== "string") {
      throw new TypeError(
        `${where}: ${METADATA_KEY} values must be strings, got ${describe(value)} for ${
          JSON.stringify(key)
        }`,
      );
    }
  }
  return entry as Record<string, string>;
}

function checkEntry(
  where: string,
  name: string,
  entry: unknown,
): { dtype: SafetensorsDType; shape: number[]; begin: number; end: number } {
  const label = `tensor ${JSON.stringify(name)}`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new TypeError(`${where}: ${label} must be an object, got ${describe(entry)}`);
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== "string") {
    throw new TypeError(`${where}: ${label} needs a string dtype, got ${describe(dtype)}`);
  }
  if (!Object.hasOwn(DTYPES, dtype)) {
    throw new TypeError(
      `${where}: ${label} has unsupported dtype ${
        JSON.stringify(dtype)
      }, expected one of ${SUPPORTED}`,
    );
  }
  if (!isIndexList(shape)) {
    throw new TypeError(
      `${where}: ${label} needs a shape of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (!isIndexList(offsets) || offsets.length !== 2 || offsets[0] > offsets[1]) {
    throw new TypeError(
      `${where}: ${label} needs data_offsets [begin, end] with 0 <= begin <= end, got ${
        JSON.stringify(offsets)
      }`,
    );
  }
  const [begin, end] = offsets;
  const expected = shape.reduce((a, b) => a * b, 1) * DTYPES[dtype as SafetensorsDType].size;
  if (end - begin !== expected) {
    throw new RangeError(
      `${where}: ${label} of dtype ${dtype} and shape ${fmt(shape)} needs ${expected} bytes, ` +
        `but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { dtype: dtype as SafetensorsDType, shape, begin, end };
}

function checkTensor(where: string, name: string, tensor: unknown): SafetensorsTensor {
  const label = `tensor ${JSON.stringify(name)}`;
  if (typeof tensor !== "object" || tensor === null) {
    throw new TypeError(
      `${where}: ${label} must be { dtype, shape, data }, got ${describe(tensor)}`,
    );
  }
  const { dtype, shape, data } = tensor as Record<string, unknown>;
  if (typeof dtype !== "string" || !Object.hasOwn(DTYPES, dtype)) {
    throw new TypeError(
      `${where}: ${label} has unsupported dtype ${
        JSON.stringify(dtype)
      }, expected one of ${SUPPORTED}`,
    );
  }
  const { array } = DTYPES[dtype as SafetensorsDType];
  if (!(data instanceof array)) {
    throw new TypeError(
      `${where}: ${label} has dtype ${dtype}, so its data must be a ${array.name}, got ${
        describe(data)
      }`,
    );
  }
  if (!isIndexList(shape)) {
    throw new RangeError(
      `${where}: ${label} needs a shape of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (dtype === "BOOL") checkBools(where, label, data as Uint8Array);
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel !== data.length) {
    throw new RangeError(
      `${where}: ${label} has shape ${
        fmt(shape)
      } (${numel} elements) but ${data.length} elements of data`,
    );
  }
  return tensor as SafetensorsTensor;
}

function metadataJson(where: string, metadata: unknown): string {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new TypeError(
      `${where}: metadata must be an object of strings, got ${describe(metadata)}`,
    );
  }
  const keys = Object.keys(metadata).sort(compareCodePoints);
  const pairs = keys.map((key) => {
    const value = (metadata as Record<string, unknown>)[key];
    checkName(where, key, "metadata key");
    if (typeof value !== "string") {
      throw new TypeError(
        `${where}: metadata values must be strings, got ${describe(value)} for ${
          JSON.stringify(key)
        }`,
      );
    }
    checkName(where, value, "metadata value");
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${pairs.join(",")}}`;
}

// A lone surrogate would become U+FFFD in UTF-8 (or `\udXXX`, which Rust's JSON reader refuses).
function checkName(where: string, text: string, what: string): void {
  if (/\p{Cs}/u.test(text)) {
    throw new TypeError(`${where}: ${what} ${JSON.stringify(text)} contains a lone surrogate`);
  }
}

function writeData(view: DataView, at: number, dtype: SafetensorsDType, data: Data): void {
  if (LITTLE_ENDIAN) {
    new Uint8Array(view.buffer, view.byteOffset + at, data.byteLength)
      .set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  const { size, write } = DTYPES[dtype];
  for (let i = 0; i < data.length; i++) write(view, at + i * size, data[i]);
}

function readData(view: DataView, at: number, dtype: SafetensorsDType, n: number): Data {
  const { array, size, read } = DTYPES[dtype];
  if (LITTLE_ENDIAN) {
    // NOTE: slice() copies into a fresh, aligned buffer; `at` itself may be unaligned.
    const copy = new Uint8Array(view.buffer, view.byteOffset + at, n * size).slice();
    return new (array as unknown as { new (buffer: ArrayBuffer): Data })(copy.buffer);
  }
  const out = new array(n);
  for (let i = 0; i < n; i++) {
    (out as unknown as (number | bigint)[])[i] = read(view, at + i * size);
  }
  return out;
}

// A BOOL element is one byte holding 0 or 1, as PyTorch and NumPy write it.
function checkBools(where: string, label: string, data: Uint8Array): void {
  const bad = data.findIndex((b) => b > 1);
  if (bad >= 0) {
    throw new RangeError(
      `${where}: ${label} has dtype BOOL but its element ${bad} is ${data[bad]}, not 0 or 1`,
    );
  }
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

// Orders strings as Rust and Python do (by code point = by UTF-8 bytes), not by UTF-16 unit.
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return (x.done ? 0 : 1) - (y.done ? 0 : 1);
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  return typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
