import assert from "node:assert/strict";
import {
  Adagrad,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LRScheduler,
  OneCycleLR,
  type Optimizer,
  ReduceLROnPlateau,
  SequentialLR,
  SGD,
  StepLR,
} from "../../optim/mod.ts";
import { zeros } from "../../tensor/mod.ts";
import { makeScheduler, maxDiff, SCHEDULER_CASES } from "./_fixture.ts";

// Two groups with base lrs 0.1 and 0.02, as in make_optim_fixtures.py.
function twoGroups(): Optimizer {
  return new SGD([
    { params: [zeros([2], { requiresGrad: true })], lr: 0.1 },
    { params: [zeros([1], { requiresGrad: true })], lr: 0.02 },
  ]);
}

Deno.test("LRScheduler subclasses match torch's lr sequences over 25 steps", async (t) => {
  assert.ok(SCHEDULER_CASES.length >= 14);
  for (const c of SCHEDULER_CASES) {
    await t.step(c.name, () => {
      const opt = twoGroups();
      const scheduler = makeScheduler(c.scheduler, opt, c.options) as LRScheduler;
      assert.deepEqual(scheduler.baseLrs, c.baseLrs);
      c.lrs.forEach((want, i) => {
        if (i > 0) scheduler.step();
        const got = scheduler.getLastLr();
        assert.ok(maxDiff(got, want) < 1e-12, `step ${i}: ${got} vs torch ${want}`);
        assert.deepEqual(opt.paramGroups.map((g) => g.lr), got);
      });
      assert.equal(scheduler.lastEpoch, c.lrs.length - 1);
    });
  }
});

Deno.test("LRScheduler() records initialLr once and keeps it across schedulers", () => {
  const opt = twoGroups();
  const first = new LinearLR(opt, { startFactor: 0.5 });
  assert.deepEqual(opt.paramGroups.map((g) => g.initialLr), [0.1, 0.02]);
  assert.deepEqual(first.getLastLr(), [0.05, 0.01]);
  const second = new StepLR(opt, { stepSize: 2 });
  assert.deepEqual(second.baseLrs, [0.1, 0.02]); // from initialLr, not the current lr
  const lrs = second.getLastLr();
  lrs[0] = 99;
  assert.deepEqual(second.getLastLr(), [0.05, 0.01]); // a copy
});

// Options overwritten by loadStateDict (OneCycleLR and SequentialLR keep theirs in the
// optimizer's groups and chained schedulers, so they are rebuilt the same).
const OTHER_OPTIONS: Record<string, Record<string, unknown>> = {
  StepLR: { stepSize: 1 },
  CosineAnnealingLR: { tMax: 1 },
  LinearLR: { startFactor: 1 },
  ExponentialLR: { gamma: 1 },
};

Deno.test("LRScheduler.stateDict() round trip continues the schedule", async (t) => {
  for (const c of SCHEDULER_CASES) {
    await t.step(c.name, () => {
      const opt = twoGroups();
      const a = makeScheduler(c.scheduler, opt, c.options) as LRScheduler;
      for (let i = 0; i < 7; i++) a.step();
      const saved = a.stateDict();
      const savedLrs = opt.paramGroups.map((g) => g.lr);
      const opt2 = twoGroups();
      const other = OTHER_OPTIONS[c.scheduler] ?? c.options;
      const b = makeScheduler(c.scheduler, opt2, other) as LRScheduler; // overwritten
      b.loadStateDict(saved);
      opt2.paramGroups.forEach((g, i) => (g.lr = savedLrs[i])); // what the optimizer's state dict restores
      assert.deepEqual(b.stateDict(), saved);
      for (let i = 0; i < 10; i++) {
        a.step();
        b.step();
        assert.deepEqual(b.getLastLr(), a.getLastLr());
      }
      assert.ok(maxDiff(b.getLastLr(), c.lrs[17]) < 1e-12);
    });
  }
});

Deno.test("StepLR.stateDict() holds PyTorch's fields", () => {
  const s = new StepLR(twoGroups(), { stepSize: 3, gamma: 0.5 });
  s.step();
  assert.deepEqual(s.stateDict(), {
    baseLrs: [0.1, 0.02],
    lastEpoch: 1,
    lastLr: [0.1, 0.02],
    stepSize: 3,
    gamma: 0.5,
  });
});

Deno.test("LRScheduler.loadStateDict() rejects mismatched state", () => {
  const s = new StepLR(twoGroups(), { stepSize: 3 });
  const one = new StepLR(new SGD([zeros([1], { requiresGrad: true })]), { stepSize: 3 });
  assert.throws(() => one.loadStateDict(s.stateDict()), {
    name: "RangeError",
    message: "Cannot load the state of StepLR in loadStateDict(): the state dict has 2 base " +
      "lrs, the optimizer has 1 parameter groups",
  });
  // @ts-expect-error: not a state dict
  assert.throws(() => one.loadStateDict({}), { name: "TypeError" });
});

