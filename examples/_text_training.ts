/**
 * What the two character-level language demos (`names.ts`, makemore's MLP,
 * and `gpt.ts`, nanoGPT's transformer) share around their models: training
 * in rounds of steps, with the running loss and next-character accuracy
 * reported after each step and one evaluation after each round
 * ({@linkcode trainInRounds}); the round's log line ({@linkcode roundLine});
 * and, after training, the validation loss chart on the terminal and the
 * loss curves next to the baselines in an SVG ({@linkcode reportLosses}).
 * Each demo keeps its own model, data, batches, optimizer and evaluation.
 */
import { noGrad, type Optimizer, type Tensor } from "../mod.ts";
import { checkLoss } from "./_cli.ts";
import { lineChart, terminalChart, writePictures } from "./_plot/mod.ts";
import type { StepStats } from "./_progress.ts";

/** One evaluation during training, as the text demos log it. */
export interface TextRound {
  /** The round, from 1. */
  round: number;
  /** The steps done. */
  step: number;
  /** The training loss (the demo says how it is estimated). */
  trainLoss: number;
  /** The validation loss. */
  valLoss: number;
}

/** The progress callbacks of a text demo's `train`. */
export interface RoundCallbacks<R extends TextRound> {
  /** Called after each step with the round's running loss and accuracy. */
  onStep?: (s: StepStats) => void;
  /** Called after each round. */
  onRound?: (r: R) => void;
}

/** One step's forward pass: the logits, the loss to minimize and the targets. */
export interface Forward {
  /** The logits, `[..., vocab]`. */
  logits: Tensor;
  /** The mean cross-entropy (0-d). */
  loss: Tensor;
  /** The next characters, the shape of `logits` without its last dimension. */
  targets: Tensor;
}

/** What {@linkcode trainInRounds} runs. */
export interface RoundsOptions<R extends TextRound> extends RoundCallbacks<R> {
  /** Training steps in all. */
  steps: number;
  /** Rounds: evaluations, every `ceil(steps / rounds)` steps and after the last. */
  rounds: number;
  /** The optimizer of the model's parameters. */
  optimizer: Optimizer;
  /**
   * The forward pass of a step: draws a batch and computes the loss.
   * @param step The steps done before this one, from 0.
   */
  forward: (step: number) => Forward;
  /** Called between `backward()` and the optimizer's step (to clip gradients). */
  beforeStep?: () => void;
  /** A learning rate scheduler, stepped after each optimizer step. */
  scheduler?: { step(): void };
  /**
   * The round's evaluation.
   * @param r The round, the steps done and the mean loss of the round's steps.
   */
  evaluate: (r: { round: number; step: number; runningLoss: number }) => R;
}

/**
 * Trains in rounds: each step runs `forward`, checks the loss (a diverged
 * run stops with `DivergedError`), back-propagates, calls `beforeStep`,
 * steps the optimizer then the scheduler, counts the correct next-character
 * predictions (argmax of the logits) and calls `onStep`; each round ends
 * with `evaluate` and `onRound`.
 * @param options The steps, the model's pieces and the callbacks.
 * @returns The rounds' evaluations and the seconds spent (evaluations included).
 * @example Fitting a table of logits to a constant next character
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossEntropy, SGD, tensor, zeros } from "@nabla/autograd";
 * import { trainInRounds } from "./_text_training.ts";
 * const table = zeros([1, 3], { requiresGrad: true });
 * const targets = tensor(Int32Array.from([2]));
 * const { history } = trainInRounds({
 *   steps: 20,
 *   rounds: 2,
 *   optimizer: new SGD([table], { lr: 0.5 }),
 *   forward: () => ({ logits: table, loss: crossEntropy(table, targets), targets }),
 *   evaluate: ({ round, step, runningLoss }) =>
 *     ({ round, step, trainLoss: runningLoss, valLoss: crossEntropy(table, targets).item() }),
 * });
 * assert.deepEqual(history.map((r) => r.step), [10, 20]);
 * assert.ok(history[1].valLoss < history[0].valLoss);
 * ```
 */
