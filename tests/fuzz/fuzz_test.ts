/**
 * Fuzz suite for everything that reads untrusted input: the safetensors codec
 * and `load()`, the IDX reader (plain and gzip, decompression bombs
 * included), `Module.loadStateDict` and `Optimizer.loadStateDict` with hostile
 * dicts, and the demos' flag parser. Inputs are malformed and adversarial:
 * truncations, flipped bytes, huge declared sizes, hostile names (`__proto__`,
 * `constructor`), wrong dtypes, overlapping or out-of-range offsets.
 *
 * Every property asserts the same contract: either a typed error
 * (`TypeError`/`RangeError`, or the library's subclasses) whose one-line
 * message names the public function, or a result that an independent reader
 * written here agrees with (never a silently wrong tensor); memory stays
 * bounded by the declared output (gzip: bytes inflated, counted). Runs are
 * bounded; each property prints its run count and seed. Replay or explore with
 * `NABLA_FUZZ_SEED=<seed>` and `NABLA_FUZZ_RUNS=<runs of the main properties>`.
 * Runs under Deno and under Node (`tests/node/run.ts`).
 */
import assert from "node:assert/strict";
import process from "node:process";
import fc from "fast-check";
import { decodeSafetensors, encodeSafetensors, load, save } from "../../io/mod.ts";
import { decodeIdx, parseIdx } from "../../data/mod.ts";
import { Linear, ReLU, Sequential } from "../../nn/mod.ts";
import { Adam } from "../../optim/mod.ts";
import { type Tensor, tensor } from "../../tensor/mod.ts";
import { parseFlags, UsageError } from "../../examples/_cli.ts";
import { countInflated, gzip, gzipBomb } from "../data/_gzip.ts";

const SEED = Number(process.env.NABLA_FUZZ_SEED ?? 20251111);
const RUNS = Number(process.env.NABLA_FUZZ_RUNS ?? 250);

function params(name: string, numRuns: number): fc.Parameters<unknown> {
  console.log(`fuzz ${name}: ${numRuns} runs, seed ${SEED}`);
  return { numRuns, seed: SEED };
}

/** A typed error with a one-line `Cannot ... in <op>()` message (or an `op:` prefix). */
function assertTyped(error: unknown, op: RegExp): void {
  assert.ok(
    error instanceof TypeError || error instanceof RangeError,
    `expected a TypeError or RangeError, got ${error instanceof Error ? error.stack : error}`,
  );
  assert.match(error.message, op);
  assert.ok(!error.message.includes("\n"), `a multi-line message: ${error.message}`);
}

const HOSTILE_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "",
  " ",
  "a.b",
  "0.weight",
  "\u0000",
  "名前",
  "😀",
];
const nameArb = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.string({ unit: "binary", maxLength: 6 }),
);

// ---------------------------------------------------------------- safetensors

type STDType =
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
const ST_DTYPES: STDType[] = [
  "F16",
  "BF16",
  "F32",
  "F64",
  "BOOL",
  "U8",
  "I8",
  "I16",
  "U16",
  "I32",
  "I64",
];

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const tensorEntryArb = fc.record({
  dtype: fc.constantFrom<STDType>(...ST_DTYPES),
  shape: shapeArb,
  seed: fc.integer(),
});

function makeData(dtype: STDType, n: number, seed: number) {
  const values = Array.from({ length: n }, (_, i) => ((seed + 7919 * i) % 2001) - 1000);
  switch (dtype) {
    case "F16":
    case "BF16":
    case "U16":
      return new Uint16Array(values.map((v) => (v * 65.53) & 0xffff));
    case "BOOL":
      return new Uint8Array(values.map((v) => v & 1));
    case "U8":
      return new Uint8Array(values.map((v) => v & 255));
    case "I8":
      return new Int8Array(values.map((v) => v % 128));
    case "I16":
      return new Int16Array(values.map((v) => v * 30));
    case "F32":
      return new Float32Array(values.map((v) => v / 8));
    case "F64":
      return new Float64Array(values.map((v) => v / 3));
    case "I32":
      return new Int32Array(values);
    case "I64":
      return new BigInt64Array(values.map(BigInt));
  }
}

