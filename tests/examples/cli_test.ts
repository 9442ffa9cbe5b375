import assert from "node:assert/strict";
import {
  checkLoss,
  checkPaths,
  defaults,
  defineCommand,
  DivergedError,
  type FlagValues,
  formatEpoch,
  parseFlags,
  percent,
  runCli,
  usage,
  UsageError,
} from "../../examples/_cli.ts";
import { captureConsole } from "../_helpers.ts";

const COMMAND = defineCommand({
  name: "demo",
  summary: "A demo.",
  flags: {
    seed: { kind: "integer", default: 0, help: "random seed of the run" },
    epochs: { kind: "positive integer", default: 100, help: "passes over the data" },
    lr: { kind: "positive number", default: 0.1, help: "learning rate, > 0" },
  },
});
const FLAGS = COMMAND.flags;
const DEFAULTS = { seed: 0, epochs: 100, lr: 0.1 };

const MORE = defineCommand({
  name: "more",
  summary: "Every other kind of flag.",
  flags: {
    batchSize: { kind: "positive integer", default: 64, help: "samples per step" },
    optimizer: { kind: "choice", choices: ["sgd", "adam"], default: "sgd", help: "the optimizer" },
    data: { kind: "path", metavar: "DIR", help: "where the data is" },
    out: { kind: "path", default: "out.bin", help: "where to write" },
    momentum: { kind: "positive number", help: "momentum, > 0" },
  },
});

Deno.test("parseFlags() returns the defaults for no arguments", () => {
  assert.deepEqual(parseFlags([], FLAGS), { help: false, ...DEFAULTS });
});

Deno.test("parseFlags() reads every flag, with a space or an equals sign", () => {
  assert.deepEqual(parseFlags(["--seed", "-3", "--epochs=7", "--lr", "2.5e-2"], FLAGS), {
    help: false,
    seed: -3,
    epochs: 7,
    lr: 0.025,
  });
  // The last occurrence wins, as in most command-line tools.
  assert.deepEqual(parseFlags(["--lr", "1", "--lr", "0.5"], FLAGS), {
    help: false,
    ...DEFAULTS,
    lr: 0.5,
  });
});

Deno.test("parseFlags() recognises --help and -h", () => {
  assert.deepEqual(parseFlags(["--help"], FLAGS), { help: true });
  assert.deepEqual(parseFlags(["--epochs", "3", "-h"], FLAGS), { help: true });
});

Deno.test("parseFlags() rejects bad values with a one-line message", async (t) => {
  const cases: [string[], string][] = [
    [["--epochs", "abc"], "--epochs must be a positive integer, got 'abc'"],
    [["--epochs", "0"], "--epochs must be a positive integer, got '0'"],
    [["--epochs", "2.5"], "--epochs must be a positive integer, got '2.5'"],
    [["--epochs", "-4"], "--epochs must be a positive integer, got '-4'"],
    [["--lr", "-1"], "--lr must be a number > 0, got '-1'"],
    [["--lr", "0"], "--lr must be a number > 0, got '0'"],
    [["--lr", "fast"], "--lr must be a number > 0, got 'fast'"],
    [["--lr", "Infinity"], "--lr must be a number > 0, got 'Infinity'"],
    [["--lr="], "--lr must be a number > 0, got ''"],
    [["--seed", "1.5"], "--seed must be an integer, got '1.5'"],
    [["--seed", "1e3"], "--seed must be an integer, got '1e3'"],
    [["--seed", "99999999999999999999"], "--seed must be an integer, got '99999999999999999999'"],
    // Decimal and exponent notation only (issue #11: --lr 0x10 was read as 16).
    [["--lr", "0x10"], "--lr must be a number > 0, got '0x10'"],
    [["--lr", "0b1"], "--lr must be a number > 0, got '0b1'"],
    [["--lr", " 1"], "--lr must be a number > 0, got ' 1'"],
    [["--lr", "1e"], "--lr must be a number > 0, got '1e'"],
    [["--lr", "1e999"], "--lr must be a number > 0, got '1e999'"],
    [["--lr", "NaN"], "--lr must be a number > 0, got 'NaN'"],
    [["--epochs", "0x10"], "--epochs must be a positive integer, got '0x10'"],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), () => {
      assert.throws(() => parseFlags(args, FLAGS), { name: "UsageError", message });
    });
  }
});

