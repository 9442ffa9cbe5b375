/**
 * Attention in functional form, as PyTorch 2's `F.scaled_dot_product_attention`:
 * `softmax(q·kᵀ·scale + mask) · v`, composed from `matmul`, `where`, `add`
 * and `softmax` (no backward of its own, so gradients of any order come for
 * free). Without a mask (causal or not), the scaling, causal masking and
 * softmax run as one fused primitive, `AttentionSoftmax` (one kernel pass
 * each way instead of about six), tested against that composition.
 *
 * One deliberate choice: a query row whose every key is masked out (a
 * fully masked row) gives zeros, with zero gradients, where a plain softmax
 * would give `NaN` (PyTorch's math path gives `NaN` up to 2.4 and zeros since
 * 2.5, through its `_safe_softmax`): a `NaN` in one padded row would otherwise
 * spread to every gradient through the key projection.
 */
import { DTypeError, ShapeError } from "../errors.ts";
import {
  AutogradFunction,
  isGradEnabled,
  isTensor,
  keepForBackward,
  noGrad,
  trustBackward,
} from "../autograd.ts";
import { empty, isFloatingPoint } from "../dtype.ts";
import { broadcastShapes, fmt, shapesEqual } from "../_shape.ts";
import { checkOptions } from "../options.ts";
import { arange } from "../factory.ts";
import { rand } from "../random.ts";
import { fromData, type Tensor } from "../tensor.ts";
import * as kernels from "../kernels/attention.ts";
import * as simd from "../kernels/transformer_wasm.ts";
import { where } from "./elementwise.ts";

/**
 * `softmax(scale · scores)` over the last dimension, optionally causal
 * (query `i` keeps keys `j <= i`, the rest get weight 0): the middle of
 * unmasked attention, fused.
 */
export class AttentionSoftmax extends AutogradFunction {
  #scale = 1;
  /** Runs the fused kernel on `[..., L, S]` scores; saves the weights. */
  override forward(scores: Tensor, scale: number, causal: boolean): Tensor {
    this.#scale = scale;
    const c = scores.contiguous();
    const [L, S] = scores.shape.slice(-2);
    const rows = S === 0 ? 0 : scores.numel / S;
    const data = kernels.attentionSoftmax(
      c.storage.data,
      c.offset,
      rows,
      L,
      S,
      scale,
      causal,
      scores.dtype,
    );
    const y = fromData(data, scores.shape);
    this.saveForBackward(y);
    return y;
  }
  /** d softmax(s·x) = s · y ⊙ (g - Σ g ⊙ y), summed over the last dimension. */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    const scale = this.#scale;
    // NOTE: under createGraph the same formula in tensor ops (y stays
    // connected to the scores), so that second derivatives work.
    if (isGradEnabled()) {
      return [y.mul(g.sub(g.mul(y).sum(-1, { keepdim: true }))).mul(scale)];
    }
    const S = y.shape[y.ndim - 1];
    const rows = S === 0 ? 0 : y.numel / S;
    const gc = g.contiguous();
    const data = kernels.attentionSoftmaxBackward(
      gc.storage.data,
      gc.offset,
      y.storage.data,
      rows,
      S,
      scale,
      g.dtype,
    );
    return [fromData(data, y.shape)];
  }
}

/**
 * `softmax(scale · q·kᵀ) · v` over the last two dimensions, optionally causal,
 * for float32 `q [..., L, E]`, `k [..., S, E]`, `v [..., S, Ev]` of one batch
 * shape: unmasked attention in one WebAssembly pass each way
 * (`attention_f32`), which keeps the weights and scores in the module's
 * memory instead of handing four `[..., L, S]` tensors between six ops. The
 * values are those of the composition with `AttentionSoftmax` (the same
 * kernels in the same order), which it falls back to where the module is off.
 * The result (and each input's gradient) is laid out in memory as its input
 * when that layout is a dense permutation: for heads `[B, H, T, d]` viewed
 * from `[B, T, H, d]` projections (as PyTorch's flash attention returns
 * them), merging the heads back is a view and not a copy.
 */
