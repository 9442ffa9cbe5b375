/**
 * A character-level GPT in the shape of Karpathy's nanoGPT (`model.py`):
 * token and position embeddings, pre-LayerNorm blocks of causal multi-head
 * self-attention and a GELU MLP with residual connections, a final
 * LayerNorm, and a language-model head tied to the token embedding. Field
 * names are nanoGPT's, so the state dict has PyTorch's keys
 * (`transformer.wte.weight`, `transformer.h.0.attn.c_attn.weight`...,
 * `lm_head.weight`), and `model.py` beside this file, its PyTorch twin, loads
 * a saved model with `strict=True` (and the reverse).
 *
 * Attention runs through `scaledDotProductAttention(..., { isCausal: true })`,
 * as nanoGPT does with PyTorch 2 ("flash" attention): no causal-mask buffer,
 * so the state dict holds parameters only. The twin registers its mask for
 * PyTorch 1.13 as a non-persistent buffer, which leaves it out of the state
 * dict too.
 */
import {
  AdamW,
  arange,
  cat,
  crossEntropy,
  Dropout,
  Embedding,
  GELU,
  init,
  LayerNorm,
  Linear,
  linear,
  Module,
  ModuleDict,
  ModuleList,
  multinomial,
  noGrad,
  type Parameter,
  type Random,
  scaledDotProductAttention,
  type Tensor,
} from "../../mod.ts";

/** The architecture, as nanoGPT's `GPTConfig`. */
export interface GPTConfig {
  /** The longest context, in tokens (the position table's size). */
  blockSize: number;
  /** The number of tokens. */
  vocabSize: number;
  /** The number of blocks. */
  nLayer: number;
  /** The number of attention heads per block. */
  nHead: number;
  /** The width of the residual stream. */
  nEmbd: number;
  /** The dropout probability (embeddings, attention weights, residual branches). */
  dropout: number;
  /** Whether Linear and LayerNorm layers have biases. */
  bias: boolean;
}

/** Causal multi-head self-attention: one projection to q, k, v, attention, one back. */
export class CausalSelfAttention extends Module {
  /** Queries, keys and values of all heads, `[3·nEmbd, nEmbd]`. */
  c_attn: Linear;
  /** The output projection. */
  c_proj: Linear;
  /**
   * Dropout of the attention weights, as nanoGPT declares it (its rate goes to
   * `scaledDotProductAttention` as `dropoutP`, as in nanoGPT's flash path).
   */
  attn_dropout: Dropout;
  /** Dropout of the residual branch. */
  resid_dropout: Dropout;
  readonly #nHead: number;
  readonly #nEmbd: number;
  readonly #dropout: number;

  /**
   * Creates the layer.
   * @param config The model's configuration.
   */
  constructor(config: GPTConfig) {
    super();
    if (config.nEmbd % config.nHead !== 0) {
      throw new RangeError(
        `Cannot create CausalSelfAttention: nEmbd ${config.nEmbd} is not divisible by ` +
          `nHead ${config.nHead}`,
      );
    }
    this.c_attn = new Linear(config.nEmbd, 3 * config.nEmbd, { bias: config.bias });
    this.c_proj = new Linear(config.nEmbd, config.nEmbd, { bias: config.bias });
    this.attn_dropout = new Dropout(config.dropout);
    this.resid_dropout = new Dropout(config.dropout);
    this.#nHead = config.nHead;
    this.#nEmbd = config.nEmbd;
    this.#dropout = config.dropout;
  }

