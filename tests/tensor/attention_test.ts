import assert from "node:assert/strict";
import { Random } from "../../random/mod.ts";
import { scaledDotProductAttentionComposed } from "../../tensor/ops/attention.ts";
import { GRAD_CASES } from "./_grad_cases.ts";
import {
  assertClose,
  grad,
  gradcheck,
  gradgradcheck,
  manualSeed,
  ones,
  randn,
  scaledDotProductAttention as sdpa,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";

const rng = new Random(11);
const rnd = (shape: number[], requiresGrad = true) =>
  randn(shape, { dtype: "float64", requiresGrad, generator: rng });

/** softmax(q·kᵀ/√E + bias)·v for 2-d q, k, v, by hand in numbers. */
function reference(q: number[][], k: number[][], v: number[][], bias?: number[][]): number[][] {
  const scale = 1 / Math.sqrt(q[0].length);
  return q.map((qi, i) => {
    const s = k.map((kj, j) =>
      qi.reduce((a, x, e) => a + x * kj[e], 0) * scale + (bias?.[i][j] ?? 0)
    );
    const m = Math.max(...s);
    if (m === -Infinity) return v[0].map(() => 0);
    const w = s.map((x) => Math.exp(x - m));
    const z = w.reduce((a, b) => a + b, 0);
    return v[0].map((_, c) => w.reduce((a, wj, j) => a + wj / z * v[j][c], 0));
  });
}

Deno.test("gradcheck() and gradgradcheck() pass for the fused attention softmax", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "attention")) {
    await t.step(c.name, () => {
      assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps }));
      assert.ok(gradgradcheck(c.fn, c.inputs(), { eps: c.eps }));
    });
  }
});

Deno.test("scaledDotProductAttention() without a mask (fused) equals its composition", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const tol = dtype === "float64" ? { rtol: 1e-13, atol: 1e-14 } : { rtol: 1e-4, atol: 1e-5 };
    const r = new Random(5);
    const make = (shape: number[]) => {
      const t = randn(shape, { dtype, generator: r }).mul(2);
      t.requiresGrad = true;
      return t;
    };
    for (
      const [shapes, options] of [
        [[[2, 3, 5, 4], [2, 3, 5, 4], [2, 3, 5, 2]], { isCausal: true }],
        [[[2, 4, 4], [2, 6, 4], [2, 6, 3]], { isCausal: true, scale: 0.3 }],
        [[[3, 4], [2, 4], [2, 5]], {}],
        [[[2, 1, 3, 4], [2, 1, 5, 4], [2, 1, 5, 4]], { scale: -2 }],
      ] as const
    ) {
      const [q, k, v] = shapes.map((s) => make([...s]));
      const fused = sdpa(q, k, v, options);
      const composed = scaledDotProductAttentionComposed(q, k, v, options);
      assertClose(fused, composed, tol);
      const w = randn(fused.shape, { dtype, generator: r });
      const gFused = grad(fused.mul(w).sum(), [q, k, v], { createGraph: true });
      const gComposed = grad(composed.mul(w).sum(), [q, k, v], { createGraph: true });
      gFused.forEach((g, i) => assertClose(g!, gComposed[i]!, tol));
      // Without createGraph the backward runs the kernel: the same numbers.
      const gKernel = grad(sdpa(q, k, v, options).mul(w).sum(), [q, k, v]);
      gKernel.forEach((g, i) => assertClose(g!, gComposed[i]!, tol));
      const [ggFused] = grad(gFused[0]!.square().sum(), [k]);
      const [ggComposed] = grad(gComposed[0]!.square().sum(), [k]);
      assertClose(ggFused!, ggComposed!, tol);
    }
  }
});

