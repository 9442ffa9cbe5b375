import assert from "node:assert/strict";
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from "../../io/mod.ts";
import fixture from "../fixtures/safetensors.json" with { type: "json" };

const FIXTURE_URL = new URL("../fixtures/tensors.safetensors", import.meta.url);

/** A file from a header (JSON text, used as is) and `data` bytes (or that many zero bytes). */
function file(header: string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const payload = typeof data === "number" ? new Uint8Array(data) : data;
  const bytes = new Uint8Array(8 + json.length + payload.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(payload, 8 + json.length);
  return bytes;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fromFixture(dtype: string, values: (number | string)[]): SafetensorsTensor["data"] {
  const numbers = values.map((v) => typeof v === "number" ? v : Number(v));
  switch (dtype) {
    case "F32":
      return Float32Array.from(numbers);
    case "F64":
      return Float64Array.from(numbers);
    case "I32":
      return Int32Array.from(numbers);
    case "I64":
      return BigInt64Array.from(values, (v) => BigInt(v));
    case "F16":
    case "BF16":
    case "U16":
      return Uint16Array.from(numbers);
    case "I16":
      return Int16Array.from(numbers);
    case "I8":
      return Int8Array.from(numbers);
    case "U8":
    case "BOOL":
      return Uint8Array.from(numbers);
    default:
      throw new Error(`unknown dtype ${dtype}`);
  }
}

// The byte layouts asserted by the reference implementation's own tests (safetensors/src/tensor.rs).
Deno.test("encodeSafetensors() writes the reference implementation's bytes", async (t) => {
  const six = new Float32Array([0, 1, 2, 3, 4, 5]);
  await t.step("one F32 tensor, header already a multiple of 8", () => {
    const out = encodeSafetensors({ "attn.0": { dtype: "F32", shape: [1, 2, 3], data: six } });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    assert.equal(header.length, 64);
    assert.deepEqual(out, file(header, bytesOf(six)));
  });
  await t.step("header padded with spaces", () => {
    const out = encodeSafetensors({ attn0: { dtype: "F32", shape: [1, 1, 2, 3], data: six } });
    const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ';
    assert.equal(header.length, 72);
    assert.deepEqual(out, file(header, bytesOf(six)));
  });
  await t.step("no tensors", () => {
    assert.deepEqual(encodeSafetensors({}), file("{}      "));
    assert.deepEqual(
      encodeSafetensors({}, { framework: "pt" }),
      file('{"__metadata__":{"framework":"pt"}}     '),
    );
  });
});

Deno.test("encodeSafetensors() orders tensors by dtype alignment, then name by code point", () => {
  const one = <T>(make: (n: number) => T) => make(1);
  const out = encodeSafetensors({
    "b32": { dtype: "I32", shape: [1], data: one((n) => new Int32Array(n)) },
    "a32": { dtype: "I32", shape: [1], data: one((n) => new Int32Array(n)) },
    "f": { dtype: "F32", shape: [1], data: one((n) => new Float32Array(n)) },
    "d": { dtype: "F64", shape: [1], data: one((n) => new Float64Array(n)) },
    "z64": { dtype: "I64", shape: [1], data: one((n) => new BigInt64Array(n)) },
    "x\u{1F600}": { dtype: "I32", shape: [1], data: one((n) => new Int32Array(n)) },
    "x\uFB01": { dtype: "I32", shape: [1], data: one((n) => new Int32Array(n)) },
  });
  assert.deepEqual(Object.keys(decodeSafetensors(out).tensors), [
    "z64",
    "d",
    "f",
    "a32",
    "b32",
    "x\uFB01",
    "x\u{1F600}",
  ]);
});

Deno.test("decodeSafetensors() reads the Python fixture", async () => {
  const bytes = await Deno.readFile(FIXTURE_URL);
  assert.equal(bytes.length, fixture.size);
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual(metadata, fixture.metadata);
  assert.deepEqual(Object.keys(tensors), fixture.order);
  for (const [name, expected] of Object.entries(fixture.tensors)) {
    const tensor = tensors[name];
    assert.equal(tensor.dtype, expected.dtype, name);
    assert.deepEqual(tensor.shape, expected.shape, name);
    assert.deepEqual(tensor.data, fromFixture(expected.dtype, expected.values), name);
  }
  assert.ok(Object.is(tensors.double.data[1], -0));
  assert.ok(Number.isNaN(tensors.special.data[2]));
  assert.equal(tensors.big.data[2], 2n ** 53n + 1n);
});

Deno.test("encodeSafetensors() reproduces the Python fixture byte for byte", async () => {
  const bytes = await Deno.readFile(FIXTURE_URL);
  const decoded = decodeSafetensors(bytes);
  assert.deepEqual(encodeSafetensors(decoded.tensors, decoded.metadata), bytes);
  // Built from the expected values, inserted in reverse order: the layout does not depend on it.
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(fixture.tensors).reverse()) {
    tensors[name] = {
      dtype: t.dtype,
      shape: t.shape,
      data: fromFixture(t.dtype, t.values),
    } as SafetensorsTensor;
  }
  const metadata = Object.fromEntries(Object.entries(fixture.metadata).reverse());
  assert.deepEqual(encodeSafetensors(tensors, metadata), bytes);
});

Deno.test("decodeSafetensors() inverts encodeSafetensors(), and re-encoding is stable", () => {
  // Views into larger buffers, not starting at byte 0.
  const f64 = new Float64Array(10).map((_, i) => Math.sin(i) * 1e10);
  const i64 = new BigInt64Array([-1n, 2n ** 62n, -(2n ** 63n), 12345678901234567n]);
  const tensors: Record<string, SafetensorsTensor> = {
    weight: { dtype: "F32", shape: [2, 3], data: new Float32Array([1, -2, 0.5, 1e-8, 3e38, -0]) },
    bias: { dtype: "F32", shape: [3], data: new Float32Array(8).fill(0.25).subarray(5) },
    moments: { dtype: "F64", shape: [2, 2], data: f64.subarray(3, 7) },
    steps: { dtype: "I64", shape: [2, 1], data: i64.subarray(1, 3) },
    labels: { dtype: "I32", shape: [5], data: new Int32Array([3, -1, 2 ** 31 - 1, 0, 9]) },
    scalar: { dtype: "F64", shape: [], data: new Float64Array([Math.E]) },
    empty: { dtype: "I32", shape: [3, 0], data: new Int32Array(0) },
  };
  const metadatas: (Record<string, string> | undefined)[] = [
    undefined,
    {},
    { epoch: "3", note: 'ünï\n"quoted"' },
  ];
  for (const metadata of metadatas) {
    const bytes = encodeSafetensors(tensors, metadata);
    const decoded = decodeSafetensors(bytes);
    assert.deepEqual(decoded.metadata, metadata);
    assert.equal(Object.keys(decoded.tensors).length, Object.keys(tensors).length);
    for (const [name, tensor] of Object.entries(tensors)) {
      assert.deepEqual(decoded.tensors[name], { ...tensor, data: tensor.data.slice() }, name);
      assert.equal(decoded.tensors[name].data.byteOffset, 0, "decoded data owns its buffer");
    }
    assert.deepEqual(encodeSafetensors(decoded.tensors, decoded.metadata), bytes);
  }
});

Deno.test("decodeSafetensors() reads a file at an unaligned offset of a larger buffer", () => {
  const bytes = encodeSafetensors({
    x: { dtype: "F64", shape: [3], data: new Float64Array([1.5, -2.5, 1e300]) },
  });
  const big = new Uint8Array(bytes.length + 10);
  big.set(bytes, 3);
  const { tensors } = decodeSafetensors(big.subarray(3, 3 + bytes.length));
  assert.deepEqual([...tensors.x.data], [1.5, -2.5, 1e300]);
});

Deno.test("decodeSafetensors() accepts any layout that tiles the buffer", () => {
  // Not the writer's order, and no padding: still a valid file.
  const header = '{"b":{"dtype":"I32","shape":[1],"data_offsets":[4,8]},' +
    '"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},' +
    '"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}';
  const { tensors, metadata } = decodeSafetensors(file(header, bytesOf(new Int32Array([7, 8]))));
  assert.equal(metadata, undefined);
  assert.deepEqual(Object.keys(tensors), ["a", "e", "b"]);
  assert.deepEqual([tensors.a.data[0], tensors.b.data[0]], [7, 8]);
});

function invalidUtf8(): Uint8Array {
  const bytes = file('{"x":1}');
  bytes[10] = 0xff; // the "x"
  return bytes;
}

const W = "Cannot decode safetensors in decodeSafetensors()";
const ENTRY = (dtype: string, shape: string, offsets: string) =>
  `{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;

Deno.test("decodeSafetensors() rejects damaged files with clear errors", async (t) => {
  const good = encodeSafetensors({
    a: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) },
    b: { dtype: "I32", shape: [1], data: new Int32Array([3]) },
  });
  const cases: [string, Uint8Array, string, RegExp | string][] = [
    [
      "fewer than 8 bytes",
      new Uint8Array(5),
      "RangeError",
      `${W}: truncated file: need 8 bytes for the header length, got 5`,
    ],
    [
      "header length beyond the file",
      good.subarray(0, 40),
      "RangeError",
      /header length \d+ exceeds the 32 bytes after it/,
    ],
    [
      "huge header length",
      new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 123, 125]),
      "RangeError",
      `${W}: header length 18446744073709551615 exceeds the 2 bytes after it (truncated file?)`,
    ],
    [
      "truncated data",
      good.subarray(0, good.length - 1),
      "RangeError",
      /tensor "b" has data_offsets \[8, 12\] but the data buffer holds only 11 bytes \(truncated file\?\)/,
    ],
    [
      "bytes after the data",
      concat(good, new Uint8Array(4)),
      "RangeError",
      `${W}: the tensors cover 12 bytes but the data buffer holds 16`,
    ],
    ["invalid UTF-8", invalidUtf8(), "TypeError", `${W}: the header is not valid UTF-8`],
    ["invalid JSON", file('{"a":'), "TypeError", /the header is not valid JSON \(/],
    [
      "header not an object",
      file("[1, 2]"),
      "TypeError",
      `${W}: the header must be a JSON object, got an array`,
    ],
    [
      "metadata not an object",
      file('{"__metadata__":"pt"}'),
      "TypeError",
      `${W}: __metadata__ must be an object, got "pt"`,
    ],
    [
      "metadata value not a string",
      file('{"__metadata__":{"epoch":3}}'),
      "TypeError",
      `${W}: __metadata__ values must be strings, got number 3 for "epoch"`,
    ],
    [
      "entry not an object",
      file('{"a":[1]}'),
      "TypeError",
      `${W}: tensor "a" must be an object, got an array`,
    ],
    [
      "missing dtype",
      file('{"a":{"shape":[1],"data_offsets":[0,4]}}', 4),
      "TypeError",
      `${W}: tensor "a" needs a string dtype, got undefined`,
    ],
    [
      "unsupported dtype",
      file(`{"h":${ENTRY("F8_E5M2", "[2]", "[0,4]")}}`, 4),
      "TypeError",
      `${W}: tensor "h" has unsupported dtype "F8_E5M2", expected one of I64, F64, F32, I32, BF16, F16, U16, I16, I8, U8, BOOL`,
    ],
    [
      "negative dimension",
      file(`{"a":${ENTRY("F32", "[-1]", "[0,4]")}}`, 4),
      "TypeError",
      `${W}: tensor "a" needs a shape of non-negative integers, got [-1]`,
    ],
    [
      "fractional dimension",
      file(`{"a":${ENTRY("F32", "[1.5]", "[0,4]")}}`, 4),
      "TypeError",
      /needs a shape of non-negative integers, got \[1.5\]/,
    ],
    [
      "three offsets",
      file(`{"a":${ENTRY("F32", "[1]", "[0,4,8]")}}`, 8),
      "TypeError",
      `${W}: tensor "a" needs data_offsets [begin, end] with 0 <= begin <= end, got [0,4,8]`,
    ],
    [
      "begin after end",
      file(`{"a":${ENTRY("F32", "[0]", "[4,0]")}}`, 4),
      "TypeError",
      /needs data_offsets \[begin, end\] with 0 <= begin <= end, got \[4,0\]/,
    ],
    [
      "byte count disagrees with dtype and shape",
      file(`{"a":${ENTRY("F64", "[2, 3]", "[0,24]")}}`, 24),
      "RangeError",
      `${W}: tensor "a" of dtype F64 and shape [2, 3] needs 48 bytes, but its data_offsets [0, 24] span 24`,
    ],
    [
      "offset out of range",
      file(`{"a":${ENTRY("I32", "[2]", "[4,12]")}}`, 8),
      "RangeError",
      /tensor "a" has data_offsets \[4, 12\] but the data buffer holds only 8 bytes/,
    ],
    [
      "overlapping tensors",
      file(`{"a":${ENTRY("I32", "[2]", "[0,8]")},"b":${ENTRY("I32", "[1]", "[4,8]")}}`, 8),
      "RangeError",
      `${W}: tensor "b" at data_offsets [4, 8] overlaps tensor "a" at [0, 8]`,
    ],
    [
      "gap between tensors",
      file(`{"a":${ENTRY("I32", "[1]", "[0,4]")},"b":${ENTRY("I32", "[1]", "[8,12]")}}`, 12),
      "RangeError",
      `${W}: bytes [4, 8) of the data buffer belong to no tensor`,
    ],
    [
      "data not starting at 0",
      file(`{"a":${ENTRY("I32", "[1]", "[4,8]")}}`, 8),
      "RangeError",
      `${W}: bytes [0, 4) of the data buffer belong to no tensor`,
    ],
  ];
  for (const [name, bytes, errorName, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => decodeSafetensors(bytes), { name: errorName, message });
    });
  }
  await t.step("not a Uint8Array", () => {
    assert.throws(() => decodeSafetensors(good.buffer as unknown as Uint8Array), {
      name: "TypeError",
      message: `${W}: expected a Uint8Array, got ArrayBuffer`,
    });
  });
});

const E = "Cannot encode safetensors in encodeSafetensors()";

Deno.test("encodeSafetensors() rejects invalid tensors and metadata with clear errors", async (t) => {
  const f32 = new Float32Array([1, 2, 3, 4]);
  const bad = (tensor: unknown) => ({ x: tensor }) as Record<string, SafetensorsTensor>;
  const cases: [string, () => unknown, string, string | RegExp][] = [
    [
      "unsupported dtype",
      () => encodeSafetensors(bad({ dtype: "U64", shape: [4], data: f32 })),
      "TypeError",
      `${E}: tensor "x" has unsupported dtype "U64", expected one of I64, F64, F32, I32, BF16, F16, U16, I16, I8, U8, BOOL`,
    ],
    [
      "data of the wrong type",
      () => encodeSafetensors(bad({ dtype: "F64", shape: [4], data: f32 })),
      "TypeError",
      `${E}: tensor "x" has dtype F64, so its data must be a Float64Array, got Float32Array`,
    ],
    [
      "plain array data",
      () => encodeSafetensors(bad({ dtype: "F32", shape: [2], data: [1, 2] })),
      "TypeError",
      /its data must be a Float32Array, got an array/,
    ],
    [
      "not a tensor",
      () => encodeSafetensors(bad(null)),
      "TypeError",
      `${E}: tensor "x" must be { dtype, shape, data }, got null`,
    ],
    [
      "shape and length disagree",
      () => encodeSafetensors(bad({ dtype: "F32", shape: [3], data: f32 })),
      "RangeError",
      `${E}: tensor "x" has shape [3] (3 elements) but 4 elements of data`,
    ],
    [
      "negative dimension",
      () => encodeSafetensors(bad({ dtype: "F32", shape: [-4], data: f32 })),
      "RangeError",
      `${E}: tensor "x" needs a shape of non-negative integers, got [-4]`,
    ],
    [
      "reserved name",
      () => encodeSafetensors({ __metadata__: { dtype: "F32", shape: [4], data: f32 } }),
      "TypeError",
      `${E}: "__metadata__" is reserved and cannot name a tensor`,
    ],
    [
      "lone surrogate in a name",
      () => encodeSafetensors({ "w\uD800": { dtype: "F32", shape: [4], data: f32 } }),
      "TypeError",
      /tensor name "w\\ud800" contains a lone surrogate/,
    ],
    [
      "non-string metadata",
      () => encodeSafetensors({}, { epoch: 3 } as unknown as Record<string, string>),
      "TypeError",
      `${E}: metadata values must be strings, got number 3 for "epoch"`,
    ],
    [
      "metadata not an object",
      () => encodeSafetensors({}, "pt" as unknown as Record<string, string>),
      "TypeError",
      `${E}: metadata must be an object of strings, got "pt"`,
    ],
    [
      "tensors not an object",
      () => encodeSafetensors(null as unknown as Record<string, SafetensorsTensor>),
      "TypeError",
      `${E}: tensors must be an object of named tensors`,
    ],
  ];
  for (const [name, fn, errorName, message] of cases) {
    await t.step(name, () => assert.throws(fn, { name: errorName, message }));
  }
});

Deno.test("decodeSafetensors() and encodeSafetensors() refuse BOOL bytes other than 0 and 1", () => {
  assert.throws(
    () => encodeSafetensors({ m: { dtype: "BOOL", shape: [2], data: new Uint8Array([1, 2]) } }),
    { name: "RangeError", message: /tensor "m" has dtype BOOL but its element 1 is 2/ },
  );
  const good = encodeSafetensors({
    m: { dtype: "BOOL", shape: [2], data: new Uint8Array([1, 0]) },
  });
  good[good.length - 1] = 3;
  assert.throws(() => decodeSafetensors(good), /element 1 is 3, not 0 or 1/);
});
