/**
 * `SequentialLR`: schedulers that take turns at milestone epochs, as
 * `torch.optim.lr_scheduler.SequentialLR` (a warmup, then a decay).
 */
import { checkOptions } from "../tensor/mod.ts";
import { LRScheduler, type LRSchedulerStateDict } from "./lr_scheduler.ts";
import { describe, type Optimizer } from "./optimizer.ts";

/** Options of {@linkcode SequentialLR}. */
export interface SequentialLROptions {
  /** The schedulers, in the order they take over; all of the same optimizer. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than schedulers). */
  milestones: readonly number[];
}

/** The state of a {@linkcode SequentialLR}: its own and each scheduler's. */
export interface SequentialLRStateDict extends LRSchedulerStateDict {
  /** The milestones. */
  milestones: number[];
  /** Each chained scheduler's state. */
  schedulers: LRSchedulerStateDict[];
}

/**
 * Runs `schedulers[0]` until `milestones[0]`, then `schedulers[1]` started
 * afresh from its epoch 0, and so on, exactly as PyTorch's `SequentialLR`.
 * Create the chained schedulers first, then this one; step only this one.
 * @example Linear warmup for 5 steps, then cosine decay
 * ```ts
 * import assert from "node:assert/strict";
 * import { CosineAnnealingLR, LinearLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const warmup = new LinearLR(opt, { startFactor: 0.2, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, { tMax: 20 });
 * const scheduler = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] });
 * assert.equal(scheduler.getLastLr()[0], 0.2);
 * for (let i = 0; i < 5; i++) scheduler.step();
 * assert.equal(scheduler.getLastLr()[0], 1); // the cosine decay starts at the base lr
 * ```
 */
export class SequentialLR extends LRScheduler {
  /** The chained schedulers. */
  readonly schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  readonly milestones: readonly number[];

  /**
   * Chains the schedulers and undoes their own first steps, then starts the
   * first one.
   * @param optimizer The optimizer of every scheduler.
   * @param options `schedulers` and `milestones`.
   * @example Milestones must fit the schedulers
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new ExponentialLR(opt, { gamma: 0.9 });
   * assert.throws(
   *   () => new SequentialLR(opt, { schedulers: [a], milestones: [3] }),
   *   /expected 0 milestones \(one fewer than the 1 schedulers\), got 1/,
   * );
   * ```
   */
  constructor(optimizer: Optimizer, options: SequentialLROptions) {
    super(optimizer);
    checkOptions("SequentialLR", options, ["schedulers", "milestones"]);
    const action = "Cannot create SequentialLR";
    const { schedulers, milestones } = options ?? {};
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new TypeError(
        `${action}: schedulers must be a non-empty array of schedulers, got ${
          describe(schedulers)
        }`,
      );
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) {
        throw new TypeError(`${action}: scheduler ${i} is ${describe(s)}, expected a scheduler`);
      }
      if (s.optimizer !== optimizer) {
        throw new RangeError(`${action}: scheduler ${i} belongs to another optimizer`);
      }
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      const got = Array.isArray(milestones) ? milestones.length : describe(milestones);
      throw new RangeError(
        `${action}: expected ${schedulers.length - 1} milestones (one fewer than the ` +
          `${schedulers.length} schedulers), got ${got}`,
      );
    }
    milestones.forEach((m, i) => {
      if (!Number.isInteger(m) || m <= 0 || (i > 0 && m <= milestones[i - 1])) {
        throw new RangeError(
          `${action}: milestones must be increasing positive integers, got [${
            milestones.join(", ")
          }]`,
        );
      }
    });
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.initialStep();
  }

  /**
   * Steps the scheduler whose turn it is (restarting it at its milestone)
   * and returns its lrs; at epoch 0, resets every lr to its initial value,
   * undoes the chained schedulers' first steps and starts the first one.
   * @returns One lr per parameter group.
   * @example Stepping through a milestone
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new ExponentialLR(opt, { gamma: 0.5 });
   * const b = new ExponentialLR(opt, { gamma: 0.1 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * const lrs = [s.getLastLr()[0]];
   * for (let i = 0; i < 3; i++) {
   *   s.step();
   *   lrs.push(s.getLastLr()[0]);
   * }
   * assert.deepEqual(lrs.map((x) => +x.toFixed(6)), [1, 0.5, 1, 0.1]);
   * ```
   */
  protected override getLr(): number[] {
    const epoch = this.lastEpoch;
    if (epoch === 0) {
      for (const group of this.optimizer.paramGroups) group.lr = group.initialLr!;
      for (const s of this.schedulers) LRScheduler.rewind(s);
      this.schedulers[0].step();
      return this.schedulers[0].getLastLr();
    }
    let idx = 0;
    while (idx < this.milestones.length && this.milestones[idx] <= epoch) idx++;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === epoch) LRScheduler.jump(s, 0);
    else s.step();
    return s.getLastLr();
  }

  /**
   * The state, with the milestones and each chained scheduler's state.
   * @returns The state dict.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new ExponentialLR(opt, { gamma: 0.5 });
   * const b = new ExponentialLR(opt, { gamma: 0.1 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * assert.equal(s.stateDict().schedulers.length, 2);
   * ```
   */
  override stateDict(): SequentialLRStateDict {
    return {
      ...super.stateDict(),
      milestones: [...this.milestones],
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  /**
   * Restores a state from {@linkcode SequentialLR.stateDict}, the chained
   * schedulers' states included.
   * @param stateDict The state.
   * @example Resuming
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const make = () => {
   *   const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   *   const a = new ExponentialLR(opt, { gamma: 0.5 });
   *   const b = new ExponentialLR(opt, { gamma: 0.1 });
   *   return new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * };
   * const s = make();
   * for (let i = 0; i < 3; i++) s.step();
   * const t = make();
   * t.optimizer.loadStateDict(s.optimizer.stateDict()); // the lrs live in the optimizer
   * t.loadStateDict(s.stateDict());
   * s.step();
   * t.step();
   * assert.deepEqual(t.getLastLr(), s.getLastLr());
   * ```
   */
  override loadStateDict(stateDict: SequentialLRStateDict): void {
    const n = this.schedulers.length;
    if (!Array.isArray(stateDict?.schedulers) || stateDict.schedulers.length !== n) {
      throw new RangeError(
        `Cannot load the state of SequentialLR in loadStateDict(): expected the states of ` +
          `${n} schedulers`,
      );
    }
    super.loadStateDict(stateDict);
    this.schedulers.forEach((s, i) => s.loadStateDict(stateDict.schedulers[i]));
  }
}
