/**
 * A small seeded pseudo-random generator (xoshiro128**), shared by the scalar
 * and tensor engines so that every run with the same seed is reproducible.
 */

/**
 * A seeded pseudo-random number generator.
 *
 * It uses xoshiro128** (a 128-bit state, period 2^128 - 1), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. It is not a
 * cryptographic generator.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@nabla/autograd";
 * const a = new Random(42);
 * const b = new Random(42);
 * assert.equal(a.uniform(), b.uniform());
 * ```
 */
export class Random {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #spareNormal: number | null = null;

  /**
   * Creates a generator from an integer seed.
   * @param seed Any integer; the same seed always gives the same stream.
   * @example Seeding
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * assert.notEqual(new Random(1).uniform(), new Random(2).uniform());
   * ```
   */
  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * Restarts the stream from a seed.
   * @param seed Any integer.
   * @example Reseeding
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * const rng = new Random(7);
   * const first = rng.uniform();
   * rng.seed(7);
   * assert.equal(rng.uniform(), first);
   * ```
   */
  seed(seed: number): void {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`Cannot seed Random: seed must be an integer, got ${seed}`);
    }
    // NOTE: splitmix32 spreads the seed's bits so that seeds 0, 1, 2... start far apart.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
    this.#spareNormal = null;
  }

  /**
   * The next raw 32-bit unsigned integer.
   * @returns An integer in `[0, 2^32)`.
   * @example Raw bits
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * const u = new Random(3).nextUint32();
   * assert.ok(Number.isInteger(u) && u >= 0 && u < 2 ** 32);
   * ```
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /**
   * A uniform float in `[low, high)` with 53 random bits.
   * @param low Lower bound (inclusive).
   * @param high Upper bound (exclusive).
   * @returns A number in `[low, high)`.
   * @example Uniform draws
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * const x = new Random(0).uniform(-1, 1);
   * assert.ok(x >= -1 && x < 1);
   * ```
   */
  uniform(low = 0, high = 1): number {
    // 27 + 26 bits make one 53-bit mantissa, so every double in [0, 1) step 2^-53 can appear.
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    const u = (hi * 67108864 + lo) / 9007199254740992;
    return low + (high - low) * u;
  }

  /**
   * A normally distributed float (Box-Muller transform).
   * @param mean Mean of the distribution.
   * @param std Standard deviation.
   * @returns A sample from `N(mean, std²)`.
   * @example Normal draws
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * assert.ok(Number.isFinite(new Random(0).normal()));
   * ```
   */
  normal(mean = 0, std = 1): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return mean + std * z;
    }
    // NOTE: 1 - uniform() lies in (0, 1], so the logarithm is always finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.#spareNormal = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  /**
   * A uniform integer in `[low, high)`, without modulo bias.
   * @param low Lower bound (inclusive).
   * @param high Upper bound (exclusive), at most `low + 2^32`.
   * @returns An integer in `[low, high)`.
   * @example Dice
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * const d = new Random(5).integer(1, 7);
   * assert.ok(d >= 1 && d <= 6);
   * ```
   */
  integer(low: number, high: number): number {
    const range = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || range <= 0 || range > 2 ** 32) {
      throw new RangeError(
        `Cannot draw in integer(): need integers with 0 < high - low <= 2^32, got [${low}, ${high})`,
      );
    }
    // Reject draws from the incomplete last block so that every value is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % range);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return low + (u % range);
  }

  /**
   * Shuffles an array in place (Fisher-Yates).
   * @param items The array to shuffle.
   * @returns The same array, shuffled.
   * @example Shuffling
   * ```ts
   * import assert from "node:assert/strict";
   * import { Random } from "@nabla/autograd";
   * const xs = new Random(1).shuffle([1, 2, 3, 4]);
   * assert.deepEqual([...xs].sort(), [1, 2, 3, 4]);
   * ```
   */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
