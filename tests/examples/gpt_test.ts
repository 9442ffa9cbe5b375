import assert from "node:assert/strict";
import { decodeSafetensors, load, Random, tensor } from "../../mod.ts";
import { parseFlags, runCli, usage } from "../../examples/_cli.ts";
import {
  baselines,
  COMMAND,
  DEFAULTS,
  getBatch,
  main,
  splitText,
  train,
} from "../../examples/gpt.ts";
import { GPT } from "../../examples/_gpt/model.ts";
import { loadAddresses } from "../../examples/_text_data.ts";
import { captureConsole } from "../_helpers.ts";

const addresses = await loadAddresses();
const SMALL = { nLayer: 1, nHead: 2, nEmbd: 32, blockSize: 32, batchSize: 8, evalIters: 4 };

Deno.test("loadAddresses() reads the 233 addresses in order", () => {
  assert.equal(addresses.length, 233);
  assert.deepEqual([addresses[0].year, addresses.at(-1)!.year], [1790, 2021]);
  assert.ok(addresses.every((a, i) => i === 0 || a.year >= addresses[i - 1].year));
  // deno-lint-ignore no-control-regex
  assert.ok(addresses.every((a) => !/[\u0000-\u001f]/.test(a.text)), "no control characters");
});

Deno.test("splitText() holds every tenth address out, and the baselines order as expected", () => {
  const { tokenizer, train, val } = splitText(addresses);
  assert.equal(tokenizer.vocabSize, 97);
  const total = addresses.reduce((s, a) => s + [...a.text].length + 1, 0);
  assert.equal(train.shape[0] + val.shape[0], total);
  assert.ok(val.shape[0] > 0.05 * total && val.shape[0] < 0.15 * total);
  const base = baselines(train, val, tokenizer.vocabSize);
  assert.ok(base.bigram < base.unigram && base.unigram < Math.log(97), JSON.stringify(base));
});

Deno.test("getBatch() takes windows and their next characters", () => {
  const data = tensor(Int32Array.from({ length: 100 }, (_, i) => i));
  const [x, y] = getBatch(data, 4, 8, new Random(1));
  assert.deepEqual(x.shape, [4, 8]);
  const xs = x.toArray() as number[][];
  const ys = y.toArray() as number[][];
  xs.forEach((row, i) => {
    assert.ok(row.every((v, j) => j === 0 || v === row[j - 1] + 1), "consecutive");
    assert.deepEqual(ys[i], row.map((v) => v + 1));
    assert.ok(row[7] + 1 <= 99);
  });
});

Deno.test("train() on a seeded short run lowers the loss, and repeats for a seed", async () => {
  const options = { addresses, ...SMALL, iters: 60, warmup: 10, rounds: 3, seed: 2 };
  const a = await train(options);
  const val = a.history.map((r) => r.valLoss);
  assert.ok(val[2] < val[0], JSON.stringify(val));
  assert.ok(val[2] < Math.log(97), `${val[2]} vs chance ${Math.log(97)}`);
  // warmup then cosine to a tenth: the lr ends at lr/10
  assert.ok(Math.abs(a.history[2].lr - DEFAULTS.lr / 10) < 1e-9, String(a.history[2].lr));
  const b = await train({ ...options, iters: 10, rounds: 1 });
  const c = await train({ ...options, iters: 10, rounds: 1 });
  assert.deepEqual(b.history, c.history);
  assert.equal(a.model.training, false);
});

Deno.test("the gpt command parses its flags; --save writes what the PyTorch twin loads", async () => {
  assert.deepEqual(parseFlags([], COMMAND.flags), { help: false, ...DEFAULTS, save: undefined });
  const parsed = parseFlags(["--iters", "9", "--n-embd=48", "--top-k", "5"], COMMAND.flags);
  assert.deepEqual(parsed, {
    help: false,
    ...DEFAULTS,
    save: undefined,
    iters: 9,
    nEmbd: 48,
    topK: 5,
  });
  const text = usage(COMMAND);
  for (const flag of ["--iters N", "--n-layer N", "--lr X", "--temperature X", "--save FILE"]) {
    assert.match(text, new RegExp(`^  ${flag} `, "m"));
  }
  const { errors, logs: lines, restore } = captureConsole();
  const out = "out/gpt-test";
  try {
    assert.equal(await runCli(["--n-embd", "30", "--n-head", "4"], COMMAND, main), 2);
    await Deno.mkdir(out, { recursive: true });
    const file = `${out}/gpt.safetensors`;
    await main({ ...DEFAULTS, ...SMALL, iters: 4, rounds: 1, tokens: 30, save: file, out });
    const bytes = await Deno.readFile(file);
    const { metadata } = decodeSafetensors(bytes);
    const config = JSON.parse(metadata!.config);
    assert.deepEqual(config, {
      blockSize: 32,
      vocabSize: 97,
      nLayer: 1,
      nHead: 2,
      nEmbd: 32,
      dropout: 0,
      bias: true,
    });
    const model = new GPT(config);
    model.loadStateDict(load(bytes)); // strict, both keys of the tied weight
    assert.match(await Deno.readTextFile(`${out}/gpt-loss.svg`), /data-name="unigram val"/);
  } finally {
    restore();
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
  assert.deepEqual(errors, ["gpt: --n-embd 30 must be divisible by --n-head 4 (see --help)"]);
  const all = lines.join("\n");
  assert.match(
    all,
    /validation loss \(nats per character\): GPT \d\.\d{4} +bigram 2\.\d{4} +unigram 3\.\d{4}/,
  );
  assert.match(all, /sample \(temperature 0\.8, top 20\):/);
  assert.match(all, /logits of the prompt \[0\.\.7\], first 8 values: (-?\d\.\d{6} ?){8}/);
});
