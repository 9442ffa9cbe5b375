/**
 * The Tensor: typed storage seen through a shape, strides and an offset, plus
 * the autograd metadata (`requiresGrad`, `grad`, `gradFn`). Every math method
 * forwards to an op in `ops/`; printing lives in `_format.ts`.
 */
import {
  allocate,
  type DType,
  isDType,
  isFloatingPoint,
  promoteTypes,
  type TypedArray,
} from "./dtype.ts";
import { AutogradError, DTypeError, ShapeError } from "./errors.ts";
import {
  broadcastShapes,
  checkShape,
  contiguousStrides,
  fmt,
  NO_DIMS,
  normalizeDim,
  numel,
  shapesEqual,
} from "./_shape.ts";
import {
  type AutogradFunction,
  type BackwardOptions,
  isGradEnabled,
  isTensor,
  noGrad,
  registerTensorHooks,
  retainGradOf,
  retainsGradOf,
  runBackward,
  TENSOR_BRAND,
} from "./autograd.ts";
import * as cpu from "./kernels/cpu.ts";
import { formatTensor } from "./_format.ts";
import { checkInt32, toInt32 } from "./_int32.ts";
import { asPublicOp } from "./_op_names.ts";
import { checkOptions } from "./options.ts";
import { Storage } from "./storage.ts";
import { noteCreated, ownerOf, release, setOwner } from "./_pool.ts";
import * as elementwise from "./ops/elementwise.ts";
import * as activation from "./ops/activation.ts";
import * as math from "./ops/math.ts";
import * as reduce from "./ops/reduce.ts";
import * as movement from "./ops/movement.ts";
import * as indexing from "./ops/indexing.ts";
import * as linalg from "./ops/matmul.ts";
// ---- indexing, sorting, scans and sampling (issue 9)
import * as maskOps from "./ops/mask.ts";
import * as rearrange from "./ops/rearrange.ts";
import * as scan from "./ops/scan.ts";
import * as sorting from "./ops/sort.ts";
import * as sampling from "./sampling.ts";
// ---- end

// `t.grad` without the getter's bookkeeping (set when the class is defined).
let gradOf: (t: Tensor) => Tensor | null;

/** Nested arrays of numbers or booleans, as given to `tensor()` and returned by `toArray()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Options of {@linkcode Tensor.backward}. */
export interface TensorBackwardOptions {
  /**
   * Keep the graph's saved tensors so that backward can run through it again.
   * @default createGraph
   */
  retainGraph?: boolean;
  /**
   * Record the backward pass itself, so that gradients can be differentiated
   * again (second derivatives, Hessian-vector products).
   * @default false
   */
  createGraph?: boolean;
}

/** Options of reductions such as {@linkcode Tensor.sum}. */
export interface ReduceOptions {
  /**
   * Keep each reduced dimension with size 1, so that the result broadcasts
   * against the input.
   * @default false
   */
  keepdim?: boolean;
}

/** Options of {@linkcode Tensor.var} and {@linkcode Tensor.std}. */
export interface VarOptions extends ReduceOptions {
  /**
   * Subtracted from the element count in the divisor: 1 gives the unbiased
   * sample variance (PyTorch's default), 0 the population variance.
   * @default 1
   */
  correction?: number;
}

/** Options of {@linkcode Tensor.add_} and {@linkcode Tensor.sub_}. */
export interface AlphaOptions {
  /**
   * Factor applied to `other` before the update.
   * @default 1
   */
  alpha?: number;
}

/** Options of {@linkcode Tensor.addcmul_} and {@linkcode Tensor.addcdiv_}. */
export interface AddcmulOptions {
  /**
   * Factor applied to the product or quotient before the update.
   * @default 1
   */
  value?: number;
}

/**
 * An n-dimensional array that records the operations applied to it, for
 * reverse-mode automatic differentiation, in the style of PyTorch.
 *
 * Create tensors with `tensor()`, `zeros()`, `randn()` and friends; the
 * constructor is the low-level way to view existing storage. Element data
 * live in a {@linkcode Storage}; `shape`, `strides` and `offset` say how this
 * tensor reads it, so that views (transpose, reshape, expand, detach) cost
 * no copy.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.mul(x).sum(); // y = Σ x²
 * y.backward();
 * assert.equal(y.item(), 30);
 * assert.deepEqual(x.grad?.toArray(), [[2, 4], [6, 8]]); // dy/dx = 2x
 * ```
 */
export class Tensor {
  /** The memory this tensor reads (shared by its views). */
  readonly storage: Storage;

  /** Index in storage of the first element. */
  readonly offset: number;
  /** The element type. */
  readonly dtype: DType;
  // Frozen arrays behind getters: `readonly` binds TypeScript only, and a
  // changed shape or strides would corrupt the tensor.
  #shape: readonly number[];
  #strides: readonly number[];
  #requiresGrad = false;
  #grad: Tensor | null = null;
  #gradFn: AutogradFunction | null = null;

