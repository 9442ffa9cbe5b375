import assert from "node:assert/strict";
import { Random } from "../../random/mod.ts";
import {
  bernoulli,
  full,
  manualSeed,
  multinomial,
  randperm,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { flat } from "../_helpers.ts";

// Pearson's statistic Σ (observed - expected)² / expected. With the fixed seeds
// below the tests are deterministic; the bounds sit far above the 99.99%
// quantile of the chi-square distribution, so a correct sampler passes any seed.
function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((s, o, i) => s + (o - expected[i]) ** 2 / expected[i], 0);
}

function counts(t: Tensor, n: number): number[] {
  const c = new Array(n).fill(0);
  for (const v of flat(t)) c[v]++;
  return c;
}

Deno.test("multinomial(), bernoulli() and randperm() are reproducible from a seed", () => {
  const draw = () => [
    flat(multinomial(tensor([[0.1, 0.2, 0.7], [1, 1, 1]]), 2)),
    flat(multinomial(tensor([0.5, 0.5]), 5, { replacement: true })),
    flat(bernoulli(full([6], 0.5))),
    flat(randperm(6)),
  ];
  manualSeed(11);
  const a = draw();
  manualSeed(11);
  assert.deepEqual(draw(), a);
  manualSeed(12);
  assert.notDeepEqual(draw(), a);
  const own = (seed: number) => [
    flat(multinomial(tensor([1, 2, 3]), 2, { generator: new Random(seed) })),
    flat(bernoulli(full([8], 0.5), { generator: new Random(seed) })),
    flat(randperm(8, { generator: new Random(seed) })),
  ];
  assert.deepEqual(own(3), own(3));
  manualSeed(11);
  const before = flat(randperm(6));
  manualSeed(11);
  own(4); // an explicit generator leaves the library-wide one alone
  assert.deepEqual(flat(randperm(6)), before);
});

Deno.test("multinomial() with replacement draws categories in proportion to the weights", () => {
  manualSeed(1);
  const w = [1, 2, 3, 4, 0]; // need not sum to 1; a zero weight is never drawn
  const n = 20000;
  const draws = multinomial(tensor(w), n, { replacement: true });
  assert.deepEqual([draws.dtype, draws.shape], ["int32", [n]]);
  const c = counts(draws, 5);
  assert.equal(c[4], 0);
  // 3 degrees of freedom: the 99.99% quantile is 21.1
  assert.ok(chiSquare(c.slice(0, 4), [0.1, 0.2, 0.3, 0.4].map((p) => p * n)) < 30);
  // Rows are independent distributions (float64 weights, a transposed view).
  const rows = multinomial(tensor([[0, 1], [1, 0]], { dtype: "float64" }).T, 3, {
    replacement: true,
  });
  assert.deepEqual(rows.toArray(), [[1, 1, 1], [0, 0, 0]]);
});

Deno.test("multinomial() without replacement draws distinct categories, in draw order", () => {
  manualSeed(2);
  const p = [0.1, 0.2, 0.3, 0.4];
  const n = 12000;
  const draws = multinomial(tensor([p]).expand([n, 4]), 2).toArray() as number[][];
  assert.ok(draws.every(([a, b]) => a !== b));
  // P(first i, then j) = p_i · p_j / (1 - p_i): 12 pairs, 11 degrees of freedom (99.99%: 35.6)
  const observed: number[] = [];
  const expected: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      if (i === j) continue;
      observed.push(draws.filter(([a, b]) => a === i && b === j).length);
      expected.push(n * p[i] * p[j] / (1 - p[i]));
    }
  }
  assert.ok(chiSquare(observed, expected) < 50);
  const all = multinomial(tensor([3, 0, 1, 2]), 3).toArray() as number[];
  assert.deepEqual([...all].sort(), [0, 2, 3]); // every non-zero category, none twice
});

Deno.test("bernoulli() draws ones with the given probabilities", () => {
  manualSeed(3);
  const n = 20000;
  const b = bernoulli(full([n], 0.3, { dtype: "float64" }));
  assert.equal(b.dtype, "float64");
  const mean = b.mean().item();
  assert.ok(Math.abs(mean - 0.3) < 0.016, `mean ${mean}`); // 5 standard deviations
  assert.deepEqual(bernoulli(tensor([[0, 1], [1, 0]]).T).toArray(), [[0, 1], [1, 0]]);
  assert.deepEqual(tensor([0, 0]).bernoulli().toArray(), [0, 0]);
  assert.equal(bernoulli(tensor([0.5], { requiresGrad: true })).requiresGrad, false);
});

