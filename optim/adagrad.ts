/**
 * Adagrad, with lr decay, weight decay and maximization, as `torch.optim.Adagrad`.
 */
import { checkOptions, fullLike, type Tensor } from "../tensor/mod.ts";
import { checkHyperParam, markBuiltInUpdate, Optimizer, type Params } from "./optimizer.ts";

/** Options of {@linkcode Adagrad} (and the hyper-parameters of its groups). */
export interface AdagradOptions {
  /**
   * Learning rate.
   * @default 1e-2
   */
  lr?: number;
  /**
   * Learning-rate decay: step `t` uses `lr / (1 + (t - 1)·lrDecay)`.
   * @default 0
   */
  lrDecay?: number;
  /**
   * L2 penalty λ: `λ·param` is added to the gradient.
   * @default 0
   */
  weightDecay?: number;
  /**
   * Starting value of the sum of squared gradients.
   * @default 0
   */
  initialAccumulatorValue?: number;
  /**
   * Term added to the denominator for numerical stability.
   * @default 1e-10
   */
  eps?: number;
  /**
   * Maximize the objective instead of minimizing it.
   * @default false
   */
  maximize?: boolean;
}

/** Per-parameter state of {@linkcode Adagrad}. */
export interface AdagradState {
  /** Number of updates of this parameter. */
  step: number;
  /** Sum of the squared gradients so far. */
  sum: Tensor;
}

/**
 * Adagrad (Duchi et al., 2011), as PyTorch's `Adagrad`: each element's step
 * shrinks with the square root of the sum of its squared gradients,
 * `s += g²; p -= lr_t · g / (√s + ε)` with `lr_t = lr / (1 + (t - 1)·lrDecay)`.
 *
 * @example Minimizing a quadratic
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adagrad, tensor } from "@nabla/autograd";
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new Adagrad([w], { lr: 0.5 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * assert.ok(w.abs().sum().item() < 0.01);
 * ```
 */
export class Adagrad extends Optimizer<Required<AdagradOptions>, AdagradState> {
  /**
   * Creates the optimizer.
   * @param params Parameters (leaf tensors) or parameter groups.
   * @param options Hyper-parameters (see {@linkcode AdagradOptions}).
   * @example PyTorch's defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adagrad, zeros } from "@nabla/autograd";
   * const opt = new Adagrad([zeros([2], { requiresGrad: true })]);
   * assert.equal(opt.paramGroups[0].eps, 1e-10);
   * ```
   */
  constructor(params: Params<Required<AdagradOptions>>, options: AdagradOptions = {}) {
    checkOptions("Adagrad", options, [
      "lr",
      "lrDecay",
      "weightDecay",
      "initialAccumulatorValue",
      "eps",
      "maximize",
    ]);
    super(params, {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Checks lr, lr decay, weight decay, the initial accumulator and eps (all >= 0).
   * @param group The hyper-parameters.
   * @param action The start of the error message.
   * @example Negative lr decay
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adagrad, zeros } from "@nabla/autograd";
   * const p = zeros([1], { requiresGrad: true });
   * assert.throws(() => new Adagrad([p], { lrDecay: -1 }), {
   *   message: "Cannot create Adagrad: lrDecay must be >= 0, got -1",
   * });
   * ```
   */
  protected override checkGroup(group: Required<AdagradOptions>, action: string): void {
    super.checkGroup(group, action);
    checkHyperParam(action, "lrDecay", group.lrDecay, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "weightDecay", group.weightDecay, (v) => v >= 0, ">= 0");
    checkHyperParam(
      action,
      "initialAccumulatorValue",
      group.initialAccumulatorValue,
      (v) => v >= 0,
      ">= 0",
    );
    checkHyperParam(action, "eps", group.eps, (v) => v >= 0, ">= 0");
  }

  /**
   * One Adagrad update of `param` (PyTorch's single-tensor rule, in its order).
   * @param param The parameter.
   * @param grad Its gradient.
   * @param state The sum of squared gradients, if any.
   * @param group The hyper-parameters.
   * @returns The updated state.
   * @example State after a step
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adagrad, tensor } from "@nabla/autograd";
   * const w = tensor([1], { requiresGrad: true, dtype: "float64" });
   * const opt = new Adagrad([w], { initialAccumulatorValue: 0.5 });
   * w.mul(2).sum().backward(); // gradient 2
   * opt.step();
   * assert.deepEqual(opt.state.get(w)?.sum.toArray(), [4.5]); // 0.5 + 2²
   * ```
   */
  protected override updateParam(
    param: Tensor,
    grad: Tensor,
    state: AdagradState | undefined,
    group: Required<AdagradOptions>,
  ): AdagradState {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    const s = state ?? { step: 0, sum: fullLike(param, initialAccumulatorValue) };
    s.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    const clr = lr / (1 + (s.step - 1) * lrDecay);
    s.sum.addcmul_(g, g);
    param.addcdiv_(g, s.sum.sqrt().add_(eps), { value: -clr });
    return s;
  }
}

markBuiltInUpdate(Adagrad);
