/**
 * Graph export: the computation graph behind a `Value`, as Graphviz DOT text.
 */
import { topologicalOrder, type Value } from "./value.ts";

/** Options for {@linkcode toDot}. */
export interface DotOptions {
  /**
   * Layout direction: `"LR"` (left to right) or `"TB"` (top to bottom).
   * @default "LR"
   */
  rankdir?: "LR" | "TB";
  /**
   * Digits after the decimal point for data and grad.
   * @default 4
   */
  digits?: number;
}

/**
 * Draws the graph that produced `root` as Graphviz DOT, in the style of
 * micrograd: a box per value (label, data, grad) and an ellipse per op, with
 * edges from inputs to the op and from the op to its result.
 *
 * Render it with any Graphviz tool, for example `dot -Tsvg graph.dot`.
 *
 * @param root The output whose graph to draw.
 * @param options Layout direction and number formatting.
 * @returns The DOT source.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toDot, Value } from "@nabla/autograd";
 * const a = new Value(2, { label: "a" });
 * const b = a.mul(3);
 * b.backward();
 * const dot = toDot(b);
 * assert.match(dot, /^digraph/);
 * assert.match(dot, /a \| data 2\.0000 \| grad 3\.0000/);
 * ```
 */
export function toDot(root: Value, options: DotOptions = {}): string {
  const digits = options.digits ?? 4;
  const nodes = topologicalOrder(root);
  const ids = new Map(nodes.map((v, i) => [v, `v${i}`]));
  const lines = [
    "digraph G {",
    `  rankdir=${options.rankdir ?? "LR"};`,
    "  node [fontname=Helvetica];",
  ];
  for (const v of nodes) {
    const id = ids.get(v);
    const text = `${escape(v.label)} | data ${v.data.toFixed(digits)} | grad ${
      v.grad.toFixed(digits)
    }`;
    lines.push(`  ${id} [shape=record, label="{ ${text} }"];`);
    if (v.op) {
      lines.push(`  ${id}_op [shape=ellipse, label="${escape(v.op)}"];`);
      lines.push(`  ${id}_op -> ${id};`);
      for (const p of v.parents) lines.push(`  ${ids.get(p)} -> ${id}_op;`);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

// Characters with a meaning inside a DOT record label.
function escape(text: string): string {
  return text.replace(/[\\"{}|<>]/g, (c) => `\\${c}`);
}
