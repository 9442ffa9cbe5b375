import assert from "node:assert/strict";
import { Random } from "../../random/mod.ts";
import { manualSeed, rand, randint, randn, type Tensor } from "../../tensor/mod.ts";
import { flat } from "../_helpers.ts";

function stats(t: Tensor): { mean: number; variance: number } {
  const v = flat(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, variance };
}

Deno.test("manualSeed() makes rand(), randn() and randint() reproducible", () => {
  manualSeed(7);
  const a = [rand([5]), randn([5]), randint(0, 100, [5])].map(flat);
  manualSeed(7);
  const b = [rand([5]), randn([5]), randint(0, 100, [5])].map(flat);
  assert.deepEqual(a, b);
  manualSeed(8);
  assert.notDeepEqual(flat(rand([5])), a[0]);
});

Deno.test("rand() draws uniform floats in [0, 1)", () => {
  manualSeed(1);
  const u = rand([20000]);
  assert.equal(u.dtype, "float32");
  assert.ok(flat(u).every((v) => v >= 0 && v < 1));
  const { mean, variance } = stats(u);
  assert.ok(Math.abs(mean - 0.5) < 0.01);
  assert.ok(Math.abs(variance - 1 / 12) < 0.005);
  const d = rand([3, 2], { dtype: "float64", requiresGrad: true });
  assert.equal(d.dtype, "float64");
  assert.equal(d.requiresGrad, true);
});

Deno.test("randn() draws standard normal floats", () => {
  manualSeed(2);
  const { mean, variance } = stats(randn([20000], { dtype: "float64" }));
  assert.ok(Math.abs(mean) < 0.03);
  assert.ok(Math.abs(variance - 1) < 0.05);
});

Deno.test("randint() draws int32 values in [low, high)", () => {
  manualSeed(3);
  const y = randint(-2, 3, [1000]);
  assert.equal(y.dtype, "int32");
  const v = flat(y);
  assert.ok(v.every((x) => Number.isInteger(x) && x >= -2 && x < 3));
  assert.equal(new Set(v).size, 5);
  assert.equal(randint(0, 2, [2], { dtype: "float32" }).dtype, "float32");
  assert.throws(() => randint(0, 2, [2], { dtype: "bool" }), {
    name: "DTypeError",
    message: /randint\(\)/,
  });
  assert.throws(() => randint(3, 3, [2]), { name: "RangeError", message: /randint\(\)/ });
  assert.throws(() => randint(0, 2 ** 40, [2]), { name: "RangeError", message: /randint\(\)/ });
});

Deno.test("random factories accept their own generator and reject bad dtypes", () => {
  const a = randn([4], { generator: new Random(5) });
  const b = randn([4], { generator: new Random(5) });
  assert.deepEqual(flat(a), flat(b));
  assert.throws(() => rand([2], { dtype: "int32" }), { name: "DTypeError", message: /rand\(\)/ });
  assert.throws(() => randn([-2]), { name: "RangeError", message: /randn\(\)/ });
});