  static {
    Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: true });
    registerTensorHooks({
      attach(output: Tensor, fn: AutogradFunction): void {
        output.#gradFn = fn;
        output.#requiresGrad = true;
      },
      gradOf: (t: Tensor): Tensor | null => t.#grad,
      setGrad(t: Tensor, g: Tensor): void {
        t.#grad = g;
      },
    });
    gradOf = (t) => t.#grad;
  }

  /**
   * Views storage as a tensor; no data is copied. Most code uses `tensor()`,
   * `zeros()` and the like instead.
   * @param storage The memory to read.
   * @param shape Size of each dimension.
   * @param strides Step of each dimension in elements (default: row-major contiguous).
   * @param offset Index of the first element.
   * @example A view on existing storage
   * ```ts
   * import assert from "node:assert/strict";
   * import { allocate, Storage, Tensor } from "@nabla/autograd";
   * const data = allocate("float32", 6);
   * data.set([1, 2, 3, 4, 5, 6]);
   * const t = new Tensor(new Storage(data), [3], [2], 1); // every other element
   * assert.deepEqual(t.toArray(), [2, 4, 6]);
   * ```
   */
  constructor(
    storage: Storage,
    shape: readonly number[],
    strides?: readonly number[],
    offset = 0,
  ) {
    const adopt = adopting;
    adopting = false;
    if (!(storage instanceof Storage)) {
      throw new TypeError("Cannot create a Tensor: storage must be a Storage");
    }
    // NOTE: a fresh frozen copy of the caller's arrays, which stay theirs to change
    // (Object.isFrozen(), to share frozen ones, costs more than the copy). The
    // library's own views and results skip the copy (see adoptTensor()): their
    // arrays belong to another tensor already, or were built for this one.
    const s = adopt ? shape : checkShape("Tensor", shape);
    const st = strides === undefined
      ? (adopt ? sharedStrides(s) : contiguousStrides(s))
      : adopt
      ? strides
      : [...strides];
    let last = offset;
    let valid = st.length === s.length && Number.isInteger(offset) && offset >= 0;
    for (let d = 0; valid && d < s.length; d++) {
      valid = Number.isInteger(st[d]) && st[d] >= 0;
      last += (s[d] - 1) * st[d];
    }
    valid &&= numel(s) === 0 || last < storage.data.length;
    if (!valid) {
      throw new RangeError(
        `Cannot create a Tensor: shape ${fmt(s)} with strides ${fmt(st)} and offset ${offset} ` +
          `does not fit in a storage of ${storage.data.length} elements`,
      );
    }
    this.storage = storage;
    // 0-d tensors (every number operand) and contiguous vectors share frozen constants.
    this.#shape = s.length === 0 ? NO_DIMS : Object.freeze(s);
    this.#strides = st.length === 0
      ? NO_DIMS
      : st.length === 1 && st[0] === 1
      ? UNIT_STRIDE
      : Object.freeze(st);
    this.offset = offset;
    this.dtype = storage.dtype;
  }

  // ---------------------------------------------------------------- metadata

  /**
   * Size of each dimension; `[]` for a scalar (0-d) tensor. The array is
   * frozen and the property read-only, so that no assignment can corrupt the
   * tensor; `size()` gives a copy to edit.
   * @returns The shape.
   * @example Shape
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const x = zeros([2, 3]);
   * assert.deepEqual(x.shape, [2, 3]);
   * assert.ok(Object.isFrozen(x.shape));
   * ```
   */
  get shape(): readonly number[] {
    return this.#shape;
  }

  /**
   * Elements of storage to skip for one step along each dimension (0 where
   * the tensor is broadcast); frozen, like `shape`.
   * @returns The strides.
   * @example Strides of a transpose
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([2, 3]).strides, [3, 1]);
   * assert.deepEqual(zeros([2, 3]).T.strides, [1, 3]);
   * ```
   */
  get strides(): readonly number[] {
    return this.#strides;
  }

  /**
   * The number of dimensions.
   * @returns `shape.length`.
   * @example Dimensions
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, zeros } from "@nabla/autograd";
   * assert.equal(zeros([2, 3]).ndim, 2);
   * assert.equal(tensor(5).ndim, 0);
   * ```
   */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The number of elements.
   * @returns The product of `shape` (1 for a scalar).
   * @example Element count
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.equal(zeros([2, 3]).numel, 6);
   * ```
   */
  get numel(): number {
    return numel(this.shape);
  }

  /**
   * The shape, or the size of one dimension.
   * @param dim A dimension (negative counts from the end).
   * @returns A copy of `shape`, or `shape[dim]`.
   * @example Sizes
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const x = zeros([2, 3]);
   * assert.deepEqual(x.size(), [2, 3]);
   * assert.equal(x.size(-1), 3);
   * ```
   */
  size(): number[];
  /**
   * The size of one dimension.
   * @param dim A dimension (negative counts from the end).
   * @returns `shape[dim]`.
   * @example The last dimension
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.equal(zeros([2, 3]).size(-1), 3);
   * ```
   */
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim("size", dim, this.ndim)];
  }

  /**
   * Whether the elements lie in storage in row-major order without gaps.
   * @returns `true` for fresh tensors, `false` for most transposes and expands.
   * @example Contiguity
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const x = zeros([2, 3]);
   * assert.equal(x.isContiguous(), true);
   * assert.equal(x.T.isContiguous(), false);
   * ```
   */
  isContiguous(): boolean {
    return cpu.isContiguous(this);
  }

  // ---------------------------------------------------------------- autograd

  /**
   * Whether gradients flow to this tensor. Settable on leaves (tensors not
   * computed by a recorded op) of a floating point dtype; results of ops
   * require grad when one of their inputs does.
   * @returns The flag.
   * @example Marking a parameter
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const w = zeros([3]);
   * w.requiresGrad = true;
   * assert.equal(w.mul(2).requiresGrad, true);
   * ```
   */
  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }

  /**
   * Sets whether gradients flow to this leaf.
   * @param value The new flag.
   * @example Only float leaves can require grad
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const i = zeros([2], { dtype: "int32" });
   * assert.throws(() => (i.requiresGrad = true), { name: "DTypeError" });
   * ```
   */
  set requiresGrad(value: boolean) {
    if (this.#gradFn !== null) {
      if (value) return;
      throw new AutogradError(
        "Cannot set requiresGrad on a non-leaf tensor: it was computed by " +
          `${this.#gradFn.name}; use detach() to get a tensor without history`,
        { op: "requiresGrad" },
      );
    }
    if (value && !isFloatingPoint(this.dtype)) {
      throw new DTypeError(
        `Cannot set requiresGrad on a ${this.dtype} tensor: only float32 and float64 ` +
          "tensors can require gradients",
        { op: "requiresGrad", dtypes: [this.dtype] },
      );
    }
    this.#requiresGrad = value;
  }

  /**
   * The gradient accumulated by `backward()`: `null` until a backward pass
   * reaches this leaf (or this retained non-leaf), then summed over passes
   * until you reset it (`x.grad = null` or `x.grad.zero_()`).
   * @returns The gradient, of this tensor's shape and dtype, or `null`.
   * @example Accumulation across passes
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor(3, { requiresGrad: true });
   * x.mul(2).backward();
   * x.mul(2).backward();
   * assert.equal(x.grad?.item(), 4);
   * x.grad = null;
   * ```
   */
  get grad(): Tensor | null {
    const g = this.#grad;
    // NOTE: the caller may keep it, so the buffer can no longer be recycled (see _pool.ts).
    if (g !== null && ownerOf(g.storage) === this) setOwner(g.storage, null);
    return g;
  }

  /**
   * Replaces the gradient (`null` clears it).
   * @param g A tensor of this tensor's shape and dtype, or `null`.
   * @example Clearing a gradient
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.grad = ones([2]);
   * x.grad = null;
   * assert.equal(x.grad, null);
   * assert.throws(() => (x.grad = ones([3])), { name: "ShapeError" });
   * ```
   */
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!isTensor(g)) throw new TypeError("Cannot assign grad: expected a Tensor or null");
      if (!shapesEqual(g.shape, this.shape)) {
        throw new ShapeError(
          `Cannot assign grad: it has shape ${fmt(g.shape)}, the tensor has shape ${
            fmt(this.shape)
          }`,
          { op: "grad", shapes: [this.shape, g.shape] },
        );
      }
      if (g.dtype !== this.dtype) {
        throw new DTypeError(
          `Cannot assign grad: it has dtype ${g.dtype}, the tensor has dtype ${this.dtype}`,
          { op: "grad", dtypes: [this.dtype, g.dtype] },
        );
      }
    }
    releaseGrad(this, g);
    this.#grad = g;
  }

  /**
   * The function that computed this tensor (`null` for leaves); its
   * `backward` is what autograd will call.
   * @returns The function, or `null`.
   * @example Inspecting history
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * assert.equal(x.gradFn, null);
   * assert.equal(x.exp().gradFn?.name, "ExpBackward");
   * ```
   */
  get gradFn(): AutogradFunction | null {
    return this.#gradFn;
  }

  /**
   * Whether this tensor was not computed by a recorded op: user-created
   * tensors, results computed without grad, detached tensors. Only leaves
   * get `.grad` by default.
   * @returns `gradFn === null`.
   * @example Leaves
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1], { requiresGrad: true });
   * assert.equal(x.isLeaf, true);
   * assert.equal(x.neg().isLeaf, false);
   * ```
   */
  get isLeaf(): boolean {
    return this.#gradFn === null;
  }

  /**
   * Asks backward passes to fill `.grad` on this non-leaf tensor too
   * (no-op on leaves, which always get one).
   * @example Gradient of an intermediate result
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * const h = x.mul(3);
   * h.retainGrad();
   * h.square().sum().backward();
   * assert.deepEqual(h.grad?.toArray(), [6, 12]); // d(h²)/dh = 2h
   * ```
   */
  retainGrad(): void {
    if (!this.#requiresGrad) {
      throw new AutogradError(
        "Cannot retain the gradient of a tensor that does not require grad",
        { op: "retainGrad" },
      );
    }
    if (this.#gradFn !== null) retainGradOf(this);
  }

  /**
   * Whether `retainGrad()` was called on this non-leaf tensor.
   * @returns The flag (`false` for leaves).
   * @example Checking the flag
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const h = tensor([1], { requiresGrad: true }).exp();
   * h.retainGrad();
   * assert.equal(h.retainsGrad, true);
   * ```
   */
  get retainsGrad(): boolean {
    return retainsGradOf(this);
  }

  /**
   * Computes the gradient of this single-element tensor (a loss) with
   * respect to every leaf it depends on, and adds it to their `.grad`.
   * @param options `retainGraph` to run backward through the graph again,
   *   `createGraph` to differentiate the gradients themselves.
   * @example Going through the graph twice
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor(3, { requiresGrad: true });
   * const y = x.exp().mul(2);
   * y.backward({ retainGraph: true });
   * y.backward();
   * assert.ok(Math.abs(x.grad!.item() - 4 * Math.exp(3)) < 1e-3);
   * ```
   */
  backward(options?: TensorBackwardOptions): void;
  /**
   * Computes the gradient of this tensor with respect to every leaf it
   * depends on, and adds it to their `.grad`.
   * @param gradient d(loss)/d(this), of this tensor's shape and dtype;
   *   optional for a single-element tensor (then 1).
   * @param options `retainGraph` to run backward through the graph again,
   *   `createGraph` to differentiate the gradients themselves.
   * @example Gradient of a scalar
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.square().sum().backward();
   * assert.deepEqual(x.grad?.toArray(), [2, 4, 6]);
   * ```
   * @example A vector-Jacobian product
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.mul(x).backward(tensor([1, 10]));
   * assert.deepEqual(x.grad?.toArray(), [2, 40]);
   * ```
   */
  backward(gradient?: Tensor, options?: TensorBackwardOptions): void;
  backward(
    gradient?: Tensor | TensorBackwardOptions,
    options: TensorBackwardOptions = {},
  ): void {
    // backward({ retainGraph }) as well as backward(gradient, { retainGraph }).
    if (gradient !== undefined && !isTensor(gradient) && typeof gradient === "object") {
      if (arguments.length > 1) {
        throw new TypeError(
          "Cannot run backward(): the first argument is an options object, so no second one " +
            "is expected; pass backward(gradient, options) or backward(options)",
        );
      }
      options = gradient as TensorBackwardOptions;
      gradient = undefined;
    }
    checkOptions("backward", options, ["retainGraph", "createGraph"]);
    if (!this.#requiresGrad) {
      throw new AutogradError(
        "Cannot run backward(): the tensor does not require grad (no input had " +
          "requiresGrad set, or it was computed inside noGrad())",
        { op: "backward" },
      );
    }
    const createGraph = options.createGraph ?? false;
    const opts: BackwardOptions = { retainGraph: options.retainGraph ?? createGraph, createGraph };
    runBackward([this], [seedGradient("backward", this, gradient as Tensor | undefined)], opts);
  }

  /**
   * A tensor sharing this one's storage but cut from the graph: it never
   * requires grad, and gradients do not flow through it.
   * @returns A view without history.
   * @example Stopping gradients
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor(2, { requiresGrad: true });
   * const y = x.mul(x.detach()); // x·c with c = x held constant
   * y.backward();
   * assert.equal(x.grad?.item(), 2);
   * ```
   */
  detach(): Tensor {
    return adoptTensor(this.storage, this.shape, this.strides, this.offset);
  }

  // ---------------------------------------------------------------- copies and dtypes

  /**
   * A contiguous copy with its own storage; differentiable (gradients flow
   * back to this tensor).
   * @returns The copy.
   * @example Copies do not share storage
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1, 2]);
   * const y = x.clone();
   * y.fill_(0);
   * assert.deepEqual(x.toArray(), [1, 2]);
   * ```
   */
  clone(): Tensor {
    return movement.clone(this);
  }

  /**
   * This tensor if it is contiguous, else a contiguous copy (differentiable).
   * @returns A contiguous tensor with the same values.
   * @example Materializing a transpose
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const t = tensor([[1, 2], [3, 4]]).T.contiguous();
   * assert.equal(t.isContiguous(), true);
   * assert.deepEqual(Array.from(t.storage.data), [1, 3, 2, 4]);
   * ```
   */
  contiguous(): Tensor {
    return movement.contiguous(this);
  }

  /**
   * Converts to another dtype (this tensor itself if it already has it).
   * Differentiable between float dtypes; float to int32 truncates toward
   * zero; to bool, any non-zero value is `true`.
   * @param dtype The target dtype.
   * @returns The converted tensor.
   * @example Casting
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1.7, -1.7]).to("int32").toArray(), [1, -1]);
   * assert.deepEqual(tensor([0, 2]).to("bool").toArray(), [false, true]);
   * ```
   */
  to(dtype: DType): Tensor {
    if (!isDType(dtype)) {
      throw new DTypeError(
        `Cannot convert in to(): unknown dtype ${
          String(dtype)
        }, expected float32, float64, int32 or bool`,
        { op: "to", dtypes: [String(dtype)] },
      );
    }
    return dtype === this.dtype ? this : elementwise.cast(this, dtype);
  }

  /**
   * Converts to `float32` (see {@linkcode Tensor.to}).
   * @returns A float32 tensor.
   * @example Bool mask to float
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([true, false]).float().toArray(), [1, 0]);
   * ```
   */
  float(): Tensor {
    return asPublicOp("float", () => this.to("float32"));
  }

  /**
   * Converts to `float64` (see {@linkcode Tensor.to}).
   * @returns A float64 tensor.
   * @example Double precision
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(tensor([1]).double().dtype, "float64");
   * ```
   */
  double(): Tensor {
    return asPublicOp("double", () => this.to("float64"));
  }

  // ---------------------------------------------------------------- reading values

  /**
   * The value of a single-element tensor as a number (bool gives 0 or 1).
   * @returns The element.
   * @example A loss value
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(tensor([1, 2, 3]).sum().item(), 6);
   * ```
   */
  item(): number {
    if (this.numel !== 1) {
      throw new ShapeError(
        `Cannot convert a tensor of shape ${fmt(this.shape)} to a number in item(): ` +
          `it has ${this.numel} elements, expected 1`,
        { op: "item", shapes: [this.shape] },
      );
    }
    return this.storage.data[this.offset];
  }

  /**
   * The elements as nested arrays (a number for a 0-d tensor); bool
   * elements become `true`/`false`.
   * @returns Nested arrays matching `shape`.
   * @example Reading values
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([[1, 2], [3, 4]]).T.toArray(), [[1, 3], [2, 4]]);
   * assert.equal(tensor(5).toArray(), 5);
   * ```
   */
  toArray(): NestedArray {
    const data = this.storage.data;
    const bool = this.dtype === "bool";
    const build = (d: number, offset: number): NestedArray => {
      if (d === this.ndim) return bool ? data[offset] !== 0 : data[offset];
      const out: NestedArray[] = new Array(this.shape[d]);
      for (let i = 0; i < this.shape[d]; i++) out[i] = build(d + 1, offset + i * this.strides[d]);
      return out;
    };
    return build(0, this.offset);
  }

  /**
   * What `JSON.stringify` writes for a tensor: its dtype, its shape and its
   * elements as nested arrays (`toArray()`), never storage or autograd
   * internals. `tensor(data, { dtype }).reshape(shape)` rebuilds it; note
   * that JSON has no NaN or Infinity (they are written as `null`).
   * @returns `{ dtype, shape, data }`.
   * @example JSON
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]], { dtype: "int32" });
   * assert.equal(JSON.stringify(x), '{"dtype":"int32","shape":[2,2],"data":[[1,2],[3,4]]}');
   * const { dtype, shape, data } = JSON.parse(JSON.stringify(x));
   * assert.deepEqual(tensor(data, { dtype }).reshape(shape).toArray(), x.toArray());
   * ```
   */
  toJSON(): { dtype: DType; shape: number[]; data: NestedArray } {
    return { dtype: this.dtype, shape: [...this.shape], data: this.toArray() };
  }

  /**
   * A readable description in PyTorch's style: aligned values, four
   * decimals, `...` for tensors above 1000 elements, then the dtype (unless
   * float32 or bool) and the autograd state.
   * @returns The description.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
   * assert.equal(
   *   x.toString(),
   *   "tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], requiresGrad=true)",
   * );
   * assert.equal(String(tensor([1, 2], { dtype: "int32" })), "tensor([1, 2], dtype=int32)");
   * ```
   */
  toString(): string {
    return formatTensor(this);
  }

  /**
   * The description shown by Deno's `console.log`.
   * @returns The same text as `toString()`.
   * @example Deno inspection
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(Deno.inspect(tensor([1, 2])), "tensor([1.0000, 2.0000])");
   * ```
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * The description shown by Node's `console.log` and `util.inspect`.
   * @returns The same text as `toString()`.
   * @example Node inspection
   * ```ts
   * import assert from "node:assert/strict";
   * import { inspect } from "node:util";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(inspect(tensor(1.5)), "tensor(1.5000)");
   * ```
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * Forbids `a + b` and friends, which JavaScript would turn into string or
   * number arithmetic outside the graph; string conversion still works.
   * @param hint What JavaScript wants: `"string"`, `"number"` or `"default"`.
   * @returns The string form, when a string is asked for.
   * @example a + b throws
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const a = tensor([1]);
   * // @ts-expect-error: tensors are not numbers
   * assert.throws(() => a + a, TypeError);
   * assert.equal(`${a}`, "tensor([1.0000])");
   * ```
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    throw new TypeError(
      "Cannot convert a Tensor to a primitive: JavaScript operators do not build the graph; " +
        "use a.add(b), a.sub(b), a.mul(b), a.div(b) or a.pow(b), and item() for a number",
    );
  }

  // ---------------------------------------------------------------- in place

  // Checks shared by in-place ops: autograd rules, overlapping memory, dtypes.
  // `a` and `b` are the op's sources, if it has any (positional, not an array:
  // optimizers call this for every parameter at every step).
  #beginInplace(op: string, a?: Tensor | number, b?: Tensor | number): void {
    if (isGradEnabled()) {
      if (this.#requiresGrad) {
        throw new AutogradError(
          `Cannot update a tensor that requires grad in place in ${op}(): autograd would ` +
            "lose track of its value; wrap the update in noGrad(() => ...), as optimizers do",
          { op },
        );
      }
      if ((isTensor(a) && a.requiresGrad) || (isTensor(b) && b.requiresGrad)) {
        throw new AutogradError(
          `Cannot use a tensor that requires grad as the source of ${op}(): in-place ` +
            "updates are not recorded; compute out of place, or wrap the update in noGrad()",
          { op },
        );
      }
    }
    for (let d = 0; d < this.ndim; d++) {
      if (this.strides[d] === 0 && this.shape[d] > 1) {
        throw new ShapeError(
          `Cannot update in place in ${op}(): the tensor of shape ${fmt(this.shape)} is an ` +
            "expanded view whose elements share memory; clone() it first",
          { op, shapes: [this.shape] },
        );
      }
    }
    if (op === "copy_" || op === "fill_" || op === "zero_") return;
    let resultType = this.dtype;
    if (a !== undefined) resultType = promoteTypes(resultType, elementwise.resultType(this, a, op));
    if (b !== undefined) resultType = promoteTypes(resultType, elementwise.resultType(this, b, op));
    if (op === "div_" || op === "addcdiv_") resultType = elementwise.floatType(resultType);
    if (this.dtype === "bool" || category(resultType) > category(this.dtype)) {
      throw new DTypeError(
        `Cannot update a ${this.dtype} tensor in place in ${op}(): the result has dtype ` +
          `${resultType}; convert the tensor first with to()`,
        { op, dtypes: [this.dtype, resultType] },
      );
    }
  }

  // `other` as a view of this tensor's shape (stride 0 where it broadcasts).
  #source(op: string, other: Tensor | number): cpu.View {
    // NOTE: loops, not map(): shapes are frozen arrays, for which V8's map() is slow.
    if (!isTensor(other)) {
      const s = scalar(other, this.dtype);
      const strides = new Array<number>(this.ndim).fill(0);
      return { data: s.storage.data, shape: this.shape, strides, offset: s.offset };
    }
    const same = shapesEqual(other.shape, this.shape);
    if (!same) {
      const shape = broadcastShapes(op, this.shape, other.shape);
      if (!shapesEqual(shape, this.shape)) {
        throw new ShapeError(
          `Cannot update a tensor of shape ${fmt(this.shape)} in place in ${op}(): the ` +
            `operand of shape ${fmt(other.shape)} broadcasts to ${fmt(shape)}`,
          { op, shapes: [this.shape, other.shape] },
        );
      }
    }
    // NOTE: a source that overlaps the target with another layout must be read before writing.
    const overlaps = other.storage === this.storage &&
      (other.offset !== this.offset || !shapesEqual(other.strides, this.strides));
    const src = overlaps ? noGrad(() => other.clone()) : other;
    if (same && !overlaps) return viewOf(src);
    const lead = this.ndim - src.ndim;
    const strides = new Array<number>(this.ndim);
    for (let d = 0; d < this.ndim; d++) {
      strides[d] = d < lead || src.shape[d - lead] === 1 ? 0 : src.strides[d - lead];
    }
    return { data: src.storage.data, shape: this.shape, strides, offset: src.offset };
  }

  #update(op: string, kernel: cpu.InplaceOp, other: Tensor | number, alpha = 1): this {
    this.#beginInplace(op, other);
    this.#checkFactor(op, "alpha", alpha);
    this.#inplace(op, kernel, this.#source(op, other), alpha);
    this.storage.bumpVersion(op);
    return this;
  }

  // As PyTorch: an integer tensor takes integer factors only.
  #checkFactor(op: string, name: string, factor: number): void {
    if (typeof factor !== "number" || (this.dtype === "int32" && !Number.isInteger(factor))) {
      throw new TypeError(
        `Cannot update ${this.dtype === "int32" ? "an int32" : `a ${this.dtype}`} tensor in ` +
          `place in ${op}(): ${name} must be ${
            this.dtype === "int32" ? "an integer" : "a number"
          }, got ${String(factor)}`,
      );
    }
  }

  // Runs an in-place kernel. An int32 target is updated in float64 first and
  // checked, so that it never wraps around (see tensor/_int32.ts).
  #inplace(op: string, kernel: cpu.InplaceOp, src: cpu.View, alpha: number): void {
    if (this.dtype !== "int32") {
      cpu.inplace(kernel, viewOf(this), src, alpha);
      return;
    }
    const { shape } = this;
    const strides = contiguousStrides(shape);
    const exact = { data: cpu.copy(viewOf(this), "float64"), shape, strides, offset: 0 };
    cpu.inplace(kernel, exact, src, alpha);
    const data = toInt32(op, "update in place", exact.data);
    cpu.inplace("copy", viewOf(this), { data, shape, strides, offset: 0 });
  }

  /**
   * In place: `this += alpha * other` (broadcasting `other`). Not recorded by
   * autograd: on a tensor that requires grad, call it inside `noGrad()`.
   * @param other A tensor broadcastable to this shape, or a number.
   * @param options `alpha`, a factor for `other`.
   * @returns This tensor.
   * @example An SGD step
   * ```ts
   * import assert from "node:assert/strict";
   * import { noGrad, tensor } from "@nabla/autograd";
   * const w = tensor([1, 2], { requiresGrad: true });
   * w.square().sum().backward();
   * noGrad(() => w.add_(w.grad!, { alpha: -0.25 }));
   * assert.deepEqual(w.toArray(), [0.5, 1]);
   * ```
   */
  add_(other: Tensor | number, options: AlphaOptions = {}): this {
    checkOptions("add_", options, ["alpha"]);
    return this.#update("add_", "add", other, options.alpha ?? 1);
  }

  /**
   * In place: `this -= alpha * other` (broadcasting `other`).
   * @param other A tensor broadcastable to this shape, or a number.
   * @param options `alpha`, a factor for `other`.
   * @returns This tensor.
   * @example Subtracting in place
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([5, 6]).sub_(tensor([1, 2]), { alpha: 2 }).toArray(), [3, 2]);
   * ```
   */
  sub_(other: Tensor | number, options: AlphaOptions = {}): this {
    checkOptions("sub_", options, ["alpha"]);
    return this.#update("sub_", "add", other, -(options.alpha ?? 1));
  }

  /**
   * In place: `this *= other` (broadcasting `other`).
   * @param other A tensor broadcastable to this shape, or a number.
   * @returns This tensor.
   * @example Momentum decay
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([2, 4]).mul_(0.5).toArray(), [1, 2]);
   * ```
   */
  mul_(other: Tensor | number): this {
    return this.#update("mul_", "mul", other);
  }

  /**
   * In place: `this /= other` (broadcasting `other`); true division, so an
   * int32 tensor cannot be divided in place.
   * @param other A tensor broadcastable to this shape, or a number.
   * @returns This tensor.
   * @example Dividing in place
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([[2, 4], [6, 8]]).div_(tensor([2, 4])).toArray(), [[1, 1], [3, 2]]);
   * ```
   */
  div_(other: Tensor | number): this {
    return this.#update("div_", "div", other);
  }

  /**
   * In place: `this += value * tensor1 * tensor2` (all broadcasting to this
   * shape), as in Adam's moment updates.
   * @param tensor1 First factor.
   * @param tensor2 Second factor.
   * @param options `value`, a factor for the product.
   * @returns This tensor.
   * @example Second-moment update v = β·v + (1-β)·g²
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const v = tensor([1, 1]);
   * const g = tensor([2, 4]);
   * v.mul_(0.5).addcmul_(g, g, { value: 0.5 });
   * assert.deepEqual(v.toArray(), [2.5, 8.5]);
   * ```
   */
  addcmul_(tensor1: Tensor, tensor2: Tensor, options: AddcmulOptions = {}): this {
    checkOptions("addcmul_", options, ["value"]);
    this.#beginInplace("addcmul_", tensor1, tensor2);
    const value = options.value ?? 1;
    this.#checkFactor("addcmul_", "value", value);
    const product = noGrad(() => tensor1.mul(tensor2));
    this.#inplace("addcmul_", "add", this.#source("addcmul_", product), value);
    discard(product, tensor1, tensor2);
    this.storage.bumpVersion("addcmul_");
    return this;
  }

  /**
   * In place: `this += value * tensor1 / tensor2` (all broadcasting to this
   * shape), as in Adam's parameter step.
   * @param tensor1 Numerator.
   * @param tensor2 Denominator.
   * @param options `value`, a factor for the quotient.
   * @returns This tensor.
   * @example An Adam-style step p -= lr·m/(√v + ε)
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const p = tensor([1, 1]);
   * p.addcdiv_(tensor([2, 4]), tensor([4, 4]), { value: -0.5 });
   * assert.deepEqual(p.toArray(), [0.75, 0.5]);
   * ```
   */
  addcdiv_(tensor1: Tensor, tensor2: Tensor, options: AddcmulOptions = {}): this {
    checkOptions("addcdiv_", options, ["value"]);
    this.#beginInplace("addcdiv_", tensor1, tensor2);
    const value = options.value ?? 1;
    this.#checkFactor("addcdiv_", "value", value);
    const quotient = noGrad(() => tensor1.div(tensor2));
    cpu.inplace("add", viewOf(this), this.#source("addcdiv_", quotient), value);
    discard(quotient, tensor1, tensor2);
    this.storage.bumpVersion("addcdiv_");
    return this;
  }

  /**
   * In place: sets every element to 0, as `zeroGrad()` does to gradients.
   * @returns This tensor.
   * @example Resetting a gradient
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).zero_().toArray(), [0, 0]);
   * ```
   */
  zero_(): this {
    return this.#fill("zero_", 0);
  }

  /**
   * In place: sets every element to `value` (converted to this dtype).
   * @param value A number, or a boolean for bool tensors.
   * @returns This tensor.
   * @example Filling
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([2, 2]).fill_(7).toArray(), [[7, 7], [7, 7]]);
   * ```
   */
  fill_(value: number | boolean): this {
    return this.#fill("fill_", value);
  }

  #fill(op: string, value: number | boolean): this {
    if (typeof value !== "number" && typeof value !== "boolean") {
      throw new TypeError(
        `Cannot fill in ${op}(): expected a number or a boolean, got ${typeof value}`,
      );
    }
    this.#beginInplace(op);
    const v = Number(value);
    if (this.dtype === "int32") checkInt32(op, "fill", "the value", v);
    cpu.fill(viewOf(this), this.dtype === "bool" ? (v !== 0 ? 1 : 0) : v);
    this.storage.bumpVersion(op);
    return this;
  }

  /**
   * In place: copies `src` into this tensor, broadcasting it and converting
   * its dtype. Writes through views into the shared storage.
   * @param src A tensor broadcastable to this shape.
   * @returns This tensor.
   * @example Writing through a view
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, zeros } from "@nabla/autograd";
   * const x = zeros([2, 2]);
   * x.T.copy_(tensor([[1, 2], [3, 4]]));
   * assert.deepEqual(x.toArray(), [[1, 3], [2, 4]]);
   * ```
   */
  copy_(src: Tensor): this {
    if (!isTensor(src)) throw new TypeError("Cannot copy in copy_(): src must be a Tensor");
    return this.#update("copy_", "copy", src);
  }

  // ---------------------------------------------------------------- elementwise

  /**
   * `-this`.
   * @returns The negation.
   * @example Negation
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, -2]).neg().toArray(), [-1, 2]);
   * ```
   */
  neg(): Tensor {
    return elementwise.neg(this);
  }

  /**
   * `e^this`, elementwise.
   * @returns The exponential.
   * @example Exponential
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0]).exp().toArray(), [1]);
   * ```
   */
  exp(): Tensor {
    return elementwise.exp(this);
  }

  /**
   * Natural logarithm, elementwise (`-Infinity` at 0, NaN below).
   * @returns The logarithm.
   * @example Logarithm
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1]).log().toArray(), [0]);
   * ```
   */
  log(): Tensor {
    return elementwise.log(this);
  }

  /**
   * Square root, elementwise.
   * @returns The square root.
   * @example Square root
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([4, 9]).sqrt().toArray(), [2, 3]);
   * ```
   */
  sqrt(): Tensor {
    return elementwise.sqrt(this);
  }

  /**
   * Absolute value, elementwise; its gradient at 0 is 0, as in PyTorch.
   * @returns `|this|`.
   * @example Absolute value
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-2, 3]).abs().toArray(), [2, 3]);
   * ```
   */
  abs(): Tensor {
    return elementwise.abs(this);
  }

  /**
   * `this * this`, elementwise.
   * @returns The square.
   * @example Square
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-3]).square().toArray(), [9]);
   * ```
   */
  square(): Tensor {
    return elementwise.square(this);
  }

  /**
   * `this + other`, broadcasting, with PyTorch's type promotion (a number
   * keeps a float tensor's dtype).
   * @param other A tensor or a number.
   * @returns The sum.
   * @example Broadcasting a row
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]]);
   * assert.deepEqual(x.add(tensor([10, 20])).toArray(), [[11, 22], [13, 24]]);
   * assert.deepEqual(x.add(1).toArray(), [[2, 3], [4, 5]]);
   * ```
   */
  add(other: Tensor | number): Tensor {
    return elementwise.add(this, other);
  }

  /**
   * `this - other`, broadcasting.
   * @param other A tensor or a number.
   * @returns The difference.
   * @example Subtraction
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([5, 7]).sub(tensor([1, 2])).toArray(), [4, 5]);
   * ```
   */
  sub(other: Tensor | number): Tensor {
    return elementwise.sub(this, other);
  }

  /**
   * `this * other`, elementwise, broadcasting.
   * @param other A tensor or a number.
   * @returns The product.
   * @example Outer product by broadcasting
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const col = tensor([[1], [2]]);
   * assert.deepEqual(col.mul(tensor([3, 4])).toArray(), [[3, 4], [6, 8]]);
   * ```
   */
  mul(other: Tensor | number): Tensor {
    return elementwise.mul(this, other);
  }

  /**
   * `this / other`, elementwise, broadcasting. Always true division: int32
   * operands give float32.
   * @param other A tensor or a number.
   * @returns The quotient.
   * @example Division
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 3], { dtype: "int32" }).div(2).toArray(), [0.5, 1.5]);
   * ```
   */
  div(other: Tensor | number): Tensor {
    return elementwise.div(this, other);
  }

  /**
   * `this ** exponent`, elementwise, broadcasting. Gradients follow PyTorch:
   * 0 where the exponent is 0; for the exponent, 0 where the base is 0.
   * @param exponent A tensor or a number.
   * @returns The power.
   * @example Powers
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([2, 3]).pow(2).toArray(), [4, 9]);
   * assert.deepEqual(tensor([2, 4]).pow(tensor([3, 0.5])).toArray(), [8, 2]);
   * ```
   */
  pow(exponent: Tensor | number): Tensor {
    return elementwise.pow(this, exponent);
  }

  /**
   * Elementwise maximum, broadcasting; NaN propagates; ties split the
   * gradient evenly, as in PyTorch.
   * @param other A tensor or a number.
   * @returns The larger of each pair.
   * @example Maximum
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 5]).maximum(tensor([3, 2])).toArray(), [3, 5]);
   * ```
   */
  maximum(other: Tensor | number): Tensor {
    return elementwise.maximum(this, other);
  }

  /**
   * Elementwise minimum, broadcasting; NaN propagates; ties split the
   * gradient evenly.
   * @param other A tensor or a number.
   * @returns The smaller of each pair.
   * @example Minimum
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 5]).minimum(2).toArray(), [1, 2]);
   * ```
   */
  minimum(other: Tensor | number): Tensor {
    return elementwise.minimum(this, other);
  }

  /**
   * Limits each element to `[min, max]` (either bound may be omitted); the
   * gradient passes where `min <= x <= max`, as in PyTorch.
   * @param min Lower bound (a tensor or a number), or `undefined`.
   * @param max Upper bound, or `undefined`.
   * @returns The clamped tensor.
   * @example Clamping
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-2, 0.5, 3]).clamp(0, 1).toArray(), [0, 0.5, 1]);
   * assert.deepEqual(tensor([-2, 3]).clamp(undefined, 1).toArray(), [-2, 1]);
   * ```
   */
  clamp(min?: Tensor | number, max?: Tensor | number): Tensor {
    return elementwise.clamp(this, min, max);
  }

  /**
   * `this == other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Equality
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).eq(2).toArray(), [false, true]);
   * ```
   */
  eq(other: Tensor | number): Tensor {
    return elementwise.compare("eq", this, other);
  }

  /**
   * `this != other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Inequality
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).ne(2).toArray(), [true, false]);
   * ```
   */
  ne(other: Tensor | number): Tensor {
    return elementwise.compare("ne", this, other);
  }

  /**
   * `this < other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Less than
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).lt(2).toArray(), [true, false]);
   * ```
   */
  lt(other: Tensor | number): Tensor {
    return elementwise.compare("lt", this, other);
  }

  /**
   * `this <= other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Less or equal
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2, 3]).le(2).toArray(), [true, true, false]);
   * ```
   */
  le(other: Tensor | number): Tensor {
    return elementwise.compare("le", this, other);
  }

  /**
   * `this > other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Greater than
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).gt(1).toArray(), [false, true]);
   * ```
   */
  gt(other: Tensor | number): Tensor {
    return elementwise.compare("gt", this, other);
  }

  /**
   * `this >= other`, elementwise, broadcasting (bool, no gradient).
   * @param other A tensor or a number.
   * @returns A bool tensor.
   * @example Greater or equal
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).ge(2).toArray(), [false, true]);
   * ```
   */
  ge(other: Tensor | number): Tensor {
    return elementwise.compare("ge", this, other);
  }

  /**
   * This tensor where `condition` holds, else `other` (PyTorch's
   * `x.where(cond, y)`); see the function `where()`.
   * @param condition A bool tensor.
   * @param other A tensor or a number.
   * @returns The selection.
   * @example Replacing negatives
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([-1, 2]);
   * assert.deepEqual(x.where(x.gt(0), 0).toArray(), [0, 2]);
   * ```
   */
  where(condition: Tensor, other: Tensor | number): Tensor {
    return elementwise.where(condition, this, other);
  }

  // ---------------------------------------------------------------- activations

  /**
   * Rectified linear unit `max(0, x)`; its gradient at 0 is 0.
   * @returns `relu(this)`.
   * @example ReLU
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-1, 0, 2]).relu().toArray(), [0, 0, 2]);
   * ```
   */
  relu(): Tensor {
    return activation.relu(this);
  }

  /**
   * Hyperbolic tangent, elementwise.
   * @returns `tanh(this)`.
   * @example Tanh
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0, 1e4]).tanh().toArray(), [0, 1]);
   * ```
   */
  tanh(): Tensor {
    return activation.tanh(this);
  }

  /**
   * Logistic sigmoid `1 / (1 + e^-x)`, computed without overflow.
   * @returns `sigmoid(this)`, in `[0, 1]`.
   * @example Sigmoid
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-1e4, 0, 1e4]).sigmoid().toArray(), [0, 0.5, 1]);
   * ```
   */
  sigmoid(): Tensor {
    return activation.sigmoid(this);
  }

  /**
   * Gaussian error linear unit `x·Φ(x) = x/2·(1 + erf(x/√2))`, the exact
   * form (PyTorch's default).
   * @returns `gelu(this)`.
   * @example GELU
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const y = tensor([1], { dtype: "float64" }).gelu().item();
   * assert.ok(Math.abs(y - 0.8413447460685429) < 1e-15);
   * ```
   */
  gelu(): Tensor {
    return activation.gelu(this);
  }

  /**
   * The error function `2/√π ∫₀ˣ e^(-t²) dt`, elementwise.
   * @returns `erf(this)`.
   * @example Error function
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const y = tensor([0.5], { dtype: "float64" }).erf().item();
   * assert.ok(Math.abs(y - 0.5204998778130465) < 1e-15);
   * ```
   */
  erf(): Tensor {
    return activation.erf(this);
  }

  // ---------------------------------------------------------------- math functions

  /**
   * Sine, elementwise (radians).
   * @returns The sine.
   * @example Sine
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0]).sin().toArray(), [0]);
   * assert.ok(Math.abs(tensor([Math.PI / 2]).sin().item() - 1) < 1e-7);
   * ```
   */
  sin(): Tensor {
    return math.sin(this);
  }

  /**
   * Cosine, elementwise (radians).
   * @returns The cosine.
   * @example Cosine
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0]).cos().toArray(), [1]);
   * ```
   */
  cos(): Tensor {
    return math.cos(this);
  }

  /**
   * Base-2 logarithm, elementwise; exact at powers of 2.
   * @returns The logarithm.
   * @example Bits
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 8, 1024]).log2().toArray(), [0, 3, 10]);
   * ```
   */
  log2(): Tensor {
    return math.log2(this);
  }

  /**
   * Base-10 logarithm, elementwise; exact at powers of 10.
   * @returns The logarithm.
   * @example Decades
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 1000], { dtype: "float64" }).log10().toArray(), [0, 3]);
   * ```
   */
  log10(): Tensor {
    return math.log10(this);
  }

  /**
   * `log(1 + x)`, elementwise, accurate for `|x|` much smaller than 1
   * (where `x.add(1).log()` loses the digits of `x`).
   * @returns The logarithm.
   * @example Small arguments
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1e-20], { dtype: "float64" });
   * assert.equal(x.log1p().item(), 1e-20);
   * assert.equal(x.add(1).log().item(), 0);
   * ```
   */
  log1p(): Tensor {
    return math.log1p(this);
  }

  /**
   * `e^x - 1`, elementwise, accurate for `|x|` much smaller than 1.
   * @returns The result.
   * @example Small arguments
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([1e-20], { dtype: "float64" });
   * assert.equal(x.expm1().item(), 1e-20);
   * assert.equal(x.exp().sub(1).item(), 0);
   * ```
   */
  expm1(): Tensor {
    return math.expm1(this);
  }

  /**
   * `1 / sqrt(x)`, elementwise (`Infinity` at 0, NaN below).
   * @returns The reciprocal square root.
   * @example Reciprocal square root
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([4, 0.25]).rsqrt().toArray(), [0.5, 2]);
   * ```
   */
  rsqrt(): Tensor {
    return math.rsqrt(this);
  }

  /**
   * `1 / x`, elementwise; int and bool tensors give float32, as PyTorch.
   * @returns The reciprocal.
   * @example Reciprocal
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([2, -4], { dtype: "int32" }).reciprocal().toArray(), [0.5, -0.25]);
   * ```
   */
  reciprocal(): Tensor {
    return math.reciprocal(this);
  }

  /**
   * The sign, elementwise: -1, 0 or 1, in this tensor's dtype. As PyTorch,
   * NaN gives 0, and the gradient is 0 everywhere.
   * @returns The signs.
   * @example Signs
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-2, 0, 3]).sign().toArray(), [-1, 0, 1]);
   * ```
   */
  sign(): Tensor {
    return math.sign(this);
  }

  /**
   * Rounds down to an integer, elementwise, keeping the dtype; the
   * gradient is 0 everywhere, as in PyTorch.
   * @returns The rounded values.
   * @example Floor
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-1.5, 0.5, 2]).floor().toArray(), [-2, 0, 2]);
   * ```
   */
  floor(): Tensor {
    return math.floor(this);
  }

  /**
   * Rounds up to an integer, elementwise, keeping the dtype; the gradient
   * is 0 everywhere, as in PyTorch.
   * @returns The rounded values.
   * @example Ceiling
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-1.5, 0.5, 2]).ceil().toArray(), [-1, 1, 2]);
   * ```
   */
  ceil(): Tensor {
    return math.ceil(this);
  }

  /**
   * Rounds to the nearest integer, elementwise, keeping the dtype; halves
   * go to the even neighbour (PyTorch's and IEEE 754's rule, unlike
   * `Math.round`). The gradient is 0 everywhere.
   * @returns The rounded values.
   * @example Halves to even
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0.5, 1.5, 2.5, -0.5, 2.4]).round().toArray(), [0, 2, 2, -0, 2]);
   * ```
   */
  round(): Tensor {
    return math.round(this);
  }

  /**
   * Rounds toward 0, elementwise, keeping the dtype; the gradient is 0
   * everywhere, as in PyTorch.
   * @returns The integer parts.
   * @example Truncation
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([-1.5, 1.5]).trunc().toArray(), [-1, 1]);
   * ```
   */
  trunc(): Tensor {
    return math.trunc(this);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum over `dim` (all dimensions by default). bool and int32 sum to int32.
   * @param dim A dimension or a list of dimensions (negative count from the end).
   * @param options `keepdim` to keep reduced dimensions with size 1.
   * @returns The sum.
   * @example Sums
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]]);
   * assert.equal(x.sum().item(), 10);
   * assert.deepEqual(x.sum(0).toArray(), [4, 6]);
   * assert.deepEqual(x.sum(-1, { keepdim: true }).toArray(), [[3], [7]]);
   * ```
   */
  sum(dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
    return reduce.sum(this, dim, options);
  }

  /**
   * Mean over `dim` (all dimensions by default), for float tensors.
   * @param dim A dimension or a list of dimensions.
   * @param options `keepdim` to keep reduced dimensions with size 1.
   * @returns The mean.
   * @example Means
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]]);
   * assert.equal(x.mean().item(), 2.5);
   * assert.deepEqual(x.mean(1).toArray(), [1.5, 3.5]);
   * ```
   */
  mean(dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
    return reduce.mean(this, dim, options);
  }

  /**
   * The largest element, as a 0-d tensor: NaN propagates, and tied maxima
   * share the gradient evenly, as PyTorch's `x.max()` (see
   * {@linkcode Tensor.amax} for several dimensions).
   * @returns The maximum, of this tensor's dtype.
   * @example The maximum and a tied gradient
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 5, 5], [2, 0, -1]], { requiresGrad: true });
   * assert.equal(x.max().item(), 5);
   * x.max().backward(); // the two 5s share the gradient
   * assert.deepEqual(x.grad?.toArray(), [[0, 0.5, 0.5], [0, 0, 0]]);
   * ```
   */
  max(): Tensor;
  /**
   * The largest element of each line along `dim` and its index, as
   * PyTorch's `x.max(dim)`: ties give the first index and NaN wins; the
   * gradient of each value goes whole to that index.
   * @param dim The dimension to reduce (negative counts from the end).
   * @param options `keepdim` to keep the reduced dimension with size 1.
   * @returns `{ values, indices }`, the indices as int32.
   * @example Values and indices
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 5, 5], [2, 0, -1]], { requiresGrad: true });
   * const { values, indices } = x.max(1);
   * assert.deepEqual(values.toArray(), [5, 2]);
   * assert.deepEqual(indices.toArray(), [1, 0]); // the first of the tied 5s
   * values.sum().backward();
   * assert.deepEqual(x.grad?.toArray(), [[0, 1, 0], [1, 0, 0]]);
   * assert.deepEqual(x.max(0, { keepdim: true }).values.shape, [1, 3]);
   * ```
   */
  max(dim: number, options?: ReduceOptions): sorting.ValuesIndices;
  max(dim?: number, options: ReduceOptions = {}): Tensor | sorting.ValuesIndices {
    if (dim === undefined) return reduce.amax(this, undefined, options, "max");
    return sorting.extremum("max", this, dim, options);
  }

  /**
   * The smallest element, as a 0-d tensor; tied minima share the gradient
   * evenly, as PyTorch's `x.min()` (see {@linkcode Tensor.amin}).
   * @returns The minimum, of this tensor's dtype.
   * @example The minimum
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(tensor([[1, 5, 5], [2, 0, -1]]).min().item(), -1);
   * ```
   */
  min(): Tensor;
  /**
   * The smallest element of each line along `dim` and its index, as
   * PyTorch's `x.min(dim)`: ties give the first index and NaN wins; the
   * gradient of each value goes whole to that index.
   * @param dim The dimension to reduce (negative counts from the end).
   * @param options `keepdim` to keep the reduced dimension with size 1.
   * @returns `{ values, indices }`, the indices as int32.
   * @example Values and indices
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const { values, indices } = tensor([[1, 5, 1], [2, 0, -1]]).min(-1);
   * assert.deepEqual(values.toArray(), [1, -1]);
   * assert.deepEqual(indices.toArray(), [0, 2]);
   * ```
   */
  min(dim: number, options?: ReduceOptions): sorting.ValuesIndices;
  min(dim?: number, options: ReduceOptions = {}): Tensor | sorting.ValuesIndices {
    if (dim === undefined) return reduce.amin(this, undefined, options, "min");
    return sorting.extremum("min", this, dim, options);
  }

  /**
   * Maximum over `dim` (all dimensions by default), values only, as
   * PyTorch's `amax`: NaN propagates, and tied maxima share the gradient
   * evenly. Reducing a dimension of size 0 throws a RangeError.
   * @param dim A dimension or a list of dimensions (negative count from the end).
   * @param options `keepdim` to keep reduced dimensions with size 1.
   * @returns The maxima, of this tensor's dtype.
   * @example Maxima and a tied gradient
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 5, 5], [2, 0, -1]], { requiresGrad: true });
   * assert.deepEqual(x.amax(1).toArray(), [5, 2]);
   * assert.deepEqual(x.amax(0, { keepdim: true }).toArray(), [[2, 5, 5]]);
   * x.amax(1).sum().backward(); // the two 5s share the gradient
   * assert.deepEqual(x.grad?.toArray(), [[0, 0.5, 0.5], [1, 0, 0]]);
   * ```
   */
  amax(dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
    return reduce.amax(this, dim, options);
  }

  /**
   * Minimum over `dim` (all dimensions by default), values only, as
   * PyTorch's `amin`: `-amax(-x)`, so tied minima share the gradient evenly.
   * @param dim A dimension or a list of dimensions (negative count from the end).
   * @param options `keepdim` to keep reduced dimensions with size 1.
   * @returns The minima, of this tensor's dtype.
   * @example Minima
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 5, 5], [2, 0, -1]]);
   * assert.equal(x.amin().item(), -1);
   * assert.deepEqual(x.amin(-1).toArray(), [1, -1]);
   * assert.deepEqual(x.amin([0, 1], { keepdim: true }).shape, [1, 1]);
   * ```
   */
  amin(dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
    return reduce.amin(this, dim, options);
  }

  /**
   * Variance over `dim` (all dimensions by default):
   * `Σ (x - mean)² / max(0, n - correction)`, unbiased by default as in
   * PyTorch. For float tensors.
   * @param dim A dimension or a list of dimensions.
   * @param options `correction` (default 1; 0 for the population variance) and `keepdim`.
   * @returns The variance.
   * @example Sample and population variance
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2, 3, 4], [2, 2, 2, 2]], { dtype: "float64" });
   * assert.deepEqual(x.var(1).toArray(), [5 / 3, 0]);
   * assert.deepEqual(x.var(1, { correction: 0 }).toArray(), [1.25, 0]);
   * assert.equal(x.var().item(), 5.5 / 7);
   * ```
   */
  var(dim?: number | readonly number[], options: VarOptions = {}): Tensor {
    return reduce.variance(this, dim, options);
  }

  /**
   * Standard deviation over `dim` (all dimensions by default): the square
   * root of {@linkcode Tensor.var}. As in PyTorch, its gradient is 0 (not
   * NaN) where the deviation is 0.
   * @param dim A dimension or a list of dimensions.
   * @param options `correction` (default 1; 0 for the population deviation) and `keepdim`.
   * @returns The standard deviation.
   * @example Standard deviation
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 3], [2, 2]], { dtype: "float64" });
   * assert.deepEqual(x.std(1).toArray(), [Math.SQRT2, 0]);
   * assert.deepEqual(x.std(1, { correction: 0, keepdim: true }).toArray(), [[1], [0]]);
   * ```
   */
  std(dim?: number | readonly number[], options: VarOptions = {}): Tensor {
    return reduce.std(this, dim, options);
  }

  /**
   * `log(Σ exp(x))` over `dim` (all dimensions by default), computed without
   * overflow by shifting by the maximum. A line of `-Infinity` gives
   * `-Infinity`; int32 and bool tensors give float32.
   * @param dim A dimension or a list of dimensions.
   * @param options `keepdim` to keep reduced dimensions with size 1.
   * @returns The log-sum-exp.
   * @example Log-sum-exp of large logits
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1e4, 1e4], [0, -Infinity]], { dtype: "float64" });
   * assert.deepEqual(x.logsumexp(1).toArray(), [1e4 + Math.LN2, 0]);
   * ```
   */
  logsumexp(dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
    return reduce.logsumexp(this, dim, options);
  }

  /**
   * Softmax along `dim`: `exp(x) / Σ exp(x)`, computed as
   * `exp(logSoftmax(x))` so that large logits do not overflow. For float tensors.
   * @param dim The dimension that sums to 1 (negative counts from the end).
   * @returns Probabilities, of this tensor's shape.
   * @example Softmax of logits
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const p = tensor([[0, 0], [1e4, -1e4]]).softmax(-1);
   * assert.deepEqual(p.toArray(), [[0.5, 0.5], [1, 0]]);
   * ```
   */
  softmax(dim: number): Tensor {
    return reduce.softmax(this, dim);
  }

  /**
   * Log-softmax along `dim`: `x - logsumexp(x)`, in one numerically stable
   * kernel (the input of a cross-entropy loss). For float tensors.
   * @param dim The dimension to normalize over (negative counts from the end).
   * @returns Log-probabilities, of this tensor's shape.
   * @example Log-probabilities
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const y = tensor([[1e4, 1e4], [0, -Infinity]], { dtype: "float64" }).logSoftmax(1);
   * assert.deepEqual(y.toArray(), [[-Math.LN2, -Math.LN2], [0, -Infinity]]);
   * ```
   */
  logSoftmax(dim: number): Tensor {
    return reduce.logSoftmax(this, dim);
  }

  /**
   * Index of the maximum along `dim`, or in the flattened tensor if `dim` is
   * omitted, as int32 (no gradient). Ties give the first index and NaN
   * counts as the maximum, as in PyTorch.
   * @param dim A dimension (negative counts from the end), or `undefined`.
   * @param options `keepdim` to keep the reduced dimension(s) with size 1.
   * @returns The indices.
   * @example Predicted classes
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const logits = tensor([[0.1, 2, 2], [3, -1, 0]]);
   * assert.deepEqual(logits.argmax(1).toArray(), [1, 0]); // the first of tied 2s
   * assert.equal(logits.argmax().item(), 3); // flattened
   * assert.equal(logits.argmax(1).dtype, "int32");
   * ```
   */
  argmax(dim?: number, options: ReduceOptions = {}): Tensor {
    return reduce.argmax(this, dim, options);
  }

  /**
   * Index of the minimum along `dim`, or in the flattened tensor if `dim` is
   * omitted, as int32 (no gradient). Ties give the first index and NaN
   * counts as the minimum, as in PyTorch.
   * @param dim A dimension (negative counts from the end), or `undefined`.
   * @param options `keepdim` to keep the reduced dimension(s) with size 1.
   * @returns The indices.
   * @example Smallest elements
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[4, 1, 1], [0, 2, 3]]);
   * assert.deepEqual(x.argmin(1, { keepdim: true }).toArray(), [[1], [0]]);
   * assert.equal(x.argmin().item(), 3);
   * ```
   */
  argmin(dim?: number, options: ReduceOptions = {}): Tensor {
    return reduce.argmin(this, dim, options);
  }

  // ---------------------------------------------------------------- matrix products

  /**
   * Matrix product with the rules of `torch.matmul`: 1-D · 1-D is a dot
   * product, 1-D operands act as a row (left) or column (right) vector, and
   * batch dimensions broadcast. Float32 or float64 (a mix gives float64).
   * @param other Right operand of shape `[..., k, n]` or `[k]`.
   * @returns A tensor of shape `[..., m, n]` (without `m` or `n` for 1-D operands).
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, tensor } from "@nabla/autograd";
   * assert.deepEqual(ones([2, 3]).matmul(ones([3, 4])).shape, [2, 4]);
   * assert.deepEqual(tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])).toArray(), [3, 7]);
   * assert.deepEqual(ones([8, 2, 3]).matmul(ones([3])).shape, [8, 2]);
   * ```
   */
  matmul(other: Tensor): Tensor {
    return linalg.matmul(this, other);
  }

  /**
   * Product of two matrices (both 2-D; use `matmul` to broadcast).
   * @param other A `[k, n]` matrix.
   * @returns The `[m, n]` product.
   * @example Matrix product
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const a = tensor([[1, 2], [3, 4]]);
   * assert.deepEqual(a.mm(a.T).toArray(), [[5, 11], [11, 25]]);
   * ```
   */
  mm(other: Tensor): Tensor {
    return linalg.mm(this, other);
  }

  /**
   * A batch of matrix products (both 3-D with one batch size, no broadcasting).
   * @param other A `[B, k, n]` tensor.
   * @returns The `[B, m, n]` products.
   * @example Batched product
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones } from "@nabla/autograd";
   * assert.deepEqual(ones([4, 2, 3]).bmm(ones([4, 3, 5])).shape, [4, 2, 5]);
   * ```
   */
  bmm(other: Tensor): Tensor {
    return linalg.bmm(this, other);
  }

  /**
   * Dot product of two vectors of one length.
   * @param other A 1-D tensor.
   * @returns A 0-d tensor.
   * @example Dot product
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.equal(tensor([1, 2, 3]).dot(tensor([4, 5, 6])).item(), 32);
   * ```
   */
  dot(other: Tensor): Tensor {
    return linalg.dot(this, other);
  }

  /**
   * Outer product of two vectors: `out[i][j] = this[i] * other[j]`.
   * @param other A 1-D tensor.
   * @returns A 2-D tensor.
   * @example Outer product
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).outer(tensor([1, 10, 100])).toArray(), [
   *   [1, 10, 100],
   *   [2, 20, 200],
   * ]);
   * ```
   */
  outer(other: Tensor): Tensor {
    return linalg.outer(this, other);
  }

  // ---------------------------------------------------------------- movement (views)

  /**
   * A view repeating size-1 dimensions (and adding leading ones) to reach
   * `shape`, without copying; `-1` keeps a dimension's size.
   * @param shape The target shape.
   * @returns A broadcast view (stride 0 along repeated dimensions).
   * @example Expanding a column
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1], [2]]).expand([2, 3]);
   * assert.deepEqual(x.toArray(), [[1, 1, 1], [2, 2, 2]]);
   * assert.deepEqual(x.strides, [1, 0]);
   * ```
   */
  expand(shape: readonly number[]): Tensor {
    return movement.expand(this, shape);
  }

  /**
   * The same data in another shape: a view when the memory layout allows it,
   * else a copy. One dimension may be `-1` (inferred).
   * @param shape The new shape, with as many elements.
   * @returns The reshaped tensor.
   * @example Reshaping
   * ```ts
   * import assert from "node:assert/strict";
   * import { arange } from "@nabla/autograd";
   * const x = arange(6).reshape([2, -1]);
   * assert.deepEqual(x.shape, [2, 3]);
   * ```
   */
  reshape(shape: readonly number[]): Tensor {
    return movement.reshape(this, shape);
  }

  /**
   * Like `reshape` but never copies: throws a ShapeError when the memory
   * layout does not allow a view.
   * @param shape The new shape; one dimension may be `-1`.
   * @returns A view sharing storage.
   * @example Viewing
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const x = zeros([2, 3]);
   * assert.equal(x.view([6]).storage, x.storage);
   * assert.throws(() => x.T.view([6]), { name: "ShapeError", message: /view\(\)/ });
   * ```
   */
  view(shape: readonly number[]): Tensor {
    return movement.view(this, shape);
  }

  /**
   * A view with dimensions reordered: dimension `i` of the result is
   * dimension `dims[i]` of this tensor.
   * @param dims A permutation of the dimensions.
   * @returns The permuted view.
   * @example Channels last
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([2, 3, 4]).permute([0, 2, 1]).shape, [2, 4, 3]);
   * ```
   */
  permute(dims: readonly number[]): Tensor {
    return movement.permute(this, dims);
  }

  /**
   * A view with two dimensions swapped.
   * @param dim0 One dimension.
   * @param dim1 The other.
   * @returns The transposed view.
   * @example Transposing
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([2, 3, 4]).transpose(0, -1).shape, [4, 3, 2]);
   * ```
   */
  transpose(dim0: number, dim1: number): Tensor {
    return movement.transpose(this, dim0, dim1);
  }

  /**
   * The transpose of a matrix (a 0-d or 1-d tensor is returned as is).
   * @returns The transposed view.
   * @example Matrix transpose
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([[1, 2, 3]]).T.toArray(), [[1], [2], [3]]);
   * ```
   */
  get T(): Tensor {
    return movement.matrixTranspose(this);
  }

  /**
   * A view with the last two dimensions swapped (a batch of transposes).
   * @returns The transposed view.
   * @example Batch transpose
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([5, 2, 3]).mT.shape, [5, 3, 2]);
   * ```
   */
  get mT(): Tensor {
    return movement.batchTranspose(this);
  }

  /**
   * A view with a dimension of size 1 inserted at `dim`.
   * @param dim Where to insert, in `[-ndim - 1, ndim]`.
   * @returns The view.
   * @example Adding a batch dimension
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([3]).unsqueeze(0).shape, [1, 3]);
   * assert.deepEqual(zeros([3]).unsqueeze(-1).shape, [3, 1]);
   * ```
   */
  unsqueeze(dim: number): Tensor {
    return movement.unsqueeze(this, dim);
  }

  /**
   * A view without dimensions of size 1 (all, or those listed in `dim`;
   * listed dimensions of another size are left alone, as in PyTorch).
   * @param dim A dimension or a list of dimensions (default: all).
   * @returns The view.
   * @example Squeezing
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([1, 3, 1]).squeeze().shape, [3]);
   * assert.deepEqual(zeros([1, 3, 1]).squeeze(0).shape, [3, 1]);
   * ```
   */
  squeeze(dim?: number | readonly number[]): Tensor {
    return movement.squeeze(this, dim);
  }

  /**
   * Merges dimensions `startDim..endDim` into one.
   * @param startDim First dimension to merge.
   * @param endDim Last dimension to merge (inclusive).
   * @returns The flattened tensor (a view when possible).
   * @example Flattening images
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([8, 28, 28]).flatten(1).shape, [8, 784]);
   * assert.deepEqual(zeros([2, 3]).flatten().shape, [6]);
   * ```
   */
  flatten(startDim = 0, endDim = -1): Tensor {
    return movement.flatten(this, startDim, endDim);
  }

  /**
   * A view of `length` elements of dimension `dim` from `start` (PyTorch's
   * `narrow`); gradients flow back, zero-padded.
   * @param dim The dimension (negative counts from the end).
   * @param start The first index, in `[-size, size]` (negative counts from the end).
   * @param length How many elements; `start + length` must not pass the end.
   * @returns A view sharing storage.
   * @example Columns 1 and 2
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2, 3], [4, 5, 6]]);
   * assert.deepEqual(x.narrow(1, 1, 2).toArray(), [[2, 3], [5, 6]]);
   * assert.deepEqual(x.narrow(0, -1, 1).toArray(), [[4, 5, 6]]);
   * assert.equal(x.narrow(1, 1, 2).storage, x.storage);
   * ```
   */
  narrow(dim: number, start: number, length: number): Tensor {
    return movement.narrow(this, dim, start, length);
  }

  /**
   * A view of every `step`-th element from `start` to `end` (excluded) along
   * `dim`: Python's `x[start:end:step]`. Negative bounds count from the end;
   * out-of-range bounds are clamped, as in Python; `step` must be positive.
   * @param dim The dimension (negative counts from the end).
   * @param options `start` (default 0), `end` (default the size), `step` (default 1).
   * @returns A view sharing storage; gradients flow back, zero-padded.
   * @example Python-style slicing
   * ```ts
   * import assert from "node:assert/strict";
   * import { arange } from "@nabla/autograd";
   * const x = arange(6);
   * assert.deepEqual(x.slice(0, { start: 1, step: 2 }).toArray(), [1, 3, 5]); // x[1::2]
   * assert.deepEqual(x.slice(0, { start: -2 }).toArray(), [4, 5]); // x[-2:]
   * assert.deepEqual(x.slice(0, { end: 100 }).shape, [6]); // clamped
   * assert.equal(x.slice(0, { step: 2 }).storage, x.storage);
   * ```
   */
  slice(dim: number, options: movement.SliceOptions = {}): Tensor {
    return movement.slice(this, dim, options);
  }

  /**
   * Constant padding, as PyTorch's `F.pad(x, pads, value=value)`: `pads`
   * holds (before, after) pairs starting from the last dimension; negative
   * sizes crop. Always a new tensor; gradients flow back by slicing.
   * @param pads `[lastBefore, lastAfter, secondLastBefore, ...]`, at most two per dimension.
   * @param options `value` of the added elements (default 0).
   * @returns The padded tensor.
   * @example Padding a matrix
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]]);
   * assert.deepEqual(x.pad([1, 0]).toArray(), [[0, 1, 2], [0, 3, 4]]);
   * assert.deepEqual(x.pad([0, 0, 0, 1], { value: 9 }).toArray(), [[1, 2], [3, 4], [9, 9]]);
   * assert.deepEqual(x.pad([-1, 0]).toArray(), [[2], [4]]); // negative: crop
   * ```
   */
  pad(pads: readonly number[], options: movement.PadOptions = {}): Tensor {
    return movement.pad(this, pads, options);
  }

  /**
   * Picks values along `dim` by an int32 index, as `torch.gather`: for a
   * 2-d tensor and `dim = 1`, `out[i][j] = this[i][index[i][j]]`. The index
   * has this tensor's number of dimensions and at most its sizes (except
   * along `dim`); the result has the index's shape. Gradients are
   * scatter-added back.
   * @param dim The dimension to index (negative counts from the end).
   * @param index An int32 tensor with values in `[0, this.size(dim))`.
   * @returns The gathered values.
   * @example Picking the score of each target class
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const scores = tensor([[1, 7, 2], [5, 3, 2]]);
   * const target = tensor([[1], [0]], { dtype: "int32" });
   * assert.deepEqual(scores.gather(1, target).toArray(), [[7], [5]]);
   * ```
   */
  gather(dim: number, index: Tensor): Tensor {
    return indexing.gather(this, dim, index);
  }

  /**
   * Adds `src` into a copy of this tensor at the positions an int32 index
   * names along `dim`, as PyTorch's out-of-place `scatter_add`: for a 2-d
   * tensor and `dim = 1`, `out[i][index[i][j]] += src[i][j]`. Repeated
   * positions accumulate. Differentiable with respect to this tensor and `src`.
   * @param dim The dimension to index (negative counts from the end).
   * @param index An int32 tensor with values in `[0, this.size(dim))`, no
   *   larger than `src` and (except along `dim`) than this tensor.
   * @param src Values of this tensor's dtype; only the index-shaped part is used.
   * @returns The updated copy.
   * @example Counting per bucket
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, tensor, zeros } from "@nabla/autograd";
   * const bucket = tensor([0, 2, 0, 0], { dtype: "int32" });
   * assert.deepEqual(zeros([3]).scatterAdd(0, bucket, ones([4])).toArray(), [3, 0, 1]);
   * ```
   */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return indexing.scatterAdd(this, dim, index, src);
  }

  /**
   * The entries along `dim` listed by a 1-d int32 index, in its order
   * (repeats allowed), as `torch.index_select`. Gradients of repeated
   * entries add up.
   * @param dim The dimension to index (negative counts from the end).
   * @param index A 1-d (or 0-d) int32 tensor with values in `[0, this.size(dim))`.
   * @returns A tensor with `index.numel` entries along `dim`.
   * @example Looking up embeddings
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const table = tensor([[0, 0], [1, 1], [2, 2]]);
   * const ids = tensor([2, 0, 2], { dtype: "int32" });
   * assert.deepEqual(table.indexSelect(0, ids).toArray(), [[2, 2], [0, 0], [2, 2]]);
   * ```
   */
  indexSelect(dim: number, index: Tensor): Tensor {
    return indexing.indexSelect(this, dim, index);
  }

  // ---------------------------------------------------------------- indexing, sorting, scans (issue 9)

  /**
   * PyTorch's `x[idx]` for an int32 tensor `idx` of any shape (0-d and empty
   * included): the rows (entries of dimension 0) it names, negative values
   * counting from the end. Gradients of repeated rows add up.
   * @param idx An int32 tensor with values in `[-this.size(0), this.size(0))`.
   * @returns A tensor of shape `[...idx.shape, ...this.shape.slice(1)]`.
   * @example An embedding table looked up by a batch of token ids
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const C = tensor([[0, 0], [1, 1], [2, 2]], { requiresGrad: true });
   * const X = tensor([[2, 0], [2, -1]], { dtype: "int32" });
   * const emb = C.index(X); // C[X]
   * assert.deepEqual(emb.shape, [2, 2, 2]);
   * assert.deepEqual(emb.toArray(), [[[2, 2], [0, 0]], [[2, 2], [2, 2]]]);
   * emb.sum().backward();
   * assert.deepEqual(C.grad?.toArray(), [[1, 1], [0, 0], [3, 3]]); // row 2 used three times
   * assert.throws(() => C.index(tensor([3], { dtype: "int32" })), {
   *   name: "RangeError",
   *   message: /index\(\): index 3 .* size 3/,
   * });
   * ```
   */
  index(idx: Tensor): Tensor {
    return indexing.index(this, idx);
  }

  /**
   * Writes `src` into a copy of this tensor at the positions an int32 index
   * names along `dim`, as PyTorch's out-of-place `scatter`: for a 2-d tensor
   * and `dim = 1`, `out[i][index[i][j]] = src[i][j]`. Differentiable: `src`
   * gets the gradient where it was written, this tensor the gradient
   * elsewhere.
   * @param dim The dimension to index (negative counts from the end).
   * @param index An int32 tensor with values in `[0, this.size(dim))`, no
   *   larger than `src` and (except along `dim`) than this tensor.
   * @param src Values of this tensor's dtype (only the index-shaped part is
   *   used), or a number.
   * @returns The updated copy.
   * @example Writing a value per row
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, zeros } from "@nabla/autograd";
   * const where = tensor([[2], [0]], { dtype: "int32" });
   * assert.deepEqual(zeros([2, 3]).scatter(1, where, 7).toArray(), [[0, 0, 7], [7, 0, 0]]);
   * assert.deepEqual(zeros([2, 3]).scatter(1, where, tensor([[1], [2]])).toArray(), [
   *   [0, 0, 1],
   *   [2, 0, 0],
   * ]);
   * ```
   */
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor {
    return indexing.scatter(this, dim, index, src);
  }

  /**
   * Adds the entries of `source` along `dim`, times `alpha`, into a copy of
   * this tensor at the entries a 1-d int32 index names, as PyTorch's
   * out-of-place `index_add`; repeated indices accumulate. Differentiable in
   * this tensor and `source`.
   * @param dim The dimension to index (negative counts from the end).
   * @param index A 1-d (or 0-d) int32 tensor with values in `[0, this.size(dim))`.
   * @param source A tensor of this tensor's dtype and shape, except `index.numel` entries along `dim`.
   * @param options `alpha`, a factor for `source`.
   * @returns The updated copy.
   * @example Accumulating rows
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, tensor, zeros } from "@nabla/autograd";
   * const rows = tensor([0, 2, 0], { dtype: "int32" });
   * const out = zeros([3, 2]).indexAdd(0, rows, ones([3, 2]), { alpha: 2 });
   * assert.deepEqual(out.toArray(), [[4, 4], [0, 0], [2, 2]]);
   * ```
   */
  indexAdd(
    dim: number,
    index: Tensor,
    source: Tensor,
    options: indexing.IndexAddOptions = {},
  ): Tensor {
    return indexing.indexAdd(this, dim, index, source, options);
  }

  /**
   * `value` where the bool `mask` holds and this tensor elsewhere (PyTorch's
   * out-of-place `masked_fill`), broadcasting the two; the dtype stays this
   * tensor's. The gradient is 0 at the filled positions.
   * @param mask A bool tensor broadcastable with this one.
   * @param value A number (converted to this dtype) or a 0-d tensor.
   * @returns The filled copy.
   * @example A causal attention mask
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, zeros } from "@nabla/autograd";
   * const scores = zeros([3, 3]);
   * const future = ones([3, 3]).triu(1).eq(1);
   * const masked = scores.maskedFill(future, -Infinity);
   * assert.deepEqual(masked.toArray(), [
   *   [0, -Infinity, -Infinity],
   *   [0, 0, -Infinity],
   *   [0, 0, 0],
   * ]);
   * assert.deepEqual(masked.softmax(-1).narrow(0, 0, 2).toArray(), [[1, 0, 0], [0.5, 0.5, 0]]);
   * ```
   */
  maskedFill(mask: Tensor, value: Tensor | number): Tensor {
    return maskOps.maskedFill(this, mask, value);
  }

  /**
   * The lower triangle of the last two dimensions, as PyTorch's `tril`:
   * entries on and below diagonal `k` (0 the main diagonal, positive above
   * it, negative below), zeros elsewhere; batched over leading dimensions.
   * @param k The diagonal.
   * @returns A copy with the other entries zeroed.
   * @example Lower triangles
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones } from "@nabla/autograd";
   * assert.deepEqual(ones([3, 3]).tril().toArray(), [[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
   * assert.deepEqual(ones([2, 3]).tril(-1).toArray(), [[0, 0, 0], [1, 0, 0]]);
   * ```
   */
  tril(k = 0): Tensor {
    return maskOps.tril(this, k);
  }

  /**
   * The upper triangle of the last two dimensions, as PyTorch's `triu`:
   * entries on and above diagonal `k`, zeros elsewhere; batched.
   * @param k The diagonal (0 the main one, positive above, negative below).
   * @returns A copy with the other entries zeroed.
   * @example Upper triangles
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones } from "@nabla/autograd";
   * assert.deepEqual(ones([3, 3]).triu(1).toArray(), [[0, 1, 1], [0, 0, 1], [0, 0, 0]]);
   * ```
   */
  triu(k = 0): Tensor {
    return maskOps.triu(this, k);
  }

  /**
   * Cuts this tensor along `dim` into views, as PyTorch's `split`: pieces of
   * `sizeOrSections` entries (the last may be smaller), or of the listed
   * sizes, which must add up to the size of `dim`.
   * @param sizeOrSections A piece size, or the size of each piece.
   * @param dim The dimension to cut (negative counts from the end).
   * @returns The pieces, views sharing this tensor's storage.
   * @example Queries, keys and values from one projection
   * ```ts
   * import assert from "node:assert/strict";
   * import { arange } from "@nabla/autograd";
   * const qkv = arange(12).reshape([2, 6]);
   * const [q, k, v] = qkv.split(2, 1);
   * assert.deepEqual(k.toArray(), [[2, 3], [8, 9]]);
   * assert.deepEqual(qkv.split([1, 5], -1).map((t) => t.shape), [[2, 1], [2, 5]]);
   * assert.equal(v.storage, qkv.storage);
   * ```
   */
  split(sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
    return rearrange.split(this, sizeOrSections, dim);
  }

  /**
   * Cuts this tensor along `dim` into at most `chunks` views of
   * `ceil(size / chunks)` entries (the last may be smaller), as PyTorch's
   * `chunk`.
   * @param chunks The number of pieces wanted.
   * @param dim The dimension to cut (negative counts from the end).
   * @returns The pieces, views sharing this tensor's storage.
   * @example PyTorch's chunk sizes
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.deepEqual(zeros([5]).chunk(3).map((t) => t.shape[0]), [2, 2, 1]);
   * assert.deepEqual(zeros([6]).chunk(4).map((t) => t.shape[0]), [2, 2, 2]); // only three
   * ```
   */
  chunk(chunks: number, dim = 0): Tensor[] {
    return rearrange.chunk(this, chunks, dim);
  }

  /**
   * A copy with the elements in reverse order along `dims`, as PyTorch's `flip`.
   * @param dims A dimension or a list of dimensions.
   * @returns The flipped copy.
   * @example Flipping
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2, 3], [4, 5, 6]]);
   * assert.deepEqual(x.flip(1).toArray(), [[3, 2, 1], [6, 5, 4]]);
   * assert.deepEqual(x.flip([0, 1]).toArray(), [[6, 5, 4], [3, 2, 1]]);
   * ```
   */
  flip(dims: number | readonly number[]): Tensor {
    return rearrange.flip(this, dims);
  }

  /**
   * A copy with the elements shifted by `shifts` along `dims`, those pushed
   * past the end coming back at the start, as PyTorch's `roll`; without
   * `dims`, the flattened tensor is rolled.
   * @param shifts A shift, or one per dimension of `dims` (negative shifts go left).
   * @param dims A dimension or a list of dimensions; omitted: the flattened tensor.
   * @returns The rolled copy.
   * @example Rolling
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[0, 1, 2], [3, 4, 5]]);
   * assert.deepEqual(x.roll(1).toArray(), [[5, 0, 1], [2, 3, 4]]);
   * assert.deepEqual(x.roll([1, -1], [0, 1]).toArray(), [[4, 5, 3], [1, 2, 0]]);
   * ```
   */
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
    return rearrange.roll(this, shifts, dims);
  }

  /**
   * This tensor tiled `sizes[d]` times along each dimension (PyTorch's
   * `repeat`); extra leading sizes add dimensions.
   * @param sizes The number of copies along each dimension, as a list.
   * @returns The tiled copy.
   * @example Tiling with a list
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 2]).repeat([2, 2]).toArray(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
   * ```
   */
  repeat(sizes: readonly number[]): Tensor;
  /**
   * This tensor tiled `sizes[d]` times along each dimension, as PyTorch's
   * `x.repeat(2, 3)`; extra leading sizes add dimensions.
   * @param sizes The number of copies along each dimension.
   * @returns The tiled copy.
   * @example Tiling
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[1, 2], [3, 4]]);
   * assert.deepEqual(x.repeat(1, 2).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
   * assert.deepEqual(x.repeat(2, 1, 1).shape, [2, 2, 2]);
   * ```
   */
  repeat(...sizes: number[]): Tensor;
  repeat(...sizes: (number | readonly number[])[]): Tensor {
    const list = sizes.length === 1 && Array.isArray(sizes[0]) ? sizes[0] : sizes;
    return rearrange.repeat(this, list as readonly number[]);
  }

  /**
   * Running sums along `dim`, as PyTorch's `cumsum`. int32 and bool give
   * int32 (PyTorch: int64), and a RangeError if a sum leaves int32.
   * @param dim The dimension to scan (negative counts from the end).
   * @returns A tensor of this shape.
   * @example Running totals
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([[1, 2, 3], [4, 5, 6]]).cumsum(1).toArray(), [
   *   [1, 3, 6],
   *   [4, 9, 15],
   * ]);
   * const big = tensor([2 ** 31 - 1, 1], { dtype: "int32" });
   * assert.throws(() => big.cumsum(0), { name: "RangeError", message: /cumsum\(\)/ });
   * ```
   */
  cumsum(dim: number): Tensor {
    return scan.cumsum(this, dim);
  }

  /**
   * Running products along `dim`, as PyTorch's `cumprod`; the gradient is
   * right where elements are 0. int32 and bool give int32, and a RangeError
   * if a product leaves int32.
   * @param dim The dimension to scan (negative counts from the end).
   * @returns A tensor of this shape.
   * @example Running products
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([2, 0, 3], { requiresGrad: true });
   * assert.deepEqual(x.cumprod(0).toArray(), [2, 0, 0]);
   * x.cumprod(0).sum().backward(); // d(2 + 2·x1 + 2·x1·x2)
   * assert.deepEqual(x.grad?.toArray(), [1, 8, 0]);
   * ```
   */
  cumprod(dim: number): Tensor {
    return scan.cumprod(this, dim);
  }

  /**
   * The product of all elements, or over one dimension, as PyTorch's `prod`;
   * the gradient is right where elements are 0 (each gets the product of the
   * others). int32 and bool give int32, and a RangeError if the product
   * leaves int32.
   * @param dim One dimension (negative counts from the end); omitted: all.
   * @param options `keepdim` to keep the reduced dimension(s) with size 1.
   * @returns The product.
   * @example Products with a zero
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const x = tensor([[2, 3], [0, 5]], { requiresGrad: true });
   * assert.deepEqual(x.prod(1).toArray(), [6, 0]);
   * assert.deepEqual(x.prod(0, { keepdim: true }).toArray(), [[0, 15]]);
   * x.prod(1).sum().backward();
   * assert.deepEqual(x.grad?.toArray(), [[3, 2], [5, 0]]);
   * ```
   */
  prod(dim?: number, options: ReduceOptions = {}): Tensor {
    return scan.prod(this, dim, options);
  }

  /**
   * The elements of each line along `dim` in ascending (or descending)
   * order with their original indices, as PyTorch's `sort`. NaN sorts above
   * every number; ties keep their order (nabla's sort is always stable). The
   * gradient of each value goes to the element it came from.
   * @param dim The dimension to sort (negative counts from the end).
   * @param options `descending` (default `false`), `stable` (accepted; always true).
   * @returns `{ values, indices }`, the indices as int32.
   * @example Sorting rows
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const { values, indices } = tensor([[3, 1, 2], [0, 5, 0]]).sort(-1, { descending: true });
   * assert.deepEqual(values.toArray(), [[3, 2, 1], [5, 0, 0]]);
   * assert.deepEqual(indices.toArray(), [[0, 2, 1], [1, 0, 2]]);
   * ```
   */
  sort(dim = -1, options: sorting.SortOptions = {}): sorting.ValuesIndices {
    return sorting.sort(this, dim, options);
  }

  /**
   * The indices that sort each line along `dim`, as PyTorch's `argsort`
   * (those of {@linkcode Tensor.sort}).
   * @param dim The dimension to sort (negative counts from the end).
   * @param options `descending` (default `false`), `stable` (accepted; always true).
   * @returns int32 indices of this shape.
   * @example Ranking
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([0.3, 0.1, 0.2]).argsort().toArray(), [1, 2, 0]);
   * ```
   */
  argsort(dim = -1, options: sorting.SortOptions = {}): Tensor {
    return sorting.argsort(this, dim, options);
  }

  /**
   * The `k` largest (or smallest) elements of each line along `dim`,
   * largest (smallest) first, with their indices, as PyTorch's `topk`; ties
   * give the lower index first. The gradient of each value goes to the
   * element it came from.
   * @param k How many elements, at most the size of `dim`.
   * @param dim The dimension (negative counts from the end).
   * @param options `largest` (default `true`), `sorted` (accepted; always sorted).
   * @returns `{ values, indices }` with `k` entries along `dim`, the indices as int32.
   * @example Top-k sampling: keep the k most likely tokens
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * const logits = tensor([[1, 4, 2, 3]]);
   * const { values, indices } = logits.topk(2);
   * assert.deepEqual(values.toArray(), [[4, 3]]);
   * assert.deepEqual(indices.toArray(), [[1, 3]]);
   * const kth = values.narrow(-1, 1, 1); // the smallest kept logit
   * assert.deepEqual(logits.maskedFill(logits.lt(kth), -Infinity).toArray(), [
   *   [-Infinity, 4, -Infinity, 3],
   * ]);
   * ```
   */
  topk(k: number, dim = -1, options: sorting.TopkOptions = {}): sorting.ValuesIndices {
    return sorting.topk(this, k, dim, options);
  }

  /**
   * Draws category indices from the rows of this tensor of weights, as
   * PyTorch's `x.multinomial` (see the function {@linkcode multinomial}).
   * @param numSamples How many draws per row.
   * @param options `replacement` (default `false`) and `generator`.
   * @returns int32 indices of shape `[numSamples]` or `[rows, numSamples]`.
   * @example Sampling a character
   * ```ts
   * import assert from "node:assert/strict";
   * import { manualSeed, tensor } from "@nabla/autograd";
   * manualSeed(0);
   * const p = tensor([0, 0, 1]);
   * assert.deepEqual(p.multinomial(1).toArray(), [2]);
   * ```
   */
  multinomial(numSamples: number, options: sampling.MultinomialOptions = {}): Tensor {
    return sampling.multinomial(this, numSamples, options);
  }

  /**
   * Draws 0 or 1 for each element, 1 with the probability the element
   * gives, as PyTorch's `x.bernoulli()` (see the function {@linkcode bernoulli}).
   * @param options `generator`.
   * @returns 0s and 1s of this shape and dtype.
   * @example Coin flips
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@nabla/autograd";
   * assert.deepEqual(tensor([1, 0]).bernoulli().toArray(), [1, 0]);
   * ```
   */
  bernoulli(options: sampling.BernoulliOptions = {}): Tensor {
    return sampling.bernoulli(this, options);
  }

  // ---------------------------------------------------------------- end of issue 9 block
}

