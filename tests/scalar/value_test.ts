import assert from "node:assert/strict";
import fixtures from "../fixtures/scalar.json" with { type: "json" };
import {
  Random,
  type Tensor,
  tensor,
  topologicalOrder,
  toValue,
  Value,
  zeroGrad,
} from "../../mod.ts";
import { isClose, numericGrad } from "../_helpers.ts";

// ---------------------------------------------------------------------------
// Golden values from PyTorch (tests/fixtures/make_scalar_fixtures.py)
// ---------------------------------------------------------------------------

/** A fixture number: JSON has no NaN or Infinity, so those are strings. */
type Encoded = number | string;

function decode(x: Encoded): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  throw new Error(`internal: cannot decode fixture number ${JSON.stringify(x)}`);
}

// Same formulas as PyTorch in float64: only rounding may differ. NaN and ±Infinity must match exactly.
const GOLDEN = { atol: 0, rtol: 1e-12 };

function assertGolden(actual: number, expected: Encoded, what: string): void {
  const e = decode(expected);
  assert.ok(isClose(actual, e, GOLDEN), `${what}: got ${actual}, PyTorch gives ${e}`);
}

interface OpCase {
  inputs: Encoded[];
  output: Encoded;
  grads: Encoded[];
  exponent?: Encoded;
}

/** How each fixture op is computed with Value; `k` is powNumber's plain exponent. */
const OPS: Record<string, (x: Value[], k: number) => Value> = {
  add: ([a, b]) => a.add(b),
  sub: ([a, b]) => a.sub(b),
  mul: ([a, b]) => a.mul(b),
  div: ([a, b]) => a.div(b),
  neg: ([a]) => a.neg(),
  powNumber: ([a], k) => a.pow(k),
  powValue: ([a, e]) => a.pow(e),
  exp: ([a]) => a.exp(),
  log: ([a]) => a.log(),
  tanh: ([a]) => a.tanh(),
  sigmoid: ([a]) => a.sigmoid(),
  relu: ([a]) => a.relu(),
  abs: ([a]) => a.abs(),
};

const OP_CASES = fixtures.ops as Record<string, OpCase[]>;

// Each composite expression is written once more, line for line, in the generator.
const EXPRESSIONS: Record<string, (v: Record<string, Value>) => Value> = {
  micrograd({ a, b }) {
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c).add(1);
    c = c.add(1).add(c).add(a.neg());
    d = d.add(d.mul(2)).add(b.add(a).relu());
    d = d.add(new Value(3).mul(d)).add(b.sub(a).relu());
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(new Value(10.0).div(f));
    return g;
  },
  neuron({ x1, x2, w1, w2, b }) {
    const n = x1.mul(w1).add(x2.mul(w2)).add(b);
    return n.tanh();
  },
  logistic({ x, y }) {
    const p = x.mul(y).sigmoid();
    const q = y.exp().add(1).log();
    const r = p.div(q).sub(x.div(y.abs().add(1)).log());
    return r.mul(p.log()).add(x.exp().div(new Value(1).add(x.pow(y))));
  },
  reuse({ x, y }) {
    const h = x.mul(y);
    let z = x;
    for (let i = 0; i < 5; i++) z = z.mul(x).add(h);
    const w = h.add(1).pow(y.div(10)).sub(h.mul(h));
    return z.div(w).tanh().add(h.relu().mul(x.sub(h).abs()));
  },
  mlpStep({ x1, x2, w1, w2, w3, w4, v1, v2 }) {
    const h1 = x1.mul(w1).add(x2.mul(w2)).relu();
    const h2 = x1.mul(w3).add(x2.mul(w4)).tanh();
    const y = h1.mul(v1).add(h2.mul(v2)).sigmoid();
    return y.sub(1).pow(2);
  },
};

interface ExpressionCase {
  inputs: Record<string, Encoded>;
  output: Encoded;
  grads: Record<string, Encoded>;
}

const EXPRESSION_CASES = fixtures.expressions as Record<string, ExpressionCase>;

