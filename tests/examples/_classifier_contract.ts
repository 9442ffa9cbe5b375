/**
 * What both digit classifiers (examples/mnist.ts and examples/cnn.ts) must do,
 * through their own `train()`, `main()` and command line: each demo's test
 * file calls these checks, then tests its own network and recipe.
 */
import assert from "node:assert/strict";
import { decode } from "fast-png";
import type { MnistData } from "../../mod.ts";
import { type Command, type Flags, type FlagValues, runCli, usage } from "../../examples/_cli.ts";
import {
  type Classifier,
  type ClassifierOptions,
  pictures,
  predict,
  type TrainResult,
} from "../../examples/_classifier.ts";
import { captureConsole } from "../_helpers.ts";

/** A demo's `train()` with its defaults, given the data, a limit, a seed and the epochs. */
export type Train = (
  options: ClassifierOptions & { seed?: number; epochs?: number; batchSize?: number },
) => Promise<TrainResult>;

/**
 * Two epochs on the first `limit` digits: the loss drops below chance (ln 10)
 * and from epoch to epoch, the training accuracy rises, the test accuracy
 * beats chance, the model is left in evaluation mode; the same seed gives the
 * same history and the same `keys` of the state dict, another seed does not.
 */
export async function checkLearnsAndRepeats(
  train: Train,
  data: MnistData,
  limit: number,
  keys: string[],
): Promise<void> {
  const seen: number[] = [];
  const options = { data, limit, epochs: 2, seed: 3 };
  const a = await train({ ...options, onEpoch: (s) => seen.push(s.epoch) });
  const b = await train(options);
  assert.deepEqual(seen, [1, 2]);
  const [first, second] = a.history;
  assert.ok(first.loss < Math.log(10), `epoch 1 loss ${first.loss}, chance is ln 10`);
  assert.ok(second.loss < first.loss, JSON.stringify(a.history));
  assert.ok(second.trainAccuracy > first.trainAccuracy, JSON.stringify(a.history));
  assert.ok(a.testAccuracy > 0.5, `test accuracy ${a.testAccuracy}, chance is 0.1`);
  assert.equal(a.testAccuracy, second.testAccuracy);
  assert.equal(a.model.training, false);
  // The same seed gives the same numbers and weights (batch-norm statistics
  // included); another seed does not.
  assert.deepEqual(a.history, b.history);
  const [sa, sb] = [a.model.stateDict(), b.model.stateDict()];
  for (const key of keys) assert.deepEqual(sa[key].toArray(), sb[key].toArray(), key);
  const c = await train({ ...options, epochs: 1, seed: 4 });
  assert.notDeepEqual(c.history[0], first);
}

/**
 * Three steps per epoch report running means that end at the epoch's loss and
 * accuracy; the predictions give the test accuracy; the four pictures are
 * named after the demo, the accuracy chart has both curves, and the first 64
 * test digits are framed in red exactly where the model is wrong.
 */
export async function checkStepsAndPictures(
  train: Train,
  data: MnistData,
  classifier: Classifier,
): Promise<void> {
  const steps: number[] = [];
  let last = { loss: NaN, accuracy: NaN };
  const result = await train({
    data,
    limit: 300,
    epochs: 2,
    batchSize: 100,
    onStep: (s) => {
      steps.push(10 * s.epoch + s.step);
      last = s;
    },
  });
  assert.deepEqual(steps, [11, 12, 13, 21, 22, 23]);
  assert.ok(Math.abs(last.loss - result.history[1].loss) < 1e-9);
  assert.equal(last.accuracy, result.history[1].trainAccuracy);

  const files = pictures(result, data.test, classifier);
  const predicted = predict(result.model, data.test, classifier);
  const mistakes = predicted.filter((p, i) => p !== data.test.labels[i]).length;
  assert.equal((data.test.n - mistakes) / data.test.n, result.testAccuracy);
  const name = classifier.name;
  assert.deepEqual(Object.keys(files), [
    `${name}-loss.svg`,
    `${name}-accuracy.svg`,
    `${name}-test.png`,
    `${name}-mistakes.png`,
  ]);
  const accuracy = files[`${name}-accuracy.svg`] as string;
  assert.equal([...accuracy.matchAll(/<polyline class="series"/g)].length, 2);
  assert.match(accuracy, /data-name="train accuracy"/);
  assert.match(accuracy, /data-name="test accuracy"/);
  const grid = decode(files[`${name}-test.png`] as Uint8Array);
  assert.deepEqual([grid.width, grid.height], [8 * 94, 8 * 115]);
  // The cell of each of the first 64 digits is framed in red exactly when it is a mistake.
  for (let k = 0; k < 64; k++) {
    const [x, y] = [(k % 8) * 94 + 2, Math.floor(k / 8) * 115 + 40];
    const i = 3 * (y * grid.width + x);
    const red = grid.data[i] === 220 && grid.data[i + 1] === 30;
    assert.equal(red, predicted[k] !== data.test.labels[k], `digit ${k}`);
  }
}

/** Checks that `--help` lists each of `flags` (such as `"--seed N"`) at the start of a line. */
export function assertUsageLists<F extends Flags>(command: Command<F>, flags: string[]): void {
  const text = usage(command);
  for (const flag of flags) {
    assert.match(text, new RegExp(`^  ${flag.replace("|", "\\|")} `, "m"), flag);
  }
}

/**
 * Runs the command line once per argument list, each of which must end with
 * exit code 2 and one error line, and returns those lines.
 */
export async function usageErrors<F extends Flags>(
  command: Command<F>,
  main: (flags: FlagValues<F>) => unknown,
  argLists: string[][],
): Promise<string[]> {
  const { errors, restore } = captureConsole();
  try {
    for (const args of argLists) {
      const before = errors.length;
      assert.equal(await runCli(args, command, main), 2, args.join(" "));
      assert.equal(errors.length, before + 1, args.join(" "));
    }
  } finally {
    restore();
  }
  return errors;
}
