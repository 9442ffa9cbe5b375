import assert from "node:assert/strict";
import {
  AdaptiveAvgPool2d,
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  Linear,
  manualSeed,
  MaxPool2d,
  Module,
  Random,
  ReLU,
  Sequential,
  type Tensor,
} from "../../mod.ts";
import { flat } from "../_helpers.ts";
import { checkLayerCase, FIXTURE } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;

/** The model of make_nn_fixtures.py's `Cnn`, with PyTorch's field names. */
class Cnn extends Module {
  features = new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(4, 8, 3, { bias: false }),
    new ReLU(),
    new AdaptiveAvgPool2d(1),
  );
  up = new ConvTranspose2d(8, 2, 2, { stride: 2 });
  head = new Linear(8, 3);
  forward(x: Tensor): Tensor {
    const h = this.features.forward(x);
    return this.head.forward(h.flatten(1)).add(this.up.forward(h).mean());
  }
}

Deno.test("Conv2d and friends match PyTorch's outputs and gradients to 1e-10", async (t) => {
  await t.step("Conv2d", () => {
    checkLayerCase(new Conv2d(3, 4, [3, 2], { stride: [2, 1], padding: 1, ...F64 }), "conv2d");
  });
  await t.step("Conv2d, groups, dilation, same padding, no bias", () => {
    const conv = new Conv2d(4, 6, 3, {
      padding: "same",
      dilation: 2,
      groups: 2,
      bias: false,
      ...F64,
    });
    checkLayerCase(conv, "conv2dGroups");
  });
  await t.step("Conv2d, unbatched", () => {
    checkLayerCase(new Conv2d(2, 3, 3, F64), "conv2dUnbatched");
  });
  await t.step("Conv1d", () => {
    checkLayerCase(new Conv1d(3, 4, 3, { stride: 2, padding: 1, ...F64 }), "conv1d");
  });
  await t.step("ConvTranspose2d", () => {
    const conv = new ConvTranspose2d(4, 6, 3, {
      stride: 2,
      padding: 1,
      outputPadding: 1,
      groups: 2,
      ...F64,
    });
    checkLayerCase(conv, "convTranspose2d");
  });
  await t.step("ConvTranspose1d", () => {
    checkLayerCase(new ConvTranspose1d(3, 2, 4, { stride: 2, ...F64 }), "convTranspose1d");
  });
  await t.step("a small CNN", () => checkLayerCase(new Cnn().double(), "cnn"));
});

Deno.test("a CNN has PyTorch's state-dict keys and printed form", () => {
  const model = new Cnn();
  assert.deepEqual(Object.keys(model.stateDict()), FIXTURE.keys.cnn.stateDict);
  assert.deepEqual(model.namedParameters().map(([k]) => k), FIXTURE.keys.cnn.namedParameters);
  assert.equal(String(model), FIXTURE.vision.reprs.cnn);
});

Deno.test("Conv2d and friends print as PyTorch", () => {
  const reprs = FIXTURE.vision.reprs;
  assert.equal(String(new Conv2d(1, 8, 3)), reprs.conv2d);
  assert.equal(
    String(
      new Conv2d(4, 8, [3, 2], { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false }),
    ),
    reprs.conv2dAll,
  );
  assert.equal(String(new Conv2d(4, 8, 3, { padding: "same" })), reprs.conv2dSame);
  assert.equal(String(new Conv2d(4, 8, 3, { padding: "valid" })), reprs.conv2dValid);
  assert.equal(String(new Conv2d(4, 8, 3, { padding: [0, 1] })), reprs.conv2dPair);
  assert.equal(String(new Conv1d(4, 8, 3, { padding: 1 })), reprs.conv1d);
  assert.equal(
    String(new ConvTranspose2d(4, 8, 3, { stride: 2, outputPadding: 1 })),
    reprs.convTranspose2d,
  );
  assert.equal(
    String(new ConvTranspose1d(4, 8, 3, { dilation: 2, groups: 4 })),
    reprs.convTranspose1d,
  );
});

