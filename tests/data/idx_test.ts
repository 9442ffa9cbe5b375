import assert from "node:assert/strict";
import { decodeIdx, parseIdx } from "../../data/mod.ts";
import { countInflated, gzip, gzipBomb } from "./_gzip.ts";

// Fashion-MNIST as Debian packages it: `apt-get install -y dataset-fashion-mnist`.
const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
const HAS_FASHION = exists(`${FASHION_DIR}/train-images-idx3-ubyte.gz`);

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** An IDX file: header for `code` and `shape`, then `items` written by `write` big-endian. */
function idx(
  code: number,
  shape: number[],
  items: number[],
  size: number,
  write: (view: DataView, offset: number, value: number) => void,
): Uint8Array {
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + items.length * size);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, code, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  items.forEach((v, i) => write(view, header + i * size, v));
  return bytes;
}

function ubyte(shape: number[], items: number[]): Uint8Array {
  return idx(0x08, shape, items, 1, (v, o, x) => v.setUint8(o, x));
}

const CASES = [
  {
    name: "0x08 ubyte",
    file: ubyte([2, 3], [0, 1, 127, 128, 254, 255]),
    type: Uint8Array,
    values: [0, 1, 127, 128, 254, 255],
  },
  {
    name: "0x09 byte",
    file: idx(0x09, [4], [-128, -1, 0, 127], 1, (v, o, x) => v.setInt8(o, x)),
    type: Int8Array,
    values: [-128, -1, 0, 127],
  },
  {
    name: "0x0B short",
    file: idx(0x0b, [2, 2], [-32768, -2, 258, 32767], 2, (v, o, x) => v.setInt16(o, x, false)),
    type: Int16Array,
    values: [-32768, -2, 258, 32767],
  },
  {
    name: "0x0C int",
    file: idx(0x0c, [3], [-(2 ** 31), 16909060, 2 ** 31 - 1], 4, (v, o, x) => v.setInt32(o, x)),
    type: Int32Array,
    values: [-(2 ** 31), 16909060, 2 ** 31 - 1],
  },
  {
    name: "0x0D float",
    file: idx(0x0d, [1, 3], [1.5, -0.25, 3.4e38], 4, (v, o, x) => v.setFloat32(o, x)),
    type: Float32Array,
    values: [1.5, -0.25, Math.fround(3.4e38)],
  },
  {
    name: "0x0E double",
    file: idx(0x0e, [2], [Math.PI, -1e-300], 8, (v, o, x) => v.setFloat64(o, x)),
    type: Float64Array,
    values: [Math.PI, -1e-300],
  },
];

Deno.test("parseIdx() decodes each item type big-endian", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const { shape, data } = parseIdx(c.file);
      assert.ok(data instanceof c.type, `got ${data.constructor.name}`);
      assert.deepEqual(shape.reduce((a, b) => a * b, 1), c.values.length);
      assert.deepEqual([...data], c.values);
    });
  }
});

Deno.test("parseIdx() reads the shape from the header", () => {
  assert.deepEqual(parseIdx(ubyte([2, 1, 3], [1, 2, 3, 4, 5, 6])).shape, [2, 1, 3]);
  assert.deepEqual(parseIdx(ubyte([], [9])), { shape: [], data: new Uint8Array([9]) });
  assert.deepEqual(parseIdx(ubyte([0, 28, 28], [])).data.length, 0);
});

Deno.test("parseIdx() reads a view into a larger buffer and returns its own copy", () => {
  const file = CASES[3].file;
  const big = new Uint8Array(file.length + 7);
  big.set(file, 5);
  const view = big.subarray(5, 5 + file.length);
  const { data } = parseIdx(view);
  assert.deepEqual([...data], CASES[3].values);

  const bytes = ubyte([3], [1, 2, 3]);
  const parsed = parseIdx(bytes).data;
  parsed[0] = 99;
  assert.equal(bytes[8], 1, "the input must not be modified through the result");
});

