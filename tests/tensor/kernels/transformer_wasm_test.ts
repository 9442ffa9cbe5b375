/**
 * The WebAssembly float32 kernels of `wasm/transformer.c` (through
 * `transformer_wasm.ts`) against float64 references computed here: GELU and
 * its derivative within their stated error over a dense grid and at special
 * values; the attention softmax and its backward, log-softmax rows and layer
 * norm rows against their float64 formulas and the TypeScript loops, for
 * row lengths around the SIMD width, row counts past a chunk, offsets and
 * special values; the fused attention against the separate kernels.
 */
import assert from "node:assert/strict";
import * as simd from "../../../tensor/kernels/transformer_wasm.ts";
import { erf } from "../../../tensor/kernels/cpu.ts";
import * as cpu from "../../../tensor/kernels/cpu.ts";
import * as attention from "../../../tensor/kernels/attention.ts";
import * as normalization from "../../../tensor/kernels/normalization.ts";
import { WASM } from "../../../tensor/kernels/wasm.ts";
import { Random } from "../../../random/mod.ts";

// On whatever backend this process selected (setBackend("ts") turns them off).
simd.useWasmTransformer(true);

/** Runs `fn` with the wasm kernels off: the TypeScript loops. */
function withTs<T>(fn: () => T): T {
  const previous = simd.useWasmTransformer(false);
  try {
    return fn();
  } finally {
    simd.useWasmTransformer(previous);
  }
}

function randoms(rng: Random, n: number, lo = -4, hi = 4): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** Each element within `atol + rtol·|want|` (NaN where NaN is wanted), or a failure naming the worst. */
function assertNear(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: { atol: number; rtol: number },
  what: string,
): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i], want[i]];
    if (
      Number.isNaN(w)
        ? Number.isNaN(g)
        : g === w || Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w)
    ) {
      continue;
    }
    assert.fail(`${what}: [${i}] is ${g}, expected ${w}`);
  }
}

/** The standard normal CDF in float64, relative accuracy kept in the lower tail. */
function phi(x: number): number {
  if (x > -3) return 0.5 * (1 + erf(x * Math.SQRT1_2));
  // Φ(x) = φ(x) / (a + 1/(a + 2/(a + ...))), a = -x (Laplace's continued fraction).
  const a = -x;
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / (a + f);
  return Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI) / (a + f);
}

Deno.test("wasm transformer kernels run here (Deno has WebAssembly SIMD)", () => {
  assert.notEqual(WASM, null);
});

Deno.test("wasm geluF32() is within 4e-7 of the float64 GELU and its derivative", () => {
  const n = 200_003;
  const x = new Float32Array(n + 5);
  for (let i = 0; i < n; i++) x[5 + i] = -20 + 40 * i / n;
  const y = new Float32Array(n);
  const d = new Float32Array(n);
  assert.equal(simd.geluF32(x, 5, y, d, n), true);
  const want = Array.from(x.subarray(5), (v) => v * phi(v));
  const wantD = Array.from(
    x.subarray(5),
    (v) => phi(v) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI),
  );
  assertNear(y, want, { atol: 1e-37, rtol: 4e-7 }, "gelu");
  // gelu' crosses 0 near x = -0.75: an absolute tolerance there.
  assertNear(d, wantD, { atol: 2.5e-7, rtol: 4e-7 }, "gelu'");
  // Without the derivative, the same values.
  const y2 = new Float32Array(n);
  simd.geluF32(x, 5, y2, undefined, n);
  assert.deepEqual(y2, y);
});

Deno.test("wasm geluF32() gives PyTorch's values at 0, infinities and NaN", () => {
  const x = new Float32Array([0, -0, Infinity, -Infinity, NaN, 40, -40, 1e-40, -1e-40]);
  const y = new Float32Array(x.length);
  const d = new Float32Array(x.length);
  simd.geluF32(x, 0, y, d, x.length);
  assert.deepEqual([...y].slice(0, 7), [0, -0, Infinity, NaN, NaN, 40, -0]);
  assert.ok(Math.abs(y[7] - 5e-41) < 1e-44 && Math.abs(y[8] + 5e-41) < 1e-44);
  assert.deepEqual([...d].slice(0, 7), [0.5, 0.5, NaN, NaN, NaN, 1, 0]);
});

/** softmax(scale · x) of a row in float64, its first `n` entries kept. */
function softmaxRow(x: ArrayLike<number>, scale: number, n: number): number[] {
  const v = Array.from(x, (t) => scale * t);
  const m = Math.max(...v.slice(0, n));
  const e = v.map((t, j) => (j < n ? Math.exp(t - m) : 0));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((t) => t / sum);
}