/** A valid safetensors file of random tensors under (hostile) names. */
const validFileArb = fc.tuple(
  fc.uniqueArray(
    fc.tuple(nameArb.filter((n) => n !== "__metadata__"), tensorEntryArb),
    { maxLength: 5, selector: ([n]) => n },
  ),
  fc.option(fc.dictionary(nameArb, fc.string({ maxLength: 4 }), { maxKeys: 2 })),
).map(([entries, metadata]) => {
  const tensors = Object.create(null);
  for (const [name, { dtype, shape, seed }] of entries) {
    const n = shape.reduce((a, b) => a * b, 1);
    tensors[name] = { dtype, shape, data: makeData(dtype, n, seed) };
  }
  return encodeSafetensors(tensors, metadata ?? undefined);
});

function headerOf(bytes: Uint8Array): { length: number; json: Record<string, unknown> } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { length, json };
}

function withHeader(json: unknown, data: Uint8Array, lengthDelta = 0): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, text.length + lengthDelta)), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** JSON-level mutations of a valid header: what a malicious file would try. */
const headerMutationArb = fc.oneof(
  fc.record({
    kind: fc.constant("dtype"),
    value: fc.constantFrom<unknown>(...ST_DTYPES, "F8_E4M3", "U32", "f32", "", 3, null),
  }),
  fc.record({
    kind: fc.constant("shape"),
    value: fc.constantFrom<unknown>(
      [2 ** 53],
      [2 ** 31, 2 ** 31, 2 ** 31],
      [0, 2 ** 53 - 1, 2 ** 53 - 1, 2 ** 53 - 1],
      [2 ** 53 - 1, 2 ** 53 - 1, 0],
      [-1],
      [1.5],
      ["2"],
      [[1]],
      "1",
      null,
    ),
  }),
  fc.record({
    kind: fc.constant("offsets"),
    value: fc.tuple(fc.integer({ min: -8, max: 1 << 20 }), fc.integer({ min: -8, max: 1 << 20 })),
  }),
  fc.record({
    kind: fc.constant("offsetsHuge"),
    value: fc.constantFrom([0, 2 ** 53], [2 ** 60, 2 ** 61], [0, 1e300]),
  }),
  fc.record({ kind: fc.constant("add"), value: nameArb }),
  fc.record({
    kind: fc.constant("metadata"),
    value: fc.constantFrom<unknown>(1, [], { a: 1 }, { __proto__: "x" }, null),
  }),
  fc.record({
    kind: fc.constant("notObject"),
    value: fc.constantFrom<unknown>([], 1, "x", null, true),
  }),
  fc.record({ kind: fc.constant("length"), value: fc.integer({ min: -16, max: 16 }) }),
);

function mutateHeader(
  bytes: Uint8Array,
  m: { kind: string; value: unknown },
  pick: number,
): Uint8Array {
  const { length, json } = headerOf(bytes);
  const data = bytes.subarray(8 + length);
  const names = Object.keys(json).filter((k) => k !== "__metadata__");
  const target = names.length > 0
    ? json[names[pick % names.length]] as Record<string, unknown>
    : null;
  switch (m.kind) {
    case "dtype":
      if (target) target.dtype = m.value;
      break;
    case "shape":
      if (target) target.shape = m.value;
      break;
    case "offsets":
    case "offsetsHuge":
      if (target) target.data_offsets = m.value;
      break;
    case "add":
      Object.defineProperty(json, m.value as string, {
        value: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
        enumerable: true,
        configurable: true,
        writable: true,
      });
      break;
    case "metadata":
      json.__metadata__ = m.value;
      break;
    case "notObject":
      return withHeader(m.value, data);
    case "length":
      return withHeader(json, data, m.value as number);
  }
  return withHeader(json, data);
}

