import assert from "node:assert/strict";
import {
  elu,
  grad,
  gradcheck,
  gradgradcheck,
  hardtanh,
  leakyRelu,
  logSigmoid,
  silu,
  softplus,
  tensor,
} from "../../tensor/mod.ts";
import { erf } from "../../tensor/kernels/cpu.ts";
import { geluComposed } from "../../tensor/ops/activation.ts";
import { assertAllClose, flat } from "../_helpers.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

Deno.test("gradcheck() passes for every activation", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "activation")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("relu() zeroes negatives and has gradient 0 at 0", () => {
  // torch: relu([0, -2, 2]).sum().backward() -> [0, 0, 1]
  const x = tensor([0, -2, 2], { requiresGrad: true });
  const y = x.relu();
  assert.deepEqual(y.toArray(), [0, 0, 2]);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 0, 1]);
  assert.deepEqual(tensor([NaN]).relu().toArray(), [NaN]);
  assert.deepEqual(tensor([-1, 3], { dtype: "int32" }).relu().toArray(), [0, 3]);
});

Deno.test("tanh() and sigmoid() stay finite for inputs of ±1e4", () => {
  // torch (float32): sigmoid([-1e4, -50, 0, 50, 1e4]) = [0, 1.9287e-22, 0.5, 1, 1],
  // grad [0, 1.9287e-22, 0.25, 0, 0]; tanh([-1e4, 0, 1e4]) = [-1, 0, 1], grad [0, 1, 0]
  const x = tensor([-1e4, -50, 0, 50, 1e4], { requiresGrad: true });
  const s = x.sigmoid();
  assertAllClose(s, [0, 1.9287498933537385e-22, 0.5, 1, 1]);
  s.sum().backward();
  assertAllClose(x.grad!, [0, 1.9287498933537385e-22, 0.25, 0, 0]);
  const z = tensor([-1e4, 0, 1e4], { requiresGrad: true });
  const t = z.tanh();
  assert.deepEqual(t.toArray(), [-1, 0, 1]);
  t.sum().backward();
  assert.deepEqual(z.grad!.toArray(), [0, 1, 0]);
  assert.ok(flat(tensor([-1e4, 1e4], { dtype: "float64" }).sigmoid()).every(Number.isFinite));
});

Deno.test("sigmoid() is accurate for large negative inputs in float64", () => {
  const y = tensor([-40, -700], { dtype: "float64" }).sigmoid();
  assertAllClose(y, [Math.exp(-40) / (1 + Math.exp(-40)), Math.exp(-700)], {
    atol: 0,
    rtol: 1e-14,
  });
});

Deno.test("erf() is within 1e-14 of the reference everywhere", () => {
  // Python math.erf values
  const reference: [number, number][] = [
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [3.5, 0.9999992569016276],
    [-5.5, -0.9999999999999927],
    [-2, -0.9953222650189527],
    [-0.3, -0.3286267594591274],
    [1e-9, 1.1283791670955127e-9],
    [0.7, 0.6778011938374184],
    [1.1, 0.8802050695740817],
    [2.9, 0.9999589021219005],
    [4.2, 0.9999999971445058],
  ];
  for (const [x, want] of reference) assert.ok(Math.abs(erf(x) - want) < 1e-14, `erf(${x})`);
  assert.equal(erf(0), 0);
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.ok(Number.isNaN(erf(NaN)));
  const t = tensor(reference.map(([x]) => x), { dtype: "float64" }).erf();
  assertAllClose(t, reference.map(([, y]) => y), { atol: 1e-14, rtol: 0 });
});

Deno.test("gelu() matches PyTorch's exact form, values and gradients", () => {
  // torch.nn.functional.gelu (approximate="none") in float64
  const x = tensor([-3, -1, -0.5, 0, 0.5, 1, 3], { dtype: "float64", requiresGrad: true });
  const y = x.gelu();
  assertAllClose(y, [
    -0.00404969409489031,
    -0.15865525393145702,
    -0.15426876936299344,
    0,
    0.34573123063700656,
    0.841344746068543,
    2.99595030590511,
  ], { atol: 1e-15, rtol: 1e-14 });
  y.sum().backward();
  assertAllClose(x.grad!, [
    -0.01194564720418392,
    -0.08331547058768635,
    0.13250487534383712,
    0.5,
    0.8674951246561629,
    1.0833154705876864,
    1.011945647204184,
  ], { atol: 1e-15, rtol: 1e-14 });
});