Deno.test("scaledDotProductAttention() computes softmax(q·kᵀ/√E)·v", () => {
  const q = [[1, 0, 2, -1], [0.5, -1, 0, 1], [2, 1, -1, 0]];
  const k = [[1, 1, 0, 0], [0, -1, 1, 2]];
  const v = [[1, 2], [-3, 0.5]];
  const f64 = (x: number[][]) => tensor(x, { dtype: "float64" });
  assertClose(sdpa(f64(q), f64(k), f64(v)), reference(q, k, v), { rtol: 1e-14, atol: 1e-15 });
  // A float mask is added to the scores; a bool one lets true pairs through.
  const bias = [[0, -1], [2, 0], [-Infinity, 0]];
  assertClose(sdpa(f64(q), f64(k), f64(v), { attnMask: f64(bias) }), reference(q, k, v, bias), {
    rtol: 1e-14,
    atol: 1e-15,
  });
  const allow = tensor([[true, false], [true, true], [false, true]]);
  const asBias = [[0, -Infinity], [0, 0], [-Infinity, 0]];
  assertClose(sdpa(f64(q), f64(k), f64(v), { attnMask: allow }), reference(q, k, v, asBias), {
    rtol: 1e-14,
    atol: 1e-15,
  });
});

Deno.test("scaledDotProductAttention() with isCausal equals the lower-triangular bool mask", () => {
  const [q, k, v] = [rnd([2, 3, 4, 5], false), rnd([2, 3, 6, 5], false), rnd([2, 3, 6, 2], false)];
  const tril = tensor(
    Array.from({ length: 4 }, (_, i) => Array.from({ length: 6 }, (_, j) => j <= i)),
  );
  assertClose(sdpa(q, k, v, { isCausal: true }), sdpa(q, k, v, { attnMask: tril }), {
    rtol: 1e-14,
    atol: 1e-15,
  });
});

Deno.test("scaledDotProductAttention() gives zeros and zero gradients for fully masked rows", () => {
  const [q, k, v] = [rnd([2, 3, 4]), rnd([2, 5, 4]), rnd([2, 5, 2])];
  const mask = tensor([[true, false, true, true, false], [false, false, false, false, false], [
    true,
    true,
    true,
    true,
    true,
  ]]);
  const y = sdpa(q, k, v, { attnMask: mask });
  const rows = y.toArray() as number[][][];
  for (const batch of rows) assert.deepEqual(batch[1], [0, 0]);
  y.sum().backward();
  for (const t of [q, k, v]) {
    assert.ok(
      (t.grad!.toArray() as number[][][]).flat(2).every(Number.isFinite),
      "finite gradients",
    );
  }
  assert.deepEqual((q.grad!.toArray() as number[][][]).map((b) => b[1]), [[0, 0, 0, 0], [
    0,
    0,
    0,
    0,
  ]]);
  // The same with a float mask of -inf.
  const minusInf = tensor([[0, 0, 0, 0, 0], Array(5).fill(-Infinity), [0, 1, 2, 3, 4]], {
    dtype: "float64",
  });
  const z = sdpa(q, k, v, { attnMask: minusInf }).toArray() as number[][][];
  for (const batch of z) assert.deepEqual(batch[1], [0, 0]);
  assert.ok(gradcheck((a, b, c) => sdpa(a, b, c, { attnMask: mask }), [q, k, v]));
  assert.ok(gradgradcheck((a, b, c) => sdpa(a, b, c, { attnMask: minusInf }), [q, k, v]));
});

Deno.test("scaledDotProductAttention() has gradients of first and second order", () => {
  const [q, k, v] = [rnd([2, 2, 3, 4]), rnd([2, 2, 5, 4]), rnd([2, 2, 5, 3])];
  const mask = rnd([2, 1, 3, 5]);
  const f = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => sdpa(a, b, c, { attnMask: d });
  assert.ok(gradcheck(f, [q, k, v, mask]));
  assert.ok(gradgradcheck(f, [q, k, v, mask]));
  const causal = (a: Tensor, b: Tensor, c: Tensor) => sdpa(a, b, c, { isCausal: true, scale: 2 });
  assert.ok(gradgradcheck(causal, [q, k, v]));
});

