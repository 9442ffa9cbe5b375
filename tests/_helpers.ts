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
import type { Tensor } from "../tensor/mod.ts";

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

/** The Python that the tests run PyTorch and Jupyter with (Debian's, with python3-torch). */
export const PYTHON = "/usr/bin/python3";

/**
 * Whether {@linkcode PYTHON} runs and imports some modules: false when the
 * test has no `--allow-run`, Python is missing, or an import fails.
 * @param modules A Python import list, such as `"torch"` or `"nbclient, nbconvert"`.
 * @returns `true` when `python3 -c "import <modules>"` exits with 0.
 */
export async function pythonImports(modules: string): Promise<boolean> {
  if (Deno.permissions.querySync({ name: "run" }).state !== "granted") return false;
  try {
    const { code } = await new Deno.Command(PYTHON, {
      args: ["-c", `import ${modules}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  } catch {
    return false;
  }
}

/** What {@linkcode captureConsole} collects until `restore()`. */
export interface CapturedConsole {
  /** The first argument of each `console.log` call. */
  logs: string[];
  /** The first argument of each `console.error` call. */
  errors: string[];
  /** Puts the real `console.log` and `console.error` back. */
  restore: () => void;
}

/**
 * Replaces `console.log` and `console.error` with recorders, for tests of
 * what a demo prints; call `restore()` in a `finally`.
 * @returns The recorded lines, and `restore`.
 */
export function captureConsole(): CapturedConsole {
  const { log, error } = console;
  const captured: CapturedConsole = {
    logs: [],
    errors: [],
    restore: () => Object.assign(console, { log, error }),
  };
  console.log = (line: string) => captured.logs.push(line);
  console.error = (line: string) => captured.errors.push(line);
  return captured;
}
