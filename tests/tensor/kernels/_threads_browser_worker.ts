/**
 * The Worker of `threads_browser_test.ts`: asks for two threads, multiplies
 * until a product has been split (browser workers start asynchronously), and
 * posts what happened, with whether the result matched one thread bit for bit.
 */
import { setNumThreads } from "../../../tensor/mod.ts";
import {
  matmulThreaded,
  poolThreads,
  productsSplit,
} from "../../../tensor/kernels/matmul_threads.ts";
import { matmul as matmulWasm } from "../../../tensor/kernels/matmul_wasm.ts";
import { Random } from "../../../random/mod.ts";

const warnings: string[] = [];
const warn = console.warn;
console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
setNumThreads(2);
console.warn = warn;

const rng = new Random(16);
const [m, k, n] = [200, 150, 100];
const a = {
  data: new Float32Array(m * k).map(() => rng.uniform(-1, 1)),
  offset: 0,
  strides: [0, k, 1] as const,
};
const b = {
  data: new Float32Array(k * n).map(() => rng.uniform(-1, 1)),
  offset: 0,
  strides: [0, 1, k] as const,
};
const expected = new Float32Array(m * n);
matmulWasm(a, b, expected, 1, m, k, n);

const post = (globalThis as unknown as { postMessage(x: unknown): void }).postMessage;
const deadline = performance.now() + 15_000;
let identical = true;
let tries = 0;
while (poolThreads() > 1 && productsSplit() === 0 && performance.now() < deadline) {
  const out = new Float32Array(m * n);
  matmulThreaded("wasm", a, b, out, 1, m, k, n);
  identical &&= out.every((x, i) => Object.is(x, expected[i]));
  tries++;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
post({ warnings, poolThreads: poolThreads(), split: productsSplit(), identical, tries });
