import assert from "node:assert/strict";
import { tensor, tensorToDot, toDot, Value } from "../../mod.ts";
import { renderSvg } from "../../viz/mod.ts";

/** Text of the SVG's <text> elements, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&#45;/g, "-").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">").replace(/&amp;/g, "&")
  );
}

Deno.test("renderSvg() renders a Value graph to an SVG document with its labels", async () => {
  const a = new Value(2, { label: "a" });
  const y = a.mul(a).tanh();
  y.label = "y";
  y.backward();
  const svg = await renderSvg(toDot(y));
  assert.match(svg, /^<\?xml[^>]*\?>\s*<!DOCTYPE svg[^>]*>\s*<!--[\s\S]*?-->\s*<svg /);
  assert.match(svg, /<\/svg>\s*$/);
  assert.equal(svg.match(/<svg /g)?.length, 1);
  const t = texts(svg);
  for (const label of ["a", "y", "*", "tanh", "data 2.0000", "data 0.9993"]) {
    assert.ok(t.includes(label), `${label} in ${JSON.stringify(t)}`);
  }
  // The NaN/Inf and leaf fills reach the SVG.
  assert.ok(svg.includes('fill="#d1fae5"'));
});

Deno.test("renderSvg() renders a Tensor graph, the same text each time", async () => {
  const w = tensor([1, NaN], { requiresGrad: true });
  const loss = w.exp().sum();
  const [first, second] = await Promise.all([
    renderSvg(tensorToDot(loss, { names: { w } })),
    renderSvg(tensorToDot(loss, { names: { w } })),
  ]);
  assert.equal(first, second);
  const t = texts(first);
  for (const label of ["w", "ExpBackward", "SumBackward", "output", "data [1, NaN]"]) {
    assert.ok(t.includes(label), `${label} in ${JSON.stringify(t)}`);
  }
  assert.ok(first.includes('fill="#fecaca"'), "NaN fill");
});

Deno.test("renderSvg() rejects invalid DOT with Graphviz's message", async () => {
  await assert.rejects(renderSvg("digraph { a -> }"), {
    name: "Error",
    message: /^Cannot render the graph in renderSvg\(\): Graphviz failed: .*syntax error/,
  });
});
