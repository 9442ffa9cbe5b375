/**
 * Functions that create tensors: from data (`tensor`), filled (`zeros`,
 * `ones`, `full`, `eye`), ranges (`arange`, `linspace`) and `*Like` copies
 * of another tensor's shape.
 */
import { allocate, type DType, isDType, type TypedArray } from "./dtype.ts";
import { DTypeError, ShapeError } from "./errors.ts";
import { checkShape, fmt, numel } from "./_shape.ts";
import { checkInt32, toInt32 } from "./_int32.ts";
import { asPublicOp } from "./_op_names.ts";
import { isTensor } from "./autograd.ts";
import { fromData, type NestedArray, type Tensor } from "./tensor.ts";
import { checkOptions } from "./options.ts";

/** Options for creating a tensor. */
export interface TensorOptions {
  /**
   * The element type. By default: float32 for numbers, bool for booleans,
   * the array's own type for a typed array.
   * @default "float32"
   */
  dtype?: DType;
  /**
   * Whether gradients should flow to the new tensor (float dtypes only).
   * @default false
   */
  requiresGrad?: boolean;
}

/** Typed arrays accepted by {@linkcode tensor}. */
export type TensorData =
  | TypedArray
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray;

function checkDtype(op: string, dtype: unknown): DType | undefined {
  if (dtype === undefined || isDType(dtype)) return dtype;
  throw new DTypeError(
    `Cannot create a tensor in ${op}(): unknown dtype ${String(dtype)}, ` +
      "expected float32, float64, int32 or bool",
    { op, dtypes: [String(dtype)] },
  );
}

// Integer arrays whose every value int32 holds.
function holdsInt32(values: ArrayLike<number>): boolean {
  return values instanceof Int32Array || values instanceof Int16Array ||
    values instanceof Int8Array || values instanceof Uint8Array ||
    values instanceof Uint16Array || values instanceof Uint8ClampedArray;
}

// Writes numbers into fresh storage of `dtype` (non-zero is true for bool; int32
// truncates toward zero and refuses what it cannot hold, as PyTorch does).
function store(op: string, dtype: DType, values: ArrayLike<number>): TypedArray {
  if (dtype === "int32" && !holdsInt32(values)) return toInt32(op, "create a tensor", values, "");
  const out = allocate(dtype, values.length);
  if (dtype === "bool") {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else {
    out.set(values);
  }
  return out;
}

function finish(data: TypedArray, shape: readonly number[], options: TensorOptions): Tensor {
  const t = fromData(data, shape);
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function checkLike(op: string, other: unknown): void {
  if (!isTensor(other)) {
    const got = other === null ? "null" : typeof other;
    throw new TypeError(
      `Cannot create a tensor in ${op}(): expected a Tensor to copy the shape of, got ${got}`,
    );
  }
}

function typedArrayDtype(data: TensorData): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array || data instanceof Uint32Array) return "float64";
  return "int32"; // Int32Array and the smaller integer arrays (bytes are integers, not booleans)
}

/**
 * Creates a tensor from nested arrays, a typed array (1-d) or a single value
 * (0-d). The data are always copied.
 * @param data Numbers or booleans, nested as deep as the tensor has dimensions.
 * @param options `dtype` (default: float32 for numbers, bool if all values
 *   are booleans, the typed array's own dtype) and `requiresGrad`.
 * @returns A new tensor.
 * @example From nested arrays
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(x.shape, [2, 3]);
 * assert.equal(x.dtype, "float32");
 * assert.equal(tensor([true, false]).dtype, "bool");
 * assert.equal(tensor(new Float64Array([1, 2])).dtype, "float64");
 * ```
 * @example Ragged arrays are rejected
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * assert.throws(() => tensor([[1, 2], [3]]), { name: "ShapeError", message: /data\[1\]/ });
 * ```
 */
export function tensor(data: NestedArray | TensorData, options: TensorOptions = {}): Tensor {
  checkOptions("tensor", options, ["dtype", "requiresGrad"]);
  const dtype = checkDtype("tensor", options.dtype);
  if (ArrayBuffer.isView(data)) {
    if (
      data instanceof DataView || data instanceof BigInt64Array || data instanceof BigUint64Array
    ) {
      throw new TypeError(
        "Cannot create a tensor in tensor(): DataView and BigInt arrays are not supported",
      );
    }
    const d = data as TensorData;
    return finish(store("tensor", dtype ?? typedArrayDtype(d), d), [d.length], options);
  }
  const shape: number[] = [];
  for (let x: unknown = data; Array.isArray(x); x = x[0]) shape.push(x.length);
  const values: number[] = [];
  let allBool = true;
  // Depth-first walk with an explicit index path, so that errors can name data[i][j].
  const path: number[] = [];
  const where = () => `data${path.map((i) => `[${i}]`).join("")}`;
  const walk = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x === "number") allBool = false;
      else if (typeof x !== "boolean") {
        const what = Array.isArray(x) ? "an array" : x === null ? "null" : `a ${typeof x}`;
        const msg = `Cannot create a tensor in tensor(): ${where()} is ${what}, ` +
          `expected a number or a boolean`;
        throw Array.isArray(x)
          ? new ShapeError(msg, { op: "tensor", shapes: [shape] })
          : new TypeError(msg);
      }
      values.push(Number(x));
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      const got = Array.isArray(x) ? `has length ${x.length}` : `is ${typeof x}`;
      throw new ShapeError(
        `Cannot create a tensor in tensor(): ${where()} ${got}, expected an array of length ` +
          `${shape[d]} (nested arrays must be rectangular, shape ${fmt(shape)})`,
        { op: "tensor", shapes: [shape] },
      );
    }
    for (let i = 0; i < x.length; i++) {
      path.push(i);
      walk(x[i], d + 1);
      path.pop();
    }
  };
  walk(data, 0);
  const inferred: DType = allBool && values.length > 0 ? "bool" : "float32";
  return finish(store("tensor", dtype ?? inferred, values), shape, options);
}