const byteMutationArb = fc.oneof(
  fc.record({ kind: fc.constant("none") }),
  fc.record({ kind: fc.constant("truncate"), at: fc.nat() }),
  fc.record({
    kind: fc.constant("flip"),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant("append"), extra: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    kind: fc.constant("lengthField"),
    value: fc.constantFrom(2n ** 64n - 1n, 2n ** 63n, 2n ** 32n, 0n),
  }),
);

function mutateBytes(bytes: Uint8Array, m: Record<string, unknown>): Uint8Array {
  switch (m.kind) {
    case "truncate":
      return bytes.slice(0, (m.at as number) % (bytes.length + 1));
    case "flip": {
      const out = bytes.slice();
      for (const at of m.at as number[]) {
        if (out.length > 0) out[at % out.length] ^= m.xor as number;
      }
      return out;
    }
    case "append": {
      const extra = m.extra as Uint8Array;
      const out = new Uint8Array(bytes.length + extra.length);
      out.set(bytes);
      out.set(extra, bytes.length);
      return out;
    }
    case "lengthField": {
      const out = bytes.slice();
      new DataView(out.buffer).setBigUint64(0, m.value as bigint, true);
      return out;
    }
    default:
      return bytes;
  }
}

const safetensorsInputArb = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 3,
    arbitrary: fc.tuple(validFileArb, byteMutationArb).map(([b, m]) => mutateBytes(b, m)),
  },
  {
    weight: 4,
    arbitrary: fc.tuple(validFileArb, headerMutationArb, fc.nat()).map(([b, m, pick]) =>
      mutateHeader(b, m, pick)
    ),
  },
);

/** What the file says, read independently: each tensor's dtype, shape and raw bytes. */
function oracle(bytes: Uint8Array, name: string) {
  const { length, json } = headerOf(bytes);
  assert.ok(
    Object.hasOwn(json, name),
    `decoded a tensor ${JSON.stringify(name)} not in the header`,
  );
  const entry = json[name] as { dtype: STDType; shape: number[]; data_offsets: [number, number] };
  const [begin, end] = entry.data_offsets;
  return { ...entry, raw: bytes.slice(8 + length + begin, 8 + length + end) };
}

function rawBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

Deno.test("fuzz: decodeSafetensors() gives typed errors or exactly what the file says", () => {
  fc.assert(
    fc.property(safetensorsInputArb, (bytes) => {
      let content;
      try {
        content = decodeSafetensors(bytes);
      } catch (error) {
        assertTyped(error, /^Cannot decode safetensors in decodeSafetensors\(\): /);
        return;
      }
      const { json } = headerOf(bytes);
      assert.equal(Object.getPrototypeOf(content.tensors), null);
      const names = Object.keys(json).filter((k) => k !== "__metadata__");
      assert.deepEqual(Object.keys(content.tensors).sort(), names.sort());
      let total = 0;
      for (const [name, t] of Object.entries(content.tensors)) {
        const expected = oracle(bytes, name);
        assert.equal(t.dtype, expected.dtype);
        assert.deepEqual(t.shape, expected.shape);
        assert.equal(t.data.length, expected.shape.reduce((a, b) => a * b, 1));
        assert.deepEqual(rawBytes(t.data), expected.raw);
        total += t.data.byteLength;
      }
      assert.ok(total <= bytes.length, "decoded more bytes than the file holds");
      if (content.metadata !== undefined) {
        assert.deepEqual({ ...content.metadata }, { ...(json.__metadata__ as object) });
      }
    }),
    params("decodeSafetensors", RUNS * 4),
  );
});

