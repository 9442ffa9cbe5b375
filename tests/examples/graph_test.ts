import assert from "node:assert/strict";
import { renderSvg } from "@nabla/autograd/viz";
import { graphs, micrograd, mlpStep } from "../../examples/graph.ts";

Deno.test("micrograd() gives micrograd's values and gradients", () => {
  const g = micrograd();
  assert.ok(Math.abs(g.data - 24.7041) < 1e-4);
  const leaves = new Map<string, number>();
  const stack = [g];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v.parents.size === 0 && v.label) leaves.set(v.label, v.grad);
    stack.push(...v.parents);
  }
  assert.ok(Math.abs(leaves.get("a")! - 138.8338) < 1e-4);
  assert.ok(Math.abs(leaves.get("b")! - 645.5773) < 1e-4);
});

Deno.test("mlpStep() fills the gradient of every parameter", () => {
  const { model, loss } = mlpStep();
  assert.ok(Number.isFinite(loss.item()));
  for (const p of model.parameters()) assert.deepEqual(p.grad?.shape, p.shape);
});

Deno.test("graphs() draws both graphs at a legible width", async () => {
  const dots = graphs();
  assert.deepEqual(Object.keys(dots), ["scalar_graph", "mlp_step_graph"]);
  for (const [stem, dot] of Object.entries(dots)) {
    const svg = await renderSvg(dot);
    const [, width] = svg.match(/<svg width="([\d.]+)pt"/)!;
    // A page or a screen is about 1,000 pt wide: wider graphs shrink their text away.
    assert.ok(Number(width) < 1000, `${stem} is ${width} pt wide`);
  }
});
