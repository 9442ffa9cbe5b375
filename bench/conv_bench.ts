/**
 * `conv2d` forward + backward on the first layer shape of a small MNIST CNN:
 * x `[64, 8, 26, 26]`, weight `[16, 8, 3, 3]` and a bias, float32, gradients
 * with respect to all three for a fixed upstream gradient. Its PyTorch twin,
 * `bench/conv_bench.py`, times the same step (`torch.set_num_threads(1)`).
 *
 * `deno run bench/conv_bench.ts` prints one JSON line,
 * `{"workload":"conv2d-64x8x26x26-16x3x3","impl":"nabla","ms":...}`, the
 * median time of one step; `--iterations N` sets how many steps are timed
 * (default 30, after 5 of warm-up), `--phases` adds the median time of each
 * part (forward, backward) to the line, `--clock cpu` times the CPU this
 * process used instead of the elapsed time (comparable on a busy machine).
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { Random } from "../random/mod.ts";
import { conv2d, randn, type Tensor } from "../tensor/mod.ts";
import { median } from "./_harness.ts";

/** The workload's name, shared with bench/conv_bench.py. */
export const WORKLOAD = "conv2d-64x8x26x26-16x3x3";

/** Seeded inputs: x, weight and bias requiring grad, and the upstream gradient. */
export function setup(seed = 0): { x: Tensor; weight: Tensor; bias: Tensor; gradOutput: Tensor } {
  const generator = new Random(seed);
  const leaf = (shape: number[]) => randn(shape, { generator, requiresGrad: true });
  return {
    x: leaf([64, 8, 26, 26]),
    weight: leaf([16, 8, 3, 3]),
    bias: leaf([16]),
    gradOutput: randn([64, 16, 24, 24], { generator }),
  };
}

/** Milliseconds of elapsed time. */
const wallClock = (): number => performance.now();

/** Milliseconds of CPU time used by this process (all threads). */
export function cpuClock(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * One step: forward, then backward into fresh gradients; returns the phase
 * times in ms on `clock` (elapsed time by default).
 */
export function step(
  s: ReturnType<typeof setup>,
  clock: () => number = wallClock,
): { forward: number; backward: number } {
  s.x.grad = null;
  s.weight.grad = null;
  s.bias.grad = null;
  const t0 = clock();
  const y = conv2d(s.x, s.weight, s.bias);
  const t1 = clock();
  y.backward(s.gradOutput);
  const t2 = clock();
  return { forward: t1 - t0, backward: t2 - t1 };
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: {
      iterations: { type: "string", default: "30" },
      phases: { type: "boolean" },
      clock: { type: "string", default: "wall" },
    },
  });
  const clock = args.values.clock === "cpu" ? cpuClock : wallClock;
  const iterations = Number(args.values.iterations);
  const s = setup();
  for (let i = 0; i < 5; i++) step(s, clock);
  const forward: number[] = [];
  const backward: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = step(s, clock);
    forward.push(t.forward);
    backward.push(t.backward);
    total.push(t.forward + t.backward);
  }
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const line: Record<string, unknown> = {
    workload: WORKLOAD,
    impl: "nabla",
    ms: round(median(total)),
  };
  if (args.values.phases) {
    line.forwardMs = round(median(forward));
    line.backwardMs = round(median(backward));
  }
  console.log(JSON.stringify(line));
}
