/**
 * One training step of the `deno task cnn` network (examples/cnn.ts,
 * `createModel()`: two 5×5 convolutions with batch normalization, ReLU and
 * max pooling, then dropout and two linear layers) on a batch of 64 random
 * `[1, 28, 28]` images in float32: zeroed gradients, forward in training mode,
 * cross-entropy, backward, an Adam update. Its PyTorch twin,
 * `bench/cnn_step_bench.py`, times the same step on the same network
 * (`torch.set_num_threads(1)`).
 *
 * `deno run bench/cnn_step_bench.ts` prints one JSON line,
 * `{"workload":"cnn-step","impl":"nabla","ms":...}`, the median time of one
 * step, with the default matmul backend (WebAssembly, one thread; another
 * one selected through the environment is named in `impl`, as in
 * gpt_bench.ts); `--iterations N` sets how many steps are timed (default 30,
 * after 5 of warm-up), `--phases` adds the median time of each part
 * (forward, backward, optimizer step) to the line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  Adam,
  crossEntropy,
  getBackend,
  getNumThreads,
  manualSeed,
  randint,
  randn,
  type Tensor,
} from "../mod.ts";
import { createModel } from "../examples/cnn.ts";
import { median } from "./_harness.ts";

/** The workload's name, shared with bench/cnn_step_bench.py. */
export const WORKLOAD = "cnn-step";

/** Images per step, as the demo's default `--batch-size`. */
export const BATCH = 64;

/** A seeded model in training mode, its Adam optimizer, a batch of images and labels. */
export function setup(seed = 0): {
  model: ReturnType<typeof createModel>;
  optimizer: Adam;
  x: Tensor;
  y: Tensor;
} {
  manualSeed(seed);
  const model = createModel();
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  return { model, optimizer, x: randn([BATCH, 1, 28, 28]), y: randint(0, 10, [BATCH]) };
}

/** One step; returns the time of each phase in ms. */
export function step(s: ReturnType<typeof setup>): {
  forward: number;
  backward: number;
  update: number;
} {
  const t0 = performance.now();
  s.optimizer.zeroGrad();
  const loss = crossEntropy(s.model.forward(s.x), s.y);
  const t1 = performance.now();
  loss.backward();
  const t2 = performance.now();
  s.optimizer.step();
  const t3 = performance.now();
  return { forward: t1 - t0, backward: t2 - t1, update: t3 - t2 };
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: { iterations: { type: "string", default: "30" }, phases: { type: "boolean" } },
  });
  const iterations = Number(args.values.iterations);
  const s = setup();
  for (let i = 0; i < 5; i++) step(s);
  const times = Array.from({ length: iterations }, () => step(s));
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const backend = getBackend();
  const threads = getNumThreads();
  const line: Record<string, unknown> = {
    workload: WORKLOAD,
    impl: "nabla" + (backend === "wasm" ? "" : `-${backend}`) +
      (threads === 1 ? "" : `-${threads}threads`),
    ms: round(median(times.map((t) => t.forward + t.backward + t.update))),
  };
  if (args.values.phases) {
    line.forwardMs = round(median(times.map((t) => t.forward)));
    line.backwardMs = round(median(times.map((t) => t.backward)));
    line.updateMs = round(median(times.map((t) => t.update)));
  }
  console.log(JSON.stringify(line));
}
