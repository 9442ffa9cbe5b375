/**
 * Rendering of computation graphs to SVG, in any JavaScript runtime and in
 * browsers, with Graphviz compiled to WebAssembly (`npm:@viz-js/viz`): no
 * native install. It is a separate entry point so that the core library stays
 * free of dependencies; draw graphs with `toDot` (a `Value`) or `tensorToDot`
 * (a `Tensor`) and pass the text to {@linkcode renderSvg}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toDot, Value } from "@nabla/autograd";
 * import { renderSvg } from "@nabla/autograd/viz";
 * const a = new Value(2, { label: "a" });
 * const y = a.mul(a).tanh();
 * y.backward();
 * const svg = await renderSvg(toDot(y));
 * assert.match(svg, /<svg[\s\S]*tanh[\s\S]*<\/svg>\s*$/);
 * ```
 *
 * @module
 */
export { renderSvg } from "./render.ts";
