/**
 * `ReduceLROnPlateau`: lowers the learning rate when a monitored metric stops
 * improving, as `torch.optim.lr_scheduler.ReduceLROnPlateau`.
 */
import { checkOptions, Tensor } from "../tensor/mod.ts";
import { checkHyperParam, describe, Optimizer } from "./optimizer.ts";

/** Options of {@linkcode ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /**
   * `"min"`: the metric should fall (a loss); `"max"`: it should rise (an accuracy).
   * @default "min"
   */
  mode?: "min" | "max";
  /**
   * Factor applied to the lr on a plateau (`< 1`).
   * @default 0.1
   */
  factor?: number;
  /**
   * Steps without improvement tolerated before reducing the lr.
   * @default 10
   */
  patience?: number;
  /**
   * Smallest change that counts as an improvement.
   * @default 1e-4
   */
  threshold?: number;
  /**
   * `"rel"`: improve on `best · (1 ∓ threshold)`; `"abs"`: on `best ∓ threshold`.
   * @default "rel"
   */
  thresholdMode?: "rel" | "abs";
  /**
   * Steps to wait after a reduction before counting bad steps again.
   * @default 0
   */
  cooldown?: number;
  /**
   * Lower bound of the lr, for every group or one per group.
   * @default 0
   */
  minLr?: number | readonly number[];
  /**
   * Reductions smaller than this are skipped.
   * @default 1e-8
   */
  eps?: number;
}

/** The state of a {@linkcode ReduceLROnPlateau}. */
export interface ReduceLROnPlateauStateDict {
  /** The best metric so far. */
  best: number;
  /** Steps since the last improvement. */
  numBadEpochs: number;
  /** Steps of cooldown left. */
  cooldownCounter: number;
  /** Number of `step()` calls. */
  lastEpoch: number;
  /** The lrs after the last step. */
  lastLr: number[];
}

/**
 * Multiplies every group's lr by `factor` once the metric passed to `step()`
 * has not improved for more than `patience` steps, exactly as PyTorch's
 * `ReduceLROnPlateau` (call `step(validationLoss)` once per epoch).
 * @example A stalled loss
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
 * const scheduler = new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
 * for (const loss of [1, 0.5, 0.5, 0.5, 0.5]) scheduler.step(loss);
 * assert.deepEqual(scheduler.getLastLr(), [0.5]);
 * ```
 */
export class ReduceLROnPlateau {
  /** The optimizer whose lrs are reduced. */
  readonly optimizer: Optimizer;
  /** Whether the metric should fall or rise. */
  readonly mode: "min" | "max";
  /** The reduction factor. */
  readonly factor: number;
  /** Bad steps tolerated. */
  readonly patience: number;
  /** The improvement threshold. */
  readonly threshold: number;
  /** Relative or absolute threshold. */
  readonly thresholdMode: "rel" | "abs";
  /** Steps of cooldown after a reduction. */
  readonly cooldown: number;
  /** The lower bound of each group's lr. */
  readonly minLrs: readonly number[];
  /** The smallest reduction applied. */
  readonly eps: number;
  #best: number;
  #numBadEpochs = 0;
  #cooldownCounter = 0;
  #lastEpoch = 0;
  #lastLr: number[];

