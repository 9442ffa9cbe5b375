/**
 * The XOR truth table, the classic problem a single neuron cannot learn.
 */
import { Random } from "../random/mod.ts";
import type { Dataset } from "./dataset.ts";
import { addNoise, checkArguments } from "./_validate.ts";
import { checkOptions } from "../tensor/mod.ts";

/** Options for {@linkcode makeXor}. */
export interface XorOptions {
  /**
   * Number of points; point `i` sits on corner `i % 4` of the table, so the
   * default is the table itself and larger counts keep the classes balanced.
   * @default 4
   */
  nSamples?: number;
  /**
   * Standard deviation of the Gaussian noise added to each coordinate.
   * @default 0
   */
  noise?: number;
  /**
   * Seed of the generator that draws the noise.
   * @default 0
   */
  seed?: number;
}

/** The corners of the unit square and `a XOR b` for each. */
const TABLE: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
];

/**
 * The XOR problem: points `(a, b)` on the corners of the unit square,
 * labelled `a XOR b`. By default the four rows of the truth table; with
 * `nSamples` and `noise`, clouds of noisy copies around the corners.
 *
 * @param options Number of points, noise and seed.
 * @returns The points `x` (rows of 2) and their labels `y`.
 * @example The truth table
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeXor } from "@nabla/autograd";
 * assert.deepEqual(makeXor(), {
 *   x: [[0, 0], [0, 1], [1, 0], [1, 1]],
 *   y: [0, 1, 1, 0],
 * });
 * ```
 * @example Noisy clouds
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeXor } from "@nabla/autograd";
 * const { x, y } = makeXor({ nSamples: 40, noise: 0.1, seed: 1 });
 * assert.equal(x.length, 40);
 * assert.equal(y.filter((label) => label === 1).length, 20);
 * ```
 */
export function makeXor(options: XorOptions = {}): Dataset {
  checkOptions("makeXor", options, ["nSamples", "noise", "seed"]);
  const { nSamples = 4, noise = 0, seed = 0 } = options;
  checkArguments("make XOR data in makeXor()", nSamples, noise, seed);
  const rows = Array.from({ length: nSamples }, (_, i) => TABLE[i % 4]);
  const x = rows.map(([a, b]) => [a, b]);
  addNoise(x, noise, new Random(seed));
  return { x, y: rows.map((row) => row[2]) };
}
