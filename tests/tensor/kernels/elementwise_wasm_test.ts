/**
 * The WebAssembly float32 elementwise kernels against the TypeScript loops of
 * cpu.ts (float32 arithmetic, emulated with Math.fround): sizes around the
 * SIMD width and the chunk size, offsets, broadcast tiles, special
 * values; then cpu.ts's choice between the two on contiguous, tiled and
 * strided views, whose results must agree element for element.
 */
import assert from "node:assert/strict";
import * as simd from "../../../tensor/kernels/elementwise_wasm.ts";
import * as cpu from "../../../tensor/kernels/cpu.ts";
import { WASM } from "../../../tensor/kernels/wasm.ts";
import { Random } from "../../../random/mod.ts";

// On whatever backend this process selected (setBackend("ts") turns them off).
simd.useWasmElementwise(true);

const C = simd.CHUNK;
const SIZES = [0, 1, 3, 4, 5, 17, 8191, C - 1, C, C + 1, 2 * C + 4001];
const SPECIAL = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-40, -3.5e38];

/** Random float32 values with a few special ones. */
function values(rng: Random, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = i % 97 === 5 ? SPECIAL[(i / 97 | 0) % SPECIAL.length] : rng.uniform(-4, 4);
  }
  return out;
}

/** Float32 arrays equal element for element (NaN equal to NaN, -0 distinct from +0). */
function assertSame(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) {
      assert.fail(`${what}: [${i}] is ${got[i]}, expected ${want[i]}`);
    }
  }
}

const f = Math.fround;
const BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => f(x + y),
  sub: (x, y) => f(x - y),
  mul: (x, y) => f(x * y),
  div: (x, y) => f(x / y),
};

Deno.test("wasm elementwise kernels run here (Deno has WebAssembly SIMD)", () => {
  assert.notEqual(WASM, null);
});

Deno.test("wasm binaryF32() matches float32 arithmetic for every size, offset and tile", () => {
  const rng = new Random(1);
  for (const op of Object.keys(BINARY)) {
    for (const n of SIZES) {
      for (const period of [1, 3, 256, n]) {
        if (period === 0 || n % period !== 0) continue;
        const a = values(rng, n + 7);
        const b = values(rng, period + 3);
        const out = new Float32Array(n + 2).fill(9);
        assert.equal(simd.binaryF32(op, a, 7, b, 3, period, out, 2, n), true);
        const want = new Float32Array(n + 2).fill(9);
        for (let i = 0; i < n; i++) want[2 + i] = BINARY[op](a[7 + i], b[3 + (i % period)]);
        assertSame(out, want, `${op}, n ${n}, period ${period}`);
      }
    }
  }
});

Deno.test("wasm binaryF32() declines what it does not cover", () => {
  const n = 3 * (C + 8);
  const a = new Float32Array(n);
  const out = new Float32Array(n);
  assert.equal(simd.binaryF32("pow", a, 0, a, 0, n, out, 0, n), false);
  assert.equal(simd.binaryF32("add", a, 0, a, 0, 7, out, 0, n), false); // n % 7
  assert.equal(simd.binaryF32("add", a, 0, a, 0, C + 8, out, 0, n), false); // tile > chunk
});

Deno.test("wasm inplaceF32() matches float32 arithmetic, alpha rounded as PyTorch does", () => {
  const rng = new Random(2);
  for (const op of ["add", "mul", "div"]) {
    for (const alpha of op === "add" ? [1, -0.01] : [1]) {
      for (const n of SIZES) {
        for (const period of [1, 5, n]) {
          if (period === 0 || n % period !== 0) continue;
          const t = values(rng, n + 4);
          const s = values(rng, period + 1);
          const want = t.slice();
          const a = f(alpha);
          for (let i = 0; i < n; i++) {
            const x = want[4 + i];
            const y = s[1 + (i % period)];
            want[4 + i] = op === "add"
              ? (alpha === 1 ? f(x + y) : f(x + f(a * y)))
              : op === "mul"
              ? f(x * y)
              : f(x / y);
          }
          assert.equal(simd.inplaceF32(op, t, 4, s, 1, period, n, alpha), true);
          assertSame(t, want, `${op} alpha ${alpha}, n ${n}, period ${period}`);
        }
      }
    }
  }
  const t = new Float32Array(4);
  assert.equal(simd.inplaceF32("sub", t, 0, t, 0, 4, 4, 1), false);
});

Deno.test("wasm reluF32() and reluBackwardF32() match the TypeScript rules", () => {
  const rng = new Random(3);
  for (const n of SIZES) {
    const x = values(rng, n + 1);
    const g = values(rng, n + 2);
    const out = new Float32Array(n + 3);
    assert.equal(simd.reluF32(x, 1, out, 3, n), true);
    const want = new Float32Array(n + 3);
    // relu: x <= 0 (and -Infinity, -0) gives +0; NaN stays NaN.
    for (let i = 0; i < n; i++) want[3 + i] = x[1 + i] <= 0 ? 0 : x[1 + i];
    assertSame(out, want, `relu, n ${n}`);
    const back = new Float32Array(n);
    assert.equal(simd.reluBackwardF32(x, 1, g, 2, back, 0, n), true);
    const wantBack = new Float32Array(n);
    for (let i = 0; i < n; i++) wantBack[i] = x[1 + i] <= 0 ? 0 : g[2 + i];
    assertSame(back, wantBack, `relu backward, n ${n}`);
  }
});

