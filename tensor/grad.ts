/**
 * `grad()`: gradients of outputs with respect to chosen inputs, returned
 * instead of accumulated into `.grad`.
 */
import { isTensor, runBackward } from "./autograd.ts";
import { AutogradError } from "./errors.ts";
import { seedGradient, type Tensor } from "./tensor.ts";
import { checkOptions } from "./options.ts";

/** Options of {@linkcode grad}. */
export interface GradOptions {
  /**
   * The gradient of each output (d(loss)/d(output)); may be omitted for
   * single-element outputs (then 1).
   * @default undefined
   */
  gradOutputs?: Tensor | readonly (Tensor | undefined)[];
  /**
   * Keep the graph's saved tensors so that it can be run again.
   * @default createGraph
   */
  retainGraph?: boolean;
  /**
   * Record the computation of the gradients, so that they can be
   * differentiated again.
   * @default false
   */
  createGraph?: boolean;
  /**
   * Return `null` for an input the outputs do not depend on, instead of
   * throwing.
   * @default false
   */
  allowUnused?: boolean;
}

/**
 * Computes the gradients of `outputs` with respect to `inputs` and returns
 * them, leaving every `.grad` untouched. Inputs may be non-leaf tensors.
 * @param outputs A tensor or a list of tensors to differentiate.
 * @param inputs A tensor or a list of tensors (requiring grad) to differentiate by.
 * @param options `gradOutputs`, `retainGraph`, `createGraph`, `allowUnused`.
 * @returns One gradient per input, each of its input's shape.
 * @example Second derivative of x³
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad, tensor } from "@nabla/autograd";
 * const x = tensor(2, { requiresGrad: true });
 * const y = x.pow(3);
 * const [dy] = grad(y, x, { createGraph: true }); // 3x² = 12
 * const [d2y] = grad(dy, x); // 6x = 12
 * assert.equal(dy.item(), 12);
 * assert.equal(d2y.item(), 12);
 * assert.equal(x.grad, null);
 * ```
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options?: GradOptions & { allowUnused?: false },
): Tensor[];
/**
 * Computes the gradients of `outputs` with respect to `inputs`; with
 * `allowUnused`, an input the outputs do not depend on gets `null`.
 * @param outputs A tensor or a list of tensors to differentiate.
 * @param inputs A tensor or a list of tensors (requiring grad) to differentiate by.
 * @param options `gradOutputs`, `retainGraph`, `createGraph`, `allowUnused`.
 * @returns One gradient (or `null`) per input.
 * @example Unused inputs
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad, tensor } from "@nabla/autograd";
 * const a = tensor(1, { requiresGrad: true });
 * const b = tensor(1, { requiresGrad: true });
 * const [da, db] = grad(a.mul(3), [a, b], { allowUnused: true });
 * assert.equal(da?.item(), 3);
 * assert.equal(db, null);
 * ```
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions,
): (Tensor | null)[];
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  checkOptions("grad", options, ["gradOutputs", "retainGraph", "createGraph", "allowUnused"]);
  const outs = isTensor(outputs) ? [outputs] : [...outputs];
  const ins = isTensor(inputs) ? [inputs] : [...inputs];
  const given = options.gradOutputs;
  const gradOutputs = given === undefined ? [] : isTensor(given) ? [given] : [...given];
  if (gradOutputs.length > outs.length) {
    throw new AutogradError(
      `Cannot compute gradients in grad(): got ${gradOutputs.length} gradOutputs for ` +
        `${outs.length} outputs`,
      { op: "grad" },
    );
  }
  outs.forEach((t, i) => {
    if (!isTensor(t) || !t.requiresGrad) {
      throw new AutogradError(
        `Cannot compute gradients in grad(): output ${i} does not require grad`,
        { op: "grad" },
      );
    }
  });
  ins.forEach((t, i) => {
    if (!isTensor(t) || !t.requiresGrad) {
      throw new AutogradError(
        `Cannot compute gradients in grad(): input ${i} does not require grad`,
        { op: "grad" },
      );
    }
  });
  const seeds = outs.map((t, i) => seedGradient("grad", t, gradOutputs[i]));
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const results = runBackward(outs, seeds, { retainGraph, createGraph }, ins);
  results.forEach((g, i) => {
    if (g === null && !options.allowUnused) {
      throw new AutogradError(
        `Cannot compute gradients in grad(): input ${i} was not used to compute the ` +
          "outputs; pass { allowUnused: true } to get null for it",
        { op: "grad" },
      );
    }
  });
  return results;
}
