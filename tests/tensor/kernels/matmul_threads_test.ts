import assert from "node:assert/strict";
import { matmul as matmulTs } from "../../../tensor/kernels/matmul.ts";
import { matmul as matmulWasm } from "../../../tensor/kernels/matmul_wasm.ts";
import {
  matmulThreaded,
  poolThreads,
  productsSplit,
  setMinWork,
  setPoolThreads,
  threadsUnavailable,
} from "../../../tensor/kernels/matmul_threads.ts";
import { Random } from "../../../random/mod.ts";
import { type Layout, operand, testMatmulContract } from "./_matmul_contract.ts";

// Two threads (the calling one and a worker), every product split however small.
assert.equal(setPoolThreads(2), null, "threads must run in Deno and Node");
setMinWork(0);

testMatmulContract(
  "threaded wasm matmul()",
  (a, b, out, batch, m, k, n) => matmulThreaded("wasm", a, b, out, batch, m, k, n),
);
testMatmulContract(
  "threaded ts matmul()",
  (a, b, out, batch, m, k, n) => matmulThreaded("ts", a, b, out, batch, m, k, n),
);

Deno.test("matmulThreaded() runs here with a worker", () => {
  assert.equal(threadsUnavailable(), null);
  assert.equal(poolThreads(), 2);
  const before = productsSplit();
  const a = operand(new Random(11), Float32Array, 1, 16, 4, "contiguous");
  matmulThreaded("wasm", a, a, new Float32Array(16 * 16), 1, 16, 4, 16);
  assert.equal(productsSplit(), before + 1);
});

Deno.test("matmulThreaded() gives bit for bit the single-thread kernel's results", () => {
  const rng = new Random(7);
  // Splits by batch (6 entries), by rows (m > n) and by columns (n > m), in every layout.
  const shapes = [[6, 17, 33, 9], [1, 129, 70, 20], [3, 10, 64, 257], [2, 1030, 3, 5]];
  const layouts: Layout[] = ["contiguous", "transposed", "broadcast", "strided", "reversed"];
  for (
    const [ctor, kernel, single] of [
      [Float32Array, "wasm", matmulWasm],
      [Float64Array, "wasm", matmulWasm],
      [Float32Array, "ts", matmulTs],
    ] as const
  ) {
    for (const [batch, m, k, n] of shapes) {
      for (const la of layouts) {
        for (const lb of layouts) {
          const a = operand(rng, ctor, batch, m, k, la);
          const b = operand(rng, ctor, batch, k, n, lb);
          const expected = new ctor(batch * m * n);
          const actual = new ctor(batch * m * n).fill(Number.NaN);
          single(a, b, expected, batch, m, k, n);
          matmulThreaded(kernel, a, b, actual, batch, m, k, n);
          assert.deepEqual(
            actual,
            expected,
            `${kernel} ${ctor.name} ${[batch, m, k, n]} ${la} ${lb}`,
          );
        }
      }
    }
  }
});

Deno.test("matmulThreaded() runs an epilogue as the single-thread kernels do, bit for bit", () => {
  const rng = new Random(19);
  // n = 200 splits by rows; n = 10 runs transposed (the bias then lands on columns in memory).
  for (const n of [200, 10]) {
    const x = operand(rng, Float32Array, 1, 96, 300, "contiguous");
    const w = operand(rng, Float32Array, 1, n, 300, "contiguous");
    const wT = { data: w.data, offset: 0, strides: [0, 1, 300] } as const;
    const bias = {
      data: new Float32Array(2 * n).map(() => rng.uniform(-1, 1)),
      offset: 1,
      stride: 2,
    };
    for (const [kernel, single] of [["wasm", matmulWasm], ["ts", matmulTs]] as const) {
      const expected = new Float32Array(96 * n);
      single(x, wT, expected, 1, 96, 300, n);
      if (kernel === "ts") {
        expected.forEach((v, i) => {
          const sum = Math.fround(v + bias.data[1 + 2 * (i % n)]);
          expected[i] = sum <= 0 ? 0 : sum;
        });
      } else matmulWasm(x, wT, expected, 1, 96, 300, n, { bias, relu: true });
      const actual = new Float32Array(96 * n);
      const before = productsSplit();
      matmulThreaded(kernel, x, wT, actual, 1, 96, 300, n, { bias, relu: true });
      assert.equal(productsSplit(), before + 1);
      assert.deepEqual(actual, expected, `${kernel}, n = ${n}`);
    }
  }
});

Deno.test("matmulThreaded() gathers a thin slice of a wide array", () => {
  const rng = new Random(20);
  // Rows 1000 elements apart, 6 of them read: mostly gaps, copied densely.
  const data = new Float32Array(64 * 1000).map(() => rng.uniform(-1, 1));
  const a = { data, offset: 3, strides: [0, 1000, 1] } as const;
  const bT = { data, offset: 500, strides: [0, 1, 1000] } as const;
  for (const [kernel, single] of [["wasm", matmulWasm], ["ts", matmulTs]] as const) {
    const expected = new Float32Array(64 * 48);
    const actual = new Float32Array(64 * 48);
    single(a, bT, expected, 1, 64, 6, 48);
    matmulThreaded(kernel, a, bT, actual, 1, 64, 6, 48);
    assert.deepEqual(actual, expected, kernel);
  }
});

Deno.test("matmulThreaded() grows its shared buffer for a large product", () => {
  const rng = new Random(8);
  // 2 x 700 x 800 float64 operands: several MiB, past the initial 1 MiB buffer.
  const a = operand(rng, Float64Array, 2, 700, 800, "contiguous");
  const b = operand(rng, Float64Array, 2, 800, 30, "transposed");
  const expected = new Float64Array(2 * 700 * 30);
  const actual = new Float64Array(2 * 700 * 30);
  matmulWasm(a, b, expected, 2, 700, 800, 30);
  matmulThreaded("wasm", a, b, actual, 2, 700, 800, 30);
  assert.deepEqual(actual, expected);
});

Deno.test("matmulThreaded() keeps a small product on the calling thread", () => {
  setMinWork(undefined);
  try {
    // 32 rows would split in two, but 32·8·8 multiply-adds are too few to pay.
    const a = operand(new Random(9), Float32Array, 1, 32, 8, "contiguous");
    const b = operand(new Random(9), Float32Array, 1, 8, 8, "contiguous");
    const out = new Float32Array(256);
    const expected = new Float32Array(256);
    const before = productsSplit();
    matmulThreaded("wasm", a, b, out, 1, 32, 8, 8);
    assert.equal(productsSplit(), before);
    matmulWasm(a, b, expected, 1, 32, 8, 8);
    assert.deepEqual(out, expected);
  } finally {
    setMinWork(0);
  }
});

Deno.test("setPoolThreads() stops and restarts the workers", () => {
  setPoolThreads(1);
  assert.equal(poolThreads(), 1);
  setPoolThreads(3);
  assert.equal(poolThreads(), 3);
  const rng = new Random(10);
  const a = operand(rng, Float32Array, 1, 100, 20, "contiguous");
  const b = operand(rng, Float32Array, 1, 20, 50, "contiguous");
  const expected = new Float32Array(5000);
  const actual = new Float32Array(5000);
  matmulWasm(a, b, expected, 1, 100, 20, 50);
  matmulThreaded("wasm", a, b, actual, 1, 100, 20, 50); // three slices of rows
  assert.deepEqual(actual, expected);
  setPoolThreads(2);
});
