/**
 * Property tests (fast-check): broadcasting shape algebra, gradients of
 * broadcast ops, detach, and the scalar engine against 0-d tensors. Each
 * property runs on random inputs; a failure prints the seed and the shrunk
 * counterexample to replay it (`fc.assert(..., { seed, path })`).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Random } from "../../random/mod.ts";
import { Value } from "../../scalar/mod.ts";
import {
  assertClose,
  grad,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";

// ---------------------------------------------------------------- shapes

/** NumPy's rule, written out: align right, each pair equal or one of them 1. */
function referenceBroadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 });

/** A shape that broadcasts to `target`: leading dimensions dropped, some set to 1. */
function broadcastableTo(target: number[]): fc.Arbitrary<number[]> {
  return fc.tuple(
    fc.integer({ min: 0, max: target.length }),
    fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
  ).map(([drop, ones]) => target.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)));
}

/** Two shapes that broadcast together, to a shape of up to 4 dimensions. */
const compatiblePair = shapeArb.chain((target) =>
  fc.tuple(broadcastableTo(target), broadcastableTo(target))
);

Deno.test("broadcasting matches NumPy's rule and is commutative and associative", () => {
  fc.assert(
    fc.property(fc.oneof(compatiblePair, fc.tuple(shapeArb, shapeArb)), ([sa, sb]) => {
      const expected = referenceBroadcast(sa, sb);
      const add = () => zeros(sa).add(zeros(sb)).shape;
      if (expected === null) {
        assert.throws(add, (e) => e instanceof ShapeError && /in add\(\)/.test(e.message));
        assert.throws(() => zeros(sb).mul(zeros(sa)), ShapeError);
        return;
      }
      assert.deepEqual(add(), expected);
      assert.deepEqual(zeros(sb).add(zeros(sa)).shape, expected);
    }),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(shapeArb.chain((t) => fc.tuple(...[0, 1, 2].map(() => broadcastableTo(t)))), (
      [sa, sb, sc],
    ) => {
      const [a, b, c] = [zeros(sa), zeros(sb), zeros(sc)];
      assert.deepEqual(a.add(b).add(c).shape, a.add(b.add(c)).shape);
    }),
    { numRuns: 100 },
  );
});

// ---------------------------------------------------------------- gradients of broadcast ops

const BINARY: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b.abs().add(0.5)),
  maximum: (a, b) => a.maximum(b),
  pow: (a, b) => a.abs().add(0.5).pow(b),
};

function leaf(shape: readonly number[], seed: number): Tensor {
  const t = randn(shape, { dtype: "float64", generator: new Random(seed) });
  t.requiresGrad = true;
  return t;
}

/** Sums `full` (of shape `outShape`) over the dimensions where `shape` was broadcast. */
function reduceTo(full: number[], outShape: readonly number[], shape: readonly number[]): number[] {
  const lead = outShape.length - shape.length;
  const out = new Array<number>(shape.reduce((p, s) => p * s, 1)).fill(0);
  full.forEach((v, k) => {
    let rest = k;
    let flat = 0;
    let stride = 1;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const i = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
      if (d >= lead) {
        const s = shape[d - lead];
        flat += (s === 1 ? 0 : i) * stride;
        stride *= s;
      }
    }
    out[flat] += v;
  });
  return out;
}

const flat = (t: Tensor): number[] => [t.toArray()].flat(Infinity as 1).map(Number);

Deno.test("the gradient of a broadcast op has its input's shape and sums the full gradient", () => {
  fc.assert(
    fc.property(
      compatiblePair,
      fc.constantFrom(...Object.keys(BINARY)),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      ([sa, sb], name, seed) => {
        const op = BINARY[name];
        const a = leaf(sa, seed);
        const b = leaf(sb, seed + 1);
        const out = op(a, b);
        const w = randn(out.shape, { dtype: "float64", generator: new Random(seed + 2) });
        const [ga, gb] = grad(out, [a, b], { gradOutputs: w });
        assert.deepEqual(ga.shape, sa);
        assert.deepEqual(gb.shape, sb);
        // The same op on inputs already expanded to the output's shape (no broadcasting).
        const full = (t: Tensor) => zeros(out.shape, { dtype: "float64" }).add(t.detach());
        const [fa, fb] = [full(a), full(b)];
        fa.requiresGrad = true;
        fb.requiresGrad = true;
        const [gfa, gfb] = grad(op(fa, fb), [fa, fb], { gradOutputs: w });
        assertClose(flat(ga), reduceTo(flat(gfa), out.shape, sa), { rtol: 1e-12, atol: 1e-12 });
        assertClose(flat(gb), reduceTo(flat(gfb), out.shape, sb), { rtol: 1e-12, atol: 1e-12 });
      },
    ),
    { numRuns: 150 },
  );
});

// ---------------------------------------------------------------- detach

const UNARY: Record<string, (x: Tensor) => Tensor> = {
  exp: (x) => x.exp(),
  tanh: (x) => x.tanh(),
  square: (x) => x.square(),
  sigmoid: (x) => x.sigmoid(),
  relu: (x) => x.relu(),
  softmax: (x) => (x.ndim ? x.softmax(-1) : x),
  sum: (x) => x.sum(-1, { keepdim: true }),
};

