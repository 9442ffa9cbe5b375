/**
 * Adam, with L2 weight decay, AMSGrad and maximization, as `torch.optim.Adam`;
 * its update rule is shared with AdamW.
 */
import { type Tensor, zerosLike } from "../tensor/mod.ts";
import { checkHyperParam, markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/** Options of {@linkcode Adam} (and the hyper-parameters of its groups). */
export interface AdamOptions {
  /**
   * Learning rate.
   * @default 1e-3
   */
  lr?: number;
  /**
   * Decay rates β₁, β₂ of the running averages of the gradient and of its square.
   * @default [0.9, 0.999]
   */
  betas?: [number, number];
  /**
   * Term added to the denominator for numerical stability.
   * @default 1e-8
   */
  eps?: number;
  /**
   * L2 penalty λ: `λ·param` is added to the gradient.
   * @default 0
   */
  weightDecay?: number;
  /**
   * Use the AMSGrad variant (the maximum of past second moments).
   * @default false
   */
  amsgrad?: boolean;
  /**
   * Maximize the objective instead of minimizing it.
   * @default false
   */
  maximize?: boolean;
}

/** Per-parameter state of {@linkcode Adam} and {@linkcode AdamW}. */
export interface AdamState {
  /** Number of updates of this parameter. */
  step: number;
  /** Running average of the gradient (first moment). */
  expAvg: Tensor;
  /** Running average of the squared gradient (second moment). */
  expAvgSq: Tensor;
  /** Maximum of the second moments so far (with `amsgrad` only). */
  maxExpAvgSq?: Tensor;
}

/**
 * Checks the hyper-parameters shared by Adam and AdamW (besides lr).
 * Internal: not exported by `optim/mod.ts`.
 * @param group The hyper-parameters.
 * @param action The start of the error message.
 */
export function checkAdamGroup(group: Required<AdamOptions>, action: string): void {
  checkHyperParam(action, "eps", group.eps, (v) => v >= 0, ">= 0");
  const betas = group.betas;
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new RangeError(`${action}: betas must be a pair of numbers in [0, 1)`);
  }
  betas.forEach((b, i) =>
    checkHyperParam(action, `betas[${i}]`, b, (v) => v >= 0 && v < 1, "in [0, 1)")
  );
  checkHyperParam(action, "weightDecay", group.weightDecay, (v) => v >= 0, ">= 0");
}

/**
 * One Adam update of `param`, following PyTorch's single-tensor
 * implementation line by line; `decoupled` applies AdamW's weight decay
 * (`param *= 1 - lr·λ`) instead of adding `λ·param` to the gradient.
 * Internal: not exported by `optim/mod.ts`; runs under `noGrad()`.
 * @param param The parameter, updated in place.
 * @param grad Its gradient.
 * @param state Its state, or `undefined` at the first update (then created).
 * @param group The hyper-parameters.
 * @param decoupled AdamW's weight decay rather than Adam's.
 * @returns The updated state.
 */
export function adamUpdate(
  param: Tensor,
  grad: Tensor,
  state: AdamState | undefined,
  group: Required<AdamOptions>,
  decoupled: boolean,
): AdamState {
  const { lr, betas: [beta1, beta2], eps, weightDecay, amsgrad, maximize } = group;
  const s = state ?? { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
  if (amsgrad && s.maxExpAvgSq === undefined) s.maxExpAvgSq = zerosLike(param);
  let g = maximize ? grad.neg() : grad;
  s.step += 1;
  if (decoupled) param.mul_(1 - lr * weightDecay);
  else if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
  s.expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
  s.expAvgSq.mul_(beta2).addcmul_(g, g, { value: 1 - beta2 });
  const biasCorrection1 = 1 - beta1 ** s.step;
  const biasCorrection2 = 1 - beta2 ** s.step;
  const stepSize = lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let second = s.expAvgSq;
  if (amsgrad) {
    s.maxExpAvgSq!.copy_(s.maxExpAvgSq!.maximum(s.expAvgSq));
    second = s.maxExpAvgSq!;
  }
  const denom = second.sqrt().div_(biasCorrection2Sqrt).add_(eps);
  param.addcdiv_(s.expAvg, denom, { value: -stepSize });
  return s;
}

/**
 * Adam (Kingma and Ba, 2014), as PyTorch's `Adam`: running averages
 * `m = β₁·m + (1-β₁)·g` and `v = β₂·v + (1-β₂)·g²`, then
 * `p -= lr / (1-β₁ᵗ) · m / (√v / √(1-β₂ᵗ) + ε)`. Weight decay is an L2
 * penalty added to the gradient; see {@linkcode AdamW} for the decoupled form.
 *
 * @example Minimizing a quadratic
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adam, tensor } from "@nabla/autograd";
 * const w = tensor([3, -2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1 });
 * for (let i = 0; i < 200; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * assert.ok(w.abs().sum().item() < 0.05);
 * ```
 */
export class Adam extends Optimizer<Required<AdamOptions>, AdamState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode AdamOptions}).
   * @example Defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, zeros } from "@nabla/autograd";
   * const opt = new Adam([zeros([2], { requiresGrad: true })]);
   * assert.deepEqual(opt.paramGroups[0].betas, [0.9, 0.999]);
   * assert.equal(opt.paramGroups[0].lr, 1e-3);
   * ```
   */
  constructor(params: Params<Required<AdamOptions>>, options: AdamOptions = {}) {
    super(params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, eps and weight decay (>= 0) and betas (in [0, 1)).
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example Invalid betas
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new Adam([p], { betas: [0.9, 1] }), {
   *   message: "Cannot create Adam: betas[1] must be in [0, 1), got 1",
   * });
   * ```
   */
  protected override checkGroup(group: Required<AdamOptions>, action: string): void {
    super.checkGroup(group, action);
    checkAdamGroup(group, action);
  }

  /**
   * One Adam update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The step count and moment estimates, if any.
   * @param group The hyper-parameters.
   * @returns The updated state.
   * @example The first step moves each weight by about lr
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, tensor } from "@nabla/autograd";
   * const w = tensor([1, -1], { requiresGrad: true, dtype: "float64" });
   * const opt = new Adam([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.step();
   * assert.deepEqual((w.toArray() as number[]).map((v) => +v.toFixed(6)), [0.9, -0.9]);
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: AdamState | undefined,
    group: Required<AdamOptions>,
  ): AdamState {
    return adamUpdate(param, grad, state, group, false);
  }
}

markBuiltInUpdate(Adam);