Deno.test("fuzz: load() gives typed errors or a prototype-free dict of the file's tensors", () => {
  fc.assert(
    fc.property(safetensorsInputArb, (bytes) => {
      let state: Record<string, Tensor>;
      try {
        state = load(bytes);
      } catch (error) {
        assertTyped(
          error,
          /^Cannot (decode safetensors in decodeSafetensors|load tensor .* in load)\(\)/,
        );
        return;
      }
      assert.equal(Object.getPrototypeOf(state), null);
      const { json } = headerOf(bytes);
      assert.deepEqual(
        Object.keys(state).sort(),
        Object.keys(json).filter((k) => k !== "__metadata__").sort(),
      );
      for (const [name, t] of Object.entries(state)) {
        const expected = oracle(bytes, name);
        assert.deepEqual(t.shape, expected.shape);
        const [want, values] = expectedValues(expected.dtype, expected.raw);
        assert.equal(t.dtype, want);
        assert.deepEqual(Array.from(t.contiguous().storage.data), values);
      }
      // What was loaded saves again under the same names.
      const again = load(save(state));
      assert.deepEqual(Object.keys(again).sort(), Object.keys(state).sort());
    }),
    params("load", RUNS * 2),
  );
});

const ITEM_SIZE: Record<STDType, number> = {
  F16: 2,
  BF16: 2,
  F32: 4,
  F64: 8,
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  I32: 4,
  I64: 8,
};

/** The dtype and values `load()` must give for raw little-endian bytes, read independently. */
function expectedValues(dtype: STDType, raw: Uint8Array): [string, number[]] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = raw.length / ITEM_SIZE[dtype];
  const read = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  switch (dtype) {
    case "F16":
      return ["float32", read((i) => half(view.getUint16(2 * i, true)))];
    case "BF16":
      return [
        "float32",
        read((i) => {
          const f = new DataView(new ArrayBuffer(4));
          f.setUint32(0, view.getUint16(2 * i, true) << 16);
          return f.getFloat32(0);
        }),
      ];
    case "F32":
      return ["float32", read((i) => view.getFloat32(4 * i, true))];
    case "F64":
      return ["float64", read((i) => view.getFloat64(8 * i, true))];
    case "BOOL":
      return ["bool", read((i) => view.getUint8(i))];
    case "U8":
      return ["int32", read((i) => view.getUint8(i))];
    case "I8":
      return ["int32", read((i) => view.getInt8(i))];
    case "I16":
      return ["int32", read((i) => view.getInt16(2 * i, true))];
    case "U16":
      return ["int32", read((i) => view.getUint16(2 * i, true))];
    case "I32":
      return ["int32", read((i) => view.getInt32(4 * i, true))];
    case "I64":
      return ["int32", read((i) => Number(view.getBigInt64(8 * i, true)))];
  }
}

/** IEEE 754 binary16, decoded from its definition. */
function half(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const exponent = (bits >> 10) & 31;
  const fraction = bits & 1023;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

// ---------------------------------------------------------------- IDX

const IDX_TYPES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** Independent big-endian reading of a well-formed IDX file, or null if it is not one. */
function readIdx(bytes: Uint8Array): { shape: number[]; values: number[] } | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return null;
  const size = IDX_TYPES[bytes[2]];
  if (size === undefined) return null;
  const ndim = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * ndim) return null;
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const n = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * ndim;
  if (bytes.length - start !== n * size) return null;
  const read = [
    (o: number) => bytes[2] === 0x08 ? view.getUint8(o) : view.getInt8(o),
    (o: number) => view.getInt16(o),
    null,
    (o: number) => bytes[2] === 0x0c ? view.getInt32(o) : view.getFloat32(o),
    null,
    null,
    null,
    (o: number) => view.getFloat64(o),
  ][size - 1]!;
  return { shape, values: Array.from({ length: n }, (_, i) => read(start + i * size)) };
}

const idxFileArb = fc.record({
  code: fc.oneof(
    fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e),
    fc.integer({ min: 0, max: 255 }),
  ),
  shape: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
  seed: fc.nat(),
}).map(({ code, shape, seed }) => {
  const n = shape.reduce((a, b) => a * b, 1) * (IDX_TYPES[code] ?? 1);
  const bytes = new Uint8Array(4 + 4 * shape.length + n);
  bytes.set([0, 0, code, shape.length]);
  shape.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d));
  for (let i = 0; i < n; i++) bytes[4 + 4 * shape.length + i] = (seed + 31 * i) & 255;
  return bytes;
});

