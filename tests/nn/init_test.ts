import assert from "node:assert/strict";
import { init, Linear, manualSeed, ones, Random, type Tensor, zeros } from "../../mod.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { FIXTURE } from "./_fixtures.ts";

const F64 = { dtype: "float64" } as const;
const NAMES: Record<string, init.Nonlinearity> = {
  linear: "linear",
  conv2d: "conv2d",
  sigmoid: "sigmoid",
  tanh: "tanh",
  relu: "relu",
  leaky_relu: "leakyRelu",
  selu: "selu",
};

function stats(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

Deno.test("calculateGain() equals torch.nn.init.calculate_gain()", () => {
  for (const { nonlinearity, param, gain } of FIXTURE.init.gains) {
    const ours = init.calculateGain(NAMES[nonlinearity], param ?? undefined);
    assert.ok(Math.abs(ours - gain) < 1e-15, `${nonlinearity}(${param}): ${ours} vs ${gain}`);
  }
  assert.throws(() => init.calculateGain("softmax" as init.Nonlinearity), {
    name: "RangeError",
    message: /Cannot compute the gain in calculateGain\(\): unsupported nonlinearity "softmax"/,
  });
  assert.throws(() => init.calculateGain("leakyRelu", NaN), { name: "RangeError" });
});

// Same generator seed: a Kaiming or Xavier fill must equal uniform/normal with torch's bound.
Deno.test("kaiming and xavier fills use PyTorch's bounds and fans", () => {
  const { shape, bounds } = FIXTURE.init;
  const w = () => zeros(shape, F64);
  const same = (a: Tensor, b: Tensor) => assertAllClose(a, flat(b), { atol: 1e-15, rtol: 1e-14 });
  const rng = (seed: number) => ({ generator: new Random(seed) });
  const uniform = (bound: number, seed: number, s = shape) =>
    init.uniform(zeros(s, F64), { a: -bound, b: bound, ...rng(seed) });
  const normal = (std: number, seed: number) => init.normal(w(), { std, ...rng(seed) });

  same(
    init.kaimingUniform(w(), { a: Math.sqrt(5), ...rng(1) }),
    uniform(bounds.kaimingUniformSqrt5, 1),
  );
  same(
    init.kaimingNormal(w(), { nonlinearity: "relu", ...rng(2) }),
    normal(bounds.kaimingNormalRelu, 2),
  );
  same(
    init.kaimingNormal(w(), { mode: "fanOut", ...rng(3) }),
    normal(bounds.kaimingNormalFanOut, 3),
  );
  same(init.xavierUniform(w(), rng(4)), uniform(bounds.xavierUniform, 4));
  const tanh = init.calculateGain("tanh");
  same(init.xavierNormal(w(), { gain: tanh, ...rng(5) }), normal(bounds.xavierNormalTanh, 5));
  // Convolution-shaped weights [out, in, k, k]: fans include the receptive field.
  for (const { shape: s, fanIn, fanOut } of FIXTURE.init.fans) {
    same(
      init.xavierUniform(zeros(s, F64), rng(6)),
      uniform(Math.sqrt(6 / (fanIn + fanOut)), 6, s),
    );
    same(
      init.kaimingUniform(zeros(s, F64), { nonlinearity: "relu", ...rng(7) }),
      uniform(Math.SQRT2 * Math.sqrt(3 / fanIn), 7, s),
    );
  }
});

Deno.test("random fills have the intended distributions", () => {
  manualSeed(0);
  const n = [256, 512];
  const u = flat(init.uniform(zeros(n, F64), { a: -1, b: 3 }));
  assert.ok(u.every((v) => v >= -1 && v < 3));
  const su = stats(u);
  assert.ok(Math.abs(su.mean - 1) < 0.01 && Math.abs(su.std - 4 / Math.sqrt(12)) < 0.01);
  const g = flat(init.normal(zeros(n, F64), { mean: -2, std: 0.5 }));
  const sg = stats(g);
  assert.ok(Math.abs(sg.mean + 2) < 0.005 && Math.abs(sg.std - 0.5) < 0.005);
  const k = stats(flat(init.kaimingNormal(zeros(n), { nonlinearity: "relu" })));
  assert.ok(Math.abs(k.std - Math.sqrt(2 / 512)) < 0.01 * Math.sqrt(2 / 512) * 4);
  const x = stats(flat(init.xavierUniform(zeros(n))));
  assert.ok(Math.abs(x.std - Math.sqrt(2 / (256 + 512))) < 0.04 * Math.sqrt(2 / 768));
});

Deno.test("init functions fill in place, under noGrad, and return the tensor", () => {
  const layer = new Linear(3, 2);
  const w = layer.weight;
  assert.equal(init.constant(w, 0.25), w);
  assert.deepEqual(flat(w), new Array(6).fill(0.25));
  assert.equal(init.zeros(layer.bias!), layer.bias);
  assert.deepEqual(flat(layer.bias!), [0, 0]);
  assert.deepEqual(flat(init.ones(w)), new Array(6).fill(1));
  assert.equal(w.gradFn, null);
  assert.equal(w.requiresGrad, true);
  for (const f of [init.uniform, init.normal, init.kaimingUniform, init.xavierNormal]) {
    assert.equal(f(w), w);
  }
  // Views are filled through.
  const m = zeros([4, 4]);
  init.ones(m.narrow(0, 1, 2));
  assert.deepEqual(flat(m.sum(1)), [0, 4, 4, 0]);
  // Integer tensors may be filled with constants.
  assert.deepEqual(init.constant(zeros([2], { dtype: "int32" }), 3).toArray(), [3, 3]);
  // Empty tensors are left alone.
  assert.deepEqual(init.kaimingUniform(zeros([0, 3])).shape, [0, 3]);
});

Deno.test("init functions reject bad tensors and hyper-parameters", () => {
  assert.throws(() => init.kaimingUniform(zeros([5])), {
    name: "ShapeError",
    message: "Cannot compute fan in and fan out in kaimingUniform(): the tensor has shape " +
      "[5], expected at least 2 dimensions",
  });
  assert.throws(() => init.xavierNormal(ones([])), {
    name: "ShapeError",
    message: /xavierNormal/,
  });
  assert.throws(() => init.uniform(zeros([2], { dtype: "int32" })), {
    name: "DTypeError",
    message: "Cannot fill in uniform(): random fills need a float32 or float64 tensor, got int32",
  });
  assert.throws(() => init.uniform(zeros([2]), { a: 1, b: 0 }), {
    name: "RangeError",
    message: "Cannot fill in uniform(): need finite bounds a <= b, got a = 1, b = 0",
  });
  assert.throws(() => init.normal(zeros([2]), { std: -1 }), {
    name: "RangeError",
    message: /need a finite mean and std >= 0/,
  });
  assert.throws(() => init.kaimingNormal(zeros([2, 2]), { mode: "fan_in" as init.FanMode }), {
    name: "RangeError",
    message: 'Cannot fill in kaimingNormal(): mode must be "fanIn" or "fanOut", got "fan_in"',
  });
  assert.throws(() => init.xavierUniform(zeros([2, 2]), { gain: Infinity }), RangeError);
  assert.throws(() => init.zeros([1, 2] as unknown as Tensor), TypeError);
});
