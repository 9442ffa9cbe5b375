// Argument checks and noise shared by the generators (private to data/).
import type { Random } from "../random/mod.ts";

/** Checks the options every generator shares; `where` reads like "make moons in makeMoons()". */
export function checkArguments(where: string, nSamples: number, noise: number, seed: number): void {
  if (!Number.isInteger(nSamples) || nSamples < 1) {
    throw new RangeError(`Cannot ${where}: nSamples must be a positive integer, got ${nSamples}`);
  }
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
    throw new RangeError(`Cannot ${where}: noise must be a finite number >= 0, got ${noise}`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`Cannot ${where}: seed must be an integer, got ${seed}`);
  }
}

/** Adds N(0, noise²) to every coordinate in place, row by row, as NumPy fills an array. */
export function addNoise(x: number[][], noise: number, rng: Random): void {
  if (noise === 0) return;
  for (const row of x) {
    for (let j = 0; j < row.length; j++) row[j] += rng.normal(0, noise);
  }
}