function filled(
  op: string,
  shape: readonly number[],
  value: number,
  dtype: DType,
  options: TensorOptions,
): Tensor {
  const s = checkShape(op, shape);
  if (dtype === "int32") checkInt32(op, "fill", "the value", value);
  const data = asPublicOp(op, () => allocate(dtype, numel(s)));
  if (value !== 0) data.fill(dtype === "bool" ? (value !== 0 ? 1 : 0) : value);
  return finish(data, s, options);
}

/**
 * A tensor of zeros.
 * @param shape The shape.
 * @param options `dtype` (default float32) and `requiresGrad`.
 * @returns The new tensor.
 * @example Zeros
 * ```ts
 * import assert from "node:assert/strict";
 * import { zeros } from "@nabla/autograd";
 * assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
 * ```
 */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkOptions("zeros", options, ["dtype", "requiresGrad"]);
  return filled("zeros", shape, 0, checkDtype("zeros", options.dtype) ?? "float32", options);
}

/**
 * A tensor of ones.
 * @param shape The shape.
 * @param options `dtype` (default float32) and `requiresGrad`.
 * @returns The new tensor.
 * @example Ones
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones } from "@nabla/autograd";
 * assert.deepEqual(ones([3], { dtype: "int32" }).toArray(), [1, 1, 1]);
 * ```
 */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkOptions("ones", options, ["dtype", "requiresGrad"]);
  return filled("ones", shape, 1, checkDtype("ones", options.dtype) ?? "float32", options);
}

/**
 * A tensor filled with one value.
 * @param shape The shape.
 * @param value The value (a boolean makes a bool tensor by default).
 * @param options `dtype` (default float32, or bool) and `requiresGrad`.
 * @returns The new tensor.
 * @example Filled tensors
 * ```ts
 * import assert from "node:assert/strict";
 * import { full } from "@nabla/autograd";
 * assert.deepEqual(full([2], 7).toArray(), [7, 7]);
 * assert.deepEqual(full([2], true).toArray(), [true, true]);
 * ```
 */
export function full(
  shape: readonly number[],
  value: number | boolean,
  options: TensorOptions = {},
): Tensor {
  checkOptions("full", options, ["dtype", "requiresGrad"]);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `Cannot fill in full(): value must be a number or a boolean, got ${typeof value}`,
    );
  }
  const dtype = checkDtype("full", options.dtype) ??
    (typeof value === "boolean" ? "bool" : "float32");
  return filled("full", shape, Number(value), dtype, options);
}

/**
 * Evenly spaced values `start, start + step, ...` up to `end` (excluded);
 * `arange(n)` counts from 0 to n - 1.
 * @param start First value (or the end, if `end` is omitted).
 * @param end End of the range, excluded.
 * @param step Spacing (non-zero; its sign must lead from start to end).
 * @param options `dtype` (default float32) and `requiresGrad`.
 * @returns A 1-d tensor of `ceil((end - start) / step)` elements.
 * @example Ranges
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange } from "@nabla/autograd";
 * assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
 * assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
 * assert.deepEqual(arange(3, 0, -1, { dtype: "int32" }).toArray(), [3, 2, 1]);
 * ```
 */