Deno.test("wasm attentionSoftmaxF32() and its backward match float64, causal or not", () => {
  const rng = new Random(1);
  for (const S of [1, 3, 4, 5, 17, 32, 33]) {
    for (const [rows, L] of [[6, 3], [4100, 5]]) {
      for (const causal of [false, true]) {
        const scale = 0.7;
        const x = randoms(rng, rows * S + 3);
        const y = new Float32Array(rows * S);
        assert.equal(simd.attentionSoftmaxF32(x, 3, y, rows, L, S, scale, causal), true);
        const want: number[] = [];
        for (let r = 0; r < rows; r++) {
          const n = causal ? Math.min(S, (r % L) + 1) : S;
          want.push(...softmaxRow(x.subarray(3 + r * S, 3 + (r + 1) * S), scale, n));
        }
        const what = `S ${S}, rows ${rows}, L ${L}, causal ${causal}`;
        assertNear(y, want, { atol: 1e-9, rtol: 5e-7 }, what);
        const g = randoms(rng, rows * S + 2);
        const dx = new Float32Array(rows * S);
        assert.equal(simd.attentionSoftmaxBackwardF32(g, 2, y, dx, rows, S, scale), true);
        const wantDx: number[] = [];
        for (let r = 0; r < rows; r++) {
          let dot = 0;
          for (let j = 0; j < S; j++) dot += g[2 + r * S + j] * y[r * S + j];
          for (let j = 0; j < S; j++) wantDx.push(scale * y[r * S + j] * (g[2 + r * S + j] - dot));
        }
        assertNear(dx, wantDx, { atol: 2e-6, rtol: 1e-5 }, `backward, ${what}`);
        // The TypeScript loops agree.
        const ts = withTs(() =>
          attention.attentionSoftmax(x, 3, rows, L, S, scale, causal, "float32")
        );
        assertNear(y, ts, { atol: 1e-9, rtol: 5e-7 }, `TypeScript, ${what}`);
      }
    }
  }
});

Deno.test("wasm attentionSoftmaxF32() propagates NaN and infinities as the TypeScript loops", () => {
  const rows = [
    [1, NaN, 2, 3, 0],
    [-Infinity, 1, 2, -Infinity, 0],
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
    [Infinity, 1, 2, 3, 4],
  ];
  const x = Float32Array.from(rows.flat());
  const y = new Float32Array(x.length);
  simd.attentionSoftmaxF32(x, 0, y, 4, 4, 5, 1, false);
  const ts = withTs(() => attention.attentionSoftmax(x, 0, 4, 4, 5, 1, false, "float32"));
  assertNear(y, ts, { atol: 1e-9, rtol: 5e-7 }, "special values");
  assert.ok(y.subarray(0, 5).every(Number.isNaN) && y.subarray(10).every(Number.isNaN));
});

Deno.test("wasm logSoftmaxF32() matches float64, with and without the softmax", () => {
  const rng = new Random(2);
  for (const n of [1, 2, 4, 7, 98, 1000]) {
    for (const rows of [1, 3, Math.ceil(9000 / n)]) {
      const x = randoms(rng, rows * n + 1, -30, 30);
      const out = new Float32Array(rows * n);
      const p = new Float32Array(rows * n);
      assert.equal(simd.logSoftmaxF32(x, 1, out, p, rows, n), true);
      const want: number[] = [];
      const wantP: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(1 + r * n, 1 + (r + 1) * n));
        const m = Math.max(...row);
        const log = Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
        want.push(...row.map((v) => v - m - log));
        wantP.push(...softmaxRow(row, 1, n));
      }
      assertNear(out, want, { atol: 2e-6, rtol: 2e-7 }, `n ${n}, rows ${rows}`);
      assertNear(p, wantP, { atol: 1e-9, rtol: 5e-7 }, `softmax, n ${n}, rows ${rows}`);
      const alone = new Float32Array(rows * n);
      simd.logSoftmaxF32(x, 1, alone, undefined, rows, n);
      assert.deepEqual(alone, out);
    }
  }
  // A row with +Infinity or NaN, or only -Infinity, gives NaN throughout (as PyTorch).
  const x = Float32Array.from([
    Infinity,
    1,
    2,
    NaN,
    1,
    2,
    -Infinity,
    -Infinity,
    -Infinity,
    0,
    1,
    2,
  ]);
  const out = new Float32Array(12);
  simd.logSoftmaxF32(x, 0, out, undefined, 4, 3);
  assert.ok(out.subarray(0, 9).every(Number.isNaN));
  const view = { data: x, shape: [4, 3], strides: [3, 1], offset: 0 };
  const ts = withTs(() => cpu.logSoftmax(view, 1, "float32"));
  assertNear(out, ts, { atol: 1e-6, rtol: 1e-7 }, "special values against the TypeScript loop");
});

