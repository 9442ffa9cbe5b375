/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum,
 * weight decay and maximization, as `torch.optim.SGD`.
 */
import type { Tensor } from "../tensor/mod.ts";
import { checkOptions } from "../tensor/mod.ts";
import { checkHyperParam, markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/** Options of {@linkcode SGD} (and the hyper-parameters of its groups). */
export interface SGDOptions {
  /**
   * Learning rate.
   * @default 1e-3
   */
  lr?: number;
  /**
   * Momentum factor μ: the buffer is `b = μ·b + (1 - dampening)·g`.
   * @default 0
   */
  momentum?: number;
  /**
   * Dampening τ of the gradient added to the momentum buffer.
   * @default 0
   */
  dampening?: number;
  /**
   * L2 penalty λ: `λ·param` is added to the gradient.
   * @default 0
   */
  weightDecay?: number;
  /**
   * Nesterov momentum (needs momentum > 0 and no dampening).
   * @default false
   */
  nesterov?: boolean;
  /**
   * Maximize the objective instead of minimizing it.
   * @default false
   */
  maximize?: boolean;
}

/** Per-parameter state of {@linkcode SGD}. */
export interface SGDState {
  /** The momentum buffer (`null` without momentum). */
  momentumBuffer: Tensor | null;
}

/**
 * Stochastic gradient descent, optionally with momentum, as PyTorch's `SGD`:
 * `g = grad + λ·p`; with momentum `b = μ·b + (1 - τ)·g` (`b = g` at the first
 * step) and `g = b` (or `g + μ·b` for Nesterov); then `p -= lr·g`.
 *
 * @example Fitting a line
 * ```ts
 * import assert from "node:assert/strict";
 * import { SGD, tensor } from "@nabla/autograd";
 * const w = tensor([0], { requiresGrad: true });
 * const x = tensor([1, 2, 3]);
 * const y = tensor([2, 4, 6]);
 * const opt = new SGD([w], { lr: 0.05, momentum: 0.5 });
 * for (let i = 0; i < 50; i++) {
 *   opt.zeroGrad();
 *   w.mul(x).sub(y).square().mean().backward();
 *   opt.step();
 * }
 * assert.ok(Math.abs(w.item() - 2) < 1e-3);
 * ```
 */
export class SGD extends Optimizer<Required<SGDOptions>, SGDState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode SGDOptions}).
   * @example Momentum with weight decay
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([3], { requiresGrad: true })], { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
   * assert.equal(opt.paramGroups[0].dampening, 0);
   * ```
   */
  constructor(params: Params<Required<SGDOptions>>, options: SGDOptions = {}) {
    checkOptions("SGD", options, [
      "lr",
      "momentum",
      "dampening",
      "weightDecay",
      "nesterov",
      "maximize",
    ]);
    super(params, {
      lr: options.lr ?? 1e-3,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, momentum and weight decay (>= 0), and that Nesterov momentum
   * has a momentum and no dampening.
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example Nesterov needs momentum
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new SGD([p], { nesterov: true }), /nesterov requires a momentum/);
   * ```
   */
  protected override checkGroup(group: Required<SGDOptions>, action: string): void {
    super.checkGroup(group, action);
    checkHyperParam(action, "momentum", group.momentum, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "dampening", group.dampening, Number.isFinite, "a finite number");
    checkHyperParam(action, "weightDecay", group.weightDecay, (v) => v >= 0, ">= 0");
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new RangeError(
        `${action}: nesterov requires a momentum > 0 and zero dampening, got momentum ` +
          `${group.momentum} and dampening ${group.dampening}`,
      );
    }
  }

  /**
   * One SGD update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The momentum buffer, if any.
   * @param group The hyper-parameters.
   * @returns The state with the momentum buffer.
   * @example One step
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, tensor } from "@nabla/autograd";
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.5 });
   * w.sum().backward(); // gradient [1, 1]
   * opt.step();
   * assert.deepEqual(w.toArray(), [0.5, 1.5]);
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: SGDState | undefined,
    group: Required<SGDOptions>,
  ): SGDState {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let dP = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) dP = dP.add(param.mul(weightDecay));
    let buf = state?.momentumBuffer ?? null;
    if (momentum !== 0) {
      if (buf === null) buf = dP.clone();
      else buf.mul_(momentum).add_(dP, { alpha: 1 - dampening });
      dP = nesterov ? dP.add(buf.mul(momentum)) : buf;
    }
    param.add_(dP, { alpha: -lr });
    if (state === undefined) return { momentumBuffer: buf };
    state.momentumBuffer = buf; // updated in place, as PyTorch's state
    return state;
  }
}

markBuiltInUpdate(SGD);