  /**
   * Creates the scheduler (it changes no lr until a plateau).
   * @param optimizer The optimizer.
   * @param options See {@linkcode ReduceLROnPlateauOptions}.
   * @example A factor of 1 would never reduce
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * assert.throws(() => new ReduceLROnPlateau(opt, { factor: 1 }), /factor must be < 1/);
   * ```
   */
  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const action = "Cannot create ReduceLROnPlateau";
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`${action}: expected an Optimizer, got ${describe(optimizer)}`);
    }
    checkOptions("ReduceLROnPlateau", options, [
      "mode",
      "factor",
      "patience",
      "threshold",
      "thresholdMode",
      "cooldown",
      "minLr",
      "eps",
    ]);
    const {
      mode = "min",
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = "rel",
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    if (mode !== "min" && mode !== "max") {
      throw new RangeError(`${action}: mode must be "min" or "max", got ${describe(mode)}`);
    }
    if (thresholdMode !== "rel" && thresholdMode !== "abs") {
      throw new RangeError(
        `${action}: thresholdMode must be "rel" or "abs", got ${describe(thresholdMode)}`,
      );
    }
    checkHyperParam(action, "factor", factor, (v) => v >= 0 && v < 1, "< 1 (and >= 0)");
    const count = (v: number) => Number.isInteger(v) && v >= 0;
    checkHyperParam(action, "patience", patience, count, "an integer >= 0");
    checkHyperParam(action, "cooldown", cooldown, count, "an integer >= 0");
    checkHyperParam(action, "threshold", threshold, (v) => v >= 0, ">= 0");
    checkHyperParam(action, "eps", eps, (v) => v >= 0, ">= 0");
    const n = optimizer.paramGroups.length;
    const minLrs = typeof minLr === "number" ? Array(n).fill(minLr) : minLr;
    if (!Array.isArray(minLrs) || minLrs.length !== n) {
      throw new RangeError(
        `${action}: expected ${n} min lrs (one per parameter group), got ${describe(minLr)}`,
      );
    }
    minLrs.forEach((v) => checkHyperParam(action, "minLr", v, (x) => x >= 0, ">= 0"));
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = [...minLrs];
    this.eps = eps;
    this.#best = mode === "min" ? Infinity : -Infinity;
    this.#lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Records one value of the metric and reduces the lrs after too many
   * steps without improvement.
   * @param metric The monitored value (a number or a one-element tensor).
   * @example Accuracy that stops rising
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
   * const s = new ReduceLROnPlateau(opt, { mode: "max", patience: 0 });
   * s.step(0.9);
   * s.step(0.8);
   * assert.ok(Math.abs(opt.paramGroups[0].lr - 0.1) < 1e-15);
   * ```
   */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== "number" || Number.isNaN(current)) {
      throw new TypeError(
        `Cannot step ReduceLROnPlateau in step(): expected a number, got ${describe(metric)}`,
      );
    }
    this.#lastEpoch += 1;
    if (this.#isBetter(current)) {
      this.#best = current;
      this.#numBadEpochs = 0;
    } else {
      this.#numBadEpochs += 1;
    }
    if (this.#cooldownCounter > 0) {
      this.#cooldownCounter -= 1;
      this.#numBadEpochs = 0; // bad steps in cooldown do not count
    }
    if (this.#numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const lr = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - lr > this.eps) g.lr = lr;
      });
      this.#cooldownCounter = this.cooldown;
      this.#numBadEpochs = 0;
    }
    this.#lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  #isBetter(a: number): boolean {
    const best = this.#best, t = this.threshold;
    if (this.mode === "min") {
      return this.thresholdMode === "rel" ? a < best * (1 - t) : a < best - t;
    }
    return this.thresholdMode === "rel" ? a > best * (t + 1) : a > best + t;
  }

  /**
   * The lrs after the last step.
   * @returns One lr per parameter group.
   * @example Before any plateau
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.3 });
   * assert.deepEqual(new ReduceLROnPlateau(opt).getLastLr(), [0.3]);
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The counters, to resume training.
   * @returns The state dict.
   * @example Saving
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * const s = new ReduceLROnPlateau(opt);
   * s.step(2);
   * assert.equal(s.stateDict().best, 2);
   * ```
   */
  stateDict(): ReduceLROnPlateauStateDict {
    return {
      best: this.#best,
      numBadEpochs: this.#numBadEpochs,
      cooldownCounter: this.#cooldownCounter,
      lastEpoch: this.#lastEpoch,
      lastLr: this.getLastLr(),
    };
  }

  /**
   * Restores the counters from {@linkcode ReduceLROnPlateau.stateDict}.
   * @param stateDict The state.
   * @example Resuming
   * ```ts
   * import assert from "node:assert/strict";
   * import { ReduceLROnPlateau, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })]);
   * const a = new ReduceLROnPlateau(opt);
   * a.step(2);
   * const b = new ReduceLROnPlateau(opt);
   * b.loadStateDict(a.stateDict());
   * assert.equal(b.stateDict().lastEpoch, 1);
   * ```
   */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict): void {
    const { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr } = stateDict ?? {};
    if (
      typeof best !== "number" || !Number.isInteger(numBadEpochs) ||
      !Number.isInteger(cooldownCounter) || !Number.isInteger(lastEpoch) || !Array.isArray(lastLr)
    ) {
      throw new TypeError(
        "Cannot load the state of ReduceLROnPlateau in loadStateDict(): expected " +
          "{ best, numBadEpochs, cooldownCounter, lastEpoch, lastLr } from stateDict()",
      );
    }
    this.#best = best;
    this.#numBadEpochs = numBadEpochs;
    this.#cooldownCounter = cooldownCounter;
    this.#lastEpoch = lastEpoch;
    this.#lastLr = [...lastLr];
  }
}
