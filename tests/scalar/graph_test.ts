import assert from "node:assert/strict";
import { toDot, Value } from "../../mod.ts";

interface Box {
  label: string;
  data: string;
  grad: string;
}

/** Styles toDot() may add after a box's label. */
const STYLES = {
  labelledLeaf: 'style=filled, fillcolor="#d1fae5"',
  constantLeaf: 'style=filled, fillcolor="#f3f4f6"',
  nonFinite: 'style=filled, fillcolor="#fecaca", color="#dc2626", penwidth=2',
  output: 'style=filled, fillcolor="#fef3c7"',
};

interface ParsedDot {
  rankdir: string;
  /** Value boxes by node id. */
  boxes: Map<string, Box>;
  /** Style attributes of value boxes by node id (names from STYLES), if any. */
  styles: Map<string, string[]>;
  /** Op ellipses by node id: their op name. */
  ops: Map<string, string>;
  /** Edges as "from -> to". */
  edges: string[];
}

// Undoes toDot's escaping: a backslash protects the next character.
function unescape(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

/** Reads toDot's output line by line; any line of another shape fails the test. */
function parseDot(dot: string): ParsedDot {
  assert.ok(dot.endsWith("}\n"), "DOT text ends with } and a newline");
  const lines = dot.slice(0, -1).split("\n");
  assert.equal(lines[0], "digraph G {");
  assert.equal(lines[lines.length - 1], "}");
  const parsed: ParsedDot = {
    rankdir: "",
    boxes: new Map(),
    styles: new Map(),
    ops: new Map(),
    edges: [],
  };
  for (const line of lines.slice(1, -1)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^ {2}rankdir=(\w+);$/))) {
      parsed.rankdir = m[1];
    } else if (line === "  node [fontname=Helvetica];") {
      continue;
    } else if ((m = line.match(/^ {2}(\w+) \[shape=record, label="\{ (.*) \}"(.*)\];$/))) {
      const fields = m[2].match(/^(.*) \| data (\S+) \| grad (\S+)$/);
      assert.ok(fields, `record label of ${m[1]}: ${m[2]}`);
      assert.ok(!parsed.boxes.has(m[1]), `${m[1]} is declared twice`);
      parsed.boxes.set(m[1], { label: unescape(fields[1]), data: fields[2], grad: fields[3] });
      parsed.styles.set(m[1], parseStyles(m[3]));
    } else if ((m = line.match(/^ {2}(\w+) \[shape=ellipse, label="(.*)"\];$/))) {
      assert.ok(!parsed.ops.has(m[1]), `${m[1]} is declared twice`);
      parsed.ops.set(m[1], unescape(m[2]));
    } else if ((m = line.match(/^ {2}(\w+) -> (\w+);$/))) {
      parsed.edges.push(`${m[1]} -> ${m[2]}`);
    } else {
      assert.fail(`unexpected DOT line: ${JSON.stringify(line)}`);
    }
  }
  return parsed;
}

// Splits ", <style>" into STYLES names; anything else fails.
function parseStyles(text: string): string[] {
  const names: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const found = Object.entries(STYLES).find(([, style]) => rest.startsWith(`, ${style}`));
    assert.ok(found, `unexpected box attributes: ${JSON.stringify(rest)}`);
    names.push(found[0]);
    rest = rest.slice(found[1].length + 2);
  }
  return names;
}

/** The graph with node ids replaced by labels (`label` for a box, `op(label)` for its op). */
function byLabel(parsed: ParsedDot) {
  const names = new Map<string, string>();
  for (const [id, box] of parsed.boxes) names.set(id, box.label);
  for (const id of parsed.ops.keys()) {
    const owner = parsed.boxes.get(id.replace(/_op$/, ""));
    assert.ok(owner, `op node ${id} has no value box`);
    names.set(id, `op(${owner.label})`);
  }
  const name = (id: string) => {
    assert.ok(names.has(id), `edge endpoint ${id} is not declared`);
    return names.get(id)!;
  };
  return {
    boxes: new Map([...parsed.boxes.values()].map((b) => [b.label, b])),
    ops: new Map([...parsed.ops].map(([id, op]) => [name(id), op])),
    edges: parsed.edges.map((e) => e.split(" -> ").map(name).join(" -> ")).sort(),
  };
}