const idxMutationArb = fc.oneof(
  byteMutationArb.filter((m) => m.kind !== "lengthField"),
  // A huge declared dimension (2^32 - 1 and friends) in a small file.
  fc.record({
    kind: fc.constant("dim"),
    at: fc.nat(),
    value: fc.constantFrom(0xffffffff, 0x7fffffff, 65536, 1 << 24),
  }),
  fc.record({ kind: fc.constant("ndim"), value: fc.integer({ min: 0, max: 255 }) }),
);

function mutateIdx(bytes: Uint8Array, m: Record<string, unknown>): Uint8Array {
  if (m.kind === "dim" && bytes.length >= 8 && bytes[3] > 0) {
    const out = bytes.slice();
    const d = (m.at as number) % Math.min(bytes[3], Math.floor((out.length - 4) / 4));
    new DataView(out.buffer).setUint32(4 + 4 * d, m.value as number);
    return out;
  }
  if (m.kind === "ndim" && bytes.length >= 4) {
    const out = bytes.slice();
    out[3] = m.value as number;
    return out;
  }
  return mutateBytes(bytes, m);
}

const idxInputArb = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 4, arbitrary: fc.tuple(idxFileArb, idxMutationArb).map(([b, m]) => mutateIdx(b, m)) },
);

function checkIdxResult(bytes: Uint8Array, data: { shape: number[]; data: ArrayLike<number> }) {
  const expected = readIdx(bytes);
  assert.ok(expected !== null, "decoded a file that is not well-formed IDX");
  assert.deepEqual(data.shape, expected.shape);
  assert.deepEqual(Array.from(data.data), expected.values);
}

Deno.test("fuzz: parseIdx() gives typed errors or exactly the items of a well-formed file", () => {
  fc.assert(
    fc.property(idxInputArb, (bytes) => {
      let result;
      try {
        result = parseIdx(bytes);
      } catch (error) {
        assertTyped(error, /^Cannot parse IDX in parseIdx\(\): /);
        assert.equal(readIdx(bytes), null, "refused a well-formed file");
        return;
      }
      checkIdxResult(bytes, result);
    }),
    params("parseIdx", RUNS * 4),
  );
});

/** Bytes the header of `raw` declares for the whole file (header included), or 0. */
function declaredBytes(raw: Uint8Array): number {
  if (raw.length < 4 || IDX_TYPES[raw[2]] === undefined) return 0;
  const ndim = raw[3];
  if (raw.length < 4 + 4 * ndim) return 0;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let n = IDX_TYPES[raw[2]];
  for (let i = 0; i < ndim; i++) n *= view.getUint32(4 + 4 * i);
  return 4 + 4 * ndim + n;
}

// DecompressionStream inflates one 4 KiB input chunk at a time: at most ~4 MiB at once.
const INFLATE_SLACK = 8 << 20;

Deno.test("fuzz: decodeIdx() on gzip agrees with parseIdx() on the raw bytes, with bounded inflation", async () => {
  await fc.assert(
    fc.asyncProperty(
      idxInputArb,
      fc.option(fc.integer({ min: 0, max: 1 << 16 })),
      async (raw, maxBytes) => {
        const gz = await gzip(raw);
        const options = maxBytes === null ? {} : { maxBytes };
        const { result, inflated } = await countInflated(() => decodeIdx(gz, options));
        const declared = declaredBytes(raw);
        assert.ok(
          inflated <= Math.min(declared, maxBytes ?? Infinity) + INFLATE_SLACK,
          `inflated ${inflated} bytes for a header declaring ${declared}`,
        );
        if (result.status === "rejected") {
          assertTyped(result.reason, /^Cannot decode IDX in decodeIdx\(\): /);
          if (readIdx(raw) !== null) {
            assert.ok(raw.length > (maxBytes ?? Infinity), "refused a good file");
          }
          return;
        }
        checkIdxResult(raw, result.value);
      },
    ),
    params("decodeIdx (gzip of mutated IDX)", RUNS),
  );
});