// ---------------------------------------------------------------- internal helpers

const UNIT_STRIDE: readonly number[] = Object.freeze([1]);

// NOTE: contiguous strides depend on the shape alone (and not on its first
// size), so the library's own tensors share frozen ones: the last few made are
// reused when they fit, which spares most results of a training step an array.
const recentStrides: (readonly number[])[] = [NO_DIMS, NO_DIMS, NO_DIMS, NO_DIMS];
let nextStrides = 0;

// Frozen row-major strides for `shape`, one of `recentStrides` if one fits.
function sharedStrides(shape: readonly number[]): readonly number[] {
  for (let i = 0; i < recentStrides.length; i++) {
    const strides = recentStrides[i];
    if (strides.length !== shape.length) continue;
    let step = 1;
    let d = shape.length - 1;
    while (d >= 0 && strides[d] === step) step *= shape[d--];
    if (d < 0) return strides;
  }
  const strides = Object.freeze(contiguousStrides(shape));
  recentStrides[nextStrides] = strides;
  nextStrides = (nextStrides + 1) % recentStrides.length;
  return strides;
}

// Set by adoptTensor() for the one construction that follows.
let adopting = false;

/**
 * A tensor on `storage` that keeps `shape` and `strides` (contiguous if
 * omitted) instead of copying them, for the library's own arrays only: those
 * of another tensor (already frozen), or fresh ones that no one else holds
 * (frozen here). The constructor copies, for arrays a caller may change.
 */
