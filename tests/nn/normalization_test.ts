import assert from "node:assert/strict";
import { load, save } from "../../io/mod.ts";
import {
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormBase,
  Dropout1d,
  Dropout2d,
  ELU,
  GroupNorm,
  Hardtanh,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSigmoid,
  Module,
  ones,
  randn,
  Sequential,
  SiLU,
  Softplus,
  type Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import { assertAllClose } from "../_helpers.ts";
import { checkLayerCase, f64, FIXTURE, TOL } from "./_fixtures.ts";

const NORM = FIXTURE.normalization;

Deno.test("normalization layers match PyTorch's outputs and gradients to 1e-10", async (t) => {
  const cases: Record<string, () => Module> = {
    batchNorm1d: () => new BatchNorm1d(4),
    batchNorm1d3d: () => new BatchNorm1d(4),
    batchNorm2d: () => new BatchNorm2d(3),
    batchNorm2dBatch1: () => new BatchNorm2d(3),
    batchNorm2dEval: () => new BatchNorm2d(3).eval(),
    batchNorm2dNoAffine: () => new BatchNorm2d(3, { affine: false }),
    batchNorm1dNoTrackEval: () => new BatchNorm1d(4, { trackRunningStats: false }).eval(),
    groupNorm: () => new GroupNorm(2, 6),
    groupNormNoAffine: () => new GroupNorm(3, 6, { affine: false }),
    layerNorm: () => new LayerNorm(8),
    layerNorm2d: () => new LayerNorm([3, 4]),
    layerNormNoAffine: () => new LayerNorm(6, { elementwiseAffine: false }),
    layerNormNoBias: () => new LayerNorm(6, { bias: false }),
  };
  for (const [name, make] of Object.entries(cases)) {
    await t.step(name, () => checkLayerCase(make().double(), name));
  }
});

// A twin of NormNet in make_nn_fixtures.py.
class NormNet extends Module {
  fc = new Linear(4, 8);
  bn1 = new BatchNorm1d(8);
  bn2 = new BatchNorm2d(4, { momentum: null, affine: false });
  bn3 = new BatchNorm1d(4, { eps: 1e-3, trackRunningStats: false });
  gn = new GroupNorm(2, 8);
  ln = new LayerNorm([2, 4], { elementwiseAffine: false });
  ln2 = new LayerNorm(8, { bias: false });
  acts = new Sequential(
    new SiLU(),
    new Softplus(),
    new LeakyReLU({ negativeSlope: 0.2 }),
    new ELU({ alpha: 0.5 }),
    new LogSigmoid(),
    new Hardtanh({ minVal: -2, maxVal: 3.5 }),
    new Dropout1d(0.25),
    new Dropout2d(),
  );
  override forward(x: Tensor): Tensor {
    return x;
  }
}

Deno.test("normalization layers have PyTorch's state-dict keys, buffers and printout", () => {
  const net = new NormNet();
  assert.deepEqual(Object.keys(net.stateDict()), NORM.keys.stateDict);
  assert.deepEqual(net.namedParameters().map(([k]) => k), NORM.keys.namedParameters);
  assert.deepEqual(net.namedBuffers().map(([k]) => k), NORM.keys.namedBuffers);
  assert.equal(String(net), NORM.repr);
  assert.equal(net.bn1.numBatchesTracked!.dtype, "int32");
  assert.equal(net.bn3.runningMean, null);
});

Deno.test("BatchNorm running statistics follow PyTorch's step by step, then evaluation", async (t) => {
  const make: Record<string, () => BatchNormBase> = {
    "momentum 0.1, [N, C, H, W]": () => new BatchNorm2d(3),
    "momentum None (cumulative)": () => new BatchNorm2d(3, { momentum: null }),
    "momentum 0.3, [N, C, L]": () => new BatchNorm1d(2, { momentum: 0.3 }),
    "batch of 1, [1, C, L]": () => new BatchNorm1d(2),
  };
  for (const run of NORM.batchNorm) {
    await t.step(run.name, () => {
      const bn = make[run.name]().double();
      assert.equal(bn.momentum, run.momentum);
      let output: Tensor | null = null;
      run.inputs.forEach((x, step) => {
        output = bn.forward(f64(x));
        const expected = run.stats[step];
        assertAllClose(bn.runningMean!, expected.runningMean, TOL);
        assertAllClose(bn.runningVar!, expected.runningVar, TOL);
        assert.equal(bn.numBatchesTracked!.item(), expected.numBatchesTracked);
      });
      assertAllClose(output!, run.lastTrainingOutput, TOL);
      bn.eval();
      assertAllClose(bn.forward(f64(run.evalInput)), run.evalOutput, TOL);
      assert.equal(bn.numBatchesTracked!.item(), run.stats.length, "eval does not count");
    });
  }
});

Deno.test("BatchNorm without running statistics uses batch statistics in both modes", () => {
  const bn = new BatchNorm1d(3, { trackRunningStats: false, affine: false });
  const x = randn([6, 3]);
  const train = bn.forward(x);
  assert.deepEqual(bn.eval().forward(x).toArray(), train.toArray());
  assert.deepEqual(bn.buffers(), []);
  assert.deepEqual(Object.keys(bn.stateDict()), []);
  // A batch of one sample has no statistics, in training as in evaluation here.
  assert.throws(() => bn.forward(ones([1, 3])), {
    name: "ShapeError",
    message: /batchNorm\(\): expected more than 1 value per channel when training/,
  });
  const tracked = new BatchNorm1d(3).eval();
  assert.deepEqual(tracked.forward(ones([1, 3])).shape, [1, 3]);
});

Deno.test("BatchNorm train() and eval() switch between batch and running statistics", () => {
  const bn = new BatchNorm1d(2, { momentum: 1, eps: 0 });
  const x = tensor([[0, 10], [2, 30]]);
  const train = bn.forward(x).toArray();
  assert.deepEqual(train, [[-1, -1], [1, 1]]);
  // momentum 1: the running statistics are this batch's (unbiased variance 2 and 200).
  assert.deepEqual(bn.runningMean!.toArray(), [1, 20]);
  assert.deepEqual(bn.runningVar!.toArray(), [2, 200]);
  bn.eval();
  const y = bn.forward(x);
  assertAllClose(y, [[-1 / Math.SQRT2, -1 / Math.SQRT2], [1 / Math.SQRT2, 1 / Math.SQRT2]], {
    rtol: 1e-6,
    atol: 1e-7,
  });
  bn.resetRunningStats();
  assert.deepEqual(bn.numBatchesTracked!.item(), 0);
  assert.deepEqual(bn.runningVar!.toArray(), [1, 1]);
});

Deno.test("BatchNorm, GroupNorm and LayerNorm follow to(dtype), keeping the int32 counter", () => {
  const bn = new BatchNorm2d(2).double();
  assert.equal(bn.weight!.dtype, "float64");
  assert.equal(bn.runningMean!.dtype, "float64");
  assert.equal(bn.numBatchesTracked!.dtype, "int32");
  assert.equal(new GroupNorm(1, 2).double().weight!.dtype, "float64");
  assert.equal(new LayerNorm(2, { dtype: "float64" }).bias!.dtype, "float64");
});

Deno.test("normalization layers reject bad options and inputs, naming the layer", () => {
  assert.throws(() => new BatchNorm2d(0), {
    name: "RangeError",
    message: "Cannot create BatchNorm2d: numFeatures must be a positive integer, got 0",
  });
  assert.throws(() => new BatchNorm1d(3, { momentum: 2 }), {
    name: "RangeError",
    message: "Cannot create BatchNorm1d: momentum must be a number in [0, 1] or null, got 2",
  });
  assert.throws(() => new BatchNorm1d(3, { eps: -1e-5 }), {
    name: "RangeError",
    message: "Cannot create BatchNorm1d: eps must be a finite number >= 0, got -0.00001",
  });
  assert.throws(() => new BatchNorm1d(3, { track_running_stats: false } as never), {
    name: "TypeError",
    message: /BatchNorm1d\(\): unknown option "track_running_stats"/,
  });
  assert.throws(() => new BatchNorm2d(3).forward(zeros([2, 4, 5, 5])), {
    name: "ShapeError",
    message: "Cannot normalize an input of shape [2, 4, 5, 5] in BatchNorm2d.forward(): it has " +
      "4 channels (dimension 1), expected 3",
  });
  assert.throws(() => new BatchNorm1d(3).forward(zeros([3])), {
    name: "ShapeError",
    message: /BatchNorm1d\.forward\(\): expected 2 dimensions \[N, C\] or 3 dimensions \[N, C, L\]/,
  });
  assert.throws(() => new BatchNorm2d(3).forward(zeros([1, 3, 1, 1])), {
    name: "ShapeError",
    message: /expected more than 1 value per channel when training/,
  });
  assert.throws(() => new GroupNorm(4, 6), {
    name: "RangeError",
    message: "Cannot create GroupNorm: numChannels 6 is not divisible by numGroups 4",
  });
  assert.throws(() => new GroupNorm(2, 6).forward(zeros([2, 4, 3])), {
    name: "ShapeError",
    message: "Cannot normalize an input of shape [2, 4, 3] in GroupNorm.forward(): expected " +
      "[N, 6, ...] (numChannels in dimension 1)",
  });
  assert.throws(() => new LayerNorm([]), {
    name: "RangeError",
    message: /Cannot create LayerNorm: normalizedShape must be a positive integer/,
  });
  assert.throws(() => new LayerNorm([3, 4]).forward(zeros([2, 4, 3])), {
    name: "ShapeError",
    message: /layerNorm\(\): normalizedShape \[3, 4\] does not match/,
  });
  assert.throws(() => new LayerNorm(4, { elementwise_affine: false } as never), {
    name: "TypeError",
  });
});

// A twin of norm_mlp in make_nn_fixtures.py.
function normMlp(): Sequential {
  return new Sequential(
    new Linear(4, 8),
    new BatchNorm1d(8),
    new SiLU(),
    new Linear(8, 8),
    new GroupNorm(2, 8),
    new LeakyReLU({ negativeSlope: 0.1 }),
    new Linear(8, 8),
    new LayerNorm(8),
    new ELU(),
    new Linear(8, 3),
  );
}

Deno.test("a PyTorch-trained MLP with BatchNorm1d, GroupNorm and LayerNorm loads strictly", async () => {
  const bytes = await Deno.readFile(new URL(`../fixtures/${NORM.mlp.file}`, import.meta.url));
  assert.equal(bytes.length, NORM.mlp.size);
  const state = load(bytes); // num_batches_tracked was written as I64
  assert.equal(state["1.num_batches_tracked"].dtype, "int32");
  const model = normMlp();
  assert.deepEqual(Object.keys(model.stateDict()), NORM.mlp.keys);
  model.loadStateDict(state); // strict
  const bn = model[1] as BatchNorm1d;
  assert.equal(bn.numBatchesTracked!.item(), NORM.mlp.numBatchesTracked);
  model.eval();
  assertAllClose(model.forward(tensor(NORM.mlp.input)), NORM.mlp.logits, { atol: 1e-5, rtol: 0 });
  // The reverse: nabla's file holds the same tensors under the same keys (the
  // counter as I32, which PyTorch's load_state_dict copies into its int64 buffer).
  const again = load(save(model.stateDict(), { metadata: { format: "pt" } }));
  assert.deepEqual(Object.keys(again).sort(), Object.keys(state).sort());
  for (const [k, t] of Object.entries(state)) assert.deepEqual(again[k].toArray(), t.toArray(), k);
  const twin = normMlp();
  twin.loadStateDict(again);
  assertAllClose(twin.eval().forward(tensor(NORM.mlp.input)), NORM.mlp.logits, {
    atol: 1e-5,
    rtol: 0,
  });
});