Deno.test("Conv2d() initialises as PyTorch: U(±1/√fanIn) for weight and bias", () => {
  manualSeed(0);
  for (
    const [name, layer] of [
      ["conv2d", new Conv2d(16, 32, 3)],
      ["convTranspose2d", new ConvTranspose2d(16, 32, 3)],
    ] as const
  ) {
    const { bound, weightMaxAbs, biasMaxAbs } = FIXTURE.vision.init[name];
    const w = flat(layer.weight);
    const b = flat(layer.bias!);
    // Float32 rounding may reach the bound itself, never beyond it.
    assert.ok(w.every((v) => Math.abs(v) <= Math.fround(bound)), name);
    assert.ok(b.every((v) => Math.abs(v) <= Math.fround(bound)), name);
    // PyTorch's draws come as close to the bound as ours.
    const maxAbs = Math.max(...w.map(Math.abs));
    assert.ok(maxAbs > 0.98 * bound && weightMaxAbs > 0.98 * bound, name);
    assert.ok(biasMaxAbs <= bound && Math.max(...b.map(Math.abs)) > 0.5 * bound, name);
    // U(-a, a): mean 0, variance a²/3 (4608 samples: standard errors 1.5e-3·a and 0.04·a²/3).
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    assert.ok(Math.abs(mean) < 4 * 0.0085 * bound, `${name} mean ${mean}`);
    assert.ok(Math.abs(variance / (bound ** 2 / 3) - 1) < 4 * 0.0165, `${name} var ${variance}`);
  }
});

Deno.test("Conv2d() is reproducible with a generator, and has PyTorch's shapes", () => {
  const a = new Conv2d(3, 4, 3, { generator: new Random(1) });
  const b = new Conv2d(3, 4, 3, { generator: new Random(1) });
  assert.deepEqual(a.weight.toArray(), b.weight.toArray());
  assert.deepEqual(a.weight.shape, [4, 3, 3, 3]);
  assert.deepEqual(new ConvTranspose2d(4, 6, [2, 3], { groups: 2 }).weight.shape, [4, 3, 2, 3]);
  assert.deepEqual(new Conv1d(4, 6, 5, { groups: 2 }).weight.shape, [6, 2, 5]);
  const conv = new Conv2d(2, 4, [3, 1], { stride: 2, padding: "valid" });
  assert.deepEqual(conv.kernelSize, [3, 1]);
  assert.deepEqual(conv.stride, [2, 2]);
  assert.equal(conv.padding, "valid");
  assert.equal(conv.paddingMode, "zeros");
  assert.equal(new Conv2d(1, 1, 1, F64).weight.dtype, "float64");
  assert.ok(conv.parameters().every((p) => p.requiresGrad && p.isLeaf));
});

Deno.test("Conv2d() rejects what PyTorch rejects, and the padding modes it lacks", () => {
  const range = (fn: () => unknown, message: RegExp | string) =>
    assert.throws(fn, { name: "RangeError", message });
  range(
    () => new Conv2d(3, 4, 3, { groups: 2 }),
    "Cannot create Conv2d: inChannels 3 and outChannels 4 must both be divisible by groups 2",
  );
  range(
    () => new Conv2d(3, 4, 3, { paddingMode: "reflect" as never }),
    'Cannot create Conv2d: paddingMode "reflect" is not supported; only "zeros" is (pad the ' +
      "input with Tensor.pad() for other modes)",
  );
  range(
    () => new Conv2d(3, 4, 3, { stride: 2, padding: "same" }),
    'Cannot create Conv2d: padding "same" needs stride 1, got stride [2, 2]',
  );
  range(
    () => new Conv2d(0, 4, 3),
    "Cannot create Conv2d: inChannels must be a positive integer, got 0",
  );
  range(() => new Conv2d(3, 4, 0), /Conv2d: kernelSize must be a positive integer or a list of 2/);
  range(() => new Conv1d(3, 4, [3, 3] as never), /Conv1d: kernelSize must be .* a list of 1/);
  range(() => new Conv2d(3, 4, 3, { dtype: "int32" }), /dtype must be float32 or float64/);
  range(() => new ConvTranspose2d(3, 4, 3, { padding: "same" } as never), /ConvTranspose2d/);
  assert.throws(() => new Conv2d(3, 4, 3, { strides: 2 } as never), {
    name: "TypeError",
    message: /Conv2d\(\): unknown option "strides"/,
  });
  // A wrong input names the functional op that runs, with both shapes.
  assert.throws(() => new Conv2d(3, 4, 3).forward(new Conv2d(1, 1, 1).weight), {
    name: "ShapeError",
    message: "Cannot convolve [1, 1, 1, 1] with weight [4, 3, 3, 3] in conv2d(): the input has 1 " +
      "channels, the weight expects 3",
  });
});
