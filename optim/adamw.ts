/**
 * AdamW: Adam with decoupled weight decay, as `torch.optim.AdamW`.
 */
import type { Tensor } from "../tensor/mod.ts";
import { type AdamOptions, type AdamState, adamUpdate, checkAdamGroup } from "./adam.ts";
import { markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/**
 * Options of {@linkcode AdamW} (and the hyper-parameters of its groups): those
 * of Adam, with a decoupled weight decay of 1e-2 by default.
 */
export interface AdamWOptions extends AdamOptions {
  /**
   * Decoupled weight decay λ: each step first scales the parameter by `1 - lr·λ`.
   * @default 1e-2
   */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov and Hutter, 2017), as PyTorch's `AdamW`: the Adam update
 * of {@linkcode Adam}, with weight decay applied to the parameter
 * (`p *= 1 - lr·λ`) rather than added to the gradient.
 *
 * @example Weight decay pulls unused weights toward zero
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdamW, tensor } from "@nabla/autograd";
 * const w = tensor([1, 1], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.mul(tensor([1, 0])).sum().backward(); // no gradient for w[1]
 * opt.step();
 * const [, unused] = w.toArray() as number[];
 * assert.ok(Math.abs(unused - 0.95) < 1e-6); // 1 · (1 - 0.1 · 0.5)
 * ```
 */
export class AdamW extends Optimizer<Required<AdamWOptions>, AdamState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode AdamWOptions}).
   * @example Defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdamW, zeros } from "@nabla/autograd";
   * const opt = new AdamW([zeros([2], { requiresGrad: true })]);
   * assert.equal(opt.paramGroups[0].weightDecay, 1e-2);
   * ```
   */
  constructor(params: Params<Required<AdamWOptions>>, options: AdamWOptions = {}) {
    super(params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 1e-2,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, eps and weight decay (>= 0) and betas (in [0, 1)).
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example Negative weight decay
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdamW, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new AdamW([p], { weightDecay: -1 }), {
   *   message: "Cannot create AdamW: weightDecay must be >= 0, got -1",
   * });
   * ```
   */
  protected override checkGroup(group: Required<AdamWOptions>, action: string): void {
    super.checkGroup(group, action);
    checkAdamGroup(group, action);
  }

  /**
   * One AdamW update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The step count and moment estimates, if any.
   * @param group The hyper-parameters.
   * @returns The updated state.
   * @example Step count
   * ```ts
   * import assert from "node:assert/strict";
   * import { AdamW, tensor } from "@nabla/autograd";
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new AdamW([w]);
   * w.sum().backward();
   * opt.step();
   * opt.step();
   * assert.equal(opt.state.get(w)?.step, 2);
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: AdamState | undefined,
    group: Required<AdamWOptions>,
  ): AdamState {
    return adamUpdate(param, grad, state, group, true);
  }
}

markBuiltInUpdate(AdamW);
