/**
 * A tiny language for scalar expressions, so the playground can build a
 * `Value` graph from text without `eval`: statements `name = expr`,
 * `name += expr` (also `-=`, `*=`, `/=`) separated by newlines or `;`, the last
 * one being the output. Expressions have `+ - * /`, `**` or `^` for powers,
 * unary minus, parentheses, numbers, names, and the functions
 * `tanh exp log relu sigmoid abs`.
 */
import { Value } from "../mod.ts";

/** Ready-made programs, micrograd's test expression among them. */
export const PRESETS: Readonly<Record<string, string>> = {
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
  neuron: [
    "x1 = 2; x2 = 0",
    "w1 = -3; w2 = 1",
    "b = 6.8813735870195432",
    "n = x1*w1 + x2*w2 + b",
    "o = tanh(n)",
  ].join("\n"),
  simple: "a = 2; b = -3; c = 10\ne = a * b\nd = e + c\nf = -2\nL = d * f",
};

/** What {@linkcode evaluate} returns. */
export interface Program {
  /** The value of the last statement, after `backward()` if requested. */
  output: Value;
  /** Every name assigned, with its final value. */
  variables: Map<string, Value>;
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
 * @param options Whether to backpropagate, and a size limit.
 * @returns The output and the named values.
 */
export function evaluate(source: string, options: EvaluateOptions = {}): Program {
  const { backward = true, maxNodes = 500 } = options;
  const tokens = tokenize(source);
  const variables = new Map<string, Value>();
  let pos = 0;
  let nodes = 0;
  let output: Value | undefined;

  const peek = () => tokens[pos];
  const fail = (message: string): never => {
    throw new SyntaxError(`Cannot read expression: ${message} at offset ${peek().at}`);
  };
  const expect = (text: string) => {
    if (peek().text !== text) fail(`expected "${text}", got "${peek().text || "end"}"`);
    pos++;
  };
  const count = (v: Value): Value => {
    if (++nodes > maxNodes) fail(`the graph has more than ${maxNodes} nodes`);
    return v;
  };

  function primary(): Value {
    const t = peek();
    if (t.kind === "number") {
      pos++;
      return count(new Value(Number(t.text)));
    }
    if (t.kind === "name") {
      pos++;
      const fn = FUNCTIONS[t.text];
      if (fn) {
        expect("(");
        const arg = sum();
        expect(")");
        return count(fn(arg));
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
    const base = primary();
    if (peek().text === "**" || peek().text === "^") {
      pos++;
      return count(base.pow(unary()));
    }
    return base;
  }
  function unary(): Value {
    if (peek().text === "-") {
      pos++;
      // A negative literal is one leaf (`a = -4`), unless a power follows (`-2**2` is -4).
      const [t, after] = [peek(), tokens[pos + 1]];
      if (t.kind === "number" && after.text !== "**" && after.text !== "^") {
        pos++;
        return count(new Value(-Number(t.text)));
      }
      return count(unary().neg());
    }
    if (peek().text === "+") pos++;
    return power();
  }
  function product(): Value {
    let v = unary();
    while (peek().text === "*" || peek().text === "/") {
      const op = tokens[pos++].text;
      const rhs = unary();
      v = count(op === "*" ? v.mul(rhs) : v.div(rhs));
    }
    return v;
  }
  function sum(): Value {
    let v = product();
    while (peek().text === "+" || peek().text === "-") {
      const op = tokens[pos++].text;
      const rhs = product();
      v = count(op === "+" ? v.add(rhs) : v.sub(rhs));
    }
    return v;
  }
  function statement(): Value {
    const t = peek();
    const next = tokens[pos + 1];
    if (t.kind === "name" && !(t.text in FUNCTIONS) && /^[-+*/]?=$/.test(next.text)) {
      pos += 2;
      let v = sum();
      if (next.text !== "=") {
        const old = variables.get(t.text);
        if (!old) throw new SyntaxError(`Cannot read expression: "${t.text}" is not defined`);
        const op = next.text[0];
        v = count(
          op === "+" ? old.add(v) : op === "-" ? old.sub(v) : op === "*" ? old.mul(v) : old.div(v),
        );
      }
      // NOTE: `b = a` names the same node twice; keep the first name.
      if (v.label === "") v.label = t.text;
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
  return { output, variables };
}
