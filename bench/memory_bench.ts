/**
 * Resident memory of a training loop: the MLP step of `train_step_bench.ts`
 * (784-256-256-10, softmax cross-entropy, SGD) run in one synchronous loop,
 * printing the process's resident set size (RSS) every 1,000 steps, its peak
 * (sampled every 10 steps) and the buffer pool's counters, so that growth over
 * the run shows. No await inside the loop: garbage-collector callbacks
 * (FinalizationRegistry) cannot run, so whatever stays flat stays flat by
 * deterministic release alone.
 *
 * `deno run bench/memory_bench.ts [batch] [steps]` (defaults 64 and 10,000).
 *
 * @module
 */
import { setup, trainStep } from "./train_step_bench.ts";
import { poolStats } from "../tensor/_pool.ts";

const MiB = 1024 * 1024;
const batch = Number(Deno.args[0] ?? 64);
const steps = Number(Deno.args[1] ?? 10_000);

const rss = () => Deno.memoryUsage().rss;
const start = rss();
const s = setup(0, batch);
let peak = rss();
const rows: string[] = [];
const row = (step: number, now: number) => {
  const m = Deno.memoryUsage();
  const p = poolStats();
  rows.push(
    `| ${step} | ${(now / MiB).toFixed(1)} | ${(peak / MiB).toFixed(1)} | ` +
      `${(m.heapUsed / MiB).toFixed(1)} | ${(m.external / MiB).toFixed(1)} | ` +
      `${(p.pooledBytes / MiB).toFixed(2)} | ${p.fresh} | ${p.reused} |`,
  );
};
row(0, peak);
let loss = NaN;
for (let step = 1; step <= steps; step++) {
  loss = trainStep(s);
  if (step % 10 === 0) peak = Math.max(peak, rss());
  if (step % 1000 === 0 || step === steps) row(step, rss());
}
console.log(
  `memory of the MLP training step, batch ${batch}, ${steps} steps (final loss ${
    loss.toFixed(4)
  }); RSS ${(start / MiB).toFixed(1)} MiB before setup`,
);
console.log(
  "| step | RSS MiB | peak RSS MiB | JS heap MiB | external MiB | pooled MiB | fresh buffers | reused buffers |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(r);