Deno.test("Value has a PyTorch golden case for every op", () => {
  const methods = Object.getOwnPropertyNames(Value.prototype).filter((name) =>
    !["constructor", "operands", "parents", "op", "backward", "toString"].includes(name)
  );
  // pow has two fixture ops: a plain-number exponent and a Value exponent.
  const covered = Object.keys(OPS).map((name) => name.startsWith("pow") ? "pow" : name);
  assert.deepEqual(new Set(methods), new Set(covered));
  assert.deepEqual(Object.keys(OP_CASES).sort(), Object.keys(OPS).sort());
  for (const [name, cases] of Object.entries(OP_CASES)) {
    assert.ok(cases.length >= 5, `${name} has only ${cases.length} fixture points`);
  }
});

Deno.test("Value ops match PyTorch's values and gradients, including domain edges", async (t) => {
  for (const [name, cases] of Object.entries(OP_CASES)) {
    await t.step(name, () => {
      for (const c of cases) {
        const inputs = c.inputs.map((x) => new Value(decode(x)));
        const k = c.exponent === undefined ? NaN : decode(c.exponent);
        const out = OPS[name](inputs, k);
        out.backward();
        const at = `${name}(${c.inputs.join(", ")}${c.exponent === undefined ? "" : `; ${k}`})`;
        assertGolden(out.data, c.output, `${at} value`);
        inputs.forEach((x, i) => assertGolden(x.grad, c.grads[i], `${at} grad of input ${i}`));
      }
    });
  }
});

Deno.test("Value matches PyTorch on composite expressions", async (t) => {
  assert.deepEqual(Object.keys(EXPRESSION_CASES).sort(), Object.keys(EXPRESSIONS).sort());
  for (const [name, c] of Object.entries(EXPRESSION_CASES)) {
    await t.step(name, () => {
      const leaves = Object.fromEntries(
        Object.entries(c.inputs).map(([k, x]) => [k, new Value(decode(x), { label: k })]),
      );
      const out = EXPRESSIONS[name](leaves);
      out.backward();
      assertGolden(out.data, c.output, `${name} value`);
      for (const [k, g] of Object.entries(c.grads)) {
        assertGolden(leaves[k].grad, g, `${name} grad of ${k}`);
      }
    });
  }
});

Deno.test("Value reproduces micrograd's published expression", () => {
  const a = new Value(-4.0);
  const b = new Value(2.0);
  const g = EXPRESSIONS.micrograd({ a, b });
  g.backward();
  assert.equal(g.data.toFixed(4), "24.7041");
  assert.equal(a.grad.toFixed(4), "138.8338");
  assert.equal(b.grad.toFixed(4), "645.5773");
});

// ---------------------------------------------------------------------------
// Gradient check by central finite differences
// ---------------------------------------------------------------------------

interface GradCase {
  name: string;
  fn: (x: Value[]) => Value;
  points: number[][];
}

