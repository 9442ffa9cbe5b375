/**
 * Graphviz DOT to SVG through `@viz-js/viz` (Graphviz in WebAssembly).
 */
import { instance, type Viz } from "@viz-js/viz";

// Compiling the WebAssembly module takes a while: do it once, on first use.
let viz: Promise<Viz> | null = null;

/**
 * Lays out a Graphviz DOT graph with `dot` and returns it as SVG text, such
 * as the output of `toDot` or `tensorToDot`. The Graphviz WebAssembly module
 * is loaded on the first call and reused after.
 * @param dot The graph in the DOT language.
 * @returns The SVG document.
 * @throws {Error} If `dot` is not valid DOT (the message quotes Graphviz).
 * @example Rendering a tensor graph
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, tensorToDot } from "@nabla/autograd";
 * import { renderSvg } from "@nabla/autograd/viz";
 * const w = tensor([1, -2], { requiresGrad: true });
 * const loss = w.exp().sum();
 * const svg = await renderSvg(tensorToDot(loss, { names: { w } }));
 * assert.ok(svg.includes("ExpBackward") && svg.includes(">w<"));
 * ```
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: "svg" });
  if (result.status !== "success") {
    const messages = result.errors.map((e) => e.message.trim()).join("; ");
    throw new Error(`Cannot render the graph in renderSvg(): Graphviz failed: ${messages}`);
  }
  return result.output;
}
