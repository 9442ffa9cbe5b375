import assert from "node:assert/strict";
import { Adam, AdamW, type Optimizer, RMSprop, SGD } from "../../optim/mod.ts";
import { isGradEnabled, noGrad, type Tensor, tensor, zeros } from "../../tensor/mod.ts";
import { flat } from "../_helpers.ts";
import { build, CASES, maxDiff, problem, trainStep } from "./_fixture.ts";

const param = (values: number[] = [1, 2]) =>
  tensor(values, { dtype: "float64", requiresGrad: true });

Deno.test("Optimizer() takes parameters or groups, filling in the defaults", () => {
  const w = param();
  const b = param([3]);
  const single = new SGD([w, b], { lr: 0.1 });
  assert.equal(single.paramGroups.length, 1);
  assert.deepEqual(single.paramGroups[0].params, [w, b]);
  const input = { params: [b], lr: 0.01, momentum: undefined };
  const grouped = new SGD([{ params: w }, input], { lr: 0.1, momentum: 0.9 });
  assert.deepEqual(grouped.paramGroups.map((g) => [g.lr, g.momentum]), [[0.1, 0.9], [0.01, 0.9]]);
  assert.deepEqual(grouped.paramGroups[0].params, [w]); // a single tensor becomes a list
  assert.notEqual(grouped.paramGroups[1], input); // groups are copies
  assert.equal(input.momentum, undefined);
  const fromSet = new Adam(new Set([w, b]));
  assert.deepEqual(fromSet.paramGroups[0].params, [w, b]);
});

Deno.test("Optimizer() rejects invalid parameters", () => {
  const w = param();
  // @ts-expect-error: a tensor is not a list of parameters
  assert.throws(() => new SGD(w), { name: "TypeError", message: /wrap it in an array/ });
  // @ts-expect-error: not iterable
  assert.throws(() => new SGD(5), { name: "TypeError", message: /got a number/ });
  assert.throws(() => new SGD([]), {
    name: "RangeError",
    message: "Cannot create SGD: the parameter list is empty",
  });
  // @ts-expect-error: not a tensor
  assert.throws(() => new SGD([w, 3]), {
    name: "TypeError",
    message: "Cannot create SGD: parameter 1 of group 0 is a number, expected a Tensor",
  });
  // @ts-expect-error: parameters and groups cannot be mixed
  assert.throws(() => new SGD([w, { params: [param()] }]), {
    message: "Cannot create SGD: parameter 1 of group 0 is an object, expected a Tensor",
  });
  // As in PyTorch, a frozen parameter is accepted and skipped (its grad stays null).
  const frozen = tensor([1, 2]);
  new Adam([frozen]).step();
  assert.deepEqual(frozen.toArray(), [1, 2]);
  assert.throws(() => new SGD([w.mul(2)]), {
    name: "RangeError",
    message: /parameter 0 of group 0 is not a leaf \(it was computed by MulBackward\)/,
  });
  assert.throws(() => new SGD([w, w]), {
    name: "RangeError",
    message: /parameter 1 of group 0 appears twice \(it is already in group 0\)/,
  });
  assert.throws(() => new SGD([{ params: [w] }, { params: [param(), w] }]), {
    name: "RangeError",
    message: /parameter 1 of group 1 appears twice \(it is already in group 0\)/,
  });
  // @ts-expect-error: a group needs params
  assert.throws(() => new SGD([{ lr: 0.1 }]), { name: "TypeError", message: /with params/ });
  // @ts-expect-error: params must hold tensors
  assert.throws(() => new SGD([{ params: 1 }]), {
    name: "TypeError",
    message: /params of group 0/,
  });
});

Deno.test("addParamGroup() adds a group with the defaults and checks it", () => {
  const w = param();
  const opt = new RMSprop([w], { lr: 0.1, momentum: 0.5 });
  const b = param([0]);
  opt.addParamGroup({ params: [b], centered: true });
  assert.equal(opt.paramGroups.length, 2);
  assert.deepEqual([opt.paramGroups[1].lr, opt.paramGroups[1].centered], [0.1, true]);
  assert.throws(() => opt.addParamGroup({ params: [w] }), {
    name: "RangeError",
    message: "Cannot add a parameter group to RMSprop in addParamGroup(): parameter 0 of " +
      "group 2 appears twice (it is already in group 0); each parameter may be given once",
  });
  assert.throws(() => opt.addParamGroup({ params: [param()], lr: -1 }), {
    message: "Cannot add a parameter group to RMSprop in addParamGroup(): lr must be >= 0, got -1",
  });
  assert.equal(opt.paramGroups.length, 2);
});

