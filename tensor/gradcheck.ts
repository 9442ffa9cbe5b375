/**
 * Testing tools, as in `torch.autograd` and `torch.testing`: `gradcheck`
 * compares the Jacobian that autograd computes with central finite
 * differences, `gradgradcheck` does the same for the first derivative
 * (second order), and `assertClose` compares values with per-dtype tolerances.
 */
import { enableGrad, isTensor } from "./autograd.ts";
import { allocate, type DType, isFloatingPoint } from "./dtype.ts";
import { AutogradError, DTypeError } from "./errors.ts";
import { grad } from "./grad.ts";
import { fmt } from "./_shape.ts";
import { fromData, type Tensor } from "./tensor.ts";

/** Step and tolerances of {@linkcode gradcheck}: PyTorch's defaults. */
export interface GradcheckOptions {
  /**
   * Finite-difference step: each input element is moved by `±eps`.
   * @default 1e-6
   */
  eps?: number;
  /**
   * Absolute tolerance: analytic `a` and numeric `n` agree when
   * `|a - n| <= atol + rtol·|n|`.
   * @default 1e-5
   */
  atol?: number;
  /**
   * Relative tolerance, relative to the numeric value.
   * @default 1e-3
   */
  rtol?: number;
}

/** Options of {@linkcode gradgradcheck}: the first-order gradients, and gradcheck's step and tolerances. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /**
   * The gradient of each differentiable output, used to form the first
   * derivative; tensors that require grad are checked as inputs too.
   * @default fixed values `cos(0.7 k + 0.3)` of each output's dtype, requiring grad
   */
  gradOutputs?: Tensor | readonly Tensor[];
}

/** Tolerances of {@linkcode assertClose}. */
export interface AssertCloseOptions {
  /**
   * Absolute tolerance: `actual` and `expected` agree when
   * `|actual - expected| <= atol + rtol·|expected|`.
   * @default 1e-5 for float32, 1e-7 for float64 and numbers, 0 for int32 and bool
   */
  atol?: number;
  /**
   * Relative tolerance, relative to `expected`.
   * @default 1.3e-6 for float32, 1e-7 for float64 and numbers, 0 for int32 and bool
   */
  rtol?: number;
  /**
   * Whether NaN equals NaN.
   * @default true
   */
  equalNan?: boolean;
}

/** A function under test: tensors (and other arguments) in, one tensor or a list out. */
// deno-lint-ignore no-explicit-any
export type GradcheckFunction = (...inputs: any[]) => Tensor | readonly Tensor[];

// ---------------------------------------------------------------- element access

// Storage index of each element of `t`, in row-major order (views included).
function storageIndices(t: Tensor): number[] {
  const n = t.numel;
  const out = new Array<number>(n);
  const index = new Array<number>(t.ndim).fill(0);
  let pos = t.offset;
  for (let k = 0; k < n; k++) {
    out[k] = pos;
    for (let d = t.ndim - 1; d >= 0; d--) {
      index[d]++;
      pos += t.strides[d];
      if (index[d] < t.shape[d]) break;
      pos -= index[d] * t.strides[d];
      index[d] = 0;
    }
  }
  return out;
}

function valuesOf(t: Tensor): number[] {
  const data = t.storage.data;
  return storageIndices(t).map((i) => data[i]);
}

// The multi-index of flat element `k` of `shape`, as `[1, 2]`.
function unravel(k: number, shape: readonly number[]): string {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return fmt(index);
}

function asList(x: Tensor | readonly Tensor[]): Tensor[] {
  return isTensor(x) ? [x] : [...x];
}

function differentiable(t: unknown): t is Tensor {
  return isTensor(t) && isFloatingPoint(t.dtype) && t.requiresGrad;
}

// ---------------------------------------------------------------- gradcheck

