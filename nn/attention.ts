/**
 * Multi-head attention, as PyTorch's `nn.MultiheadAttention` (with its
 * parameter names, initialisation and state-dict keys, so that a layer saved
 * by PyTorch loads), and the output projection's class,
 * `NonDynamicallyQuantizableLinear`.
 */
import {
  arange,
  cat,
  checkOptions,
  type DType,
  DTypeError,
  linear,
  noGrad,
  rand,
  type Random,
  ShapeError,
  type Tensor,
  where,
  zeros,
} from "../tensor/mod.ts";
import { constant, xavierNormal, xavierUniform } from "./init.ts";
import { Linear } from "./linear.ts";
import { Module, Parameter } from "./module.ts";

/**
 * The output projection of {@linkcode MultiheadAttention}: a {@linkcode Linear}
 * under PyTorch's class name (`torch.nn.modules.linear.NonDynamicallyQuantizableLinear`,
 * which exists so that quantization leaves it alone), so that the layer prints
 * as PyTorch's.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { NonDynamicallyQuantizableLinear } from "@nabla/autograd";
 * const layer = new NonDynamicallyQuantizableLinear(4, 4);
 * assert.equal(String(layer), "NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)");
 * ```
 */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of the {@linkcode MultiheadAttention} constructor. */