Deno.test("fuzz: decodeIdx() refuses damaged gzip streams with a typed error", async () => {
  await fc.assert(
    fc.asyncProperty(idxFileArb, byteMutationArb, async (raw, m) => {
      const gz = mutateBytes(await gzip(raw), m);
      const { result, inflated } = await countInflated(() => decodeIdx(gz));
      assert.ok(inflated <= declaredBytes(raw) + INFLATE_SLACK, `inflated ${inflated} bytes`);
      if (result.status === "rejected") {
        assertTyped(result.reason, /^Cannot (decode|decompress|parse) IDX in decodeIdx\(\): /);
        return;
      }
      // A damaged stream that still inflates (a flipped bit in the header's time
      // stamp): the items must be what the inflated bytes say.
      const inflatedBytes = gz[0] === 0x1f && gz[1] === 0x8b
        ? new Uint8Array(
          await new Response(
            new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
              new DecompressionStream("gzip"),
            ),
          )
            .arrayBuffer(),
        )
        : gz;
      checkIdxResult(inflatedBytes, result.value);
    }),
    params("decodeIdx (damaged gzip)", RUNS),
  );
});

Deno.test("fuzz: decodeIdx() keeps decompression bombs to their declared size", async () => {
  const prefixArb = fc.oneof(
    idxFileArb.map((b) => b.subarray(0, 4 + 4 * b[3])), // a header whose data is all zeros
    fc.uint8Array({ maxLength: 12 }),
  );
  await fc.assert(
    fc.asyncProperty(
      prefixArb,
      fc.integer({ min: 0, max: 16 << 20 }),
      fc.option(fc.integer({ min: 0, max: 1 << 20 })),
      async (prefix, zeros, maxBytes) => {
        const bomb = await gzipBomb(prefix, zeros);
        const options = maxBytes === null ? {} : { maxBytes };
        const { result, inflated } = await countInflated(() => decodeIdx(bomb, options));
        const declared = declaredBytes(prefix);
        assert.ok(
          inflated <= Math.min(declared, maxBytes ?? Infinity) + INFLATE_SLACK,
          `inflated ${inflated} of ${prefix.length + zeros} bytes (declared ${declared})`,
        );
        if (result.status === "rejected") {
          assertTyped(result.reason, /^Cannot decode IDX in decodeIdx\(\): /);
        } else {
          assert.equal(result.value.data.length * IDX_TYPES[prefix[2]], zeros);
        }
      },
    ),
    params("decodeIdx (bombs)", Math.max(4, Math.ceil(RUNS / 25))),
  );
});

// ---------------------------------------------------------------- state dicts

const KEYS = ["0.weight", "0.bias", "2.weight", "2.bias"];
const SHAPES: Record<string, number[]> = {
  "0.weight": [3, 2],
  "0.bias": [3],
  "2.weight": [1, 3],
  "2.bias": [1],
};

const valueArb = (key: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant("good") },
    { weight: 1, arbitrary: fc.constantFrom("float64", "int32", "bool", "wrongShape", "scalar") },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(1, "w", null, undefined, {}, [], [1, 2]) },
  ).map((v) => {
    const shape = Object.hasOwn(SHAPES, key) ? SHAPES[key] : [1];
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => i + 0.5);
    switch (v) {
      case "good":
        return tensor(values).reshape(shape);
      case "float64":
        return tensor(values, { dtype: "float64" }).reshape(shape);
      case "int32":
        return tensor(values, { dtype: "int32" }).reshape(shape);
      case "bool":
        return tensor(values.map((x) => x > 1)).reshape(shape);
      case "wrongShape":
        return tensor([...values, 1]);
      case "scalar":
        return tensor(1);
      default:
        return v;
    }
  });

