import assert from "node:assert/strict";
import { matmul as matmulTs } from "../../../tensor/kernels/matmul.ts";
import { matmul, WASM_MATMUL_AVAILABLE } from "../../../tensor/kernels/matmul_wasm.ts";
import { Random } from "../../../random/mod.ts";
import { operand, testMatmulContract } from "./_matmul_contract.ts";
import * as cpu from "../../../tensor/kernels/cpu.ts";

/** A contiguous `[rows, n]` kernel view of a whole array. */
function view(data: Float32Array, n: number): cpu.View {
  return { data, shape: [data.length / n, n], strides: [n, 1], offset: 0 };
}

testMatmulContract("wasm matmul()", matmul, { epilogue: true });

Deno.test("wasm matmul() is available here (Deno has WebAssembly SIMD)", () => {
  assert.equal(WASM_MATMUL_AVAILABLE, true);
});

Deno.test("wasm matmul() rounds a float32 output of float64 operands once", () => {
  // 1 + 2^-30 - 1 cancels exactly in float64 but would be 0 in float32 steps.
  const a = { data: new Float64Array([1, 2 ** -30, -1]), offset: 0, strides: [0, 3, 1] } as const;
  const b = { data: new Float64Array([1, 1, 1]), offset: 0, strides: [0, 1, 0] } as const;
  const out = new Float32Array(1);
  matmul(a, b, out, 1, 1, 3, 1);
  assert.equal(out[0], 2 ** -30);
});

Deno.test("wasm matmul() sums float32 operands in float32", () => {
  // Documented difference from the TypeScript kernel, which sums in float64.
  const a = { data: new Float32Array([1, 2 ** -30, -1]), offset: 0, strides: [0, 3, 1] } as const;
  const b = { data: new Float32Array([1, 1, 1]), offset: 0, strides: [0, 1, 0] } as const;
  const out = new Float32Array(1);
  matmul(a, b, out, 1, 1, 3, 1);
  assert.equal(out[0], 0);
});

Deno.test("wasm matmul() is deterministic and agrees with the TypeScript kernel", () => {
  const rng = new Random(6);
  for (const [ctor, tol] of [[Float64Array, 1e-14], [Float32Array, 1e-5]] as const) {
    for (
      const [batch, m, k, n, la, lb] of [
        [1, 64, 784, 256, "contiguous", "transposed"],
        [1, 256, 64, 784, "transposed", "contiguous"],
        [2, 37, 1100, 19, "strided", "broadcast"],
      ] as const
    ) {
      const a = operand(rng, ctor, batch, m, k, la);
      const b = operand(rng, ctor, batch, k, n, lb);
      const first = new ctor(batch * m * n);
      const second = new ctor(batch * m * n).fill(Number.NaN);
      const reference = new Float64Array(batch * m * n);
      matmul(a, b, first, batch, m, k, n);
      matmulTs(a, b, second, batch, m, k, n); // dirties nothing shared, but runs in between
      matmul(a, b, second, batch, m, k, n);
      assert.deepEqual(second, first); // bit for bit
      matmulTs(a, b, reference, batch, m, k, n);
      let worst = 0;
      for (let i = 0; i < first.length; i++) {
        worst = Math.max(worst, Math.abs(first[i] - reference[i]) / Math.sqrt(k));
      }
      assert.ok(worst <= tol, `${ctor.name} [${batch}, ${m}, ${k}, ${n}]: ${worst}`);
    }
  }
});

Deno.test("wasm matmul() with a float32 epilogue equals the product, a float32 add and relu, bit for bit", () => {
  const rng = new Random(17);
  // n = 25 runs as is, n = 10 runs transposed (the bias then lands on columns of the product).
  for (const n of [25, 10]) {
    const x = operand(rng, Float32Array, 1, 64, 78, "contiguous");
    const w = operand(rng, Float32Array, 1, n, 78, "contiguous");
    const wT = { data: w.data, offset: 0, strides: [0, 1, 78] } as const;
    const bias = { data: new Float32Array(n).map(() => rng.uniform(-1, 1)), offset: 0, stride: 1 };
    const fused = new Float32Array(64 * n);
    const plain = new Float32Array(64 * n);
    matmul(x, wT, fused, 1, 64, 78, n, { bias });
    matmul(x, wT, plain, 1, 64, 78, n);
    for (let i = 0; i < plain.length; i++) plain[i] += bias.data[i % n];
    assert.deepEqual(fused, plain);
    matmul(x, wT, fused, 1, 64, 78, n, { bias, relu: true });
    const relu = new Float32Array(plain.length);
    const rectified = cpu.unary("relu", view(plain, n), "float32") as Float32Array;
    cpu.inplace("copy", view(relu, n), view(rectified, n));
    assert.ok(fused.every((v, i) => Object.is(v, relu[i])), `relu, n = ${n}`);
  }
});
