import assert from "node:assert/strict";
import { formatEpoch, parseFlags, runCli, type TrainFlags, usage } from "../../examples/_cli.ts";

const DEFAULTS = { seed: 0, epochs: 100, lr: 0.1 };
const COMMAND = { name: "demo", summary: "A demo.", defaults: DEFAULTS };

Deno.test("parseFlags() returns the defaults for no arguments", () => {
  assert.deepEqual(parseFlags([], DEFAULTS), { help: false, ...DEFAULTS });
});

Deno.test("parseFlags() reads every flag, with a space or an equals sign", () => {
  assert.deepEqual(parseFlags(["--seed", "-3", "--epochs=7", "--lr", "2.5e-2"], DEFAULTS), {
    help: false,
    seed: -3,
    epochs: 7,
    lr: 0.025,
  });
  // The last occurrence wins, as in most command-line tools.
  assert.deepEqual(parseFlags(["--lr", "1", "--lr", "0.5"], DEFAULTS), {
    help: false,
    ...DEFAULTS,
    lr: 0.5,
  });
});

Deno.test("parseFlags() recognises --help and -h", () => {
  assert.deepEqual(parseFlags(["--help"], DEFAULTS), { help: true });
  assert.deepEqual(parseFlags(["--epochs", "3", "-h"], DEFAULTS), { help: true });
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
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), () => {
      assert.throws(() => parseFlags(args, DEFAULTS), { name: "UsageError", message });
    });
  }
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
    assert.throws(() => parseFlags(args, DEFAULTS), { name: "UsageError", message });
  }
});

Deno.test("runCli() runs with the flags, prints help, and returns 2 on a bad flag", () => {
  const errors: string[] = [];
  const logs: string[] = [];
  const { error, log } = console;
  console.error = (line: string) => errors.push(line);
  console.log = (line: string) => logs.push(line);
  try {
    let seen: TrainFlags | null = null;
    assert.equal(runCli(["--seed", "4"], COMMAND, (flags) => seen = flags), 0);
    assert.deepEqual(seen, { ...DEFAULTS, seed: 4 });

    assert.equal(runCli(["--help"], COMMAND, () => assert.fail("must not run")), 0);
    assert.deepEqual(logs, [usage(COMMAND)]);

    assert.equal(runCli(["--epochs", "abc"], COMMAND, () => assert.fail("must not run")), 2);
    assert.deepEqual(errors, [
      "demo: --epochs must be a positive integer, got 'abc' (see --help)",
    ]);
  } finally {
    Object.assign(console, { error, log });
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

Deno.test("formatEpoch() aligns the epoch number and shows a percentage", () => {
  assert.equal(
    formatEpoch({ epoch: 7, loss: 0.123456789, accuracy: 1 }, 1000),
    "epoch    7/1000  loss 0.123457  accuracy 100.0%",
  );
});