export class Attention extends AutogradFunction {
  #scale = 1;
  #causal = false;
  #weights: Tensor | null = null;
  /** Runs the fused kernel; saves q, k, v and keeps the weights for the backward. */
  override forward(q: Tensor, k: Tensor, v: Tensor, scale: number, causal: boolean): Tensor {
    this.saveForBackward(q, k, v);
    this.#scale = scale;
    this.#causal = causal;
    const [L, E] = q.shape.slice(-2);
    const [S, Ev] = v.shape.slice(-2);
    const yShape = [...q.shape.slice(0, -1), Ev];
    const y = denseLike(q, yShape);
    const weights = empty("float32", (q.numel / (L * E || 1)) * L * S) as Float32Array;
    const ops = [q, k, v].map(attentionOperand);
    const sizes = { L, S, E, Ev };
    if (
      q.numel > 0 && v.numel > 0 &&
      simd.attentionF32(ops[0], ops[1], ops[2], attentionOperand(y), weights, sizes, scale, causal)
    ) {
      this.#weights = fromData(weights, [...q.shape.slice(0, -1), S]);
      keepForBackward(this, this.#weights);
      return y;
    }
    this.#weights = AttentionSoftmax.apply(q.matmul(k.mT), scale, causal);
    keepForBackward(this, this.#weights);
    return this.#weights.matmul(v);
  }
  /**
   * With P the weights and dS = scale · P ⊙ (dP - Σ dP ⊙ P) for dP = g·vᵀ:
   * dq = dS·k, dk = dSᵀ·q, dv = Pᵀ·g.
   */
  override backward(g: Tensor): Grads {
    const [q, k, v] = this.savedTensors;
    const scale = this.#scale;
    // NOTE: under createGraph the same formulas in tensor ops, with the weights
    // recomputed so that they stay connected to q and k.
    if (!isGradEnabled()) {
      const grads = attentionBackward(q, k, v, this.#weights!, g, scale);
      if (grads !== null) return grads.map((t, i) => this.needsInputGrad[i] ? t : null) as Grads;
    }
    const p = isGradEnabled()
      ? AttentionSoftmax.apply(q.matmul(k.mT), scale, this.#causal)
      : this.#weights!;
    const dp = g.matmul(v.mT);
    const ds = p.mul(dp.sub(dp.mul(p).sum(-1, { keepdim: true }))).mul(scale);
    return [
      this.needsInputGrad[0] ? ds.matmul(k) : null,
      this.needsInputGrad[1] ? ds.mT.matmul(q) : null,
      this.needsInputGrad[2] ? p.mT.matmul(g) : null,
    ];
  }
}

trustBackward(AttentionSoftmax, Attention);

type Grads = [Tensor | null, Tensor | null, Tensor | null];

/** The gradients of {@linkcode Attention} from the kernel, or null where it does not run. */
function attentionBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  weights: Tensor,
  g: Tensor,
  scale: number,
): [Tensor, Tensor, Tensor] | null {
  const [L, E] = q.shape.slice(-2);
  const [S, Ev] = v.shape.slice(-2);
  if (q.numel === 0 || v.numel === 0) return null;
  const [dq, dk, dv] = [q, k, v].map((t) => denseLike(t, t.shape));
  const gc = g.strides[g.ndim - 1] === 1 || g.shape[g.ndim - 1] === 1 ? g : g.contiguous();
  const ok = simd.attentionBackwardF32(
    ...([q, k, v].map(attentionOperand) as [
      simd.AttentionOperand,
      simd.AttentionOperand,
      simd.AttentionOperand,
    ]),
    weights.storage.data as Float32Array,
    attentionOperand(gc),
    attentionOperand(dq),
    attentionOperand(dk),
    attentionOperand(dv),
    { L, S, E, Ev },
    scale,
  );
  return ok ? [dq, dk, dv] : null;
}

/**
 * A new tensor of `shape` whose memory is laid out as `like`'s when that is
 * a dense permutation keeping the last dimension innermost (a transposed
 * view of a contiguous tensor), else contiguous.
 */
function denseLike(like: Tensor, shape: readonly number[]): Tensor {
  const nd = shape.length;
  const order = [...Array(nd).keys()].sort((a, b) => like.strides[b] - like.strides[a] || a - b);
  let dense = nd === 0 || order[nd - 1] === nd - 1;
  for (let i = nd - 1, step = 1; i >= 0 && dense; i--) {
    const d = order[i];
    if (like.shape[d] !== 1 && like.strides[d] !== step) dense = false;
    step *= like.shape[d];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = empty(like.dtype, size);
  if (!dense) return fromData(data, shape);
  const position = new Array<number>(nd);
  order.forEach((d, i) => (position[d] = i));
  return fromData(data, order.map((d) => shape[d])).permute(position);
}

/**
 * A float32 tensor `[..., rows, cols]` with contiguous columns as the
 * kernel's operand: each matrix's offset (batch dimensions in row-major
 * order) and the row stride.
 */
function attentionOperand(t: Tensor): simd.AttentionOperand {
  const nd = t.ndim;
  let offsets = [t.offset];
  for (let d = 0; d < nd - 2; d++) {
    const next: number[] = [];
    for (const o of offsets) for (let i = 0; i < t.shape[d]; i++) next.push(o + i * t.strides[d]);
    offsets = next;
  }
  return { data: t.storage.data as Float32Array, offsets, rowStride: t.strides[nd - 2] };
}

/** Options of {@linkcode scaledDotProductAttention}. */
export interface ScaledDotProductAttentionOptions {
  /**
   * A mask broadcastable to the attention scores `[..., L, S]`: bool, where
   * `true` lets a query attend to a key and `false` masks it out (unlike
   * `MultiheadAttention`'s masks, where `true` masks out, as in PyTorch), or
   * float of the query's dtype, added to the scores (`-Infinity` masks out).
   * @default null (no mask)
   */
  attnMask?: Tensor | null;
  /**
   * The probability of zeroing each attention weight (dropout, scaling the
   * rest by `1 / (1 - p)`); applied whenever > 0, so pass 0 in evaluation,
   * as in PyTorch.
   * @default 0
   */
  dropoutP?: number;
  /**
   * Masks out the keys after each query: query `i` attends to keys `j <= i`
   * (the mask `ones([L, S]).tril()`, aligned top left as in PyTorch). Cannot
   * be combined with `attnMask`.
   * @default false
   */
  isCausal?: boolean;
  /**
   * The factor applied to `q·kᵀ`.
   * @default 1 / √E, with E the size of the queries' last dimension
   */
  scale?: number | null;
}

/**
 * Scaled dot-product attention, as PyTorch 2's `F.scaled_dot_product_attention`:
 * each query attends to every key, weights `softmax(q·kᵀ·scale + mask)` over
 * the keys, and returns the weighted sum of the values. Leading dimensions
 * (batch, heads) broadcast as in `matmul`.
 *
 * A fully masked row (a query with no key to attend to) gives zeros with
 * zero gradients, as PyTorch ≥ 2.5; PyTorch 2.0 to 2.4 gave `NaN`.
 * @param query Queries `[..., L, E]`, float32 or float64.
 * @param key Keys `[..., S, E]`, of the query's dtype.
 * @param value Values `[..., S, Ev]`, of the query's dtype.
 * @param options `attnMask`, `dropoutP`, `isCausal`, `scale`.
 * @returns The attended values `[..., L, Ev]`.
 * @example Causal self-attention over 4 heads
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, randn, scaledDotProductAttention } from "@nabla/autograd";
 * manualSeed(0);
 * const [q, k, v] = [randn([2, 4, 5, 8]), randn([2, 4, 5, 8]), randn([2, 4, 5, 8])];
 * const y = scaledDotProductAttention(q, k, v, { isCausal: true });
 * assert.deepEqual(y.shape, [2, 4, 5, 8]);
 * // The first query sees only the first key: its output is the first value.
 * assert.deepEqual(y.narrow(2, 0, 1).toArray(), v.narrow(2, 0, 1).toArray());
 * ```
 * @example A bool mask: true attends
 * ```ts
 * import assert from "node:assert/strict";
 * import { scaledDotProductAttention, tensor } from "@nabla/autograd";
 * const q = tensor([[1, 0]]);
 * const k = tensor([[1, 0], [0, 1]]);
 * const v = tensor([[10, 0], [0, 10]]);
 * const y = scaledDotProductAttention(q, k, v, { attnMask: tensor([[false, true]]) });
 * assert.deepEqual(y.toArray(), [[0, 10]]);
 * const none = scaledDotProductAttention(q, k, v, { attnMask: tensor([[false, false]]) });
 * assert.deepEqual(none.toArray(), [[0, 0]]); // a fully masked row
 * ```
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options: ScaledDotProductAttentionOptions = {},
): Tensor {
  const op = "scaledDotProductAttention";
  checkOptions(op, options, ["attnMask", "dropoutP", "isCausal", "scale"]);
  const { attnMask = null, dropoutP = 0, isCausal = false, scale = null } = options;
  const names = ["query", "key", "value"];
  [query, key, value].forEach((t, i) => {
    if (!isTensor(t)) {
      throw new TypeError(
        `Cannot attend in ${op}(): ${names[i]} must be a Tensor, got ${typeof t}`,
      );
    }
    if (!isFloatingPoint(t.dtype) || t.dtype !== query.dtype) {
      throw new DTypeError(
        `Cannot attend in ${op}(): query, key and value must share a float dtype, got ` +
          `${query.dtype}, ${key.dtype} and ${value.dtype}`,
        { op, dtypes: [query.dtype, key.dtype, value.dtype] },
      );
    }
    if (t.ndim < 2) {
      throw new ShapeError(
        `Cannot attend in ${op}(): ${names[i]} must have at least 2 dimensions ` +
          `([..., positions, features]), got shape ${fmt(t.shape)}`,
        { op, shapes: [query.shape, key.shape, value.shape] },
      );
    }
  });
  const shapes = [query.shape, key.shape, value.shape];
  const [L, E] = query.shape.slice(-2);
  const [S, Ek] = key.shape.slice(-2);
  const Sv = value.shape[value.ndim - 2];
  if (Ek !== E) {
    throw new ShapeError(
      `Cannot attend with query ${fmt(query.shape)} and key ${fmt(key.shape)} in ${op}(): ` +
        `their last dimensions (embedding sizes) ${E} and ${Ek} differ`,
      { op, shapes },
    );
  }
  if (Sv !== S) {
    throw new ShapeError(
      `Cannot attend with key ${fmt(key.shape)} and value ${fmt(value.shape)} in ${op}(): ` +
        `they have ${S} and ${Sv} positions (dimension -2), expected the same`,
      { op, shapes },
    );
  }
  const batch = broadcastShapes(
    op,
    query.shape.slice(0, -2),
    key.shape.slice(0, -2),
    value.shape.slice(0, -2),
  );
  if (typeof isCausal !== "boolean") {
    throw new TypeError(`Cannot attend in ${op}(): isCausal must be a boolean, got ${isCausal}`);
  }
  if (typeof dropoutP !== "number" || !(dropoutP >= 0 && dropoutP <= 1)) {
    throw new RangeError(`Cannot attend in ${op}(): dropoutP must be in [0, 1], got ${dropoutP}`);
  }
  if (scale !== null && !(typeof scale === "number" && Number.isFinite(scale))) {
    throw new RangeError(
      `Cannot attend in ${op}(): scale must be a finite number or null, got ${scale}`,
    );
  }
  if (attnMask !== null) {
    if (isCausal) {
      throw new TypeError(
        `Cannot attend in ${op}(): attnMask and isCausal cannot be combined (as in PyTorch); ` +
          "pass one of them",
      );
    }
    checkMask(op, attnMask, query, [...batch, L, S]);
  }

  const factor = scale ?? 1 / Math.sqrt(E);
  let weights: Tensor;
  if (attnMask === null && dropoutP === 0 && fusable(query, key, value)) {
    return Attention.apply(query, key, value, factor, isCausal);
  }
  if (attnMask === null) {
    weights = AttentionSoftmax.apply(query.matmul(key.mT), factor, isCausal);
  } else {
    let scores = query.mul(factor).matmul(key.mT);
    scores = attnMask.dtype === "bool" ? where(attnMask, scores, -Infinity) : scores.add(attnMask);
    weights = safeSoftmax(scores);
  }
  if (dropoutP > 0) weights = dropout(weights, dropoutP);
  return weights.matmul(value);
}

/**
 * Whether {@linkcode Attention} takes these operands: float32, one batch
 * shape (no broadcasting), contiguous columns (as the views of heads are).
 */
function fusable(q: Tensor, k: Tensor, v: Tensor): boolean {
  const batch = q.shape.slice(0, -2);
  return q.dtype === "float32" && q.ndim === k.ndim && q.ndim === v.ndim &&
    shapesEqual(batch, k.shape.slice(0, -2)) && shapesEqual(batch, v.shape.slice(0, -2)) &&
    [q, k, v].every((t) => t.strides[t.ndim - 1] === 1 || t.shape[t.ndim - 1] === 1);
}

/**
 * Scaled dot-product attention composed from plain ops (no fused softmax):
 * the reference that {@linkcode AttentionSoftmax} is tested against. Same
 * arguments as {@linkcode scaledDotProductAttention}, unchecked.
 * @param query Queries `[..., L, E]`.
 * @param key Keys `[..., S, E]`.
 * @param value Values `[..., S, Ev]`.
 * @param options `attnMask`, `isCausal`, `scale` (no dropout).
 * @returns The attended values `[..., L, Ev]`.
 */
export function scaledDotProductAttentionComposed(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options: Omit<ScaledDotProductAttentionOptions, "dropoutP"> = {},
): Tensor {
  const { attnMask = null, isCausal = false, scale = null } = options;
  const [L, E] = query.shape.slice(-2);
  const S = key.shape[key.ndim - 2];
  let scores = query.mul(scale ?? 1 / Math.sqrt(E)).matmul(key.mT);
  if (isCausal) scores = where(causalMask(L, S), scores, -Infinity);
  else if (attnMask?.dtype === "bool") scores = where(attnMask, scores, -Infinity);
  else if (attnMask !== null) scores = scores.add(attnMask);
  return safeSoftmax(scores).matmul(value);
}

// Mask dtype and shape, checked at the public entry.
function checkMask(op: string, mask: Tensor, query: Tensor, scoresShape: number[]): void {
  if (!isTensor(mask)) {
    throw new TypeError(`Cannot attend in ${op}(): attnMask must be a Tensor or null`);
  }
  if (mask.dtype !== "bool" && mask.dtype !== query.dtype) {
    throw new DTypeError(
      `Cannot attend in ${op}(): attnMask must be bool or of the query's dtype ` +
        `${query.dtype}, got ${mask.dtype}`,
      { op, dtypes: [mask.dtype, query.dtype] },
    );
  }
  const fits = mask.ndim <= scoresShape.length &&
    shapesEqual(broadcastShapesOrNull(mask.shape, scoresShape) ?? [], scoresShape);
  if (!fits) {
    throw new ShapeError(
      `Cannot attend in ${op}(): attnMask of shape ${fmt(mask.shape)} does not broadcast to ` +
        `the attention scores ${fmt(scoresShape)} ([..., L, S])`,
      { op, shapes: [mask.shape, scoresShape] },
    );
  }
}

function broadcastShapesOrNull(a: readonly number[], b: readonly number[]): number[] | null {
  try {
    return broadcastShapes("scaledDotProductAttention", a, b);
  } catch {
    return null;
  }
}

/** `[L, S]`, true where key `j <= i` for query `i`. */
function causalMask(L: number, S: number): Tensor {
  return arange(0, L, 1, { dtype: "int32" }).unsqueeze(1).ge(arange(0, S, 1, { dtype: "int32" }));
}

/**
 * Softmax over the last dimension that gives zeros, not NaN, for a row of
 * `-Infinity` (a query with every key masked out); gradients there are 0.
 */
function safeSoftmax(scores: Tensor): Tensor {
  // NOTE: the row test runs without gradient; rows are rewritten only if one
  // is dead, so the common case costs one extra pass.
  const dead = noGrad(() => scores.gt(-Infinity).to(scores.dtype).sum(-1, { keepdim: true }).eq(0));
  if (noGrad(() => dead.to(scores.dtype).sum().item()) === 0) return scores.softmax(-1);
  // Dead rows become zeros before the softmax (so that no NaN arises, even in
  // the backward) and after it.
  return where(dead, 0, where(dead, 0, scores).softmax(-1));
}

function dropout(x: Tensor, p: number): Tensor {
  if (p === 1) return x.mul(0);
  const keep = rand(x.shape, { dtype: x.dtype }).lt(1 - p);
  return x.mul(keep.to(x.dtype).mul(1 / (1 - p)));
}
