/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler`: each `step()`
 * sets the `lr` of every parameter group of an optimizer, with PyTorch's
 * recursive (chainable) formulas.
 */
import { checkHyperParam, describe, Optimizer } from "./optimizer.ts";

/** The state of a scheduler, from {@linkcode LRScheduler.stateDict}. */
export interface LRSchedulerStateDict {
  /** The lr of each group before scheduling (its `initialLr`). */
  baseLrs: number[];
  /** The number of `step()` calls after the one made by the constructor. */
  lastEpoch: number;
  /** The lrs set by the last step. */
  lastLr: number[];
}

/**
 * Base class of the schedulers, after PyTorch's `LRScheduler`. The
 * constructor records each group's `initialLr` (its lr at that time);
 * `step()` advances `lastEpoch` and sets each group's lr to
 * {@linkcode LRScheduler.getLr}. Call `scheduler.step()` after
 * `optimizer.step()`.
 *
 * A subclass sets its own fields and then calls `this.initialStep()` at the
 * end of its constructor, as PyTorch's base constructor does.
 *
 * @example A custom schedule: halve the lr every step
 * ```ts
 * import assert from "node:assert/strict";
 * import { LRScheduler, SGD, zeros } from "@nabla/autograd";
 * class Halving extends LRScheduler {
 *   constructor(optimizer: SGD) {
 *     super(optimizer);
 *     this.initialStep();
 *   }
 *   protected override getLr(): number[] {
 *     const groups = this.optimizer.paramGroups;
 *     return groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2));
 *   }
 * }
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new Halving(opt);
 * scheduler.step();
 * scheduler.step();
 * assert.deepEqual(scheduler.getLastLr(), [0.25]);
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates are scheduled. */
  readonly optimizer: Optimizer;
  #baseLrs: number[];
  #lastEpoch = -1;
  #lastLr: number[] = [];

  /**
   * Attaches the scheduler: sets `initialLr` on groups that lack it and
   * records the base lrs. Subclasses then call `initialStep()`.
   * @param optimizer The optimizer to schedule.
   * @example Base learning rates
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.5 });
   * const scheduler = new StepLR(opt, { stepSize: 10 });
   * assert.deepEqual(scheduler.baseLrs, [0.5]);
   * assert.equal(opt.paramGroups[0].initialLr, 0.5);
   * ```
   */
  constructor(optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(
        `Cannot create ${this.constructor.name}: expected an Optimizer, got ${describe(optimizer)}`,
      );
    }
    this.optimizer = optimizer;
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.#baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /**
   * The first step, made at construction: sets `lastEpoch` to 0 and each
   * group's lr to its value at epoch 0. Subclass constructors call it last.
   * @example In a subclass constructor
   * ```ts
   * import assert from "node:assert/strict";
   * import { LRScheduler, SGD, zeros } from "@nabla/autograd";
   * class Constant extends LRScheduler {
   *   constructor(optimizer: SGD) {
   *     super(optimizer);
   *     this.initialStep();
   *   }
   *   protected override getLr(): number[] {
   *     return this.optimizer.paramGroups.map((g) => g.lr);
   *   }
   * }
   * const s = new Constant(new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 }));
   * assert.equal(s.lastEpoch, 0);
   * ```
   */
  protected initialStep(): void {
    this.#lastEpoch = -1;
    this.step();
  }

  /**
   * The lr of each group at the current `lastEpoch`, from the current lrs
   * (PyTorch's chainable `get_lr()`). Called by `step()`.
   * @returns One lr per parameter group.
   * @example See the class example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const scheduler = new CosineAnnealingLR(opt, { tMax: 2 });
   * scheduler.step();
   * assert.ok(Math.abs(scheduler.getLastLr()[0] - 0.5) < 1e-12);
   * ```
   */
  protected abstract getLr(): number[];

  /**
   * The base learning rates (each group's `initialLr`).
   * @returns One lr per group.
   * @example Base lrs
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.3 });
   * assert.deepEqual(new LinearLR(opt).baseLrs, [0.3]);
   * ```
   */
  get baseLrs(): number[] {
    return [...this.#baseLrs];
  }

  /**
   * The number of `step()` calls since construction (0 right after it).
   * @returns The epoch counter.
   * @example Counting steps
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const scheduler = new StepLR(new SGD([zeros([1], { requiresGrad: true })]), { stepSize: 2 });
   * scheduler.step();
   * assert.equal(scheduler.lastEpoch, 1);
   * ```
   */
  get lastEpoch(): number {
    return this.#lastEpoch;
  }

  /**
   * Advances the schedule by one epoch (or iteration) and sets the lr of
   * each parameter group.
   * @example Step after the optimizer
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, tensor } from "@nabla/autograd";
   * const w = tensor([1], { requiresGrad: true });
   * const opt = new SGD([w], { lr: 0.1 });
   * const scheduler = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
   * for (let epoch = 0; epoch < 3; epoch++) {
   *   opt.zeroGrad();
   *   w.square().sum().backward();
   *   opt.step();
   *   scheduler.step();
   * }
   * assert.equal(opt.paramGroups[0].lr, 0.0125);
   * ```
   */
  step(): void {
    this.#lastEpoch += 1;
    this.#apply(this.getLr());
  }

  #apply(values: number[]): void {
    const groups = this.optimizer.paramGroups;
    for (let i = 0; i < Math.min(groups.length, values.length); i++) groups[i].lr = values[i];
    this.#lastLr = groups.map((g) => g.lr);
  }

  /**
   * The lrs at `lastEpoch` computed from the base lrs alone (PyTorch's
   * `_get_closed_form_lr`), or `null` for a scheduler defined only step by
   * step; {@linkcode SequentialLR} starts a scheduler afresh with it.
   * @returns One lr per parameter group, or `null`.
   * @example A closed form
   * ```ts
   * import assert from "node:assert/strict";
   * import { LRScheduler, SGD, zeros } from "@nabla/autograd";
   * class Halving extends LRScheduler {
   *   constructor(optimizer: SGD) {
   *     super(optimizer);
   *     this.initialStep();
   *   }
   *   protected override getLr(): number[] {
   *     return this.closedFormLr();
   *   }
   *   protected override closedFormLr(): number[] {
   *     return this.baseLrs.map((lr) => lr / 2 ** this.lastEpoch);
   *   }
   * }
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new Halving(opt);
   * s.step();
   * assert.deepEqual(s.getLastLr(), [0.5]);
   * ```
   */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /**
   * Moves `scheduler` one epoch back without changing any lr, as SequentialLR
   * does to undo the initial step of the schedulers it chains.
   * @param scheduler The scheduler.
   * @example Rewinding in a subclass
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, LRScheduler, SGD, zeros } from "@nabla/autograd";
   * class Rewinder extends LRScheduler {
   *   static back(s: LRScheduler): void {
   *     LRScheduler.rewind(s);
   *   }
   *   protected override getLr(): number[] {
   *     return [];
   *   }
   * }
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new ExponentialLR(opt, { gamma: 0.5 });
   * Rewinder.back(s);
   * assert.equal(s.lastEpoch, -1);
   * ```
   */
  protected static rewind(scheduler: LRScheduler): void {
    scheduler.#lastEpoch -= 1;
  }

  /**
   * Sets `scheduler` to `epoch` and applies its closed form (its step rule
   * when it has none): PyTorch's deprecated `step(epoch)`, which SequentialLR
   * uses at a milestone.
   * @param scheduler The scheduler.
   * @param epoch The epoch to jump to.
   * @example Restarting in a subclass
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExponentialLR, LRScheduler, SGD, zeros } from "@nabla/autograd";
   * class Restarter extends LRScheduler {
   *   static restart(s: LRScheduler): void {
   *     LRScheduler.jump(s, 0);
   *   }
   *   protected override getLr(): number[] {
   *     return [];
   *   }
   * }
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new ExponentialLR(opt, { gamma: 0.5 });
   * s.step();
   * Restarter.restart(s);
   * assert.deepEqual(s.getLastLr(), [1]);
   * ```
   */
  protected static jump(scheduler: LRScheduler, epoch: number): void {
    scheduler.#lastEpoch = epoch;
    scheduler.#apply(scheduler.closedFormLr() ?? scheduler.getLr());
  }

  /**
   * The learning rates set by the last `step()` (or by the constructor).
   * @returns One lr per parameter group.
   * @example Reading the lr
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
   * const scheduler = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
   * assert.deepEqual(scheduler.getLastLr(), [0.05]);
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The scheduler's state (counters, base and last lrs, and the options of
   * subclasses), for {@linkcode LRScheduler.loadStateDict}. The optimizer's
   * lrs are saved by the optimizer's own state dict.
   * @returns A plain object.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const scheduler = new StepLR(new SGD([zeros([1], { requiresGrad: true })]), { stepSize: 2 });
   * scheduler.step();
   * assert.equal(scheduler.stateDict().lastEpoch, 1);
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    return { baseLrs: this.baseLrs, lastEpoch: this.#lastEpoch, lastLr: this.getLastLr() };
  }

  /**
   * Restores a state from {@linkcode LRScheduler.stateDict} (load the
   * optimizer's state dict too, which holds the current lrs).
   * @param stateDict The saved state.
   * @example Resuming a schedule
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
   * a.step();
   * const b = new StepLR(opt, { stepSize: 5 });
   * b.loadStateDict(a.stateDict());
   * b.step(); // epoch 2: halve
   * assert.deepEqual(b.getLastLr(), [0.5]);
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const action = `Cannot load the state of ${this.constructor.name} in loadStateDict()`;
    const { baseLrs, lastEpoch, lastLr } = stateDict ?? {};
    const n = this.optimizer.paramGroups.length;
    if (!Array.isArray(baseLrs) || !Array.isArray(lastLr) || !Number.isInteger(lastEpoch)) {
      throw new TypeError(`${action}: expected { baseLrs, lastEpoch, lastLr } from stateDict()`);
    }
    if (baseLrs.length !== n) {
      throw new RangeError(
        `${action}: the state dict has ${baseLrs.length} base lrs, the optimizer has ${n} ` +
          "parameter groups",
      );
    }
    this.#baseLrs = [...baseLrs];
    this.#lastEpoch = lastEpoch;
    this.#lastLr = [...lastLr];
  }
}

/** Options of {@linkcode StepLR}. */
export interface StepLROptions {
  /** Period of the decay, in steps (a positive integer). */
  stepSize: number;
  /**
   * Factor applied to the lr every `stepSize` steps.
   * @default 0.1
   */
  gamma?: number;
}