Deno.test("parseFlags() reads decimal and exponent notation, within the flag's range", () => {
  const flags = {
    lr: { kind: "positive number", default: 0.1, max: 10, help: "learning rate" },
    epochs: { kind: "positive integer", default: 1, max: 1000, help: "epochs" },
  } as const;
  for (const [text, value] of [["1e-3", 1e-3], [".5", 0.5], ["2.", 2], ["+3E0", 3], ["10", 10]]) {
    assert.deepEqual(parseFlags(["--lr", text as string], flags), {
      help: false,
      lr: value,
      epochs: 1,
    });
  }
  assert.throws(() => parseFlags(["--lr", "1e300"], flags), {
    name: "UsageError",
    message: "--lr must be a number > 0 and <= 10, got '1e300'",
  });
  assert.throws(() => parseFlags(["--epochs", "1001"], flags), {
    message: "--epochs must be a positive integer and <= 1000, got '1001'",
  });
});

Deno.test("parseFlags() rejects unknown flags, missing values and positionals", () => {
  const bad: [string[], string][] = [
    [["--epoch", "5"], "unknown flag --epoch"],
    [["-x"], "unknown flag -x"],
    [["--epochs"], "--epochs needs a value"],
    [["--help=yes"], "--help takes no value"],
    [["extra"], "unexpected argument 'extra'"],
    [["--", "--lr"], "unexpected argument '--lr'"],
  ];
  for (const [args, message] of bad) {
    assert.throws(() => parseFlags(args, FLAGS), { name: "UsageError", message });
  }
});

Deno.test("parseFlags() reads choices, paths and kebab-case names, typed", () => {
  const parsed = parseFlags(
    ["--batch-size=32", "--optimizer", "adam", "--data", "mnist-data", "--momentum", ".9"],
    MORE.flags,
  );
  assert.deepEqual(parsed, {
    help: false,
    batchSize: 32,
    optimizer: "adam",
    data: "mnist-data",
    out: "out.bin",
    momentum: 0.9,
  });
  if (!parsed.help) {
    // Compile-time checks: a choice is the union of its choices, a flag without default may be absent.
    const optimizer: "sgd" | "adam" = parsed.optimizer;
    const data: string | undefined = parsed.data;
    const out: string = parsed.out;
    assert.deepEqual([optimizer, data, out], ["adam", "mnist-data", "out.bin"]);
  }
});

Deno.test("defaults() gives each flag's default, undefined without one", () => {
  assert.deepEqual(defaults(FLAGS), DEFAULTS);
  assert.deepEqual(defaults(MORE.flags), {
    batchSize: 64,
    optimizer: "sgd",
    data: undefined,
    out: "out.bin",
    momentum: undefined,
  });
});

Deno.test("parseFlags() rejects a bad choice or path, and the camelCase spelling", () => {
  const bad: [string[], string][] = [
    [["--optimizer", "x"], "--optimizer must be one of sgd, adam, got 'x'"],
    [["--optimizer=SGD"], "--optimizer must be one of sgd, adam, got 'SGD'"],
    [["--data="], "--data must be a non-empty path, got ''"],
    [["--data"], "--data needs a value"],
    [["--batch-size", "0"], "--batch-size must be a positive integer, got '0'"],
    [["--batchSize", "8"], "unknown flag --batchSize"],
  ];
  for (const [args, message] of bad) {
    assert.throws(() => parseFlags(args, MORE.flags), { name: "UsageError", message });
  }
});

Deno.test("runCli() runs with the flags, prints help, and returns 2 on a bad flag", async () => {
  const { errors, logs, restore } = captureConsole();
  try {
    let seen: FlagValues<typeof FLAGS> | null = null;
    assert.equal(await runCli(["--seed", "4"], COMMAND, (flags) => seen = flags), 0);
    assert.deepEqual(seen, { ...DEFAULTS, seed: 4 });

    assert.equal(await runCli(["--help"], COMMAND, () => assert.fail("must not run")), 0);
    assert.deepEqual(logs, [usage(COMMAND)]);

    assert.equal(await runCli(["--epochs", "abc"], COMMAND, () => assert.fail("must not run")), 2);
    // A value found bad only when used: the same line and exit code.
    const missing = () => Promise.reject(new UsageError("--data x: no such directory"));
    assert.equal(await runCli([], COMMAND, missing), 2);
    assert.deepEqual(errors, [
      "demo: --epochs must be a positive integer, got 'abc' (see --help)",
      "demo: --data x: no such directory (see --help)",
    ]);
  } finally {
    restore();
  }
});

Deno.test("usage() lists every flag with its default", () => {
  const text = usage(COMMAND);
  assert.match(text, /^Usage: deno task demo/);
  assert.match(text, /--seed N .*\(default 0\)/);
  assert.match(text, /--epochs N .*\(default 100\)/);
  assert.match(text, /--lr X .*\(default 0\.1\)/);
  assert.match(text, /-h, --help/);
});

