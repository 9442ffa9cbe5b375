/**
 * Sampling driven by tensors: `multinomial` (categorical draws from rows of
 * weights, with or without replacement), `bernoulli` (coin flips of given
 * probabilities) and `randperm` (a random permutation). Like `rand()` and
 * `randn()`, they draw from the library-wide generator that `manualSeed()`
 * seeds, or from a `generator` option, so a seed reproduces a whole run.
 * Results carry no gradient, as in PyTorch.
 */
import type { Random } from "../random/mod.ts";
import { isTensor } from "./autograd.ts";
import { allocate, type DType, isDType, isFloatingPoint } from "./dtype.ts";
import { DTypeError, ShapeError } from "./errors.ts";
import { fmt } from "./_shape.ts";
import { copy } from "./kernels/cpu.ts";
import { checkOptions } from "./options.ts";
import { libraryGenerator } from "./random.ts";
import { an } from "./ops/indexing.ts";
import { fromData, type Tensor, viewOf } from "./tensor.ts";

/** Options of {@linkcode multinomial}. */
export interface MultinomialOptions {
  /**
   * Draw with replacement (a category can come out several times); without,
   * each draw removes its category, as drawing cards from a deck.
   * @default false
   */
  replacement?: boolean;
  /**
   * The generator to draw from.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of {@linkcode bernoulli}. */
export interface BernoulliOptions {
  /**
   * The generator to draw from.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

/** Options of {@linkcode randperm}. */
export interface RandpermOptions {
  /**
   * The dtype of the result: int32, float32 or float64 (PyTorch's default is int64).
   * @default "int32"
   */
  dtype?: DType;
  /**
   * The generator to draw from.
   * @default the library-wide generator seeded by manualSeed()
   */
  generator?: Random;
}

function generatorOf(op: string, generator: Random | undefined): Random {
  if (generator === undefined) return libraryGenerator();
  if (typeof generator !== "object" || generator === null || !("nextUint32" in generator)) {
    throw new TypeError(`Cannot draw in ${op}(): generator must be a Random`);
  }
  return generator;
}

// The position [i, j, ...] of row-major element k of `shape`.
function positionOf(k: number, shape: readonly number[]): number[] {
  const at = shape.map(() => 0);
  for (let d = shape.length - 1; d >= 0; d--) {
    at[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return at;
}

/**
 * Draws category indices from rows of non-negative weights, as PyTorch's
 * `torch.multinomial`: each row is a distribution over its categories (the
 * weights need not sum to 1). Without replacement, the draws of a row are
 * distinct and come in the order drawn; zero-weight categories are never
 * drawn (PyTorch 1.13 draws them once the others run out; nabla throws).
 * @param probs Weights of shape `[categories]` or `[rows, categories]`, float32 or float64.
 * @param numSamples How many draws per row (at most the number of non-zero
 *   weights without replacement).
 * @param options `replacement` (default `false`) and `generator`.
 * @returns int32 indices of shape `[numSamples]` or `[rows, numSamples]`.
 * @example Sampling the next token
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, multinomial, tensor } from "@nabla/autograd";
 * manualSeed(0);
 * const probs = tensor([[0.1, 0.9, 0], [1, 1, 1]]);
 * const draws = multinomial(probs, 2);
 * assert.deepEqual(draws.shape, [2, 2]);
 * const [first] = draws.toArray() as number[][];
 * assert.deepEqual([...first].sort(), [0, 1]); // without replacement: both non-zero classes
 * const many = multinomial(tensor([0.2, 0.8]), 1000, { replacement: true });
 * assert.ok((many.toArray() as number[]).filter((c) => c === 1).length > 700);
 * ```
 */
export function multinomial(
  probs: Tensor,
  numSamples: number,
  options: MultinomialOptions = {},
): Tensor {
  checkOptions("multinomial", options, ["replacement", "generator"]);
  const replacement = options.replacement ?? false;
  if (typeof replacement !== "boolean") {
    throw new TypeError("Cannot sample in multinomial(): replacement must be a boolean");
  }
  const rng = generatorOf("multinomial", options.generator);
  if (!isTensor(probs) || !isFloatingPoint(probs.dtype)) {
    const got = isTensor(probs) ? `${an(probs.dtype)} tensor` : typeof probs;
    throw new DTypeError(
      `Cannot sample in multinomial(): the probabilities must be a float32 or float64 tensor, ` +
        `got ${got}`,
      { op: "multinomial", dtypes: [isTensor(probs) ? probs.dtype : typeof probs] },
    );
  }
  if (probs.ndim !== 1 && probs.ndim !== 2) {
    throw new ShapeError(
      `Cannot sample from probabilities of shape ${fmt(probs.shape)} in multinomial(): ` +
        "expected [categories] or [rows, categories]",
      { op: "multinomial", shapes: [probs.shape] },
    );
  }
  const n = probs.shape[probs.ndim - 1];
  const rows = probs.ndim === 2 ? probs.shape[0] : 1;
  if (!Number.isInteger(numSamples) || numSamples <= 0) {
    throw new RangeError(
      `Cannot sample in multinomial(): numSamples must be a positive integer, got ${numSamples}`,
    );
  }
  if (!replacement && numSamples > n) {
    throw new RangeError(
      `Cannot draw ${numSamples} samples without replacement from ${n} categories in ` +
        "multinomial(): pass { replacement: true } or draw fewer",
    );
  }
  const p = copy(viewOf(probs), "float64");
  const out = allocate("int32", rows * numSamples);
  const cdf = new Float64Array(n);
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    const name = probs.ndim === 2 ? `row ${r}` : "the distribution";
    let total = 0;
    let nonzero = 0;
    for (let i = 0; i < n; i++) {
      const w = p[r * n + i];
      if (!Number.isFinite(w) || w < 0) {
        throw new RangeError(
          `Cannot sample from ${name} in multinomial(): it has the weight ${w} at index ${i}, ` +
            "expected finite non-negative weights",
        );
      }
      total += w;
      cdf[i] = total;
      if (w > 0) nonzero++;
    }
    if (!(total > 0)) {
      throw new RangeError(
        `Cannot sample from ${name} in multinomial(): its weights sum to ${total}, expected a ` +
          "positive sum",
      );
    }
    if (!replacement && nonzero < numSamples) {
      throw new RangeError(
        `Cannot draw ${numSamples} samples without replacement from ${name} in multinomial(): ` +
          `only ${nonzero} of its categories have a non-zero weight`,
      );
    }
    if (replacement) {
      for (let s = 0; s < numSamples; s++) {
        // The first category whose cumulative weight passes u·total (zero weights are skipped).
        const u = rng.uniform() * total;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        while (p[r * n + lo] === 0) lo--; // NOTE: only if rounding put u at the very top
        out[r * numSamples + s] = lo;
      }
    } else {
      // NOTE: Efraimidis-Spirakis: the largest keys w / E (E exponential) are
      // distributed as successive draws without replacement, in draw order.
      for (let i = 0; i < n; i++) {
        const w = p[r * n + i];
        keys[i] = w > 0 ? w / -Math.log(1 - rng.uniform()) : -Infinity;
        order[i] = i;
      }
      order.sort((a, b) => keys[b] - keys[a] || a - b);
      for (let s = 0; s < numSamples; s++) out[r * numSamples + s] = order[s];
    }
  }
  return fromData(out, probs.ndim === 2 ? [rows, numSamples] : [numSamples]);
}

/**
 * Draws 0 or 1 for each element, 1 with the probability the element gives,
 * as PyTorch's `torch.bernoulli`.
 * @param p Probabilities in `[0, 1]`, float32 or float64, of any shape.
 * @param options `generator`.
 * @returns A tensor of the shape and dtype of `p`, holding 0s and 1s (no gradient).
 * @example Random masks
 * ```ts
 * import assert from "node:assert/strict";
 * import { bernoulli, full, manualSeed, tensor } from "@nabla/autograd";
 * manualSeed(0);
 * assert.deepEqual(bernoulli(tensor([0, 1, 0, 1])).toArray(), [0, 1, 0, 1]);
 * const heads = bernoulli(full([10000], 0.3)).sum().item();
 * assert.ok(heads > 2800 && heads < 3200);
 * ```
 */
export function bernoulli(p: Tensor, options: BernoulliOptions = {}): Tensor {
  checkOptions("bernoulli", options, ["generator"]);
  const rng = generatorOf("bernoulli", options.generator);
  if (!isTensor(p) || !isFloatingPoint(p.dtype)) {
    const got = isTensor(p) ? `${an(p.dtype)} tensor` : typeof p;
    throw new DTypeError(
      `Cannot sample in bernoulli(): the probabilities must be a float32 or float64 tensor, ` +
        `got ${got}`,
      { op: "bernoulli", dtypes: [isTensor(p) ? p.dtype : typeof p] },
    );
  }
  const values = copy(viewOf(p), p.dtype);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(
        `Cannot sample in bernoulli(): the probability ${v} at position ` +
          `${fmt(positionOf(k, p.shape))} is outside [0, 1]`,
      );
    }
  }
  for (let k = 0; k < values.length; k++) values[k] = rng.uniform() < values[k] ? 1 : 0;
  return fromData(values, p.shape);
}

/**
 * A random permutation of `0..n-1` (Fisher-Yates), as PyTorch's `torch.randperm`.
 * @param n The number of elements.
 * @param options `dtype` (int32, float32 or float64; default int32) and `generator`.
 * @returns A 1-d tensor of `n` distinct values.
 * @example Shuffling a dataset
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, randperm } from "@nabla/autograd";
 * manualSeed(0);
 * const order = randperm(5).toArray() as number[];
 * assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4]);
 * ```
 */
export function randperm(n: number, options: RandpermOptions = {}): Tensor {
  checkOptions("randperm", options, ["dtype", "generator"]);
  const rng = generatorOf("randperm", options.generator);
  const dtype = options.dtype ?? "int32";
  if (!isDType(dtype) || dtype === "bool") {
    throw new DTypeError(
      `Cannot draw in randperm(): dtype must be int32, float32 or float64, got ${String(dtype)}`,
      { op: "randperm", dtypes: [String(dtype)] },
    );
  }
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) {
    throw new RangeError(
      `Cannot draw in randperm(): n must be a non-negative integer within int32, got ${n}`,
    );
  }
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return fromData(out, [n]);
}