// Points where the derivative exists; kinks are only approached from one side.
const GRAD_CASES: GradCase[] = [
  {
    name: "add",
    fn: ([a, b]) => a.add(b),
    points: [[2, 3], [-1.5, 1.5], [0, 0], [1e3, -1e-3], [0.1, 0.2]],
  },
  {
    name: "sub",
    fn: ([a, b]) => a.sub(b),
    points: [[5, 3], [-2.5, 4], [0, 0], [1e3, 1e-3], [0.3, 0.1]],
  },
  {
    name: "mul",
    fn: ([a, b]) => a.mul(b),
    points: [[3, -4], [0, 5], [5, 0], [0, 0], [-0.5, -0.5], [1e3, 1e-3]],
  },
  {
    name: "div",
    fn: ([a, b]) => a.div(b),
    points: [[1, 2], [-3, 4], [0, 0.5], [1e3, -7], [2, 1e-2], [1e-3, 1e3]],
  },
  { name: "neg", fn: ([a]) => a.neg(), points: [[2], [-3.5], [0], [1e-3], [1e4]] },
  { name: "pow(2)", fn: ([a]) => a.pow(2), points: [[3], [-2], [0], [0.5], [10]] },
  { name: "pow(3)", fn: ([a]) => a.pow(3), points: [[3], [-2], [0], [1e-3], [10]] },
  { name: "pow(0)", fn: ([a]) => a.pow(0), points: [[3], [-2], [0], [1e-3], [10]] },
  { name: "pow(-1)", fn: ([a]) => a.pow(-1), points: [[2], [-2], [0.5], [-0.1], [10]] },
  { name: "pow(0.5)", fn: ([a]) => a.pow(0.5), points: [[4], [1e-2], [1], [9], [100]] },
  { name: "pow(2.5)", fn: ([a]) => a.pow(2.5), points: [[1.5], [1e-2], [1], [2], [7]] },
  {
    name: "pow(Value)",
    fn: ([a, e]) => a.pow(e),
    points: [[2, 3], [2.5, -1.5], [3, 0], [0.5, 0.5], [1, 10], [1e-2, 2]],
  },
  { name: "exp", fn: ([a]) => a.exp(), points: [[0], [1], [-1], [30], [-30], [700], [-700]] },
  { name: "log", fn: ([a]) => a.log(), points: [[1], [0.5], [2], [1e-3], [1e5]] },
  { name: "tanh", fn: ([a]) => a.tanh(), points: [[0], [0.5], [-1], [3], [10], [-20]] },
  {
    name: "sigmoid",
    fn: ([a]) => a.sigmoid(),
    points: [[0], [2], [-2], [30], [-30], [-1000], [1000]],
  },
  { name: "relu", fn: ([a]) => a.relu(), points: [[2], [-2], [1e-3], [-1e-3], [1e3]] },
  { name: "abs", fn: ([a]) => a.abs(), points: [[2], [-2], [1e-3], [-1e-3], [-1e3]] },
];

Deno.test("Value gradients agree with central finite differences for every op", async (t) => {
  for (const c of GRAD_CASES) {
    await t.step(c.name, () => {
      assert.ok(c.points.length >= 5);
      for (const point of c.points) {
        const leaves = point.map((x) => new Value(x));
        c.fn(leaves).backward();
        const expected = numericGrad((xs) => c.fn(xs.map((x) => new Value(x))).data, point);
        leaves.forEach((leaf, i) => {
          assert.ok(
            isClose(leaf.grad, expected[i]),
            `${c.name} at [${point}]: gradient of input ${i} is ${leaf.grad}, ` +
              `finite differences give ${expected[i]}`,
          );
        });
      }
    });
  }
});

Deno.test("Value.relu() and Value.abs() have gradient 0 at the kink, as in PyTorch", () => {
  for (const x of [0, -0]) {
    const r = new Value(x);
    r.relu().backward();
    assert.equal(r.grad, 0);
    const a = new Value(x);
    a.abs().backward();
    assert.equal(a.grad, 0);
  }
});

// ---------------------------------------------------------------------------
// Graph traversal
// ---------------------------------------------------------------------------

Deno.test("Value.backward() handles a chain of a million ops without a RangeError", () => {
  const x = new Value(0.5);
  let y = x;
  // neg() adds one node per op (add(1) would add a constant leaf too, and double the time).
  for (let i = 0; i < 1_000_000; i++) y = y.neg();
  y.backward();
  assert.equal(y.data, 0.5);
  assert.equal(x.grad, 1); // (-1)^1000000: a skipped or repeated node would flip the sign or add
});

Deno.test("Value.backward() visits each node of a 60-level doubling diamond once", async (t) => {
  // Gradients are 2^60 by the chain rule; a per-path traversal would take 2^60 steps.
  await t.step("x = x.add(x)", () => {
    const a = new Value(1);
    let x = a;
    for (let i = 0; i < 60; i++) x = x.add(x);
    x.backward();
    assert.equal(x.data, 2 ** 60);
    assert.equal(a.grad, 2 ** 60);
  });
  await t.step("x = x.mul(1).add(x.mul(1))", () => {
    const a = new Value(1);
    let x = a;
    for (let i = 0; i < 60; i++) x = x.mul(1).add(x.mul(1));
    x.backward();
    assert.equal(x.data, 2 ** 60);
    assert.equal(a.grad, 2 ** 60);
    // Per level: two products, their two constant leaves and one sum.
    assert.equal(topologicalOrder(x).length, 1 + 60 * 5);
  });
});

