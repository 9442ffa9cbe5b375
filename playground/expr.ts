/**
 * A tiny language for scalar expressions, so the playground can build a
 * `Value` graph from text without `eval`: statements `name = expr`,
 * `name += expr` (also `-=`, `*=`, `/=`) separated by newlines or `;`, the last
 * one being the output. Expressions have `+ - * /`, `**` or `^` for powers,
 * unary minus, parentheses, numbers, names, and the functions
 * `tanh exp log relu sigmoid abs`.
 *
 * Besides the `Value` graph, the evaluator records its own picture of it, one
 * {@linkcode ExprNode} per value with its inputs in order (a value used twice
 * appears twice, as in `c + c`), the source text it came from, and whether it
 * is differentiable: numbers written in the program are constants, not
 * inputs, so `x ** 2` has one input, `x`, and its exponent is part of the op.
 * A number assigned to a name (`a = -4`) is an input.
 */
import { Value } from "../mod.ts";

/** Ready-made programs, micrograd's test expression among them. */
export const PRESETS: Readonly<Record<string, string>> = {
  simple: "a = 2; b = -3; c = 10\ne = a * b\nd = e + c\nf = -2\nL = d * f",
  twice: "x = 3\ny = x * x + x\nz = y + y",
  neuron: [
    "x1 = 2; x2 = 0",
    "w1 = -3; w2 = 1",
    "b = 6.8813735870195432",
    "n = x1*w1 + x2*w2 + b",
    "o = tanh(n)",
  ].join("\n"),
  micrograd: [
    "a = -4; b = 2",
    "c = a + b",
    "d = a * b + b**3",
    "c += c + 1",
    "c += 1 + c + (-a)",
    "d += d * 2 + relu(b + a)",
    "d += 3 * d + relu(b - a)",
    "e = c - d",
    "f = e**2",
    "g = f / 2",
    "g += 10 / f",
  ].join("\n"),
};

/**
 * What a node of the program is: an `input` (a number assigned to a name,
 * differentiable), a `constant` (a number written in an expression, or an op
 * on constants only: no gradient), or an `op` on at least one input.
 */
export type NodeKind = "input" | "constant" | "op";

/** One value of the program's graph. */
export interface ExprNode {
  /** Position in {@linkcode Program.nodes}: inputs before the ops that use them. */
  index: number;
  /** The library value. */
  value: Value;
  /** Input, constant or op. */
  kind: NodeKind;
  /**
   * The op: `+ - * / neg tanh exp log relu sigmoid abs`, `**` (a power with a
   * computed exponent) or `**n` (with the constant exponent n); `""` for a
   * leaf.
   */
  op: string;
  /** The operands in order, repeated when used twice (`c + c`). */
  inputs: ExprNode[];
  /**
   * The name it was assigned to, or its source text (`a * b`, `3`). When a
   * name is assigned several times (`c += 1`), its earlier values are `c₁`,
   * `c₂`, ... and its last one `c`.
   */
  name: string;
}

/** What {@linkcode evaluate} returns. */
export interface Program {
  /** The value of the last statement, after `backward()` if requested. */
  output: Value;
  /** Every name assigned, with its final value. */
  variables: Map<string, Value>;
  /** Every node of the graph, each after its inputs; the output is among them. */
  nodes: ExprNode[];
  /** The node of each value. */
  nodeOf: Map<Value, ExprNode>;
  /** The inputs by name, in the order first assigned. */
  inputs: Map<string, ExprNode>;
}

/** Options for {@linkcode evaluate}. */
export interface EvaluateOptions {
  /**
   * Whether to call `output.backward()`.
   * @default true
   */
  backward?: boolean;
  /**
   * Largest number of nodes the graph may have.
   * @default 500
   */
  maxNodes?: number;
  /**
   * Values to use instead of those written for some inputs, by name (the
   * playground's nudge).
   * @default new Map()
   */
  overrides?: ReadonlyMap<string, number>;
}