export function adoptTensor(
  storage: Storage,
  shape: readonly number[],
  strides?: readonly number[],
  offset = 0,
): Tensor {
  adopting = true;
  return new Tensor(storage, shape, strides, offset);
}

/** The kernel view of a tensor. */
export function viewOf(t: Tensor): cpu.View {
  return { data: t.storage.data, shape: t.shape, strides: t.strides, offset: t.offset };
}

/** Wraps a fresh typed array (from a kernel) as a contiguous tensor. */
export function fromData(data: TypedArray, shape: readonly number[]): Tensor {
  const storage = new Storage(data);
  noteCreated(storage);
  return new Tensor(storage, shape);
}

/**
 * {@linkcode fromData} keeping `shape` as {@linkcode adoptTensor} does: a
 * tensor's frozen shape (an elementwise result shares its input's), or a
 * fresh array built for the result.
 */
export function fromKernel(data: TypedArray, shape: readonly number[]): Tensor {
  const storage = new Storage(data);
  noteCreated(storage);
  return adoptTensor(storage, shape);
}

/**
 * The gradient of `t`, read the way optimizers read it. Reading `t.grad`
 * tells the library that the caller may keep the tensor, so that its buffer is
 * never recycled; `peekGrad` promises instead that the caller drops it before
 * the gradient is next replaced (by `zeroGrad()`, `t.grad = null` or a
 * backward pass), which lets that replacement hand the buffer back to the pool
 * at once. For optimizers and other code that uses a gradient and forgets it.
 * @param t A tensor.
 * @returns `t.grad`.
 * @example An update that lets zeroGrad() recycle the gradient
 * ```ts
 * import assert from "node:assert/strict";
 * import { noGrad, peekGrad, tensor } from "@nabla/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.square().sum().backward();
 * noGrad(() => w.sub_(peekGrad(w)!, { alpha: 0.5 }));
 * assert.deepEqual(w.toArray(), [0, 0]);
 * w.grad = null; // its buffer goes back to the pool
 * ```
 */