/** The state of a {@linkcode StepLR}. */
export interface StepLRStateDict extends LRSchedulerStateDict {
  /** Period of the decay. */
  stepSize: number;
  /** Decay factor. */
  gamma: number;
}

/**
 * Multiplies the lr of each group by `gamma` every `stepSize` steps, as
 * PyTorch's `StepLR`: `lr = baseLr · gamma^⌊epoch / stepSize⌋` when nothing
 * else changes the lr.
 *
 * @example Halving every 2 epochs
 * ```ts
 * import assert from "node:assert/strict";
 * import { SGD, StepLR, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * const lrs = [];
 * for (let i = 0; i < 5; i++) {
 *   lrs.push(scheduler.getLastLr()[0]);
 *   scheduler.step();
 * }
 * assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25]);
 * ```
 */
export class StepLR extends LRScheduler {
  /** Period of the decay, in steps. */
  stepSize: number;
  /** Factor applied every `stepSize` steps. */
  gamma: number;

  /**
   * Creates the scheduler and sets the lrs of epoch 0 (unchanged).
   * @param optimizer The optimizer to schedule.
   * @param options `stepSize` (required) and `gamma`.
   * @example Default gamma
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const scheduler = new StepLR(new SGD([zeros([1], { requiresGrad: true })]), { stepSize: 30 });
   * assert.equal(scheduler.gamma, 0.1);
   * ```
   */
  constructor(optimizer: Optimizer, options: StepLROptions) {
    super(optimizer);
    const action = "Cannot create StepLR";
    const { stepSize, gamma = 0.1 } = options ?? {};
    checkHyperParam(
      action,
      "stepSize",
      stepSize,
      (v) => Number.isInteger(v) && v > 0,
      "a positive integer",
    );
    checkHyperParam(action, "gamma", gamma, Number.isFinite, "a finite number");
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  /**
   * The current lrs, times `gamma` when `lastEpoch` is a positive multiple
   * of `stepSize`.
   * @returns One lr per parameter group.
   * @example At a multiple of stepSize
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const s = new StepLR(new SGD([zeros([1], { requiresGrad: true })], { lr: 1 }), { stepSize: 1 });
   * s.step();
   * assert.ok(Math.abs(s.getLastLr()[0] - 0.1) < 1e-15);
   * ```
   */
  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) {
      return groups.map((g) => g.lr);
    }
    return groups.map((g) => g.lr * this.gamma);
  }
  /**
   * The lrs at `lastEpoch` from the base lrs alone: `base · γ^⌊epoch / stepSize⌋`.
   * @returns One lr per parameter group.
   * @example Used at a SequentialLR milestone
   * ```ts
   * import assert from "node:assert/strict";
   * import { StepLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new StepLR(opt, { stepSize: 1 });
   * const b = new StepLR(opt, { stepSize: 1 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * s.step();
   * s.step(); // the milestone: b starts at its epoch 0
   * assert.equal(s.getLastLr()[0], b.getLastLr()[0]);
   * ```
   */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  /**
   * The state, with `stepSize` and `gamma`.
   * @returns A plain object.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const s = new StepLR(new SGD([zeros([1], { requiresGrad: true })]), { stepSize: 3, gamma: 0.5 });
   * assert.equal(s.stateDict().gamma, 0.5);
   * ```
   */
  override stateDict(): StepLRStateDict {
    return { ...super.stateDict(), stepSize: this.stepSize, gamma: this.gamma };
  }

  /**
   * Restores the state, with `stepSize` and `gamma`.
   * @param stateDict The saved state.
   * @example Loading
   * ```ts
   * import assert from "node:assert/strict";
   * import { SGD, StepLR, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * const s = new StepLR(opt, { stepSize: 1 });
   * s.loadStateDict(new StepLR(opt, { stepSize: 4, gamma: 0.5 }).stateDict());
   * assert.equal(s.stepSize, 4);
   * ```
   */
  override loadStateDict(stateDict: StepLRStateDict): void {
    super.loadStateDict(stateDict);
    this.stepSize = stateDict.stepSize;
    this.gamma = stateDict.gamma;
  }
}

