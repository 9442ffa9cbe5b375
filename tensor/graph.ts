/**
 * Graph export: the backward graph behind a `Tensor`, as Graphviz DOT text,
 * walked through each function's `nextFunctions` as PyTorch's torchviz does.
 */
import type { Tensor } from "./tensor.ts";
import { argumentMetadataOf, type AutogradFunction, isTensor } from "./autograd.ts";
import { checkOptions } from "./options.ts";

/** Something with named parameters, such as an `nn` `Module`. */
export interface NamedParameters {
  /**
   * Each parameter with its dotted name, as `Module.namedParameters()`.
   * @returns Pairs of name and parameter.
   */
  namedParameters(): Iterable<readonly [string, Tensor]>;
}

/** Options for {@linkcode tensorToDot}. */
export interface TensorDotOptions {
  /**
   * Layout direction: `"TB"` (top to bottom) or `"LR"` (left to right).
   * @default "TB"
   */
  rankdir?: "LR" | "TB";
  /**
   * Significant digits of the numbers in data and grad summaries.
   * @default 3
   */
  precision?: number;
  /**
   * Names of tensors, shown on their nodes: a map from tensor to name, or a
   * record from name to tensor (`{ x, w }`). Named leaves are drawn as
   * parameters.
   * @default {}
   */
  names?: ReadonlyMap<Tensor, string> | Readonly<Record<string, Tensor>>;
  /**
   * A module whose parameters are named by their `namedParameters()` keys,
   * such as `0.weight`. Entries of `names` take precedence.
   * @default undefined
   */
  module?: NamedParameters;
}

// The same colours as scalar/graph.ts, plus one for functions and the output.
const FUNCTION = `shape=box, style="rounded,filled", fillcolor="#e0e7ff"`;
const NAMED_LEAF = `shape=box, style=filled, fillcolor="#d1fae5"`;
const LEAF = `shape=box, style=filled, fillcolor="#dbeafe"`;
const OUTPUT = `shape=box, style=filled, fillcolor="#fef3c7", peripheries=2`;
const NON_FINITE = `fillcolor="#fecaca", color="#dc2626", penwidth=2`;

type GraphNode = AutogradFunction | Tensor;

/**
 * Draws the backward graph of `root` as Graphviz DOT: one node per recorded
 * function (its name such as `MulBackward`, and its output's shape and dtype)
 * and one per leaf tensor that requires grad (name if known, shape, dtype,
 * a data summary and, once backward has run, a grad summary), with edges from
 * each function's inputs (its `nextFunctions`) to it. The root gets its own
 * output node with its data. Tensors that need no gradient (inputs, targets,
 * constants) are not drawn, as in PyTorch's graphs.
 *
 * Summaries list the values of tensors with at most 6 elements, otherwise
 * `mean, min, max` of the finite values and how many are NaN or ±Inf. Nodes
 * holding NaN or ±Inf are filled red with a thick red border; named leaves
 * (parameters) are green, other leaves blue, functions lilac, the output
 * amber with a double border. Node ids are `f0, f1, ...` for functions and
 * `t0, t1, ...` for leaves, numbered inputs first, the same on every call.
 *
 * @param root The tensor whose graph to draw, usually a loss.
 * @param options Layout, number precision, and tensor or parameter names.
 * @returns The DOT source.
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, tensorToDot } from "@nabla/autograd";
 * const w = tensor([1, 2], { requiresGrad: true });
 * const loss = w.mul(3).sum();
 * loss.backward();
 * const dot = tensorToDot(loss, { names: { w } });
 * assert.match(dot, /t0 \[label="w\\n\[2\] float32, requiresGrad\\ndata \[1, 2\]\\ngrad \[3, 3\]"/);
 * assert.match(dot, /f0 \[label="MulBackward\\n\[2\] float32"/);
 * assert.match(dot, /t0 -> f0;\n {2}f0 -> f1;/); // w into MulBackward into SumBackward
 * assert.match(dot, /out \[label="output\\n\[\] float32, requiresGrad\\ndata 9"/);
 * assert.match(dot, /f1 -> out;/);
 * ```
 */