Deno.test("decodeIdx() gunzips compressed files and passes raw ones through", async () => {
  for (const c of CASES) {
    const raw = await decodeIdx(c.file);
    const unzipped = await decodeIdx(await gzip(c.file));
    assert.deepEqual(unzipped, raw, c.name);
    assert.deepEqual([...unzipped.data], c.values, c.name);
  }
});

Deno.test("decodeIdx() rejects corrupt gzip data", async () => {
  const gz = await gzip(ubyte([4], [1, 2, 3, 4]));
  const truncated = gz.subarray(0, gz.length - 6);
  await assert.rejects(decodeIdx(truncated), {
    name: "TypeError",
    message: /^Cannot decompress IDX in decodeIdx\(\): invalid gzip data/,
  });
  const garbled = gz.slice();
  garbled[12] ^= 0xff;
  await assert.rejects(decodeIdx(garbled), { name: "TypeError", message: /decodeIdx\(\)/ });
});

Deno.test("decodeIdx() checks a gzip file's header from its first inflated bytes", async () => {
  // 64 MiB of zeros after a header with an unknown type code: refused from the first chunk.
  const bomb = await gzipBomb(new Uint8Array([0, 0, 0x00, 1]), 64 << 20);
  const { result, inflated } = await countInflated(() => decodeIdx(bomb));
  assert.equal(result.status, "rejected");
  assert.match(String((result as PromiseRejectedResult).reason), /unknown type code 0x00/);
  assert.ok(inflated < 16 << 20, `inflated ${inflated} bytes of a 64 MiB bomb`);
});

Deno.test("decodeIdx() stops inflating at the size the header declares", async () => {
  // A valid header for 10 bytes, then 64 MiB of zeros.
  const bomb = await gzipBomb(ubyte([10], new Array(10).fill(1)), 64 << 20);
  const { result, inflated } = await countInflated(() => decodeIdx(bomb));
  assert.equal(result.status, "rejected");
  const reason = (result as PromiseRejectedResult).reason;
  assert.equal(reason.name, "RangeError");
  assert.match(
    reason.message,
    /^Cannot decode IDX in decodeIdx\(\): unexpected bytes after the data: shape \[10\] of ubyte/,
  );
  assert.ok(inflated < 16 << 20, `inflated ${inflated} bytes of a 64 MiB bomb`);
});

Deno.test("decodeIdx() refuses a declared size above maxBytes before allocating it", async () => {
  // [65535, 65535, 65535] ubyte declares 2.8e14 bytes; the file itself is tiny.
  const huge = new Uint8Array([0, 0, 0x08, 3, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0]);
  const { result, inflated } = await countInflated(() => decodeIdx(huge));
  assert.equal(result.status, "rejected"); // not gzip: refused by the raw length check
  const gz = await gzip(huge);
  const zipped = await countInflated(() => decodeIdx(gz));
  assert.equal(zipped.result.status, "rejected");
  assert.match(
    String((zipped.result as PromiseRejectedResult).reason),
    /RangeError: Cannot decode IDX in decodeIdx\(\): the header declares 281462092005391 bytes, more than maxBytes 1073741824; pass a larger \{ maxBytes \}/,
  );
  assert.equal(inflated, 0);
  const file = ubyte([100], new Array(100).fill(7));
  await assert.rejects(decodeIdx(await gzip(file), { maxBytes: 103 }), {
    name: "RangeError",
    message: /the header declares 108 bytes, more than maxBytes 103/,
  });
  await assert.rejects(decodeIdx(file, { maxBytes: 103 }), {
    name: "RangeError",
    message: /the file has 108 bytes, more than maxBytes 103/,
  });
  assert.equal((await decodeIdx(await gzip(file), { maxBytes: 108 })).data.length, 100);
  await assert.rejects(decodeIdx(file, { maxBytes: -1 }), { name: "RangeError" });
  await assert.rejects(decodeIdx(file, { maxbytes: 10 } as never), {
    name: "TypeError",
    message: /decodeIdx\(\): unknown option "maxbytes" \(accepted: maxBytes\)/,
  });
});

