/**
 * Matrix products. `Matmul` is the primitive: one `[m, k] @ [k, n]` product,
 * or a batch of them (`[B, m, k] @ [B, k, n]`), on the kernel of the selected
 * backend (`kernels/backend.ts`: WebAssembly SIMD by default, TypeScript,
 * threads, native BLAS); every kernel takes transposed and broadcast (stride 0)
 * views as they are, so no op copies an operand. `matmul` adds torch.matmul's rules
 * (1-D operands, broadcast batch dimensions) with views; `mm`, `bmm`, `dot`
 * and `outer` are composed.
 */
import { AutogradFunction, isGradEnabled, isTensor, trustBackward } from "../autograd.ts";
import { empty, isFloatingPoint } from "../dtype.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { broadcastShapes, fmt, numel } from "../_shape.ts";
import type { MatmulOperand } from "../kernels/matmul.ts";
// The selected backend's kernel (WebAssembly SIMD by default): see kernels/backend.ts.
import { matmul as matmulKernel } from "../kernels/backend.ts";
import * as cpu from "../kernels/cpu.ts";
import { checkOptions } from "../options.ts";
import { fromKernel, type Tensor, viewOf } from "../tensor.ts";
import { where } from "./elementwise.ts";
import { reduceKernel } from "./reduce.ts";
import { asPublicOp } from "../_op_names.ts";

// A 2-D or 3-D float tensor as the kernel's `[batch, rows, cols]` operand.
function operand(t: Tensor): MatmulOperand {
  const s = t.strides;
  return {
    data: t.storage.data as Float32Array | Float64Array,
    offset: t.offset,
    strides: t.ndim === 3 ? [s[0], s[1], s[2]] : [0, s[0], s[1]],
  };
}

// Whether a matrix (or batch of them) is laid out column by column, as a
// transposed view is: its gradient is then computed in that layout too.
function isColumnMajor(t: Tensor): boolean {
  return t.strides[t.ndim - 2] < t.strides[t.ndim - 1];
}

/**
 * Matrix product of two float tensors of one dtype, both 2-D (`[m, k] @ [k, n]`)
 * or both 3-D with one batch size (`[B, m, k] @ [B, k, n]`), shapes already
 * checked by `matmul()`. Any strides work, including stride 0 along the batch.
 */
export class Matmul extends AutogradFunction {
  /** Multiplies with the blocked kernel and saves both inputs. */
  override forward(a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(a, b);
    return multiply(a, b);
  }
  /**
   * dA = g @ Bᵀ, dB = Aᵀ @ g. NOTE: for an input laid out column-major (such
   * as `weight.T` in a linear layer), the same product is computed transposed,
   * dA = (B @ gᵀ)ᵀ, so that the gradient has the input's layout and reaches a
   * row-major weight as a row-major gradient (PyTorch's mm backward does too).
   */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [a, b] = this.savedTensors;
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (this.needsInputGrad[0]) da = isColumnMajor(a) ? b.matmul(g.mT).mT : g.matmul(b.mT);
    if (this.needsInputGrad[1]) db = isColumnMajor(b) ? g.mT.matmul(a).mT : a.mT.matmul(g);
    return [da, db];
  }
}

// Matmul's product, straight from the kernel (no op: nothing recorded).
function multiply(a: Tensor, b: Tensor): Tensor {
  const batched = a.ndim === 3;
  const batch = batched ? a.shape[0] : 1;
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const n = b.shape[b.ndim - 1];
  const out = empty(a.dtype, batch * m * n) as Float32Array | Float64Array;
  matmulKernel(operand(a), operand(b), out, batch, m, k, n);
  return fromKernel(out, batched ? [batch, m, n] : [m, n]);
}

/**
 * `x @ weightᵀ + bias` for a 2-D `x` (`[m, k]`), a `[n, k]` weight and a `[n]`
 * bias or null, then relu if asked, shapes and dtypes checked by `linear()`.
 * Fused: the kernel adds the bias row and applies relu before handing the
 * product over (the WebAssembly kernel in its memory, without passes of their
 * own), so the op makes one `[m, n]` tensor where
 * `x.matmul(weight.T).add(bias).relu()` makes three (and records three
 * functions); values and gradients are the same, bit for bit (on BLAS, to its
 * rounding: it accumulates the product onto the bias).
 */