/** Options of {@linkcode CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Number of steps of a half period (from the base lr to `etaMin`). */
  tMax: number;
  /**
   * The minimum learning rate.
   * @default 0
   */
  etaMin?: number;
}

/** The state of a {@linkcode CosineAnnealingLR}. */
export interface CosineAnnealingLRStateDict extends LRSchedulerStateDict {
  /** Steps of a half period. */
  tMax: number;
  /** Minimum lr. */
  etaMin: number;
}

/**
 * Anneals the lr of each group from its base lr to `etaMin` along a cosine
 * over `tMax` steps, then back up (without restarts), as PyTorch's
 * `CosineAnnealingLR` with its recursive formula; when nothing else changes
 * the lr, `lr = etaMin + (baseLr - etaMin)·(1 + cos(π·epoch / tMax)) / 2`.
 *
 * @example Half a cosine over 4 steps
 * ```ts
 * import assert from "node:assert/strict";
 * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new CosineAnnealingLR(opt, { tMax: 4 });
 * const lrs = [];
 * for (let i = 0; i < 5; i++) {
 *   lrs.push(+scheduler.getLastLr()[0].toFixed(4));
 *   scheduler.step();
 * }
 * assert.deepEqual(lrs, [1, 0.8536, 0.5, 0.1464, 0]);
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Number of steps of a half period. */
  tMax: number;
  /** The minimum learning rate. */
  etaMin: number;

  /**
   * Creates the scheduler and sets the lrs of epoch 0 (unchanged).
   * @param optimizer The optimizer to schedule.
   * @param options `tMax` (required) and `etaMin`.
   * @example A floor on the lr
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const scheduler = new CosineAnnealingLR(opt, { tMax: 1, etaMin: 0.1 });
   * scheduler.step();
   * assert.ok(Math.abs(opt.paramGroups[0].lr - 0.1) < 1e-12);
   * ```
   */
  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    const action = "Cannot create CosineAnnealingLR";
    const { tMax, etaMin = 0 } = options ?? {};
    checkHyperParam(
      action,
      "tMax",
      tMax,
      (v) => Number.isInteger(v) && v > 0,
      "a positive integer",
    );
    checkHyperParam(action, "etaMin", etaMin, Number.isFinite, "a finite number");
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  /**
   * The next lrs by PyTorch's recursive formula (ratio of consecutive
   * cosine factors, with a special case at the bottom of each period).
   * @returns One lr per parameter group.
   * @example Back up after tMax
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new CosineAnnealingLR(opt, { tMax: 1 });
   * s.step();
   * s.step();
   * assert.ok(Math.abs(s.getLastLr()[0] - 1) < 1e-12);
   * ```
   */
  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: epoch, tMax, etaMin } = this;
    if (epoch === 0) return groups.map((g) => g.lr);
    const base = this.baseLrs;
    // NOTE: Python's % is never negative, but both are 0 exactly for multiples.
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + (base[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
    }
    return groups.map((g) =>
      (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax)) *
        (g.lr - etaMin) + etaMin
    );
  }
  /**
   * The lrs at `lastEpoch` from the base lrs alone: `η_min + (base - η_min)(1 + cos(π·epoch/tMax))/2`.
   * @returns One lr per parameter group.
   * @example Used at a SequentialLR milestone
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new CosineAnnealingLR(opt, { tMax: 4 });
   * const b = new CosineAnnealingLR(opt, { tMax: 4 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * s.step();
   * s.step(); // the milestone: b starts at its epoch 0
   * assert.equal(s.getLastLr()[0], b.getLastLr()[0]);
   * ```
   */
  protected override closedFormLr(): number[] {
    const { lastEpoch: epoch, tMax, etaMin } = this;
    return this.baseLrs.map((lr) =>
      etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2
    );
  }

  /**
   * The state, with `tMax` and `etaMin`.
   * @returns A plain object.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
   * const s = new CosineAnnealingLR(new SGD([zeros([1], { requiresGrad: true })]), { tMax: 9 });
   * assert.equal(s.stateDict().tMax, 9);
   * ```
   */
  override stateDict(): CosineAnnealingLRStateDict {
    return { ...super.stateDict(), tMax: this.tMax, etaMin: this.etaMin };
  }

  /**
   * Restores the state, with `tMax` and `etaMin`.
   * @param stateDict The saved state.
   * @example Loading
   * ```ts
   * import assert from "node:assert/strict";
   * import { CosineAnnealingLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * const s = new CosineAnnealingLR(opt, { tMax: 2 });
   * s.loadStateDict(new CosineAnnealingLR(opt, { tMax: 8, etaMin: 1e-4 }).stateDict());
   * assert.equal(s.etaMin, 1e-4);
   * ```
   */
  override loadStateDict(stateDict: CosineAnnealingLRStateDict): void {
    super.loadStateDict(stateDict);
    this.tMax = stateDict.tMax;
    this.etaMin = stateDict.etaMin;
  }
}

