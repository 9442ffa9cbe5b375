/**
 * The timing protocol every TypeScript contender of `bench/compare.ts` follows
 * (`bench/_harness.py` is its Python twin): warm up, then time steady-state
 * samples for a budget, and print ONE JSON line on stdout,
 * `{"workload": ..., "impl": ..., "ms": <median ms per step>, ...}`.
 *
 * Flags read from the command line: `--warmup-calls N` (default 3),
 * `--warmup-ms N` (default 1000), `--budget-ms N` (default 3000),
 * `--min-samples N` (default 5), `--clock wall|cpu` (default wall: `cpu` times
 * the CPU this process used, all its threads summed, instead of the elapsed
 * time: on a busy machine that is the figure that stays comparable between
 * single-threaded contenders).
 *
 * @module
 */
import process from "node:process";

/** How long to warm up and to sample. */
export interface Budget {
  /** Fewest warm-up calls. */
  warmupCalls: number;
  /** Warm-up time before any sample is kept, in ms. */
  warmupMs: number;
  /** Sampling time, in ms (at least `minSamples` samples are always taken). */
  budgetMs: number;
  /** Fewest samples to take. */
  minSamples: number;
}

/** What a contender measured: the median and the spread of its samples. */
export interface Timing {
  /** Median ms per step over the samples. */
  ms: number;
  /** Fastest sample, ms per step. */
  minMs: number;
  /** Number of samples. */
  samples: number;
  /** Steps timed together in one sample (short steps are batched to ~10 ms). */
  reps: number;
}

/** The value of `--name` on the command line, or `fallback`. */
export function flag(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : fallback;
}

/** The budget from `--warmup-calls`, `--warmup-ms`, `--budget-ms` and `--min-samples`. */
export function budgetFromArgs(): Budget {
  return {
    warmupCalls: Number(flag("warmup-calls", "3")),
    warmupMs: Number(flag("warmup-ms", "1000")),
    budgetMs: Number(flag("budget-ms", "3000")),
    minSamples: Number(flag("min-samples", "5")),
  };
}

/** Milliseconds on the clock `--clock` picks: elapsed time, or CPU time of the whole process. */
const now: () => number = flag("clock", "wall") === "cpu"
  ? () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  : () => performance.now();

/**
 * The median of some samples (the mean of the middle two for an even count).
 * @param xs The samples, left unchanged.
 * @returns Their median.
 */
export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Samples shorter than this are noise-dominated: several steps are timed together.
const MIN_SAMPLE_MS = 10;

/**
 * Times `step` (sync or async): warm-up calls first (not kept), then samples
 * of `reps` calls each until the budget is spent.
 */
export async function measure(
  step: () => unknown,
  budget: Budget,
): Promise<Timing> {
  // A synchronous step is called in a plain loop: no microtask per call.
  const first = step();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  const run = isAsync
    ? async (reps: number) => {
      for (let r = 0; r < reps; r++) await step();
    }
    : (reps: number) => {
      for (let r = 0; r < reps; r++) step();
    };
  let calls = 1;
  const warmStart = performance.now();
  while (calls < budget.warmupCalls || performance.now() - warmStart < budget.warmupMs) {
    await run(1);
    calls++;
  }
  const estimate = (performance.now() - warmStart) / (calls - 1);
  const reps = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(estimate, 1e-3)));
  const times: number[] = [];
  const start = performance.now();
  while (times.length < budget.minSamples || performance.now() - start < budget.budgetMs) {
    const t0 = now();
    await run(reps);
    times.push((now() - t0) / reps);
  }
  return { ms: median(times), minMs: Math.min(...times), samples: times.length, reps };
}

/**
 * Peak resident memory of this process so far, in MiB: `getrusage()`'s
 * `ru_maxrss`, the kernel's high-water mark, as Python's
 * `resource.getrusage()` reports it for the Python contenders.
 */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints the one JSON line the driver reads. */
export function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}