export function peekGrad(t: Tensor): Tensor | null {
  return gradOf(t);
}

// Gives back the buffer of a temporary that this module made and no one else
// saw (an operand of an in-place update), unless it is an input's storage.
function discard(temporary: Tensor, ...inputs: Tensor[]): void {
  const s = temporary.storage;
  if (inputs.some((t) => t.storage === s)) return;
  const token = {};
  setOwner(s, token);
  release(s, token);
}

/**
 * Gives the buffer of `t.grad` back to the pool when no user code can hold it
 * (it was made by backward() for `t` and never read through the `grad`
 * getter), unless it is `next`, the gradient replacing it.
 */
export function releaseGrad(t: Tensor, next: Tensor | null = null): void {
  const old = gradOf(t);
  if (old !== null && old !== next && old.storage !== next?.storage) release(old.storage, t);
}

/**
 * A 0-d tensor holding `value` converted to `dtype` (any non-zero value is
 * `true`; int32 refuses a value it cannot hold, naming `op`).
 */
export function scalar(value: number | boolean, dtype: DType, op = "tensor"): Tensor {
  const data = allocate(dtype, 1);
  const v = Number(value);
  if (dtype === "int32") checkInt32(op, "use a number", "the number", v);
  data[0] = dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
  return fromKernel(data, NO_DIMS);
}

