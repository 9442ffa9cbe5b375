/**
 * `OneCycleLR`: the 1cycle policy (Smith & Topin, 2018), as
 * `torch.optim.lr_scheduler.OneCycleLR`: the lr rises from a small value to
 * `maxLr`, then anneals far below the start, while momentum moves the other way.
 */
import { checkOptions } from "../tensor/mod.ts";
import { LRScheduler } from "./lr_scheduler.ts";
import { checkHyperParam, describe, type Optimizer, type ParamGroup } from "./optimizer.ts";

/** Options of {@linkcode OneCycleLR}; give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** The peak lr, for every group or one per group. */
  maxLr: number | readonly number[];
  /** The number of steps of the cycle. */
  totalSteps?: number;
  /** With `stepsPerEpoch`: `totalSteps = epochs · stepsPerEpoch`. */
  epochs?: number;
  /** With `epochs`. */
  stepsPerEpoch?: number;
  /**
   * Fraction of the cycle spent increasing the lr.
   * @default 0.3
   */
  pctStart?: number;
  /**
   * How to anneal between two values.
   * @default "cos"
   */
  annealStrategy?: "cos" | "linear";
  /**
   * Cycle the momentum (SGD's `momentum`, Adam's `betas[0]`) inversely to the lr.
   * @default true
   */
  cycleMomentum?: boolean;
  /**
   * The lowest momentum, reached when the lr peaks.
   * @default 0.85
   */
  baseMomentum?: number | readonly number[];
  /**
   * The highest momentum, at the start and end of the cycle.
   * @default 0.95
   */
  maxMomentum?: number | readonly number[];
  /**
   * The starting lr is `maxLr / divFactor`.
   * @default 25
   */
  divFactor?: number;
  /**
   * The final lr is `maxLr / divFactor / finalDivFactor`.
   * @default 1e4
   */
  finalDivFactor?: number;
  /**
   * Three phases (up, back down to the start, then to the final lr) instead of two.
   * @default false
   */
  threePhase?: boolean;
}

