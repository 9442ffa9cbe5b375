/**
 * `ExponentialLR`: the learning rate multiplied by γ at every step, as
 * `torch.optim.lr_scheduler.ExponentialLR`.
 */
import { checkOptions } from "../tensor/mod.ts";
import { LRScheduler, type LRSchedulerStateDict } from "./lr_scheduler.ts";
import { checkHyperParam, type Optimizer } from "./optimizer.ts";

/** Options of {@linkcode ExponentialLR}. */
export interface ExponentialLROptions {
  /** Factor applied to the lr at each step. */
  gamma: number;
}

/** The state of an {@linkcode ExponentialLR}. */
export interface ExponentialLRStateDict extends LRSchedulerStateDict {
  /** The decay factor. */
  gamma: number;
}

/**
 * Decays each group's lr by `gamma` at every step: `lr = base · γ^epoch`.
 * @example Halving every step
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExponentialLR, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new ExponentialLR(opt, { gamma: 0.5 });
 * scheduler.step();
 * scheduler.step();
 * assert.deepEqual(scheduler.getLastLr(), [0.25]);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** The decay factor. */
  gamma: number;

  /**
   * Creates the scheduler and sets the lrs of epoch 0 (the base lrs).
   * @param optimizer The optimizer whose lrs to schedule.
   * @param options `gamma`.
   * @example Creating
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * assert.deepEqual(new ExponentialLR(opt, { gamma: 0.9 }).getLastLr(), [0.1]);
   * ```
   */
  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super(optimizer);
    checkOptions("ExponentialLR", options, ["gamma"]);
    const gamma = options?.gamma;
    checkHyperParam(
      "Cannot create ExponentialLR",
      "gamma",
      gamma,
      Number.isFinite,
      "a finite number",
    );
    this.gamma = gamma;
    this.initialStep();
  }

  /**
   * The current lr of each group times γ (unchanged at epoch 0).
   * @returns One lr per parameter group.
   * @example See the class example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 2 });
   * new ExponentialLR(opt, { gamma: 0.5 }).step();
   * assert.equal(opt.paramGroups[0].lr, 1);
   * ```
   */
  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  /**
   * The lrs at `lastEpoch` from the base lrs alone: `base · γ^epoch`.
   * @returns One lr per parameter group.
   * @example Restarted by SequentialLR
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new ExponentialLR(opt, { gamma: 0.5 });
   * const b = new ExponentialLR(opt, { gamma: 0.9 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [1] });
   * s.step();
   * assert.deepEqual(s.getLastLr(), [1]);
   * ```
   */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }

  /**
   * The state, with `gamma`.
   * @returns The state dict.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * assert.equal(new ExponentialLR(opt, { gamma: 0.9 }).stateDict().gamma, 0.9);
   * ```
   */
  override stateDict(): ExponentialLRStateDict {
    return { ...super.stateDict(), gamma: this.gamma };
  }

  /**
   * Restores a state from {@linkcode ExponentialLR.stateDict}.
   * @param stateDict The state.
   * @example Restoring
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new ExponentialLR(opt, { gamma: 0.9 });
   * a.step();
   * const b = new ExponentialLR(opt, { gamma: 0.5 });
   * b.loadStateDict(a.stateDict());
   * assert.equal(b.gamma, 0.9);
   * assert.equal(b.lastEpoch, 1);
   * ```
   */
  override loadStateDict(stateDict: ExponentialLRStateDict): void {
    super.loadStateDict(stateDict);
    this.gamma = stateDict.gamma;
  }
}
