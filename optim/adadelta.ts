/**
 * Adadelta, with weight decay and maximization, as `torch.optim.Adadelta`.
 */
import { checkOptions, type Tensor, zerosLike } from "../tensor/mod.ts";
import { checkHyperParam, markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/** Options of {@linkcode Adadelta} (and the hyper-parameters of its groups). */
export interface AdadeltaOptions {
  /**
   * Factor of the update (Adadelta's own step is already scaled).
   * @default 1.0
   */
  lr?: number;
  /**
   * Smoothing constant ρ of both running averages.
   * @default 0.9
   */
  rho?: number;
  /**
   * Term added inside both square roots for numerical stability.
   * @default 1e-6
   */
  eps?: number;
  /**
   * L2 penalty λ: `λ·param` is added to the gradient.
   * @default 0
   */
  weightDecay?: number;
  /**
   * Maximize the objective instead of minimizing it.
   * @default false
   */
  maximize?: boolean;
}

/** Per-parameter state of {@linkcode Adadelta}. */
export interface AdadeltaState {
  /** Number of updates of this parameter. */
  step: number;
  /** Running average of the squared gradient. */
  squareAvg: Tensor;
  /** Running average of the squared update. */
  accDelta: Tensor;
}

/**
 * Adadelta (Zeiler, 2012), as PyTorch's `Adadelta`: the step is the gradient
 * scaled by the ratio of two running RMS values, of past updates and of past
 * gradients, so it needs no tuned learning rate:
 * `v = ρv + (1-ρ)g²; Δ = √(u + ε)/√(v + ε) · g; u = ρu + (1-ρ)Δ²; p -= lr·Δ`.
 *
 * @example Minimizing a quadratic
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adadelta, tensor } from "@nabla/autograd";
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new Adadelta([w], { lr: 10 });
 * for (let i = 0; i < 300; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * assert.ok(w.abs().sum().item() < 0.2);
 * ```
 */
export class Adadelta extends Optimizer<Required<AdadeltaOptions>, AdadeltaState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode AdadeltaOptions}).
   * @example PyTorch's defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adadelta, zeros } from "@nabla/autograd";
   * const opt = new Adadelta([zeros([2], { requiresGrad: true })]);
   * assert.equal(opt.paramGroups[0].lr, 1);
   * assert.equal(opt.paramGroups[0].rho, 0.9);
   * ```
   */
  constructor(params: Params<Required<AdadeltaOptions>>, options: AdadeltaOptions = {}) {
    checkOptions("Adadelta", options, ["lr", "rho", "eps", "weightDecay", "maximize"]);
    super(params, {
      lr: options.lr ?? 1.0,
      rho: options.rho ?? 0.9,
      eps: options.eps ?? 1e-6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, rho (in [0, 1]), eps and weight decay (>= 0).
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example rho out of range
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adadelta, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new Adadelta([p], { rho: 1.5 }), {
   *   message: "Cannot create Adadelta: rho must be in [0, 1], got 1.5",
   * });
   * ```
   */
  protected override checkGroup(group: Required<AdadeltaOptions>, action: string): void {
    super.checkGroup(group, action);
    checkHyperParam(action, "rho", group.rho, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkHyperParam(action, "eps", group.eps, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "weightDecay", group.weightDecay, (v) => v >= 0, ">= 0");
  }

  /**
   * One Adadelta update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The running averages, if any.
   * @param group The hyper-parameters.
   * @returns The updated state.
   * @example State after a step
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adadelta, tensor } from "@nabla/autograd";
   * const w = tensor([1], { requiresGrad: true, dtype: "float64" });
   * const opt = new Adadelta([w], { rho: 0.5 });
   * w.mul(2).sum().backward(); // gradient 2
   * opt.step();
   * assert.deepEqual(opt.state.get(w)?.squareAvg.toArray(), [2]); // 0.5 · 2²
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: AdadeltaState | undefined,
    group: Required<AdadeltaOptions>,
  ): AdadeltaState {
    const { lr, rho, eps, weightDecay, maximize } = group;
    const s = state ?? { step: 0, squareAvg: zerosLike(param), accDelta: zerosLike(param) };
    s.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    s.squareAvg.mul_(rho).addcmul_(g, g, { value: 1 - rho });
    const std = s.squareAvg.add(eps).sqrt();
    const delta = s.accDelta.add(eps).sqrt().div(std).mul(g);
    s.accDelta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
    param.add_(delta, { alpha: -lr });
    return s;
  }
}

markBuiltInUpdate(Adadelta);