Deno.test("gelu() (fused) equals its composition from erf, to second order", () => {
  const values = [-7, -3, -1.25, -0.84, -0.5, -1e-9, 0, 0.3, 0.84375, 1.3, 2.9, 6.5, 40];
  for (const dtype of ["float64", "float32"] as const) {
    const x = tensor(values, { dtype, requiresGrad: true });
    const tol = dtype === "float64" ? { atol: 1e-15, rtol: 1e-14 } : { atol: 1e-7, rtol: 1e-6 };
    const fused = x.gelu();
    const composed = geluComposed(x);
    assertAllClose(fused, flat(composed), tol);
    const w = tensor(values.map((_, i) => Math.cos(i)), { dtype });
    const [gFused] = grad(fused.mul(w).sum(), [x], { createGraph: true });
    const [gComposed] = grad(composed.mul(w).sum(), [x], { createGraph: true });
    assertAllClose(gFused!, flat(gComposed!), tol);
    // The kernel (no createGraph) and the tensor-op backward agree too.
    const [gKernel] = grad(x.gelu().mul(w).sum(), [x]);
    assertAllClose(gKernel!, flat(gComposed!), tol);
    const [ggFused] = grad(gFused!.sum(), [x]);
    const [ggComposed] = grad(gComposed!.sum(), [x]);
    assertAllClose(ggFused!, flat(ggComposed!), tol);
  }
  // Strided input, and an int32 one (computed in float32, as the composition).
  const t = tensor([[-1, 2], [3, -4]], { dtype: "float64" }).T;
  assertAllClose(t.gelu(), flat(geluComposed(t)), { atol: 1e-15, rtol: 1e-14 });
  const i = tensor([-1, 0, 2], { dtype: "int32" });
  assert.equal(i.gelu().dtype, "float32");
  assertAllClose(i.gelu(), flat(geluComposed(i)), { atol: 1e-7, rtol: 1e-6 });
  assert.ok(gradgradcheck((a) => a.gelu(), [tensor([[-1.5, 0.2], [0.7, 2]], {
    dtype: "float64",
    requiresGrad: true,
  })]));
});

Deno.test("activations work elementwise on strided views", () => {
  const x = tensor([[-1, 2], [3, -4]]).T;
  assert.deepEqual(x.relu().toArray(), [[0, 3], [2, 0]]);
  assert.equal(x.tanh().isContiguous(), true);
});

// ---------------------------------------------------------------- composed activations

const f64 = (data: number[]) => tensor(data, { dtype: "float64", requiresGrad: true });

Deno.test("silu() is x·σ(x) with gradient σ(x)(1 + x(1 - σ(x)))", () => {
  const x = f64([-2, 0, 1.5]);
  const s = (v: number) => 1 / (1 + Math.exp(-v));
  const y = silu(x);
  assertAllClose(y, [-2 * s(-2), 0, 1.5 * s(1.5)], { rtol: 1e-15, atol: 0 });
  y.sum().backward();
  const d = (v: number) => s(v) * (1 + v * (1 - s(v)));
  assertAllClose(x.grad!, [d(-2), 0.5, d(1.5)], { rtol: 1e-15, atol: 1e-16 });
});

Deno.test("softplus() returns x above the threshold, with finite gradients", () => {
  // torch: F.softplus(x, beta=2, threshold=3) for x = [-1e4, 0, 1.4, 1.6, 1e4]
  const x = f64([-1e4, 0, 1.4, 1.6, 1e4]);
  const y = softplus(x, { beta: 2, threshold: 3 });
  assertAllClose(y, [0, Math.LN2 / 2, Math.log1p(Math.exp(2.8)) / 2, 1.6, 1e4], {
    rtol: 1e-15,
    atol: 0,
  });
  y.sum().backward(); // σ(βx) below the threshold, 1 above
  assertAllClose(x.grad!, [0, 0.5, 1 / (1 + Math.exp(-2.8)), 1, 1], { rtol: 1e-15, atol: 0 });
  // float32 keeps large inputs finite too.
  const big = tensor([100, 1e30], { requiresGrad: true });
  softplus(big).sum().backward();
  assert.deepEqual(big.grad!.toArray(), [1, 1]);
});