/** A dict as a careless or hostile caller may build it. */
const dictArb = fc.tuple(
  fc.subarray(KEYS),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE_NAMES, "0.weight.x", "1.weight"), nameArb), {
    maxLength: 3,
  }),
  fc.constantFrom("plain", "nullProto", "json", "inheriting"),
).chain(([keys, extra, how]) =>
  fc.tuple(
    fc.tuple(...keys.map((k) => valueArb(k).map((v) => [k, v] as const))),
    fc.tuple(...extra.map((k) => valueArb(k).map((v) => [k, v] as const))),
    fc.constant(how),
  )
).map(([own, extra, how]) => {
  const entries = [...own, ...extra];
  let dict: Record<string, unknown>;
  if (how === "nullProto") dict = Object.create(null);
  else if (how === "inheriting") {
    // Keys on the prototype are not the dict's: they must count as missing.
    dict = Object.create(Object.fromEntries(KEYS.map((k) => [k, tensor(0).expand(SHAPES[k])])));
  } else dict = {};
  for (const [k, v] of entries) {
    Object.defineProperty(dict, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { dict, entries };
});

Deno.test("fuzz: loadStateDict() loads exactly the given tensors, or throws and changes nothing", () => {
  fc.assert(
    fc.property(dictArb, fc.boolean(), ({ dict }, strict) => {
      const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
      const before = Object.fromEntries(
        Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone().toArray()]),
      );
      let result;
      try {
        result = model.loadStateDict(dict as Record<string, Tensor>, { strict });
      } catch (error) {
        assert.ok(error instanceof Error, String(error));
        assert.match(
          error.message,
          /^Cannot load the state dict into Sequential in loadStateDict\(\): /,
        );
        assert.ok(!error.message.includes("\n"));
        const after = model.stateDict();
        for (const [k, t] of Object.entries(after)) {
          assert.deepEqual(t.toArray(), before[k], `${k} changed`);
        }
        return;
      }
      const after = model.stateDict();
      for (const k of KEYS) {
        if (Object.hasOwn(dict, k)) {
          const given = (dict[k] as Tensor).to("float32").toArray();
          assert.deepEqual(after[k].toArray(), given, k);
        } else {
          assert.deepEqual(after[k].toArray(), before[k], `${k} changed without being given`);
        }
      }
      const own = Object.keys(dict);
      if (strict) assert.deepEqual(own.sort(), [...KEYS].sort());
      else {
        assert.deepEqual(result.missingKeys.sort(), KEYS.filter((k) => !own.includes(k)).sort());
        assert.deepEqual(result.unexpectedKeys.sort(), own.filter((k) => !KEYS.includes(k)).sort());
      }
    }),
    params("Module.loadStateDict", RUNS * 2),
  );
});

/** Optimizer state dicts as a file would give them back: JSON-shaped, hostile keys included. */
const optimizerDictArb = fc.record({
  groups: fc.oneof(
    fc.constant<unknown>("good"),
    fc.constantFrom<unknown>(
      null,
      1,
      [],
      [null],
      [{}],
      [{ params: [0, 1], lr: -1 }],
      [{ params: [0, 1], lr: "0.1" }],
      [{ params: [0, 1], learningRate: 0.1 }],
      [{ params: [0] }],
      [{ params: [0, 1], __proto__: { lr: 1e9 } }], // inherits lr
      JSON.parse('[{ "params": [0, 1], "__proto__": { "lr": 1e9 } }]'), // an own key
    ),
  ),
  stateKey: fc.oneof(fc.constantFrom("0", "1", "2", "-1", "x"), nameArb),
  stateValue: fc.constantFrom<unknown>(
    "good",
    null,
    1,
    [],
    { __proto__: { step: 99 } },
    JSON.parse('{ "__proto__": { "step": 99 } }'),
    { step: "x" },
  ),
});

