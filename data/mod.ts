/**
 * Data sets: scikit-learn's two moons and the XOR table as plain arrays
 * (`x` rows and `y` labels, seeded by the library's `Random`), and readers for
 * MNIST in the standard IDX format (plain or gzip) working on bytes, so they
 * run the same in Deno, Node and browsers; and `CharTokenizer`, the
 * character-level vocabulary of makemore and nanoGPT.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMoons, makeXor } from "@nabla/autograd/data";
 * const moons = makeMoons(200, { noise: 0.1, seed: 0 });
 * assert.equal(moons.x.length, 200);
 * assert.deepEqual(makeXor().y, [0, 1, 1, 0]);
 * ```
 *
 * @module
 */
export type { Dataset } from "./dataset.ts";
export { makeMoons, type MoonsOptions } from "./moons.ts";
export { makeXor, type XorOptions } from "./xor.ts";
export { decodeIdx, type IdxArray, type IdxData, parseIdx } from "./idx.ts";
export {
  loadMnistIdx,
  type MnistData,
  type MnistFiles,
  mnistFromDigits,
  type MnistFromDigitsOptions,
  type MnistSplit,
} from "./mnist.ts";
export { DataLoader, type DataLoaderOptions, TensorDataset } from "./loader.ts";
export { CharTokenizer, type CharTokenizerOptions } from "./tokenizer.ts";