export class Linear extends AutogradFunction {
  /** Whether relu follows: false here, true in {@linkcode LinearRelu}. */
  protected get rectified(): boolean {
    return false;
  }
  /** Multiplies, adds the bias row to every row (and rectifies); saves `x`, the weight (and the output for relu). */
  override forward(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    const relu = this.rectified;
    if (!relu) this.saveForBackward(x, weight);
    const m = x.shape[0];
    const k = x.shape[1];
    const n = weight.shape[0];
    const out = empty(x.dtype, m * n) as Float32Array | Float64Array;
    const ws = weight.strides;
    const wT: MatmulOperand = {
      data: weight.storage.data as Float32Array | Float64Array,
      offset: weight.offset,
      strides: [0, ws[1], ws[0]],
    };
    const row = bias === null ? undefined : {
      data: bias.storage.data as Float32Array | Float64Array,
      offset: bias.offset,
      stride: bias.strides[0],
    };
    const epilogue = row === undefined && !relu ? undefined : { bias: row, relu };
    matmulKernel(operand(x), wT, out, 1, m, k, n, epilogue);
    const y = fromKernel(out, [m, n]);
    if (relu) this.saveForBackward(x, weight, y);
    return y;
  }
  /**
   * With relu, gz = g where the output is positive (relu'(0) = 0), else gz = g;
   * then dx = gz @ W, dW = gzᵀ @ x, db = Σ_rows gz (the ops of the composition).
   */
  override backward(g: Tensor): [Tensor | null, Tensor | null, Tensor | null] {
    const [x, weight, y] = this.savedTensors;
    const recording = isGradEnabled();
    let gz = g;
    if (this.rectified) {
      // NOTE: as Relu's backward: one fused pass when not recording, where() otherwise.
      gz = recording
        ? where(y.le(0), 0, g)
        : fromKernel(cpu.reluBackward(viewOf(y), viewOf(g), g.dtype), g.shape);
    }
    const needs = this.needsInputGrad;
    if (recording) {
      return [
        needs[0] ? gz.matmul(weight) : null,
        needs[1] ? gz.mT.matmul(x) : null,
        needs[2] ? gz.sum(0) : null,
      ];
    }
    // NOTE: straight to the kernels when not recording: the values of matmul()
    // and sum(0) without an op each (shapes and dtypes match by construction).
    return [
      needs[0] ? multiply(gz, weight) : null,
      needs[1] ? multiply(gz.mT, x) : null,
      needs[2] ? reduceKernel("sum", gz, [0], false, gz.dtype) : null,
    ];
  }
}

/**
 * `relu(x @ weightᵀ + bias)` in one op (`linear()` with `{ activation: "relu" }`):
 * {@linkcode Linear} with relu applied by the kernel before the product is
 * handed over, its gradient masked by the output in backward.
 */
export class LinearRelu extends Linear {
  /** True: relu follows. */
  protected override get rectified(): boolean {
    return true;
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Matmul, Linear, LinearRelu);

// ---------------------------------------------------------------- public functions

function fail(op: string, a: Tensor, b: Tensor, why: string): never {
  throw new ShapeError(`Cannot multiply ${fmt(a.shape)} and ${fmt(b.shape)} in ${op}(): ${why}`, {
    op,
    shapes: [a.shape, b.shape],
  });
}

// Checks that both operands are tensors of one float dtype.
function checkFloatOperands(op: string, a: Tensor, b: Tensor): void {
  checkTensor(op, a);
  checkTensor(op, b);
  if (!isFloatingPoint(a.dtype) || !isFloatingPoint(b.dtype)) {
    throw new DTypeError(
      `Cannot multiply ${a.dtype} and ${b.dtype} tensors in ${op}(): only float32 and ` +
        "float64 are supported; convert with float() first",
      { op, dtypes: [a.dtype, b.dtype] },
    );
  }
  // NOTE: as in PyTorch, no silent promotion: a float64 product would double the cost.
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `Cannot multiply ${a.dtype} and ${b.dtype} tensors in ${op}(): both operands need the ` +
        "same dtype; convert one with float() or double()",
      { op, dtypes: [a.dtype, b.dtype] },
    );
  }
}

function checkTensor(op: string, t: Tensor): void {
  if (!isTensor(t)) {
    throw new TypeError(`Cannot multiply ${typeof t} in ${op}(): expected a Tensor`);
  }
}

function checkInner(op: string, a: Tensor, b: Tensor): void {
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[Math.max(b.ndim - 2, 0)];
  if (k !== k2) fail(op, a, b, `inner dimensions ${k} and ${k2} differ`);
}

