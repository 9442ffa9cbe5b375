/**
 * Indexing ops with int32 index tensors. `Gather` and `ScatterAdd` are the
 * primitives, each the other's backward, so both can be differentiated any
 * number of times; `Scatter` (assignment) is the third, its backward a
 * gather and a scatter of zeros. The rest is composed: `indexSelect` and
 * `index` (PyTorch's `x[idx]`) are gathers with an expanded index (their
 * backward is therefore an index-add), `indexAdd` a scatter-add with an
 * expanded index, `embedding` an `index` whose padding rows pass no
 * gradient, and `oneHot` a broadcast comparison. Index values are checked
 * here, at the public entry, before any kernel runs.
 */
import { AutogradFunction, isGradEnabled, isTensor, noGrad, trustBackward } from "../autograd.ts";
import { type DType, isFloatingPoint } from "../dtype.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { fmt, NO_DIMS, normalizeDim, shapesEqual } from "../_shape.ts";
import * as kernels from "../kernels/indexing.ts";
import { arange, zeros } from "../factory.ts";
import { checkOptions } from "../options.ts";
import { fromData, fromKernel, scalar, type Tensor, viewOf } from "../tensor.ts";
import { checkInt32, toInt32 } from "../_int32.ts";
import { asPublicOp } from "../_op_names.ts";
import { where } from "./elementwise.ts";

