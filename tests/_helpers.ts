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
