import assert from "node:assert/strict";
import { load, save } from "../../mod.ts";
import { parseFlags, runCli } from "../../examples/_cli.ts";
import { CLASSIFIER, COMMAND, createModel, DEFAULTS, main, train } from "../../examples/mnist.ts";
import { loadDefaultMnist } from "../../examples/_mnist_data.ts";
import {
  assertUsageLists,
  checkLearnsAndRepeats,
  checkStepsAndPictures,
  usageErrors,
} from "./_classifier_contract.ts";
import { captureConsole } from "../_helpers.ts";

const data = await loadDefaultMnist();

Deno.test("train() on 1,000 digits lowers the loss, beats chance, and repeats for a seed", async () => {
  await checkLearnsAndRepeats(train, data, 1000, ["4.weight"]);
});

Deno.test("train() with Adam learns too", async () => {
  const { history, model } = await train({ data, limit: 500, epochs: 1, optimizer: "adam" });
  assert.ok(history[0].testAccuracy > 0.6, JSON.stringify(history));
  assert.equal(model.training, false);
});

Deno.test("createModel() has PyTorch's state-dict keys and survives save() and load()", () => {
  const model = createModel();
  const shapes = Object.entries(model.stateDict()).map(([k, t]) => [k, t.shape]);
  assert.deepEqual(shapes, [
    ["0.weight", [256, 784]],
    ["0.bias", [256]],
    ["2.weight", [256, 256]],
    ["2.bias", [256]],
    ["4.weight", [10, 256]],
    ["4.bias", [10]],
  ]);
  const copy = createModel();
  copy.loadStateDict(load(save(model.stateDict())));
  assert.deepEqual(copy.stateDict()["4.bias"].toArray(), model.stateDict()["4.bias"].toArray());
});

Deno.test("the mnist command line parses every flag and rejects bad values", () => {
  assert.deepEqual(parseFlags([], COMMAND.flags), { help: false, ...DEFAULTS });
  const args = ["--epochs", "3", "--batch-size=128", "--lr", "1e-3", "--optimizer", "adam"];
  args.push("--seed", "-1", "--data", "mnist/", "--save", "m.safetensors");
  assert.deepEqual(parseFlags(args, COMMAND.flags), {
    help: false,
    seed: -1,
    epochs: 3,
    batchSize: 128,
    lr: 0.001,
    optimizer: "adam",
    data: "mnist/",
    save: "m.safetensors",
    out: "out",
  });
  assert.equal(parseFlags(["--out", "pictures"], COMMAND.flags).help, false);
  assertUsageLists(COMMAND, [
    "--seed N",
    "--epochs N",
    "--batch-size N",
    "--lr X",
    "--optimizer sgd|adam",
    "--data DIR",
    "--save FILE",
    "--out DIR",
    "-h, --help",
  ]);
});

Deno.test("the mnist command prints one line and exits with 2 on a bad flag or --data", async () => {
  const errors = await usageErrors(COMMAND, main, [
    ["--optimizer", "x"],
    ["--batch-size", "0"],
    ["--lr=-1"],
    ["--save="],
    ["--epochs", "2", "--data", "/nonexistent/mnist"],
  ]);
  assert.deepEqual(errors, [
    "mnist: --optimizer must be one of sgd, adam, got 'x' (see --help)",
    "mnist: --batch-size must be a positive integer, got '0' (see --help)",
    "mnist: --lr must be a number > 0 and <= 10, got '-1' (see --help)",
    "mnist: --save must be a non-empty path, got '' (see --help)",
    "mnist: --data /nonexistent/mnist: No such file or directory (os error 2): stat " +
    "'/nonexistent/mnist' (see --help)",
  ]);
});

const canWriteOut = (await Deno.permissions.query({ name: "write", path: "out" })).state ===
  "granted";

Deno.test({
  name: "the mnist command checks --data, --save and --out before training, one line each",
  ignore: !canWriteOut,
  fn: async () => {
    await Deno.mkdir("out", { recursive: true });
    const dir = await Deno.makeTempDir({ dir: "out", prefix: "mnist-test-" });
    const { errors, logs, restore } = captureConsole();
    try {
      // Four IDX files whose images are not 28 x 28, and a file where a directory is expected.
      const idx = (shape: number[]) => {
        const bytes = new Uint8Array(4 + 4 * shape.length + shape.reduce((a, b) => a * b, 1));
        bytes.set([0, 0, 0x08, shape.length]);
        shape.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d));
        return bytes;
      };
      await Deno.mkdir(`${dir}/bad`);
      await Deno.writeFile(`${dir}/bad/train-images-idx3-ubyte`, idx([2, 3, 3]));
      await Deno.writeFile(`${dir}/bad/train-labels-idx1-ubyte`, idx([2]));
      await Deno.writeFile(`${dir}/bad/t10k-images-idx3-ubyte`, idx([1, 3, 3]));
      await Deno.writeFile(`${dir}/bad/t10k-labels-idx1-ubyte`, idx([1]));
      await Deno.writeFile(`${dir}/bad/t10k-labels-idx1-ubyte.gz`, new Uint8Array([0x1f, 0x8b]));
      await Deno.writeTextFile(`${dir}/file`, "");
      const cases: [string[], RegExp][] = [
        [["--data", `${dir}/file`], /^mnist: --data .*\/file: not a directory \(see --help\)$/],
        [
          ["--data", `${dir}/bad`],
          /^mnist: --data .*\/bad: Cannot load MNIST in loadMnistIdx\(\): trainImages must have shape \[n, 28, 28\], got \[2, 3, 3\] \(see --help\)$/,
        ],
        [
          ["--save", `${dir}/missing/w.safetensors`],
          /^mnist: --save .*: No such file or directory/,
        ],
        [["--save", dir], /^mnist: --save .*: is a directory, expected a file name/],
        [["--out", `${dir}/file`], /^mnist: --out .*\/file: File exists/],
        [["--lr", "1e300"], /^mnist: --lr must be a number > 0 and <= 10, got '1e300'/],
      ];
      for (const [args, message] of cases) {
        errors.length = 0;
        logs.length = 0;
        assert.equal(await runCli(args, COMMAND, main), 2, args.join(" "));
        assert.equal(errors.length, 1, args.join(" "));
        assert.match(errors[0], message);
        // Nothing trained: no "model:" line, no epoch.
        assert.ok(!logs.some((l) => /model:|epoch/.test(l)), logs.join("\n"));
      }
    } finally {
      restore();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("train() reports every step with running means, and pictures() draws the real predictions", async () => {
  await checkStepsAndPictures(train, data, CLASSIFIER);
});
