import assert from "node:assert/strict";
import process from "node:process";
import {
  Adam,
  type AutogradFunction,
  crossEntropy,
  Linear,
  manualSeed,
  randint,
  randn,
  ReLU,
  Sequential,
  SGD,
  type Tensor,
} from "../../mod.ts";

// The functions reachable from `root`, following nextFunctions (leaves excluded).
function graphFunctions(root: Tensor): AutogradFunction[] {
  const seen = new Set<AutogradFunction>();
  const stack = root.gradFn ? [root.gradFn] : [];
  while (stack.length > 0) {
    const fn = stack.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    for (const next of fn.nextFunctions) {
      if (next !== null && "nextFunctions" in next) stack.push(next);
    }
  }
  return [...seen];
}

// Whether a function still holds its saved tensors (reading them throws once freed).
function holdsSavedTensors(fn: AutogradFunction): boolean {
  try {
    return fn.savedTensors.length > 0;
  } catch {
    return false;
  }
}

Deno.test("training keeps memory flat: same graph size each step, saved tensors freed, over 1,000 steps", () => {
  manualSeed(0);
  const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
  const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = randn([16, 4]);
  const y = randint(0, 3, [16]);
  const graphSizes = new Set<number>();
  const stateSizes = new Set<number>();
  let firstLoss = NaN;
  let lastLoss = NaN;
  for (let step = 0; step < 1000; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    const fns = graphFunctions(loss);
    graphSizes.add(fns.length);
    assert.ok(fns.some(holdsSavedTensors)); // so that the check below can fail
    loss.backward();
    assert.equal(fns.filter(holdsSavedTensors).length, 0, `step ${step}: saved tensors kept`);
    optimizer.step();
    stateSizes.add(optimizer.state.size);
    if (step === 0) firstLoss = loss.item();
    lastLoss = loss.item();
  }
  assert.equal(graphSizes.size, 1, `graph sizes seen: ${[...graphSizes].join(", ")}`);
  assert.equal(stateSizes.size, 1);
  assert.ok(model.parameters().every((p) => p.isLeaf && p.gradFn === null));
  assert.ok(lastLoss < firstLoss / 2, `loss ${firstLoss} -> ${lastLoss}`);
});

/** Heap plus typed-array memory, in bytes: the lowest reading of a window approximates the live set. */
function liveBytes(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

Deno.test("soak: 10,000 training steps keep memory flat", () => {
  manualSeed(1);
  const model = new Sequential(new Linear(16, 32), new ReLU(), new Linear(32, 10));
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([32, 16]);
  const y = randint(0, 10, [32]);
  // Each step builds and frees ~20 KB of graph: keeping it would add ~160 MB.
  const low = [Infinity, Infinity];
  let previous: Set<AutogradFunction> = new Set();
  for (let step = 0; step < 10_000; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    if (step % 1000 === 0) {
      // No function of an earlier step's graph is reachable from this one.
      const fns = graphFunctions(loss);
      assert.ok(fns.every((fn) => !previous.has(fn)), `step ${step} reaches an older graph`);
      previous = new Set(fns);
    }
    loss.backward();
    optimizer.step();
    if (step >= 1000 && step < 2000) low[0] = Math.min(low[0], liveBytes());
    if (step >= 9000) low[1] = Math.min(low[1], liveBytes());
  }
  const growth = low[1] - low[0];
  assert.ok(growth < 32 * 2 ** 20, `live memory grew by ${(growth / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(optimizer.state.size, 4);
  assert.ok(model.parameters().every((p) => p.grad !== null && p.grad.gradFn === null));
});