  /**
   * Attends over the sequence, each position to itself and those before.
   * @param x `[B, T, nEmbd]`.
   * @returns `[B, T, nEmbd]`.
   */
  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape;
    const heads = (t: Tensor) => t.reshape([B, T, this.#nHead, C / this.#nHead]).transpose(1, 2);
    // NOTE: nanoGPT's `c_attn(x).split(n_embd, dim=2)`, computed part by part
    // from slices of c_attn's weight and bias: the same numbers, and the
    // backward sums three [C, C] weight gradients instead of three padded
    // [B, T, 3C] output gradients (a step 9% faster with the BLAS backend).
    const { weight, bias } = this.c_attn;
    const part = (t: Tensor, i: number) => t.narrow(0, i * this.#nEmbd, this.#nEmbd);
    const [q, k, v] = [0, 1, 2].map((i) =>
      heads(linear(x, part(weight, i), bias === null ? null : part(bias, i)))
    );
    const y = scaledDotProductAttention(q, k, v, {
      isCausal: true,
      dropoutP: this.training ? this.#dropout : 0,
    });
    return this.resid_dropout.forward(this.c_proj.forward(y.transpose(1, 2).reshape([B, T, C])));
  }
}

/** The feed-forward part of a block: nEmbd → 4·nEmbd → GELU → nEmbd. */
export class MLP extends Module {
  /** The widening layer. */
  c_fc: Linear;
  /** The non-linearity (exact, erf-based). */
  gelu: GELU;
  /** The narrowing layer. */
  c_proj: Linear;
  /** Dropout of the output. */
  dropout: Dropout;

  /**
   * Creates the layers.
   * @param config The model's configuration.
   */
  constructor(config: GPTConfig) {
    super();
    this.c_fc = new Linear(config.nEmbd, 4 * config.nEmbd, { bias: config.bias });
    this.gelu = new GELU();
    this.c_proj = new Linear(4 * config.nEmbd, config.nEmbd, { bias: config.bias });
    this.dropout = new Dropout(config.dropout);
  }

  /**
   * Applies the MLP to each position.
   * @param x `[..., nEmbd]`.
   * @returns `[..., nEmbd]`.
   */
  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.c_proj.forward(this.gelu.forward(this.c_fc.forward(x))));
  }
}

/** A transformer block, pre-LayerNorm: `x + attn(ln_1(x))`, then `x + mlp(ln_2(x))`. */
export class Block extends Module {
  /** The LayerNorm before attention. */
  ln_1: LayerNorm;
  /** Causal self-attention. */
  attn: CausalSelfAttention;
  /** The LayerNorm before the MLP. */
  ln_2: LayerNorm;
  /** The MLP. */
  mlp: MLP;

  /**
   * Creates the block.
   * @param config The model's configuration.
   */
  constructor(config: GPTConfig) {
    super();
    this.ln_1 = new LayerNorm(config.nEmbd, { bias: config.bias });
    this.attn = new CausalSelfAttention(config);
    this.ln_2 = new LayerNorm(config.nEmbd, { bias: config.bias });
    this.mlp = new MLP(config);
  }