Deno.test("LRScheduler subclasses reject invalid options", () => {
  const opt = twoGroups();
  assert.throws(() => new StepLR(opt, { stepSize: 0 }), {
    name: "RangeError",
    message: "Cannot create StepLR: stepSize must be a positive integer, got 0",
  });
  assert.throws(() => new StepLR(opt, { stepSize: 1.5 }), { message: /stepSize/ });
  // @ts-expect-error: stepSize is required
  assert.throws(() => new StepLR(opt, {}), { message: /stepSize must be .*, got undefined/ });
  assert.throws(() => new CosineAnnealingLR(opt, { tMax: -1 }), {
    message: "Cannot create CosineAnnealingLR: tMax must be a positive integer, got -1",
  });
  assert.throws(() => new CosineAnnealingLR(opt, { tMax: 5, etaMin: Infinity }), {
    message: /etaMin must be a finite number/,
  });
  assert.throws(() => new LinearLR(opt, { startFactor: 0 }), {
    message: "Cannot create LinearLR: startFactor must be in (0, 1], got 0",
  });
  assert.throws(() => new LinearLR(opt, { endFactor: 1.5 }), { message: /endFactor must be in/ });
  assert.throws(() => new LinearLR(opt, { totalIters: 0 }), { message: /totalIters/ });
  // @ts-expect-error: not an optimizer
  assert.throws(() => new StepLR({ paramGroups: [] }, { stepSize: 1 }), {
    name: "TypeError",
    message: "Cannot create StepLR: expected an Optimizer, got an object",
  });
  assert.ok(new StepLR(opt, { stepSize: 1 }) instanceof LRScheduler);
});

Deno.test("ExponentialLR, LambdaLR and SequentialLR reject invalid options", () => {
  const opt = twoGroups();
  assert.throws(() => new ExponentialLR(opt, { gamma: NaN }), /gamma must be a finite number/);
  assert.throws(() => new ExponentialLR(opt, { gamma: 0.5, gama: 1 } as never), {
    name: "TypeError",
    message: /ExponentialLR\(\): unknown option "gama"/,
  });
  assert.throws(() => new LambdaLR(opt, [() => 1]), {
    name: "RangeError",
    message: "Cannot create LambdaLR: expected 2 lr lambdas (one per parameter group), got 1",
  });
  assert.throws(() => new LambdaLR(opt, 3 as never), /must be a function or an array/);
  assert.throws(() => new LambdaLR(opt, () => NaN), /lrLambda\(0\) returned NaN/);
  const a = new ExponentialLR(opt, { gamma: 0.5 });
  const foreign = new ExponentialLR(twoGroups(), { gamma: 0.5 });
  assert.throws(
    () => new SequentialLR(opt, { schedulers: [a, foreign], milestones: [2] }),
    /scheduler 1 belongs to another optimizer/,
  );
  assert.throws(
    () => new SequentialLR(opt, { schedulers: [a, a], milestones: [0] }),
    /increasing positive integers/,
  );
  assert.throws(() => new SequentialLR(opt, { schedulers: [], milestones: [] }), TypeError);
});

Deno.test("OneCycleLR and ReduceLROnPlateau reject invalid options", () => {
  const opt = twoGroups();
  assert.throws(() => new OneCycleLR(opt, { maxLr: 1 }), /give totalSteps, or epochs/);
  const adagrad = new Adagrad([zeros([1], { requiresGrad: true })]);
  assert.throws(() => new OneCycleLR(adagrad, { maxLr: 1, totalSteps: 10 }), {
    name: "TypeError",
    message: /Adagrad has no momentum to cycle; pass cycleMomentum: false/,
  });
  assert.throws(
    () => new OneCycleLR(opt, { maxLr: [1], totalSteps: 10, cycleMomentum: false }),
    /expected 2 values for maxLr/,
  );
  assert.throws(
    () =>
      new OneCycleLR(opt, {
        maxLr: 1,
        totalSteps: 10,
        cycleMomentum: false,
        annealStrategy: "step" as never,
      }),
    /annealStrategy must be "cos" or "linear"/,
  );
  assert.throws(() => new ReduceLROnPlateau(opt, { mode: "up" as never }), /mode must be/);
  assert.throws(() => new ReduceLROnPlateau(opt, { patience: -1 }), /patience must be/);
  assert.throws(() => new ReduceLROnPlateau(opt, { minLr: [0] }), /expected 2 min lrs/);
  assert.throws(() => new ReduceLROnPlateau(opt, { factor: 0.5, patient: 3 } as never), {
    message: /unknown option "patient"/,
  });
  assert.throws(() => new ReduceLROnPlateau(opt).step(NaN), /expected a number/);
});

Deno.test("ReduceLROnPlateau() waits out its cooldown and stops at minLr", () => {
  const opt = twoGroups();
  const s = new ReduceLROnPlateau(opt, { patience: 0, cooldown: 1, minLr: [0.05, 0] });
  s.step(1); // best
  s.step(1); // bad: reduce, then 1 step of cooldown
  assert.deepEqual(s.getLastLr().map((x) => +x.toFixed(12)), [0.05, 0.002]);
  s.step(1); // in cooldown: not counted
  assert.deepEqual(s.getLastLr().map((x) => +x.toFixed(12)), [0.05, 0.002]);
  s.step(1); // bad again: group 0 stays at its floor
  assert.deepEqual(s.getLastLr().map((x) => +x.toFixed(12)), [0.05, 0.0002]);
});