Deno.test("topologicalOrder() lists every ancestor once, each after its parents", () => {
  // A seeded random graph with heavy reuse: each new node combines random earlier ones.
  const rng = new Random(7);
  const nodes = [new Value(0.5), new Value(-1.5), new Value(2)];
  for (let i = 0; i < 300; i++) {
    const a = nodes[rng.integer(0, nodes.length)];
    const b = nodes[rng.integer(0, nodes.length)];
    const ops = [() => a.add(b), () => a.mul(b), () => a.tanh(), () => a.sub(b), () => a.relu()];
    nodes.push(ops[rng.integer(0, ops.length)]());
  }
  const root = nodes[nodes.length - 1];
  const order = topologicalOrder(root);
  const position = new Map(order.map((v, i) => [v, i]));
  assert.equal(position.size, order.length, "a node appears twice");
  assert.equal(order[order.length - 1], root);
  for (const v of order) {
    for (const p of v.parents) {
      assert.ok(position.has(p), "a parent is missing");
      assert.ok(position.get(p)! < position.get(v)!, "a node comes before its parent");
    }
  }
  // Exactly the ancestors of root, found independently by a breadth-first walk.
  const ancestors = new Set<Value>([root]);
  for (const v of ancestors) for (const p of v.parents) ancestors.add(p);
  assert.deepEqual(new Set(order), ancestors);
});

Deno.test("Value.backward() on two outputs sharing a subgraph reaches every node each time", () => {
  // Visit marks from one traversal must not hide nodes from the next.
  const x = new Value(2);
  const h = x.mul(x).tanh();
  const y1 = h.mul(2);
  const y2 = h.add(x).mul(3);
  const dh = 1 - Math.tanh(4) ** 2;
  y1.backward();
  assert.ok(isClose(x.grad, 2 * dh * 2 * 2, { atol: 0, rtol: 1e-15 }));
  y2.backward();
  assert.ok(isClose(x.grad, 2 * dh * 2 * 2 + 3 * (dh * 2 * 2 + 1), { atol: 0, rtol: 1e-15 }));
  assert.deepEqual(topologicalOrder(y2), topologicalOrder(y2));
  assert.equal(topologicalOrder(y1).length, 5); // x, x·x, its tanh, the constant 2, y1
});

Deno.test("topologicalOrder() of a leaf is the leaf alone", () => {
  const a = new Value(1);
  assert.deepEqual(topologicalOrder(a), [a]);
});

Deno.test("Value.backward() runs each node's local rule exactly once", () => {
  // b has three consumers: if its rule ran once per consumer, it would read k.data three times.
  const a = new Value(0.3);
  const k = new Value(3);
  let reads = 0;
  let kData = 3;
  Object.defineProperty(k, "data", {
    get: () => {
      reads++;
      return kData;
    },
    set: (x: number) => kData = x,
  });
  const b = a.mul(k);
  const out = b.add(1).add(b.mul(2)).add(b.tanh()).add(a.exp());
  reads = 0;
  out.backward();
  assert.equal(reads, 1); // by b's rule, d(a·k)/da = k
  const expected = 3 * (1 + 2 + (1 - Math.tanh(0.9) ** 2)) + Math.exp(0.3);
  assert.ok(isClose(a.grad, expected, { atol: 0, rtol: 1e-15 }), `a.grad = ${a.grad}`);
});

// ---------------------------------------------------------------------------
// Accumulation and reuse
// ---------------------------------------------------------------------------

Deno.test("Value.backward() accumulates leaf gradients across calls", () => {
  const x = new Value(3);
  const y = x.mul(x).add(x); // dy/dx = 2x + 1 = 7
  y.backward();
  assert.equal(x.grad, 7);
  y.backward();
  assert.equal(x.grad, 14);
});

