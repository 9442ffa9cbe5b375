/**
 * Backpropagation one node at a time, for the playground: the local rule of
 * every op written out with its numbers, a stepper that replays `backward()`
 * node by node, and the graph drawn as Graphviz DOT with a stable id on every
 * node and edge so that the page can highlight them.
 *
 * It works on the evaluator's own picture of the graph ({@linkcode ExprNode}),
 * so a value used twice has two edges and numbers written in the program
 * (constants) get no gradient. Nothing here touches the DOM.
 */
import type { ExprNode, Program } from "./expr.ts";

/** One input's share of a node's gradient. */
export interface Term {
  /** The position of the input among the node's operands. */
  slot: number;
  /** The input. */
  input: ExprNode;
  /** The local derivative `d(node)/d(input)` at the forward values. */
  local: number;
  /** The local derivative as a formula of the operands' names: `b`, `1/b`, `3·x²`. */
  symbol: string;
}

const f4 = (x: number) => x.toFixed(4);
const nameOf = (n: ExprNode) => (/^[\w.₀-₉]+$/u.test(n.name) ? n.name : `(${n.name})`);

/** Each op's local rule in words, for the page. */
export const RULES: Readonly<Record<string, string>> = {
  "+": "a sum passes its gradient to each input unchanged (local derivative 1)",
  "-": "a difference passes its gradient to the first input, and minus it to the second",
  "*": "a product passes to each input the gradient times the other input",
  "/": "d(a/b)/da = 1/b and d(a/b)/db = -a/b²",
  "neg": "negation multiplies the gradient by -1",
  "**": "d(xᵉ)/dx = e·xᵉ⁻¹ and d(xᵉ)/de = xᵉ·ln x",
  "tanh": "d tanh(x)/dx = 1 - tanh²(x)",
  "exp": "d exp(x)/dx = exp(x)",
  "log": "d log(x)/dx = 1/x",
  "relu": "relu passes the gradient where its input is > 0, and 0 elsewhere",
  "sigmoid": "d σ(x)/dx = σ(x)·(1 - σ(x))",
  "abs": "d |x|/dx = sign(x)",
};

/**
 * The rule of an op in words.
 * @param op The op, as in {@linkcode ExprNode.op}.
 * @returns A sentence.
 */
export function ruleOf(op: string): string {
  const power = op.match(/^\*\*(.+)$/);
  return power
    ? `the power rule: d(x^${power[1]})/dx = ${power[1]}·x^${Number(power[1]) - 1}`
    : RULES[op];
}

/**
 * The local derivatives of an op with respect to each of its differentiable
 * inputs (constants get none). They are the rules of `Value` in
 * `scalar/value.ts`, written out.
 * @param node An op node.
 * @returns One term per operand that is not a constant, in operand order.
 */
export function localTerms(node: ExprNode): Term[] {
  const [a, b] = node.inputs;
  const x = a?.value.data ?? NaN;
  const y = b?.value.data ?? NaN;
  const out = node.value.data;
  const A = a && nameOf(a);
  const B = b && nameOf(b);
  const terms: [ExprNode, number, string][] = [];
  switch (node.op) {
    case "+":
      terms.push([a, 1, "1"], [b, 1, "1"]);
      break;
    case "-":
      terms.push([a, 1, "1"], [b, -1, "-1"]);
      break;
    case "*":
      terms.push([a, y, B], [b, x, A]);
      break;
    case "/":
      terms.push([a, 1 / y, `1/${B}`], [b, -out / y, `-${A}/${B}²`]);
      break;
    case "neg":
      terms.push([a, -1, "-1"]);
      break;
    case "**":
      // PyTorch's convention, as Value's: d(x^e)/de is 0 at x = 0 with e >= 0.
      terms.push(
        [a, y * x ** (y - 1), `${B}·${A}^(${B} - 1)`],
        [b, x === 0 && y >= 0 ? 0 : out * Math.log(x), `${A}^${B}·ln ${A}`],
      );
      break;
    case "tanh":
      terms.push([a, 1 - out * out, `1 - tanh²${A}`]);
      break;
    case "exp":
      terms.push([a, out, `exp ${A}`]);
      break;
    case "log":
      terms.push([a, 1 / x, `1/${A}`]);
      break;
    case "relu": {
      const local = out > 0 || Number.isNaN(out) ? 1 : 0;
      terms.push([a, local, local ? `1 (${A} > 0)` : `0 (${A} ≤ 0)`]);
      break;
    }
    case "sigmoid":
      terms.push([a, out * (1 - out), `σ(${a.name})·(1 - σ(${a.name}))`]);
      break;
    case "abs":
      terms.push([a, Math.sign(x), `sign ${A}`]);
      break;
    default: {
      const power = node.op.match(/^\*\*(.+)$/);
      if (!power) throw new Error(`internal: no local rule for op "${node.op}"`);
      const n = Number(power[1]);
      terms.push([a, n * x ** (n - 1), `${n}·${A}^${n - 1}`]);
    }
  }
  return terms.map(([input, local, symbol], slot) => ({ slot, input, local, symbol }))
    .filter((t) => t.input.kind !== "constant");
}

