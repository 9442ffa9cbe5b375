/**
 * Helpers shared by the test files (not part of the library).
 */

/**
 * The gradient of `f` at `x` by central finite differences,
 * `(f(x + eps·e_i) - f(x - eps·e_i)) / 2eps` for each coordinate `i`.
 * In float64 with the default `eps = 1e-6` it agrees with an exact gradient to
 * about 1e-8 relative, so compare with `isClose()`'s tolerances.
 * @param f A function of a vector of numbers.
 * @param x The point (left unchanged).
 * @param eps The step.
 * @returns One partial derivative per coordinate of `x`.
 */
export function numericGrad(
  f: (x: number[]) => number,
  x: readonly number[],
  eps = 1e-6,
): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i] += eps;
    minus[i] -= eps;
    return (f(plus) - f(minus)) / (2 * eps);
  });
}

/** Tolerances for {@linkcode isClose}. */
export interface CloseOptions {
  /**
   * Absolute tolerance.
   * @default 1e-5
   */
  atol?: number;
  /**
   * Relative tolerance, relative to `expected`.
   * @default 1e-3
   */
  rtol?: number;
}

/**
 * Whether `actual` is within `atol + rtol·|expected|` of `expected` (the
 * gradcheck tolerances by default). NaN matches only NaN and an infinity
 * only the same infinity.
 * @param actual The number under test.
 * @param expected The reference.
 * @param options Tolerances.
 * @returns `true` when close.
 */
export function isClose(actual: number, expected: number, options: CloseOptions = {}): boolean {
  const { atol = 1e-5, rtol = 1e-3 } = options;
  if (Number.isNaN(expected) || !Number.isFinite(expected)) return Object.is(actual, expected);
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

// ---------------------------------------------------------------- tensor engine

import { AssertionError } from "node:assert";
import { grad, noGrad, type Tensor, zerosLike } from "../tensor/mod.ts";

/** Options for {@linkcode checkGradients}. */
export interface GradCheckOptions extends CloseOptions {
  /**
   * Finite-difference step.
   * @default 1e-6
   */
  eps?: number;
}

/**
 * Compares the Jacobian that autograd computes for `fn` with central finite
 * differences, element by element, for every input that requires grad (use
 * float64 inputs). Throws an AssertionError such as `Jacobian mismatch for
 * output 0 with respect to input 1: d out[3] / d in[0] is 2 (autograd) but
 * 2.5 (numerical)`. A local stand-in until the public `gradcheck` lands.
 * @param fn The function under test, from tensors to one tensor.
 * @param inputs Its arguments (left unchanged).
 * @param options Step and tolerances (defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
 */
export function checkGradients(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradCheckOptions = {},
): void {
  const eps = options.eps ?? 1e-6;
  const wrt = inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const out = fn(...inputs);
  const outCount = out.numel;
  // Autograd rows: one backward pass per output element, seeded with a one-hot gradient.
  const analytic: number[][][] = wrt.map(() => []); // [input][outElement][inElement]
  for (let j = 0; j < outCount; j++) {
    const seed = zerosLike(out);
    seed.storage.data[j] = 1;
    const gs = grad(out, wrt.map((i) => inputs[i]), {
      gradOutputs: seed,
      retainGraph: true,
      allowUnused: true,
    });
    gs.forEach((g, k) => {
      const n = inputs[wrt[k]].numel;
      analytic[k].push(g ? flat(g) : new Array(n).fill(0));
    });
  }
  // Numerical columns: perturb one input element at a time, on detached copies.
  wrt.forEach((i, k) => {
    const n = inputs[i].numel;
    for (let e = 0; e < n; e++) {
      // Grad mode stays on, so that `fn` may itself call grad() (second derivatives).
      const at = (delta: number): number[] => {
        const xs = inputs.map((t) => noGrad(() => t.detach().clone()));
        xs[i].storage.data[e] += delta;
        xs.forEach((t, k) => (t.requiresGrad = inputs[k].requiresGrad));
        return flat(fn(...xs));
      };
      const plus = at(eps);
      const minus = at(-eps);
      for (let j = 0; j < outCount; j++) {
        const numerical = (plus[j] - minus[j]) / (2 * eps);
        const a = analytic[k][j][e];
        if (!isClose(a, numerical, options)) {
          throw new AssertionError({
            message: `Jacobian mismatch for output 0 with respect to input ${i}: ` +
              `d out[${j}] / d in[${e}] is ${a} (autograd) but ${numerical} (numerical)`,
          });
        }
      }
    }
  });
}

/** The elements of a tensor in row-major order, as plain numbers. */
export function flat(t: Tensor): number[] {
  return [t.toArray()].flat(Infinity as 1).map(Number);
}

/**
 * Asserts that a tensor's elements are close to `expected` (nested arrays or
 * a number), with the shape implied by `expected`; reports the first
 * mismatch with its index.
 * @param actual The tensor under test.
 * @param expected The reference values.
 * @param options Tolerances (defaults: atol 1e-6, rtol 1e-6).
 */
export function assertAllClose(
  actual: Tensor,
  expected: unknown,
  options: CloseOptions = {},
): void {
  const tol = { atol: options.atol ?? 1e-6, rtol: options.rtol ?? 1e-6 };
  const want = [expected].flat(Infinity as 1) as number[];
  const got = flat(actual);
  if (got.length !== want.length) {
    throw new AssertionError({ message: `expected ${want.length} elements, got ${got.length}` });
  }
  const bad = got.findIndex((v, i) => !isClose(v, want[i], tol));
  if (bad >= 0) {
    throw new AssertionError({
      message: `element ${bad} is ${got[bad]}, expected ${want[bad]} (of ${
        JSON.stringify(expected)
      })`,
    });
  }
}
