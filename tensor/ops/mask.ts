/**
 * Masking ops, all composed from `where`: `maskedFill` writes a value where a
 * bool mask holds; `tril` and `triu` keep a triangle of the last two
 * dimensions (the mask compares row and column positions). Their gradient is
 * the incoming one where the input was kept and 0 elsewhere.
 */
import { isTensor } from "../autograd.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { broadcastShapes, fmt } from "../_shape.ts";
import { arange } from "../factory.ts";
import { scalar, type Tensor } from "../tensor.ts";
import { where } from "./elementwise.ts";
import { an, fillValue } from "./indexing.ts";

/**
 * PyTorch's out-of-place `x.masked_fill(mask, value)`: `value` where the bool
 * `mask` holds, `x` elsewhere, broadcasting the two (the result keeps the
 * dtype of `x`). `value` is a number or a 0-d tensor; a tensor value that
 * requires grad gets the sum of the gradient at the filled positions.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: Tensor | number): Tensor {
  if (!isTensor(mask) || mask.dtype !== "bool") {
    const got = isTensor(mask) ? `${an(mask.dtype)} tensor` : typeof mask;
    throw new DTypeError(
      `Cannot fill in maskedFill(): the mask must be a bool tensor, got ${got}; compare ` +
        'first (e.g. x.eq(0)) or convert with to("bool")',
      { op: "maskedFill", dtypes: [isTensor(mask) ? mask.dtype : typeof mask] },
    );
  }
  let fill: Tensor;
  if (isTensor(value)) {
    if (value.ndim !== 0) {
      throw new ShapeError(
        `Cannot fill with a value of shape ${fmt(value.shape)} in maskedFill(): expected a ` +
          "number or a 0-d tensor",
        { op: "maskedFill", shapes: [x.shape, mask.shape, value.shape] },
      );
    }
    fill = value.to(x.dtype);
  } else {
    fill = scalar(fillValue("maskedFill", value, x.dtype), x.dtype);
  }
  broadcastShapes("maskedFill", x.shape, mask.shape); // names maskedFill in the error
  return where(mask, fill, x);
}

// The bool mask of the kept triangle of an [m, n] matrix: col - row <= k (tril) or >= k.
function triangle(op: "tril" | "triu", x: Tensor, k: number): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `Cannot take a triangle of a tensor of shape ${fmt(x.shape)} in ${op}(): expected a ` +
        "matrix or a batch of matrices (at least 2 dimensions)",
      { op, shapes: [x.shape] },
    );
  }
  if (!Number.isInteger(k)) {
    throw new RangeError(
      `Cannot take a triangle in ${op}(): diagonal must be an integer, got ${k}`,
    );
  }
  const [m, n] = x.shape.slice(-2);
  const offset = arange(n, undefined, 1, { dtype: "int32" })
    .sub(arange(m, undefined, 1, { dtype: "int32" }).unsqueeze(1));
  const keep = op === "tril" ? offset.le(k) : offset.ge(k);
  return where(keep, x, scalar(0, x.dtype));
}

/**
 * The lower triangle of the last two dimensions (PyTorch's `tril`): entries
 * on and below diagonal `k` (0 the main one, positive above, negative below),
 * zeros elsewhere.
 */
export function tril(x: Tensor, k = 0): Tensor {
  return triangle("tril", x, k);
}

/**
 * The upper triangle of the last two dimensions (PyTorch's `triu`): entries
 * on and above diagonal `k`, zeros elsewhere.
 */
export function triu(x: Tensor, k = 0): Tensor {
  return triangle("triu", x, k);
}
