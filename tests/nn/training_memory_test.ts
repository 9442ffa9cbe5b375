import assert from "node:assert/strict";
import {
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
