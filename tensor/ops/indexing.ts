/**
 * Indexing ops with int32 index tensors. `Gather` and `ScatterAdd` are the
 * primitives, each the other's backward, so both can be differentiated any
 * number of times; `indexSelect` is a gather with an expanded index (its
 * backward is therefore an index-add), and `oneHot` a broadcast comparison.
 * Index values are checked here, at the public entry, before any kernel runs.
 */
import { AutogradFunction, isTensor, trustBackward } from "../autograd.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { fmt, normalizeDim, shapesEqual } from "../_shape.ts";
import * as kernels from "../kernels/indexing.ts";
import { arange, zeros } from "../factory.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";

/** `out[p] = x[p with p[dim] replaced by index[p]]`, of the shape of `index`. */
export class Gather extends AutogradFunction {
  #inputShape: readonly number[] = [];
  #dim = 0;
  /** Gathers (index validated) and saves the index. */
  override forward(x: Tensor, dim: number, index: Tensor): Tensor {
    this.#inputShape = x.shape;
    this.#dim = dim;
    this.saveForBackward(index);
    return fromData(kernels.gather(viewOf(x), dim, viewOf(index), x.dtype), index.shape);
  }
  /** Each gradient element goes back where its value came from: a scatter-add into zeros. */
  override backward(g: Tensor): [Tensor] {
    const [index] = this.savedTensors;
    const base = zeros(this.#inputShape, { dtype: g.dtype });
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
    const data = kernels.scatterAdd(viewOf(x), dim, viewOf(index), viewOf(src), x.dtype);
    return fromData(data, x.shape);
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

// Throws a RangeError naming the first value of `index` outside [0, n).
function checkRange(
  op: string,
  action: string,
  index: Tensor,
  n: number,
  what: string,
  noun = "index",
): void {
  const bad = kernels.firstOutside(viewOf(index), 0, n - 1);
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
    : `expected a value in [0, ${n - 1}]`;
  throw new RangeError(
    `Cannot ${action} in ${op}(): ${noun} ${bad.value} at position ${fmt(at)} is out of range ` +
      `for ${what}, ${allowed}`,
  );
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Gather, ScatterAdd);

// ---------------------------------------------------------------- public functions

/** PyTorch's `torch.gather`: values of `x` picked along `dim` by an int32 index. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype("gather", "gather", index);
  if (x.ndim === 0 && index.ndim === 0) {
    normalizeDim("gather", dim, 1); // as in PyTorch, a scalar acts as a vector of one
    return gather(x.reshape([1]), 0, index.reshape([1])).reshape([]);
  }
  const d = normalizeDim("gather", dim, x.ndim);
  const fail = (why: string): never => {
    const msg = `Cannot gather from ${fmt(x.shape)} with an index of shape ` +
      `${fmt(index.shape)} in gather(): ${why}`;
    throw new ShapeError(msg, { op: "gather", shapes: [x.shape, index.shape] });
  };
  if (index.ndim !== x.ndim) fail(`the index has ${index.ndim} dimensions, expected ${x.ndim}`);
  const k = index.shape.findIndex((s, j) => j !== d && s > x.shape[j]);
  if (k >= 0) {
    fail(
      `the index has size ${index.shape[k]} at dimension ${k}, more than ${x.shape[k]} ` +
        `(only dimension ${d} may be larger)`,
    );
  }
  checkRange("gather", "gather", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  return Gather.apply(x, d, index);
}

/**
 * PyTorch's `x.scatter_add(dim, index, src)`: a copy of `x` with `src` added
 * at the positions `index` names along `dim`; only the index-shaped corner of
 * `src` is used.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexDtype("scatterAdd", "scatter", index);
  if (!isTensor(src)) {
    throw new TypeError("Cannot scatter in scatterAdd(): src must be a Tensor");
  }
  if (src.dtype !== x.dtype || x.dtype === "bool") {
    throw new DTypeError(
      `Cannot scatter a ${src.dtype} source into a ${x.dtype} tensor in scatterAdd(): ` +
        "expected one dtype, float32, float64 or int32; convert with to() first",
      { op: "scatterAdd", dtypes: [x.dtype, src.dtype] },
    );
  }
  if (x.ndim === 0 && index.ndim === 0 && src.ndim === 0) {
    normalizeDim("scatterAdd", dim, 1);
    const flat = scatterAdd(x.reshape([1]), 0, index.reshape([1]), src.reshape([1]));
    return flat.reshape([]);
  }
  const d = normalizeDim("scatterAdd", dim, x.ndim);
  const fail = (why: string): never => {
    const msg = `Cannot scatter ${fmt(src.shape)} into ${fmt(x.shape)} with an index of ` +
      `shape ${fmt(index.shape)} in scatterAdd(): ${why}`;
    throw new ShapeError(msg, { op: "scatterAdd", shapes: [x.shape, index.shape, src.shape] });
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
  checkRange("scatterAdd", "scatter", index, x.shape[d], `dimension ${d} of size ${x.shape[d]}`);
  const part = shapesEqual(src.shape, index.shape)
    ? src
    : index.shape.reduce((t, s, j) => t.narrow(j, 0, s), src);
  return ScatterAdd.apply(x, d, index, part);
}

/**
 * PyTorch's `torch.index_select`: the entries `index` names along `dim`, in
 * its order (repeats allowed). A gather with the index expanded to the
 * output's shape (a view), so its backward is an index-add.
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
  const k = index.numel;
  const shape = x.shape.map((s, j) => (j === d ? k : s));
  const expanded = index.reshape(x.shape.map((_, j) => (j === d ? k : 1))).expand(shape);
  return Gather.apply(x, d, expanded);
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
  return labels.unsqueeze(-1).eq(arange(numClasses, undefined, 1, { dtype: "int32" })).to(
    "int32",
  );
}
