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

// Fill colours shared with tensor/graph.ts: the same meaning in both engines.
const LABELLED_LEAF = `style=filled, fillcolor="#d1fae5"`;
const CONSTANT_LEAF = `style=filled, fillcolor="#f3f4f6"`;
const NON_FINITE = `style=filled, fillcolor="#fecaca", color="#dc2626", penwidth=2`;
const OUTPUT = `style=filled, fillcolor="#fef3c7"`;

/**
 * Draws the graph that produced `root` as Graphviz DOT, in the style of
 * micrograd: a box per value (label, data, grad) and an ellipse per op, with
 * an edge from each operand to the op (two for a value used twice, as in
 * `c.add(c)`) and one from the op to its result.
 *
 * Leaves are filled: green when labelled (inputs, weights), grey when not
 * (constants such as the `2` of `a.mul(2)`). A value whose data or grad is
 * NaN or ±Infinity is filled red with a thick red border, whatever it is.
 * The root is filled amber (unless red).
 *
 * Render it with any Graphviz tool, for example `dot -Tsvg graph.dot`, or
 * with `renderSvg()` from `@nabla/autograd/viz`.
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
    let style = "";
    if (!Number.isFinite(v.data) || !Number.isFinite(v.grad)) style = NON_FINITE;
    else if (v === root) style = OUTPUT;
    else if (!v.op) style = v.label ? LABELLED_LEAF : CONSTANT_LEAF;
    if (style) style = `, ${style}`;
    lines.push(`  ${id} [shape=record, label="{ ${text} }"${style}];`);
    if (v.op) {
      lines.push(`  ${id}_op [shape=ellipse, label="${escape(v.op)}"];`);
      lines.push(`  ${id}_op -> ${id};`);
      // One edge per operand: `c.add(c)` draws two edges from c.
      for (const p of v.operands) lines.push(`  ${ids.get(p)} -> ${id}_op;`);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

// Characters with a meaning inside a DOT record label.
function escape(text: string): string {
  return text.replace(/[\\"{}|<>]/g, (c) => `\\${c}`);
}
