/**
 * Learns XOR with a small scalar MLP, the problem a single neuron cannot solve.
 *
 * Run: `deno task xor` (flags: `--seed`, `--epochs`, `--lr`, `--out`, `--help`). After training
 * it draws the loss in the terminal and writes `xor-loss.svg`, `xor-accuracy.svg` and
 * `xor-boundary.png` (the classifier's regions over the four points) into `--out`.
 */
import { makeXor, MLP, type Value, zeroGrad } from "../mod.ts";
import {
  checkLoss,
  defaults,
  defineCommand,
  type EpochStats,
  type FlagValues,
  formatEpoch,
  MAX_LR,
  OUT_FLAG,
  runCli,
} from "./_cli.ts";
import {
  decisionBoundary,
  encodePng,
  lineChart,
  mlpScorer,
  type Pictures,
  terminalChart,
  writePictures,
} from "./_plot/mod.ts";
import { Progress } from "./_progress.ts";

/** The command line of `deno task xor`; the defaults reach 100% accuracy from seed 0. */
export const COMMAND = defineCommand({
  name: "xor",
  summary:
    "Trains a 2-8-1 tanh MLP on the XOR table (binary cross-entropy, full-batch gradient descent).",
  flags: {
    seed: { kind: "integer", default: 0, help: "random seed of the run" },
    epochs: { kind: "positive integer", default: 300, help: "passes over the data" },
    lr: { kind: "positive number", default: 0.5, max: MAX_LR, help: "SGD learning rate, > 0" },
    out: OUT_FLAG,
  },
});

/** The flags {@linkcode COMMAND} takes: `seed`, `epochs`, `lr`, `out`. */
export type TrainFlags = FlagValues<typeof COMMAND.flags>;

/** The flags' defaults. */
export const DEFAULTS: TrainFlags = defaults(COMMAND.flags);

/** Options for {@linkcode train}. */
export interface TrainOptions extends Partial<Omit<TrainFlags, "out">> {
  /** Called after every epoch, for logging. */
  onEpoch?: (stats: EpochStats) => void;
}

/** What {@linkcode train} returns. */
export interface TrainResult {
  /** The trained network. */
  model: MLP;
  /** Loss and accuracy after each epoch. */
  history: EpochStats[];
  /** The final accuracy on the four points, in `[0, 1]`. */
  accuracy: number;
}

/**
 * Trains a 2→8→1 tanh MLP on the XOR table with full-batch gradient descent
 * on the binary cross-entropy.
 * @param options Seed, epochs, learning rate and a logging callback.
 * @returns The model, the per-epoch history and the final accuracy.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { train } from "./xor.ts";
 * const { history } = train({ epochs: 20 });
 * assert.ok(history[19].loss < history[0].loss);
 * ```
 */
export function train(options: TrainOptions = {}): TrainResult {
  const { seed, epochs, lr } = { ...DEFAULTS, ...options };
  const { x, y } = makeXor();
  const model = new MLP(2, [8, 1], { activation: "tanh", seed });
  const params = model.parameters();
  const history: EpochStats[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const logits = x.map((xi) => model.forward(xi)[0]);
    let loss = bceWithLogits(logits[0], y[0]);
    for (let i = 1; i < x.length; i++) loss = loss.add(bceWithLogits(logits[i], y[i]));
    loss = loss.div(x.length);
    checkLoss(loss.data, { epoch, lr });
    zeroGrad(params);
    loss.backward();
    for (const p of params) p.data -= lr * p.grad;
    // Stats describe the model that produced this epoch's loss (before the step).
    const stats = { epoch, loss: loss.data, accuracy: accuracy(logits, y) };
    history.push(stats);
    options.onEpoch?.(stats);
  }
  const logits = x.map((xi) => model.forward(xi)[0]);
  return { model, history, accuracy: accuracy(logits, y) };
}

/**
 * Binary cross-entropy of a logit `z` (the probability is `sigmoid(z)`) and a
 * label `y` in {0, 1}: `-y·log σ(z) - (1 - y)·log(1 - σ(z))`, which equals
 * `softplus(z) - y·z` with `softplus(z) = log(1 + e^z)`. Its gradient is
 * `σ(z) - y`, so a confident wrong answer is pushed hard.
 * @param z The model's output (a logit).
 * @param y The label, 0 or 1.
 * @returns The loss, differentiable with respect to `z`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Value } from "@nabla/autograd";
 * import { bceWithLogits } from "./xor.ts";
 * assert.equal(bceWithLogits(new Value(0), 1).data, Math.log(2));
 * ```
 */