/** Options of {@linkcode LinearLR}. */
export interface LinearLROptions {
  /**
   * Factor of the base lr at epoch 0, in (0, 1].
   * @default 1 / 3
   */
  startFactor?: number;
  /**
   * Factor of the base lr from epoch `totalIters` on, in [0, 1].
   * @default 1
   */
  endFactor?: number;
  /**
   * Number of steps over which the factor goes from start to end.
   * @default 5
   */
  totalIters?: number;
}

/** The state of a {@linkcode LinearLR}. */
export interface LinearLRStateDict extends LRSchedulerStateDict {
  /** Factor at epoch 0. */
  startFactor: number;
  /** Factor from epoch `totalIters` on. */
  endFactor: number;
  /** Length of the ramp. */
  totalIters: number;
}

/**
 * Scales the lr of each group by a factor going linearly from `startFactor`
 * to `endFactor` over `totalIters` steps (a warm-up when it rises), as
 * PyTorch's `LinearLR` with its recursive formula; when nothing else changes
 * the lr, `lr = baseLr·(start + (end - start)·min(epoch, totalIters) / totalIters)`.
 *
 * @example Warm-up over 4 steps
 * ```ts
 * import assert from "node:assert/strict";
 * import { LinearLR, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new LinearLR(opt, { startFactor: 0.2, totalIters: 4 });
 * const lrs = [];
 * for (let i = 0; i < 6; i++) {
 *   lrs.push(+scheduler.getLastLr()[0].toFixed(4));
 *   scheduler.step();
 * }
 * assert.deepEqual(lrs, [0.2, 0.4, 0.6, 0.8, 1, 1]);
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor of the base lr at epoch 0. */
  startFactor: number;
  /** Factor of the base lr from epoch `totalIters` on. */
  endFactor: number;
  /** Number of steps of the ramp. */
  totalIters: number;

  /**
   * Creates the scheduler and sets the lrs of epoch 0 (`lr · startFactor`).
   * @param optimizer The optimizer to schedule.
   * @param options `startFactor`, `endFactor` and `totalIters`.
   * @example Defaults
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.3 });
   * new LinearLR(opt);
   * assert.ok(Math.abs(opt.paramGroups[0].lr - 0.1) < 1e-12);
   * ```
   */
  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super(optimizer);
    const action = "Cannot create LinearLR";
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    checkHyperParam(action, "startFactor", startFactor, (v) => v > 0 && v <= 1, "in (0, 1]");
    checkHyperParam(action, "endFactor", endFactor, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkHyperParam(
      action,
      "totalIters",
      totalIters,
      (v) => Number.isInteger(v) && v > 0,
      "a positive integer",
    );
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  /**
   * The next lrs by PyTorch's recursive formula.
   * @returns One lr per parameter group.
   * @example Constant after totalIters
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new LinearLR(opt, { startFactor: 0.5, totalIters: 1 });
   * s.step();
   * s.step();
   * assert.deepEqual(s.getLastLr(), [1]);
   * ```
   */
  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: epoch, startFactor: start, endFactor: end, totalIters } = this;
    if (epoch === 0) return groups.map((g) => g.lr * start);
    if (epoch > totalIters) return groups.map((g) => g.lr);
    return groups.map((g) =>
      g.lr * (1 + (end - start) / (totalIters * start + (epoch - 1) * (end - start)))
    );
  }
  /**
   * The lrs at `lastEpoch` from the base lrs alone: `base · (start + (end - start)·min(epoch, totalIters)/totalIters)`.
   * @returns One lr per parameter group.
   * @example Used at a SequentialLR milestone
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SequentialLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const a = new LinearLR(opt, { startFactor: 0.5 });
   * const b = new LinearLR(opt, { startFactor: 0.5 });
   * const s = new SequentialLR(opt, { schedulers: [a, b], milestones: [2] });
   * s.step();
   * s.step(); // the milestone: b starts at its epoch 0
   * assert.equal(s.getLastLr()[0], b.getLastLr()[0]);
   * ```
   */
  protected override closedFormLr(): number[] {
    const { lastEpoch: epoch, startFactor: start, endFactor: end, totalIters } = this;
    return this.baseLrs.map((lr) =>
      lr * (start + (end - start) * Math.min(totalIters, epoch) / totalIters)
    );
  }

  /**
   * The state, with the factors and `totalIters`.
   * @returns A plain object.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const s = new LinearLR(new SGD([zeros([1], { requiresGrad: true })]), { totalIters: 7 });
   * assert.equal(s.stateDict().totalIters, 7);
   * ```
   */
  override stateDict(): LinearLRStateDict {
    return {
      ...super.stateDict(),
      startFactor: this.startFactor,
      endFactor: this.endFactor,
      totalIters: this.totalIters,
    };
  }

  /**
   * Restores the state, with the factors and `totalIters`.
   * @param stateDict The saved state.
   * @example Loading
   * ```ts
   * import assert from "node:assert/strict";
   * import { LinearLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * const s = new LinearLR(opt);
   * s.loadStateDict(new LinearLR(opt, { totalIters: 3 }).stateDict());
   * assert.equal(s.totalIters, 3);
   * ```
   */
  override loadStateDict(stateDict: LinearLRStateDict): void {
    super.loadStateDict(stateDict);
    this.startFactor = stateDict.startFactor;
    this.endFactor = stateDict.endFactor;
    this.totalIters = stateDict.totalIters;
  }
}
