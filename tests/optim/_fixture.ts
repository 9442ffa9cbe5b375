/**
 * Replays the trajectories of tests/fixtures/optim.json (written by
 * make_optim_fixtures.py with torch.optim) with nabla's optimizers.
 */
import fixture from "../fixtures/optim.json" with { type: "json" };
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRLambda,
  type LRScheduler,
  OneCycleLR,
  type OneCycleLROptions,
  type Optimizer,
  ReduceLROnPlateau,
  RMSprop,
  SequentialLR,
  SGD,
  StepLR,
} from "../../optim/mod.ts";
import { type Tensor, tensor } from "../../tensor/mod.ts";
import { flat } from "../_helpers.ts";

/** One optimizer case of the fixture. */
export interface OptimCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups?: ({ params: string[] } & Record<string, unknown>)[];
  scheduler?: (string | Record<string, unknown>)[];
  dropB?: boolean;
  steps: { loss: number; w: number[][]; b: number[]; lr: number[] }[];
}

/** One scheduler case of the fixture. */
export interface SchedulerCase {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  baseLrs: number[];
  lrs: number[][];
}

/** The optimizer cases. */
export const CASES: OptimCase[] = fixture.cases as OptimCase[];
/** The scheduler cases. */
export const SCHEDULER_CASES: SchedulerCase[] = fixture.schedulers as SchedulerCase[];

/** The fixed problem: parameters w [3, 2] and b [2] (float64), data x and t. */
export function problem(): { w: Tensor; b: Tensor; x: Tensor; t: Tensor } {
  const p = fixture.problem;
  return {
    w: tensor(p.w, { dtype: "float64", requiresGrad: true }),
    b: tensor(p.b, { dtype: "float64", requiresGrad: true }),
    x: tensor(p.x, { dtype: "float64" }),
    t: tensor(p.t, { dtype: "float64" }),
  };
}

/** sum((tanh(w * x + b) - t)²) + 0.1 · sum(sum(w, 0) * b), as in the Python script. */
export function lossOf(w: Tensor, b: Tensor, x: Tensor, t: Tensor): Tensor {
  return w.mul(x).add(b).tanh().sub(t).square().sum().add(w.sum(0).mul(b).sum().mul(0.1));
}

// deno-lint-ignore no-explicit-any
type AnyOptimizer = new (params: any, options?: any) => Optimizer;
const OPTIMIZERS: Record<string, AnyOptimizer> = { SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta };

/** A scheduler of the fixture: a chainable one, or ReduceLROnPlateau (stepped with the loss). */
export type AnyScheduler = LRScheduler | ReduceLROnPlateau;

/** LambdaLR's functions by the names the fixture uses (twins of make_optim_fixtures.py's). */
const LAMBDAS: Record<string, LRLambda> = {
  warmupCosine: (e) => e < 5 ? (e + 1) / 5 : 0.5 * (1 + Math.cos(Math.PI * (e - 5) / 20)),
  halfLife10: (e) => 0.5 ** (e / 10),
};

/** Builds the case's optimizer (and scheduler) over `w` and `b`. */
export function build(
  c: OptimCase,
  w: Tensor,
  b: Tensor,
): { optimizer: Optimizer; scheduler: AnyScheduler | null } {
  const named: Record<string, Tensor> = { w, b };
  const params = c.groups
    ? c.groups.map((g) => ({ ...g, params: g.params.map((n) => named[n]) }))
    : [w, b];
  const optimizer = new OPTIMIZERS[c.optimizer](params, c.options);
  let scheduler: AnyScheduler | null = null;
  if (c.scheduler) {
    const [name, options] = c.scheduler as [string, Record<string, number>];
    scheduler = makeScheduler(name, optimizer, options);
  }
  return { optimizer, scheduler };
}

/** A scheduler by its class name. */
export function makeScheduler(
  name: string,
  optimizer: Optimizer,
  options: Record<string, unknown>,
): AnyScheduler {
  switch (name) {
    case "ExponentialLR":
      return new ExponentialLR(optimizer, options as { gamma: number });
    case "LambdaLR": {
      const spec = options.lrLambda as string | string[];
      return new LambdaLR(
        optimizer,
        Array.isArray(spec) ? spec.map((n) => LAMBDAS[n]) : LAMBDAS[spec],
      );
    }
    case "SequentialLR": {
      const chain = (options.schedulers as [string, Record<string, unknown>][]).map(([n, o]) =>
        makeScheduler(n, optimizer, o) as LRScheduler
      );
      return new SequentialLR(optimizer, {
        schedulers: chain,
        milestones: options.milestones as number[],
      });
    }
    case "OneCycleLR":
      return new OneCycleLR(optimizer, options as unknown as OneCycleLROptions);
    case "ReduceLROnPlateau":
      return new ReduceLROnPlateau(optimizer, options);
    case "StepLR":
      return new StepLR(optimizer, options as { stepSize: number });
    case "CosineAnnealingLR":
      return new CosineAnnealingLR(optimizer, options as { tMax: number });
    case "LinearLR":
      return new LinearLR(optimizer, options);
    default:
      throw new Error(`unknown scheduler ${name}`);
  }
}

/** One training step of the fixture's loop; returns the loss before the update. */
export function trainStep(
  i: number,
  c: OptimCase,
  p: { w: Tensor; b: Tensor; x: Tensor; t: Tensor },
  optimizer: Optimizer,
  scheduler: AnyScheduler | null,
): number {
  optimizer.zeroGrad();
  const loss = lossOf(p.w, p.b, p.x, p.t);
  loss.backward();
  if (c.dropB && i % 2 === 0) p.b.grad = null;
  optimizer.step();
  if (scheduler instanceof ReduceLROnPlateau) scheduler.step(loss.item());
  else scheduler?.step();
  return loss.item();
}

/** The greatest absolute difference between two lists of numbers. */
export function maxDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

/**
 * Runs a case for all its steps and returns the greatest absolute difference
 * from torch over the losses, parameters and lrs.
 */
export function replay(c: OptimCase): number {
  const p = problem();
  const { optimizer, scheduler } = build(c, p.w, p.b);
  let err = 0;
  c.steps.forEach((want, i) => {
    const loss = trainStep(i, c, p, optimizer, scheduler);
    err = Math.max(
      err,
      Math.abs(loss - want.loss),
      maxDiff(flat(p.w), want.w.flat()),
      maxDiff(flat(p.b), want.b),
      maxDiff(optimizer.paramGroups.map((g) => g.lr), want.lr),
    );
  });
  return err;
}