Deno.test("detach() blocks gradients and shares storage", () => {
  fc.assert(
    fc.property(
      shapeArb,
      fc.array(fc.constantFrom(...Object.keys(UNARY)), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (shape, names, seed) => {
        const f = (x: Tensor) => names.reduce((t, n) => UNARY[n](t), x);
        const x = leaf(shape, seed);
        const d = x.detach();
        assert.equal(d.requiresGrad, false);
        assert.equal(d.storage, x.storage);
        assert.equal(f(d).requiresGrad, false);
        // A detached branch acts as a constant: the same as a fresh tensor of its values.
        const c = tensor(f(d).toArray(), { dtype: "float64" });
        const [g] = grad(f(x).add(f(d).mul(x)).sum(), x);
        const [expected] = grad(f(x).add(c.mul(x)).sum(), x);
        assertClose(g, expected, { rtol: 0, atol: 0 });
        assert.throws(() => grad(f(d).sum(), d), { name: "AutogradError" });
      },
    ),
    { numRuns: 100 },
  );
});

// ---------------------------------------------------------------- scalar Value vs 0-d tensors

/** The ops that Value and Tensor share. */
interface Arith<T> {
  add(o: T | number): T;
  sub(o: T | number): T;
  mul(o: T | number): T;
  div(o: T | number): T;
  pow(o: T | number): T;
  neg(): T;
  exp(): T;
  log(): T;
  tanh(): T;
  sigmoid(): T;
  relu(): T;
  abs(): T;
}

type Expr =
  | { op: "leaf"; i: number }
  | { op: "const"; v: number }
  | { op: "neg" | "exp" | "log" | "tanh" | "sigmoid" | "relu" | "abs"; x: Expr }
  | { op: "powNumber"; x: Expr; k: number }
  | { op: "add" | "sub" | "mul" | "div" | "pow"; x: Expr; y: Expr };

// Random expressions of about 2 to 30 nodes whose root is an op (not a leaf).
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr; node: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "medium", withCrossShrink: true },
    {
      arbitrary: fc.record({ op: fc.constant("leaf" as const), i: fc.integer({ min: 0, max: 2 }) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        op: fc.constant("const" as const),
        v: fc.constantFrom(-2, -0.5, 0.5, 1, 3),
      }),
      weight: 1,
    },
    { arbitrary: tie("node"), weight: 3 },
  ),
  node: fc.oneof(
    fc.record({
      op: fc.constantFrom("neg", "exp", "log", "tanh", "sigmoid", "relu", "abs") as fc.Arbitrary<
        "neg"
      >,
      x: tie("expr"),
    }),
    fc.record({
      op: fc.constant("powNumber" as const),
      x: tie("expr"),
      k: fc.constantFrom(2, 3, -1, 0.5),
    }),
    fc.record({
      op: fc.constantFrom("add", "sub", "mul", "div", "pow") as fc.Arbitrary<"add">,
      x: tie("expr"),
      y: tie("expr"),
    }),
  ),
})).node;

/**
 * Evaluates `e` with either engine. Domains are kept safe the same way in
 * both: log, fractional and negative powers, and divisors see `|x| + 0.5`.
 */
function evaluate<T extends Arith<T>>(e: Expr, leaves: T[], constant: (v: number) => T): T {
  const ev = (x: Expr) => evaluate(x, leaves, constant);
  const safe = (x: Expr) => ev(x).abs().add(0.5);
  switch (e.op) {
    case "leaf":
      return leaves[e.i];
    case "const":
      return constant(e.v);
    case "log":
      return safe(e.x).log();
    case "neg":
    case "exp":
    case "tanh":
    case "sigmoid":
    case "relu":
    case "abs":
      return ev(e.x)[e.op]();
    case "powNumber":
      return (Number.isInteger(e.k) && e.k > 0 ? ev(e.x) : safe(e.x)).pow(e.k);
    case "div":
      return ev(e.x).div(safe(e.y));
    case "pow":
      return safe(e.x).pow(ev(e.y).tanh());
    default:
      return ev(e.x)[e.op](ev(e.y));
  }
}

Deno.test("a scalar Value expression and the same on 0-d float64 tensors agree", () => {
  const leafValue = fc.double({ min: -2, max: 2, noNaN: true });
  fc.assert(
    fc.property(exprArb, fc.tuple(leafValue, leafValue, leafValue), (expr, xs) => {
      const values = xs.map((x) => new Value(x));
      const v = evaluate<Value>(expr, values, (c) => new Value(c));
      v.backward();
      const finite = [v.data, ...values.map((x) => x.grad)].every(Number.isFinite);
      fc.pre(finite); // exp of exp can overflow; both engines then agree on little
      const leaves = xs.map((x) => tensor(x, { dtype: "float64", requiresGrad: true }));
      const t = evaluate<Tensor>(expr, leaves, (c) => tensor(c, { dtype: "float64" }));
      assert.deepEqual(t.shape, []);
      assertClose(t, v.data, { rtol: 1e-9, atol: 1e-12 });
      if (!t.requiresGrad) return; // constant expression
      const grads = grad(t, leaves, { allowUnused: true });
      grads.forEach((g, i) => {
        assertClose(g ?? 0, values[i].grad, { rtol: 1e-9, atol: 1e-12 });
      });
    }),
    { numRuns: 300 },
  );
});