Deno.test("leakyRelu() and elu() have PyTorch's gradient at 0 and no NaN for large inputs", () => {
  // torch: leaky_relu at 0 has gradient negative_slope; elu at 0 has gradient alpha
  const x = f64([-1, 0, 2]);
  leakyRelu(x, { negativeSlope: 0.2 }).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0.2, 0.2, 1]);
  const z = f64([-1e4, 0, 1e4]);
  const y = elu(z, { alpha: 0.5 });
  assert.deepEqual(y.toArray(), [-0.5, 0, 1e4]);
  y.sum().backward();
  assert.deepEqual(z.grad!.toArray(), [0, 0.5, 1]);
  assertAllClose(elu(tensor([-1e-9], { dtype: "float64" })), [Math.expm1(-1e-9)], {
    rtol: 1e-15,
    atol: 0,
  });
});

Deno.test("logSigmoid() is stable for large |x|", () => {
  // torch: F.logsigmoid([-1000, -30, 0, 30, 1000]) = [-1000, -30 - 9.36e-14, -ln 2, -9.36e-14, 0]
  const x = f64([-1000, -30, 0, 30, 1000]);
  const y = logSigmoid(x);
  const e = Math.exp(-30);
  assertAllClose(y, [-1000, -30 - Math.log1p(e), -Math.LN2, -Math.log1p(e), 0], {
    rtol: 1e-15,
    atol: 0,
  });
  y.sum().backward(); // 1 - σ(x)
  assertAllClose(x.grad!, [1, 1 / (1 + e), 0.5, e / (1 + e), 0], { rtol: 1e-14, atol: 0 });
});

Deno.test("hardtanh() has a zero gradient at its limits, unlike clamp()", () => {
  const x = f64([-2, -1, 0.5, 1, 2]);
  const y = hardtanh(x);
  assert.deepEqual(y.toArray(), [-1, -1, 0.5, 1, 1]);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 0, 1, 0, 0]);
  const c = f64([-2, -1, 0.5, 1, 2]);
  c.clamp(-1, 1).sum().backward();
  assert.deepEqual(c.grad!.toArray(), [0, 1, 1, 1, 0]);
});

Deno.test("composed activations check their input and options", () => {
  const i = tensor([1, -1], { dtype: "int32" });
  for (const [name, fn] of [["silu", silu], ["logSigmoid", logSigmoid], ["elu", elu]] as const) {
    assert.throws(() => fn(i), {
      name: "DTypeError",
      message: `Cannot apply ${name}() to an int32 tensor: it needs a float32 or float64 tensor, ` +
        "as in PyTorch; convert it with float() first",
    });
  }
  const x = tensor([1, 2]);
  assert.throws(() => softplus(x, { beta: 0 }), {
    name: "RangeError",
    message: "Cannot apply softplus(): beta must be a finite number, got 0",
  });
  assert.throws(() => softplus(x, { treshold: 5 } as never), {
    name: "TypeError",
    message: /softplus\(\): unknown option "treshold" \(accepted: beta, threshold\)/,
  });
  assert.throws(() => leakyRelu(x, { negativeSlope: NaN }), { name: "RangeError" });
  assert.throws(() => elu(x, { alpha: Infinity }), { name: "RangeError", message: /elu\(\)/ });
  assert.throws(() => hardtanh(x, { minVal: 2, maxVal: 1 }), {
    name: "RangeError",
    message: "Cannot apply hardtanh(): minVal 2 is greater than maxVal 1",
  });
  assert.throws(() => hardtanh(x, { min: 0 } as never), { name: "TypeError", message: /hardtanh/ });
});
