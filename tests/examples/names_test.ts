import assert from "node:assert/strict";
import { CharTokenizer, Random } from "../../mod.ts";
import { parseFlags, runCli, usage } from "../../examples/_cli.ts";
import {
  bigramLoss,
  buildExamples,
  COMMAND,
  DEFAULTS,
  main,
  sample,
  train,
} from "../../examples/names.ts";
import { loadNames } from "../../examples/_text_data.ts";
import { captureConsole } from "../_helpers.ts";

const names = await loadNames();

Deno.test("loadNames() reads both Moby lists, lower case, each name once", () => {
  assert.equal(names.length, 8422);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((n) => /^[a-z-]+$/.test(n)), "a to z and -");
  assert.ok(names.includes("emma") && names.includes("aaron"));
});

Deno.test("train() lowers the validation loss below the bigram's, and repeats for a seed", async () => {
  const options = { names, steps: 4000, rounds: 4, seed: 3 };
  const a = await train(options);
  const b = await train({ ...options, steps: 1000, rounds: 1 });
  const c = await train({ ...options, steps: 1000, rounds: 1 });
  const val = a.history.map((r) => r.valLoss);
  assert.ok(val[0] < Math.log(28), `first round ${val[0]}, chance is ln 28`);
  assert.ok(val[3] < val[0], JSON.stringify(val));
  assert.ok(a.loss.val < a.bigram.val, `MLP ${a.loss.val} vs bigram ${a.bigram.val}`);
  assert.equal(a.loss.val, a.history[3].valLoss);
  // The split: 80/10/10 of the shuffled names, the same for a seed.
  assert.deepEqual(
    [a.split.train.length, a.split.val.length, a.split.test.length],
    [6737, 842, 843],
  );
  assert.deepEqual(b.history, c.history);
  assert.deepEqual(b.split.val, a.split.val);
});

Deno.test("bigramLoss() of the names equals the smoothed counts' cross-entropy, computed apart", () => {
  const tokenizer = CharTokenizer.fromText(names.join(""), { specials: ["."] });
  assert.equal(tokenizer.vocabSize, 28);
  const train = names.slice(0, 6000);
  const val = names.slice(6000);
  // The same by tensors of examples: count each (context, next) of a block size of 1.
  const { x, y } = buildExamples(train, tokenizer, 1);
  const counts = Array.from({ length: 28 }, () => new Array<number>(28).fill(1));
  const xs = x.reshape([-1]).toArray() as number[];
  (y.toArray() as number[]).forEach((next, i) => counts[xs[i]][next]++);
  const v = buildExamples(val, tokenizer, 1);
  const vx = v.x.reshape([-1]).toArray() as number[];
  let nll = 0;
  (v.y.toArray() as number[]).forEach((next, i) => {
    const row = counts[vx[i]];
    nll -= Math.log(row[next] / row.reduce((s, c) => s + c, 0));
  });
  const expected = nll / vx.length;
  assert.ok(Math.abs(bigramLoss(train, val, tokenizer) - expected) < 1e-12);
});

Deno.test("sample() draws names from the model, reproducibly for a generator", async () => {
  const { model, tokenizer } = await train({ names, steps: 300, rounds: 1 });
  const a = sample(model, tokenizer, 20, { blockSize: 3, generator: new Random(5) });
  const b = sample(model, tokenizer, 20, { blockSize: 3, generator: new Random(5) });
  assert.equal(a.length, 20);
  assert.deepEqual(a, b);
  assert.ok(a.every((n) => /^[a-z-]*$/.test(n) && n.length <= 30), JSON.stringify(a));
});

Deno.test("the names command line parses its flags, and main() prints and draws", async () => {
  assert.deepEqual(parseFlags([], COMMAND.flags), { help: false, ...DEFAULTS });
  const parsed = parseFlags(["--steps", "500", "--hidden=64", "--seed", "-2"], COMMAND.flags);
  assert.deepEqual(parsed, { help: false, ...DEFAULTS, steps: 500, hidden: 64, seed: -2 });
  const text = usage(COMMAND);
  for (const flag of ["--steps N", "--batch-size N", "--lr X", "--block-size N", "--samples N"]) {
    assert.match(text, new RegExp(`^  ${flag} `, "m"));
  }
  const { errors, logs: lines, restore } = captureConsole();
  try {
    assert.equal(await runCli(["--steps", "0"], COMMAND, main), 2);
    const out = "out/names-test";
    await main({ ...DEFAULTS, steps: 200, rounds: 2, samples: 3, out });
    const svg = await Deno.readTextFile(`${out}/names-loss.svg`);
    assert.match(svg, /data-name="bigram val"/);
    await Deno.remove(out, { recursive: true });
  } finally {
    restore();
  }
  assert.deepEqual(errors, ["names: --steps must be a positive integer, got '0' (see --help)"]);
  const all = lines.join("\n");
  assert.match(all, /bigram baseline \(counts\+1\) +val 2\.\d{4}/);
  assert.match(all, /3 sampled names:/);
});