export function bceWithLogits(z: Value, y: number): Value {
  // NOTE: softplus(z) = z + log(1 + e^-z) for z > 0, so e^(±z) never overflows.
  const softplus = z.data > 0 ? z.add(z.neg().exp().add(1).log()) : z.exp().add(1).log();
  return softplus.sub(z.mul(y));
}

/**
 * The fraction of logits on the right side of 0 (`z > 0` predicts class 1).
 * @param logits The model's outputs.
 * @param y The labels, 0 or 1.
 * @returns The accuracy, in `[0, 1]`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Value } from "@nabla/autograd";
 * import { accuracy } from "./xor.ts";
 * assert.equal(accuracy([new Value(2), new Value(-1)], [1, 1]), 0.5);
 * ```
 */
export function accuracy(logits: readonly Value[], y: readonly number[]): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) if ((logits[i].data > 0 ? 1 : 0) === y[i]) correct++;
  return correct / y.length;
}

/**
 * The pictures of a run: the loss and accuracy curves (SVG) and the decision
 * boundary of the trained model over the four points (PNG).
 * @param result What {@linkcode train} returned.
 * @returns `xor-loss.svg`, `xor-accuracy.svg` and `xor-boundary.png`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pictures, train } from "./xor.ts";
 * const files = pictures(train({ epochs: 5 }));
 * assert.deepEqual(Object.keys(files), ["xor-loss.svg", "xor-accuracy.svg", "xor-boundary.png"]);
 * ```
 */
export function pictures(result: TrainResult): Pictures {
  const { x, y } = makeXor();
  const loss = result.history.map((s) => s.loss);
  const accuracy = result.history.map((s) => s.accuracy);
  const { image } = decisionBoundary(mlpScorer(result.model), x, y, { margin: 0.5, radius: 9 });
  return {
    "xor-loss.svg": lineChart([{ name: "train loss", values: loss }], {
      title: "XOR: binary cross-entropy per epoch",
      yLabel: "loss",
    }),
    "xor-accuracy.svg": lineChart([{ name: "train accuracy", values: accuracy }], {
      title: "XOR: accuracy per epoch",
      yLabel: "accuracy",
      yDomain: [0, 1],
      percent: true,
    }),
    "xor-boundary.png": encodePng(image),
  };
}

/**
 * What `deno task xor` runs: trains with a progress line on a terminal (a log
 * line every 1/15 of the run elsewhere too), prints the four probabilities,
 * the final accuracy and a chart of the loss, and writes {@linkcode pictures}
 * into `flags.out`.
 * @param flags The parsed command line.
 * @returns When done.
 * @example Usage
 * ```ts ignore
 * import { DEFAULTS, main } from "./xor.ts";
 * await main({ ...DEFAULTS, out: "out/xor" }); // needs --allow-write=out
 * ```
 */
export async function main(flags: TrainFlags): Promise<void> {
  const every = Math.max(1, Math.round(flags.epochs / 15));
  const progress = new Progress({ epochs: flags.epochs, steps: 1 });
  const result = train({
    ...flags,
    onEpoch: (s) => {
      progress.step({ ...s, step: 1 });
      if (s.epoch % every === 0 || s.epoch === 1) progress.epoch(formatEpoch(s, flags.epochs));
    },
  });
  progress.done();
  const { x } = makeXor();
  for (const xi of x) {
    const p = result.model.forward(xi)[0].sigmoid().data;
    console.log(`  ${xi[0]} XOR ${xi[1]} -> p(1) = ${p.toFixed(4)}`);
  }
  console.log(`final accuracy ${(100 * result.accuracy).toFixed(1)}%`);
  console.log(`\nloss per epoch\n${terminalChart(result.history.map((s) => s.loss))}\n`);
  const paths = await writePictures(flags.out, pictures(result));
  console.log(`wrote ${paths.join(", ")}`);
}

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args, COMMAND, main);
}
