/**
 * Ops that reorder, replicate or cut the elements of a tensor. `Flip` is the
 * primitive (a copy through negative strides; it is its own backward). The
 * rest is composed from views and copies: `roll` is a `cat` of two `narrow`s
 * per dimension, `repeat` an `expand` then `reshape`, and `split`/`chunk`
 * return `narrow` views, as PyTorch does.
 */
import { AutogradFunction, trustBackward } from "../autograd.ts";
import { ShapeError } from "../errors.ts";
import { fmt, normalizeDim, normalizeDims } from "../_shape.ts";
import * as kernels from "../kernels/indexing.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";
import { cat, clone, Slice } from "./movement.ts";

/** The order of the elements reversed along some dimensions (a copy). */
export class Flip extends AutogradFunction {
  #dims: readonly number[] = [];
  /** Copies `x` reversed along `dims` (non-negative, distinct). */
  override forward(x: Tensor, dims: readonly number[]): Tensor {
    this.#dims = dims;
    return fromData(kernels.flip(viewOf(x), dims, x.dtype), x.shape);
  }
  /** Reversing is its own inverse: the gradient is flipped back. */
  override backward(g: Tensor): [Tensor] {
    return [Flip.apply(g, this.#dims)];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Flip);

// ---------------------------------------------------------------- public functions

function dimList(op: string, dims: number | readonly number[], ndim: number): number[] {
  if (typeof dims !== "number" && !Array.isArray(dims)) {
    throw new TypeError(
      `Cannot use ${String(dims)} as dimensions in ${op}(): expected a number or an array`,
    );
  }
  return normalizeDims(op, dims, ndim);
}

/**
 * PyTorch's `torch.flip`: a copy with the elements in reverse order along
 * each of `dims`.
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  return Flip.apply(x, dimList("flip", dims, x.ndim));
}

/**
 * PyTorch's `torch.roll`: elements shifted by `shifts` along `dims`, those
 * pushed past the end coming back at the start; without `dims`, the
 * flattened tensor is rolled and reshaped back. Always a copy.
 */
export function roll(
  x: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[],
): Tensor {
  const list = (v: number | readonly number[]): readonly number[] =>
    typeof v === "number" ? [v] : v;
  const s = list(shifts);
  if (!Array.isArray(s) || s.some((v) => !Number.isInteger(v))) {
    throw new RangeError(
      `Cannot roll in roll(): shifts must be an integer or a list of integers, got ${
        String(shifts)
      }`,
    );
  }
  if (dims === undefined) {
    if (s.length !== 1) {
      throw new RangeError(
        `Cannot roll in roll(): without dims, expected one shift for the flattened tensor, ` +
          `got ${fmt(s)}`,
      );
    }
    return roll(x.reshape([x.numel]), s, 0).reshape(x.shape);
  }
  const d = list(dims);
  if (!Array.isArray(d) || d.length !== s.length) {
    throw new RangeError(
      `Cannot roll in roll(): shifts ${fmt(s)} and dims ${
        Array.isArray(d) ? fmt(d) : String(d)
      } must have one entry each`,
    );
  }
  // As in PyTorch, a 0-d tensor takes dimension 0 or -1.
  const norm = d.map((v) => normalizeDim("roll", v, Math.max(x.ndim, 1)));
  if (x.ndim === 0) return clone(x);
  let y = x;
  norm.forEach((dim, i) => {
    const n = y.shape[dim];
    const k = n === 0 ? 0 : ((s[i] % n) + n) % n;
    // The last k elements come first: [x[n-k:], x[:n-k]].
    if (k !== 0) y = cat([Slice.apply(y, dim, n - k, k, 1), Slice.apply(y, dim, 0, n - k, 1)], dim);
  });
  return y === x ? clone(x) : y;
}

/**
 * PyTorch's `x.repeat(*sizes)`: the tensor tiled `sizes[d]` times along each
 * dimension; extra leading sizes add dimensions. An `expand` of a reshaped
 * view, then a copying `reshape`, so gradients of the copies add up.
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(
      `Cannot repeat in repeat(): sizes must be non-negative integers, got ${
        Array.isArray(sizes) ? fmt(sizes) : String(sizes)
      }`,
    );
  }
  if (sizes.length < x.ndim) {
    throw new ShapeError(
      `Cannot repeat a tensor of shape ${fmt(x.shape)} by ${fmt(sizes)} in repeat(): expected ` +
        `at least ${x.ndim} sizes, one per dimension`,
      { op: "repeat", shapes: [x.shape] },
    );
  }
  const shape = [...sizes.slice(0, sizes.length - x.ndim).map(() => 1), ...x.shape];
  // [s0, s1, ...] viewed as [1, s0, 1, s1, ...], expanded to [r0, s0, r1, s1, ...].
  const split = shape.flatMap((s) => [1, s]);
  const tiled = shape.flatMap((s, d) => [sizes[d], s]);
  const out = x.reshape(split).expand(tiled).reshape(shape.map((s, d) => s * sizes[d]));
  return out.storage === x.storage ? clone(out) : out; // always a copy, as in PyTorch
}

/**
 * PyTorch's `torch.split`: views of consecutive pieces along `dim`, each of
 * `sizeOrSections` entries (the last may be smaller), or of the listed sizes
 * (which must add up to the size of `dim`).
 */
export function split(
  x: Tensor,
  sizeOrSections: number | readonly number[],
  dim = 0,
): Tensor[] {
  const d = normalizeDim("split", dim, x.ndim);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSections === "number") {
    const size = sizeOrSections;
    if (!Number.isInteger(size) || size < 0 || (size === 0 && n !== 0)) {
      throw new RangeError(
        `Cannot split dimension ${d} of size ${n} in split(): the piece size must be a ` +
          `positive integer, got ${size}`,
      );
    }
    const count = n === 0 ? 1 : Math.ceil(n / size);
    sizes = Array.from({ length: count }, (_, i) => Math.min(size, n - i * size));
  } else if (Array.isArray(sizeOrSections)) {
    sizes = [...sizeOrSections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new RangeError(
        `Cannot split dimension ${d} of size ${n} in split(): the sizes ${fmt(sizes)} must be ` +
          "non-negative integers",
      );
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) {
      throw new RangeError(
        `Cannot split dimension ${d} of size ${n} in split(): the sizes ${fmt(sizes)} add up ` +
          `to ${total}, expected ${n}`,
      );
    }
  } else {
    throw new TypeError(
      `Cannot split in split(): expected a piece size or a list of sizes, got ${
        String(sizeOrSections)
      }`,
    );
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = Slice.apply(x, d, start, s, 1);
    start += s;
    return piece;
  });
}

/**
 * PyTorch's `torch.chunk`: `chunks` views along `dim` of `ceil(size / chunks)`
 * entries each (so there may be fewer than `chunks`, the last smaller).
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new RangeError(
      `Cannot chunk in chunk(): chunks must be a positive integer, got ${chunks}`,
    );
  }
  const d = normalizeDim("chunk", dim, x.ndim);
  const n = x.shape[d];
  const size = Math.ceil(n / chunks);
  // NOTE: as in PyTorch, an empty dimension gives `chunks` empty pieces.
  if (n === 0) return split(x, Array.from({ length: chunks }, () => 0), d);
  return split(x, size, d);
}
