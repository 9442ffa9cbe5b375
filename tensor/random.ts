/**
 * Random tensors from one library-wide seeded generator, so that
 * `manualSeed(n)` makes a whole program reproducible.
 */
import { Random } from "../random/mod.ts";
import { allocate, type DType, isDType, isFloatingPoint } from "./dtype.ts";
import { DTypeError } from "./errors.ts";
import { checkShape, numel } from "./_shape.ts";
import { fromData, type Tensor } from "./tensor.ts";
import type { TensorOptions } from "./factory.ts";

// The shared generator; like PyTorch's, it starts from a fixed seed.
const generator = new Random(0);

/** The library-wide generator (internal: for the samplers of `sampling.ts`). */
export function libraryGenerator(): Random {
  return generator;
}

/** Options for random tensors. */
export interface RandomOptions extends TensorOptions {
  /**
   * The generator to draw from, instead of the library-wide one.
   * @default the generator seeded by manualSeed()
   */
  generator?: Random;
}

/**
 * Reseeds the library-wide generator used by {@linkcode rand},
 * {@linkcode randn} and {@linkcode randint}.
 * @param seed Any integer.
 * @example Reproducible draws
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, randn } from "@nabla/autograd";
 * manualSeed(42);
 * const a = randn([3]).toArray();
 * manualSeed(42);
 * assert.deepEqual(randn([3]).toArray(), a);
 * ```
 */
export function manualSeed(seed: number): void {
  generator.seed(seed);
}

function floatDtype(op: string, dtype: unknown): DType {
  if (dtype === undefined) return "float32";
  if (isDType(dtype) && isFloatingPoint(dtype)) return dtype;
  throw new DTypeError(
    `Cannot draw in ${op}(): dtype must be float32 or float64, got ${String(dtype)}`,
    { op, dtypes: [String(dtype)] },
  );
}

function draw(
  op: string,
  shape: readonly number[],
  dtype: DType,
  options: RandomOptions,
  sample: (rng: Random) => number,
): Tensor {
  const s = checkShape(op, shape);
  const rng = options.generator ?? generator;
  const data = allocate(dtype, numel(s));
  for (let i = 0; i < data.length; i++) data[i] = sample(rng);
  const t = fromData(data, s);
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * Uniform samples in `[0, 1)`.
 * @param shape The shape.
 * @param options `dtype` (float32 or float64), `requiresGrad`, `generator`.
 * @returns The new tensor.
 * @example Uniform noise
 * ```ts
 * import assert from "node:assert/strict";
 * import { rand } from "@nabla/autograd";
 * const u = rand([1000]).toArray() as number[];
 * assert.ok(u.every((v) => v >= 0 && v < 1));
 * ```
 */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const dtype = floatDtype("rand", options.dtype);
  // NOTE: float32 uses 24 random bits, so that rounding can never produce 1.
  const sample = dtype === "float32"
    ? (rng: Random) => (rng.nextUint32() >>> 8) / 16777216
    : (rng: Random) => rng.uniform();
  return draw("rand", shape, dtype, options, sample);
}

/**
 * Standard normal samples (mean 0, variance 1).
 * @param shape The shape.
 * @param options `dtype` (float32 or float64), `requiresGrad`, `generator`.
 * @returns The new tensor.
 * @example Initial weights
 * ```ts
 * import assert from "node:assert/strict";
 * import { randn } from "@nabla/autograd";
 * const w = randn([256, 256]);
 * assert.ok(Math.abs(w.mean().item()) < 0.02);
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const dtype = floatDtype("randn", options.dtype);
  return draw("randn", shape, dtype, options, (rng) => rng.normal());
}

/**
 * Uniform integers in `[low, high)`, as int32 by default.
 * @param low Lowest value (inclusive).
 * @param high Upper bound (exclusive).
 * @param shape The shape.
 * @param options `dtype` (default int32), `requiresGrad`, `generator`.
 * @returns The new tensor.
 * @example Random labels
 * ```ts
 * import assert from "node:assert/strict";
 * import { randint } from "@nabla/autograd";
 * const y = randint(0, 10, [100]);
 * assert.equal(y.dtype, "int32");
 * assert.ok((y.toArray() as number[]).every((v) => v >= 0 && v < 10));
 * ```
 */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): Tensor {
  const valid = Number.isInteger(low) && Number.isInteger(high) && low < high &&
    low >= -(2 ** 31) && high <= 2 ** 31;
  if (!valid) {
    throw new RangeError(
      `Cannot draw in randint(): need integers low < high within int32, got [${low}, ${high})`,
    );
  }
  const dtype = options.dtype ?? "int32";
  if (!isDType(dtype) || dtype === "bool") {
    throw new DTypeError(
      `Cannot draw in randint(): dtype must be int32, float32 or float64, got ${String(dtype)}`,
      { op: "randint", dtypes: [String(dtype)] },
    );
  }
  return draw("randint", shape, dtype, options, (rng) => rng.integer(low, high));
}