function checkRanks(op: string, a: Tensor, b: Tensor, rank: number): void {
  if (a.ndim !== rank || b.ndim !== rank) {
    fail(op, a, b, `both arguments must be ${rank}-D, but they are ${a.ndim}-D and ${b.ndim}-D`);
  }
}

// torch.matmul's dispatch on ranks, for float operands of one dtype.
function product(op: string, a: Tensor, b: Tensor): Tensor {
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) {
    fail(op, a, b, `both arguments need to be at least 1-D, but they are ${da}-D and ${db}-D`);
  }
  checkInner(op, a, b);
  const k = a.shape[da - 1];
  if (da === db && da <= 3 && (da === 2 || (da === 3 && a.shape[0] === b.shape[0]))) {
    return Matmul.apply(a, b);
  }
  if (db <= 2) {
    // Fold every leading dimension of `a` into rows: one 2-D product, a view
    // of `a` whenever its layout allows (as PyTorch does).
    const rows = da === 2 ? a : a.reshape([numel(a.shape.slice(0, -1)), k]);
    const out = Matmul.apply(rows, db === 1 ? b.reshape([k, 1]) : b);
    return out.reshape([...a.shape.slice(0, da - 1), ...(db === 2 ? [b.shape[1]] : [])]);
  }
  // Batched: broadcast the batch dimensions (stride-0 views), fold them into one.
  const left = da === 1 ? a.reshape([1, k]) : a;
  const m = left.shape[left.ndim - 2];
  const n = b.shape[db - 1];
  let batch: number[];
  try {
    batch = broadcastShapes(op, left.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch (cause) {
    throw new ShapeError(
      `Cannot multiply ${fmt(a.shape)} and ${fmt(b.shape)} in ${op}(): batch dimensions ` +
        `${fmt(left.shape.slice(0, -2))} and ${fmt(b.shape.slice(0, -2))} do not broadcast`,
      { op, shapes: [a.shape, b.shape], cause },
    );
  }
  const size = numel(batch);
  const x = left.expand([...batch, m, k]).reshape([size, m, k]);
  const y = b.expand([...batch, k, n]).reshape([size, k, n]);
  return Matmul.apply(x, y).reshape([...batch, ...(da === 1 ? [] : [m]), n]);
}

/**
 * Matrix product with the rules of `torch.matmul`: 1-D · 1-D is a dot product
 * (0-d result); a 1-D left operand is a row vector and a 1-D right operand a
 * column vector, their added dimension removed from the result; otherwise the
 * last two dimensions multiply as matrices and the leading (batch) dimensions
 * broadcast. Operands are float32 or float64 (a mix gives float64).
 * @param a Left operand of shape `[..., m, k]` or `[k]`.
 * @param b Right operand of shape `[..., k, n]` or `[k]`.
 * @returns The product, of shape `[..., m, n]` (without `m` or `n` for 1-D operands).
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmul, ones, tensor } from "@nabla/autograd";
 * const a = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(matmul(a, tensor([[1], [1]])).toArray(), [[3], [7]]);
 * assert.deepEqual(matmul(a, tensor([1, 1])).toArray(), [3, 7]); // matrix-vector
 * assert.equal(matmul(tensor([1, 2]), tensor([3, 4])).item(), 11); // dot product
 * assert.deepEqual(matmul(ones([5, 1, 2, 3]), ones([4, 3, 6])).shape, [5, 4, 2, 6]);
 * assert.throws(() => matmul(ones([2, 3]), ones([4, 5])), {
 *   name: "ShapeError",
 *   message: "Cannot multiply [2, 3] and [4, 5] in matmul(): inner dimensions 3 and 4 differ",
 * });
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkFloatOperands("matmul", a, b);
  return product("matmul", a, b);
}

/** Product of two matrices (both 2-D, no broadcasting). */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkFloatOperands("mm", a, b);
  checkRanks("mm", a, b, 2);
  return product("mm", a, b);
}

/** Batch of matrix products `[B, m, k] @ [B, k, n]` (both 3-D, no broadcasting). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkFloatOperands("bmm", a, b);
  checkRanks("bmm", a, b, 3);
  if (a.shape[0] !== b.shape[0]) {
    fail("bmm", a, b, `batch sizes ${a.shape[0]} and ${b.shape[0]} differ`);
  }
  return product("bmm", a, b);
}

/** Dot product of two vectors of one length (both 1-D); a 0-d tensor. */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkFloatOperands("dot", a, b);
  checkRanks("dot", a, b, 1);
  return product("dot", a, b);
}