export function tensorToDot(root: Tensor, options: TensorDotOptions = {}): string {
  checkOptions("tensorToDot", options, ["rankdir", "precision", "names", "module"]);
  const precision = options.precision ?? 3;
  const names = collectNames(options);
  const { order, outputs } = walk(root);
  const ids = new Map<GraphNode, string>();
  let functions = 0, leaves = 0;
  for (const node of order) ids.set(node, isTensor(node) ? `t${leaves++}` : `f${functions++}`);

  const lines = [
    "digraph G {",
    `  rankdir=${options.rankdir ?? "TB"};`,
    '  node [fontname=Helvetica, fontsize=11, margin="0.25,0.06"];',
    '  edge [color="#6b7280"];',
  ];
  for (const node of order) {
    const id = ids.get(node)!;
    if (isTensor(node)) {
      const name = names.get(node);
      const { text, nonFinite } = describe(node, name ?? "leaf", precision);
      let style = name === undefined ? LEAF : NAMED_LEAF;
      if (nonFinite) style += `, ${NON_FINITE}`;
      if (node === root) style += ", peripheries=2";
      lines.push(`  ${id} [label="${escape(text)}", ${style}];`);
      continue;
    }
    const out = outputs.get(node)!;
    const text = `${node.name}\n${formatShape(out.shape)} ${out.dtype}`;
    lines.push(`  ${id} [label="${escape(text)}", ${FUNCTION}];`);
  }
  for (const node of order) {
    if (isTensor(node)) continue;
    const seen = new Set<GraphNode>();
    for (const input of node.nextFunctions) {
      if (input === null || seen.has(input)) continue;
      seen.add(input);
      lines.push(`  ${ids.get(input)} -> ${ids.get(node)};`);
    }
  }
  if (root.gradFn !== null) {
    const { text, nonFinite } = describe(root, names.get(root) ?? "output", precision);
    lines.push(
      `  out [label="${escape(text)}", ${OUTPUT}${nonFinite ? `, ${NON_FINITE}` : ""}];`,
      `  ${ids.get(root.gradFn)} -> out;`,
    );
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

// Post-order walk with an explicit stack (graphs can be deeper than the call
// stack): every node comes after its inputs. Also records each function's
// output shape and dtype, which its consumers saw as an argument.
function walk(root: Tensor) {
  const order: GraphNode[] = [];
  const outputs = new Map<AutogradFunction, { shape: readonly number[]; dtype: string }>();
  const start: GraphNode = root.gradFn ?? root;
  if (root.gradFn !== null) outputs.set(root.gradFn, { shape: root.shape, dtype: root.dtype });
  const visited = new Set<GraphNode>([start]);
  const stack: [GraphNode, number][] = [[start, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const node = frame[0];
    const inputs = isTensor(node) ? [] : node.nextFunctions;
    if (frame[1] === inputs.length) {
      stack.pop();
      order.push(node);
      continue;
    }
    const i = frame[1]++;
    const input = inputs[i];
    if (input === null) continue;
    if (!isTensor(input) && !outputs.has(input)) {
      const { shapes, dtypes } = argumentMetadataOf(node as AutogradFunction);
      outputs.set(input, { shape: shapes[i] ?? [], dtype: dtypes[i] ?? "?" });
    }
    if (!visited.has(input)) {
      visited.add(input);
      stack.push([input, 0]);
    }
  }
  return { order, outputs };
}

function collectNames(options: TensorDotOptions): Map<Tensor, string> {
  const names = new Map<Tensor, string>();
  if (options.module) {
    for (const [name, p] of options.module.namedParameters()) {
      names.set(p, name);
    }
  }
  const given = options.names;
  if (given instanceof Map) { for (const [t, name] of given) names.set(t, name); }
  else if (given) { for (const [name, t] of Object.entries(given)) names.set(t, name); }
  return names;
}

// Title, shape and dtype, data summary, grad summary (when set), one per line.
function describe(t: Tensor, title: string, precision: number) {
  const data = summarize(t, precision);
  let text = `${title}\n${formatShape(t.shape)} ${t.dtype}${
    t.requiresGrad ? ", requiresGrad" : ""
  }`;
  text += `\ndata ${data.text}`;
  let nonFinite = data.nonFinite;
  if (t.grad !== null) {
    const grad = summarize(t.grad, precision);
    text += `\ngrad ${grad.text}`;
    nonFinite ||= grad.nonFinite;
  }
  return { text, nonFinite };
}

/** Values if at most 6, else mean, min and max of the finite ones and the non-finite count. */
function summarize(t: Tensor, precision: number): { text: string; nonFinite: boolean } {
  const values = (t.detach().reshape([t.numel]).toArray() as (number | boolean)[]).map(Number);
  const show = (x: number) => String(Number.isFinite(x) ? Number(x.toPrecision(precision)) : x);
  let nan = 0, inf = 0, sum = 0, min = Infinity, max = -Infinity;
  for (const x of values) {
    if (Number.isNaN(x)) nan++;
    else if (!Number.isFinite(x)) inf++;
    else {
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const nonFinite = nan + inf > 0;
  if (values.length <= 6) {
    const text = t.ndim === 0 ? show(values[0]) : `[${values.map(show).join(", ")}]`;
    return { text, nonFinite };
  }
  const parts = [];
  const finite = values.length - nan - inf;
  if (finite > 0) parts.push(`mean ${show(sum / finite)}, min ${show(min)}, max ${show(max)}`);
  if (nan > 0) parts.push(`${nan} NaN`);
  if (inf > 0) parts.push(`${inf} ±Inf`);
  return { text: parts.join(", "), nonFinite };
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

// Quoted DOT strings: escape backslashes and quotes, then write newlines as \n.
function escape(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");
}