/**
 * Checks the gradients of `fn` at `inputs`: for every output and every input
 * that requires grad, the Jacobian from autograd (one backward pass per output
 * element, with `grad()`) must match central finite differences
 * `(f(x + eps) - f(x - eps)) / 2eps` (each input element moved in place, then
 * restored exactly) within `atol + rtol·|numeric|`, as
 * `torch.autograd.gradcheck` does. Inputs that require grad must be float64,
 * and must not overlap themselves (no expanded, stride-0 views).
 * Non-tensor arguments and tensors that do not require grad (indices, masks)
 * are passed through unchanged.
 * @param fn The function under test, returning a tensor or a list of tensors.
 * @param inputs Its arguments (a tensor or a list), left unchanged.
 * @param options `eps`, `atol`, `rtol` (PyTorch's defaults 1e-6, 1e-5, 1e-3).
 * @returns `true` when every Jacobian matches; otherwise throws an Error
 * naming the output, the input, the worst element with its index, the
 * analytic and numeric values, and how many elements mismatch.
 * @example Checking an op
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradcheck, tensor } from "@nabla/autograd";
 * const a = tensor([[0.5, -1], [2, 0.25]], { dtype: "float64", requiresGrad: true });
 * const b = tensor([1.5, -0.5], { dtype: "float64", requiresGrad: true });
 * assert.ok(gradcheck((x, y) => x.mul(y).tanh(), [a, b])); // broadcasting [2, 2] * [2]
 * ```
 * @example A wrong backward is caught
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradFunction, gradcheck, type Tensor, tensor } from "@nabla/autograd";
 * class BadSquare extends AutogradFunction {
 *   override forward(x: Tensor): Tensor {
 *     this.saveForBackward(x);
 *     return x.mul(x);
 *   }
 *   override backward(g: Tensor): [Tensor] {
 *     return [g.mul(this.savedTensors[0])]; // should be 2x
 *   }
 * }
 * const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
 * assert.throws(() => gradcheck((t) => BadSquare.apply(t), [x]), {
 *   message: /Jacobian mismatch for output 0 with respect to input 0/,
 * });
 * ```
 */
export function gradcheck(
  fn: GradcheckFunction,
  inputs: Tensor | readonly unknown[],
  options: GradcheckOptions = {},
): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  const args: unknown[] = isTensor(inputs) ? [inputs] : [...inputs];
  const wrt = checkInputs("gradcheck", args);
  const wrtTensors = wrt.map((i) => args[i] as Tensor);

  // Analytic Jacobians: row j of output o comes from one backward pass seeded with e_j.
  const outputs = enableGrad(() => asList(fn(...args)));
  // analytic[o][i][j * numelIn + k] = d output_o[j] / d input_i[k]
  const analytic = outputs.map((out, o) => {
    if (!differentiable(out)) return null;
    const rows = wrt.map((i) => new Float64Array(out.numel * (args[i] as Tensor).numel));
    for (let j = 0; j < out.numel; j++) {
      const seedData = allocate(out.dtype, out.numel);
      seedData[j] = 1;
      const grads = grad(out, wrtTensors, {
        gradOutputs: fromData(seedData, out.shape),
        retainGraph: true,
        allowUnused: true,
      });
      grads.forEach((g, w) => {
        const x = wrtTensors[w];
        if (g === null) return;
        if (
          g.dtype !== x.dtype || g.shape.length !== x.ndim ||
          g.shape.some((s, d) => s !== x.shape[d])
        ) {
          throw new AutogradError(
            `Cannot check gradients in gradcheck(): the gradient of output ${o} with respect to ` +
              `input ${wrt[w]} has shape ${fmt(g.shape)} and dtype ${g.dtype}, the input has ` +
              `shape ${fmt(x.shape)} and dtype ${x.dtype}`,
            { op: "gradcheck" },
          );
        }
        rows[w].set(valuesOf(g), j * x.numel);
      });
    }
    return rows;
  });

  // Numeric Jacobians, same layout, by central differences on each input element.
  const numeric = outputs.map((out) =>
    wrt.map((i) => new Float64Array(out.numel * (args[i] as Tensor).numel))
  );
  wrtTensors.forEach((x, w) => {
    const data = x.storage.data;
    storageIndices(x).forEach((s, k) => {
      const orig = data[s];
      data[s] = orig - eps;
      const minus = asList(fn(...args)).map(valuesOf);
      data[s] = orig + eps;
      const plus = asList(fn(...args)).map(valuesOf);
      data[s] = orig;
      outputs.forEach((out, o) => {
        for (let j = 0; j < out.numel; j++) {
          numeric[o][w][j * x.numel + k] = (plus[o][j] - minus[o][j]) / (2 * eps);
        }
      });
    });
  });

  const anyDifferentiable = analytic.some((rows) => rows !== null);
  outputs.forEach((out, o) => {
    wrt.forEach((i, w) => {
      const x = args[i] as Tensor;
      const rows = analytic[o];
      if (rows !== null) {
        compareJacobian(o, i, out, x, rows[w], numeric[o][w], atol, rtol);
        return;
      }
      // As in PyTorch: without differentiable outputs, the outputs must not depend on the inputs.
      const n = numeric[o][w];
      const bad = n.findIndex((v) => !(Math.abs(v) <= 1e-8));
      if (!anyDifferentiable && isFloatingPoint(out.dtype) && bad >= 0) {
        const j = Math.floor(bad / x.numel);
        throw new Error(
          `Numerical gradient for output ${o} with respect to input ${i} expected to be zero: ` +
            `no output requires grad, but d output${unravel(j, out.shape)} / d input` +
            `${unravel(bad % x.numel, x.shape)} is ${n[bad]}`,
        );
      }
    });
  });
  return true;
}

