import assert from "node:assert/strict";
import {
  crossEntropy,
  Linear,
  manualSeed,
  randn,
  ReLU,
  Sequential,
  type Tensor,
  tensor,
  tensorToDot,
} from "../../mod.ts";

interface ParsedNode {
  /** The label's lines. */
  lines: string[];
  /** The attributes after the label. */
  style: string;
}

interface ParsedDot {
  rankdir: string;
  nodes: Map<string, ParsedNode>;
  /** Edges as "from -> to", in order. */
  edges: string[];
}

const STYLE = {
  function: 'shape=box, style="rounded,filled", fillcolor="#e0e7ff"',
  namedLeaf: 'shape=box, style=filled, fillcolor="#d1fae5"',
  leaf: 'shape=box, style=filled, fillcolor="#dbeafe"',
  output: 'shape=box, style=filled, fillcolor="#fef3c7", peripheries=2',
  nonFinite: 'fillcolor="#fecaca", color="#dc2626", penwidth=2',
};

/** Reads tensorToDot's output line by line; any line of another shape fails the test. */
function parseDot(dot: string): ParsedDot {
  assert.ok(dot.endsWith("}\n"), "DOT text ends with } and a newline");
  const lines = dot.slice(0, -1).split("\n");
  assert.equal(lines[0], "digraph G {");
  assert.equal(lines[lines.length - 1], "}");
  const parsed: ParsedDot = { rankdir: "", nodes: new Map(), edges: [] };
  for (const line of lines.slice(1, -1)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^ {2}rankdir=(\w+);$/))) {
      parsed.rankdir = m[1];
    } else if (/^ {2}(node|edge) \[.*\];$/.test(line)) {
      continue;
    } else if ((m = line.match(/^ {2}(\w+) \[label="((?:[^"\\]|\\.)*)", (.*)\];$/))) {
      assert.ok(!parsed.nodes.has(m[1]), `${m[1]} is declared twice`);
      const label = m[2].split("\\n").map((l) => l.replace(/\\(.)/g, "$1"));
      parsed.nodes.set(m[1], { lines: label, style: m[3] });
    } else if ((m = line.match(/^ {2}(\w+) -> (\w+);$/))) {
      parsed.edges.push(`${m[1]} -> ${m[2]}`);
    } else {
      assert.fail(`unexpected DOT line: ${JSON.stringify(line)}`);
    }
  }
  for (const edge of parsed.edges) {
    for (const id of edge.split(" -> ")) assert.ok(parsed.nodes.has(id), `${id} is not declared`);
  }
  return parsed;
}

/** Edges with each node named by its label's first line. */
function namedEdges(parsed: ParsedDot): string[] {
  const name = (id: string) => parsed.nodes.get(id)!.lines[0];
  return parsed.edges.map((e) => e.split(" -> ").map(name).join(" -> "));
}

function mlpStep() {
  manualSeed(0);
  const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2));
  const loss = crossEntropy(model.forward(randn([4, 2])), tensor([0, 1, 1, 0], { dtype: "int32" }));
  loss.backward();
  return { model, loss };
}

Deno.test("tensorToDot() draws an MLP step: a node per function, named parameters, the output", () => {
  const { model, loss } = mlpStep();
  const parsed = parseDot(tensorToDot(loss, { module: model }));
  assert.equal(parsed.rankdir, "TB");
  const ids = [...parsed.nodes.keys()];
  const functions = ids.filter((id) => id.startsWith("f"));
  const leaves = ids.filter((id) => id.startsWith("t"));
  assert.deepEqual(functions, Array.from({ length: 8 }, (_, i) => `f${i}`));
  assert.deepEqual(leaves, ["t0", "t1", "t2", "t3"]);
  assert.equal(ids.length, 8 + 4 + 1);
  for (const id of functions) assert.equal(parsed.nodes.get(id)!.style, STYLE.function);

  // Leaves: the parameters, named by the module, with data and grad.
  const params = model.namedParameters();
  assert.deepEqual(
    leaves.map((id) => parsed.nodes.get(id)!.lines[0]),
    params.map(([name]) => name),
  );
  for (const [i, [name, p]] of params.entries()) {
    const node = parsed.nodes.get(`t${i}`)!;
    assert.equal(node.style, STYLE.namedLeaf);
    assert.equal(node.lines[1], `[${p.shape.join(", ")}] float32, requiresGrad`, name);
    const values = [p.toArray(), p.grad!.toArray()].map((a) =>
      [a].flat(2).map((x) => String(Number((x as number).toPrecision(3)))).join(", ")
    );
    assert.deepEqual(node.lines.slice(2), [`data [${values[0]}]`, `grad [${values[1]}]`]);
  }

  // Functions: name, then the shape and dtype of their output.
  const fn = (id: string) => parsed.nodes.get(id)!.lines.join(" ");
  // Sequential runs the Linear and the ReLU of layer 0 as one fused op.
  assert.equal(fn("f0"), "LinearReluBackward [4, 3] float32");
  assert.equal(fn("f1"), "LinearBackward [4, 2] float32");
  assert.equal(fn("f7"), "DivBackward [] float32");

  const out = parsed.nodes.get("out")!;
  assert.equal(out.style, STYLE.output);
  assert.deepEqual(out.lines, [
    "output",
    "[] float32, requiresGrad",
    `data ${Number(loss.item().toPrecision(3))}`,
  ]);
  assert.deepEqual(namedEdges(parsed), [
    "0.weight -> LinearReluBackward",
    "0.bias -> LinearReluBackward",
    "LinearReluBackward -> LinearBackward",
    "2.weight -> LinearBackward",
    "2.bias -> LinearBackward",
    "LinearBackward -> LogSoftmaxBackward",
    "LogSoftmaxBackward -> GatherBackward",
    "GatherBackward -> ReshapeBackward",
    "ReshapeBackward -> NegBackward",
    "NegBackward -> SumBackward",
    "SumBackward -> DivBackward",
    "DivBackward -> output",
  ]);
  // Same graph, same text.
  assert.equal(tensorToDot(loss, { module: model }), tensorToDot(loss, { module: model }));
});