Deno.test("usage() shows choices and metavars, and no default where there is none", () => {
  const lines = usage(MORE).split("\n");
  assert.deepEqual(lines.slice(0, 5), [
    "Usage: deno task more [options]",
    "",
    "Every other kind of flag.",
    "",
    "Options:",
  ]);
  assert.deepEqual(lines.slice(5), [
    "  --batch-size N         samples per step (default 64)",
    "  --optimizer sgd|adam   the optimizer (default sgd)",
    "  --data DIR             where the data is",
    "  --out PATH             where to write (default out.bin)",
    "  --momentum X           momentum, > 0",
    "  -h, --help             print this help and exit",
  ]);
});

Deno.test("formatEpoch() aligns the epoch number and shows a percentage", () => {
  assert.equal(
    formatEpoch({ epoch: 7, loss: 0.123456789, accuracy: 1 }, 1000),
    "epoch    7/1000  loss 0.123457  accuracy 100.0%",
  );
});

Deno.test("percent() shows one decimal, padded to six characters", () => {
  assert.deepEqual([0, 0.5, 0.98765, 1].map(percent), ["  0.0%", " 50.0%", " 98.8%", "100.0%"]);
});

// Scratch space inside out/, which `deno task test` may write to.
async function scratch(): Promise<string> {
  await Deno.mkdir("out", { recursive: true });
  return await Deno.makeTempDir({ dir: "out", prefix: "cli-test-" });
}

const canWriteOut = (await Deno.permissions.query({ name: "write", path: "out" })).state ===
  "granted";

Deno.test({
  name: "checkPaths() tries each path the way the demo will use it, before it runs",
  ignore: !canWriteOut,
  fn: async () => {
    const dir = await scratch();
    try {
      const flags = {
        data: { kind: "path", access: "read dir", help: "?" },
        save: { kind: "path", access: "write file", help: "?" },
        out: { kind: "path", access: "write dir", help: "?" },
      } as const;
      await Deno.writeTextFile(`${dir}/file.txt`, "keep me");
      // Usable paths pass, and leave nothing behind but the created --out directory.
      await checkPaths(flags, { data: dir, save: `${dir}/w.safetensors`, out: `${dir}/a/b` });
      await checkPaths(flags, { save: `${dir}/file.txt` });
      assert.equal(await Deno.readTextFile(`${dir}/file.txt`), "keep me");
      assert.deepEqual([...Deno.readDirSync(`${dir}/a/b`)], []);
      await assert.rejects(Deno.stat(`${dir}/w.safetensors`), Deno.errors.NotFound);
      const bad: [Record<string, string>, RegExp][] = [
        [{ data: `${dir}/file.txt` }, /^--data .*file\.txt: not a directory$/],
        [{ data: `${dir}/missing` }, /^--data .*missing: No such file or directory/],
        [{ save: `${dir}/missing/w.safetensors` }, /^--save .*: No such file or directory/],
        [{ save: dir }, /^--save .*: is a directory, expected a file name$/],
        [{ out: `${dir}/file.txt` }, /^--out .*file\.txt: File exists/],
        [{ out: `${dir}/file.txt/sub` }, /^--out .*file\.txt\/sub: Not a directory/],
      ];
      for (const [values, message] of bad) {
        await assert.rejects(checkPaths(flags, values), { name: "UsageError", message });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runCli() checks the paths before running, and exits with 1 when the loss diverges",
  ignore: !canWriteOut,
  fn: async () => {
    const dir = await scratch();
    const { errors, restore } = captureConsole();
    try {
      const command = defineCommand({
        name: "demo",
        summary: "A demo.",
        flags: { save: { kind: "path", access: "write file", help: "?" } },
      });
      const never = () => assert.fail("must not run");
      assert.equal(await runCli(["--save", `${dir}/no/w.bin`], command, never), 2);
      const diverge = () => checkLoss(NaN, { epoch: 2, step: 7, lr: 9 });
      assert.equal(await runCli(["--save", `${dir}/w.bin`], command, diverge), 1);
      assert.equal(errors.length, 2);
      assert.match(
        errors[0],
        /^demo: --save .*\/no\/w\.bin: No such file or directory.* \(see --help\)$/,
      );
      assert.equal(
        errors[1],
        "demo: the loss became NaN at epoch 2, step 7; training stopped (try a smaller --lr than 9)",
      );
      assert.ok(new DivergedError("x") instanceof Error);
    } finally {
      restore();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