function compareJacobian(
  o: number,
  i: number,
  out: Tensor,
  x: Tensor,
  a: Float64Array,
  n: Float64Array,
  atol: number,
  rtol: number,
): void {
  let mismatches = 0;
  let worst = -1;
  let worstDiff = -1;
  for (let f = 0; f < a.length; f++) {
    const diff = Math.abs(a[f] - n[f]);
    if (diff <= atol + rtol * Math.abs(n[f])) continue;
    mismatches++;
    const d = Number.isNaN(diff) ? Infinity : diff;
    if (d > worstDiff) {
      worstDiff = d;
      worst = f;
    }
  }
  if (mismatches === 0) return;
  const j = Math.floor(worst / x.numel);
  const k = worst % x.numel;
  throw new Error(
    `Jacobian mismatch for output ${o} with respect to input ${i}: worst element at index ` +
      `[${j}, ${k}] (flat ${worst}): analytic ${a[worst]}, numeric ${n[worst]} ` +
      `(d output${unravel(j, out.shape)} / d input${unravel(k, x.shape)}); ` +
      `${mismatches} of ${a.length} elements differ by more than atol + rtol·|numeric| ` +
      `(atol ${atol}, rtol ${rtol})`,
  );
}

// The indices of the arguments to differentiate by, after PyTorch's checks.
function checkInputs(op: string, args: readonly unknown[]): number[] {
  const wrt: number[] = [];
  args.forEach((x, i) => {
    if (!isTensor(x) || !x.requiresGrad) return;
    if (x.dtype !== "float64") {
      throw new DTypeError(
        `Cannot check gradients in ${op}(): input ${i} is ${x.dtype} and requires grad; ` +
          "finite differences need float64 inputs (convert with double())",
        { op, dtypes: [x.dtype] },
      );
    }
    // NOTE: an empty tensor has stride 0 next to its size-0 dimension, and no elements to move.
    if (x.numel > 0 && x.shape.some((s, d) => s > 1 && x.strides[d] === 0)) {
      throw new AutogradError(
        `Cannot check gradients in ${op}(): input ${i} has a dimension with stride 0 ` +
          `(strides ${fmt(x.strides)}), so moving one element moves others; ` +
          "pass a contiguous() copy",
        { op },
      );
    }
    wrt.push(i);
  });
  if (wrt.length === 0) {
    throw new AutogradError(
      `Cannot check gradients in ${op}(): no input requires grad; ` +
        "create the inputs to check with { requiresGrad: true }",
      { op },
    );
  }
  return wrt;
}

// ---------------------------------------------------------------- gradgradcheck

/**
 * Checks second derivatives, as `torch.autograd.gradgradcheck`: runs
 * {@linkcode gradcheck} on the function that maps `(inputs..., gradOutputs...)`
 * to the first-order gradients `grad(fn(inputs), inputs, { gradOutputs,
 * createGraph: true })`. In an error message, output `k` is the gradient
 * with respect to the `k`-th input that requires grad, and inputs after
 * `fn`'s own are the grad outputs.
 * @param fn The function under test.
 * @param inputs Its arguments; those to check require grad and are float64.
 * @param options `gradOutputs` (default: fixed values in [-1, 1] that
 * require grad), and gradcheck's `eps`, `atol`, `rtol`.
 * @returns `true` when every second-order Jacobian matches; otherwise throws.
 * @example Second derivatives of a product
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradgradcheck, tensor } from "@nabla/autograd";
 * const x = tensor([0.5, -1.5, 2], { dtype: "float64", requiresGrad: true });
 * assert.ok(gradgradcheck((t) => t.mul(t).mul(t).sum(), [x]));
 * ```
 */
export function gradgradcheck(
  fn: GradcheckFunction,
  inputs: Tensor | readonly unknown[],
  options: GradgradcheckOptions = {},
): boolean {
  const args: unknown[] = isTensor(inputs) ? [inputs] : [...inputs];
  const wrt = checkInputs("gradgradcheck", args);
  const outputsOf = (xs: unknown[]) => asList(fn(...xs)).filter(differentiable);
  const gradOutputs = options.gradOutputs === undefined
    ? enableGrad(() => outputsOf(args)).map((out) => {
      // As PyTorch: of the output's dtype (a float32 output gets a float32 gradient).
      const data = allocate(out.dtype, out.numel);
      for (let k = 0; k < out.numel; k++) data[k] = Math.cos(0.7 * k + 0.3);
      const g = fromData(data, out.shape);
      g.requiresGrad = true;
      return g;
    })
    : asList(options.gradOutputs);
  const firstOrder = (...all: unknown[]): Tensor[] => {
    const xs = all.slice(0, args.length);
    const gs = grad(outputsOf(xs), wrt.map((i) => xs[i] as Tensor), {
      gradOutputs: all.slice(args.length) as Tensor[],
      createGraph: true,
      allowUnused: true,
    });
    return gs.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(firstOrder, [...args, ...gradOutputs], options);
}

// ---------------------------------------------------------------- assertClose

interface Flat {
  values: number[];
  shape: number[];
  dtype: DType | "number";
}

function flatten(x: unknown, side: string): Flat {
  if (isTensor(x)) return { values: valuesOf(x), shape: x.shape.slice(), dtype: x.dtype };
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  const walk = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new TypeError(
          `Cannot compare in assertClose(): ${side} holds ${typeof v}, expected numbers`,
        );
      }
      values.push(Number(v));
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new TypeError(
        `Cannot compare in assertClose(): ${side} is a ragged array, expected shape ${fmt(shape)}`,
      );
    }
    for (const e of v) walk(e, d + 1);
  };
  walk(x, 0);
  return { values, shape, dtype: "number" };
}

