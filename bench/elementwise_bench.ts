/**
 * Float32 elementwise kernels of `tensor/kernels/cpu.ts`: the TypeScript loops
 * against the WebAssembly SIMD loops of `elementwise_wasm.ts` (with their
 * copies in and out), on the same contiguous operands, at the sizes of an
 * MNIST MLP's activations (64 x 256 = 16k) and weights (784 x 256 = 200k).
 *
 * `deno bench bench/elementwise_bench.ts` times each pair (the TypeScript loop
 * is each group's baseline); `deno run bench/elementwise_bench.ts` prints a
 * table of nanoseconds per element and the ratio.
 *
 * @module
 */
import * as cpu from "../tensor/kernels/cpu.ts";
import { useWasmElementwise } from "../tensor/kernels/elementwise_wasm.ts";
import { Random } from "../random/mod.ts";

interface Case {
  name: string;
  n: number;
  run: () => void;
}

function cases(rows: number, cols: number): Case[] {
  const rng = new Random(0);
  const n = rows * cols;
  const fill = (size: number) => new Float32Array(size).map(() => rng.uniform(-1, 1));
  const shape = [rows, cols];
  const view = (data: Float32Array): cpu.View => ({ data, shape, strides: [cols, 1], offset: 0 });
  const a = view(fill(n));
  const b = view(fill(n));
  const bias: cpu.View = { data: fill(cols), shape, strides: [0, 1], offset: 0 };
  const target = view(fill(n));
  const size = `[${rows}, ${cols}]`;
  return [
    { name: `add ${size}`, n, run: () => cpu.binary("add", a, b, "float32") },
    { name: `add bias row ${size}`, n, run: () => cpu.binary("add", a, bias, "float32") },
    { name: `relu ${size}`, n, run: () => cpu.unary("relu", a, "float32") },
    { name: `relu backward ${size}`, n, run: () => cpu.reluBackward(a, b, "float32") },
    { name: `add_ alpha (SGD) ${size}`, n, run: () => cpu.inplace("add", target, b, -1e-9) },
    { name: `sum over rows ${size}`, n, run: () => cpu.reduce("sum", a, [0], "float32") },
  ];
}

const ALL = [...cases(64, 256), ...cases(784, 256)];

/** Best time of one call, in milliseconds. */
function best(run: () => void): number {
  let min = Infinity;
  const start = performance.now();
  for (let r = 0; r < 20 || performance.now() - start < 400; r++) {
    const t0 = performance.now();
    for (let q = 0; q < 10; q++) run();
    min = Math.min(min, (performance.now() - t0) / 10);
  }
  return min;
}

if (import.meta.main) {
  console.log("| kernel | TypeScript ns/element | wasm ns/element | speed-up |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const c of ALL) {
    useWasmElementwise(false);
    const ts = best(c.run);
    useWasmElementwise(true);
    const wasm = best(c.run);
    const ns = (ms: number) => (ms * 1e6 / c.n).toFixed(3);
    console.log(`| ${c.name} | ${ns(ts)} | ${ns(wasm)} | ${(ts / wasm).toFixed(1)}x |`);
  }
} else {
  for (const c of ALL) {
    Deno.bench({
      name: `${c.name}: TypeScript`,
      group: c.name,
      baseline: true,
      fn: () => {
        useWasmElementwise(false);
        c.run();
        useWasmElementwise(true);
      },
    });
    Deno.bench({ name: `${c.name}: wasm`, group: c.name, fn: c.run });
  }
}
