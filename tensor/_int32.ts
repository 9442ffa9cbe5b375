/**
 * The integer policy of the library: int32 never wraps around. Every int32
 * result is computed exactly (in float64, which holds every int32 sum and
 * product that fits) and checked; a value int32 cannot hold (outside
 * `[-2147483648, 2147483647]`, NaN or infinite) is a `RangeError` naming the
 * op, the value and the range. Private to `tensor/`; `prod`, `cumsum` and any
 * new integer op use the same helpers and wording.
 *
 * PyTorch differs in two places: its sums of int32 give int64 (nabla has no
 * int64, so they are checked instead), and its elementwise int32 arithmetic
 * wraps silently (nabla throws). Like PyTorch, it refuses out-of-range values
 * when creating a tensor and negative integer exponents.
 */
import { allocate, type TypedArray } from "./dtype.ts";

/** The smallest int32. */
export const INT32_MIN = -2147483648;
/** The largest int32. */
export const INT32_MAX = 2147483647;

/** Whether int32 holds `v` once truncated toward zero (false for NaN and infinities). */
export function fitsInt32(v: number): boolean {
  return v > INT32_MIN - 1 && v < INT32_MAX + 1;
}

/**
 * The error for a value int32 cannot hold:
 * `Cannot <action> in <op>(): <what> is <value>, which does not fit in int32 ...`.
 */
export function int32Error(op: string, action: string, what: string, value: number): RangeError {
  return new RangeError(
    `Cannot ${action} in ${op}(): ${what} is ${value}, which does not fit in int32 (integers in ` +
      `[${INT32_MIN}, ${INT32_MAX}]); int32 never wraps around, so convert to float64 ` +
      "with double() first",
  );
}

/** Throws {@linkcode int32Error} unless int32 holds `value`. */
export function checkInt32(op: string, action: string, what: string, value: number): void {
  if (!fitsInt32(value)) throw int32Error(op, action, what, value);
}

/**
 * Exact results (float64, or any array of numbers) as a new Int32Array,
 * truncated toward zero; throws {@linkcode int32Error} for the first value
 * out of range, described as `what` (`""`: as `element <i>`).
 */
export function toInt32(
  op: string,
  action: string,
  values: ArrayLike<number>,
  what = "the result",
): Int32Array {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v > INT32_MIN - 1 && v < INT32_MAX + 1)) {
      throw int32Error(op, action, what === "" ? `element ${i}` : what, v);
    }
  }
  const out = allocate("int32", n) as Int32Array;
  out.set(values as TypedArray | number[]);
  return out;
}