// torch.testing.assert_close's defaults; the less precise side decides.
function defaultTolerances(a: Flat["dtype"], b: Flat["dtype"]): [number, number] {
  if (a === "float32" || b === "float32") return [1.3e-6, 1e-5];
  if (isFloat(a) || isFloat(b)) return [1e-7, 1e-7];
  return [0, 0];
}

function isFloat(d: Flat["dtype"]): boolean {
  return d === "number" || d === "float64";
}

/**
 * Asserts that `actual` and `expected` have the same shape and that every
 * element satisfies `|actual - expected| <= atol + rtol·|expected|`, like
 * `torch.testing.assert_close`: default tolerances by dtype (float32: rtol
 * 1.3e-6, atol 1e-5; float64 and plain numbers: 1e-7 and 1e-7; int32 and
 * bool: exact), infinities equal only themselves, NaN equals NaN. Accepts
 * tensors, numbers and nested arrays on either side; dtypes may differ.
 * @param actual The values under test.
 * @param expected The reference values.
 * @param options `atol`, `rtol`, `equalNan`.
 * @throws Error naming the mismatched count (`Mismatched elements: 3 / 6
 * (50.0%)`) and the greatest absolute and relative differences with their
 * indices, or the two shapes if they differ.
 * @example Comparing a tensor with expected values
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertClose, tensor } from "@nabla/autograd";
 * assertClose(tensor([0.1, 0.2]).add(tensor([0.2, 0.1])), [0.3, 0.3]);
 * assert.throws(() => assertClose(tensor([1, 2, 3]), [1, 2.5, 3]), {
 *   message: /Mismatched elements: 1 \/ 3 \(33\.3%\)/,
 * });
 * ```
 */
export function assertClose(
  actual: Tensor | number | readonly unknown[],
  expected: Tensor | number | readonly unknown[],
  options: AssertCloseOptions = {},
): void {
  const a = flatten(actual, "actual");
  const e = flatten(expected, "expected");
  if (a.shape.length !== e.shape.length || a.shape.some((s, d) => s !== e.shape[d])) {
    throw new Error(
      `Tensor-likes are not close: actual has shape ${fmt(a.shape)}, expected has shape ${
        fmt(e.shape)
      }`,
    );
  }
  const [rtolDefault, atolDefault] = defaultTolerances(a.dtype, e.dtype);
  const { atol = atolDefault, rtol = rtolDefault, equalNan = true } = options;
  let mismatches = 0;
  let maxAbs = -1;
  let maxAbsAt = 0;
  let maxRel = -1;
  let maxRelAt = 0;
  for (let k = 0; k < a.values.length; k++) {
    const x = a.values[k];
    const y = e.values[k];
    if (x === y || (equalNan && Number.isNaN(x) && Number.isNaN(y))) continue;
    const diff = Math.abs(x - y);
    // Differing infinities give diff = Infinity (or NaN), never within tolerance.
    if (Number.isFinite(diff) && diff <= atol + rtol * Math.abs(y)) continue;
    mismatches++;
    const absDiff = Number.isNaN(diff) ? Infinity : diff;
    const relDiff = absDiff / Math.abs(y);
    if (absDiff > maxAbs) [maxAbs, maxAbsAt] = [absDiff, k];
    if (relDiff > maxRel || (Number.isNaN(relDiff) && maxRel < 0)) {
      [maxRel, maxRelAt] = [relDiff, k];
    }
  }
  if (mismatches === 0) return;
  const total = a.values.length;
  throw new Error(
    "Tensor-likes are not close!\n\n" +
      `Mismatched elements: ${mismatches} / ${total} (${
        (100 * mismatches / total).toFixed(1)
      }%)\n` +
      `Greatest absolute difference: ${maxAbs} at index ${unravel(maxAbsAt, a.shape)} ` +
      `(up to ${atol} allowed)\n` +
      `Greatest relative difference: ${maxRel} at index ${unravel(maxRelAt, a.shape)} ` +
      `(up to ${rtol} allowed)`,
  );
}
