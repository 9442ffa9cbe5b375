import assert from "node:assert/strict";
import {
  grad,
  load,
  manualSeed,
  type MultiheadAttentionForwardOptions,
  type NestedArray,
  noGrad,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import { MultiheadAttention, type MultiheadAttentionOptions } from "../../nn/mod.ts";
import { assertAllClose } from "../_helpers.ts";
import fixture from "../fixtures/attention.json" with { type: "json" };

interface MhaCase {
  name: string;
  embedDim: number;
  numHeads: number;
  options: MultiheadAttentionOptions;
  isCausal: boolean;
  selfAttention: boolean;
  keyIsValue: boolean;
  stateDict: Record<string, NestedArray>;
  query: NestedArray;
  key: NestedArray;
  value: NestedArray;
  forward: Record<string, unknown>;
  output: NestedArray;
  weights: NestedArray | null;
  gradOutput: NestedArray;
  gradWeights: NestedArray | null;
  gradInputs: NestedArray[];
  gradParams: Record<string, NestedArray>;
}

const CASES = fixture.mha as unknown as MhaCase[];
const f64 = (x: unknown, requiresGrad = false) =>
  tensor(x as NestedArray, { dtype: "float64", requiresGrad });
/** A mask from JSON: booleans stay bool, numbers are float64. */
const mask = (x: unknown) => {
  const first = [x].flat(Infinity)[0];
  return typeof first === "boolean" ? tensor(x as NestedArray, { dtype: "bool" }) : f64(x);
};

function layer(c: MhaCase): MultiheadAttention {
  const m = new MultiheadAttention(c.embedDim, c.numHeads, { ...c.options, dtype: "float64" });
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, f64(v)])));
  return m;
}

function forwardOptions(c: MhaCase, causal: boolean): MultiheadAttentionForwardOptions {
  const o: MultiheadAttentionForwardOptions = {};
  const f = c.forward;
  if (f.keyPaddingMask !== undefined) o.keyPaddingMask = mask(f.keyPaddingMask);
  if (f.attnMask !== undefined && !causal) o.attnMask = mask(f.attnMask);
  if (f.needWeights !== undefined) o.needWeights = f.needWeights as boolean;
  if (f.averageAttnWeights !== undefined) o.averageAttnWeights = f.averageAttnWeights as boolean;
  if (causal) o.isCausal = true;
  return o;
}

function check(c: MhaCase, causal: boolean): void {
  const m = layer(c);
  const query = f64(c.query, true);
  const key = c.selfAttention ? query : f64(c.key, true);
  const value = c.selfAttention ? query : c.keyIsValue ? key : f64(c.value, true);
  const [output, weights] = m.forward(query, key, value, forwardOptions(c, causal));
  const tol = { atol: 1e-12, rtol: 1e-10 };
  assertAllClose(output, c.output, tol);
  if (c.weights === null) assert.equal(weights, null);
  else assertAllClose(weights!, c.weights, tol);
  let total = output.mul(f64(c.gradOutput)).sum();
  if (weights !== null) total = total.add(weights.mul(f64(c.gradWeights)).sum());
  const inputs = c.selfAttention ? [query] : c.keyIsValue ? [query, key] : [query, key, value];
  const params = m.namedParameters();
  assert.deepEqual(params.map(([k]) => k), Object.keys(c.gradParams));
  const grads = grad(total, [...inputs, ...params.map(([, p]) => p)]);
  inputs.forEach((_, i) => assertAllClose(grads[i]!, c.gradInputs[i], tol));
  params.forEach(([name], i) => assertAllClose(grads[inputs.length + i]!, c.gradParams[name], tol));
}

for (const c of CASES) {
  Deno.test(`MultiheadAttention matches PyTorch: ${c.name}`, () => {
    check(c, false);
    // PyTorch 1.13 has no is_causal: its cases pass the causal bool mask.
    if (c.isCausal) check(c, true);
  });
}

Deno.test("MultiheadAttention has PyTorch's keys, parameter order and printout", () => {
  for (const r of fixture.repr) {
    const [E, H] = r.args;
    const m = new MultiheadAttention(E, H, r.options as MultiheadAttentionOptions);
    assert.equal(String(m), r.repr);
    assert.deepEqual(Object.entries(m.stateDict()).map(([k, t]) => [k, t.shape]), r.stateDict);
    assert.deepEqual(m.namedParameters().map(([k]) => k), r.namedParameters);
  }
});

Deno.test("MultiheadAttention loads PyTorch's saved layer strictly and reproduces it", async () => {
  const s = fixture.saved;
  const bytes = await Deno.readFile(new URL(`../fixtures/${s.file}`, import.meta.url));
  assert.equal(bytes.length, s.size);
  const m = new MultiheadAttention(s.embedDim, s.numHeads, s.options);
  m.loadStateDict(load(bytes));
  m.eval();
  const x = tensor(s.input);
  const [y, w] = noGrad(() =>
    m.forward(x, x, x, { keyPaddingMask: tensor(s.keyPaddingMask, { dtype: "bool" }) })
  );
  assertAllClose(y, s.output, { atol: 1e-6, rtol: 1e-5 });
  assertAllClose(w!, s.weights, { atol: 1e-6, rtol: 1e-5 });
});

