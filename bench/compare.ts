/**
 * `deno task bench:compare`: nabla against its peers, measured side by side in
 * one run, printed as a markdown table and written as JSON
 * (`out/bench/compare.json`), from which the README's table is regenerated.
 *
 * Protocol
 * - Each (workload, contender) pair is ONE command, run in a fresh process:
 *   it builds its inputs, warms up (not timed), times steady-state samples for
 *   a budget and prints one JSON line `{"workload", "impl", "ms", ...}`, `ms`
 *   being the median ms per step (`bench/_harness.ts`, `bench/_harness.py`).
 *   Steps shorter than 10 ms are timed in batches. The driver passes
 *   `--warmup-calls`, `--warmup-ms`, `--budget-ms` and `--min-samples`.
 * - Rounds are interleaved: every round runs every contender on every
 *   workload once, in an order rotated from round to round, so that drift
 *   (heat, other load) falls on everyone alike. A figure is the median over
 *   rounds of each process's median; the JSON keeps every round.
 * - Figures: samples/s for MLP steps (batch / step time), GFLOP/s for
 *   matmul (2n³ / time), ms per micrograd step, MiB of peak RSS (each MLP
 *   batch-64 process reports its own high-water mark, `getrusage`'s `ru_maxrss`). "×k" next to a
 *   peer's figure: nabla is k times better (faster, or smaller); below 1,
 *   nabla is behind. nabla's other columns (2 threads, OpenBLAS through FFI)
 *   carry no ratio: issue 10's target table compares them.
 * - Once per run: the wasm multiply-add ceiling of one core
 *   (`bench/fma_ceiling.ts`), printed with nabla's matmul as a fraction of it,
 *   and nabla's RSS over 10,000 MLP steps (`bench/memory_flat.ts`).
 * - A contender that cannot run (no PyTorch, npm unreachable, a crash, a
 *   timeout) becomes a note under the table, never a failure of the run.
 *
 * Adding a workload: one entry in `WORKLOADS`, with one command per contender
 * whose script prints that JSON line; a step timed by a nabla script and
 * its PyTorch twin that time themselves is one `modelStep()` line, as the
 * conv, CNN and GPT steps are.
 *
 * Flags: `--quick` (one round, short budgets, 1,000 memory steps: a smoke run
 * of about a minute), `--only a,b` (workload ids or prefixes: `mlp`,
 * `matmul-1024`, `micrograd`, `ceiling`, `memory`), `--contenders a,b`,
 * `--rounds N`, `--python PATH` (default `/usr/bin/python3`), `--out PATH`.
 *
 * @module
 */
import { cpus } from "node:os";
import { flag } from "./_harness.ts";

/** A command line, run from the repository root. */
interface Command {
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}

/** The contenders: a table column each. */
const CONTENDERS = {
  nabla: "nabla",
  "nabla-2t": "nabla, 2 threads",
  "nabla-blas": "nabla + OpenBLAS (FFI), 1 thread",
  jax: "jax-js jit, 1 thread",
  "jax-workers": "jax-js jit, worker pool",
  tfjs: "tfjs-wasm",
  torch: "PyTorch, 1 thread",
  "naive-ts": "naive TS Value",
  "micrograd-py-gc-off": "Python micrograd, GC off",
  "micrograd-py-gc-on": "Python micrograd, GC on",
} as const;
type ContenderId = keyof typeof CONTENDERS;

/** One row of a table: a workload and how each contender runs it. */
interface Workload {
  /** Identifier for `--only` and the JSON. */
  id: string;
  /** Which table it belongs to. */
  group: "tensor" | "scalar";
  /** Row title. */
  title: string;
  /** Unit of the figure shown. */
  unit: string;
  /** The figure shown, from the median ms per step. */
  figure: (ms: number) => number;
  /** Whether a larger figure is better (throughput) or worse (time). */
  higherIsBetter: boolean;
  /** One command per contender. */
  commands: Partial<Record<ContenderId, Command>>;
  /**
   * Whether the scripts take the harness's `--warmup-ms`... flags; false for
   * scripts that time themselves.
   * @default true
   */
  budgetFlags?: boolean;
}

