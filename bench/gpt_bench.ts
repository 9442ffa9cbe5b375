/**
 * One training iteration of `deno task gpt`'s model (examples/_gpt/model.ts
 * with the defaults of examples/_gpt/config.json): forward with the
 * cross-entropy loss, backward, `clipGradNorm_(1.0)` and an AdamW step with
 * nanoGPT's decay groups, on a fixed random batch, float32. Its twin,
 * bench/gpt_bench.py, runs the same iteration in PyTorch on one thread.
 *
 * `deno run --allow-read bench/gpt_bench.ts` warms up, times iterations for
 * about 5 s (at least 10) and prints one JSON line, the median:
 * `{"workload":"gpt-step","impl":"nabla","ms":...}`, with the default matmul
 * backend (WebAssembly, one thread). With another backend selected by the
 * environment (`NABLA_BACKEND=blas deno run --allow-read --allow-env
 * --allow-ffi bench/gpt_bench.ts`), `impl` names it: `"nabla-blas"`.
 * `--config '{...}'` overrides fields of config.json (the model's, and
 * `batchSize`), to try other sizes.
 *
 * @module
 */
import { clipGradNorm_, getBackend, getNumThreads, manualSeed, randint } from "../mod.ts";
import { GPT, type GPTConfig } from "../examples/_gpt/model.ts";
import defaults from "../examples/_gpt/config.json" with { type: "json" };

/** The model and batch size timed: config.json, then any `--config` overrides. */
export function benchConfig(args: readonly string[]): { model: GPTConfig; batchSize: number } {
  const i = args.indexOf("--config");
  const extra = i >= 0 ? JSON.parse(args[i + 1]) as Record<string, unknown> : {};
  const { batchSize = defaults.batchSize, ...model } = extra;
  return { model: { ...defaults.model, ...model } as GPTConfig, batchSize: batchSize as number };
}

/** Times one iteration of the demo's training loop; returns the median in ms. */
export function timeStep(model: GPTConfig, batchSize: number, seconds = 5): number {
  manualSeed(0);
  const gpt = new GPT(model);
  const optimizer = gpt.configureOptimizers(0.1, { lr: 1e-3, betas: [0.9, 0.99] });
  const shape = [batchSize, model.blockSize];
  const x = randint(0, model.vocabSize, shape);
  const y = randint(0, model.vocabSize, shape);
  const step = () => {
    const [, loss] = gpt.forward(x, y);
    optimizer.zeroGrad();
    loss!.backward();
    clipGradNorm_(gpt.parameters(), 1.0);
    optimizer.step();
    return loss!.item();
  };
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 10 || performance.now() - start < seconds * 1000) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

if (import.meta.main) {
  const { model, batchSize } = benchConfig(Deno.args);
  const ms = timeStep(model, batchSize);
  const backend = getBackend();
  const threads = getNumThreads();
  const impl = "nabla" + (backend === "wasm" ? "" : `-${backend}`) +
    (threads === 1 ? "" : `-${threads}threads`);
  console.log(JSON.stringify({ workload: "gpt-step", impl, ms: Number(ms.toFixed(3)) }));
}
