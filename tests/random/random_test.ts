import assert from "node:assert/strict";
import { Random } from "../../mod.ts";

function draws(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((s, c) => s + c, 0) / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

Deno.test("Random() gives the same stream for the same seed", () => {
  const a = new Random(123);
  const b = new Random(123);
  const drawAll = (r: Random) => [
    ...draws(50, () => r.uniform()),
    ...draws(51, () => r.normal()),
    ...draws(50, () => r.integer(-5, 5)),
    ...r.shuffle([1, 2, 3, 4, 5, 6, 7, 8]),
  ];
  assert.deepEqual(drawAll(a), drawAll(b));
});

Deno.test("Random() keeps the xoshiro128** stream of each seed fixed", () => {
  // Computed with an independent Python transcription of splitmix32 seeding and
  // xoshiro128** (Blackman & Vigna). Changing these changes every seeded run.
  const expected: Record<number, number[]> = {
    0: [3809008728, 1133695204, 53579671, 2891528803, 139681546],
    42: [2837322924, 544945897, 479756282, 3500138142, 339756180],
    [-1]: [835879718, 1921286648, 2356205009, 1885780724, 980451116],
  };
  for (const [seed, values] of Object.entries(expected)) {
    const rng = new Random(Number(seed));
    assert.deepEqual(draws(5, () => rng.nextUint32()), values, `seed ${seed}`);
  }
  // uniform() joins 27 bits of one draw and 26 of the next.
  assert.equal(
    new Random(42).uniform(),
    ((2837322924 >>> 5) * 2 ** 26 + (544945897 >>> 6)) / 2 ** 53,
  );
});

Deno.test("Random() gives unrelated streams for nearby seeds", () => {
  const firsts = new Set(Array.from({ length: 100 }, (_, seed) => new Random(seed).nextUint32()));
  assert.equal(firsts.size, 100);
  const one = new Random(1);
  const two = new Random(2);
  const a = draws(20, () => one.uniform());
  const b = draws(20, () => two.uniform());
  assert.ok(a.every((x, i) => x !== b[i]));
});

Deno.test("Random.seed() restarts the stream and forgets a spare normal", () => {
  const fresh = new Random(9);
  const expected = [fresh.normal(), fresh.uniform()];
  const rng = new Random(1);
  rng.normal(); // Box-Muller draws two normals and keeps one for the next call
  rng.seed(9);
  assert.deepEqual([rng.normal(), rng.uniform()], expected);
});

// ---------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------

Deno.test("Random.uniform() draws in [0, 1) with mean 1/2 and variance 1/12", () => {
  const rng = new Random(2024);
  const xs = draws(10_000, () => rng.uniform());
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(mean(xs) - 0.5) < 0.02, `mean ${mean(xs)}`);
  assert.ok(Math.abs(std(xs) ** 2 - 1 / 12) < 0.005, `variance ${std(xs) ** 2}`);
  // Ten equal bins: chi-square with 9 degrees of freedom, 27.88 is its 0.1% quantile.
  const bins = new Array(10).fill(0);
  for (const x of xs) bins[Math.floor(x * 10)]++;
  assert.ok(chiSquare(bins) < 27.88, `bins ${bins}`);
});

Deno.test("Random.uniform() scales to [low, high)", () => {
  const rng = new Random(5);
  const xs = draws(10_000, () => rng.uniform(-3, 5));
  assert.ok(xs.every((x) => x >= -3 && x < 5));
  assert.ok(Math.abs(mean(xs) - 1) < 0.1, `mean ${mean(xs)}`);
  assert.ok(Math.min(...xs) < -2.99 && Math.max(...xs) > 4.99);
});

Deno.test("Random.normal() draws with mean 0 and standard deviation 1", () => {
  const rng = new Random(77);
  const xs = draws(10_000, () => rng.normal());
  assert.ok(xs.every(Number.isFinite));
  assert.ok(Math.abs(mean(xs)) < 0.05, `mean ${mean(xs)}`);
  assert.ok(Math.abs(std(xs) - 1) < 0.05, `std ${std(xs)}`);
  // About 68.3% within one standard deviation, 95.4% within two.
  const within = (k: number) => xs.filter((x) => Math.abs(x) < k).length / xs.length;
  assert.ok(Math.abs(within(1) - 0.683) < 0.02, `within 1: ${within(1)}`);
  assert.ok(Math.abs(within(2) - 0.954) < 0.01, `within 2: ${within(2)}`);
});

