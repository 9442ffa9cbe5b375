import assert from "node:assert/strict";
import { Embedding, manualSeed, type NestedArray, Random, tensor, zeros } from "../../mod.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { f64, layerCase, TOL } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;

// Loads the case's table (strictly: the key must be PyTorch's `weight`), looks
// up its ids, and compares the output, the gradient of sum(output · gradOutput)
// and the table after the call (max_norm rescales it) with torch's.
function checkEmbeddingCase(layer: Embedding, name: string): void {
  const c = layerCase(name) as ReturnType<typeof layerCase> & {
    weightAfter: NestedArray;
    repr: string;
  };
  layer.loadStateDict({ weight: f64(c.params.weight) });
  const y = layer.forward(tensor(c.input, { dtype: "int32" }));
  assertAllClose(y, c.output, TOL);
  y.mul(f64(c.gradOutput)).sum().backward();
  assertAllClose(layer.weight.grad!, c.grads.weight, TOL);
  assertAllClose(layer.weight, c.weightAfter, TOL);
  assert.equal(String(layer), c.repr);
}

Deno.test("Embedding.forward() matches PyTorch's outputs and gradients to 1e-10", async (t) => {
  await t.step("plain", () => checkEmbeddingCase(new Embedding(6, 3, F64), "embedding"));
  await t.step("paddingIdx -2 (no gradient for row 3)", () => {
    checkEmbeddingCase(new Embedding(5, 4, { paddingIdx: -2, ...F64 }), "embeddingPadding");
  });
  await t.step("maxNorm 1.5, normType 1 (rows rescaled in place)", () => {
    const layer = new Embedding(5, 3, { maxNorm: 1.5, normType: 1, ...F64 });
    checkEmbeddingCase(layer, "embeddingMaxNorm");
  });
});

Deno.test("Embedding() starts N(0, 1) with the padding row zeroed, as PyTorch", () => {
  manualSeed(0);
  const emb = new Embedding(200, 50, { paddingIdx: 7 });
  const w = emb.weight;
  assert.deepEqual(flat(w.narrow(0, 7, 1)), new Array(50).fill(0));
  const v = flat(w).filter((_, k) => Math.floor(k / 50) !== 7);
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  // 9950 samples: standard errors 0.010 (mean) and 0.014 (variance)
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.07, `variance ${variance}`);
  assert.equal(w.dtype, "float32");
  assert.ok(w.requiresGrad && w.isLeaf);
  assert.deepEqual(Object.keys(emb.stateDict()), ["weight"]);
  manualSeed(3);
  const a = new Embedding(4, 2);
  manualSeed(3);
  assert.deepEqual(new Embedding(4, 2).weight.toArray(), a.weight.toArray());
  const g = (s: number) => new Embedding(4, 2, { generator: new Random(s) }).weight.toArray();
  assert.deepEqual(g(1), g(1));
  assert.deepEqual(new Embedding(0, 3).weight.shape, [0, 3]);
});

Deno.test("Embedding() takes a given weight and builds from pretrained vectors", () => {
  const table = tensor([[1, 2], [3, 4], [5, 6]]);
  const emb = new Embedding(3, 2, { _weight: table, paddingIdx: 0 });
  assert.equal(emb.weight.storage, table.storage); // shared, and the padding row kept
  assert.deepEqual(emb.weight.narrow(0, 0, 1).toArray(), [[1, 2]]);
  const frozen = Embedding.fromPretrained(table);
  assert.equal(frozen.weight.requiresGrad, false);
  assert.deepEqual(frozen.forward(tensor([[2, 0]], { dtype: "int32" })).toArray(), [
    [[5, 6], [1, 2]],
  ]);
  const trainable = Embedding.fromPretrained(table, { freeze: false, paddingIdx: 1 });
  assert.equal(trainable.weight.requiresGrad, true);
  assert.equal(String(trainable), "Embedding(3, 2, padding_idx=1)");
});

Deno.test("Embedding prints as PyTorch", () => {
  // torch: print(nn.Embedding(65, 32)), nn.Embedding(10, 3, padding_idx=0), and
  // nn.Embedding(10, 3, padding_idx=-1, max_norm=1.0, norm_type=1.0)
  assert.equal(String(new Embedding(65, 32)), "Embedding(65, 32)");
  assert.equal(new Embedding(10, 3, { paddingIdx: 0 }).extraRepr(), "10, 3, padding_idx=0");
  assert.equal(
    String(new Embedding(10, 3, { paddingIdx: -1, maxNorm: 1, normType: 1 })),
    "Embedding(10, 3, padding_idx=9, max_norm=1.0, norm_type=1.0)",
  );
});

Deno.test("Embedding() rejects bad sizes, options and ids", () => {
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => new Embedding(2.5, 3),
      "RangeError",
      "Cannot create Embedding: numEmbeddings must be a non-negative integer, got 2.5",
    ],
    [() => new Embedding(3, -1), "RangeError", /embeddingDim must be a non-negative integer/],
    [
      () => new Embedding(3, 2, { paddingIdx: 3 }),
      "RangeError",
      "Cannot create Embedding: paddingIdx must be an integer in [-3, 2], got 3",
    ],
    [
      () => new Embedding(3, 2, { maxNorm: -1 }),
      "RangeError",
      /maxNorm must be a non-negative number/,
    ],
    [
      () => new Embedding(3, 2, { normType: 0 }),
      "RangeError",
      /normType must be a positive number/,
    ],
    [
      () => new Embedding(3, 2, { dtype: "int32" }),
      "RangeError",
      /dtype must be float32 or float64, got int32/,
    ],
    [
      () => new Embedding(3, 2, { _weight: zeros([2, 3]) }),
      "ShapeError",
      "Cannot create Embedding: _weight has shape [2, 3], expected [3, 2]",
    ],
    [
      () => new Embedding(3, 2, { padding_idx: 0 } as never),
      "TypeError",
      /Embedding\(\): unknown option "padding_idx"/,
    ],
    [
      () => Embedding.fromPretrained(zeros([3])),
      "ShapeError",
      /fromPretrained\(\): embeddings has shape \[3\]/,
    ],
    [
      () => new Embedding(3, 2).forward(tensor([3], { dtype: "int32" })),
      "RangeError",
      /index 3 at position \[0\] is out of range for a table of 3 embeddings/,
    ],
    [
      () => new Embedding(3, 2).forward(tensor([1])),
      "DTypeError",
      /the index has dtype float32, expected int32/,
    ],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
