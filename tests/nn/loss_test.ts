import assert from "node:assert/strict";
import {
  BCELoss,
  BCEWithLogitsLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  CrossEntropyLoss,
  type CrossEntropyOptions,
  gradcheck,
  MSELoss,
  mseLoss,
  NLLLoss,
  nllLoss,
  type Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { f64, FIXTURE, type LossCase, TOL } from "./_fixtures.ts";

type LossFn = (input: Tensor, target: Tensor, options: CrossEntropyOptions) => Tensor;

const FUNCTIONS: Record<string, LossFn> = {
  mse: mseLoss,
  ce: crossEntropy,
  nll: nllLoss,
  bce: binaryCrossEntropy,
  bcel: binaryCrossEntropyWithLogits,
};

const int32 = (values: number[]) => tensor(values, { dtype: "int32" });

function run(c: LossCase, fn: LossFn): void {
  const input = f64(c.input, true);
  const target = c.targetIsInt ? tensor(c.target, { dtype: "int32" }) : f64(c.target, true);
  const options = {
    ...c.options,
    ...(c.weight === undefined ? {} : { weight: f64(c.weight) }),
    ...(c.posWeight === undefined ? {} : { posWeight: f64(c.posWeight) }),
  };
  const out = fn(input, target, options);
  assertAllClose(out, c.output, TOL);
  if (c.gradOutput === null) out.backward();
  else out.mul(f64(c.gradOutput)).sum().backward();
  assertAllClose(input.grad!, c.gradInput, TOL);
  if (c.gradTarget !== null) assertAllClose(target.grad!, c.gradTarget, TOL);
  else if (!c.targetIsInt) assert.equal(target.grad, null);
}

for (const [prefix, fn] of Object.entries(FUNCTIONS)) {
  Deno.test(`${fn.name}() matches PyTorch's values and gradients to 1e-10`, async (t) => {
    const cases = FIXTURE.losses.filter((c) => c.name.split("_")[0] === prefix);
    assert.ok(cases.length >= 4);
    for (const c of cases) await t.step(c.name, () => run(c, fn));
  });
}

Deno.test("loss modules match their functional forms", () => {
  const x = f64([[0.5, -1, 2], [0.1, 0.2, 0.3]]);
  const y = f64([[1, 0, 0], [0, 1, 0]]);
  const labels = int32([2, 0]);
  const p = x.sigmoid();
  const pairs: [Tensor, Tensor][] = [
    [new MSELoss({ reduction: "sum" }).forward(x, y), mseLoss(x, y, { reduction: "sum" })],
    [
      new CrossEntropyLoss({ labelSmoothing: 0.2, weight: f64([1, 2, 3]) }).forward(x, labels),
      crossEntropy(x, labels, { labelSmoothing: 0.2, weight: f64([1, 2, 3]) }),
    ],
    [new NLLLoss({ ignoreIndex: 0 }).forward(x, labels), nllLoss(x, labels, { ignoreIndex: 0 })],
    [
      new BCELoss({ reduction: "none" }).forward(p, y),
      binaryCrossEntropy(p, y, { reduction: "none" }),
    ],
    [
      new BCEWithLogitsLoss({ posWeight: f64([1, 2, 3]) }).forward(x, y),
      binaryCrossEntropyWithLogits(x, y, { posWeight: f64([1, 2, 3]) }),
    ],
  ];
  for (const [a, b] of pairs) assert.deepEqual(a.toArray(), b.toArray());
  for (const m of [new MSELoss(), new CrossEntropyLoss({ weight: f64([1, 2]) }), new BCELoss()]) {
    assert.deepEqual(m.parameters(), []);
  }
});

Deno.test("crossEntropy() with label smoothing mixes in the uniform distribution", () => {
  // By hand: loss = -Σ_c q_c log p_c with q = (1 - ε)·onehot + ε/C.
  const logits = [[1, 2, 0.5], [0, -1, 3]];
  const labels = [1, 2];
  const eps = 0.3;
  let expected = 0;
  logits.forEach((row, n) => {
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    row.forEach((v, c) => {
      const q = (c === labels[n] ? 1 - eps : 0) + eps / 3;
      expected -= (q * (v - lse)) / 2;
    });
  });
  const loss = crossEntropy(f64(logits), int32(labels), { labelSmoothing: eps });
  assert.ok(Math.abs(loss.item() - expected) < 1e-15);
});

Deno.test("crossEntropy() is stable for huge logits and differentiable", () => {
  const loss = crossEntropy(f64([[1e4, 0, -1e4]]), int32([1]), { reduction: "none" });
  assert.deepEqual(loss.toArray(), [1e4]);
  const x = f64([[0.3, -1.2, 2], [1, 1, 1]], true);
  const w = f64([0.5, 2, 1]);
  gradcheck((v) => crossEntropy(v, int32([2, 0]), { labelSmoothing: 0.1, weight: w }), [x]);
  gradcheck((v) => binaryCrossEntropyWithLogits(v, f64([[0, 1, 0.5], [1, 0, 1]])), [x]);
  const p = f64([0.2, 0.7, 0.99], true);
  const y = f64([0, 1, 0.3], true);
  gradcheck((a, b) => binaryCrossEntropy(a, b, { reduction: "sum" }), [p, y]);
});

Deno.test("binaryCrossEntropy() clamps its logs at -100 and keeps gradients finite", () => {
  const x = f64([0, 1, 1, 0], true);
  const y = f64([0, 1, 0, 1]);
  const loss = binaryCrossEntropy(x, y, { reduction: "none" });
  assertAllClose(loss, [0, 0, 100, 100], { atol: 0, rtol: 0 });
  loss.sum().backward();
  // (x - y) / max(x·(1 - x), ε) with PyTorch's ε, 1e-12 rounded to float32
  assertAllClose(x.grad!, [0, 0, 1e12, -1e12], { atol: 0, rtol: 1e-8 });
  // float32: a saturated sigmoid gives exactly 1.
  const z = tensor([20, -20], { requiresGrad: true });
  binaryCrossEntropy(z.sigmoid(), tensor([0, 1])).backward();
  assert.ok(flat(z.grad!).every(Number.isFinite));
});

Deno.test("nllLoss() averages by the total weight of the targets not ignored", () => {
  const logp = f64([[-1, -2], [-3, -4], [-5, -6]]);
  const target = int32([0, 1, -100]);
  // (1 + 4) / 2: the ignored sample counts for nothing
  assert.equal(nllLoss(logp, target).item(), 2.5);
  assert.equal(nllLoss(logp, target, { reduction: "sum" }).item(), 5);
  assert.deepEqual(nllLoss(logp, target, { reduction: "none" }).toArray(), [1, 4, 0]);
  // weights 2 and 0.5: (2·1 + 0.5·4) / (2 + 0.5)
  assert.equal(nllLoss(logp, target, { weight: f64([2, 0.5]) }).item(), 4 / 2.5);
  // Everything ignored: 0 / 0, as in PyTorch.
  assert.ok(Number.isNaN(nllLoss(logp, int32([-100, -100, -100])).item()));
  // A -Infinity log-probability at an ignored position does not poison the loss.
  const inf = f64([[-Infinity, -1], [-2, -3]], true);
  const l = nllLoss(inf, int32([0, 0]), { ignoreIndex: 0, reduction: "sum" });
  assert.equal(l.item(), 0);
});

Deno.test("loss reductions: mean, sum and none", () => {
  const x = f64([[1, 2], [3, 4]]);
  const y = f64([[1, 0], [0, 0]]);
  assert.equal(mseLoss(x, y).item(), (0 + 4 + 9 + 16) / 4);
  assert.equal(mseLoss(x, y, { reduction: "sum" }).item(), 29);
  assert.deepEqual(mseLoss(x, y, { reduction: "none" }).toArray(), [[0, 4], [9, 16]]);
  assert.deepEqual(mseLoss(x, y, { reduction: "none" }).shape, [2, 2]);
  assert.deepEqual(crossEntropy(x, int32([0, 1]), { reduction: "none" }).shape, [2]);
  assert.deepEqual(crossEntropy(f64([1, 2]), tensor(1, { dtype: "int32" })).shape, []);
  assert.ok(Number.isNaN(mseLoss(zeros([0]), zeros([0])).item())); // mean of nothing
});

Deno.test("crossEntropy() reports bad targets with their values and ranges", () => {
  const logits = zeros([4, 3]);
  assert.throws(() => crossEntropy(logits, int32([0, 2, 3, 1])), {
    name: "RangeError",
    message: "Cannot compute the loss in crossEntropy(): target 3 at flat index 2 is out of " +
      "range [0, 3) (ignoreIndex is -100)",
  });
  assert.throws(() => crossEntropy(logits, int32([0, -1, 0, 0])), {
    name: "RangeError",
    message: /target -1 at flat index 1 is out of range \[0, 3\)/,
  });
  assert.throws(() => crossEntropy(logits, tensor([0, 2, 1, 1])), {
    name: "DTypeError",
    message: "Cannot compute the loss in crossEntropy(): target must hold int32 class indices " +
      "(or float class probabilities of the input's shape [4, 3]), got a float32 tensor of shape [4]",
  });
  assert.throws(() => crossEntropy(logits, int32([0, 1, 2])), {
    name: "ShapeError",
    message: "Cannot compute the loss in crossEntropy(): target has shape [3], expected [4] " +
      "for input of shape [4, 3]",
  });
  assert.throws(() => crossEntropy(zeros([4, 3], { dtype: "int32" }), int32([0, 1, 2, 0])), {
    name: "DTypeError",
    message:
      "Cannot compute the loss in crossEntropy(): input must be float32 or float64, got int32",
  });
  assert.throws(() => crossEntropy(tensor(1), int32([0])), {
    name: "ShapeError",
    message: /crossEntropy\(\): input must have a class dimension, got a 0-d tensor/,
  });
  assert.throws(() => crossEntropy(logits, int32([0, 1, 2, 0]), { weight: tensor([1, 2]) }), {
    name: "ShapeError",
    message: /crossEntropy\(\): weight has shape \[2\], expected one value per class, \[3\]/,
  });
  assert.throws(() => crossEntropy(logits, int32([0, 1, 2, 0]), { labelSmoothing: 1.5 }), {
    name: "RangeError",
    message: "Cannot compute the loss in crossEntropy(): labelSmoothing must be in [0, 1], got 1.5",
  });
  assert.throws(() => crossEntropy(logits, zeros([4, 3]), { ignoreIndex: 1 }), {
    name: "RangeError",
    message: /ignoreIndex is not supported with class probabilities/,
  });
  assert.throws(() => crossEntropy(logits, int32([0, 1, 2, 0]), { reduction: "avg" as "mean" }), {
    name: "RangeError",
    message: 'Cannot compute the loss in crossEntropy(): reduction must be "mean", "sum" or ' +
      '"none", got "avg"',
  });
  assert.throws(() => crossEntropy(logits, [0, 1] as unknown as Tensor), {
    name: "TypeError",
    message: /crossEntropy\(\): target must be a Tensor/,
  });
  assert.throws(() => crossEntropy(logits, int32([0, 1, 2, 0]), { ignoreIndex: 0.5 }), RangeError);
  // The target's own ignoreIndex is allowed outside the range.
  assert.ok(Number.isFinite(crossEntropy(logits, int32([0, -100, 2, 0])).item()));
});

Deno.test("nllLoss() reports bad targets and inputs", () => {
  assert.throws(() => nllLoss(zeros([2, 3]), int32([0, 5])), {
    name: "RangeError",
    message:
      /^Cannot compute the loss in nllLoss\(\): target 5 at flat index 1 is out of range \[0, 3\)/,
  });
  assert.throws(() => nllLoss(zeros([2, 3]), tensor([0, 1])), {
    name: "DTypeError",
    message: "Cannot compute the loss in nllLoss(): target must hold int32 class indices, got a " +
      "float32 tensor of shape [2]",
  });
  assert.throws(() => nllLoss(zeros([2, 3, 4]), int32([0, 1])), {
    name: "ShapeError",
    message: /expected \[2, 4\] for input of shape \[2, 3, 4\]/,
  });
});

Deno.test("regression losses report shape and dtype mismatches", () => {
  for (const fn of [mseLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits]) {
    assert.throws(() => fn(zeros([2, 3]), zeros([3])), {
      name: "ShapeError",
      message: `Cannot compute the loss in ${fn.name}(): target has shape [3], expected the ` +
        "input's shape [2, 3]",
    });
    assert.throws(() => fn(zeros([2]), zeros([2], { dtype: "float64" })), {
      name: "DTypeError",
      message: `Cannot compute the loss in ${fn.name}(): target has dtype float64, expected the ` +
        "input's dtype float32",
    });
    assert.throws(() => fn(zeros([2]), zeros([2], { dtype: "int32" })), {
      name: "DTypeError",
      message: /target must be float32 or float64, got int32/,
    });
  }
  assert.throws(() => binaryCrossEntropy(tensor([0.5, 1.5]), zeros([2])), {
    name: "RangeError",
    message: "Cannot compute the loss in binaryCrossEntropy(): input values must be " +
      "probabilities in [0, 1], got 1.5 at flat index 1",
  });
  assert.throws(() => binaryCrossEntropy(zeros([2, 3]), zeros([2, 3]), { weight: zeros([2]) }), {
    name: "ShapeError",
    message: /weight of shape \[2\] does not broadcast to the input's shape \[2, 3\]/,
  });
  assert.throws(
    () => binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: zeros([4]) }),
    { name: "ShapeError", message: /posWeight of shape \[4\]/ },
  );
  assert.throws(() => new MSELoss({ reduction: "total" as "sum" }), {
    name: "RangeError",
    message: 'Cannot create MSELoss: reduction must be "mean", "sum" or "none", got "total"',
  });
});