Deno.test("zeroGrad() sets gradients to null by default, or to zeros in place", () => {
  const w = param();
  const b = param([5]);
  const opt = new SGD([w, b], { lr: 0.1 });
  w.square().sum().backward();
  const g = w.grad!;
  opt.zeroGrad({ setToNone: false });
  assert.equal(w.grad, g); // the same tensor, zeroed
  assert.deepEqual(flat(g), [0, 0]);
  assert.equal(b.grad, null); // no gradient stays no gradient
  opt.zeroGrad();
  assert.equal(w.grad, null);
});

Deno.test("zeroGrad() detaches a gradient recorded with createGraph", () => {
  const w = param();
  const opt = new SGD([w], { lr: 0.1 });
  w.square().sum().backward(undefined, { createGraph: true });
  assert.notEqual(w.grad?.gradFn, null);
  opt.zeroGrad({ setToNone: false });
  assert.equal(w.grad?.gradFn, null);
  assert.equal(w.grad?.requiresGrad, false);
  assert.deepEqual(flat(w.grad!), [0, 0]);
});

Deno.test("step() skips parameters whose gradient is null", () => {
  const w = param();
  const b = param([7]);
  const opt = new SGD([w, b], { lr: 0.5, momentum: 0.9 });
  w.sum().backward();
  const before = b.storage.version;
  opt.step();
  assert.deepEqual(flat(w), [0.5, 1.5]);
  assert.deepEqual(flat(b), [7]);
  assert.equal(b.storage.version, before);
  assert.equal(opt.state.has(b), false);
});

Deno.test("step() runs the closure with grad mode on and returns its loss", () => {
  const w = param([2]);
  const opt = new SGD([w], { lr: 0.25 });
  const loss = noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = w.square().sum();
      l.backward();
      return l;
    })
  );
  assert.equal(loss?.item(), 4);
  assert.deepEqual(flat(w), [1]);
  assert.equal(opt.step(), undefined);
});

Deno.test("step() keeps parameters as leaves: the graph does not grow over 1,000 steps", async (t) => {
  const makers: [string, (ps: Tensor[]) => Optimizer][] = [
    ["SGD", (ps) => new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ["Adam", (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.01 })],
    ["AdamW", (ps) => new AdamW(ps, { lr: 0.01 })],
    ["RMSprop", (ps) => new RMSprop(ps, { centered: true, momentum: 0.5, weightDecay: 0.01 })],
  ];
  for (const [name, make] of makers) {
    await t.step(name, () => {
      const { w, b, x, t: target } = problem();
      const opt = make([w, b]);
      let version = w.storage.version;
      let first = NaN;
      let last = NaN;
      for (let i = 0; i < 1000; i++) {
        opt.zeroGrad();
        const loss = w.mul(x).add(b).tanh().sub(target).square().sum();
        loss.backward();
        opt.step();
        if (i === 0) first = loss.item();
        last = loss.item();
        assert.ok(w.storage.version > version, "each step updates w in place");
        version = w.storage.version;
      }
      assert.ok(version >= 1000);
      for (const p of [w, b]) {
        assert.equal(p.gradFn, null);
        assert.equal(p.isLeaf, true);
        assert.equal(p.requiresGrad, true);
        for (const v of Object.values(opt.state.get(p)!)) {
          if (v instanceof Object && "gradFn" in v) {
            assert.equal(v.gradFn, null);
            assert.equal(v.requiresGrad, false);
          }
        }
      }
      assert.equal(isGradEnabled(), true);
      assert.ok(last < first, `${name} reduced the loss from ${first} to ${last}`);
    });
  }
});

Deno.test("stateDict() has PyTorch's layout, with integer ids and cloned state", () => {
  const w = param();
  const b = param([3]);
  const c = param([4, 5, 6]);
  const opt = new Adam([{ params: [w, b] }, { params: [c], lr: 0.5 }], { amsgrad: true });
  for (const p of [w, b, c]) p.sum().backward();
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups, [
    {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: true,
      maximize: false,
      params: [0, 1],
    },
    {
      lr: 0.5,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: true,
      maximize: false,
      params: [2],
    },
  ]);
  assert.deepEqual(Object.keys(sd.state), ["0", "1", "2"]);
  assert.deepEqual(Object.keys(sd.state[2]), ["step", "expAvg", "expAvgSq", "maxExpAvgSq"]);
  assert.equal(sd.state[2].step, 1);
  const live = opt.state.get(c)!;
  assert.notEqual(sd.state[2].expAvg, live.expAvg);
  assert.deepEqual(flat(sd.state[2].expAvg), flat(live.expAvg));
  sd.state[2].expAvg.zero_();
  sd.paramGroups[0].betas[0] = 0;
  sd.paramGroups[1].lr = 7;
  assert.notDeepEqual(flat(live.expAvg), [0, 0, 0]);
  assert.deepEqual(opt.paramGroups[0].betas, [0.9, 0.999]);
  assert.equal(opt.paramGroups[1].lr, 0.5);
});

