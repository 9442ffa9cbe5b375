import assert from "node:assert/strict";
import { load, Random, save, tensor } from "../../mod.ts";
import { parseFlags } from "../../examples/_cli.ts";
import {
  CLASSIFIER,
  COMMAND,
  createModel,
  DEFAULTS,
  main,
  randomShift,
  train,
} from "../../examples/cnn.ts";
import { loadDefaultMnist } from "../../examples/_mnist_data.ts";
import { PYTHON, pythonImports } from "../_helpers.ts";
import {
  assertUsageLists,
  checkLearnsAndRepeats,
  checkStepsAndPictures,
  usageErrors,
} from "./_classifier_contract.ts";

const data = await loadDefaultMnist();
const ROOT = new URL("../../", import.meta.url);
const CAN_WRITE_OUT =
  Deno.permissions.querySync({ name: "write", path: new URL("out", ROOT) }).state === "granted";

const HAS_TORCH = await pythonImports("torch");
if (!HAS_TORCH) {
  console.log("tests/examples/cnn_test.ts: no torch in /usr/bin/python3, examples/cnn.py not run");
}
const FIXTURE = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/cnn.json", import.meta.url)),
);

Deno.test("train() on 512 digits lowers the loss, beats chance, and repeats for a seed", async () => {
  await checkLearnsAndRepeats(train, data, 512, ["0.weight", "1.running_var", "13.bias"]);
});

Deno.test("train() with Adadelta and StepLR, and without shifts, learns too", async () => {
  const adadelta = await train({ data, limit: 512, epochs: 1, optimizer: "adadelta" });
  assert.ok(adadelta.history[0].testAccuracy > 0.3, JSON.stringify(adadelta.history));
  const plain = await train({ data, limit: 512, epochs: 1, shift: 0 });
  const shifted = await train({ data, limit: 512, epochs: 1, shift: 1 });
  assert.ok(plain.history[0].testAccuracy > 0.3, JSON.stringify(plain.history));
  assert.notDeepEqual(plain.history, shifted.history);
  await assert.rejects(train({ data, limit: 64, shift: -1 }), {
    name: "RangeError",
    message: /shift must be an integer >= 0, got -1/,
  });
});

Deno.test("randomShift() moves each image by its own offset within the bound, zero-filled", () => {
  const n = 200;
  // Each image: a single 1 at the centre (3, 3) of a 7x7 frame.
  const values = new Float32Array(n * 49);
  for (let i = 0; i < n; i++) values[i * 49 + 24] = 1;
  const x = tensor(values).reshape([n, 1, 7, 7]);
  const moved = randomShift(x, 2, new Random(5)).reshape([n, 49]).toArray() as number[][];
  const offsets = new Set<string>();
  for (const image of moved) {
    assert.equal(image.reduce((a, b) => a + b), 1);
    const at = image.indexOf(1);
    const [dy, dx] = [Math.floor(at / 7) - 3, (at % 7) - 3];
    assert.ok(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, `${dy}, ${dx}`);
    offsets.add(`${dy},${dx}`);
  }
  assert.equal(offsets.size, 25); // every offset in [-2, 2]² appears
  // The same generator state gives the same shifts; a corner pixel leaves the frame or moves.
  const again = randomShift(x, 2, new Random(5)).reshape([n, 49]).toArray();
  assert.deepEqual(again, moved);
  const corner = tensor([[[[1, 0], [0, 0]]]]);
  const shifted = randomShift(corner, 1, new Random(1)).toArray() as number[][][][];
  assert.ok(shifted[0][0].flat().every((v) => v === 0 || v === 1));
});