export function arange(
  start: number,
  end?: number,
  step = 1,
  options: TensorOptions = {},
): Tensor {
  checkOptions("arange", options, ["dtype", "requiresGrad"]);
  if (end === undefined) [start, end] = [0, start];
  const dtype = checkDtype("arange", options.dtype) ?? "float32";
  if (![start, end, step].every(Number.isFinite) || step === 0) {
    throw new RangeError(
      `Cannot create a range in arange(): need finite start and end and a non-zero step, ` +
        `got start ${start}, end ${end}, step ${step}`,
    );
  }
  if ((end - start) / step < 0) {
    throw new RangeError(
      `Cannot create a range in arange(): step ${step} does not lead from ${start} to ${end}`,
    );
  }
  const n = Math.ceil((end - start) / step);
  const values = asPublicOp("arange", () => allocate("float64", n));
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(store("arange", dtype, values), [n], options);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included
 * (computed as PyTorch does, so float32 results match it bit for bit).
 * @param start First value.
 * @param end Last value.
 * @param steps Number of values (a non-negative integer).
 * @param options `dtype` (default float32) and `requiresGrad`.
 * @returns A 1-d tensor of `steps` elements.
 * @example Grid
 * ```ts
 * import assert from "node:assert/strict";
 * import { linspace } from "@nabla/autograd";
 * assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: TensorOptions = {},
): Tensor {
  checkOptions("linspace", options, ["dtype", "requiresGrad"]);
  const dtype = checkDtype("linspace", options.dtype) ?? "float32";
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `Cannot create a grid in linspace(): steps must be a non-negative integer, got ${steps}`,
    );
  }
  // NOTE: PyTorch steps from both ends toward the middle, in the output's precision.
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  start = round(start);
  end = round(end);
  const step = round(round(end - start) / Math.max(steps - 1, 1));
  const half = steps === 1 ? 1 : Math.floor(steps / 2); // one step gives [start]
  const values = asPublicOp("linspace", () => allocate("float64", steps));
  for (let i = 0; i < steps; i++) {
    values[i] = i < half
      ? round(start + round(step * i))
      : round(end - round(step * (steps - i - 1)));
  }
  return finish(store("linspace", dtype, values), [steps], options);
}

/**
 * An identity matrix: ones on the diagonal, zeros elsewhere.
 * @param n Number of rows.
 * @param m Number of columns (default `n`).
 * @param options `dtype` (default float32) and `requiresGrad`.
 * @returns An `[n, m]` tensor.
 * @example Identity
 * ```ts
 * import assert from "node:assert/strict";
 * import { eye } from "@nabla/autograd";
 * assert.deepEqual(eye(2).toArray(), [[1, 0], [0, 1]]);
 * assert.deepEqual(eye(2, 3).shape, [2, 3]);
 * ```
 */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  checkOptions("eye", options, ["dtype", "requiresGrad"]);
  const shape = checkShape("eye", [n, m]);
  const dtype = checkDtype("eye", options.dtype) ?? "float32";
  const data = asPublicOp("eye", () => allocate(dtype, n * m));
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(data, shape, options);
}

/**
 * Zeros with the shape (and by default the dtype) of another tensor.
 * @param other The tensor whose shape to copy.
 * @param options `dtype` (default `other.dtype`) and `requiresGrad`.
 * @returns The new tensor.
 * @example Zeros like
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, zerosLike } from "@nabla/autograd";
 * const z = zerosLike(tensor([[1, 2]], { dtype: "float64" }));
 * assert.deepEqual(z.shape, [1, 2]);
 * assert.equal(z.dtype, "float64");
 * ```
 */
export function zerosLike(other: Tensor, options: TensorOptions = {}): Tensor {
  checkOptions("zerosLike", options, ["dtype", "requiresGrad"]);
  checkLike("zerosLike", other);
  return asPublicOp(
    "zerosLike",
    () => zeros(other.shape, { ...options, dtype: options.dtype ?? other.dtype }),
  );
}

/**
 * Ones with the shape (and by default the dtype) of another tensor.
 * @param other The tensor whose shape to copy.
 * @param options `dtype` (default `other.dtype`) and `requiresGrad`.
 * @returns The new tensor.
 * @example Ones like
 * ```ts
 * import assert from "node:assert/strict";
 * import { onesLike, zeros } from "@nabla/autograd";
 * assert.deepEqual(onesLike(zeros([2])).toArray(), [1, 1]);
 * ```
 */
export function onesLike(other: Tensor, options: TensorOptions = {}): Tensor {
  checkOptions("onesLike", options, ["dtype", "requiresGrad"]);
  checkLike("onesLike", other);
  return asPublicOp(
    "onesLike",
    () => ones(other.shape, { ...options, dtype: options.dtype ?? other.dtype }),
  );
}

/**
 * A tensor filled with `value`, with the shape (and by default the dtype) of
 * another tensor.
 * @param other The tensor whose shape to copy.
 * @param value The value.
 * @param options `dtype` (default `other.dtype`) and `requiresGrad`.
 * @returns The new tensor.
 * @example Full like
 * ```ts
 * import assert from "node:assert/strict";
 * import { fullLike, zeros } from "@nabla/autograd";
 * assert.deepEqual(fullLike(zeros([2]), 3).toArray(), [3, 3]);
 * ```
 */
export function fullLike(
  other: Tensor,
  value: number | boolean,
  options: TensorOptions = {},
): Tensor {
  checkOptions("fullLike", options, ["dtype", "requiresGrad"]);
  checkLike("fullLike", other);
  return asPublicOp(
    "fullLike",
    () => full(other.shape, value, { ...options, dtype: options.dtype ?? other.dtype }),
  );
}
