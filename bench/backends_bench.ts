/**
 * Each matmul backend and thread count on the same workloads, against
 * PyTorch at 1 and 2 threads (`bench/backends_torch.py`, through Debian's
 * `python3-torch` when present), interleaved in rounds:
 *
 * - `matmul128`, `matmul512`, `matmul1024`: float32 `[n, n] @ [n, n]` with the
 *   backend's kernel (as `Tensor.matmul` calls it), in GFLOP/s;
 * - `mlp64`, `mlp256`: one SGD step (lr 0.01) of a 784-256-256-10 ReLU MLP with
 *   softmax cross-entropy at batch 64 / 256, the loss read back as a number,
 *   in samples/s.
 *
 * ```sh
 * deno run --allow-read --allow-env --allow-ffi --allow-run bench/backends_bench.ts
 *   [--rounds 3] [--budget-ms 1500] [--configs wasm:1,wasm:2,blas:1,blas:2] [--no-torch]
 * ```
 *
 * prints a table of medians over the rounds, then the ratios the issue's
 * targets are read from (2 threads against 1; nabla against PyTorch at equal
 * threads). One workload on one configuration, for `bench/compare*`:
 *
 * ```sh
 * deno run --allow-ffi bench/backends_bench.ts --workload mlp256 --backend blas --threads 2
 * ```
 *
 * prints one JSON line `{"workload", "impl", "ms", "minMs", "samples", "reps"}`.
 * `--threshold` instead times products of growing size on 1 and 2 threads,
 * to place `MIN_WORK` in `tensor/kernels/matmul_threads.ts`.
 *
 * @module
 */
import { Random } from "../random/mod.ts";
import {
  type Backend,
  isBackendAvailable,
  noGrad,
  rand,
  randint,
  setBackend,
  setNumThreads,
  type Tensor,
} from "../tensor/mod.ts";
import { matmul as matmulKernel } from "../tensor/kernels/backend.ts";
import { setMinWork } from "../tensor/kernels/matmul_threads.ts";
import { blasInfo } from "../tensor/kernels/matmul_blas.ts";

/** The workloads, by name. */
export const WORKLOADS = ["matmul128", "matmul512", "matmul1024", "mlp64", "mlp256"] as const;
/** One of {@linkcode WORKLOADS}. */
export type Workload = (typeof WORKLOADS)[number];

/** What one measurement found. */
export interface Timing {
  /** Median ms per step. */
  ms: number;
  /** Fastest sample, ms per step. */
  minMs: number;
  /** Samples taken. */
  samples: number;
  /** Steps per sample. */
  reps: number;
}

/** A backend and a thread count, as `setBackend` and `setNumThreads` take them. */
export interface Config {
  backend: Backend;
  threads: number;
}

const SIZES = [784, 256, 256, 10];

/** One SGD step of the MLP at `batch`; returns the step (which returns the loss). */
export function mlpStep(batch: number): () => number {
  const rng = new Random(0);
  const params: Tensor[] = [];
  const layers = SIZES.slice(1).map((out, i) => {
    const bound = 1 / Math.sqrt(SIZES[i]);
    const uniform = (shape: number[]) => {
      const t = noGrad(() => rand(shape, { generator: rng }).mul(2 * bound).sub(bound));
      t.requiresGrad = true;
      params.push(t);
      return t;
    };
    return { weight: uniform([out, SIZES[i]]), bias: uniform([out]) };
  });
  const x = rand([batch, SIZES[0]], { generator: rng });
  const target = randint(0, SIZES[3], [batch, 1], { generator: rng });
  return () => {
    let h = x;
    layers.forEach(({ weight, bias }, i) => {
      h = h.matmul(weight.T).add(bias);
      if (i < layers.length - 1) h = h.relu();
    });
    const loss = h.logSoftmax(1).gather(1, target).mean().neg();
    loss.backward();
    noGrad(() => {
      for (const p of params) p.sub_(p.grad!, { alpha: 0.01 });
    });
    for (const p of params) p.grad = null;
    return loss.item();
  };
}

