/**
 * Cumulative ops along one dimension. `Cumsum` and `Cumprod` are the
 * primitives (one scan kernel, accumulating in float64); `prod` is composed:
 * the last entry of a cumulative product, so that its gradient, like
 * `Cumprod`'s, is right where inputs are 0 (PyTorch's rule, not `g·y/x`).
 *
 * Integers: int32 and bool inputs scan in float64, and a result outside int32
 * is a RangeError naming the op. PyTorch widens them to int64 instead;
 * nabla has no int64, and this never wraps around silently.
 */
import { AutogradFunction, isGradEnabled, trustBackward } from "../autograd.ts";
import { isFloatingPoint } from "../dtype.ts";
import { normalizeDim } from "../_shape.ts";
import { firstOutside } from "../kernels/indexing.ts";
import { scan, type ScanOp } from "../kernels/scan.ts";
import { checkOptions } from "../options.ts";
import { fromData, type ReduceOptions, type Tensor, viewOf } from "../tensor.ts";
import { where } from "./elementwise.ts";
import { ones } from "../factory.ts";
import { Flip } from "./rearrange.ts";

/** Cumulative sum along a dimension (float tensors; integers go through `integerScan`). */
export class Cumsum extends AutogradFunction {
  #dim = 0;
  /** Sums each line from its start. */
  override forward(x: Tensor, dim: number): Tensor {
    this.#dim = dim;
    return fromData(scan("sum", viewOf(x), dim, x.dtype), x.shape);
  }
  /** d(Σ_{j≤i} x_j)/dx_j = 1 for every i ≥ j: the gradient summed from the end. */
  override backward(g: Tensor): [Tensor] {
    return [reverseCumsum(g, this.#dim)];
  }
}

/** Cumulative product along a dimension (float tensors). */
export class Cumprod extends AutogradFunction {
  #dim = 0;
  /** Multiplies each line from its start and saves the input and the output. */
  override forward(x: Tensor, dim: number): Tensor {
    this.#dim = dim;
    const y = fromData(scan("prod", viewOf(x), dim, x.dtype), x.shape);
    this.saveForBackward(x, y);
    return y;
  }
  /** dx_i = Σ_{k≥i} g_k · Π_{j≤k, j≠i} x_j, computed without dividing by a zero. */
  override backward(g: Tensor): [Tensor] {
    const [x, y] = this.savedTensors;
    return [cumprodGrad(x, y, g, this.#dim)];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Cumsum, Cumprod);

function reverseCumsum(g: Tensor, d: number): Tensor {
  return Flip.apply(Cumsum.apply(Flip.apply(g, [d]), d), [d]);
}

/**
 * The gradient of `y = cumprod(x)` along `d`. Without zeros it is
 * `Σ_{k≥i} g_k y_k / x_i`. Before the first zero `z` of a line that formula
 * still holds (terms from `z` on vanish); at `z` it is `Σ_{k≥z} g_k y'_k`
 * with `y' = cumprod(x with x_z = 1)`; after `z` every product holds `x_z`,
 * so it is `x_z` times the gradient for `x'`: 0, but with a derivative in
 * `x_z`, which is why it is built (recursively, one zero fewer) only when
 * the backward pass is itself recorded.
 */
function cumprodGrad(x: Tensor, y: Tensor, g: Tensor, d: number): Tensor {
  const zero = x.eq(0);
  if (zero.sum().item() === 0) return reverseCumsum(g.mul(y), d).div(x);
  const count = cumsum(zero, d); // zeros so far, int32
  const before = count.eq(0);
  const first = zero.mul(count.eq(1));
  const fromStart = reverseCumsum(g.mul(y), d).div(where(before, x, 1));
  const x1 = where(first, 1, x);
  const y1 = Cumprod.apply(x1, d);
  const atZero = reverseCumsum(g.mul(y1), d);
  let after: Tensor | number = 0;
  if (isGradEnabled()) {
    const xz = where(first, x, 0).sum(d, { keepdim: true });
    after = xz.mul(cumprodGrad(x1, y1, g, d));
  }
  return where(before, fromStart, where(first, atZero, after));
}

// ---------------------------------------------------------------- public functions

const INT32 = [-2147483648, 2147483647] as const;

/** An int32 tensor from float64 results, or a RangeError naming `op` if one overflows. */
function toInt32(op: string, action: string, acc: Tensor): Tensor {
  const bad = firstOutside(viewOf(acc), INT32[0], INT32[1]);
  if (bad !== null) {
    throw new RangeError(
      `Cannot ${action} in ${op}(): the int32 result ${bad.value} overflows ` +
        `[${INT32[0]}, ${INT32[1]}]`,
    );
  }
  return acc.to("int32");
}

// A scan of an int32 or bool tensor (no gradient), checked for overflow.
function integerScan(op: "cumsum" | "cumprod", kind: ScanOp, x: Tensor, d: number): Tensor {
  const acc = fromData(scan(kind, viewOf(x), d, "float64"), x.shape);
  return toInt32(op, kind === "sum" ? "sum" : "multiply", acc);
}

function scanDim(op: string, x: Tensor, dim: number): number {
  if (typeof dim !== "number") {
    throw new TypeError(`Cannot scan in ${op}(): dim must be a number, got ${typeof dim}`);
  }
  // As in PyTorch, a 0-d tensor takes dimension 0 or -1 (it is scanned as a vector of one).
  return normalizeDim(op, dim, Math.max(x.ndim, 1));
}

/** PyTorch's `torch.cumsum`: running sums along `dim`; bool and int32 give int32. */
export function cumsum(x: Tensor, dim: number): Tensor {
  const d = scanDim("cumsum", x, dim);
  if (x.ndim === 0) return cumsum(x.reshape([1]), 0).reshape([]);
  return isFloatingPoint(x.dtype) ? Cumsum.apply(x, d) : integerScan("cumsum", "sum", x, d);
}

/** PyTorch's `torch.cumprod`: running products along `dim`; bool and int32 give int32. */
export function cumprod(x: Tensor, dim: number): Tensor {
  const d = scanDim("cumprod", x, dim);
  if (x.ndim === 0) return cumprod(x.reshape([1]), 0).reshape([]);
  return isFloatingPoint(x.dtype) ? Cumprod.apply(x, d) : integerScan("cumprod", "prod", x, d);
}

/**
 * PyTorch's `torch.prod`: the product over `dim` (one dimension), or of all
 * elements. The last entry of `cumprod`, so its gradient is right at zeros;
 * bool and int32 give int32 (a RangeError if the product leaves int32).
 */
export function prod(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  checkOptions("prod", options, ["keepdim"]);
  const keepdim = options.keepdim ?? false;
  if (dim === undefined) {
    const all = prod(x.reshape([x.numel]), 0);
    return keepdim ? all.reshape(x.shape.map(() => 1)) : all;
  }
  if (typeof dim !== "number") {
    throw new TypeError(
      `Cannot multiply in prod(): dim must be one dimension (a number) or undefined, got ${
        String(dim)
      }`,
    );
  }
  const d = normalizeDim("prod", dim, Math.max(x.ndim, 1));
  if (x.ndim === 0) return prod(x.reshape([1]), 0);
  const n = x.shape[d];
  const kept = x.shape.map((s, j) => (j === d ? 1 : s));
  let out: Tensor;
  if (!isFloatingPoint(x.dtype)) {
    out = n === 0 ? ones(kept, { dtype: "int32" }) : toInt32(
      "prod",
      "multiply",
      fromData(scan("prod", viewOf(x), d, "float64"), x.shape).narrow(d, n - 1, 1),
    );
  } else if (n === 0) {
    out = x.sum(d, { keepdim: true }).mul(0).add(1); // the empty product, still in the graph
  } else {
    out = Cumprod.apply(x, d).narrow(d, n - 1, 1);
  }
  return keepdim ? out : out.squeeze(d);
}