Deno.test("Value.backward() accumulates intermediate gradients too, each call adding its own", () => {
  const x = new Value(3);
  const h = x.mul(2);
  const y = h.mul(h);
  y.backward();
  assert.deepEqual([x.grad, h.grad, y.grad], [24, 12, 1]);
  y.backward();
  // Doubled, never tripled: the second call propagates its own gradient, not the sum so far.
  assert.deepEqual([x.grad, h.grad, y.grad], [48, 24, 2]);
  zeroGrad([x, h, y]);
  y.backward();
  assert.deepEqual([x.grad, h.grad, y.grad], [24, 12, 1]);
});

// Written once more, line for line, as `retained` in tests/fixtures/make_scalar_fixtures.py.
function retained(x: Value, y: Value): Record<string, Value> {
  const h = x.mul(y); // used by two ops
  const u = h.tanh();
  const z = h.mul(u).add(x);
  return { h, u, z };
}

Deno.test("Value gradients over two backward() calls match PyTorch with retain_grad()", () => {
  const { inputs, gradsAfterEachBackward } = fixtures.retained as {
    inputs: Record<string, number>;
    gradsAfterEachBackward: Record<string, Encoded>[];
  };
  const leaves = { x: new Value(inputs.x), y: new Value(inputs.y) };
  const all: Record<string, Value> = { ...leaves, ...retained(leaves.x, leaves.y) };
  gradsAfterEachBackward.forEach((expected, call) => {
    all.z.backward();
    for (const [name, g] of Object.entries(expected)) {
      assertGolden(all[name].grad, g, `grad of ${name} after backward() call ${call + 1}`);
    }
  });
});

Deno.test("Value and Tensor.retainGrad() agree on gradients over repeated backward() calls", () => {
  const [x, y] = [0.8, -1.2];
  const v = { x: new Value(x), y: new Value(y) };
  const vs: Record<string, Value> = { ...v, ...retained(v.x, v.y) };
  const f64 = { dtype: "float64", requiresGrad: true } as const;
  const t = { x: tensor(x, f64), y: tensor(y, f64) };
  const h = t.x.mul(t.y);
  const u = h.tanh();
  const z = h.mul(u).add(t.x);
  const ts: Record<string, Tensor> = { ...t, h, u, z };
  for (const inner of [h, u, z]) inner.retainGrad();
  for (let call = 1; call <= 3; call++) {
    vs.z.backward();
    z.backward(undefined, { retainGraph: true });
    for (const name of Object.keys(vs)) {
      const expected = ts[name].grad!.item();
      assert.ok(
        isClose(vs[name].grad, expected, { atol: 0, rtol: 1e-12 }),
        `call ${call}: Value ${name}.grad = ${vs[name].grad}, Tensor gives ${expected}`,
      );
    }
  }
});

Deno.test("Value.backward() on a leaf adds 1 to its gradient", () => {
  const x = new Value(5);
  x.backward();
  x.backward();
  assert.equal(x.grad, 2);
});

Deno.test("zeroGrad() resets every value of a list or any iterable", () => {
  const a = new Value(2);
  const b = new Value(-3);
  const c = new Value(4);
  a.mul(b).mul(c).backward();
  assert.deepEqual([a.grad, b.grad, c.grad], [-12, 8, -6]);
  zeroGrad([a, b]);
  assert.deepEqual([a.grad, b.grad, c.grad], [0, 0, -6]);
  zeroGrad(new Set([c]));
  assert.equal(c.grad, 0);
});

Deno.test("Value.backward() sums the gradient over every use of a node", async (t) => {
  await t.step("x * x", () => {
    const x = new Value(3);
    x.mul(x).backward();
    assert.equal(x.grad, 6);
  });
  await t.step("a + a + a", () => {
    const a = new Value(3);
    a.add(a).add(a).backward();
    assert.equal(a.grad, 3);
  });
  await t.step("b = a + a; c = b + b", () => {
    const a = new Value(3);
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    assert.equal(b.grad, 2);
    assert.equal(a.grad, 4);
  });
  await t.step("diamond: b = 2a, c = 3a, d = b * c", () => {
    const a = new Value(2);
    const d = a.mul(2).mul(a.mul(3)); // d = 6a², dd/da = 12a
    d.backward();
    assert.equal(a.grad, 24);
  });
  await t.step("a branch not leading to the output adds nothing", () => {
    const x = new Value(1.5);
    const h = x.mul(2);
    const z = h.mul(3);
    const u = h.add(1);
    z.backward();
    assert.equal(x.grad, 6);
    assert.equal(u.grad, 0);
  });
});