Deno.test("wasm layerNormF32() and its backward match the float64 loops", () => {
  const rng = new Random(3);
  for (const k of [4, 8, 64, 100, 8192, 12000]) {
    for (const rows of [1, 5, Math.ceil(20000 / k)]) {
      for (const affine of [false, true]) {
        const x = randoms(rng, rows * k + 2, -3, 5);
        const W = affine ? randoms(rng, k) : null;
        const B = affine ? randoms(rng, k) : null;
        const out = new Float32Array(rows * k);
        const f64 = (n: number) => new Float64Array(n);
        const stats = { mean: f64(rows), variance: f64(rows), invstd: f64(rows) };
        assert.equal(simd.layerNormF32(x, 2, rows, k, 1e-5, W, B, out, stats), k % 4 === 0);
        if (k % 4 !== 0) continue;
        const want = new Float64Array(rows * k);
        const ref = normalization.rowNormalize(x, 2, rows, k, 1e-5, W, B, want);
        const what = `k ${k}, rows ${rows}, affine ${affine}`;
        assertNear(stats.mean, ref.mean, { atol: 1e-12, rtol: 1e-12 }, `mean, ${what}`);
        assertNear(stats.invstd, ref.invstd, { atol: 1e-12, rtol: 1e-12 }, `invstd, ${what}`);
        assertNear(out, want, { atol: 2e-6, rtol: 1e-6 }, what);
        const g = randoms(rng, rows * k + 1);
        const dx = new Float32Array(rows * k);
        const dweight = f64(k).fill(0.5);
        const dbias = f64(k).fill(-0.5);
        assert.equal(
          simd.layerNormBackwardF32(g, 1, x, 2, rows, k, stats, W, dx, dweight, dbias),
          true,
        );
        const wantDx = new Float64Array(rows * k);
        const grads = normalization.rowNormalizeBackward(g, 1, x, 2, rows, k, ref, W, wantDx);
        assertNear(dx, wantDx, { atol: 2e-5, rtol: 1e-5 }, `dx, ${what}`);
        assertNear(dweight, grads.dweight.map((v) => v + 0.5), { atol: 1e-3, rtol: 1e-5 }, what);
        assertNear(dbias, grads.dbias.map((v) => v - 0.5), { atol: 1e-4, rtol: 1e-5 }, what);
      }
    }
  }
});