/** A float32 `[n, n] @ [n, n]` product on the selected backend's kernel. */
export function matmulStep(n: number): () => void {
  const rng = new Random(0);
  const fill = () => new Float32Array(n * n).map(() => rng.uniform(0, 1));
  const a = { data: fill(), offset: 0, strides: [0, n, 1] as const };
  const b = { data: fill(), offset: 0, strides: [0, n, 1] as const };
  const out = new Float32Array(n * n);
  return () => matmulKernel(a, b, out, 1, n, n, n);
}

/** The step of a workload (build it after selecting the backend). */
export function workloadStep(workload: Workload): () => unknown {
  if (workload.startsWith("mlp")) return mlpStep(Number(workload.slice(3)));
  return matmulStep(Number(workload.slice(6)));
}

/** Work of one step: FLOPs for a product, samples for an MLP step. */
function unitsPerStep(workload: Workload): number {
  if (workload.startsWith("mlp")) return Number(workload.slice(3));
  const n = Number(workload.slice(6));
  return 2 * n * n * n;
}

/** Selects a configuration (thread count first, so that no pool starts for nothing). */
export function select(config: Config): void {
  setBackend(config.backend);
  setNumThreads(config.threads);
}

/** Median ms per step: warm-up, then samples of at least ~10 ms each for `budgetMs`. */
export function measure(step: () => unknown, budgetMs: number, warmupMs = 300): Timing {
  let start = performance.now();
  let calls = 0;
  while (performance.now() - start < warmupMs || calls < 3) {
    step();
    calls++;
  }
  const reps = Math.max(1, Math.floor(10 / ((performance.now() - start) / calls)));
  const samples: number[] = [];
  start = performance.now();
  while (performance.now() - start < budgetMs || samples.length < 5) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) step();
    samples.push((performance.now() - t0) / reps);
  }
  samples.sort((x, y) => x - y);
  return { ms: samples[samples.length >> 1], minMs: samples[0], samples: samples.length, reps };
}

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((x, y) => x - y);
  return s[s.length >> 1];
}

const label = (c: Config) => `nabla ${c.backend} x${c.threads}`;

