/**
 * Matrix-multiply kernel against a naive triple loop, on square float32
 * matrices and on the products of an MNIST 784-256-256-10 MLP at batch 64
 * (forward, and the backward products on transposed views).
 *
 * `deno bench bench/matmul_bench.ts` times both (the naive loop is each
 * group's baseline, so the speed-up prints as a ratio);
 * `deno run bench/matmul_bench.ts` prints a GFLOP/s table (2·m·k·n / time).
 *
 * @module
 */
import { matmul, type MatmulOperand } from "../tensor/kernels/matmul.ts";
import { matmul as matmulWasm } from "../tensor/kernels/matmul_wasm.ts";
import { WASM } from "../tensor/kernels/wasm.ts";
import { Random } from "../random/mod.ts";
import { rand } from "../tensor/mod.ts";

/** One product `[m, k] @ [k, n]`; a transposed operand is a view of row-major storage. */
interface Case {
  name: string;
  m: number;
  k: number;
  n: number;
  /** A is the transposed view of a row-major `[k, m]` array. */
  transposeA?: boolean;
  /** B is the transposed view of a row-major `[n, k]` array. */
  transposeB?: boolean;
}

const CASES: Case[] = [
  { name: "square 128", m: 128, k: 128, n: 128 },
  { name: "square 512", m: 512, k: 512, n: 512 },
  { name: "square 1024", m: 1024, k: 1024, n: 1024 },
  { name: "mlp fwd 64x784 @ 784x256", m: 64, k: 784, n: 256 },
  { name: "mlp fwd 64x256 @ 256x256", m: 64, k: 256, n: 256 },
  { name: "mlp fwd 64x256 @ 256x10", m: 64, k: 256, n: 10 },
  { name: "mlp dW Xᵀ(784x64) @ dY(64x256)", m: 784, k: 64, n: 256, transposeA: true },
  { name: "mlp dX dY(64x256) @ Wᵀ(256x784)", m: 64, k: 256, n: 784, transposeB: true },
  // The layouts Tensor.matmul hands the kernel in bench/train_step_bench.ts:
  // forward x @ W.T (B a transposed view), weight gradients as gᵀ @ x.
  { name: "step fwd x(64x784) @ W1ᵀ(784x256)", m: 64, k: 784, n: 256, transposeB: true },
  { name: "step dW1 g1ᵀ(256x64) @ x(64x784)", m: 256, k: 64, n: 784, transposeA: true },
  { name: "step dW3 g3ᵀ(10x64) @ h2(64x256)", m: 10, k: 64, n: 256, transposeA: true },
];

/**
 * Naive reference: i-j-k triple loop reading both operands through their
 * strides (one dot product per output). Not the kernel under test.
 */
function naiveMatmul(
  a: MatmulOperand,
  b: MatmulOperand,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
): void {
  const [aBatch, aRow, aCol] = a.strides;
  const [bBatch, bRow, bCol] = b.strides;
  let o = 0;
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let ai = a.offset + t * aBatch + i * aRow;
        let bi = b.offset + t * bBatch + j * bCol;
        for (let p = 0; p < k; p++, ai += aCol, bi += bRow) sum += a.data[ai] * b.data[bi];
        out[o++] = sum;
      }
    }
  }
}

/** Float32 operands (seeded) and an output buffer for one case. */
function setup({ m, k, n, transposeA, transposeB }: Case) {
  const rng = new Random(0);
  const fill = (size: number) => {
    const x = new Float32Array(size);
    for (let i = 0; i < size; i++) x[i] = rng.uniform(-1, 1);
    return x;
  };
  const a: MatmulOperand = {
    data: fill(m * k),
    offset: 0,
    strides: transposeA ? [0, 1, m] : [0, k, 1],
  };
  const b: MatmulOperand = {
    data: fill(k * n),
    offset: 0,
    strides: transposeB ? [0, 1, k] : [0, n, 1],
  };
  return { a, b, out: new Float32Array(m * n) };
}

const KERNELS = [
  { label: "naive i-j-k reference", fn: naiveMatmul },
  { label: "matmul kernel", fn: matmul },
  { label: "wasm simd kernel", fn: matmulWasm },
];

if (import.meta.main) {
  // `deno run`: best-of timing per case, printed as GFLOP/s.
  const build = WASM === null
    ? "none"
    : WASM.relaxed
    ? "relaxed-simd (fused multiply-add)"
    : "simd128";
  console.log(`WebAssembly build in use: ${build}\n`);
  console.log(
    "| shape | naive GFLOP/s | kernel GFLOP/s | speed-up | wasm GFLOP/s | wasm / kernel |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const c of CASES) {
    const { a, b, out } = setup(c);
    const flops = 2 * c.m * c.k * c.n;
    const rates = KERNELS.map(({ fn }) => {
      const reps = Math.max(1, Math.round(2e7 / flops));
      let best = Infinity;
      const start = performance.now();
      for (let r = 0; r < 3 || performance.now() - start < 1000; r++) {
        const t0 = performance.now();
        for (let q = 0; q < reps; q++) fn(a, b, out, 1, c.m, c.k, c.n);
        best = Math.min(best, (performance.now() - t0) / reps);
      }
      return flops / best / 1e6;
    });
    console.log(
      `| ${c.name} | ${rates[0].toFixed(2)} | ${rates[1].toFixed(2)} | ${
        (rates[1] / rates[0]).toFixed(1)
      }x | ${rates[2].toFixed(2)} | ${(rates[2] / rates[1]).toFixed(1)}x |`,
    );
  }
} else {
  // The op around the kernel: validation, views, allocation and the autograd record.
  const x = rand([64, 784]);
  const w = rand([256, 784], { requiresGrad: true });
  const { a, b, out } = setup(CASES.find((c) => c.name.startsWith("step fwd"))!);
  Deno.bench({
    name: "x.matmul(w.T), w requiring grad",
    group: "Tensor.matmul overhead (64x784 @ 784x256)",
    fn: () => {
      x.matmul(w.T);
    },
  });
  Deno.bench({
    name: "kernel alone",
    group: "Tensor.matmul overhead (64x784 @ 784x256)",
    baseline: true,
    fn: () => matmul(a, b, out, 1, 64, 784, 256),
  });
  for (const c of CASES) {
    const { a, b, out } = setup(c);
    const slow = c.m * c.k * c.n > 1e8; // a naive 1024³ takes seconds: fewer runs
    for (const { label, fn } of KERNELS) {
      Deno.bench({
        name: `${c.name}: ${label}`,
        group: c.name,
        baseline: fn === naiveMatmul,
        ...(slow ? { n: 3, warmup: 1 } : {}),
        fn: () => fn(a, b, out, 1, c.m, c.k, c.n),
      });
    }
  }
}
