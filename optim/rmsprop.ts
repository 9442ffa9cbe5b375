/**
 * RMSprop, with momentum, centering, weight decay and maximization, as
 * `torch.optim.RMSprop`.
 */
import { type Tensor, zerosLike } from "../tensor/mod.ts";
import { checkHyperParam, markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/** Options of {@linkcode RMSprop} (and the hyper-parameters of its groups). */
export interface RMSpropOptions {
  /**
   * Learning rate.
   * @default 1e-2
   */
  lr?: number;
  /**
   * Smoothing constant α of the running average of the squared gradient.
   * @default 0.99
   */
  alpha?: number;
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
   * Momentum factor.
   * @default 0
   */
  momentum?: number;
  /**
   * Normalize by an estimate of the gradient's variance (subtracting the
   * square of its running average) instead of its second moment.
   * @default false
   */
  centered?: boolean;
  /**
   * Maximize the objective instead of minimizing it.
   * @default false
   */
  maximize?: boolean;
}

/** Per-parameter state of {@linkcode RMSprop}. */
export interface RMSpropState {
  /** Number of updates of this parameter. */
  step: number;
  /** Running average of the squared gradient. */
  squareAvg: Tensor;
  /** Momentum buffer (with `momentum > 0` only). */
  momentumBuffer?: Tensor;
  /** Running average of the gradient (with `centered` only). */
  gradAvg?: Tensor;
}

/**
 * RMSprop (Hinton), as PyTorch's `RMSprop`: `v = α·v + (1-α)·g²`, then
 * `p -= lr · g / (√v + ε)`; `centered` uses `√(v - ḡ²)` with `ḡ` the running
 * average of `g`, and `momentum` accumulates `g / (√v + ε)` in a buffer.
 *
 * @example Minimizing a quadratic
 * ```ts
 * import assert from "node:assert/strict";
 * import { RMSprop, tensor } from "@nabla/autograd";
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new RMSprop([w], { lr: 0.01 });
 * for (let i = 0; i < 200; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * assert.ok(w.abs().sum().item() < 0.05);
 * ```
 */
export class RMSprop extends Optimizer<Required<RMSpropOptions>, RMSpropState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode RMSpropOptions}).
   * @example Centered RMSprop with momentum
   * ```ts
   * import assert from "node:assert/strict";
   * import { RMSprop, zeros } from "@nabla/autograd";
   * const opt = new RMSprop([zeros([2], { requiresGrad: true })], { centered: true, momentum: 0.9 });
   * assert.equal(opt.paramGroups[0].alpha, 0.99);
   * ```
   */
  constructor(params: Params<Required<RMSpropOptions>>, options: RMSpropOptions = {}) {
    super(params, {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, alpha, eps, weight decay and momentum (all >= 0).
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example Negative momentum
   * ```ts
   * import assert from "node:assert/strict";
   * import { RMSprop, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new RMSprop([p], { momentum: -0.5 }), {
   *   message: "Cannot create RMSprop: momentum must be >= 0, got -0.5",
   * });
   * ```
   */
  protected override checkGroup(group: Required<RMSpropOptions>, action: string): void {
    super.checkGroup(group, action);
    checkHyperParam(action, "alpha", group.alpha, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "eps", group.eps, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "weightDecay", group.weightDecay, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "momentum", group.momentum, (v) => v >= 0, ">= 0");
  }

  /**
   * One RMSprop update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The running averages and buffers, if any.
   * @param group The hyper-parameters.
   * @returns The updated state.
   * @example State after a step
   * ```ts
   * import assert from "node:assert/strict";
   * import { RMSprop, tensor } from "@nabla/autograd";
   * const w = tensor([1], { requiresGrad: true, dtype: "float64" });
   * const opt = new RMSprop([w], { alpha: 0.5 });
   * w.mul(2).sum().backward(); // gradient 2
   * opt.step();
   * assert.deepEqual(opt.state.get(w)?.squareAvg.toArray(), [2]); // 0.5 · 2²
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: RMSpropState | undefined,
    group: Required<RMSpropOptions>,
  ): RMSpropState {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    const s = state ?? { step: 0, squareAvg: zerosLike(param) };
    if (momentum > 0 && s.momentumBuffer === undefined) s.momentumBuffer = zerosLike(param);
    if (centered && s.gradAvg === undefined) s.gradAvg = zerosLike(param);
    s.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    s.squareAvg.mul_(alpha).addcmul_(g, g, { value: 1 - alpha });
    let avg: Tensor;
    if (centered) {
      s.gradAvg!.mul_(alpha).add_(g, { alpha: 1 - alpha });
      avg = s.squareAvg.sub(s.gradAvg!.square()).sqrt();
    } else {
      avg = s.squareAvg.sqrt();
    }
    avg.add_(eps);
    if (momentum > 0) {
      s.momentumBuffer!.mul_(momentum).addcdiv_(g, avg);
      param.add_(s.momentumBuffer!, { alpha: -lr });
    } else {
      param.addcdiv_(g, avg, { value: -lr });
    }
    return s;
  }
}

markBuiltInUpdate(RMSprop);