Deno.test("Random.normal() scales to the given mean and standard deviation", () => {
  const rng = new Random(78);
  const xs = draws(10_000, () => rng.normal(10, 2));
  assert.ok(Math.abs(mean(xs) - 10) < 0.1, `mean ${mean(xs)}`);
  assert.ok(Math.abs(std(xs) - 2) < 0.1, `std ${std(xs)}`);
});

Deno.test("Random.integer() draws every integer of [low, high) equally often", () => {
  const rng = new Random(3);
  const xs = draws(14_000, () => rng.integer(-3, 4));
  assert.ok(xs.every((x) => Number.isInteger(x) && x >= -3 && x < 4));
  const counts = new Array(7).fill(0);
  for (const x of xs) counts[x + 3]++;
  // Chi-square with 6 degrees of freedom: 22.46 is its 0.1% quantile.
  assert.ok(chiSquare(counts) < 22.46, `counts ${counts}`);
});

Deno.test("Random.integer() has no modulo bias for a range close to 2^32", () => {
  // With u % range, values below 2^32 - range = 2^30 would come up twice as often: 1/2, not 1/3.
  const rng = new Random(4);
  const range = 3 * 2 ** 30;
  const xs = draws(30_000, () => rng.integer(0, range));
  assert.ok(xs.every((x) => x >= 0 && x < range));
  const low = xs.filter((x) => x < 2 ** 30).length / xs.length;
  assert.ok(Math.abs(low - 1 / 3) < 0.02, `fraction below 2^30: ${low}`);
});

Deno.test("Random.integer() handles the extreme ranges", () => {
  const rng = new Random(6);
  assert.ok(draws(100, () => rng.integer(5, 6)).every((x) => x === 5));
  const wide = draws(100, () => rng.integer(-(2 ** 31), 2 ** 31));
  assert.ok(wide.every((x) => Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31));
  assert.ok(wide.some((x) => x < 0) && wide.some((x) => x > 0));
});

Deno.test("Random.shuffle() returns the same array as a permutation", () => {
  const rng = new Random(8);
  const items = Array.from({ length: 100 }, (_, i) => i);
  const result = rng.shuffle(items);
  assert.equal(result, items);
  assert.deepEqual([...items].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.ok(items.some((x, i) => x !== i), "the order changed");
  assert.deepEqual(rng.shuffle([]), []);
  assert.deepEqual(rng.shuffle(["only"]), ["only"]);
});

Deno.test("Random.shuffle() makes every permutation equally likely", () => {
  const rng = new Random(10);
  const counts = new Map<string, number>();
  for (let i = 0; i < 6000; i++) {
    const key = rng.shuffle(["a", "b", "c"]).join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  // Chi-square with 5 degrees of freedom: 20.52 is its 0.1% quantile.
  assert.ok(chiSquare([...counts.values()]) < 20.52, `counts ${[...counts]}`);
});

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

Deno.test("Random() rejects a seed that is not an integer", async (t) => {
  for (const seed of [1.5, NaN, Infinity, -Infinity]) {
    await t.step(String(seed), () => {
      const message = /^Cannot seed Random: seed must be an integer, got /;
      assert.throws(() => new Random(seed), { name: "RangeError", message });
      assert.throws(() => new Random(0).seed(seed), { name: "RangeError", message });
    });
  }
});

Deno.test("Random.integer() rejects empty, fractional and too wide bounds", async (t) => {
  const cases: [number, number][] = [
    [1, 1],
    [2, 1],
    [0, 1.5],
    [0.5, 2],
    [0, NaN],
    [0, Infinity],
    [0, 2 ** 32 + 1],
  ];
  for (const [low, high] of cases) {
    await t.step(`[${low}, ${high})`, () => {
      assert.throws(() => new Random(0).integer(low, high), {
        name: "RangeError",
        message: /^Cannot draw in integer\(\): need integers with 0 < high - low <= 2\^32, got \[/,
      });
    });
  }
});