/** Runs `bench/backends_torch.py` at `threads`; its timings by workload, or null without torch. */
async function torchRound(
  threads: number,
  budgetMs: number,
): Promise<Map<Workload, Timing & { torch: string; blas: string }> | null> {
  try {
    const { code, stdout } = await new Deno.Command("/usr/bin/python3", {
      args: [
        new URL("backends_torch.py", import.meta.url).pathname,
        "--threads",
        String(threads),
        "--budget-ms",
        String(budgetMs),
        "--workloads",
        WORKLOADS.join(","),
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (code !== 0) return null;
    const lines = new TextDecoder().decode(stdout).trim().split("\n").map((l) => JSON.parse(l));
    return new Map(lines.map((l) => [l.workload, l]));
  } catch {
    return null;
  }
}

/** `--threshold`: split products of growing size on 2 threads against 1. */
function threshold(): void {
  console.log("m=k=n   work (2^x)   1 thread ms   2 threads ms   ratio");
  for (const n of [32, 48, 64, 80, 96, 128, 160, 192, 256]) {
    const step = matmulStep(n);
    select({ backend: "wasm", threads: 1 });
    const one = measure(step, 400).ms;
    select({ backend: "wasm", threads: 2 });
    setMinWork(0);
    const two = measure(step, 400).ms;
    setMinWork(undefined);
    console.log(
      `${String(n).padStart(5)}   ${Math.log2(n * n * n).toFixed(1).padStart(10)}   ` +
        `${one.toFixed(4).padStart(11)}   ${two.toFixed(4).padStart(12)}   ${
          (one / two).toFixed(2).padStart(5)
        }`,
    );
  }
  select({ backend: "wasm", threads: 1 });
}

async function table(): Promise<void> {
  const rounds = Number(flag("rounds") ?? 3);
  const budgetMs = Number(flag("budget-ms") ?? 1500);
  const configs: Config[] = (flag("configs") ?? "wasm:1,wasm:2,blas:1,blas:2").split(",")
    .map((s) => s.split(":"))
    .map(([backend, threads]) => ({ backend: backend as Backend, threads: Number(threads) }))
    .filter((c) => c.backend !== "blas" || isBackendAvailable("blas"));
  const withTorch = !Deno.args.includes("--no-torch");
  const results = new Map<string, Map<Workload, number[]>>();
  const record = (impl: string, w: Workload, ms: number) => {
    if (!results.has(impl)) results.set(impl, new Map());
    const byWorkload = results.get(impl)!;
    byWorkload.set(w, [...(byWorkload.get(w) ?? []), ms]);
  };
  const torchInfo = new Set<string>();
  for (let r = 0; r < rounds; r++) {
    for (const config of configs) {
      select(config);
      for (const w of WORKLOADS) record(label(config), w, measure(workloadStep(w), budgetMs).ms);
      select({ backend: "wasm", threads: 1 });
    }
    if (withTorch) {
      for (const threads of [1, 2]) {
        const timings = await torchRound(threads, budgetMs);
        if (timings === null) continue;
        for (const [w, t] of timings) {
          record(`pytorch x${threads}`, w, t.ms);
          torchInfo.add(`PyTorch ${t.torch} x${threads} (${t.blas})`);
        }
      }
    }
    console.error(`round ${r + 1} of ${rounds} done`);
  }

  const blas = blasInfo();
  console.log(
    `${new Date().toISOString().slice(0, 10)}, Deno ${Deno.version.deno}, ` +
      `${navigator.hardwareConcurrency} threads; ${[...torchInfo].join(", ") || "no PyTorch"}; ` +
      `BLAS: ${blas ? `${blas.path} (${blas.config ?? "not OpenBLAS"})` : "none"}`,
  );
  console.log(`medians of ${rounds} interleaved rounds`);
  const impls = [...results.keys()];
  const value = (impl: string, w: Workload) => {
    const ms = results.get(impl)?.get(w);
    return ms === undefined ? undefined : unitsPerStep(w) / (median(ms) / 1000);
  };
  const header = ["", ...WORKLOADS.map((w) => (w.startsWith("mlp") ? `${w} samples/s` : w))];
  const rows = impls.map((impl) => [
    impl,
    ...WORKLOADS.map((w) => {
      const v = value(impl, w);
      if (v === undefined) return "-";
      return w.startsWith("mlp") ? v.toFixed(0) : `${(v / 1e9).toFixed(1)} GFLOP/s`;
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    console.log(
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join("  "),
    );
  }
  const ratio = (x: string, y: string, w: Workload) => {
    const a = value(x, w);
    const b = value(y, w);
    return a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`;
  };
  console.log("\nratios (higher is better for the first)");
  const pairs: [string, string][] = [
    ["nabla wasm x2", "nabla wasm x1"],
    ["nabla blas x2", "nabla blas x1"],
    ["nabla blas x1", "pytorch x1"],
    ["nabla blas x2", "pytorch x2"],
    ["nabla wasm x1", "pytorch x1"],
    ["nabla wasm x2", "pytorch x2"],
  ];
  for (const [x, y] of pairs) {
    if (!results.has(x) || !results.has(y)) continue;
    console.log(`${x} / ${y}: ${WORKLOADS.map((w) => `${w} ${ratio(x, y, w)}`).join(", ")}`);
  }
}

if (import.meta.main) {
  const workload = flag("workload") as Workload | undefined;
  if (Deno.args.includes("--threshold")) {
    threshold();
  } else if (workload !== undefined) {
    if (!WORKLOADS.includes(workload)) throw new Error(`unknown workload ${workload}`);
    const config = {
      backend: (flag("backend") ?? "wasm") as Backend,
      threads: Number(flag("threads") ?? 1),
    };
    select(config);
    const timing = measure(workloadStep(workload), Number(flag("budget-ms") ?? 3000), 1000);
    console.log(JSON.stringify({ workload, impl: label(config), ...timing }));
  } else {
    await table();
  }
}