const ROOT = new URL("..", import.meta.url);
const rootPath = decodeURIComponent(ROOT.pathname);

/** `deno run` of a script (Deno flags such as `--v8-flags=...` may come first). */
function deno(...scriptAndArgs: string[]): Command {
  return {
    cmd: Deno.execPath(),
    args: ["run", "--allow-read", "--allow-env", "--allow-sys", "--allow-ffi", ...scriptAndArgs],
  };
}

const PYTHON = flag("python", "/usr/bin/python3");

function python(script: string, ...args: string[]): Command {
  // One thread for OpenBLAS's and OpenMP's pools, whatever the script does.
  return {
    cmd: PYTHON,
    args: [script, ...args],
    env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
  };
}

function mlp(batch: number): Workload {
  const tensor = (impl: string, ...more: string[]) =>
    deno("bench/tensor_bench.ts", "mlp", "--impl", impl, "--batch", `${batch}`, ...more);
  return {
    id: `mlp-${batch}`,
    group: "tensor",
    title: `MLP step, batch ${batch}`,
    unit: "samples/s",
    figure: (ms) => batch / ms * 1000,
    higherIsBetter: true,
    commands: {
      nabla: tensor("nabla"),
      "nabla-2t": tensor("nabla", "--threads", "2"),
      "nabla-blas": tensor("nabla", "--backend", "blas"),
      jax: tensor("jax"),
      "jax-workers": tensor("jax-workers"),
      tfjs: tensor("tfjs"),
      torch: python("bench/torch_bench.py", "mlp", "--batch", `${batch}`),
    },
  };
}

function matmul(n: number): Workload {
  const tensor = (impl: string, ...more: string[]) =>
    deno("bench/tensor_bench.ts", "matmul", "--impl", impl, "--n", `${n}`, ...more);
  return {
    id: `matmul-${n}`,
    group: "tensor",
    title: `matmul ${n}³ float32`,
    unit: "GFLOP/s",
    figure: (ms) => 2 * n ** 3 / ms / 1e6,
    higherIsBetter: true,
    commands: {
      nabla: tensor("nabla"),
      "nabla-2t": tensor("nabla", "--threads", "2"),
      "nabla-blas": tensor("nabla", "--backend", "blas"),
      jax: tensor("jax"),
      "jax-workers": tensor("jax-workers"),
      tfjs: tensor("tfjs"),
      torch: python("bench/torch_bench.py", "matmul", "--n", `${n}`),
    },
  };
}

/**
 * A step timed in ms by a nabla script and its PyTorch twin (`script.ts`,
 * `script.py`), which time themselves and take no budget flags.
 */
function modelStep(id: string, title: string, script: string): Workload {
  return {
    id,
    group: "tensor",
    title,
    unit: "ms",
    figure: (ms) => ms,
    higherIsBetter: false,
    commands: { nabla: deno(`${script}.ts`), torch: python(`${script}.py`) },
    budgetFlags: false,
  };
}

/** Every workload: add one entry (and its scripts) to add a row. */
const WORKLOADS: Workload[] = [
  mlp(64),
  mlp(256),
  matmul(128),
  matmul(512),
  matmul(1024),
  // These scripts time their own steps after a warm-up (conv and cnn: 30 after 5).
  modelStep(
    "conv",
    "conv2d step, x [64, 8, 26, 26], w [16, 8, 3, 3], forward + backward",
    "bench/conv_bench",
  ),
  modelStep(
    "cnn",
    "CNN step of `deno task cnn` (batch 64, batch norm, Adam)",
    "bench/cnn_step_bench",
  ),
  modelStep(
    "gpt",
    "char-GPT step (4 layers, 64 wide, context 32, batch 32): forward, backward, clip, AdamW",
    "bench/gpt_bench",
  ),
  {
    id: "micrograd",
    group: "scalar",
    title: "micrograd step, 2-16-16-1 tanh MLP, 100 points (~68k nodes)",
    unit: "ms",
    figure: (ms) => ms,
    higherIsBetter: false,
    commands: {
      nabla: deno("bench/micrograd_step.ts", "--impl", "nabla"),
      "naive-ts": deno("bench/micrograd_step.ts", "--impl", "naive"),
      "micrograd-py-gc-off": python("bench/micrograd.py", "--gc", "off"),
      "micrograd-py-gc-on": python("bench/micrograd.py", "--gc", "on"),
    },
  },
];

