import assert from "node:assert/strict";
import { load, save } from "../../mod.ts";
import { parseFlags, runCli, usage } from "../../examples/_cli.ts";
import { decode } from "fast-png";
import { CLASSIFIER, COMMAND, createModel, DEFAULTS, main, train } from "../../examples/mnist.ts";
import { pictures, predict } from "../../examples/_classifier.ts";
import { loadDefaultMnist } from "../../examples/_mnist_data.ts";

const data = await loadDefaultMnist();

Deno.test("train() on 1,000 digits lowers the loss, beats chance, and repeats for a seed", async () => {
  const seen: number[] = [];
  const options = { data, limit: 1000, epochs: 2, seed: 3 };
  const a = await train({ ...options, onEpoch: (s) => seen.push(s.epoch) });
  const b = await train(options);
  assert.deepEqual(seen, [1, 2]);
  const [first, second] = a.history;
  assert.ok(first.loss < Math.log(10), `epoch 1 loss ${first.loss}, chance is ln 10`);
  assert.ok(second.loss < first.loss, JSON.stringify(a.history));
  assert.ok(second.trainAccuracy > first.trainAccuracy, JSON.stringify(a.history));
  assert.ok(a.testAccuracy > 0.5, `test accuracy ${a.testAccuracy}, chance is 0.1`);
  assert.equal(a.testAccuracy, second.testAccuracy);
  // The same seed gives the same numbers and weights; another seed does not.
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(a.model.parameters()[4].toArray(), b.model.parameters()[4].toArray());
  const c = await train({ ...options, epochs: 1, seed: 4 });
  assert.notDeepEqual(c.history[0], first);
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
  const text = usage(COMMAND);
  for (const flag of ["--seed N", "--epochs N", "--batch-size N", "--lr X"]) {
    assert.match(text, new RegExp(`^  ${flag} `, "m"));
  }
  for (
    const flag of ["--optimizer sgd|adam", "--data DIR", "--save FILE", "--out DIR", "-h, --help"]
  ) {
    assert.match(text, new RegExp(`^  ${flag.replace("|", "\\|")} `, "m"));
  }
});

Deno.test("the mnist command prints one line and exits with 2 on a bad flag or --data", async () => {
  const errors: string[] = [];
  const { error } = console;
  console.error = (line: string) => errors.push(line);
  try {
    const bad = [
      ["--optimizer", "x"],
      ["--batch-size", "0"],
      ["--lr=-1"],
      ["--save="],
      ["--epochs", "2", "--data", "/nonexistent/mnist"],
    ];
    for (const args of bad) assert.equal(await runCli(args, COMMAND, main), 2, args.join(" "));
  } finally {
    console.error = error;
  }
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
    const errors: string[] = [];
    const logs: string[] = [];
    const { error, log } = console;
    console.error = (line: string) => errors.push(line);
    console.log = (line: string) => logs.push(line);
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
      Object.assign(console, { error, log });
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("train() reports every step with running means, and pictures() draws the real predictions", async () => {
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

  const files = pictures(result, data.test, CLASSIFIER);
  const predicted = predict(result.model, data.test, CLASSIFIER);
  const mistakes = predicted.filter((p, i) => p !== data.test.labels[i]).length;
  assert.equal(1 - mistakes / data.test.n, result.testAccuracy);
  assert.deepEqual(Object.keys(files), [
    "mnist-loss.svg",
    "mnist-accuracy.svg",
    "mnist-test.png",
    "mnist-mistakes.png",
  ]);
  const accuracy = files["mnist-accuracy.svg"] as string;
  assert.equal([...accuracy.matchAll(/<polyline class="series"/g)].length, 2);
  assert.match(accuracy, /data-name="train accuracy"/);
  assert.match(accuracy, /data-name="test accuracy"/);
  const grid = decode(files["mnist-test.png"] as Uint8Array);
  assert.deepEqual([grid.width, grid.height], [8 * 94, 8 * 115]);
  // The cell of each of the first 64 digits is framed in red exactly when it is a mistake.
  for (let k = 0; k < 64; k++) {
    const [x, y] = [(k % 8) * 94 + 2, Math.floor(k / 8) * 115 + 40];
    const i = 3 * (y * grid.width + x);
    const red = grid.data[i] === 220 && grid.data[i + 1] === 30;
    assert.equal(red, predicted[k] !== data.test.labels[k], `digit ${k}`);
  }
});