/** What one step of the backward pass did. */
export interface StepRecord {
  /** The node whose gradient was passed on. */
  node: ExprNode;
  /** Its gradient `d(output)/d(node)`, complete when its rule runs. */
  grad: number;
  /** Each input's share: `contribution = local × grad`, and the input's gradient after it. */
  terms: (Term & { contribution: number; after: number })[];
}

/**
 * Replays `backward()` node by node: the output starts with gradient 1, then
 * each op node, in reverse topological order (after every node that uses
 * it), adds `local × grad` to each differentiable input.
 */
export class BackwardStepper {
  /** The op nodes in the order their rules run: the output first. */
  readonly order: readonly ExprNode[];
  /** What each step did, in order. */
  readonly steps: readonly StepRecord[];
  /** The gradient of every node after each step: `gradsAfter[k]` after k steps. */
  readonly #gradsAfter: Map<ExprNode, number>[];
  readonly #output: ExprNode;

  /**
   * Computes every step up front (the graph is small).
   * @param program What `evaluate()` returned.
   */
  constructor(program: Program) {
    const output = program.nodeOf.get(program.output)!;
    this.#output = output;
    // Nodes come after their inputs in program.nodes; reversed, every node precedes its inputs.
    this.order = output.kind === "constant"
      ? []
      : [...program.nodes].reverse().filter((n) => n.kind === "op");
    const grads = new Map<ExprNode, number>();
    if (output.kind !== "constant") grads.set(output, 1);
    this.#gradsAfter = [new Map(grads)];
    const steps: StepRecord[] = [];
    for (const node of this.order) {
      const grad = grads.get(node) ?? 0;
      const terms = localTerms(node).map((t) => {
        const contribution = t.local * grad;
        const after = (grads.get(t.input) ?? 0) + contribution;
        grads.set(t.input, after);
        return { ...t, contribution, after };
      });
      steps.push({ node, grad, terms });
      this.#gradsAfter.push(new Map(grads));
    }
    this.steps = steps;
  }

  /**
   * The gradients known after `k` steps; a node absent from the map has
   * received nothing yet.
   * @param k From 0 (only the output's 1) to `steps.length` (all of them).
   * @returns Gradient by node.
   */
  gradsAfter(k: number): ReadonlyMap<ExprNode, number> {
    return this.#gradsAfter[Math.max(0, Math.min(k, this.steps.length))];
  }

  /**
   * The output node, whose gradient starts at 1.
   * @returns The node.
   */
  get output(): ExprNode {
    return this.#output;
  }
}

const d = (node: ExprNode) => `d${nameOf(node)}`;

/**
 * Describes step `k` (from 1) in words and numbers, for the page.
 * @param stepper The stepper.
 * @param k The step, from 1 to `stepper.steps.length`.
 * @returns Lines of text: the node and its gradient, its rule, then one line per input.
 */