  /**
   * Applies the block.
   * @param x `[B, T, nEmbd]`.
   * @returns `[B, T, nEmbd]`.
   */
  forward(x: Tensor): Tensor {
    x = x.add(this.attn.forward(this.ln_1.forward(x)));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

/** Options of {@linkcode GPT.generate}. */
export interface GenerateOptions {
  /**
   * Divides the logits: below 1 sharper, above 1 flatter.
   * @default 1
   */
  temperature?: number;
  /**
   * Sample among the `topK` most likely tokens only.
   * @default null (all tokens)
   */
  topK?: number | null;
  /**
   * The generator of the draws.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/**
 * The GPT language model. `forward(idx, targets)` returns `[logits, loss]`:
 * with targets, the logits of every position and the mean cross-entropy;
 * without, the logits of the last position only and `null`, as nanoGPT.
 */
export class GPT extends Module<[Tensor, Tensor?], [Tensor, Tensor | null]> {
  /** The architecture. */
  readonly config: Readonly<GPTConfig>;
  /** nanoGPT's container: wte, wpe, drop, h (the blocks), ln_f. */
  transformer: ModuleDict;
  /** The language-model head, its weight shared with `transformer.wte`. */
  lm_head: Linear;
  readonly #wte: Embedding;
  readonly #wpe: Embedding;
  readonly #drop: Dropout;
  readonly #blocks: ModuleList<Block>;
  readonly #lnF: LayerNorm;

  /**
   * Creates the model with nanoGPT's initialisation: every Linear and
   * Embedding weight N(0, 0.02²), biases 0, and the residual projections
   * (`c_proj.weight`) N(0, (0.02/√(2·nLayer))²), drawn from the library-wide
   * generator (seed it with `manualSeed`).
   * @param config The architecture.
   */
  constructor(config: GPTConfig) {
    super();
    this.config = { ...config };
    this.#wte = new Embedding(config.vocabSize, config.nEmbd);
    this.#wpe = new Embedding(config.blockSize, config.nEmbd);
    this.#drop = new Dropout(config.dropout);
    this.#blocks = new ModuleList(Array.from({ length: config.nLayer }, () => new Block(config)));
    this.#lnF = new LayerNorm(config.nEmbd, { bias: config.bias });
    this.transformer = new ModuleDict<Module<never, unknown>>({
      wte: this.#wte,
      wpe: this.#wpe,
      drop: this.#drop,
      h: this.#blocks,
      ln_f: this.#lnF,
    });
    this.lm_head = new Linear(config.nEmbd, config.vocabSize, { bias: false });
    this.#wte.weight = this.lm_head.weight; // weight tying
    noGrad(() => {
      for (const m of this.modules()) {
        if (m instanceof Linear) {
          init.normal(m.weight, { mean: 0, std: 0.02 });
          if (m.bias !== null) init.zeros(m.bias);
        } else if (m instanceof Embedding) {
          init.normal(m.weight, { mean: 0, std: 0.02 });
        }
      }
      for (const [name, p] of this.namedParameters()) {
        if (name.endsWith("c_proj.weight")) {
          init.normal(p, { mean: 0, std: 0.02 / Math.sqrt(2 * config.nLayer) });
        }
      }
    });
  }

  /**
   * The number of parameters, the position table excluded (as nanoGPT counts).
   * @returns The count; the tied head is counted once.
   */
  numParams(): number {
    return this.parameters().reduce((n, p) => n + p.numel, 0) - this.#wpe.weight.numel;
  }

  /**
   * Runs the model.
   * @param idx Tokens `[B, T]`, int32, `T <= blockSize`.
   * @param targets The next tokens `[B, T]` (or -1 to ignore a position).
   * @returns `[logits [B, T, vocab], loss]` with targets, `[logits [B, 1, vocab], null]` without.
   */
  forward(idx: Tensor, targets?: Tensor): [Tensor, Tensor | null] {
    const [, T] = idx.shape;
    if (T > this.config.blockSize) {
      throw new RangeError(
        `Cannot run GPT.forward(): a sequence of ${T} tokens is longer than blockSize ` +
          `${this.config.blockSize}`,
      );
    }
    const pos = arange(0, T, 1, { dtype: "int32" });
    let x = this.#drop.forward(this.#wte.forward(idx).add(this.#wpe.forward(pos)));
    for (const block of this.#blocks) x = block.forward(x);
    x = this.#lnF.forward(x);
    if (targets === undefined) {
      return [this.lm_head.forward(x.narrow(1, T - 1, 1)), null];
    }
    const logits = this.lm_head.forward(x);
    const V = this.config.vocabSize;
    const loss = crossEntropy(logits.reshape([-1, V]), targets.reshape([-1]), { ignoreIndex: -1 });
    return [logits, loss];
  }

  /**
   * AdamW with nanoGPT's two parameter groups: weight decay for every
   * parameter of 2 or more dimensions (the Linear weights and the
   * embeddings), none for biases and LayerNorm weights.
   * @param weightDecay The decay of the first group.
   * @param options `lr` and `betas`.
   * @returns The optimizer.
   */
  configureOptimizers(
    weightDecay: number,
    options: { lr: number; betas: [number, number] },
  ): AdamW {
    const params = this.parameters();
    const decay = params.filter((p) => p.ndim >= 2);
    const noDecay = params.filter((p) => p.ndim < 2);
    return new AdamW([
      { params: decay, weightDecay },
      { params: noDecay, weightDecay: 0 },
    ], { lr: options.lr, betas: options.betas });
  }

  /**
   * Continues each sequence by sampling `maxNewTokens` tokens one at a time,
   * feeding the last `blockSize` tokens back, in evaluation mode and without
   * gradients (nanoGPT's `generate`).
   * @param idx The prompts `[B, T]`, int32.
   * @param maxNewTokens How many tokens to add.
   * @param options `temperature`, `topK`, `generator`.
   * @returns `[B, T + maxNewTokens]`.
   */
  generate(idx: Tensor, maxNewTokens: number, options: GenerateOptions = {}): Tensor {
    const { temperature = 1, topK = null, generator } = options;
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        for (let i = 0; i < maxNewTokens; i++) {
          const T = idx.shape[1];
          const context = T <= this.config.blockSize
            ? idx
            : idx.narrow(1, T - this.config.blockSize, this.config.blockSize);
          const [last] = this.forward(context);
          let logits = last.squeeze(1).div(temperature);
          if (topK !== null) {
            const k = Math.min(topK, logits.shape[1]);
            const { values } = logits.topk(k, -1);
            logits = logits.maskedFill(logits.lt(values.narrow(1, k - 1, 1)), -Infinity);
          }
          const next = multinomial(logits.softmax(-1), 1, { generator });
          idx = cat([idx, next], 1);
        }
        return idx;
      });
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * The tied weight, for tests: the token embedding is the head's weight.
   * @returns `transformer.wte.weight`.
   */
  get tokenEmbedding(): Parameter {
    return this.#wte.weight;
  }
}