Deno.test("wasm attentionF32() gives the separate kernels' values, for any offsets and strides", () => {
  const rng = new Random(4);
  for (
    const [entries, L, S, E, Ev, causal] of [
      [1, 1, 1, 1, 1, false],
      [3, 5, 7, 3, 2, true],
      [8, 32, 32, 16, 16, true],
      [2, 6, 4, 9, 5, false],
    ] as const
  ) {
    // Operands interleaved as heads are: entry t at offset t·cols, rows `entries·cols` apart.
    const operand = (rows: number, cols: number): simd.AttentionOperand => ({
      data: randoms(rng, rows * cols * entries + 3),
      offsets: Array.from({ length: entries }, (_, t) => 3 + t * cols),
      rowStride: entries * cols,
    });
    const [q, k, v] = [operand(L, E), operand(S, E), operand(S, Ev)];
    const y = { data: new Float32Array(entries * L * Ev), offsets: [] as number[], rowStride: Ev };
    y.offsets = Array.from({ length: entries }, (_, t) => t * L * Ev);
    const p = new Float32Array(entries * L * S);
    const sizes = { L, S, E, Ev };
    assert.equal(simd.attentionF32(q, k, v, y, p, sizes, 0.3, causal), true);
    const g = operand(L, Ev);
    const grads = [q, k, v].map((x, i) => ({
      data: new Float32Array(x.data.length - 3),
      offsets: x.offsets.map((o) => o - 3),
      rowStride: x.rowStride,
      cols: [E, E, Ev][i],
    }));
    assert.equal(
      simd.attentionBackwardF32(q, k, v, p, g, grads[0], grads[1], grads[2], sizes, 0.3),
      true,
    );
    // The float64 formulas, entry by entry.
    const at = (x: simd.AttentionOperand, t: number, i: number, j: number) =>
      x.data[x.offsets[t] + i * x.rowStride + j];
    for (let t = 0; t < entries; t++) {
      const what = `entry ${t} of [${entries}, ${L}, ${S}, ${E}, ${Ev}], causal ${causal}`;
      const P: number[][] = [];
      for (let i = 0; i < L; i++) {
        const s = Array.from({ length: S }, (_, j) => {
          let dot = 0;
          for (let e = 0; e < E; e++) dot += at(q, t, i, e) * at(k, t, j, e);
          return dot;
        });
        P.push(softmaxRow(s, 0.3, causal ? Math.min(S, i + 1) : S));
      }
      assertNear(
        p.subarray(t * L * S, (t + 1) * L * S),
        P.flat(),
        { atol: 1e-6, rtol: 1e-5 },
        what,
      );
      const Y = P.map((row) =>
        Array.from({ length: Ev }, (_, j) => row.reduce((a, w, s) => a + w * at(v, t, s, j), 0))
      );
      assertNear(y.data.subarray(t * L * Ev, (t + 1) * L * Ev), Y.flat(), {
        atol: 1e-5,
        rtol: 1e-4,
      }, what);
      // Backward: dV = Pᵀ G, dS = 0.3 · P ⊙ (G Vᵀ - rowsum), dQ = dS K, dK = dSᵀ Q.
      const G = (i: number, j: number) => at(g, t, i, j);
      const dS = P.map((row, i) => {
        const dP = row.map((_, s) => {
          let dot = 0;
          for (let j = 0; j < Ev; j++) dot += G(i, j) * at(v, t, s, j);
          return dot;
        });
        const sum = dP.reduce((a, d, s) => a + d * row[s], 0);
        return row.map((w, s) => 0.3 * w * (dP[s] - sum));
      });
      const check = (
        x: (typeof grads)[number],
        want: (i: number, j: number) => number,
        n: number,
      ) => {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < x.cols; j++) {
            const got = x.data[x.offsets[t] + i * x.rowStride + j];
            assertNear([got], [want(i, j)], { atol: 1e-5, rtol: 1e-4 }, `${what} [${i}, ${j}]`);
          }
        }
      };
      check(grads[0], (i, e) => dS[i].reduce((a, d, s) => a + d * at(k, t, s, e), 0), L);
      check(grads[1], (s, e) => dS.reduce((a, row, i) => a + row[s] * at(q, t, i, e), 0), S);
      check(grads[2], (s, j) => P.reduce((a, row, i) => a + row[s] * G(i, j), 0), S);
    }
  }
});

Deno.test("the kernels decline when turned off, and the TypeScript loops run", () => {
  withTs(() => {
    const x = new Float32Array(64).fill(1);
    assert.equal(simd.geluF32(x, 0, new Float32Array(64), undefined, 64), false);
    assert.equal(simd.attentionSoftmaxF32(x, 0, new Float32Array(64), 8, 8, 8, 1, true), false);
    assert.equal(simd.logSoftmaxF32(x, 0, new Float32Array(64), undefined, 8, 8), false);
  });
});

Deno.test("cpu.copy() of float32 views walks any permutation, size-1 and merged dimensions", () => {
  const rng = new Random(5);
  const data = randoms(rng, 2 * 3 * 4 * 5 + 7);
  const cases: [number[], number[], number][] = [
    [[2, 3, 4, 5], [60, 20, 5, 1], 7], // contiguous
    [[2, 4, 3, 5], [60, 5, 20, 1], 7], // heads: [B, T, H, d] <-> [B, H, T, d]
    [[5, 4, 3, 2], [1, 5, 20, 60], 7], // reversed
    [[2, 1, 3, 1, 20], [60, 999, 20, 999, 1], 7], // size-1 dimensions
    [[3, 2], [0, 1], 9], // broadcast
    [[], [], 11], // 0-d
  ];
  for (const [shape, strides, offset] of cases) {
    const got = cpu.copy({ data, shape, strides, offset }, "float32");
    const want: number[] = [];
    const walk = (d: number, at: number) => {
      if (d === shape.length) return void want.push(data[at]);
      for (let i = 0; i < shape[d]; i++) walk(d + 1, at + i * strides[d]);
    };
    walk(0, offset);
    assert.deepEqual([...got], want, `shape [${shape}], strides [${strides}]`);
  }
});