export function describeStep(stepper: BackwardStepper, k: number): string[] {
  const step = stepper.steps[k - 1];
  const out = stepper.output;
  const grad = `${d(out)}/${d(step.node)}`;
  const complete = step.node === out
    ? `It is the output: its gradient starts at ${grad} = 1.`
    : `Every node that uses it has passed its share, so its gradient is complete: ` +
      `${grad} = ${f4(step.grad)}.`;
  const lines = [
    `Step ${k} of ${stepper.steps.length}: ${step.node.name} = ${
      f4(step.node.value.data)
    }. ${complete}`,
    `Local rule of ${step.node.op}: ${ruleOf(step.node.op)}.`,
  ];
  if (step.terms.length === 0) lines.push("Its inputs are all constants: nothing to pass on.");
  for (const t of step.terms) {
    lines.push(
      `${d(out)}/${d(t.input)} += ${t.symbol} × ${grad} = ${f4(t.local)} × ${f4(step.grad)}` +
        ` = ${f4(t.contribution)}, now ${f4(t.after)}`,
    );
  }
  return lines;
}

/** Options for {@linkcode programToDot}. */
export interface ProgramDotOptions {
  /**
   * Layout direction.
   * @default "LR"
   */
  rankdir?: "LR" | "TB";
  /**
   * The gradients to show; nodes without one show `grad ?`. Without the
   * option, each node's final gradient (`value.grad`).
   * @default undefined
   */
  grads?: ReadonlyMap<ExprNode, number>;
  /**
   * Characters to reserve for each node's grad text, so that stepping can
   * change it without moving the layout.
   * @default 0
   */
  gradWidth?: number;
}

// Characters with a meaning inside a DOT record label.
function escape(text: string): string {
  return text.replace(/[\\"{}|<>]/g, (c) => `\\${c}`);
}

/** The grad text of a node for {@linkcode programToDot}. */
export function gradText(node: ExprNode, grads?: ReadonlyMap<ExprNode, number>): string {
  if (node.kind === "constant") return "constant";
  const grad = grads ? grads.get(node) : node.value.grad;
  return grad === undefined ? "grad ?" : `grad ${f4(grad)}`;
}

/**
 * Draws the program's graph as DOT: a box per value (name, data, grad) and an
 * ellipse per op, one edge per operand, so that `c + c` has two. Node ids are
 * `n<index>` and `n<index>_op`, edge ids `e<index>_<slot>` (operand `slot` of
 * node `index`); classes `input`, `constant`, `op` and `output` let the page
 * style them.
 * @param program What `evaluate()` returned.
 * @param options Layout, the gradients to show, and the width kept for them.
 * @returns The DOT source.
 */
export function programToDot(program: Program, options: ProgramDotOptions = {}): string {
  const output = program.nodeOf.get(program.output)!;
  const lines = [
    "digraph G {",
    `  rankdir=${options.rankdir ?? "LR"};`,
    "  ranksep=0.3; nodesep=0.2;",
    '  node [fontname=Helvetica, fontsize=12, shape=record, style=filled, fillcolor="#ffffff"];',
    '  edge [color="#6b7280"];',
  ];
  const width = options.gradWidth ?? 0;
  for (const n of program.nodes) {
    const id = `n${n.index}`;
    // U+2007 (figure space) pads the grad text: as wide as a digit.
    const grad = gradText(n, options.grads).padEnd(width, "\u2007");
    const text = `${escape(n.name)} | data ${f4(n.value.data)} | ${grad}`;
    const classes = [n.kind, ...(n === output ? ["output"] : [])].join(" ");
    const fill = n === output
      ? "#fef3c7"
      : n.kind === "input"
      ? "#d1fae5"
      : n.kind === "constant"
      ? "#f3f4f6"
      : "#ffffff";
    const nonFinite = !Number.isFinite(n.value.data) ||
      (n.kind !== "constant" && !Number.isFinite(n.value.grad));
    const style = nonFinite ? `, fillcolor="#fecaca", color="#dc2626", penwidth=2` : "";
    lines.push(
      `  ${id} [id="${id}", class="${classes}", label="{ ${text} }", fillcolor="${fill}"${style}];`,
    );
    if (n.op !== "") {
      lines.push(
        `  ${id}_op [id="${id}_op", class="opnode", shape=ellipse, style="", label="${
          escape(n.op)
        }"];`,
        `  ${id}_op -> ${id} [id="e${n.index}_out"];`,
      );
      n.inputs.forEach((input, slot) => {
        lines.push(`  n${input.index} -> ${id}_op [id="e${n.index}_${slot}"];`);
      });
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