// A phase anneals from one group field to another, between two steps.
interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle learning-rate policy, exactly as PyTorch's `OneCycleLR`: call
 * `step()` after every batch, `totalSteps` times in all. It sets each group's
 * `initialLr`, `maxLr`, `minLr` (and, when cycling momentum, `maxMomentum`,
 * `baseMomentum`) as PyTorch does.
 * @example Up then down
 * ```ts
 * import assert from "node:assert/strict";
 * import { OneCycleLR, SGD, zeros } from "@nabla/autograd";
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const scheduler = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
 * const lrs = [scheduler.getLastLr()[0]];
 * for (let i = 0; i < 9; i++) {
 *   scheduler.step();
 *   lrs.push(scheduler.getLastLr()[0]);
 * }
 * assert.ok(Math.abs(lrs[0] - 0.04) < 1e-12); // maxLr / 25
 * assert.ok(Math.abs(Math.max(...lrs) - 1) < 1e-12);
 * assert.ok(lrs[9] < 1e-5);
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** The number of steps of the cycle. */
  readonly totalSteps: number;
  /** Whether momentum is cycled. */
  readonly cycleMomentum: boolean;
  /** How values are annealed. */
  readonly annealStrategy: "cos" | "linear";
  readonly #phases: Phase[];
  readonly #useBeta1: boolean;

  /**
   * Creates the scheduler, writes the cycle's bounds into the parameter
   * groups and sets the lrs of step 0.
   * @param optimizer The optimizer whose lrs (and momentum) to schedule.
   * @param options See {@linkcode OneCycleLROptions}.
   * @example Cycling Adam's β₁
   * ```ts
   * import assert from "node:assert/strict";
   * import { Adam, OneCycleLR, zeros } from "@nabla/autograd";
   * const opt = new Adam([zeros([1], { requiresGrad: true })]);
   * new OneCycleLR(opt, { maxLr: 0.01, epochs: 2, stepsPerEpoch: 5 });
   * assert.deepEqual(opt.paramGroups[0].betas, [0.95, 0.999]);
   * ```
   */
  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    checkOptions("OneCycleLR", options, [
      "maxLr",
      "totalSteps",
      "epochs",
      "stepsPerEpoch",
      "pctStart",
      "annealStrategy",
      "cycleMomentum",
      "baseMomentum",
      "maxMomentum",
      "divFactor",
      "finalDivFactor",
      "threePhase",
    ]);
    const action = "Cannot create OneCycleLR";
    const {
      maxLr,
      totalSteps,
      epochs,
      stepsPerEpoch,
      pctStart = 0.3,
      annealStrategy = "cos",
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options ?? {};
    const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
    let total: number;
    if (totalSteps !== undefined) {
      checkHyperParam(action, "totalSteps", totalSteps, positiveInt, "a positive integer");
      total = totalSteps;
    } else if (epochs !== undefined && stepsPerEpoch !== undefined) {
      checkHyperParam(action, "epochs", epochs, positiveInt, "a positive integer");
      checkHyperParam(action, "stepsPerEpoch", stepsPerEpoch, positiveInt, "a positive integer");
      total = epochs * stepsPerEpoch;
    } else {
      throw new TypeError(`${action}: give totalSteps, or epochs and stepsPerEpoch`);
    }
    checkHyperParam(action, "pctStart", pctStart, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkHyperParam(action, "divFactor", divFactor, (v) => v > 0, "> 0");
    checkHyperParam(action, "finalDivFactor", finalDivFactor, (v) => v > 0, "> 0");
    if (annealStrategy !== "cos" && annealStrategy !== "linear") {
      throw new RangeError(
        `${action}: annealStrategy must be "cos" or "linear", got ${describe(annealStrategy)}`,
      );
    }
    const groups = optimizer.paramGroups as (ParamGroup & Record<string, unknown>)[];
    const perGroup = (name: string, v: number | readonly number[]): number[] => {
      const list = typeof v === "number" ? groups.map(() => v) : v;
      if (!Array.isArray(list) || list.length !== groups.length) {
        throw new RangeError(
          `${action}: expected ${groups.length} values for ${name} (one per parameter group), ` +
            `got ${describe(v)}`,
        );
      }
      list.forEach((x) => checkHyperParam(action, name, x, (y) => y > 0, "> 0"));
      return list;
    };
    const maxLrs = perGroup("maxLr", maxLr);
    groups.forEach((g, i) => {
      g.initialLr = maxLrs[i] / divFactor;
      g.maxLr = maxLrs[i];
      g.minLr = g.initialLr / finalDivFactor;
    });
    const useBeta1 = "betas" in optimizer.defaults;
    if (cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !useBeta1) {
        throw new TypeError(
          `${action}: ${optimizer.constructor.name} has no momentum to cycle; ` +
            "pass cycleMomentum: false",
        );
      }
      const maxMs = perGroup("maxMomentum", maxMomentum);
      const baseMs = perGroup("baseMomentum", baseMomentum);
      groups.forEach((g, i) => {
        if (useBeta1) g.betas = [maxMs[i], ...(g.betas as number[]).slice(1)];
        else g.momentum = maxMs[i];
        g.maxMomentum = maxMs[i];
        g.baseMomentum = baseMs[i];
      });
    }
    super(optimizer);
    this.totalSteps = total;
    this.cycleMomentum = cycleMomentum;
    this.annealStrategy = annealStrategy;
    this.#useBeta1 = useBeta1;
    const up = pctStart * total - 1;
    this.#phases = threePhase
      ? [
        phase(up, "initialLr", "maxLr", "maxMomentum", "baseMomentum"),
        phase(2 * pctStart * total - 2, "maxLr", "initialLr", "baseMomentum", "maxMomentum"),
        phase(total - 1, "initialLr", "minLr", "maxMomentum", "maxMomentum"),
      ]
      : [
        phase(up, "initialLr", "maxLr", "maxMomentum", "baseMomentum"),
        phase(total - 1, "maxLr", "minLr", "baseMomentum", "maxMomentum"),
      ];
    this.initialStep();
  }

  /**
   * The lr of step `lastEpoch` in its phase, and the matching momentum,
   * which it writes into each group.
   * @returns One lr per parameter group.
   * @example Too many steps
   * ```ts
   * import assert from "node:assert/strict";
   * import { OneCycleLR, SGD, zeros } from "@nabla/autograd";
   * const opt = new SGD([zeros([1], { requiresGrad: true })], { momentum: 0.9 });
   * const s = new OneCycleLR(opt, { maxLr: 1, totalSteps: 2 });
   * s.step();
   * s.step(); // step 2 of 2: the last lr
   * assert.throws(() => s.step(), /tried to step 4 times; totalSteps is 2/);
   * ```
   */
  protected override getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(
        `Cannot step OneCycleLR in step(): tried to step ${step + 1} times; ` +
          `totalSteps is ${this.totalSteps}`,
      );
    }
    const anneal = this.annealStrategy === "cos" ? annealCos : annealLinear;
    const groups = this.optimizer.paramGroups as (ParamGroup & Record<string, unknown>)[];
    return groups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.#phases.length; i++) {
        const p = this.#phases[i];
        if (step <= p.endStep || i === this.#phases.length - 1) {
          const pct = (step - start) / (p.endStep - start);
          const lr = anneal(g[p.startLr] as number, g[p.endLr] as number, pct);
          if (this.cycleMomentum) {
            const m = anneal(g[p.startMomentum] as number, g[p.endMomentum] as number, pct);
            if (this.#useBeta1) g.betas = [m, ...(g.betas as number[]).slice(1)];
            else g.momentum = m;
          }
          return lr;
        }
        start = p.endStep;
      }
      throw new Error("internal: OneCycleLR found no phase");
    });
  }
}

function phase(
  endStep: number,
  startLr: string,
  endLr: string,
  startMomentum: string,
  endMomentum: string,
): Phase {
  return { endStep, startLr, endLr, startMomentum, endMomentum };
}

// Cosine anneal from `start` to `end` as `pct` goes from 0 to 1.
function annealCos(start: number, end: number, pct: number): number {
  return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
