/**
 * The embedding table `nn.Embedding`: rows of a learnable weight looked up by
 * integer ids, initialised as PyTorch's (N(0, 1), the padding row zeroed).
 * The lookup itself is the functional `embedding()` of the tensor engine.
 */
import {
  checkOptions,
  type DType,
  embedding,
  noGrad,
  type Random,
  ShapeError,
  type Tensor,
  zeros,
} from "../tensor/mod.ts";
import { normal } from "./init.ts";
import { Module, Parameter } from "./module.ts";
import { pyFloat } from "./_repr.ts";

/** Options of the {@linkcode Embedding} constructor. */
export interface EmbeddingModuleOptions {
  /**
   * A row (negative counts from the end) that starts at zero and receives no
   * gradient, for a padding token (PyTorch's `padding_idx`); `null` for none.
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * If set, looked-up rows whose `normType`-norm exceeds it are rescaled in
   * place to that norm at each forward; `null` for no limit.
   * @default null
   */
  maxNorm?: number | null;
  /**
   * The p of the p-norm compared with `maxNorm`.
   * @default 2
   */
  normType?: number;
  /**
   * An initial weight of shape `[numEmbeddings, embeddingDim]` to use as is
   * (shared, not copied, as PyTorch's `_weight`); its padding row is left alone.
   * @default a new N(0, 1) table
   */
  _weight?: Tensor;
  /**
   * The weight's dtype, float32 or float64 (ignored with `_weight`).
   * @default "float32"
   */
  dtype?: DType;
  /**
   * The generator of the initial values.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of {@linkcode Embedding.fromPretrained}. */
export interface FromPretrainedOptions
  extends Omit<EmbeddingModuleOptions, "_weight" | "dtype" | "generator"> {
  /**
   * Keep the table fixed (the weight does not require grad).
   * @default true
   */
  freeze?: boolean;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`
 * (PyTorch's `nn.Embedding`): `forward(ids)` returns the rows that an int32
 * tensor of ids names, of shape `[...ids.shape, embeddingDim]`. The weight
 * starts N(0, 1); the `paddingIdx` row starts at zero and never receives a
 * gradient. State-dict key: `weight`.
 *
 * @example Token embeddings
 * ```ts
 * import assert from "node:assert/strict";
 * import { Embedding, manualSeed, tensor } from "@nabla/autograd";
 * manualSeed(0);
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * const ids = tensor([[1, 2, 0], [4, 0, 0]], { dtype: "int32" });
 * const x = emb.forward(ids);
 * assert.deepEqual(x.shape, [2, 3, 3]);
 * assert.deepEqual(emb.weight.narrow(0, 0, 1).toArray(), [[0, 0, 0]]);
 * x.sum().backward();
 * assert.deepEqual(emb.weight.grad?.narrow(0, 0, 1).toArray(), [[0, 0, 0]]);
 * assert.equal(String(emb), "Embedding(10, 3, padding_idx=0)");
 * ```
 */
export class Embedding extends Module {
  /** The number of rows of the table. */
  readonly numEmbeddings: number;
  /** The size of each row. */
  readonly embeddingDim: number;
  /** The padding row (non-negative), or `null`. */
  readonly paddingIdx: number | null;
  /** The norm above which looked-up rows are rescaled, or `null`. */
  readonly maxNorm: number | null;
  /** The p of the norm compared with `maxNorm`. */
  readonly normType: number;
  /** The learnable table, `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;

  /**
   * Creates the table with PyTorch's initialisation.
   * @param numEmbeddings The number of rows (the vocabulary size).
   * @param embeddingDim The size of each row.
   * @param options `paddingIdx`, `maxNorm`, `normType`, `_weight`, `dtype`, `generator`.
   * @example A table in float64 with a padding row
   * ```ts
   * import assert from "node:assert/strict";
   * import { Embedding } from "@nabla/autograd";
   * const emb = new Embedding(5, 2, { paddingIdx: -1, dtype: "float64" });
   * assert.equal(emb.paddingIdx, 4); // negative counts from the end, as in PyTorch
   * assert.equal(emb.weight.dtype, "float64");
   * assert.deepEqual(Object.keys(emb.stateDict()), ["weight"]);
   * ```
   */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingModuleOptions = {}) {
    super();
    checkOptions("Embedding", options, [
      "paddingIdx",
      "maxNorm",
      "normType",
      "_weight",
      "dtype",
      "generator",
    ]);
    const sizes = [["numEmbeddings", numEmbeddings], ["embeddingDim", embeddingDim]] as const;
    for (const [name, n] of sizes) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(
          `Cannot create Embedding: ${name} must be a non-negative integer, got ${n}`,
        );
      }
    }
    const { paddingIdx = null, maxNorm = null, normType = 2, _weight, generator } = options;
    let pad: number | null = null;
    if (paddingIdx !== null) {
      if (
        !Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings
      ) {
        throw new RangeError(
          `Cannot create Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ` +
            `${numEmbeddings - 1}], got ${paddingIdx}`,
        );
      }
      pad = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }
    if (maxNorm !== null && !(typeof maxNorm === "number" && maxNorm >= 0)) {
      throw new RangeError(
        `Cannot create Embedding: maxNorm must be a non-negative number, got ${maxNorm}`,
      );
    }
    if (!(typeof normType === "number" && normType > 0)) {
      throw new RangeError(
        `Cannot create Embedding: normType must be a positive number, got ${normType}`,
      );
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    this.maxNorm = maxNorm;
    this.normType = normType;
    if (_weight !== undefined) {
      const want = [numEmbeddings, embeddingDim];
      if (_weight.ndim !== 2 || _weight.shape[0] !== want[0] || _weight.shape[1] !== want[1]) {
        throw new ShapeError(
          `Cannot create Embedding: _weight has shape [${_weight.shape.join(", ")}], expected ` +
            `[${want.join(", ")}]`,
          { op: "Embedding", shapes: [_weight.shape, want] },
        );
      }
      this.weight = new Parameter(_weight);
      return;
    }
    const dtype = options.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") {
      throw new RangeError(
        `Cannot create Embedding: dtype must be float32 or float64, got ${dtype}`,
      );
    }
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype }));
    normal(this.weight, { generator });
    if (pad !== null) noGrad(() => this.weight.narrow(0, pad, 1).zero_());
  }

  /**
   * A table holding `embeddings` (PyTorch's `Embedding.from_pretrained`),
   * frozen unless `freeze` is `false`.
   * @param embeddings A float tensor of shape `[numEmbeddings, embeddingDim]` (shared, not copied).
   * @param options `freeze` (default `true`), `paddingIdx`, `maxNorm`, `normType`.
   * @returns The layer.
   * @example Pretrained vectors
   * ```ts
   * import assert from "node:assert/strict";
   * import { Embedding, tensor } from "@nabla/autograd";
   * const emb = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
   * assert.equal(emb.weight.requiresGrad, false);
   * assert.deepEqual(emb.forward(tensor([1], { dtype: "int32" })).toArray(), [[3, 4]]);
   * ```
   */
  static fromPretrained(embeddings: Tensor, options: FromPretrainedOptions = {}): Embedding {
    checkOptions("Embedding.fromPretrained", options, [
      "freeze",
      "paddingIdx",
      "maxNorm",
      "normType",
    ]);
    const { freeze = true, ...rest } = options;
    if (embeddings.ndim !== 2) {
      throw new ShapeError(
        `Cannot create Embedding in fromPretrained(): embeddings has shape ` +
          `[${embeddings.shape.join(", ")}], expected [numEmbeddings, embeddingDim]`,
        { op: "Embedding.fromPretrained", shapes: [embeddings.shape] },
      );
    }
    const [n, d] = embeddings.shape;
    const layer = new Embedding(n, d, { ...rest, _weight: embeddings });
    layer.weight.requiresGrad = !freeze;
    return layer;
  }

  /**
   * The settings PyTorch prints for this layer.
   * @returns `numEmbeddings, embeddingDim`, then `padding_idx=…`, `max_norm=…`
   *   and `norm_type=…` where set.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Embedding } from "@nabla/autograd";
   * assert.equal(String(new Embedding(65, 32)), "Embedding(65, 32)");
   * assert.equal(new Embedding(10, 3, { paddingIdx: 0 }).extraRepr(), "10, 3, padding_idx=0");
   * ```
   */
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    return s;
  }

  /**
   * Looks up the rows of `input`.
   * @param input An int32 tensor of ids in `[0, numEmbeddings)`, of any shape.
   * @returns A tensor of shape `[...input.shape, embeddingDim]`.
   * @example A batch of sequences
   * ```ts
   * import assert from "node:assert/strict";
   * import { Embedding, zeros } from "@nabla/autograd";
   * const emb = new Embedding(65, 32);
   * const ids = zeros([4, 8], { dtype: "int32" });
   * assert.deepEqual(emb.forward(ids).shape, [4, 8, 32]);
   * ```
   */
  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
    });
  }
}
