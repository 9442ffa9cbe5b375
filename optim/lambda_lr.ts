/**
 * `LambdaLR`: each group's lr is its base lr times a function of the epoch,
 * as `torch.optim.lr_scheduler.LambdaLR` (for example warmup then cosine decay).
 */
import { LRScheduler } from "./lr_scheduler.ts";
import { describe, type Optimizer } from "./optimizer.ts";

/** A multiplier of the base lr as a function of the epoch (the number of `step()` calls). */
export type LRLambda = (epoch: number) => number;

/**
 * Sets each group's lr to `base · lrLambda(epoch)`: any schedule as one
 * function, such as a linear warmup followed by a cosine decay.
 * @example Linear warmup, then cosine decay to 10 %
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdamW, LambdaLR, zeros } from "@nabla/autograd";
 * const warmup = 10, total = 100;
 * const opt = new AdamW([zeros([1], { requiresGrad: true })], { lr: 1e-3 });
 * const scheduler = new LambdaLR(opt, (step) => {
 *   if (step < warmup) return (step + 1) / warmup;
 *   const progress = (step - warmup) / (total - warmup);
 *   return 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress));
 * });
 * assert.ok(Math.abs(scheduler.getLastLr()[0] - 1e-4) < 1e-12);
 * for (let i = 0; i < 9; i++) scheduler.step();
 * assert.ok(Math.abs(scheduler.getLastLr()[0] - 1e-3) < 1e-12);
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One multiplier function per parameter group. */
  readonly lrLambdas: readonly LRLambda[];

  /**
   * Creates the scheduler and sets the lrs of epoch 0.
   * @param optimizer The optimizer whose lrs to schedule.
   * @param lrLambda One function for every group, or one per group.
   * @example One function per group
   * ```ts
   * import assert from "node:assert/strict";
   * import { LambdaLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([
   *   { params: [zeros([1], { requiresGrad: true })], lr: 1 },
   *   { params: [zeros([1], { requiresGrad: true })], lr: 2 },
   * ]);
   * const s = new LambdaLR(opt, [(e) => 0.5 ** e, () => 1]);
   * s.step();
   * assert.deepEqual(s.getLastLr(), [0.5, 2]);
   * ```
   */
  constructor(optimizer: Optimizer, lrLambda: LRLambda | readonly LRLambda[]) {
    super(optimizer);
    const n = optimizer.paramGroups.length;
    const lambdas = typeof lrLambda === "function" ? Array(n).fill(lrLambda) : lrLambda;
    if (!Array.isArray(lambdas) || lambdas.some((f) => typeof f !== "function")) {
      throw new TypeError(
        `Cannot create LambdaLR: lrLambda must be a function or an array of functions, got ${
          describe(lrLambda)
        }`,
      );
    }
    if (lambdas.length !== n) {
      throw new RangeError(
        `Cannot create LambdaLR: expected ${n} lr lambdas (one per parameter group), ` +
          `got ${lambdas.length}`,
      );
    }
    this.lrLambdas = [...lambdas];
    this.initialStep();
  }

  /**
   * `base · lrLambda(epoch)` for each group.
   * @returns One lr per parameter group.
   * @example Exponential decay as a lambda
   * ```ts
   * import assert from "node:assert/strict";
   * import { LambdaLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * new LambdaLR(opt, (e) => 0.1 ** e).step();
   * assert.equal(opt.paramGroups[0].lr, 0.1);
   * ```
   */
  protected override getLr(): number[] {
    return this.baseLrs.map((lr, i) => {
      const factor = this.lrLambdas[i](this.lastEpoch);
      if (typeof factor !== "number" || Number.isNaN(factor)) {
        throw new TypeError(
          `Cannot step LambdaLR in step(): lrLambda(${this.lastEpoch}) returned ${
            typeof factor === "number" ? factor : describe(factor)
          }, expected a number`,
        );
      }
      return lr * factor;
    });
  }
}