Deno.test("toDot() draws a box per value, an ellipse per op and parent -> op -> result edges", () => {
  const a = new Value(2, { label: "a" });
  const b = new Value(-3, { label: "b" });
  const c = a.mul(b);
  c.label = "c";
  const d = c.add(a);
  d.label = "d";
  const e = d.tanh();
  e.label = "e";
  e.backward();
  const parsed = parseDot(toDot(e));
  assert.equal(parsed.rankdir, "LR");
  const graph = byLabel(parsed);
  assert.deepEqual([...graph.boxes.keys()].sort(), ["a", "b", "c", "d", "e"]);
  assert.deepEqual(
    graph.ops,
    new Map([["op(c)", "*"], ["op(d)", "+"], ["op(e)", "tanh"]]),
  );
  assert.deepEqual(graph.edges, [
    "a -> op(c)",
    "a -> op(d)",
    "b -> op(c)",
    "c -> op(d)",
    "d -> op(e)",
    "op(c) -> c",
    "op(d) -> d",
    "op(e) -> e",
  ]);
  // Data and grad with 4 digits after the point.
  for (const v of [a, b, c, d, e]) {
    assert.deepEqual(graph.boxes.get(v.label), {
      label: v.label,
      data: v.data.toFixed(4),
      grad: v.grad.toFixed(4),
    });
  }
  assert.deepEqual(graph.boxes.get("a"), {
    label: "a",
    data: "2.0000",
    grad: (-2 * (1 - Math.tanh(-4) ** 2)).toFixed(4), // de/da = (b + 1)·tanh'(ab + a)
  });
  assert.equal(graph.boxes.get("e")!.grad, "1.0000");
});

Deno.test("toDot() draws an operand used twice by one op with two edges", () => {
  const a = new Value(3, { label: "a" });
  const y = a.mul(a);
  y.label = "y";
  const graph = byLabel(parseDot(toDot(y)));
  assert.equal(graph.boxes.size, 2);
  assert.deepEqual(graph.edges, ["a -> op(y)", "a -> op(y)", "op(y) -> y"]);
  const c = new Value(1, { label: "c" });
  const d = c.add(c);
  d.label = "d";
  assert.deepEqual(byLabel(parseDot(toDot(d))).edges, ["c -> op(d)", "c -> op(d)", "op(d) -> d"]);
});

Deno.test("toDot() draws a shared subexpression once", () => {
  const a = new Value(1, { label: "a" });
  const b = a.mul(2);
  b.label = "b";
  const y = b.add(b.exp());
  y.label = "y";
  const parsed = parseDot(toDot(y));
  // a, b, y, the constant 2 and b.exp(): five boxes, b among them once.
  assert.equal(parsed.boxes.size, 5);
  assert.equal([...parsed.boxes.values()].filter((box) => box.label === "b").length, 1);
  assert.equal(parsed.ops.size, 3);
  assert.equal(parsed.edges.length, 3 + 2 + 1 + 2); // op -> result, then each op's parents
});

Deno.test("toDot() escapes the characters that DOT records treat specially", () => {
  const label = 'say "hi" {x|y} <port> back\\slash';
  const a = new Value(1, { label });
  const dot = toDot(a);
  assert.ok(
    dot.includes('say \\"hi\\" \\{x\\|y\\} \\<port\\> back\\\\slash | data'),
    `escaped label in:\n${dot}`,
  );
  const parsed = parseDot(dot);
  assert.deepEqual([...parsed.boxes.values()].map((box) => box.label), [label]);
});