export interface MultiheadAttentionOptions {
  /**
   * The probability of zeroing each attention weight in training mode.
   * @default 0
   */
  dropout?: number;
  /**
   * Whether the input and output projections have biases.
   * @default true
   */
  bias?: boolean;
  /**
   * Adds a learnt key and value (`bias_k`, `bias_v`) at the end of the keys and values.
   * @default false
   */
  addBiasKv?: boolean;
  /**
   * Adds a key and value of zeros at the end of the keys and values (after the heads split).
   * @default false
   */
  addZeroAttn?: boolean;
  /**
   * The number of features of the keys; a value other than `embedDim` gives
   * separate projection weights (`q_proj_weight`, `k_proj_weight`, `v_proj_weight`).
   * @default embedDim
   */
  kdim?: number | null;
  /**
   * The number of features of the values (as `kdim`).
   * @default embedDim
   */
  vdim?: number | null;
  /**
   * Inputs and outputs are `[batch, sequence, features]`; when `false`,
   * `[sequence, batch, features]` (PyTorch's default).
   * @default false
   */
  batchFirst?: boolean;
  /**
   * The parameters' dtype, float32 or float64.
   * @default "float32"
   */
  dtype?: DType;
  /**
   * The generator of the initial values and of the dropout masks.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of {@linkcode MultiheadAttention.forward}. */
export interface MultiheadAttentionForwardOptions {
  /**
   * `[batch, S]` (`[S]` unbatched): bool, where `true` marks a key to ignore
   * (padding), or float, added to the scores of each key.
   * @default null
   */
  keyPaddingMask?: Tensor | null;
  /**
   * Also return the attention weights.
   * @default true
   */
  needWeights?: boolean;
  /**
   * `[L, S]` or `[batch · numHeads, L, S]` (`[numHeads, L, S]` unbatched):
   * bool, where `true` forbids a query to attend to a key (the opposite of
   * `scaledDotProductAttention`'s masks, as in PyTorch), or float, added to
   * the scores.
   * @default null
   */
  attnMask?: Tensor | null;
  /**
   * Return the weights averaged over the heads (`[batch, L, S]`) rather than
   * per head (`[batch, numHeads, L, S]`).
   * @default true
   */
  averageAttnWeights?: boolean;
  /**
   * Apply a causal mask (query `i` attends to keys `j <= i`). With an
   * `attnMask`, PyTorch's meaning: a hint that `attnMask` is the causal mask,
   * which is then used as given; without one, the causal mask is built (where
   * PyTorch 2 asks for the mask).
   * @default false
   */
  isCausal?: boolean;
}

const FORWARD = "MultiheadAttention.forward";

/**
 * Multi-head attention (Vaswani et al., 2017), as PyTorch's
 * `nn.MultiheadAttention`: queries, keys and values are projected
 * (`in_proj_weight`, `[3·embedDim, embedDim]`, Xavier uniform; `in_proj_bias`
 * zeros), split into `numHeads` heads that each attend with
 * `softmax(q·kᵀ/√headDim + masks)`, concatenated and projected by `out_proj`
 * (Linear's initial weight, a zero bias). The state-dict keys are PyTorch's:
 * `in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `out_proj.bias` (and
 * `q_proj_weight`... with `kdim`/`vdim`, `bias_k`, `bias_v` with `addBiasKv`).
 *
 * `forward(query, key, value, options)` returns `[output, weights]`, PyTorch's
 * tuple: `weights` is `null` unless `needWeights` (the default). Masks follow
 * PyTorch's convention (bool `true` masks out). Unlike PyTorch 1.13, a query
 * whose every key is masked gets zeros rather than `NaN` (as in
 * `scaledDotProductAttention`).
 *
 * @example Self-attention over a batch of sequences
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, MultiheadAttention, randn } from "@nabla/autograd";
 * manualSeed(0);
 * const attention = new MultiheadAttention(16, 4, { batchFirst: true });
 * const x = randn([2, 5, 16]); // [batch, sequence, features]
 * const [y, weights] = attention.forward(x, x, x);
 * assert.deepEqual(y.shape, [2, 5, 16]);
 * assert.deepEqual(weights!.shape, [2, 5, 5]); // averaged over the heads
 * assert.deepEqual(Object.keys(attention.stateDict()), [
 *   "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias",
 * ]);
 * ```
 */
export class MultiheadAttention extends Module<
  [Tensor, Tensor, Tensor, MultiheadAttentionForwardOptions?],
  [Tensor, Tensor | null]
> {
  /** The number of features of the queries and of the output. */
  readonly embedDim: number;
  /** The number of features of the keys. */
  readonly kdim: number;
  /** The number of features of the values. */
  readonly vdim: number;
  /** The number of heads. */
  readonly numHeads: number;
  /** The features per head, `embedDim / numHeads`. */
  readonly headDim: number;
  /** The dropout probability of the attention weights (in training mode). */
  readonly dropout: number;
  /** Whether inputs and outputs are `[batch, sequence, features]`. */
  readonly batchFirst: boolean;
  /** Whether a key and value of zeros are appended. */
  readonly addZeroAttn: boolean;
  /** The packed projection `[3·embedDim, embedDim]` of queries, keys and values, or `null` with `kdim`/`vdim`. */
  in_proj_weight: Parameter | null = null;
  /** The query projection `[embedDim, embedDim]` when `kdim`/`vdim` differ from `embedDim`, else `null`. */
  q_proj_weight: Parameter | null = null;
  /** The key projection `[embedDim, kdim]`, or `null`. */
  k_proj_weight: Parameter | null = null;
  /** The value projection `[embedDim, vdim]`, or `null`. */
  v_proj_weight: Parameter | null = null;
  /** The biases of the three projections `[3·embedDim]`, or `null` without bias. */
  in_proj_bias: Parameter | null = null;
  /** The key appended with `addBiasKv`, `[1, 1, embedDim]`, or `null`. */
  bias_k: Parameter | null = null;
  /** The value appended with `addBiasKv`, `[1, 1, embedDim]`, or `null`. */
  bias_v: Parameter | null = null;
  /** The output projection. */
  out_proj: NonDynamicallyQuantizableLinear;
  #generator: Random | undefined;

  /**
   * Creates the layer with PyTorch's initialisation.
   * @param embedDim The number of features of the queries and of the output.
   * @param numHeads The number of heads; must divide `embedDim`.
   * @param options `dropout`, `bias`, `addBiasKv`, `addZeroAttn`, `kdim`, `vdim`, `batchFirst`, `dtype`, `generator`.
   * @example Keys and values of other sizes
   * ```ts
   * import assert from "node:assert/strict";
   * import { MultiheadAttention } from "@nabla/autograd";
   * const attention = new MultiheadAttention(8, 2, { kdim: 3, vdim: 5 });
   * assert.deepEqual(attention.k_proj_weight!.shape, [8, 3]);
   * assert.throws(() => new MultiheadAttention(10, 3), { name: "RangeError" });
   * ```
   */
  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkOptions("MultiheadAttention", options, [
      "dropout",
      "bias",
      "addBiasKv",
      "addZeroAttn",
      "kdim",
      "vdim",
      "batchFirst",
      "dtype",
      "generator",
    ]);
    const where = "Cannot create MultiheadAttention";
    const {
      dropout = 0,
      bias = true,
      addBiasKv = false,
      addZeroAttn = false,
      batchFirst = false,
      dtype = "float32",
      generator,
    } = options;
    const kdim = options.kdim ?? embedDim;
    const vdim = options.vdim ?? embedDim;
    const sizes = [["embedDim", embedDim], ["numHeads", numHeads], ["kdim", kdim], ["vdim", vdim]];
    for (const [name, n] of sizes as [string, number][]) {
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError(`${where}: ${name} must be a positive integer, got ${n}`);
      }
    }
    if (embedDim % numHeads !== 0) {
      throw new RangeError(
        `${where}: embedDim ${embedDim} is not divisible by numHeads ${numHeads} ` +
          `(each head gets embedDim / numHeads features)`,
      );
    }
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new RangeError(`${where}: dropout must be in [0, 1], got ${dropout}`);
    }
    if (dtype !== "float32" && dtype !== "float64") {
      throw new RangeError(`${where}: dtype must be float32 or float64, got ${dtype}`);
    }
    this.embedDim = embedDim;
    this.kdim = kdim;
    this.vdim = vdim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.addZeroAttn = addZeroAttn;
    this.#generator = generator;
    const param = (shape: number[]) => new Parameter(zeros(shape, { dtype }));
    const sameDims = kdim === embedDim && vdim === embedDim;
    if (sameDims) this.in_proj_weight = param([3 * embedDim, embedDim]);
    else {
      this.q_proj_weight = param([embedDim, embedDim]);
      this.k_proj_weight = param([embedDim, kdim]);
      this.v_proj_weight = param([embedDim, vdim]);
    }
    if (bias) this.in_proj_bias = param([3 * embedDim]);
    // PyTorch's order of draws: out_proj's Linear init, then the in-projection.
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, {
      bias,
      dtype,
      generator,
    });
    if (addBiasKv) {
      this.bias_k = param([1, 1, embedDim]);
      this.bias_v = param([1, 1, embedDim]);
    }
    noGrad(() => {
      for (const w of [this.in_proj_weight, this.q_proj_weight, this.k_proj_weight]) {
        if (w !== null) xavierUniform(w, { generator });
      }
      if (this.v_proj_weight !== null) xavierUniform(this.v_proj_weight, { generator });
      if (this.in_proj_bias !== null) {
        constant(this.in_proj_bias, 0);
        constant(this.out_proj.bias!, 0);
      }
      if (this.bias_k !== null) xavierNormal(this.bias_k, { generator });
      if (this.bias_v !== null) xavierNormal(this.bias_v, { generator });
    });
  }

  /**
   * Attends from the queries to the keys and values.
   * @param query `[L, batch, embedDim]` (`[batch, L, embedDim]` with `batchFirst`; `[L, embedDim]` unbatched).
   * @param key `[S, batch, kdim]` (or batch first, or `[S, kdim]`).
   * @param value `[S, batch, vdim]` (or batch first, or `[S, vdim]`).
   * @param options `keyPaddingMask`, `needWeights`, `attnMask`, `averageAttnWeights`, `isCausal`.
   * @returns `[output, weights]`: the output in the query's layout with
   *   `embedDim` features, and the attention weights `[batch, L, S]` (averaged
   *   over heads) or `[batch, numHeads, L, S]` (without the batch dimension
   *   when unbatched), or `null` when `needWeights` is `false`.
   * @example Padding and an unbatched input
   * ```ts
   * import assert from "node:assert/strict";
   * import { MultiheadAttention, randn, tensor } from "@nabla/autograd";
   * const attention = new MultiheadAttention(4, 2);
   * const x = randn([3, 4]); // [sequence, features], unbatched
   * const [y, w] = attention.forward(x, x, x, { keyPaddingMask: tensor([false, false, true]) });
   * assert.deepEqual(y.shape, [3, 4]);
   * assert.deepEqual((w!.toArray() as number[][]).map((row) => row[2]), [0, 0, 0]);
   * ```
   */
  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    options: MultiheadAttentionForwardOptions = {},
  ): [Tensor, Tensor | null] {
    checkOptions(FORWARD, options, [
      "keyPaddingMask",
      "needWeights",
      "attnMask",
      "averageAttnWeights",
      "isCausal",
    ]);
    const {
      keyPaddingMask = null,
      needWeights = true,
      attnMask = null,
      averageAttnWeights = true,
      isCausal = false,
    } = options;
    const batched = this.#checkInputs(query, key, value);
    // Internally [batch, sequence, features].
    const layout = (x: Tensor) =>
      batched ? (this.batchFirst ? x : x.transpose(0, 1)) : x.unsqueeze(0);
    const [q0, k0, v0] = [layout(query), layout(key), layout(value)];
    const [N, L] = q0.shape;
    let [q, k, v] = this.#project(query, key, value, q0, k0, v0);
    const E = this.embedDim;
    const H = this.numHeads;
    const hd = this.headDim;
    let S = k.shape[1];
    const sourceLength = S;
    let extra = 0; // keys appended by addBiasKv and addZeroAttn, never masked
    if (this.bias_k !== null && this.bias_v !== null) {
      k = cat([k, this.bias_k.expand([N, 1, E])], 1);
      v = cat([v, this.bias_v.expand([N, 1, E])], 1);
      extra++;
    }
    const heads = (x: Tensor) => x.reshape([N, x.shape[1], H, hd]).permute([0, 2, 1, 3]);
    let [qh, kh, vh] = [heads(q), heads(k), heads(v)];
    if (this.addZeroAttn) {
      const zero = zeros([N, H, 1, hd], { dtype: kh.dtype });
      kh = cat([kh, zero], 2);
      vh = cat([vh, zero], 2);
      extra++;
    }
    S = kh.shape[2];
    const mask = this.#mask(
      { attnMask, keyPaddingMask, isCausal },
      { batched, N, L, S: sourceLength, extra, dtype: qh.dtype },
    );
    let scores = qh.mul(1 / Math.sqrt(hd)).matmul(kh.mT); // [N, H, L, S]
    if (mask !== null) scores = scores.add(mask);
    let weights = mask === null ? scores.softmax(-1) : safeSoftmax(scores);
    if (this.training && this.dropout > 0) weights = this.#dropout(weights);
    const heads2 = weights.matmul(vh).permute([0, 2, 1, 3]).reshape([N, L, E]);
    const out = this.out_proj.forward(heads2);
    const output = batched ? (this.batchFirst ? out : out.transpose(0, 1)) : out.squeeze(0);
    if (!needWeights) return [output, null];
    let w = averageAttnWeights ? weights.mean(1) : weights;
    if (!batched) w = w.squeeze(0);
    return [output, w];
  }

  // The ranks, sizes and dtypes of query, key and value; true if batched.
  #checkInputs(query: Tensor, key: Tensor, value: Tensor): boolean {
    const shapes = [query.shape, key.shape, value.shape];
    const show = `query ${fmt(query.shape)}, key ${fmt(key.shape)} and value ${fmt(value.shape)}`;
    const fail = (why: string) =>
      new ShapeError(`Cannot attend with ${show} in ${FORWARD}(): ${why}`, {
        op: FORWARD,
        shapes,
      });
    const dtype = (this.in_proj_weight ?? this.q_proj_weight)!.dtype;
    for (const t of [query, key, value]) {
      if (t.dtype !== dtype) {
        throw new DTypeError(
          `Cannot attend in ${FORWARD}(): query, key and value must be ${dtype} like the ` +
            `layer's parameters, got ${query.dtype}, ${key.dtype} and ${value.dtype}`,
          { op: FORWARD, dtypes: [query.dtype, key.dtype, value.dtype, dtype] },
        );
      }
    }
    if (query.ndim !== 2 && query.ndim !== 3) {
      throw fail("expected a 3-d batched or 2-d unbatched query");
    }
    if (key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw fail(`expected ${query.ndim}-d key and value like the query`);
    }
    const last = (t: Tensor) => t.shape[t.ndim - 1];
    const names = [["query", this.embedDim, "embedDim"], ["key", this.kdim, "kdim"], [
      "value",
      this.vdim,
      "vdim",
    ]] as const;
    [query, key, value].forEach((t, i) => {
      const [name, size, option] = names[i];
      if (last(t) !== size) {
        throw fail(`${name} has ${last(t)} features, expected ${option} = ${size}`);
      }
    });
    const batched = query.ndim === 3;
    const seq = batched && this.batchFirst ? 1 : 0;
    const batch = 1 - seq;
    if (key.shape[seq] !== value.shape[seq]) {
      throw fail(`key and value have ${key.shape[seq]} and ${value.shape[seq]} positions`);
    }
    if (
      batched &&
      (key.shape[batch] !== query.shape[batch] || value.shape[batch] !== query.shape[batch])
    ) {
      throw fail(
        `batch sizes ${query.shape[batch]}, ${key.shape[batch]} and ${value.shape[batch]} differ ` +
          `(batch dimension ${batch}${this.batchFirst ? ", batchFirst" : ""})`,
      );
    }
    return batched;
  }

  // q, k, v projected: one product for self-attention, else one per input.
  #project(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    q: Tensor,
    k: Tensor,
    v: Tensor,
  ): [Tensor, Tensor, Tensor] {
    const E = this.embedDim;
    const b = this.in_proj_bias;
    const bias = (i: number) => (b === null ? null : b.narrow(0, i * E, E));
    const w = this.in_proj_weight;
    if (w === null) {
      return [
        linear(q, this.q_proj_weight!, bias(0)),
        linear(k, this.k_proj_weight!, bias(1)),
        linear(v, this.v_proj_weight!, bias(2)),
      ];
    }
    if (query === key && key === value) {
      const qkv = linear(q, w, b);
      return [0, 1, 2].map((i) => qkv.narrow(2, i * E, E)) as [Tensor, Tensor, Tensor];
    }
    const part = (i: number) => w.narrow(0, i * E, E);
    return [linear(q, part(0), bias(0)), linear(k, part(1), bias(1)), linear(v, part(2), bias(2))];
  }

  // The float mask added to the scores [N, H, L, S], or null: attnMask, key
  // padding and the causal mask, bool ones as -Infinity where true.
  #mask(
    masks: { attnMask: Tensor | null; keyPaddingMask: Tensor | null; isCausal: boolean },
    at: { batched: boolean; N: number; L: number; S: number; extra: number; dtype: DType },
  ): Tensor | null {
    const { batched, N, L, S, extra, dtype } = at;
    const H = this.numHeads;
    const toFloat = (m: Tensor) => (m.dtype === "bool" ? where(m, -Infinity, 0).to(dtype) : m);
    // Appended keys (bias_k, zero attention) are never masked.
    const widen = (m: Tensor) => (extra === 0 ? m : m.pad([0, extra]));
    let total: Tensor | null = null;
    const add = (m: Tensor) => (total = total === null ? m : total.add(m));
    let { attnMask } = masks;
    if (attnMask === null && masks.isCausal) {
      attnMask = arange(0, L, 1, { dtype: "int32" }).unsqueeze(1).lt(
        arange(0, S, 1, { dtype: "int32" }),
      );
    }
    if (attnMask !== null) {
      this.#checkMask("attnMask", attnMask, dtype);
      const shape2 = [L, S];
      const shape3 = [batched ? N * H : H, L, S];
      let m: Tensor;
      if (sameShape(attnMask.shape, shape2)) m = attnMask.reshape([1, 1, L, S]);
      else if (sameShape(attnMask.shape, shape3)) m = attnMask.reshape([batched ? N : 1, H, L, S]);
      else {
        throw new ShapeError(
          `Cannot attend in ${FORWARD}(): attnMask has shape ${fmt(attnMask.shape)}, expected ` +
            `${fmt(shape2)} or ${fmt(shape3)} ([L, S] or [${
              batched ? "batch · " : ""
            }numHeads, L, S])`,
          { op: FORWARD, shapes: [attnMask.shape, shape2, shape3] },
        );
      }
      add(widen(toFloat(m)));
    }
    if (masks.keyPaddingMask !== null) {
      const kpm = masks.keyPaddingMask;
      this.#checkMask("keyPaddingMask", kpm, dtype);
      const want = batched ? [N, S] : [S];
      if (!sameShape(kpm.shape, want)) {
        throw new ShapeError(
          `Cannot attend in ${FORWARD}(): keyPaddingMask has shape ${fmt(kpm.shape)}, expected ` +
            `${fmt(want)} (${batched ? "[batch, S]" : "[S]"})`,
          { op: FORWARD, shapes: [kpm.shape, want] },
        );
      }
      add(widen(toFloat(kpm.reshape([batched ? N : 1, 1, 1, S]))));
    }
    return total;
  }

  #checkMask(name: string, mask: Tensor, dtype: DType): void {
    if (mask.dtype !== "bool" && mask.dtype !== dtype) {
      throw new DTypeError(
        `Cannot attend in ${FORWARD}(): ${name} must be bool or ${dtype} like the query, ` +
          `got ${mask.dtype}`,
        { op: FORWARD, dtypes: [mask.dtype, dtype] },
      );
    }
  }

  #dropout(x: Tensor): Tensor {
    const p = this.dropout;
    if (p === 1) return x.mul(0);
    const keep = rand(x.shape, { dtype: x.dtype, generator: this.#generator }).lt(1 - p);
    return x.mul(keep.to(x.dtype).mul(1 / (1 - p)));
  }
}

/** Softmax over the last dimension with zeros (and zero gradients) for rows of -Infinity. */
function safeSoftmax(scores: Tensor): Tensor {
  const dead = noGrad(() => scores.gt(-Infinity).to(scores.dtype).sum(-1, { keepdim: true }).eq(0));
  if (noGrad(() => dead.to(scores.dtype).sum().item()) === 0) return scores.softmax(-1);
  return where(dead, 0, where(dead, 0, scores).softmax(-1));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
