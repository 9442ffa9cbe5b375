import assert from "node:assert/strict";
import {
  Dropout,
  Dropout1d,
  Dropout2d,
  manualSeed,
  ones,
  rand,
  randn,
  Random,
  tensor,
} from "../../mod.ts";
import { flat } from "../_helpers.ts";
import { checkLayerCase } from "./_fixtures.ts";

Deno.test("Dropout.forward() zeroes a fraction p and scales the rest by 1/(1-p)", () => {
  manualSeed(0);
  const n = 20000;
  for (const p of [0.1, 0.5, 0.8]) {
    const y = flat(new Dropout(p).forward(ones([n], { dtype: "float64" })));
    const zeros = y.filter((v) => v === 0).length;
    assert.ok(y.every((v) => v === 0 || Math.abs(v - 1 / (1 - p)) < 1e-15));
    // Binomial(n, p): 4.5 standard deviations.
    const sd = Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(zeros - n * p) < 4.5 * sd, `p=${p}: ${zeros} zeros`);
    // Inverted dropout keeps the mean.
    const mean = y.reduce((s, v) => s + v, 0) / n;
    assert.ok(Math.abs(mean - 1) < 4.5 * Math.sqrt(p / (1 - p) / n), `p=${p}: mean ${mean}`);
  }
});

Deno.test("Dropout.forward() is the identity in eval mode, as in PyTorch", () => {
  checkLayerCase(new Dropout(0.5).eval(), "dropoutEval");
  const drop = new Dropout(0.9).eval();
  const x = randn([3, 4]);
  assert.equal(drop.forward(x), x);
  drop.train();
  assert.notDeepEqual(drop.forward(x).toArray(), x.toArray());
});

Deno.test("Dropout.forward() gradients follow the mask", () => {
  manualSeed(3);
  const x = randn([50], { dtype: "float64", requiresGrad: true });
  const y = new Dropout(0.3).forward(x);
  y.sum().backward();
  const g = flat(x.grad!);
  const kept = flat(y).map((v) => v !== 0);
  g.forEach((v, i) => assert.equal(v, kept[i] ? 1 / 0.7 : 0));
  assert.ok(kept.some((k) => k) && kept.some((k) => !k));
});

Deno.test("Dropout() with p = 0 or p = 1", () => {
  const x = randn([100]);
  assert.deepEqual(new Dropout(0).forward(x).toArray(), x.toArray());
  const x1 = ones([5], { requiresGrad: true });
  const y = new Dropout(1).forward(x1);
  assert.deepEqual(y.toArray(), [0, 0, 0, 0, 0]);
  y.sum().backward();
  assert.deepEqual(x1.grad!.toArray(), [0, 0, 0, 0, 0]);
});

Deno.test("Dropout() masks are reproducible with manualSeed() or a generator", () => {
  const x = ones([64]);
  manualSeed(11);
  const a = new Dropout(0.5).forward(x).toArray();
  manualSeed(11);
  const b = new Dropout(0.5).forward(x).toArray();
  assert.deepEqual(a, b);
  const c = new Dropout(0.5, { generator: new Random(5) }).forward(x).toArray();
  const d = new Dropout(0.5, { generator: new Random(5) }).forward(x).toArray();
  assert.deepEqual(c, d);
  // Two calls draw two masks.
  const drop = new Dropout(0.5, { generator: new Random(5) });
  assert.notDeepEqual(drop.forward(x).toArray(), drop.forward(x).toArray());
});

Deno.test("Dropout() rejects bad probabilities and non-float input", () => {
  for (const p of [-0.1, 1.5, NaN]) {
    assert.throws(() => new Dropout(p), {
      name: "RangeError",
      message: `Cannot create Dropout: p must be in [0, 1], got ${p}`,
    });
  }
  assert.throws(() => new Dropout().forward(tensor([1, 2], { dtype: "int32" })), {
    name: "DTypeError",
    message:
      /Cannot apply dropout in Dropout\.forward\(\): expected a float32 or float64 input, got int32/,
  });
});

Deno.test("Dropout1d and Dropout2d drop whole channels in training, nothing in eval", () => {
  checkLayerCase(new Dropout2d(0.5).eval(), "dropout2dEval");
  checkLayerCase(new Dropout1d(0.5).eval(), "dropout1dEval");
  const drop = new Dropout2d(0.5, { generator: new Random(5) });
  const y = drop.forward(ones([4, 6, 3, 3], { dtype: "float64" }));
  const sums = flat(y.sum([2, 3]));
  assert.ok(sums.every((s) => s === 0 || s === 18));
  assert.ok(sums.includes(0) && sums.includes(18));
  const x = randn([2, 3, 4]);
  assert.equal(new Dropout1d(0.7).eval().forward(x), x);
  const rows = (new Dropout1d(0.5).forward(ones([3, 4, 5])).toArray() as number[][][]).flat();
  assert.ok(rows.every((row) => row.every((v) => v === row[0])));
  assert.throws(() => new Dropout2d(2), {
    name: "RangeError",
    message: "Cannot create Dropout2d: p must be in [0, 1], got 2",
  });
  assert.throws(() => new Dropout1d(0.5).forward(ones([2, 3, 4, 5])), {
    name: "ShapeError",
    message: /dropout1d\(\)/,
  });
  assert.throws(() => new Dropout2d(0.5, { seed: 1 } as never), { name: "TypeError" });
});

Deno.test("Dropout(0) returns its input in training mode and draws no mask", () => {
  const x = ones([3, 4], { requiresGrad: true });
  manualSeed(5);
  const expected = rand([2]).toArray();
  manualSeed(5);
  assert.equal(new Dropout(0).forward(x), x);
  assert.deepEqual(rand([2]).toArray(), expected, "the generator was not used");
});
