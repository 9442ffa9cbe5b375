/**
 * Whether nabla's training loop keeps memory flat: the MLP step of
 * `bench/tensor_bench.ts` (784-256-256-10, batch 64, SGD) run `--steps` times
 * (default 10,000) in one synchronous loop, with the resident set size
 * sampled every 100 steps, and every 500 the live memory (V8's used heap
 * plus the array buffers it tracks: what a leak would grow), after a full
 * garbage collection when run with `--v8-flags=--expose-gc`. Prints one JSON
 * line: each after the warm-up (step 1,000, or a tenth of the run), at the
 * end and at its highest, and its least-squares slope over the steps after
 * the warm-up, in MiB per 1,000 steps (about 0 when flat). RSS can step up
 * once while live memory stays flat: V8 enlarges its young generation once
 * the bytes that survived its scavenges add up to its capacity, so the fewer
 * JavaScript objects a step allocates (printed as `allocatedKiBPerStep`), the
 * later that happens; with `--v8-flags=--max-semi-space-size=4` it never does.
 * The young generation's size at the end is printed as `newSpaceMiB`.
 *
 * `deno run --allow-read --v8-flags=--expose-gc bench/memory_flat.ts --steps 10000`
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
// With `--v8-flags=--expose-gc`, live memory is measured after a full collection.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
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
  if (step % 500 === 0) {
    // What is still reachable, not the garbage awaiting collection: a second
    // full collection frees the array buffers the first one only unlinked.
    collectGarbage?.();
    collectGarbage?.();
    const usage = Deno.memoryUsage();
    live.push([step, mib(usage.heapUsed + usage.external)]);
  }
}
const seconds = (performance.now() - start) / 1000;
// Includes the collections every 500 steps, a small share of the total.
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
report({
  workload: "memory-flat",
  impl: "nabla",
  steps,
  seconds,
  rssAfterWarmupMiB: afterWarmup(samples),
  warmupSteps: warmup,
  rssEndMiB: samples[samples.length - 1][1],
  rssMaxMiB: Math.max(...samples.map(([, r]) => r)),
  slopeMiBPer1000Steps: slopeOf(samples),
  liveAfterWarmupMiB: afterWarmup(live),
  liveEndMiB: live[live.length - 1][1],
  liveMaxMiB: Math.max(...live.map(([, r]) => r)),
  liveSlopeMiBPer1000Steps: slopeOf(live),
  liveAfterFullGc: collectGarbage !== undefined,
  allocatedKiBPerStep,
  newSpaceMiB: newSpace === undefined ? NaN : mib(newSpace.space_size),
  peakRssMiB: peakRssMiB(),
  firstLoss,
  lastLoss,
});