const FUNCTIONS: Readonly<Record<string, (v: Value) => Value>> = {
  tanh: (v) => v.tanh(),
  exp: (v) => v.exp(),
  log: (v) => v.log(),
  relu: (v) => v.relu(),
  sigmoid: (v) => v.sigmoid(),
  abs: (v) => v.abs(),
};

const TOKEN =
  /[ \t\r]*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[+\-*/]=|[-+*/^()=;\n]))/y;

interface Token {
  kind: "number" | "name" | "op" | "end";
  text: string;
  at: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    if (/^[ \t\r]*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) {
      const bad = source.slice(at).trimStart()[0];
      throw new SyntaxError(`Cannot read expression: unexpected "${bad}" at offset ${at}`);
    }
    const start = TOKEN.lastIndex - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1] !== undefined) tokens.push({ kind: "number", text: m[1], at: start });
    else if (m[2] !== undefined) tokens.push({ kind: "name", text: m[2], at: start });
    else tokens.push({ kind: "op", text: m[3], at: start });
    at = TOKEN.lastIndex;
  }
  tokens.push({ kind: "end", text: "", at: source.length });
  return tokens;
}

/**
 * Runs a program of the language above and builds its `Value` graph.
 * @param source The program text.
 * @param options Whether to backpropagate, a size limit, and input overrides.
 * @returns The output, the named values, and the graph's nodes.
 */