Deno.test("MultiheadAttention initialises as PyTorch: Xavier in-projection, zero biases", () => {
  manualSeed(0);
  const E = 64;
  const m = new MultiheadAttention(E, 4);
  const w = m.in_proj_weight!.toArray() as number[][];
  const bound = Math.sqrt(6 / (E + 3 * E));
  const values = w.flat();
  assert.ok(values.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...values) > 0.9 * bound, "spread over the whole range");
  assert.ok((m.in_proj_bias!.toArray() as number[]).every((v) => v === 0));
  assert.ok((m.out_proj.bias!.toArray() as number[]).every((v) => v === 0));
  const out = (m.out_proj.weight.toArray() as number[][]).flat();
  assert.ok(out.every((v) => Math.abs(v) <= 1 / Math.sqrt(E)));
  assert.equal(m.headDim, 16);
  // bias_k and bias_v: Xavier normal, not zero.
  const kv = new MultiheadAttention(8, 2, { addBiasKv: true });
  assert.ok((kv.bias_k!.toArray() as number[][][]).flat(2).some((v) => v !== 0));
});

Deno.test("MultiheadAttention gives zeros, not NaN, for a query whose keys are all padding", () => {
  manualSeed(1);
  const m = new MultiheadAttention(4, 2, { batchFirst: true });
  const x = randn([2, 3, 4], { requiresGrad: true });
  const padding = tensor([[true, true, true], [false, false, true]]);
  const [y, w] = m.forward(x, x, x, { keyPaddingMask: padding });
  const weights = w!.toArray() as number[][][];
  assert.deepEqual(weights[0], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  y.sum().backward();
  assert.ok((x.grad!.toArray() as number[][][]).flat(2).every(Number.isFinite));
});

Deno.test("MultiheadAttention drops attention weights in training mode only", () => {
  manualSeed(2);
  const m = new MultiheadAttention(4, 1, { dropout: 0.5, batchFirst: true });
  const x = randn([1, 64, 4]);
  const [, w] = m.forward(x, x, x);
  const zerosCount = (w!.toArray() as number[][][]).flat(2).filter((v) => v === 0).length;
  assert.ok(zerosCount > 64 * 64 * 0.4 && zerosCount < 64 * 64 * 0.6, `${zerosCount} zeros`);
  m.eval();
  const [, w2] = m.forward(x, x, x);
  assert.ok((w2!.toArray() as number[][][]).flat(2).every((v) => v > 0));
});

Deno.test("MultiheadAttention reports bad sizes, shapes, dtypes and options", () => {
  assert.throws(() => new MultiheadAttention(10, 3), {
    name: "RangeError",
    message: "Cannot create MultiheadAttention: embedDim 10 is not divisible by numHeads 3 " +
      "(each head gets embedDim / numHeads features)",
  });
  assert.throws(() => new MultiheadAttention(8, 0), { name: "RangeError", message: /numHeads/ });
  assert.throws(() => new MultiheadAttention(8, 2, { dropout: 2 }), { name: "RangeError" });
  // @ts-expect-error: a misspelt option
  assert.throws(() => new MultiheadAttention(8, 2, { batch_first: true }), {
    name: "TypeError",
    message: /unknown option "batch_first"/,
  });
  const m = new MultiheadAttention(8, 2);
  const x = randn([4, 2, 8]);
  const op = /MultiheadAttention\.forward\(\)/;
  assert.throws(() => m.forward(randn([4, 2, 6]), x, x), {
    name: "ShapeError",
    message: "Cannot attend with query [4, 2, 6], key [4, 2, 8] and value [4, 2, 8] in " +
      "MultiheadAttention.forward(): query has 6 features, expected embedDim = 8",
  });
  assert.throws(() => m.forward(x, x, randn([5, 2, 8])), {
    name: "ShapeError",
    message: /key and value have 4 and 5 positions/,
  });
  assert.throws(() => m.forward(x, randn([4, 3, 8]), randn([4, 3, 8])), {
    name: "ShapeError",
    message: /batch sizes 2, 3 and 3 differ/,
  });
  assert.throws(() => m.forward(randn([8]), randn([8]), randn([8])), {
    name: "ShapeError",
    message: op,
  });
  assert.throws(() => m.forward(x, randn([4, 8]), randn([4, 8])), { name: "ShapeError" });
  assert.throws(() => m.forward(x, x, x, { attnMask: zeros([4, 5]) }), {
    name: "ShapeError",
    message: /attnMask has shape \[4, 5\], expected \[4, 4\] or \[4, 4, 4\]/,
  });
  assert.throws(() => m.forward(x, x, x, { keyPaddingMask: zeros([4, 2]) }), {
    name: "ShapeError",
    message: /keyPaddingMask has shape \[4, 2\], expected \[2, 4\]/,
  });
  assert.throws(() => m.forward(x, x, x, { keyPaddingMask: zeros([2, 4], { dtype: "int32" }) }), {
    name: "DTypeError",
    message: /keyPaddingMask must be bool or float32/,
  });
  assert.throws(() => m.forward(x.double(), x, x), { name: "DTypeError", message: op });
  assert.throws(
    // @ts-expect-error: a misspelt option
    () => m.forward(x, x, x, { need_weights: false }),
    { name: "TypeError", message: /unknown option "need_weights"/ },
  );
});

Deno.test("MultiheadAttention is differentiable twice (a composed layer)", () => {
  manualSeed(4);
  const m = new MultiheadAttention(4, 2, { dtype: "float64", batchFirst: true });
  const x = randn([1, 3, 4], { dtype: "float64", requiresGrad: true });
  const [y] = m.forward(x, x, x, { needWeights: false });
  const [g] = grad(y.square().sum(), [x], { createGraph: true });
  const [gg] = grad(g!.sum(), [x]);
  assert.ok((gg!.toArray() as number[][][]).flat(2).every(Number.isFinite));
  const flat = (t: Tensor) => (t.toArray() as number[][][]).flat(2);
  assert.ok(flat(gg!).some((v) => v !== 0));
});
