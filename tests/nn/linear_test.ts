import assert from "node:assert/strict";
import { Linear, manualSeed, ones, Random, zeros } from "../../mod.ts";
import { flat } from "../_helpers.ts";
import { checkLayerCase, FIXTURE } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;

Deno.test("Linear.forward() matches PyTorch's outputs and gradients to 1e-10", async (t) => {
  await t.step("linear", () => checkLayerCase(new Linear(3, 4, F64), "linear"));
  await t.step("no bias", () => {
    checkLayerCase(new Linear(3, 4, { bias: false, ...F64 }), "linearNoBias");
  });
  await t.step("1-d input", () => checkLayerCase(new Linear(3, 2, F64), "linear1d"));
  await t.step("batch dimensions", () => checkLayerCase(new Linear(3, 2, F64), "linear3d"));
});

Deno.test("Linear() initialises weight and bias uniformly in ±1/√inFeatures, as PyTorch", () => {
  manualSeed(0);
  const inF = 32;
  const layer = new Linear(inF, 64);
  const bound = 1 / Math.sqrt(inF);
  assert.ok(Math.abs(bound - FIXTURE.init.bounds.linear) < 1e-15);
  const w = flat(layer.weight);
  const b = flat(layer.bias!);
  // Float32 rounding may reach the bound itself, never beyond it.
  assert.ok(w.every((v) => Math.abs(v) <= Math.fround(bound)));
  assert.ok(b.every((v) => Math.abs(v) <= Math.fround(bound)));
  // torch.nn.Linear(32, 64) draws reach close to the bound too.
  const maxAbs = Math.max(...w.map(Math.abs));
  assert.ok(maxAbs > 0.98 * bound && FIXTURE.init.torchLinearMaxAbs.weight > 0.98 * bound);
  // U(-a, a): mean 0, variance a²/3 (2048 samples: standard errors 0.0023 and 0.00012).
  const mean = w.reduce((s, v) => s + v, 0) / w.length;
  const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
  assert.ok(Math.abs(mean) < 4 * 0.0023, `mean ${mean}`);
  assert.ok(Math.abs(variance - bound ** 2 / 3) < 4 * 0.00012, `variance ${variance}`);
  // Each decile of [-a, a] holds about a tenth of the weights.
  const counts = new Array(10).fill(0);
  for (const v of w) counts[Math.min(9, Math.floor(((v + bound) / (2 * bound)) * 10))]++;
  assert.ok(counts.every((c) => Math.abs(c - 204.8) < 4 * 13.6), `deciles ${counts}`);
});

Deno.test("Linear() is reproducible with manualSeed() or a generator", () => {
  manualSeed(7);
  const a = new Linear(5, 3);
  manualSeed(7);
  const b = new Linear(5, 3);
  assert.deepEqual(a.weight.toArray(), b.weight.toArray());
  assert.deepEqual(a.bias!.toArray(), b.bias!.toArray());
  const c = new Linear(5, 3, { generator: new Random(1) });
  const d = new Linear(5, 3, { generator: new Random(1) });
  assert.deepEqual(c.weight.toArray(), d.weight.toArray());
  assert.notDeepEqual(c.weight.toArray(), a.weight.toArray());
});

Deno.test("Linear() has the shapes, dtypes and flags of PyTorch's", () => {
  const layer = new Linear(3, 2);
  assert.deepEqual(layer.weight.shape, [2, 3]);
  assert.deepEqual(layer.bias!.shape, [2]);
  assert.equal(layer.weight.dtype, "float32");
  assert.equal(layer.inFeatures, 3);
  assert.equal(layer.outFeatures, 2);
  assert.ok(layer.parameters().every((p) => p.requiresGrad && p.isLeaf));
  assert.equal(new Linear(3, 2, F64).bias!.dtype, "float64");
  // Zero input features: empty weight, zero bias (bound 0), output = bias.
  const empty = new Linear(0, 2);
  assert.deepEqual(empty.weight.shape, [2, 0]);
  assert.deepEqual(empty.forward(zeros([4, 0])).toArray(), [[0, 0], [0, 0], [0, 0], [0, 0]]);
});

Deno.test("Linear() rejects bad sizes, dtypes and inputs", () => {
  assert.throws(() => new Linear(2.5, 1), {
    name: "RangeError",
    message: "Cannot create Linear: inFeatures must be a non-negative integer, got 2.5",
  });
  assert.throws(() => new Linear(2, -1), { name: "RangeError", message: /outFeatures/ });
  assert.throws(() => new Linear(2, 1, { dtype: "int32" }), {
    name: "RangeError",
    message: /dtype must be float32 or float64, got int32/,
  });
  const layer = new Linear(3, 2);
  assert.throws(() => layer.forward(ones([4, 2])), {
    name: "ShapeError",
    message: "Cannot apply the layer in Linear.forward(): the input of shape [4, 2] has 2 " +
      "features in its last dimension, expected 3",
  });
  assert.throws(() => layer.forward(ones([])), { name: "ShapeError", message: /has no features/ });
});