Deno.test("loadStateDict() resumes identically: steps 6-10 after loading step 5", async (t) => {
  const names = [
    "sgd nesterov weight decay maximize",
    "sgd parameter groups",
    "sgd steplr",
    "adam amsgrad weight decay maximize",
    "adam skipped gradients",
    "adam cosine",
    "adamw amsgrad",
    "adamw linearlr",
    "rmsprop centered momentum weight decay",
    "rmsprop skipped gradients",
    "adagrad parameter groups",
    "adadelta exponentiallr",
    "sgd onecyclelr",
    "adam onecyclelr three phase linear",
    "sgd reducelronplateau",
  ];
  for (const name of names) {
    await t.step(name, () => {
      const c = CASES.find((c) => c.name === name)!;
      const p = problem();
      const original = build(c, p.w, p.b);
      for (let i = 0; i < 5; i++) trainStep(i, c, p, original.optimizer, original.scheduler);
      const saved = original.optimizer.stateDict();
      const savedScheduler = original.scheduler?.stateDict();
      const q = problem();
      noGrad(() => {
        q.w.copy_(p.w);
        q.b.copy_(p.b);
      });
      const reference: number[][] = [];
      for (let i = 5; i < 10; i++) {
        trainStep(i, c, p, original.optimizer, original.scheduler); // mutates the live state
        reference.push([...flat(p.w), ...flat(p.b)]);
      }
      const resumed = build(c, q.w, q.b);
      for (const g of resumed.optimizer.paramGroups) g.lr = 123; // overwritten by the load
      resumed.optimizer.loadStateDict(saved);
      // deno-lint-ignore no-explicit-any
      if (savedScheduler) resumed.scheduler!.loadStateDict(savedScheduler as any);
      for (let i = 5; i < 10; i++) {
        trainStep(i, c, q, resumed.optimizer, resumed.scheduler);
        const got = [...flat(q.w), ...flat(q.b)];
        assert.deepEqual(got, reference[i - 5], `step ${i + 1}`);
        const want = c.steps[i];
        assert.ok(maxDiff(got, [...want.w.flat(), ...want.b]) < 1e-12, `torch step ${i + 1}`);
      }
    });
  }
});

Deno.test("loadStateDict() converts state tensors to each parameter's dtype", () => {
  const w64 = param();
  const a = new Adam([w64]);
  w64.sum().backward();
  a.step();
  const w32 = tensor([1, 2], { requiresGrad: true });
  const b = new Adam([w32]);
  b.loadStateDict(a.stateDict());
  assert.equal(b.state.get(w32)?.expAvg.dtype, "float32");
  assert.equal(b.state.get(w32)?.step, 1);
  w32.sum().backward();
  b.step();
  assert.equal(b.state.get(w32)?.step, 2);
});

Deno.test("loadStateDict() rejects state dicts that do not fit", () => {
  const w = param();
  const b = param([1]);
  const two = new SGD([{ params: [w] }, { params: [b] }], { lr: 0.1 });
  const one = new SGD([param(), param()], { lr: 0.1 });
  assert.throws(() => one.loadStateDict(two.stateDict()), {
    name: "RangeError",
    message: "Cannot load the state of SGD in loadStateDict(): the state dict has 2 parameter " +
      "groups, the optimizer has 1",
  });
  const sizes = new SGD([{ params: [param(), param()] }, { params: [] }], { lr: 0.1 });
  assert.throws(() => sizes.loadStateDict(two.stateDict()), {
    name: "RangeError",
    message: /parameter group 0 has 1 parameters in the state dict, 2 in the optimizer/,
  });
  const sd = two.stateDict();
  sd.state[9] = { momentumBuffer: null };
  assert.throws(() => two.loadStateDict(sd), { message: /state for parameter 9/ });
  const bad = two.stateDict();
  bad.paramGroups[1].lr = -1;
  assert.throws(() => two.loadStateDict(bad), {
    name: "RangeError",
    message: "Cannot load the state of SGD in loadStateDict(): lr must be >= 0, got -1",
  });
  assert.equal(two.paramGroups[1].lr, 0.1); // nothing changed
  // @ts-expect-error: not a state dict
  assert.throws(() => two.loadStateDict({}), { name: "TypeError" });
});

Deno.test("stateDict() of an optimizer that has not stepped has no state", () => {
  const p = zeros([2, 2], { dtype: "float64", requiresGrad: true });
  const opt = new SGD([p], { lr: 1 });
  assert.deepEqual(opt.stateDict(), {
    state: {},
    paramGroups: [{
      lr: 1,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      params: [0],
    }],
  });
});