Deno.test("createModel() prints as PyTorch's print(model) and has its state-dict keys", () => {
  const model = createModel();
  assert.equal(String(model), FIXTURE.demo.repr);
  const entries = Object.entries(model.stateDict()).map(([k, t]) => [k, t.shape, t.dtype]);
  // PyTorch's num_batches_tracked is int64; nabla keeps it as int32.
  const expected = (FIXTURE.demo.stateDict as [string, number[], string][]).map((
    [k, shape, dtype],
  ) => [k, shape, dtype === "int64" ? "int32" : dtype]);
  assert.deepEqual(entries, expected);
  const copy = createModel();
  copy.loadStateDict(load(save(model.stateDict())));
  assert.deepEqual(copy.stateDict()["13.bias"].toArray(), model.stateDict()["13.bias"].toArray());
});

Deno.test("the cnn command line parses every flag and rejects bad values", () => {
  assert.deepEqual(parseFlags([], COMMAND.flags), { help: false, ...DEFAULTS });
  const args = ["--epochs", "3", "--batch-size=128", "--lr", "1", "--optimizer", "adadelta"];
  args.push("--seed", "-1", "--shift", "0", "--data", "mnist/", "--save", "c.safetensors");
  assert.deepEqual(parseFlags(args, COMMAND.flags), {
    help: false,
    seed: -1,
    epochs: 3,
    batchSize: 128,
    lr: 1,
    shift: 0,
    optimizer: "adadelta",
    data: "mnist/",
    save: "c.safetensors",
    out: "out",
  });
  assertUsageLists(COMMAND, [
    "--seed N",
    "--epochs N",
    "--batch-size N",
    "--lr X",
    "--shift N",
    "--optimizer adam|adadelta",
    "--data DIR",
    "--save FILE",
    "--out DIR",
  ]);
});

Deno.test("the cnn command prints one line and exits with 2 on a bad flag or --data", async () => {
  const errors = await usageErrors(COMMAND, main, [
    ["--optimizer", "sgd"],
    ["--epochs", "0"],
    ["--lr=-1"],
    ["--shift", "-2"],
    ["--save="],
    ["--bogus"],
    ["--epochs", "2", "--data", "/nonexistent/mnist"],
  ]);
  assert.equal(errors.length, 7);
  assert.ok(errors.every((line) => !line.includes("\n")), errors.join("\n"));
  assert.deepEqual(errors.slice(0, 5), [
    "cnn: --optimizer must be one of adam, adadelta, got 'sgd' (see --help)",
    "cnn: --epochs must be a positive integer, got '0' (see --help)",
    "cnn: --lr must be a number > 0, got '-1' (see --help)",
    "cnn: --shift must be an integer >= 0, got -2 (see --help)",
    "cnn: --save must be a non-empty path, got '' (see --help)",
  ]);
  assert.match(errors[5], /^cnn: .*--bogus.* \(see --help\)$/);
  assert.equal(
    errors[6],
    "cnn: --data /nonexistent/mnist: Cannot load MNIST in loadMnistDir(): neither " +
      "/nonexistent/mnist/train-images-idx3-ubyte nor /nonexistent/mnist/train-images-idx3-ubyte.gz " +
      "exists (see --help)",
  );
});

Deno.test("train() reports every step with running means, and pictures() draws the real predictions", async () => {
  await checkStepsAndPictures(train, data, CLASSIFIER);
});

Deno.test({
  name: "examples/cnn.py loads a model saved like --save strictly and finds nabla's test accuracy",
  ignore: !HAS_TORCH || !CAN_WRITE_OUT,
}, async () => {
  const { model, testAccuracy } = await train({ data, limit: 512, epochs: 1 });
  const dir = new URL("out/cnn-test/", ROOT);
  await Deno.mkdir(dir, { recursive: true });
  const file = new URL("cnn.safetensors", dir);
  try {
    await Deno.writeFile(file, save(model.stateDict(), { metadata: { format: "pt" } }));
    const { code, stdout, stderr } = await new Deno.Command(PYTHON, {
      args: ["examples/cnn.py", "--load", file.pathname],
      cwd: ROOT,
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const match = text.match(/test accuracy ([\d.]+)% of /);
    assert.ok(match, text);
    // The same weights and images; at most one image may fall the other way on a near-tie.
    assert.ok(Math.abs(Number(match[1]) - 100 * testAccuracy) <= 0.05 + 1e-9, text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