Deno.test("tensorToDot() names tensors from a Map or a record, others are plain leaves", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const v = tensor([3, 4], { requiresGrad: true });
  const u = tensor([5, 6], { requiresGrad: true });
  const y = w.mul(v).add(u).sum();
  const first = (dot: string) =>
    [...parseDot(dot).nodes.values()].map((n) => [n.lines[0], n.style]);
  assert.deepEqual(
    first(tensorToDot(y, { names: new Map<Tensor, string>([[v, "v"], [y, "y"]]) })),
    [
      ["leaf", STYLE.leaf],
      ["v", STYLE.namedLeaf],
      ["MulBackward", STYLE.function],
      ["leaf", STYLE.leaf],
      ["AddBackward", STYLE.function],
      ["SumBackward", STYLE.function],
      ["y", STYLE.output],
    ],
  );
  assert.deepEqual(first(tensorToDot(y, { names: { w, u } })).map(([name]) => name), [
    "w",
    "leaf",
    "MulBackward",
    "u",
    "AddBackward",
    "SumBackward",
    "output",
  ]);
});

Deno.test("tensorToDot() lists up to 6 values and summarizes larger tensors", () => {
  const small = tensor([[1, -2, 3], [0.5, 0.25, 7]], { requiresGrad: true });
  const large = tensor([1, 2, 3, 4, 5, 6, -1.23456], { dtype: "float64", requiresGrad: true });
  const y = small.sum().add(large.sum());
  const parsed = parseDot(tensorToDot(y, { names: { small, large }, precision: 2 }));
  const byName = new Map([...parsed.nodes.values()].map((n) => [n.lines[0], n.lines]));
  assert.deepEqual(byName.get("small"), [
    "small",
    "[2, 3] float32, requiresGrad",
    "data [1, -2, 3, 0.5, 0.25, 7]",
  ]);
  assert.deepEqual(byName.get("large"), [
    "large",
    "[7] float64, requiresGrad",
    "data mean 2.8, min -1.2, max 6",
  ]);
  const sums = [...parsed.nodes.values()].filter((n) => n.lines[0] === "SumBackward");
  assert.deepEqual(sums.map((n) => n.lines[1]), ["[] float32", "[] float64"]);
});

Deno.test("tensorToDot() fills tensors with NaN or infinite data or grad red", () => {
  const bad = tensor([1, NaN, Infinity, 2, NaN, -Infinity, 3], { requiresGrad: true });
  const zero = tensor([0, 1], { requiresGrad: true });
  const fine = tensor([1, 2], { requiresGrad: true });
  const y = bad.sum().add(zero.log().sum()).add(fine.sum());
  y.backward();
  const parsed = parseDot(tensorToDot(y, { names: { bad, zero, fine } }));
  const byName = new Map([...parsed.nodes.values()].map((n) => [n.lines[0], n]));
  assert.equal(byName.get("bad")!.style, `${STYLE.namedLeaf}, ${STYLE.nonFinite}`);
  assert.equal(byName.get("bad")!.lines[2], "data mean 2, min 1, max 3, 2 NaN, 2 ±Inf");
  // Finite data, infinite grad (1/0).
  assert.equal(byName.get("zero")!.style, `${STYLE.namedLeaf}, ${STYLE.nonFinite}`);
  assert.deepEqual(byName.get("zero")!.lines.slice(2), ["data [0, 1]", "grad [Infinity, 1]"]);
  assert.equal(byName.get("fine")!.style, STYLE.namedLeaf);
  assert.equal(byName.get("output")!.style, `${STYLE.output}, ${STYLE.nonFinite}`);
});

Deno.test("tensorToDot() draws a reused operand with one edge and a leaf root alone", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const parsed = parseDot(tensorToDot(x.mul(x)));
  assert.deepEqual(namedEdges(parsed), ["leaf -> MulBackward", "MulBackward -> output"]);
  const alone = parseDot(tensorToDot(x, { names: { x } }));
  assert.deepEqual([...alone.nodes.keys()], ["t0"]);
  assert.equal(alone.nodes.get("t0")!.style, `${STYLE.namedLeaf}, peripheries=2`);
  assert.equal(alone.edges.length, 0);
  const constant = parseDot(tensorToDot(tensor([1, 2])));
  assert.deepEqual(constant.nodes.get("t0")!.lines, ["leaf", "[2] float32", "data [1, 2]"]);
});

Deno.test("tensorToDot() escapes quotes and backslashes in names", () => {
  const x = tensor(1, { requiresGrad: true });
  const name = 'say "hi" \\ there';
  const dot = tensorToDot(x.exp(), { names: new Map([[x, name]]), rankdir: "LR" });
  assert.ok(dot.includes('label="say \\"hi\\" \\\\ there\\n[] float32'), dot);
  const parsed = parseDot(dot);
  assert.equal(parsed.rankdir, "LR");
  assert.equal(parsed.nodes.get("t0")!.lines[0], name);
});

Deno.test("tensorToDot() walks a graph deeper than the call stack", () => {
  const x = tensor(0.5, { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 20_000; i++) y = y.mul(1);
  const parsed = parseDot(tensorToDot(y));
  assert.equal(parsed.nodes.size, 20_000 + 2);
  assert.equal(parsed.edges.length, 20_000 + 1);
});