Deno.test("Value ops accept a plain number as operand", async (t) => {
  const cases: [string, (x: Value) => Value, number, number][] = [
    // name, op, value at x = 3, d/dx at x = 3
    ["add", (x) => x.add(2), 5, 1],
    ["sub", (x) => x.sub(2), 1, 1],
    ["mul", (x) => x.mul(2), 6, 2],
    ["div", (x) => x.div(2), 1.5, 0.5],
    ["pow", (x) => x.pow(2), 9, 6],
  ];
  for (const [name, op, value, grad] of cases) {
    await t.step(name, () => {
      const x = new Value(3);
      const y = op(x);
      y.backward();
      assert.equal(y.data, value);
      assert.equal(x.grad, grad);
    });
  }
});

// ---------------------------------------------------------------------------
// Construction, ops and printing
// ---------------------------------------------------------------------------

Deno.test("Value() creates a leaf with grad 0 and an optional label", () => {
  const a = new Value(2.5, { label: "a" });
  assert.equal(a.data, 2.5);
  assert.equal(a.grad, 0);
  assert.equal(a.label, "a");
  assert.equal(a.op, "");
  assert.equal(a.parents.size, 0);
  assert.deepEqual(a.operands, []);
  assert.equal(new Value(1).label, "");
});

Deno.test("Value() rejects data that is not a number", () => {
  // @ts-expect-error: a string is not a number
  assert.throws(() => new Value("1"), { name: "TypeError", message: /got string/ });
});

Deno.test("Value.op, Value.operands and Value.parents record how a value was made", () => {
  const a = new Value(2);
  const b = new Value(3);
  const cases: [Value, string, Value[]][] = [
    [a.add(b), "+", [a, b]],
    [a.sub(b), "-", [a, b]],
    [a.mul(b), "*", [a, b]],
    [a.div(b), "/", [a, b]],
    [a.neg(), "neg", [a]],
    [a.pow(2), "**2", [a]],
    [a.pow(b), "**", [a, b]],
    [a.exp(), "exp", [a]],
    [a.log(), "log", [a]],
    [a.tanh(), "tanh", [a]],
    [a.sigmoid(), "sigmoid", [a]],
    [a.relu(), "relu", [a]],
    [a.abs(), "abs", [a]],
    [a.mul(a), "*", [a, a]], // a reused operand: twice an operand, once a parent
    [a.pow(0.5), "**0.5", [a]],
  ];
  for (const [v, op, operands] of cases) {
    assert.equal(v.op, op);
    assert.deepEqual(v.operands, operands);
    assert.deepEqual([...v.parents], [...new Set(operands)]);
  }
});

Deno.test("toValue() wraps numbers and passes Values through", () => {
  const v = new Value(1);
  assert.equal(toValue(v), v);
  const w = toValue(2);
  assert.ok(w instanceof Value);
  assert.equal(w.data, 2);
  // @ts-expect-error: a string is not an operand
  assert.throws(() => toValue("2"), { name: "TypeError", message: /string/ });
});

Deno.test("Value refuses JavaScript operators with a TypeError pointing to .add()", () => {
  const a = new Value(1);
  const b = new Value(2);
  // @ts-expect-error: Values are not numbers
  assert.throws(() => a + b, { name: "TypeError", message: /\.add\(/ });
  // @ts-expect-error: Values are not numbers
  assert.throws(() => a * 2, { name: "TypeError", message: /\.mul\(/ });
  assert.throws(() => -a, TypeError); // TypeScript allows unary minus, JavaScript still throws
});

Deno.test("Value.toString() works with String() and template literals", () => {
  const a = new Value(2, { label: "a" });
  const y = a.mul(3);
  y.backward();
  assert.equal(String(a), "Value(a: data=2, grad=3)");
  assert.equal(`${y}`, "Value(data=6, grad=1)");
  assert.equal(`${new Value(NaN)}`, "Value(data=NaN, grad=0)");
});