Deno.test("scaledDotProductAttention() drops weights with probability dropoutP", () => {
  manualSeed(3);
  // Equal scores: every weight is 1/S; a dropped one is 0, a kept one 1/S/(1-p).
  const S = 400;
  const q = zeros([2, 1, 4]);
  const k = zeros([2, S, 4]);
  const v = ones([2, S, 1]);
  const y = sdpa(q, k, v, { dropoutP: 0.25 }).toArray() as number[][][];
  // y = (kept count) / S / 0.75, so the kept fraction is 0.75·y.
  for (const [[value]] of y) {
    assert.ok(Math.abs(0.75 * value - 0.75) < 0.07, `kept ${0.75 * value}`);
  }
  manualSeed(3);
  const again = sdpa(q, k, v, { dropoutP: 0.25 }).toArray();
  assert.deepEqual(again, y, "seeded");
  assertClose(sdpa(q, k, v, { dropoutP: 0 }), [[[1]], [[1]]], { rtol: 1e-5, atol: 0 });
});

Deno.test("scaledDotProductAttention() accepts empty sequences", () => {
  const q = randn([2, 3, 4]);
  assert.deepEqual(sdpa(q, zeros([2, 0, 4]), zeros([2, 0, 5])).toArray(), [
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
  ]);
  assert.deepEqual(sdpa(zeros([2, 0, 4]), q, randn([2, 3, 5]), { isCausal: true }).shape, [
    2,
    0,
    5,
  ]);
});

Deno.test("scaledDotProductAttention() reports bad shapes, dtypes and options", () => {
  const q = randn([2, 3, 4]);
  const k = randn([2, 5, 4]);
  const v = randn([2, 5, 6]);
  const op = /scaledDotProductAttention\(\)/;
  assert.throws(() => sdpa(q, randn([2, 5, 3]), v), {
    name: "ShapeError",
    message:
      "Cannot attend with query [2, 3, 4] and key [2, 5, 3] in scaledDotProductAttention(): " +
      "their last dimensions (embedding sizes) 4 and 3 differ",
  });
  assert.throws(() => sdpa(q, k, randn([2, 4, 6])), {
    name: "ShapeError",
    message: /key \[2, 5, 4\] and value \[2, 4, 6\] .* 5 and 4 positions/,
  });
  assert.throws(() => sdpa(q, randn([3, 5, 4]), randn([3, 5, 6])), {
    name: "ShapeError",
    message: op,
  });
  assert.throws(() => sdpa(randn([4]), k, v), { name: "ShapeError", message: /at least 2/ });
  assert.throws(() => sdpa(q, k, v, { attnMask: ones([3, 4]) }), {
    name: "ShapeError",
    message: /attnMask of shape \[3, 4\] does not broadcast to the attention scores \[2, 3, 5\]/,
  });
  assert.throws(() => sdpa(q, k, v, { attnMask: ones([3, 2, 3, 5]) }), {
    name: "ShapeError",
    message: op,
  });
  assert.throws(() => sdpa(q, k, v, { attnMask: ones([3, 5], { dtype: "int32" }) }), {
    name: "DTypeError",
    message: /attnMask must be bool or of the query's dtype float32, got int32/,
  });
  assert.throws(() => sdpa(q, k, v, { attnMask: ones([3, 5], { dtype: "float64" }) }), {
    name: "DTypeError",
  });
  assert.throws(() => sdpa(q.double(), k, v), {
    name: "DTypeError",
    message: /share a float dtype/,
  });
  assert.throws(() => sdpa(q.to("int32"), k.to("int32"), v.to("int32")), { name: "DTypeError" });
  assert.throws(() => sdpa(q, k, v, { attnMask: ones([3, 5]), isCausal: true }), {
    name: "TypeError",
    message: /attnMask and isCausal cannot be combined/,
  });
  assert.throws(() => sdpa(q, k, v, { dropoutP: 1.5 }), { name: "RangeError", message: op });
  assert.throws(() => sdpa(q, k, v, { scale: NaN }), { name: "RangeError", message: op });
  assert.throws(
    // @ts-expect-error: a misspelt option
    () => sdpa(q, k, v, { causal: true }),
    { name: "TypeError", message: /unknown option "causal"/ },
  );
  // @ts-expect-error: not a tensor
  assert.throws(() => sdpa(q, k, [1, 2]), { name: "TypeError", message: /value must be a Tensor/ });
});