export function trainInRounds<R extends TextRound>(
  options: RoundsOptions<R>,
): { history: R[]; seconds: number } {
  const { steps, rounds, optimizer } = options;
  const perRound = Math.ceil(steps / rounds);
  const history: R[] = [];
  const start = performance.now();
  let step = 0;
  for (let round = 1; step < steps; round++) {
    const end = Math.min(steps, step + perRound);
    let lossSum = 0;
    let correct = 0;
    let predictions = 0;
    let k = 0;
    while (step < end) {
      k++;
      const { logits, loss, targets } = options.forward(step);
      const value = loss.item();
      checkLoss(value, { epoch: round, step: k, lr: optimizer.paramGroups[0].lr });
      optimizer.zeroGrad();
      loss.backward();
      options.beforeStep?.();
      optimizer.step();
      options.scheduler?.step();
      step++;
      lossSum += value;
      correct += noGrad(() => logits.argmax(-1).eq(targets).sum().item());
      predictions += targets.numel;
      options.onStep?.({
        epoch: round,
        step: k,
        loss: lossSum / k,
        accuracy: correct / predictions,
      });
    }
    const r = options.evaluate({ round, step, runningLoss: lossSum / k });
    history.push(r);
    options.onRound?.(r);
  }
  return { history, seconds: (performance.now() - start) / 1000 };
}

/**
 * The start of a round's log line: the steps done out of `steps` (padded to
 * the same width) and the two losses.
 * @param r The round.
 * @param steps The steps of the run.
 * @returns `step  300/3000  train loss 2.3555  val loss 2.2780`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundLine } from "./_text_training.ts";
 * const r = { round: 1, step: 300, trainLoss: 2.35551, valLoss: 2.278 };
 * assert.equal(roundLine(r, 3000), "step  300/3000  train loss 2.3555  val loss 2.2780");
 * ```
 */
export function roundLine(r: TextRound, steps: number): string {
  return `step ${String(r.step).padStart(String(steps).length)}/${steps}  ` +
    `train loss ${r.trainLoss.toFixed(4)}  val loss ${r.valLoss.toFixed(4)}`;
}

/** How {@linkcode reportLosses} labels the chart. */
export interface LossChart {
  /** The SVG's file name, written into the output directory. */
  file: string;
  /** The chart's title. */
  title: string;
  /** Steps per round (the x axis counts rounds). */
  perRound: number;
  /** Horizontal lines: each baseline's name and validation loss, in order. */
  baselines: Record<string, number>;
}

/**
 * Prints the validation loss per round as a terminal chart, writes the
 * training and validation losses with the baselines into `out/<file>`, and
 * prints what it wrote.
 * @param out The output directory (created if missing).
 * @param history The rounds.
 * @param chart The file name and labels.
 * @returns The paths written.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportLosses } from "./_text_training.ts";
 * const out = "out/text-training-example";
 * const history = [1, 2].map((round) => ({ round, step: 10 * round, trainLoss: 3 / round, valLoss: 3.1 / round }));
 * const log = console.log;
 * console.log = () => {};
 * const paths = await reportLosses(out, history, {
 *   file: "loss.svg", title: "losses", perRound: 10, baselines: { "bigram val": 2 },
 * }).finally(() => console.log = log);
 * assert.ok((await Deno.readTextFile(paths[0])).startsWith("<svg"));
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function reportLosses(
  out: string,
  history: readonly TextRound[],
  chart: LossChart,
): Promise<string[]> {
  console.log(`\nvalidation loss per round\n${terminalChart(history.map((r) => r.valLoss))}\n`);
  const paths = await writePictures(out, {
    [chart.file]: lineChart([
      { name: "train loss", values: history.map((r) => r.trainLoss) },
      { name: "val loss", values: history.map((r) => r.valLoss) },
      ...Object.entries(chart.baselines).map(([name, value]) => ({
        name,
        values: history.map(() => value),
      })),
    ], {
      title: chart.title,
      xLabel: `round (${chart.perRound} steps each)`,
      yLabel: "nats per character",
    }),
  });
  console.log(`wrote ${paths.join(", ")}`);
  return paths;
}