Deno.test("decodeIdx() reports truncated gzip data against the declared shape", async () => {
  const file = ubyte([10], new Array(10).fill(1));
  await assert.rejects(decodeIdx(await gzip(file.subarray(0, 15))), {
    name: "RangeError",
    message: "Cannot decode IDX in decodeIdx(): truncated data: shape [10] of ubyte needs " +
      "10 bytes, got 7",
  });
  await assert.rejects(decodeIdx(await gzip(new Uint8Array([0, 0]))), {
    name: "RangeError",
    message: /truncated header: need at least 4 bytes, got 2/,
  });
});

Deno.test("parseIdx() rejects a wrong magic number or an unknown type code", () => {
  assert.throws(() => parseIdx(new Uint8Array([0, 1, 0x08, 1, 0, 0, 0, 0])), {
    name: "TypeError",
    message:
      "Cannot parse IDX in parseIdx(): wrong magic number: the first two bytes must be 0x00 0x00, got 0x00 0x01",
  });
  // A gzip file handed to parseIdx() instead of decodeIdx().
  assert.throws(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0])), {
    name: "TypeError",
    message: /wrong magic number.*got 0x1F 0x8B/,
  });
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0])), {
    name: "TypeError",
    message: "Cannot parse IDX in parseIdx(): unknown type code 0x0A, expected one of " +
      "0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)",
  });
});

Deno.test("parseIdx() rejects a truncated header", () => {
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8])), {
    name: "RangeError",
    message: "Cannot parse IDX in parseIdx(): truncated header: need at least 4 bytes, got 3",
  });
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0])), {
    name: "RangeError",
    message: "Cannot parse IDX in parseIdx(): truncated header: 3 dimensions need 16 bytes, got 10",
  });
});

Deno.test("parseIdx() rejects truncated data or bytes after it, with both byte counts", () => {
  const file = CASES[2].file; // short [2, 2]: 8 data bytes
  assert.throws(() => parseIdx(file.subarray(0, file.length - 1)), {
    name: "RangeError",
    message:
      "Cannot parse IDX in parseIdx(): truncated data: shape [2, 2] of short needs 8 bytes, got 7",
  });
  const longer = new Uint8Array(file.length + 2);
  longer.set(file);
  assert.throws(() => parseIdx(longer), {
    name: "RangeError",
    message:
      "Cannot parse IDX in parseIdx(): unexpected bytes after the data: shape [2, 2] of short needs 8 bytes, got 10",
  });
});

Deno.test("parseIdx() and decodeIdx() reject input that is not a Uint8Array", async () => {
  const notBytes = [1, 2, 3] as unknown as Uint8Array;
  assert.throws(() => parseIdx(notBytes), {
    name: "TypeError",
    message: "Cannot parse IDX in parseIdx(): expected a Uint8Array, got Array",
  });
  await assert.rejects(decodeIdx(new ArrayBuffer(8) as unknown as Uint8Array), {
    name: "TypeError",
    message: "Cannot parse IDX in decodeIdx(): expected a Uint8Array, got ArrayBuffer",
  });
});

Deno.test({
  name: "decodeIdx() reads Debian's Fashion-MNIST files",
  ignore: !HAS_FASHION,
  fn: async () => {
    const images = await decodeIdx(await Deno.readFile(`${FASHION_DIR}/t10k-images-idx3-ubyte.gz`));
    assert.deepEqual(images.shape, [10000, 28, 28]);
    assert.ok(images.data instanceof Uint8Array);
    const labels = await decodeIdx(await Deno.readFile(`${FASHION_DIR}/t10k-labels-idx1-ubyte.gz`));
    assert.deepEqual(labels.shape, [10000]);
    const counts = new Array(10).fill(0);
    for (const label of labels.data) counts[label]++;
    assert.deepEqual(counts, new Array(10).fill(1000));
  },
});