export function evaluate(source: string, options: EvaluateOptions = {}): Program {
  const { backward = true, maxNodes = 500, overrides = new Map() } = options;
  const tokens = tokenize(source);
  const variables = new Map<string, Value>();
  const nodes: ExprNode[] = [];
  const nodeOf = new Map<Value, ExprNode>();
  // The nodes assigned to each name in order: `c += 1` makes a new version of c.
  const versions = new Map<string, ExprNode[]>();
  let pos = 0;
  let output: Value | undefined;

  const peek = () => tokens[pos];
  const fail = (message: string): never => {
    throw new SyntaxError(`Cannot read expression: ${message} at offset ${peek().at}`);
  };
  const expect = (text: string) => {
    if (peek().text !== text) fail(`expected "${text}", got "${peek().text || "end"}"`);
    pos++;
  };
  const textFrom = (start: number) => {
    const last = tokens[pos - 1];
    return source.slice(start, last.at + last.text.length);
  };
  const node = (value: Value, op: string, operands: Value[], start: number): Value => {
    if (nodes.length >= maxNodes) fail(`the graph has more than ${maxNodes} nodes`);
    const ins = operands.map((v) => nodeOf.get(v)!);
    const kind: NodeKind = op === ""
      ? "constant"
      : ins.every((n) => n.kind === "constant")
      ? "constant"
      : "op";
    const n: ExprNode = {
      index: nodes.length,
      value,
      kind,
      op,
      inputs: ins,
      name: textFrom(start),
    };
    nodes.push(n);
    nodeOf.set(value, n);
    return value;
  };
  const isConstant = (v: Value) => nodeOf.get(v)!.kind === "constant";

  function primary(): Value {
    const t = peek();
    const start = t.at;
    if (t.kind === "number") {
      pos++;
      return node(new Value(Number(t.text)), "", [], start);
    }
    if (t.kind === "name") {
      pos++;
      const fn = FUNCTIONS[t.text];
      if (fn) {
        expect("(");
        const arg = sum();
        expect(")");
        return node(fn(arg), t.text, [arg], start);
      }
      const v = variables.get(t.text);
      if (!v) throw new SyntaxError(`Cannot read expression: "${t.text}" is not defined`);
      return v;
    }
    if (t.text === "(") {
      pos++;
      const v = sum();
      expect(")");
      return v;
    }
    return fail(`unexpected "${t.text || "end"}"`);
  }
  function power(): Value {
    const start = peek().at;
    const base = primary();
    if (peek().text === "**" || peek().text === "^") {
      pos++;
      const exponent = unary();
      // A constant exponent is part of the op, as in micrograd's `x**2`: it gets no gradient.
      if (isConstant(exponent)) {
        return node(base.pow(exponent.data), `**${exponent.data}`, [base], start);
      }
      return node(base.pow(exponent), "**", [base, exponent], start);
    }
    return base;
  }
  function unary(): Value {
    const start = peek().at;
    if (peek().text === "-") {
      pos++;
      // A negative literal is one constant (`-4`), unless a power follows (`-2**2` is -4).
      const [t, after] = [peek(), tokens[pos + 1]];
      if (t.kind === "number" && after.text !== "**" && after.text !== "^") {
        pos++;
        return node(new Value(-Number(t.text)), "", [], start);
      }
      const operand = unary();
      return node(operand.neg(), "neg", [operand], start);
    }
    if (peek().text === "+") pos++;
    return power();
  }
  function product(): Value {
    const start = peek().at;
    let v = unary();
    while (peek().text === "*" || peek().text === "/") {
      const op = tokens[pos++].text;
      const rhs = unary();
      v = node(op === "*" ? v.mul(rhs) : v.div(rhs), op, [v, rhs], start);
    }
    return v;
  }
  function sum(): Value {
    const start = peek().at;
    let v = product();
    while (peek().text === "+" || peek().text === "-") {
      const op = tokens[pos++].text;
      const rhs = product();
      v = node(op === "+" ? v.add(rhs) : v.sub(rhs), op, [v, rhs], start);
    }
    return v;
  }
  function statement(): Value {
    const t = peek();
    const next = tokens[pos + 1];
    if (t.kind === "name" && !(t.text in FUNCTIONS) && /^[-+*/]?=$/.test(next.text)) {
      pos += 2;
      const start = peek().at;
      let v = sum();
      if (next.text !== "=") {
        const old = variables.get(t.text);
        if (!old) throw new SyntaxError(`Cannot read expression: "${t.text}" is not defined`);
        const op = next.text[0];
        const result = op === "+"
          ? old.add(v)
          : op === "-"
          ? old.sub(v)
          : op === "*"
          ? old.mul(v)
          : old.div(v);
        v = node(result, op, [old, v], start);
      } else if (isConstant(v)) {
        // A name given a number is an input: a leaf the output can be differentiated by.
        if (v.op !== "") v = node(new Value(v.data), "", [], start); // `x = 2 * 3`: a fresh leaf
        const override = overrides.get(t.text);
        if (override !== undefined) v.data = override;
        nodeOf.get(v)!.kind = "input";
      }
      // NOTE: `b = a` names the same node twice; keep the first name.
      if (v.label === "") {
        v.label = t.text;
        nodeOf.get(v)!.name = t.text;
        versions.set(t.text, [...(versions.get(t.text) ?? []), nodeOf.get(v)!]);
      }
      variables.set(t.text, v);
      return v;
    }
    return sum();
  }

  while (peek().kind !== "end") {
    if (peek().text === ";" || peek().text === "\n") {
      pos++;
      continue;
    }
    output = statement();
    if (peek().kind !== "end" && peek().text !== ";" && peek().text !== "\n") {
      fail(`unexpected "${peek().text}"`);
    }
  }
  if (!output) throw new SyntaxError("Cannot read expression: the program is empty");
  if (backward) output.backward();
  // Earlier versions of a reassigned name are told apart by a subscript: c₁, c₂, then c.
  for (const [name, list] of versions) {
    list.slice(0, -1).forEach((n, i) => (n.name = name + subscript(i + 1)));
  }
  const kept = reachable(nodes, nodeOf.get(output)!);
  const inputs = new Map<string, ExprNode>();
  for (const n of kept) if (n.kind === "input" && !inputs.has(n.name)) inputs.set(n.name, n);
  return { output, variables, nodes: kept, nodeOf, inputs };
}

// The nodes the output depends on, in their original order, renumbered.
function reachable(nodes: ExprNode[], root: ExprNode): ExprNode[] {
  const keep = new Set<ExprNode>([root]);
  const stack = [root];
  while (stack.length > 0) {
    for (const input of stack.pop()!.inputs) {
      if (!keep.has(input)) {
        keep.add(input);
        stack.push(input);
      }
    }
  }
  const kept = nodes.filter((n) => keep.has(n));
  kept.forEach((n, i) => (n.index = i));
  return kept;
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
