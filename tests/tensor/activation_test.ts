import assert from "node:assert/strict";
import { gradcheck, tensor } from "../../tensor/mod.ts";
import { erf } from "../../tensor/kernels/cpu.ts";
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

Deno.test("activations work elementwise on strided views", () => {
  const x = tensor([[-1, 2], [3, -4]]).T;
  assert.deepEqual(x.relu().toArray(), [[0, 3], [2, 0]]);
  assert.equal(x.tanh().isContiguous(), true);
});
