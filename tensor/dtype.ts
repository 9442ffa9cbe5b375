/**
 * Element types and the one function that creates storage for them.
 */
import { take } from "./_pool.ts";

/**
 * The element type of a tensor. `bool` is stored as one byte per element
 * (0 or 1) in a `Uint8Array`.
 */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The typed arrays that hold tensor elements, one per {@linkcode DType}. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

// Promotion order: a later type can hold every value of an earlier one.
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Allocates zero-filled storage for `size` elements of a dtype. It is the only
 * place in the library where tensor storage is created: arrays of 64 bytes or
 * more come from a pool of buffers that the library hands back when it can
 * prove them unused (gradients inside `backward()`, a replaced `.grad`), so
 * the array may be a view on a larger `ArrayBuffer`. No code may assume the
 * array spans its whole `ArrayBuffer` (use `byteOffset` and `length`).
 * @param dtype The element type.
 * @param size The number of elements.
 * @returns A zero-filled typed array of that dtype.
 * @example Float storage
 * ```ts
 * import assert from "node:assert/strict";
 * import { allocate } from "@nabla/autograd";
 * const data = allocate("float64", 3);
 * assert.ok(data instanceof Float64Array);
 * assert.equal(data.length, 3);
 * ```
 */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return take(Float32Array, size);
    case "float64":
      return take(Float64Array, size);
    case "int32":
      return take(Int32Array, size);
    case "bool":
      return take(Uint8Array, size);
    default:
      throw new TypeError(`Cannot allocate storage: unknown dtype ${String(dtype)}`);
  }
}

/**
 * Like {@linkcode allocate}, but the elements are unspecified (a recycled
 * buffer is not cleared): for kernels that write every element of their output.
 * @param dtype The element type.
 * @param size The number of elements.
 * @returns A typed array of that dtype and length.
 */
export function empty(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return take(Float32Array, size, false);
    case "float64":
      return take(Float64Array, size, false);
    case "int32":
      return take(Int32Array, size, false);
    case "bool":
      return take(Uint8Array, size, false);
    default:
      throw new TypeError(`Cannot allocate storage: unknown dtype ${String(dtype)}`);
  }
}

/**
 * The smallest dtype that can hold the values of both, in the order
 * `bool < int32 < float32 < float64`.
 * @param a A dtype.
 * @param b Another dtype.
 * @returns The promoted dtype.
 * @example Promotion
 * ```ts
 * import assert from "node:assert/strict";
 * import { promoteTypes } from "@nabla/autograd";
 * assert.equal(promoteTypes("int32", "float32"), "float32");
 * assert.equal(promoteTypes("bool", "int32"), "int32");
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Whether a dtype holds real numbers (`float32` or `float64`); only such
 * tensors can require gradients.
 * @param dtype A dtype.
 * @returns `true` for `float32` and `float64`.
 * @example Floating point dtypes
 * ```ts
 * import assert from "node:assert/strict";
 * import { isFloatingPoint } from "@nabla/autograd";
 * assert.equal(isFloatingPoint("float32"), true);
 * assert.equal(isFloatingPoint("int32"), false);
 * ```
 */
export function isFloatingPoint(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/**
 * Whether a value names a dtype, for validating options at public entries.
 * @param value Anything.
 * @returns `true` for `"float32"`, `"float64"`, `"int32"` and `"bool"`.
 * @example Checking user input
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDType } from "@nabla/autograd";
 * assert.equal(isDType("float64"), true);
 * assert.equal(isDType("int64"), false);
 * ```
 */
export function isDType(value: unknown): value is DType {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}
