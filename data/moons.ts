/**
 * Two interleaving half circles, as scikit-learn's `make_moons` draws them.
 */
import { Random } from "../random/mod.ts";
import type { Dataset } from "./dataset.ts";
import { addNoise, checkArguments } from "./_validate.ts";
import { checkOptions } from "../tensor/mod.ts";

/** Options for {@linkcode makeMoons}. */
export interface MoonsOptions {
  /**
   * Standard deviation of the Gaussian noise added to each coordinate.
   * @default 0
   */
  noise?: number;
  /**
   * Seed of the generator that shuffles the samples and draws the noise.
   * @default 0
   */
  seed?: number;
  /**
   * Whether to shuffle the samples; if not, the outer moon (label 0) comes
   * first, then the inner moon (label 1).
   * @default true
   */
  shuffle?: boolean;
}

/**
 * Two interleaving half circles in 2-D, a small binary classification problem
 * that no straight line can separate.
 *
 * It follows scikit-learn's `make_moons`: `floor(nSamples / 2)` points on the
 * outer moon `(cos t, sin t)` with label 0, the rest on the inner moon
 * `(1 - cos t, 0.5 - sin t)` with label 1, `t` evenly spaced over `[0, π]`;
 * then the samples are shuffled and Gaussian noise is added. Without noise and
 * shuffling the points equal scikit-learn's; the shuffle and the noise come
 * from this library's {@linkcode Random}, so they differ from NumPy's.
 *
 * @param nSamples Total number of points, a positive integer.
 * @param options Noise, seed and shuffling.
 * @returns The points `x` (`nSamples` rows of 2) and their labels `y`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMoons } from "@nabla/autograd";
 * const { x, y } = makeMoons(100, { noise: 0.1, seed: 42 });
 * assert.equal(x.length, 100);
 * assert.equal(x[0].length, 2);
 * assert.equal(y.filter((label) => label === 1).length, 50);
 * ```
 */
export function makeMoons(nSamples: number, options: MoonsOptions = {}): Dataset {
  checkOptions("makeMoons", options, ["noise", "seed", "shuffle"]);
  const { noise = 0, seed = 0, shuffle = true } = options;
  checkArguments("make moons in makeMoons()", nSamples, noise, seed);
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  let x: number[][] = [];
  let y: number[] = [];
  for (const t of linspace(0, Math.PI, nOut)) {
    x.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (const t of linspace(0, Math.PI, nIn)) {
    x.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }
  const rng = new Random(seed);
  if (shuffle) {
    const order = rng.shuffle(Array.from({ length: nSamples }, (_, i) => i));
    x = order.map((i) => x[i]);
    y = order.map((i) => y[i]);
  }
  addNoise(x, noise, rng);
  return { x, y };
}

// NumPy's linspace: i·step + start, with the last point set to `stop` exactly.
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const points = Array.from({ length: num }, (_, i) => i * step + start);
  if (num > 1) points[num - 1] = stop;
  else if (num === 1) points[0] = start;
  return points;
}