function category(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int32" ? 1 : 2;
}

/**
 * The gradient that starts a backward pass from `output`: `gradient` checked
 * against it, or 1 for a single-element output.
 */
export function seedGradient(op: string, output: Tensor, gradient: Tensor | undefined): Tensor {
  if (gradient === undefined) {
    if (output.numel !== 1) {
      throw new AutogradError(
        `Cannot create the gradient implicitly in ${op}(): the output has shape ` +
          `${fmt(output.shape)}, not a single element; pass a gradient of that shape, ` +
          "or reduce the output first (e.g. with sum())",
        { op },
      );
    }
    const one = allocate(output.dtype, 1);
    one[0] = 1;
    return fromKernel(one, output.shape);
  }
  if (!isTensor(gradient)) {
    throw new TypeError(
      `Cannot use ${typeof gradient} as a gradient in ${op}(): expected a Tensor`,
    );
  }
  if (!shapesEqual(gradient.shape, output.shape)) {
    throw new ShapeError(
      `Cannot use a gradient of shape ${fmt(gradient.shape)} in ${op}(): the output ` +
        `has shape ${fmt(output.shape)}`,
      { op, shapes: [output.shape, gradient.shape] },
    );
  }
  if (gradient.dtype !== output.dtype) {
    throw new DTypeError(
      `Cannot use a ${gradient.dtype} gradient in ${op}(): the output has dtype ${output.dtype}`,
      { op, dtypes: [output.dtype, gradient.dtype] },
    );
  }
  return gradient;
}
