/**
 * Whether nabla's training loop keeps memory flat: the MLP step of
 * `bench/tensor_bench.ts` (784-256-256-10, batch 64, SGD) run `--steps` times
 * (default 10,000) in one synchronous loop. Two measurements, one per run,
 * since the second perturbs the first:
 *
 * - By default, the resident set size, sampled every 100 steps, in a process
 *   that runs the loop and nothing else (no forced collection).
 * - With `--live` (and `--v8-flags=--expose-gc`), the live memory every 500
 *   steps: V8's used heap plus the array buffers it tracks, after two full
 *   collections (what a leak would grow). Those collections change how V8
 *   schedules the next ones, so this run's RSS is not the ordinary one.
 *
 * Prints one JSON line: each series after the warm-up (step 1,000, or a tenth
 * of the run), at the end and at its highest, and its least-squares slope over
 * the steps after the warm-up, in MiB per 1,000 steps (about 0 when flat);
 * also the JavaScript bytes allocated per step and V8's young-generation size
 * at the end. RSS can step up once while live memory stays flat: V8 enlarges
 * its young generation for good once the bytes that survived its scavenges
 * add up to its size, and the more JavaScript objects a step allocates, the
 * sooner that happens.
 *
 * `deno run --allow-read bench/memory_flat.ts --steps 10000`
 * `deno run --allow-read --v8-flags=--expose-gc bench/memory_flat.ts --live --steps 10000`
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
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { flag, peakRssMiB, report } from "./_harness.ts";

const steps = Number(flag("steps", "10000"));
const measureLive = Deno.args.includes("--live");
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
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (measureLive && collectGarbage === undefined) {
  throw new Error("memory_flat.ts --live needs --v8-flags=--expose-gc");
}
const samples: [number, number][] = [];
const live: [number, number][] = [];
let firstLoss = NaN;
let lastLoss = NaN;
// V8's count of bytes allocated on the JavaScript heap (undefined where not exposed).
const allocatedBytes = () =>
  (getHeapStatistics() as { total_allocated_bytes?: number }).total_allocated_bytes ?? NaN;
let allocatedAtWarmup = NaN;
const start = performance.now();
for (let step = 1; step <= steps; step++) {
  optimizer.zeroGrad();
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  optimizer.step();
  lastLoss = loss.item();
  if (step === 1) firstLoss = lastLoss;
  if (step === warmup) allocatedAtWarmup = allocatedBytes();
  if (step % 100 === 0) samples.push([step, mib(Deno.memoryUsage().rss)]);
  if (measureLive && step % 500 === 0) {
    // What is still reachable, not the garbage awaiting collection: a second
    // full collection frees the array buffers the first one only unlinked.
    collectGarbage!();
    collectGarbage!();
    const usage = Deno.memoryUsage();
    live.push([step, mib(usage.heapUsed + usage.external)]);
  }
}
const seconds = (performance.now() - start) / 1000;
const allocatedKiBPerStep = (allocatedBytes() - allocatedAtWarmup) / (steps - warmup) / 1024;
const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The least-squares slope after the warm-up, in MiB per 1,000 steps. */
function slopeOf(series: [number, number][]): number {
  const kept = series.filter(([step]) => step >= warmup);
  const sx = mean(kept.map(([s]) => s));
  const sy = mean(kept.map(([, r]) => r));
  return kept.reduce((acc, [s, r]) => acc + (s - sx) * (r - sy), 0) /
    kept.reduce((acc, [s]) => acc + (s - sx) ** 2, 0) * 1000;
}
const afterWarmup = (series: [number, number][]) => series.find(([step]) => step >= warmup)![1];
const series = measureLive
  ? {
    liveAfterWarmupMiB: afterWarmup(live),
    liveEndMiB: live[live.length - 1][1],
    liveMaxMiB: Math.max(...live.map(([, r]) => r)),
    liveSlopeMiBPer1000Steps: slopeOf(live),
  }
  : {
    rssAfterWarmupMiB: afterWarmup(samples),
    rssEndMiB: samples[samples.length - 1][1],
    rssMaxMiB: Math.max(...samples.map(([, r]) => r)),
    slopeMiBPer1000Steps: slopeOf(samples),
  };
report({
  workload: measureLive ? "memory-flat-live" : "memory-flat",
  impl: "nabla",
  steps,
  seconds,
  warmupSteps: warmup,
  ...series,
  allocatedKiBPerStep,
  newSpaceMiB: newSpace === undefined ? NaN : mib(newSpace.space_size),
  peakRssMiB: peakRssMiB(),
  firstLoss,
  lastLoss,
});