/** The workload whose processes report peak RSS, and the table row it gets. */
const RSS_WORKLOAD = "mlp-64";

/** What one process printed (its JSON line), or why there is none. */
type Outcome =
  | { ok: true; json: Record<string, unknown> }
  | { ok: false; note: string };

interface Settings {
  rounds: number;
  warmupCalls: number;
  warmupMs: number;
  budgetMs: number;
  minSamples: number;
  memorySteps: number;
  timeoutMs: number;
}

const QUICK = Deno.args.includes("--quick");
const SETTINGS: Settings = {
  rounds: Number(flag("rounds", QUICK ? "1" : "3")),
  warmupCalls: QUICK ? 1 : 3,
  warmupMs: QUICK ? 200 : 700,
  budgetMs: QUICK ? 300 : 1500,
  minSamples: QUICK ? 3 : 5,
  memorySteps: QUICK ? 1000 : 10000,
  timeoutMs: 180_000,
};

/** Runs one command and reads the last JSON line of its output. */
async function run(command: Command, extra: string[], timeoutMs: number): Promise<Outcome> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command.cmd, {
      args: [...command.args, ...extra],
      cwd: rootPath,
      env: { NO_COLOR: "1", ...command.env },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    return { ok: false, note: `cannot start ${command.cmd}: ${(e as Error).message}` };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, timeoutMs);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  if (timedOut) return { ok: false, note: `timed out after ${timeoutMs / 1000} s` };
  const jsonLines = new TextDecoder().decode(stdout).split("\n").filter((l) => l.startsWith("{"));
  if (jsonLines.length > 0) {
    try {
      const json = JSON.parse(jsonLines[jsonLines.length - 1]);
      if (typeof json.skip === "string") return { ok: false, note: json.skip };
      if (code === 0 && typeof json.ms === "number") return { ok: true, json };
      if (code === 0 && json.workload) return { ok: true, json };
    } catch {
      // fall through to the error text
    }
  }
  // The line that names the error: Deno's "error: ...", else Python's last "...Error: ...".
  const text = new TextDecoder().decode(stderr);
  const lines = text.split("\n").map((l) => l.trim()).filter((l) =>
    l !== "" && !l.startsWith("Download ")
  );
  let i = lines.findIndex((l) => /^error\b/i.test(l));
  if (i < 0) i = lines.findLastIndex((l) => /^[\w.]*(Error|Exception)\b/.test(l));
  let message = i < 0 ? lines[0] : lines[i];
  if (i >= 0 && /^0: /.test(lines[i + 1] ?? "")) message += ` (${lines[i + 1].slice(3)})`;
  return { ok: false, note: `exit code ${code}: ${(message ?? "no output").slice(0, 240)}` };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function list(name: string): string[] | null {
  const value = flag(name, "");
  return value === "" ? null : value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

const only = list("only");
const wanted = (id: string) =>
  only === null || only.some((o) => id === o || id.startsWith(`${o}-`));
const contenderFilter = list("contenders");
for (const c of contenderFilter ?? []) {
  if (!(c in CONTENDERS)) {
    throw new RangeError(
      `Cannot run bench:compare: unknown contender ${c}, expected one of ${
        Object.keys(CONTENDERS).join(", ")
      }`,
    );
  }
}
const workloads = WORKLOADS.filter((w) => wanted(w.id));

/** Everything one (workload, contender) pair produced over the rounds. */
interface Cell {
  rounds: Record<string, unknown>[];
  notes: string[];
}

const cells = new Map<string, Cell>();
const cellOf = (w: string, c: string) => {
  const key = `${w}\u0000${c}`;
  if (!cells.has(key)) cells.set(key, { rounds: [], notes: [] });
  return cells.get(key)!;
};

const pythonFound = await Deno.stat(PYTHON).then(() => true, () => false);
const loadBefore = loadAverage();
const started = new Date();
const progress = (text: string) => Deno.stderr.writeSync(new TextEncoder().encode(text));

const jobs = workloads.flatMap((w) =>
  (Object.entries(w.commands) as [ContenderId, Command][])
    .filter(([c]) => contenderFilter === null || contenderFilter.includes(c))
    .map(([c, command]) => ({ w, c, command }))
);
const budgetArgs = [
  "--warmup-calls",
  `${SETTINGS.warmupCalls}`,
  "--warmup-ms",
  `${SETTINGS.warmupMs}`,
  "--budget-ms",
  `${SETTINGS.budgetMs}`,
  "--min-samples",
  `${SETTINGS.minSamples}`,
];
for (let round = 0; round < SETTINGS.rounds; round++) {
  // Rotate the order so that no contender always runs first or last.
  const shift = jobs.length === 0
    ? 0
    : (round * Math.ceil(jobs.length / SETTINGS.rounds)) % jobs.length;
  const order = [...jobs.slice(shift), ...jobs.slice(0, shift)];
  for (const { w, c, command } of order) {
    progress(`round ${round + 1}/${SETTINGS.rounds}  ${w.id.padEnd(11)} ${c.padEnd(20)} `);
    const cell = cellOf(w.id, c);
    let outcome: Outcome;
    if (command.cmd === PYTHON && !pythonFound) {
      outcome = { ok: false, note: `no Python at ${PYTHON} (pass --python PATH)` };
    } else {
      outcome = await run(command, w.budgetFlags === false ? [] : budgetArgs, SETTINGS.timeoutMs);
    }
    if (outcome.ok) {
      cell.rounds.push(outcome.json);
      const ms = outcome.json.ms as number;
      progress(`${format(w.figure(ms))} ${w.unit}\n`);
    } else {
      if (!cell.notes.includes(outcome.note)) cell.notes.push(outcome.note);
      progress(`skipped: ${outcome.note}\n`);
    }
  }
}

// Once per run: the wasm ceiling, and nabla's memory over many steps.
let ceiling: Record<string, unknown> | null = null;
let ceilingNote = "";
if (wanted("ceiling") && (only !== null || workloads.length > 0)) {
  progress("wasm multiply-add ceiling ... ");
  const outcome = await run(deno("bench/fma_ceiling.ts"), [
    "--budget-ms",
    `${SETTINGS.budgetMs * 2}`,
  ], SETTINGS.timeoutMs);
  if (outcome.ok) ceiling = outcome.json;
  else ceilingNote = outcome.note;
  progress(
    outcome.ok ? `${format(outcome.json.gflops as number)} GFLOP/s\n` : `skipped: ${ceilingNote}\n`,
  );
}
let memory: Record<string, unknown> | null = null;
let memoryNote = "";
if (wanted("memory") && (contenderFilter === null || contenderFilter.includes("nabla"))) {
  progress(`nabla memory over ${SETTINGS.memorySteps} MLP steps ... `);
  const steps = `${SETTINGS.memorySteps}`;
  // Two runs: RSS in an ordinary process, then live memory, read after full
  // collections forced with --expose-gc (which change the first's figures).
  const rss = await run(
    deno("bench/memory_flat.ts", "--steps", steps),
    [],
    SETTINGS.timeoutMs * 3,
  );
  const live = rss.ok
    ? await run(
      deno("--v8-flags=--expose-gc", "bench/memory_flat.ts", "--live", "--steps", steps),
      [],
      SETTINGS.timeoutMs * 3,
    )
    : rss;
  if (!rss.ok) memoryNote = rss.note;
  else if (!live.ok) memoryNote = live.note;
  else memory = { ...live.json, ...rss.json };
  progress(
    memory !== null
      ? `RSS slope ${format(memory.slopeMiBPer1000Steps as number)}, live ${
        format(memory.liveSlopeMiBPer1000Steps as number)
      } MiB / 1,000 steps\n`
      : `skipped: ${memoryNote}\n`,
  );
}
const loadAfter = loadAverage();

// ---------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------

/** The summary of one cell: median over rounds, and the peer's advantage. */
interface Summary {
  ms: number | null;
  figure: number | null;
  /** nabla's advantage over this contender (> 1: nabla better). */
  nablaAdvantage: number | null;
  peakRssMiB: number | null;
  roundsMs: number[];
  notes: string[];
}

function summarize(w: Workload, c: string): Summary {
  const cell = cellOf(w.id, c);
  const roundsMs = cell.rounds.map((r) => r.ms as number).filter((x) => Number.isFinite(x));
  const ms = roundsMs.length > 0 ? median(roundsMs) : null;
  const rss = cell.rounds.map((r) => r.peakRssMiB as number).filter((x) => Number.isFinite(x));
  return {
    ms,
    figure: ms === null ? null : w.figure(ms),
    nablaAdvantage: null,
    peakRssMiB: rss.length > 0 ? median(rss) : null,
    roundsMs,
    notes: cell.notes,
  };
}

const results: Record<string, Record<string, Summary>> = {};
for (const w of workloads) {
  const row: Record<string, Summary> = {};
  for (const c of Object.keys(w.commands)) {
    if (contenderFilter !== null && !contenderFilter.includes(c)) continue;
    row[c] = summarize(w, c);
  }
  const base = row.nabla?.figure ?? null;
  for (const [c, s] of Object.entries(row)) {
    // Ratios compare nabla (one thread, default backend) with the peers, not with itself.
    if (c.startsWith("nabla") || base === null || s.figure === null) continue;
    s.nablaAdvantage = w.higherIsBetter ? base / s.figure : s.figure / base;
  }
  results[w.id] = row;
}

/** Facts reported by the contenders' processes: versions, threads, BLAS. */
function reported(c: string, key: string): unknown {
  for (const [k, cell] of cells) {
    if (k.endsWith(`\u0000${c}`)) {
      for (const r of cell.rounds) if (r[key] !== undefined) return r[key];
    }
  }
  return undefined;
}

const versions: Record<string, string> = {
  nabla: await commandOutput("git", ["-C", rootPath, "describe", "--always", "--dirty"]) ?? "?",
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  node: await commandOutput("node", ["--version"]) ?? "not found",
};
for (const c of Object.keys(CONTENDERS)) {
  const v = reported(c, "versions") as Record<string, string> | undefined;
  if (v) Object.assign(versions, v);
}
if (!versions.python && pythonFound) {
  versions.python =
    (await commandOutput(PYTHON, ["-c", "import sys; print(sys.version.split()[0])"])) ?? "?";
}

function contenderLabel(c: ContenderId): string {
  const threads = reported(c, "threads") as number | undefined;
  switch (c) {
    case "jax":
      return named("jax-js", versions["jax-js"], " jit, 1 thread");
    case "jax-workers":
      return named("jax-js", versions["jax-js"], ` jit, ${threads ?? "N"} workers`);
    case "tfjs":
      return named("tfjs-wasm", versions["tfjs-backend-wasm"], `, ${threads ?? 1} thread`);
    case "torch": {
      const blas = (reported("torch", "blas") as string[] | undefined) ?? [];
      const lib = blas.some((b) => b.includes("openblas"))
        ? " + OpenBLAS"
        : blas.some((b) => b.includes("mkl"))
        ? " + MKL"
        : "";
      return named("PyTorch", versions.torch, `${lib}, ${threads ?? 1} thread`);
    }
    default:
      return CONTENDERS[c];
  }
}

// "name version" then `rest`, without the version when unknown.
function named(name: string, version: string | undefined, rest: string): string {
  return `${version ? `${name} ${version}` : name}${rest}`;
}

function format(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function ratio(x: number): string {
  return `×${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(2)}`;
}

// ---------------------------------------------------------------------------
// The markdown
// ---------------------------------------------------------------------------

const machine = await machineInfo();
const md: string[] = [];
md.push(`## nabla and its peers, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC`, "");
md.push(
  `Machine: ${machine.cpu} (${machine.cores} cores${
    machine.features ? `, ${machine.features}` : ""
  }), ` +
    `${machine.os}; load average ${loadBefore} before, ${loadAfter} after.`,
);
const versionLine = [
  `nabla ${versions.nabla} (1 thread)`,
  `Deno ${versions.deno} (V8 ${versions.v8})`,
  `Node ${versions.node} (not used)`,
  versions.python ? `Python ${versions.python}` : null,
  versions.torch
    ? `PyTorch ${versions.torch} (BLAS: ${
      (reported("torch", "blas") as string[] ?? []).join(", ") || "?"
    })`
    : null,
  versions["jax-js"] ? `jax-js ${versions["jax-js"]}` : null,
  versions["tfjs-core"]
    ? `TensorFlow.js ${versions["tfjs-core"]} (wasm ${versions["tfjs-backend-wasm"]})`
    : null,
].filter((x) => x !== null);
md.push(`Versions: ${versionLine.join(", ")}.`);
md.push(
  `Protocol: ${SETTINGS.rounds} interleaved round${
    SETTINGS.rounds > 1 ? "s" : ""
  }, a fresh process per ` +
    `run, a warm-up of ${SETTINGS.warmupMs} ms and ≥ ${SETTINGS.warmupCalls} ` +
    `step${
      SETTINGS.warmupCalls > 1 ? "s" : ""
    } excluded, then ≥ ${SETTINGS.minSamples} samples over ` +
    `${SETTINGS.budgetMs} ms; each figure is the median over rounds of each run's median. ` +
    `×k: nabla is k times better than that peer (faster, or smaller); below 1 it is behind.`,
  "",
);

const notes: string[] = [];
for (const group of ["tensor", "scalar"] as const) {
  const rows = workloads.filter((w) => w.group === group);
  if (rows.length === 0) continue;
  const columns = (Object.keys(CONTENDERS) as ContenderId[]).filter((c) =>
    rows.some((w) => results[w.id][c] !== undefined)
  );
  md.push(
    `| ${group === "tensor" ? "tensor workload" : "scalar workload"} | ${
      columns.map(contenderLabel).join(" | ")
    } |`,
  );
  md.push(`| --- | ${columns.map(() => "---:").join(" | ")} |`);
  const cell = (
    s: Summary | undefined,
    c: ContenderId,
    value: number | null,
    advantage: number | null,
  ) => {
    if (s === undefined) return "";
    if (value === null) {
      for (const n of s.notes) notes.push(`${contenderLabel(c)}: ${n}`);
      return s.notes.length > 0 ? `— (note ${notes.length})` : "—";
    }
    return advantage === null || c.startsWith("nabla")
      ? format(value)
      : `${format(value)} (${ratio(advantage)})`;
  };
  for (const w of rows) {
    const row = results[w.id];
    md.push(
      `| ${w.title}, ${w.unit} | ${
        columns.map((c) => cell(row[c], c, row[c]?.figure ?? null, row[c]?.nablaAdvantage ?? null))
          .join(" | ")
      } |`,
    );
    if (w.id === RSS_WORKLOAD) {
      const base = row.nabla?.peakRssMiB ?? null;
      const rss = columns.map((c) => {
        const s = row[c];
        if (s === undefined || s.peakRssMiB === null) return s === undefined ? "" : "—";
        const adv = base === null ? null : s.peakRssMiB / base;
        return c.startsWith("nabla") || adv === null
          ? format(s.peakRssMiB)
          : `${format(s.peakRssMiB)} (${ratio(adv)})`;
      });
      md.push(`| peak RSS of the ${w.title} process, MiB | ${rss.join(" | ")} |`);
    }
  }
  md.push("");
}

// The ceiling and nabla's matmul as a fraction of it.
const ceilingGflops = ceiling === null ? null : ceiling.gflops as number;
if (ceiling !== null) {
  const relaxed = ceiling.relaxedMaddGflops as number | null;
  md.push(
    `WebAssembly ceiling of one core (independent f32x4 chains, bench/fma_ceiling.ts): ` +
      `mul + add ${format(ceiling.mulAddGflops as number)} GFLOP/s` +
      (relaxed === null
        ? " (relaxed SIMD unavailable)"
        : `, relaxed_madd (FMA) ${format(relaxed)} GFLOP/s`) +
      ".",
  );
  const fractions = workloads.filter((w) =>
    w.id.startsWith("matmul-") && results[w.id].nabla?.figure
  )
    .map((w) =>
      `${w.id.slice(7)}: ${(results[w.id].nabla.figure! / ceilingGflops! * 100).toFixed(0)} %`
    );
  if (fractions.length > 0) md.push(`nabla matmul as a fraction of it: ${fractions.join(", ")}.`);
  md.push("");
} else if (ceilingNote) {
  md.push(`WebAssembly ceiling: not measured (${ceilingNote}).`, "");
}
if (memory !== null) {
  md.push(
    `nabla memory over ${
      format(memory.steps as number).replace(/\.0+$/, "")
    } MLP steps (batch 64, one ` +
      `synchronous loop, bench/memory_flat.ts, one run for RSS and one for live memory): RSS ${
        format(memory.rssAfterWarmupMiB as number)
      } MiB after ` +
      `step ${memory.warmupSteps}, ${format(memory.rssEndMiB as number)} MiB at the end ` +
      `(max ${format(memory.rssMaxMiB as number)}), slope ${
        format(memory.slopeMiBPer1000Steps as number)
      } MiB ` +
      `per 1,000 steps; live memory after a full collection (V8's used heap and its array buffers) ${
        format(memory.liveAfterWarmupMiB as number)
      } MiB after step ${memory.warmupSteps}, ${
        format(memory.liveEndMiB as number)
      } MiB at the end (max ${format(memory.liveMaxMiB as number)}), slope ${
        format(memory.liveSlopeMiBPer1000Steps as number)
      } MiB per 1,000 steps; ${
        format(memory.allocatedKiBPerStep as number)
      } KiB of JavaScript objects allocated per step, and V8's young generation ${
        format(memory.newSpaceMiB as number)
      } MiB at the end.`,
    "",
  );
} else if (memoryNote) {
  md.push(`nabla memory: not measured (${memoryNote}).`, "");
}

// The targets of issue 10 that this run can check.
const targets: { target: string; value: string; met: boolean | null }[] = [];
const adv = (w: string, c: string) => results[w]?.[c]?.nablaAdvantage ?? null;
const addTarget = (target: string, value: number | null, threshold: number, unit = "×") => {
  if (value === null) return;
  targets.push({
    target,
    value: unit === "×" ? ratio(value) : `${value.toFixed(0)} %`,
    met: value >= threshold,
  });
};
addTarget(
  "micrograd step ≥ 10× faster than Python micrograd with GC off",
  adv("micrograd", "micrograd-py-gc-off"),
  10,
);
addTarget(
  "micrograd step ≥ 1.5× faster than the naive TypeScript Value",
  adv("micrograd", "naive-ts"),
  1.5,
);
addTarget("MLP step, batch 64 ≥ 1.5× jax-js jit, 1 thread", adv("mlp-64", "jax"), 1.5);
addTarget("MLP step, batch 256 ≥ 1.5× jax-js jit, 1 thread", adv("mlp-256", "jax"), 1.5);
// Throughput of contender `c` over contender `d` on workload `w`.
const speedup = (w: string, c: string, d: string) => {
  const x = results[w]?.[c]?.figure ?? null;
  const y = results[w]?.[d]?.figure ?? null;
  return x === null || y === null ? null : x / y;
};
for (const batch of [64, 256]) {
  addTarget(
    `MLP step, batch ${batch}, nabla + OpenBLAS ≥ 0.8× PyTorch + OpenBLAS, 1 thread each`,
    speedup(`mlp-${batch}`, "nabla-blas", "torch"),
    0.8,
  );
}
addTarget(
  "matmul 1024, nabla with 2 threads ≥ 1.7× one thread",
  speedup("matmul-1024", "nabla-2t", "nabla"),
  1.7,
);
addTarget(
  "MLP step, batch 256, nabla with 2 threads ≥ jax-js with its worker pool",
  speedup("mlp-256", "nabla-2t", "jax-workers"),
  1,
);
for (const n of [512, 1024]) {
  const f = results[`matmul-${n}`]?.nabla?.figure ?? null;
  addTarget(
    `matmul ${n} ≥ 75 % of the wasm ceiling`,
    f === null || ceilingGflops === null ? null : f / ceilingGflops * 100,
    75,
    "%",
  );
}
const rssAdv = (() => {
  const row = results[RSS_WORKLOAD];
  const a = row?.nabla?.peakRssMiB ?? null;
  const b = row?.jax?.peakRssMiB ?? null;
  return a === null || b === null ? null : b / a;
})();
addTarget("peak RSS of the MLP process ≤ jax-js's", rssAdv, 1);
// "Flat": a least-squares slope under half a MiB per 1,000 steps after the warm-up.
for (
  const [what, key] of [["RSS", "slopeMiBPer1000Steps"], [
    "live memory",
    "liveSlopeMiBPer1000Steps",
  ]]
) {
  const slope = memory?.[key];
  if (typeof slope !== "number") continue;
  targets.push({
    target: `${what} flat over ${memory!.steps} MLP steps (slope < 0.5 MiB per 1,000)`,
    value: `${slope.toFixed(2)} MiB`,
    met: Math.abs(slope) < 0.5,
  });
}
// Issues 8 and 9: the conv2d and char-GPT steps within 3× and 2× of PyTorch's time.
addTarget("conv2d step ≤ 3× PyTorch's time (issue 8)", adv("conv", "torch"), 1 / 3);
addTarget("char-GPT step ≤ 2× PyTorch's time (issue 9)", adv("gpt", "torch"), 1 / 2);
if (targets.length > 0) {
  md.push("| target | measured | met |", "| --- | ---: | :---: |");
  for (const t of targets) md.push(`| ${t.target} | ${t.value} | ${t.met ? "yes" : "no"} |`);
  md.push("");
}
if (notes.length > 0) {
  md.push("Notes:", ...notes.map((n, i) => `${i + 1}. ${n}`), "");
}
const markdown = md.join("\n");
console.log(markdown);

const outPath = flag("out", "out/bench/compare.json");
const outUrl = new URL(outPath, `file://${Deno.cwd()}/`);
await Deno.mkdir(new URL(".", outUrl), { recursive: true });
await Deno.writeTextFile(
  outUrl,
  JSON.stringify(
    {
      date: started.toISOString(),
      machine: { ...machine, loadBefore, loadAfter },
      versions,
      settings: SETTINGS,
      contenders: Object.fromEntries(
        (Object.keys(CONTENDERS) as ContenderId[]).map((c) => [c, contenderLabel(c)]),
      ),
      workloads: workloads.map(({ id, group, title, unit, higherIsBetter }) => ({
        id,
        group,
        title,
        unit,
        higherIsBetter,
      })),
      results,
      raw: Object.fromEntries([...cells].map(([k, v]) => [k.replace("\u0000", " / "), v])),
      ceiling,
      memory,
      targets,
      markdown,
    },
    null,
    2,
  ) + "\n",
);
progress(`wrote ${outPath}\n`);

// ---------------------------------------------------------------------------
// Machine facts
// ---------------------------------------------------------------------------

async function machineInfo(): Promise<
  { cpu: string; cores: number; features: string; os: string }
> {
  let cpu = "unknown CPU";
  try {
    cpu = cpus()[0]?.model ?? cpu;
  } catch {
    // no --allow-sys
  }
  // Linux only; Deno reads /proc only with --allow-all, so ask grep.
  const flagsLine = await commandOutput("grep", ["-m1", "^flags", "/proc/cpuinfo"]) ?? "";
  const flags = new Set(flagsLine.split(/\s+/));
  const features = ["avx512f", "avx2", "fma"].filter((f) => flags.has(f)).join(" ");
  let os: string = Deno.build.os;
  try {
    os = `${Deno.build.os} ${Deno.osRelease()}`;
  } catch {
    // no --allow-sys
  }
  return { cpu, cores: navigator.hardwareConcurrency, features, os };
}

function loadAverage(): string {
  try {
    return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch {
    return "?";
  }
}

async function commandOutput(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { code, stdout } = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" })
      .output();
    return code === 0 ? new TextDecoder().decode(stdout).trim() : null;
  } catch {
    return null;
  }
}
