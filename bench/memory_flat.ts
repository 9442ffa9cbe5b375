/**
 * Whether nabla's training loop keeps memory flat: the MLP step of
 * `bench/tensor_bench.ts` (784-256-256-10, batch 64, SGD) run `--steps` times
 * (default 10,000) in one synchronous loop, with the resident set size
 * sampled every 100 steps. Prints one JSON line: RSS after the warm-up
 * (step 1,000, or a tenth of the run), at the end and at its highest, and the
 * least-squares slope of RSS over the steps after the warm-up, in MiB per
 * 1,000 steps (about 0 when flat).
 *
 * `deno run --allow-read bench/memory_flat.ts --steps 10000`
 *
 * @module
 */
import {
  crossEntropy,
  Linear,
  manualSeed,
  rand,
  randint,
  ReLU,
  Sequential,
  SGD,
} from "@nabla/autograd";
import { flag, peakRssMiB, report } from "./_harness.ts";

const steps = Number(flag("steps", "10000"));
const warmup = Math.min(1000, Math.floor(steps / 10));
manualSeed(0);
const model = new Sequential(
  new Linear(784, 256),
  new ReLU(),
  new Linear(256, 256),
  new ReLU(),
  new Linear(256, 10),
);
const optimizer = new SGD(model.parameters(), { lr: 0.01 });
const x = rand([64, 784]);
const y = randint(0, 10, [64]);
const mib = (bytes: number) => bytes / 2 ** 20;
const samples: [number, number][] = [];
let firstLoss = NaN;
let lastLoss = NaN;
const start = performance.now();
for (let step = 1; step <= steps; step++) {
  optimizer.zeroGrad();
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  optimizer.step();
  lastLoss = loss.item();
  if (step === 1) firstLoss = lastLoss;
  if (step % 100 === 0) samples.push([step, mib(Deno.memoryUsage().rss)]);
}
const seconds = (performance.now() - start) / 1000;
const kept = samples.filter(([step]) => step >= warmup);
// Least-squares slope of RSS against the step, in MiB per 1,000 steps.
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sx = mean(kept.map(([s]) => s));
const sy = mean(kept.map(([, r]) => r));
const slope = kept.reduce((acc, [s, r]) => acc + (s - sx) * (r - sy), 0) /
  kept.reduce((acc, [s]) => acc + (s - sx) ** 2, 0) * 1000;
report({
  workload: "memory-flat",
  impl: "nabla",
  steps,
  seconds,
  rssAfterWarmupMiB: kept[0][1],
  warmupSteps: warmup,
  rssEndMiB: samples[samples.length - 1][1],
  rssMaxMiB: Math.max(...samples.map(([, r]) => r)),
  slopeMiBPer1000Steps: slope,
  peakRssMiB: peakRssMiB(),
  firstLoss,
  lastLoss,
});