/** `out[p] = x[p with p[dim] replaced by index[p]]`, of the shape of `index`. */
export class Gather extends AutogradFunction {
  #inputShape: readonly number[] = NO_DIMS;
  #dim = 0;
  /** Gathers (index validated) and saves the index. */
  override forward(x: Tensor, dim: number, index: Tensor): Tensor {
    this.#inputShape = x.shape;
    this.#dim = dim;
    this.saveForBackward(index);
    return fromKernel(kernels.gather(viewOf(x), dim, viewOf(index), x.dtype), index.shape);
  }
  /** Each gradient element goes back where its value came from: a scatter-add into zeros. */
  override backward(g: Tensor): [Tensor] {
    const [index] = this.savedTensors;
    const base = zeros(this.#inputShape, { dtype: g.dtype });
    // NOTE: straight to the kernel when not recording (a loss gathers at every step).
    if (!isGradEnabled()) return [scatterAdded(base, this.#dim, index, g)];
    return [ScatterAdd.apply(base, this.#dim, index, g)];
  }
}

/** A copy of `x` with each `src[p]` added at `p with p[dim] replaced by index[p]`. */
export class ScatterAdd extends AutogradFunction {
  #dim = 0;
  /** Scatters (index validated, `src` of the index's shape) and saves the index. */
  override forward(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
    this.#dim = dim;
    this.saveForBackward(index);
    return scatterAdded(x, dim, index, src);
  }
  /** d(out)/dx = 1; d(out)/d(src[p]) reads the gradient where src[p] went: a gather. */
  override backward(g: Tensor): [Tensor | null, null, null, Tensor | null] {
    const [index] = this.savedTensors;
    return [
      this.needsInputGrad[0] ? g : null,
      null,
      null,
      this.needsInputGrad[3] ? Gather.apply(g, this.#dim, index) : null,
    ];
  }
}

// ScatterAdd's result, straight from the kernel (no op: nothing recorded).
function scatterAdded(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  // NOTE: int32 accumulates in float64 and is checked: it never wraps around.
  const int = x.dtype === "int32";
  const data = kernels.scatterAdd(
    viewOf(x),
    dim,
    viewOf(index),
    viewOf(src),
    int ? "float64" : x.dtype,
  );
  return fromKernel(int ? toInt32("scatterAdd", "scatter", data) : data, x.shape);
}

/**
 * A copy of `x` with each `src[p]` written at `p with p[dim] replaced by
 * index[p]` (PyTorch's out-of-place `scatter`).
 */
export class Scatter extends AutogradFunction {
  #dim = 0;
  /** Scatters (index validated, `src` of the index's shape) and saves the index. */
  override forward(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
    this.#dim = dim;
    this.saveForBackward(index);
    return fromKernel(
      kernels.scatter(viewOf(x), dim, viewOf(index), viewOf(src), x.dtype),
      x.shape,
    );
  }
  /**
   * dx = g with the written positions zeroed (a scatter of zeros); d(src[p])
   * reads the gradient where src[p] went (a gather), as PyTorch, which gives
   * every one of repeated positions the gradient even though one write wins.
   */
  override backward(g: Tensor): [Tensor | null, null, null, Tensor | null] {
    const [index] = this.savedTensors;
    const d = this.#dim;
    return [
      this.needsInputGrad[0]
        ? Scatter.apply(g, d, index, scalar(0, g.dtype).expand(index.shape))
        : null,
      null,
      null,
      this.needsInputGrad[3] ? Gather.apply(g, d, index) : null,
    ];
  }
}

// ---------------------------------------------------------------- checks

function checkIndexDtype(op: string, action: string, index: Tensor): void {
  if (!isTensor(index)) {
    throw new TypeError(`Cannot ${action} in ${op}(): the index must be a Tensor`);
  }
  if (index.dtype !== "int32") {
    throw new DTypeError(
      `Cannot ${action} in ${op}(): the index has dtype ${index.dtype}, expected int32`,
      { op, dtypes: [index.dtype] },
    );
  }
}

// Throws a RangeError naming the first value of `index` outside [0, n), or
// [-n, n) when `negative` indices (counting from the end) are allowed.
function checkRange(
  op: string,
  action: string,
  index: Tensor,
  n: number,
  what: string,
  noun = "index",
  negative = false,
): void {
  const lo = negative ? -n : 0;
  const bad = kernels.firstOutside(viewOf(index), lo, n - 1);
  if (bad === null) return;
  const at: number[] = index.shape.map(() => 0);
  for (let d = index.ndim - 1, p = bad.position; d >= 0; d--) {
    at[d] = p % index.shape[d];
    p = Math.floor(p / index.shape[d]);
  }
  const allowed = n === 0
    ? "there is no valid value"
    : n === Infinity
    ? "expected a non-negative value"
    : `expected a value in [${lo}, ${n - 1}]`;
  throw new RangeError(
    `Cannot ${action} in ${op}(): ${noun} ${bad.value} at position ${fmt(at)} is out of range ` +
      `for ${what}, ${allowed}`,
  );
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Gather, ScatterAdd, Scatter);

// ---------------------------------------------------------------- public functions

/** PyTorch's `torch.gather`: values of `x` picked along `dim` by an int32 index. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype("gather", "gather", index);
  if (x.ndim === 0 && index.ndim === 0) {
    normalizeDim("gather", dim, 1); // as in PyTorch, a scalar acts as a vector of one
    return gather(x.reshape([1]), 0, index.reshape([1])).reshape([]);
  }
  const d = normalizeDim("gather", dim, x.ndim);
  if (index.ndim !== x.ndim) {
    gatherError(x, index, `the index has ${index.ndim} dimensions, expected ${x.ndim}`);
  }
  for (let k = 0; k < index.ndim; k++) {
    if (k === d || index.shape[k] <= x.shape[k]) continue;
    gatherError(
      x,
      index,
      `the index has size ${index.shape[k]} at dimension ${k}, more than ${x.shape[k]} ` +
        `(only dimension ${d} may be larger)`,
    );
  }
  checkRange("gather", "gather", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  return Gather.apply(x, d, index);
}

// Out of line: a closure for it would be an allocation per call (a loss gathers every step).
function gatherError(x: Tensor, index: Tensor, why: string): never {
  const msg = `Cannot gather from ${fmt(x.shape)} with an index of shape ` +
    `${fmt(index.shape)} in gather(): ${why}`;
  throw new ShapeError(msg, { op: "gather", shapes: [x.shape, index.shape] });
}

/** `a float32`, `an int32`: a dtype with its article, for messages. */
export function an(dtype: string): string {
  return `${/^[aeiou]/.test(dtype) ? "an" : "a"} ${dtype}`;
}

// Checks that `src` is a tensor of x's dtype (bool allowed only for `scatter`).
function checkSource(op: string, x: Tensor, src: Tensor, what = "src"): void {
  if (!isTensor(src)) {
    throw new TypeError(`Cannot scatter in ${op}(): ${what} must be a Tensor`);
  }
  if (src.dtype !== x.dtype || (x.dtype === "bool" && op !== "scatter")) {
    const expected = op === "scatter"
      ? "expected one dtype"
      : "expected one dtype, float32, float64 or int32";
    throw new DTypeError(
      `Cannot scatter ${an(src.dtype)} source into ${an(x.dtype)} tensor in ${op}(): ` +
        `${expected}; convert with to() first`,
      { op, dtypes: [x.dtype, src.dtype] },
    );
  }
}

/**
 * `value` converted to `dtype` the way a cast would (toward zero for int32),
 * or a RangeError naming `op` when int32 cannot hold it (as PyTorch's "value
 * cannot be converted to type int without overflow").
 */
export function fillValue(op: string, value: number, dtype: DType): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot fill in ${op}(): the value must be a number, got ${typeof value}`);
  }
  if (dtype === "bool") return value !== 0 ? 1 : 0;
  if (dtype !== "int32") return value;
  checkInt32(op, "fill", "the value", value);
  return Math.trunc(value);
}

// The shape checks shared by scatter and scatterAdd, then the primitive.
function scatterWith(
  op: "scatter" | "scatterAdd",
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
): Tensor {
  if (x.ndim === 0 && index.ndim === 0 && src.ndim === 0) {
    normalizeDim(op, dim, 1); // as in PyTorch, a scalar acts as a vector of one
    return scatterWith(op, x.reshape([1]), 0, index.reshape([1]), src.reshape([1])).reshape([]);
  }
  const d = normalizeDim(op, dim, x.ndim);
  const fail = (why: string): never => {
    const msg = `Cannot scatter ${fmt(src.shape)} into ${fmt(x.shape)} with an index of ` +
      `shape ${fmt(index.shape)} in ${op}(): ${why}`;
    throw new ShapeError(msg, { op, shapes: [x.shape, index.shape, src.shape] });
  };
  if (index.ndim !== x.ndim || src.ndim !== x.ndim) {
    fail(`expected ${x.ndim} dimensions for all three`);
  }
  index.shape.forEach((s, j) => {
    if (s > src.shape[j]) fail(`the index is larger than src at dimension ${j}`);
    if (j !== d && s > x.shape[j]) {
      fail(`the index is larger than the tensor at dimension ${j} (only ${d} may be larger)`);
    }
  });
  checkRange(op, "scatter", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  const part = shapesEqual(src.shape, index.shape)
    ? src
    : index.shape.reduce((t, s, j) => t.narrow(j, 0, s), src);
  return op === "scatter" ? Scatter.apply(x, d, index, part) : ScatterAdd.apply(x, d, index, part);
}

/**
 * PyTorch's `x.scatter_add(dim, index, src)`: a copy of `x` with `src` added
 * at the positions `index` names along `dim`; only the index-shaped corner of
 * `src` is used.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexDtype("scatterAdd", "scatter", index);
  checkSource("scatterAdd", x, src);
  return scatterWith("scatterAdd", x, dim, index, src);
}

/**
 * PyTorch's out-of-place `x.scatter(dim, index, src)`: a copy of `x` with
 * `src` (a tensor, of which the index-shaped corner is used, or a number)
 * written at the positions `index` names along `dim`.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  checkIndexDtype("scatter", "scatter", index);
  if (isTensor(src)) {
    checkSource("scatter", x, src);
    return scatterWith("scatter", x, dim, index, src);
  }
  const value = scalar(fillValue("scatter", src, x.dtype), x.dtype);
  return scatterWith("scatter", x, dim, index, value.expand(index.shape));
}

// The entries of a 1-d `index` (validated) along `d`: a gather with the index
// expanded to the output's shape (a view), so that its backward is an index-add.
function select(x: Tensor, d: number, index: Tensor): Tensor {
  const k = index.numel;
  const shape = x.shape.map((s, j) => (j === d ? k : s));
  const expanded = index.reshape(x.shape.map((_, j) => (j === d ? k : 1))).expand(shape);
  return Gather.apply(x, d, expanded);
}

/**
 * PyTorch's `torch.index_select`: the entries `index` names along `dim`, in
 * its order (repeats allowed).
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype("indexSelect", "select", index);
  const d = normalizeDim("indexSelect", dim, x.ndim);
  if (index.ndim > 1) {
    throw new ShapeError(
      `Cannot select from ${fmt(x.shape)} with an index of shape ${fmt(index.shape)} in ` +
        "indexSelect(): the index must be 1-d (or 0-d)",
      { op: "indexSelect", shapes: [x.shape, index.shape] },
    );
  }
  checkRange("indexSelect", "select", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  return select(x, d, index);
}

/**
 * PyTorch's `x[idx]` for an int32 tensor `idx` of any shape: the rows
 * (entries of dimension 0) it names, negative values counting from the end.
 * A gather, so gradients of repeated rows add up.
 */
export function index(x: Tensor, idx: Tensor): Tensor {
  if (isTensor(idx) && idx.dtype === "bool") {
    throw new DTypeError(
      "Cannot index in index(): the index has dtype bool, expected int32; boolean masks are " +
        "not supported, use where() or maskedFill()",
      { op: "index", dtypes: ["bool"] },
    );
  }
  checkIndexDtype("index", "index", idx);
  if (x.ndim === 0) {
    throw new ShapeError(
      `Cannot index a 0-d tensor with an index of shape ${fmt(idx.shape)} in index(): it has ` +
        "no dimension to index; use item(), or reshape([1]) first",
      { op: "index", shapes: [x.shape, idx.shape] },
    );
  }
  const n = x.shape[0];
  checkRange("index", "index", idx, n, `dimension 0 of size ${n}`, "index", true);
  let flat = idx.reshape([idx.numel]);
  if (idx.numel > 0 && kernels.minMax(viewOf(idx))[0] < 0) {
    const rows = flat;
    flat = noGrad(() => where(rows.lt(0), rows.add(n), rows));
  }
  return select(x, 0, flat).reshape([...idx.shape, ...x.shape.slice(1)]);
}

/** Options of {@linkcode Tensor.indexAdd}. */
export interface IndexAddOptions {
  /**
   * Factor applied to `source` before it is added (an integer for int32 tensors).
   * @default 1
   */
  alpha?: number;
}

/**
 * PyTorch's out-of-place `x.index_add(dim, index, source, alpha=alpha)`: a
 * copy of `x` to which entry `i` of `source` along `dim`, times `alpha`, is
 * added at entry `index[i]` (repeats accumulate). A scatter-add with an
 * expanded index, so it is differentiable in `x` and `source`.
 */
export function indexAdd(
  x: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  options: IndexAddOptions = {},
): Tensor {
  checkOptions("indexAdd", options, ["alpha"]);
  checkIndexDtype("indexAdd", "add", index);
  checkSource("indexAdd", x, source, "source");
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) {
    throw new RangeError(`Cannot add in indexAdd(): alpha must be a finite number, got ${alpha}`);
  }
  if (!isFloatingPoint(x.dtype) && !Number.isInteger(alpha)) {
    throw new RangeError(
      `Cannot add in indexAdd(): alpha ${alpha} is not an integer, and the tensor is ${x.dtype}`,
    );
  }
  const fail = (why: string): never => {
    throw new ShapeError(
      `Cannot add ${fmt(source.shape)} into ${fmt(x.shape)} with an index of shape ` +
        `${fmt(index.shape)} in indexAdd(): ${why}`,
      { op: "indexAdd", shapes: [x.shape, index.shape, source.shape] },
    );
  };
  if (index.ndim > 1) fail("the index must be 1-d (or 0-d)");
  // As in PyTorch, 0-d tensors act as vectors of one.
  if (x.ndim === 0) {
    normalizeDim("indexAdd", dim, 1);
    if (source.ndim > 1) fail("expected a source with at most 1 dimension");
    const flat = indexAdd(x.reshape([1]), 0, index, source.reshape([source.numel]), options);
    return flat.reshape([]);
  }
  const d = normalizeDim("indexAdd", dim, x.ndim);
  const src = x.ndim === 1 && source.ndim === 0 ? source.reshape([1]) : source;
  const k = index.numel;
  if (src.ndim !== x.ndim) fail(`expected a source with ${x.ndim} dimensions`);
  if (src.shape[d] !== k) {
    fail(`the index has ${k} entries, the source has ${src.shape[d]} along dimension ${d}`);
  }
  const j = src.shape.findIndex((s, j) => j !== d && s !== x.shape[j]);
  if (j >= 0) fail(`the sizes at dimension ${j} differ (only dimension ${d} may)`);
  checkRange("indexAdd", "add", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  const expanded = index.reshape(x.shape.map((_, j) => (j === d ? k : 1))).expand(src.shape);
  return asPublicOp(
    "indexAdd",
    () => ScatterAdd.apply(x, d, expanded, alpha === 1 ? src : src.mul(alpha)),
  );
}

/** Options of {@linkcode embedding}. */
export interface EmbeddingOptions {
  /**
   * A row of the table (negative counts from the end) that is looked up like
   * the others but receives no gradient (PyTorch's `padding_idx`); `null` for none.
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * If set, each looked-up row whose `normType`-norm exceeds it is rescaled
   * in place to that norm before the lookup (the weight tensor changes, as
   * in PyTorch); `null` for no limit.
   * @default null
   */
  maxNorm?: number | null;
  /**
   * The p of the p-norm compared with `maxNorm` (`Infinity` for the largest magnitude).
   * @default 2
   */
  normType?: number;
}

/**
 * Looks up rows of an embedding table, as PyTorch's `F.embedding`: for an
 * int32 tensor of indices of any shape, the rows of `weight` it names. The
 * gradient of `weight` adds up over repeated indices; the `paddingIdx` row
 * gets none.
 * @param input An int32 tensor of indices in `[0, weight.size(0))`.
 * @param weight The table, of shape `[numEmbeddings, embeddingDim]`.
 * @param options `paddingIdx` (a row that gets no gradient), `maxNorm` and
 *   `normType` (rescale looked-up rows in place to at most that norm).
 * @returns A tensor of shape `[...input.shape, embeddingDim]`.
 * @example Looking up tokens
 * ```ts
 * import assert from "node:assert/strict";
 * import { embedding, tensor } from "@nabla/autograd";
 * const table = tensor([[0, 0], [1, 1], [2, 2]], { requiresGrad: true });
 * const tokens = tensor([[2, 0], [2, 1]], { dtype: "int32" });
 * const x = embedding(tokens, table, { paddingIdx: 0 });
 * assert.deepEqual(x.toArray(), [[[2, 2], [0, 0]], [[2, 2], [1, 1]]]);
 * x.sum().backward();
 * assert.deepEqual(table.grad?.toArray(), [[0, 0], [1, 1], [2, 2]]); // row 0: padding
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  checkOptions("embedding", options, ["paddingIdx", "maxNorm", "normType"]);
  checkIndexDtype("embedding", "look up embeddings", input);
  if (!isTensor(weight) || weight.ndim !== 2) {
    const shape = isTensor(weight) ? fmt(weight.shape) : typeof weight;
    throw new ShapeError(
      `Cannot look up embeddings in embedding(): the weight has shape ${shape}, expected ` +
        "[numEmbeddings, embeddingDim]",
      { op: "embedding", shapes: isTensor(weight) ? [input.shape, weight.shape] : [input.shape] },
    );
  }
  const [n, dim] = weight.shape;
  const { paddingIdx = null, maxNorm = null, normType = 2 } = options;
  let pad: number | null = null;
  if (paddingIdx !== null) {
    if (!Number.isInteger(paddingIdx) || paddingIdx < -n || paddingIdx >= n) {
      throw new RangeError(
        `Cannot look up embeddings in embedding(): paddingIdx ${paddingIdx} is out of range ` +
          `for a table of ${n} embeddings, expected an integer in [${-n}, ${n - 1}]`,
      );
    }
    pad = paddingIdx < 0 ? paddingIdx + n : paddingIdx;
  }
  checkRange("embedding", "look up embeddings", input, n, `a table of ${n} embeddings`);
  if (maxNorm !== null) renormRows(weight, input, maxNorm, normType);
  const flat = input.reshape([input.numel]);
  let rows = select(weight, 0, flat);
  if (pad !== null && rows.requiresGrad) {
    // NOTE: padding lookups read the detached table, so the padding row gets no gradient.
    const isPad = flat.eq(pad).unsqueeze(1);
    rows = where(isPad, rows.detach(), rows);
  }
  return rows.reshape([...input.shape, dim]);
}

// PyTorch's `embedding_renorm_`: scales each looked-up row of norm above
// `maxNorm` by maxNorm / (norm + 1e-7), in place and unrecorded.
function renormRows(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  if (typeof maxNorm !== "number" || !(maxNorm >= 0)) {
    throw new RangeError(
      `Cannot look up embeddings in embedding(): maxNorm must be a non-negative number, got ${maxNorm}`,
    );
  }
  if (typeof normType !== "number" || !(normType > 0)) {
    throw new RangeError(
      `Cannot look up embeddings in embedding(): normType must be a positive number, got ${normType}`,
    );
  }
  if (!isFloatingPoint(weight.dtype)) {
    throw new DTypeError(
      `Cannot rescale embeddings in embedding(): maxNorm needs a float32 or float64 weight, got ${weight.dtype}`,
      { op: "embedding", dtypes: [weight.dtype] },
    );
  }
  noGrad(() => {
    const rows = [...new Set(input.reshape([input.numel]).toArray() as number[])];
    if (rows.length === 0) return;
    const picked = select(weight, 0, fromData(Int32Array.from(rows), [rows.length])).abs();
    const norms =
      (normType === Infinity ? picked.amax(1) : picked.pow(normType).sum(1).pow(1 / normType))
        .toArray() as number[];
    rows.forEach((r, i) => {
      if (norms[i] > maxNorm) weight.narrow(0, r, 1).mul_(maxNorm / (norms[i] + 1e-7));
    });
  });
}

/**
 * One-hot encoding of class indices (PyTorch's `F.one_hot`, but int32).
 * @param labels An int32 tensor of class indices in `[0, numClasses)`.
 * @param numClasses The number of classes; `-1` (the default) infers the
 *   largest label + 1.
 * @returns An int32 tensor of shape `[...labels.shape, numClasses]`: 1 at
 *   each label's class, 0 elsewhere. Not differentiable.
 * @example Encoding labels
 * ```ts
 * import assert from "node:assert/strict";
 * import { oneHot, tensor } from "@nabla/autograd";
 * const labels = tensor([0, 2, 1], { dtype: "int32" });
 * assert.deepEqual(oneHot(labels).toArray(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
 * assert.deepEqual(oneHot(labels, 4).shape, [3, 4]);
 * assert.equal(oneHot(labels).float().dtype, "float32"); // for losses
 * ```
 */
export function oneHot(labels: Tensor, numClasses = -1): Tensor {
  checkIndexDtype("oneHot", "encode labels", labels);
  if (numClasses === -1) {
    if (labels.numel === 0) {
      throw new RangeError(
        "Cannot infer the number of classes in oneHot(): the labels are empty; pass numClasses",
      );
    }
    checkRange("oneHot", "encode labels", labels, Infinity, "a class", "label");
    numClasses = kernels.minMax(viewOf(labels))[1] + 1;
  } else if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new RangeError(
      `Cannot encode labels in oneHot(): numClasses must be a non-negative integer or -1, ` +
        `got ${numClasses}`,
    );
  }
  checkRange("oneHot", "encode labels", labels, numClasses, `${numClasses} classes`, "label");
  const classes = arange(numClasses, undefined, 1, { dtype: "int32" });
  return asPublicOp("oneHot", () => labels.unsqueeze(-1).eq(classes).to("int32"));
}