Deno.test("toDot() draws a lone leaf as one box without edges", () => {
  const parsed = parseDot(toDot(new Value(-0.5)));
  assert.deepEqual([...parsed.boxes.values()], [{ label: "", data: "-0.5000", grad: "0.0000" }]);
  assert.equal(parsed.ops.size, 0);
  assert.equal(parsed.edges.length, 0);
});

Deno.test("toDot() follows the rankdir and digits options", () => {
  const a = new Value(Math.PI, { label: "pi" });
  const parsed = parseDot(toDot(a.pow(2), { rankdir: "TB", digits: 2 }));
  assert.equal(parsed.rankdir, "TB");
  const boxes = [...parsed.boxes.values()];
  assert.deepEqual(boxes.map((box) => box.data), ["3.14", "9.87"]);
  assert.deepEqual([...parsed.ops.values()], ["**2"]);
});

Deno.test("toDot() prints non-finite numbers as JavaScript does", () => {
  const y = new Value(0).log().mul(NaN);
  const boxes = [...parseDot(toDot(y)).boxes.values()].map((box) => box.data).sort();
  assert.deepEqual(boxes, ["-Infinity", "0.0000", "NaN", "NaN"]);
});

/** Style names of each box, by label. */
function stylesByLabel(parsed: ParsedDot): Map<string, string[]> {
  return new Map([...parsed.boxes].map(([id, box]) => [box.label, parsed.styles.get(id)!]));
}

Deno.test("toDot() fills labelled leaves green, constants grey and the root amber", () => {
  const a = new Value(2, { label: "a" });
  const b = a.mul(3);
  b.label = "b";
  const y = b.add(a);
  y.label = "y";
  const parsed = parseDot(toDot(y));
  const styles = stylesByLabel(parsed);
  assert.deepEqual(styles.get("a"), ["labelledLeaf"]);
  assert.deepEqual(styles.get(""), ["constantLeaf"]); // the 3
  assert.deepEqual(styles.get("b"), []);
  assert.deepEqual(styles.get("y"), ["output"]);
});

Deno.test("toDot() fills values with NaN or infinite data or grad red", () => {
  const a = new Value(0, { label: "a" });
  const l = a.log(); // -Infinity, and d/da = 1/0 = Infinity
  l.label = "l";
  const y = l.mul(0); // NaN
  y.label = "y";
  const ok = new Value(1, { label: "ok" });
  const z = y.add(ok);
  z.label = "z";
  z.backward();
  const styles = stylesByLabel(parseDot(toDot(z)));
  assert.deepEqual(styles.get("a"), ["nonFinite"]); // finite data, grad NaN
  assert.deepEqual(styles.get("l"), ["nonFinite"]);
  assert.deepEqual(styles.get("y"), ["nonFinite"]);
  assert.deepEqual(styles.get("z"), ["nonFinite"]); // red wins over the output's amber
  assert.deepEqual(styles.get("ok"), ["labelledLeaf"]);
  assert.deepEqual(styles.get(""), ["nonFinite"]); // the 0: its grad is l = -Infinity
});

Deno.test("toDot() draws micrograd's expression with its published values", () => {
  const a = new Value(-4, { label: "a" });
  const b = new Value(2, { label: "b" });
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c).add(1);
  c = c.add(1).add(c).add(a.neg());
  d = d.add(d.mul(2)).add(b.add(a).relu());
  d = d.add(new Value(3).mul(d)).add(b.sub(a).relu());
  const f = c.sub(d).pow(2);
  const g = f.div(2).add(new Value(10).div(f));
  g.label = "g";
  g.backward();
  const boxes = byLabel(parseDot(toDot(g))).boxes;
  assert.deepEqual(boxes.get("g"), { label: "g", data: "24.7041", grad: "1.0000" });
  assert.deepEqual(boxes.get("a"), { label: "a", data: "-4.0000", grad: "138.8338" });
  assert.deepEqual(boxes.get("b"), { label: "b", data: "2.0000", grad: "645.5773" });
});