Deno.test("wasm sumRowsF32() sums columns in float64", () => {
  const rng = new Random(4);
  for (
    const [rows, cols] of [[0, 5], [1, 1], [3, 7], [64, 256], [300, 129], [5000, 3], [2, 4096]]
  ) {
    const x = values(rng, rows * cols + 2).map((v) => (Number.isFinite(v) ? v : 0.5));
    const acc = new Float64Array(cols).fill(0.25);
    assert.equal(simd.sumRowsF32(x, 2, acc, rows, cols), true);
    const want = new Float64Array(cols).fill(0.25);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) want[j] += x[2 + i * cols + j];
    assert.deepEqual(acc, want, `[${rows}, ${cols}]`);
  }
  const wide = C / 2 + 8; // more columns than half a chunk
  assert.equal(simd.sumRowsF32(new Float32Array(wide), 0, new Float64Array(wide), 1, wide), false);
});

// ---------------------------------------------------------------- through cpu.ts

/** A contiguous view, and the same values through a strided view (the TypeScript path). */
function views(rng: Random, shape: number[]): [cpu.View, cpu.View] {
  const n = shape.reduce((x, y) => x * y, 1);
  const data = values(rng, n);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  // The same elements, every other slot of a twice-as-long array.
  const spread = new Float32Array(2 * n + 1);
  for (let i = 0; i < n; i++) spread[1 + 2 * i] = data[i];
  return [
    { data, shape, strides, offset: 0 },
    { data: spread, shape, strides: strides.map((s) => 2 * s), offset: 1 },
  ];
}

Deno.test("cpu.ts gives the same float32 results on the wasm and TypeScript paths", () => {
  const rng = new Random(5);
  for (const shape of [[64, 256], [3, 1000], [2049], [512], [7, 73], [0, 3000]]) {
    const [a, aStrided] = views(rng, shape);
    const [b, bStrided] = views(rng, shape);
    for (const op of ["add", "sub", "mul", "div", "maximum"] as const) {
      const fast = cpu.binary(op, a, b, "float32") as Float32Array;
      const slow = cpu.binary(op, aStrided, bStrided, "float32") as Float32Array;
      assertSame(fast, slow, `${op} ${shape}`);
    }
    // A bias row broadcast over the batch, and a broadcast scalar.
    const row = values(rng, shape[shape.length - 1]);
    const bias = {
      data: row,
      shape,
      strides: shape.map((_, d) => (d === shape.length - 1 ? 1 : 0)),
      offset: 0,
    };
    const rowStrided = new Float32Array(row.length * 3);
    row.forEach((v, i) => (rowStrided[3 * i] = v));
    const biasStrided = { ...bias, data: rowStrided, strides: bias.strides.map((s) => 3 * s) };
    assertSame(
      cpu.binary("add", a, bias, "float32") as Float32Array,
      cpu.binary("add", aStrided, biasStrided, "float32") as Float32Array,
      `bias ${shape}`,
    );
    const two = { data: new Float32Array([0, 2]), shape, strides: shape.map(() => 0), offset: 1 };
    assertSame(
      cpu.binary("mul", a, two, "float32") as Float32Array,
      cpu.binary("mul", aStrided, two, "float32") as Float32Array,
      `scalar ${shape}`,
    );
    assertSame(
      cpu.unary("relu", a, "float32") as Float32Array,
      cpu.unary("relu", aStrided, "float32") as Float32Array,
      `relu ${shape}`,
    );
    assertSame(
      cpu.reluBackward(a, b, "float32") as Float32Array,
      cpu.reluBackward(aStrided, bStrided, "float32") as Float32Array,
      `relu backward ${shape}`,
    );
    if (shape.length === 2) {
      assertSame(
        cpu.reduce(
          "sum",
          { ...a, data: a.data.map((v) => (Number.isFinite(v) ? v : 1)) },
          [0],
          "float32",
        ) as Float32Array,
        cpu.reduce(
          "sum",
          { ...aStrided, data: aStrided.data.map((v) => (Number.isFinite(v) ? v : 1)) },
          [0],
          "float32",
        ) as Float32Array,
        `sum over rows ${shape}`,
      );
    }
    // In place, with alpha: target contiguous (wasm) against a strided target (TypeScript).
    for (const [op, alpha] of [["add", 1], ["add", 0.5], ["mul", 1], ["div", 1]] as const) {
      const t = { ...a, data: a.data.slice() };
      const tStrided = { ...aStrided, data: aStrided.data.slice() };
      cpu.inplace(op, t, b, alpha);
      cpu.inplace(op, tStrided, bStrided, alpha);
      const back = cpu.copy(tStrided, "float32") as Float32Array;
      if (alpha === 1) assertSame(t.data as Float32Array, back, `${op}_ ${shape}`);
      else {
        // alpha rounds to float32 on the wasm path: within one rounding of the product.
        for (let i = 0; i < back.length; i++) {
          const d = Math.abs(t.data[i] - back[i]);
          assert.ok(
            Object.is(t.data[i], back[i]) || d <= 2 ** -20 * Math.abs(back[i]) + 1e-37 ||
              !Number.isFinite(d),
            `${i}`,
          );
        }
      }
    }
  }
});

Deno.test("setBackend('ts') turns the wasm elementwise kernels off, and 'wasm' back on", async () => {
  const { setBackend, getBackend } = await import("../../../tensor/mod.ts");
  const before = getBackend();
  const a = new Float32Array(4096);
  const out = new Float32Array(4096);
  try {
    setBackend("ts");
    assert.equal(simd.binaryF32("add", a, 0, a, 0, 4096, out, 0, 4096), false);
    setBackend("wasm");
    assert.equal(simd.binaryF32("add", a, 0, a, 0, 4096, out, 0, 4096), true);
  } finally {
    setBackend(before);
  }
});