Deno.test("randperm() draws every permutation equally often", () => {
  manualSeed(4);
  const seen = new Map<string, number>();
  for (let i = 0; i < 6000; i++) {
    const key = flat(randperm(3)).join("");
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  assert.equal(seen.size, 6);
  // 5 degrees of freedom: the 99.99% quantile is 25.7
  assert.ok(chiSquare([...seen.values()], new Array(6).fill(1000)) < 35);
  assert.deepEqual(flat(randperm(50)).sort((a, b) => a - b), [...Array(50).keys()]);
  assert.equal(randperm(4, { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(randperm(0).shape, [0]);
});

Deno.test("multinomial() rejects bad weights and counts, naming the row", () => {
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => multinomial(tensor([[0.2, 0.8], [0, 0]]), 1),
      "RangeError",
      "Cannot sample from row 1 in multinomial(): its weights sum to 0, expected a positive sum",
    ],
    [
      () => multinomial(tensor([[0.2, -0.8]]), 1),
      "RangeError",
      "Cannot sample from row 0 in multinomial(): it has the weight -0.800000011920929 at index 1, expected finite non-negative weights",
    ],
    [
      () => multinomial(tensor([0.2, Infinity]), 1),
      "RangeError",
      /the distribution .* weight Infinity at index 1/,
    ],
    [
      () => multinomial(tensor([NaN, 1]), 1, { replacement: true }),
      "RangeError",
      /weight NaN at index 0/,
    ],
    [
      () => multinomial(tensor([0.2, 0.8]), 3),
      "RangeError",
      "Cannot draw 3 samples without replacement from 2 categories in multinomial(): pass { replacement: true } or draw fewer",
    ],
    [
      () => multinomial(tensor([[1, 1, 0], [0.2, 0.8, 0]]), 3),
      "RangeError",
      /without replacement from row 0 .* only 2 of its categories have a non-zero weight/,
    ],
    [
      () => multinomial(tensor([1, 2]), 0),
      "RangeError",
      /numSamples must be a positive integer, got 0/,
    ],
    [
      () => multinomial(tensor([[[1]]]), 1),
      "ShapeError",
      /shape \[1, 1, 1\] in multinomial\(\): expected \[categories\] or \[rows, categories\]/,
    ],
    [
      () => multinomial(tensor([1, 2], { dtype: "int32" }), 1),
      "DTypeError",
      /multinomial\(\): the probabilities must be a float32 or float64 tensor, got an int32 tensor/,
    ],
    [
      () => multinomial(tensor([1, 2]), 1, { replacement: 1 as never }),
      "TypeError",
      /replacement must be a boolean/,
    ],
    [
      () => multinomial(tensor([1, 2]), 1, { generator: {} as never }),
      "TypeError",
      /multinomial\(\): generator must be a Random/,
    ],
    [
      () => multinomial(tensor([1, 2]), 1, { replace: true } as never),
      "TypeError",
      /multinomial\(\): unknown option "replace"/,
    ],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});

Deno.test("bernoulli() and randperm() reject bad probabilities, sizes and dtypes", () => {
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => bernoulli(tensor([[0.2, 1.5]])),
      "RangeError",
      "Cannot sample in bernoulli(): the probability 1.5 at position [0, 1] is outside [0, 1]",
    ],
    [() => bernoulli(tensor([NaN])), "RangeError", /probability NaN at position \[0\]/],
    [() => bernoulli(zeros([2], { dtype: "int32" })), "DTypeError", /bernoulli\(\)/],
    [() => randperm(-1), "RangeError", /randperm\(\): n must be a non-negative integer/],
    [() => randperm(2.5), "RangeError", /got 2.5/],
    [
      () => randperm(3, { dtype: "bool" }),
      "DTypeError",
      /randperm\(\): dtype must be int32, float32 or float64/,
    ],
    [() => randperm(3, { seed: 1 } as never), "TypeError", /randperm\(\): unknown option "seed"/],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