/** Outer product `a[i] * b[j]` of two vectors (both 1-D), by broadcasting. */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor("outer", a);
  checkTensor("outer", b);
  checkRanks("outer", a, b, 1);
  return asPublicOp("outer", () => a.reshape([-1, 1]).mul(b));
}

/** Options of {@linkcode linear}. */
export interface LinearFunctionOptions {
  /**
   * An activation applied to the result in the same op: `"relu"` gives
   * `relu(linear(x, weight, bias))`, the same values and gradients with one
   * intermediate tensor less (`Sequential` uses it for a `Linear` followed by
   * a `ReLU`).
   * @default undefined (none)
   */
  activation?: "relu";
}

/**
 * A linear layer's map, `x @ weightᵀ + bias`, as `torch.nn.functional.linear`:
 * `x` of shape `[..., inFeatures]` (or `[inFeatures]`), `weight` of shape
 * `[outFeatures, inFeatures]`, `bias` of shape `[outFeatures]` or omitted.
 * One fused op: the same values and gradients as `x.matmul(weight.T).add(bias)`,
 * with one intermediate tensor less; with `{ activation: "relu" }`, as
 * `x.matmul(weight.T).add(bias).relu()` with two less.
 * @param x The input, `[..., inFeatures]`.
 * @param weight The weight, `[outFeatures, inFeatures]`.
 * @param bias The bias, `[outFeatures]`; omitted or null for none.
 * @param options `activation`: `"relu"` to rectify the result in the same op.
 * @returns A tensor of shape `[..., outFeatures]`.
 * @example A layer by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { linear, tensor } from "@nabla/autograd";
 * const w = tensor([[1, 0, -1], [2, 1, 0]], { requiresGrad: true }); // 3 -> 2 features
 * const b = tensor([0.5, -1], { requiresGrad: true });
 * const y = linear(tensor([[1, 2, 3]]), w, b);
 * assert.deepEqual(y.toArray(), [[-1.5, 3]]);
 * y.sum().backward();
 * assert.deepEqual(w.grad?.toArray(), [[1, 2, 3], [1, 2, 3]]);
 * assert.deepEqual(b.grad?.toArray(), [1, 1]);
 * assert.throws(() => linear(tensor([[1, 2]]), w), {
 *   name: "ShapeError",
 *   message: /Cannot apply \[2, 3\] to \[1, 2\] in linear\(\)/,
 * });
 * // Fused with relu:
 * assert.deepEqual(linear(tensor([[1, 2, 3]]), w, b, { activation: "relu" }).toArray(), [[0, 3]]);
 * ```
 */
export function linear(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  options: LinearFunctionOptions = {},
): Tensor {
  const op = "linear";
  checkOptions(op, options, ["activation"]);
  const activation = options.activation;
  if (activation !== undefined && activation !== "relu") {
    throw new RangeError(
      `Cannot apply an activation in linear(): expected "relu" or none, got ${
        JSON.stringify(activation)
      }`,
    );
  }
  checkFloatOperands(op, x, weight);
  if (bias !== null) checkFloatOperands(op, x, bias);
  if (weight.ndim !== 2) {
    linearError(
      x,
      weight,
      bias,
      `the weight must be 2-D [outFeatures, inFeatures], it is ${weight.ndim}-D`,
    );
  }
  const n = weight.shape[0];
  const k = weight.shape[1];
  if (x.ndim === 0) linearError(x, weight, bias, "the input must be at least 1-D");
  if (x.shape[x.ndim - 1] !== k) {
    linearError(
      x,
      weight,
      bias,
      `the input has ${x.shape[x.ndim - 1]} features, the weight expects ${k}`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== n)) {
    linearError(x, weight, bias, `the bias has shape ${fmt(bias.shape)}, expected [${n}]`);
  }
  const fn = activation === "relu" ? LinearRelu : Linear;
  if (x.ndim === 2) return fn.apply(x, weight, bias);
  const lead = [...x.shape].slice(0, -1); // spread: slice() is slow on frozen arrays
  return fn.apply(x.reshape([numel(lead), k]), weight, bias).reshape([...lead, n]);
}

function linearError(x: Tensor, weight: Tensor, bias: Tensor | null, why: string): never {
  const shapes = bias === null ? [weight.shape, x.shape] : [weight.shape, x.shape, bias.shape];
  throw new ShapeError(
    `Cannot apply ${fmt(weight.shape)} to ${fmt(x.shape)} in linear(): ${why}`,
    { op: "linear", shapes },
  );
}