Deno.test("fuzz: Optimizer.loadStateDict() refuses hostile state dicts with typed errors", () => {
  fc.assert(
    fc.property(optimizerDictArb, ({ groups, stateKey, stateValue }) => {
      const w = tensor([1, 2], { requiresGrad: true });
      const b = tensor([3], { requiresGrad: true });
      const source = new Adam([w, b], { lr: 0.01 });
      w.square().sum().add(b.square().sum()).backward();
      source.step();
      const good = source.stateDict();
      const state: Record<string, unknown> = { ...good.state };
      Object.defineProperty(state, stateKey, {
        value: stateValue === "good" ? good.state[0] : stateValue,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      const given = { paramGroups: groups === "good" ? good.paramGroups : groups, state };
      const target = new Adam([
        tensor([0, 0], { requiresGrad: true }),
        tensor([0], { requiresGrad: true }),
      ]);
      try {
        target.loadStateDict(given as never);
      } catch (error) {
        assertTyped(error, /^Cannot load the state of Adam in loadStateDict\(\): /);
        return;
      }
      for (const group of target.paramGroups) {
        assert.equal(Object.getPrototypeOf(group), Object.prototype);
        assert.ok(Number.isFinite(group.lr) && group.lr >= 0);
        for (const k of Object.keys(group)) {
          assert.ok(["params", "initialLr", ...Object.keys(target.defaults)].includes(k), k);
        }
      }
      for (const s of target.state.values()) {
        assert.equal(Object.getPrototypeOf(s), Object.prototype);
      }
    }),
    params("Optimizer.loadStateDict", RUNS),
  );
});

// ---------------------------------------------------------------- command line

const FLAGS = {
  seed: { kind: "integer", default: 0, help: "seed" },
  epochs: { kind: "positive integer", default: 10, max: 1000, help: "epochs" },
  lr: { kind: "positive number", max: 10, help: "learning rate" },
  optimizer: { kind: "choice", choices: ["sgd", "adam"], default: "sgd", help: "optimizer" },
  data: { kind: "path", metavar: "DIR", help: "data" },
} as const;

const STRICT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const tokenArb = fc.oneof(
  fc.constantFrom(
    "--seed",
    "--epochs",
    "--lr",
    "--optimizer",
    "--data",
    "--help",
    "-h",
    "--bogus",
    "--",
    "-",
  ),
  fc.constantFrom(
    "0x10",
    "Infinity",
    "-Infinity",
    "NaN",
    "",
    " 1",
    "1e999",
    "1e300",
    "-0",
    "0b1",
    "1_000",
    "1e-3",
    ".5",
    "5.",
    "+3",
    "007",
    "9007199254740993",
    "sgd",
    "adam",
    "SGD",
  ),
  fc.stringMatching(/^[+-]?\d{0,4}(\.\d{0,3})?([eE][+-]?\d{1,3})?$/),
  fc.tuple(
    fc.constantFrom("--seed=", "--lr=", "--epochs=", "--data=", "--optimizer="),
    fc.string({ maxLength: 6 }),
  )
    .map(([a, b]) => a + b),
  fc.string({ unit: "binary", maxLength: 8 }),
);

Deno.test("fuzz: parseFlags() returns valid values or one UsageError line", () => {
  fc.assert(
    fc.property(fc.array(tokenArb, { maxLength: 8 }), (args) => {
      let parsed;
      try {
        parsed = parseFlags(args, FLAGS);
      } catch (error) {
        assert.ok(error instanceof UsageError, `not a UsageError: ${error}`);
        assert.ok(error.message.length > 0 && !error.message.includes("\n"), error.message);
        return;
      }
      if (parsed.help) return;
      assert.ok(Number.isSafeInteger(parsed.seed));
      assert.ok(Number.isSafeInteger(parsed.epochs) && parsed.epochs >= 1 && parsed.epochs <= 1000);
      if (parsed.lr !== undefined) assert.ok(parsed.lr > 0 && parsed.lr <= 10);
      assert.ok(["sgd", "adam"].includes(parsed.optimizer));
      if (parsed.data !== undefined) assert.ok(parsed.data.length > 0);
      // The value of --lr came from a token in decimal or exponent notation.
      const lrTokens = args.flatMap((a, i) =>
        a === "--lr" ? [args[i + 1]] : a.startsWith("--lr=") ? [a.slice(5)] : []
      );
      if (lrTokens.length > 0) {
        const last = lrTokens.at(-1)!;
        assert.match(last, STRICT_NUMBER);
        assert.equal(parsed.lr, Number(last));
      }
    }),
    params("parseFlags", RUNS * 4),
  );
});
