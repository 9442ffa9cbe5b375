/**
 * The scalar engine: a `Value` is one number that remembers how it was made,
 * so that `backward()` can apply the chain rule through every step.
 */

// The op that made a Value. Each op method below records its code and its
// operands; the local rule of each code is one case of `#chainRule()`.
const LEAF = 0;
const ADD = 1;
const SUB = 2;
const MUL = 3;
const DIV = 4;
const NEG = 5;
const POW = 6; // a plain-number exponent: #b holds it as a constant, not an operand
const POW_VALUE = 7; // a Value exponent, differentiated as well
const EXP = 8;
const LOG = 9;
const TANH = 10;
const SIGMOID = 11;
const RELU = 12;
const ABS = 13;

// The names `op` reports, by code (POW appends its exponent).
const OP_NAMES: readonly string[] = [
  "",
  "+",
  "-",
  "*",
  "/",
  "neg",
  "**",
  "**",
  "exp",
  "log",
  "tanh",
  "sigmoid",
  "relu",
  "abs",
];

/** Options for creating a {@linkcode Value}. */
export interface ValueOptions {
  /**
   * A name shown by `toString()` and `toDot()`.
   * @default ""
   */
  label?: string;
}

// Set in Value's static block: the one traversal that may read Value's private fields.
// It writes the values in topological order into `order` and returns how many.
let collect: (root: Value, order: Value[]) => number;

// backward()'s buffers, reused from call to call up to KEEP_NODES nodes: the
// order (emptied after use, so that it keeps no graph alive) and the grads set aside.
const KEEP_NODES = 1 << 18;
const scratchOrder: Value[] = [];
let saved = new Float64Array(1024);

/**
 * A scalar that records the operations applied to it, for reverse-mode
 * automatic differentiation (a micrograd you can trust).
 *
 * Every op returns a new `Value` that knows its operands and the op that made
 * it (each op's doc gives its local derivative). `backward()` then walks that
 * graph once, from the output to the inputs, and applies each op's _local
 * rule_: one case of a `switch` right after the ops in the source, in
 * micrograd's words (for `out = a.mul(b)`: `a.grad += b.data * out.grad`).
 * A node is one object with a few fields: no closure, no `Set`.
 *
 * Gradients accumulate, as in PyTorch with `retain_grad()` on every node:
 * each `backward()` call adds its gradient into the `grad` of every value it
 * reaches, leaves and intermediate values alike, until you reset them with
 * {@linkcode zeroGrad}. Each call propagates only its own fresh gradient, so
 * calling `backward()` twice doubles every gradient, never more.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Value } from "@nabla/autograd";
 * const x = new Value(2);
 * const y = x.mul(x).add(x); // y = x² + x
 * y.backward();
 * assert.equal(y.data, 6);
 * assert.equal(x.grad, 5); // dy/dx = 2x + 1
 * ```
 */
export class Value {
  /** The number this value holds. */
  data: number;
  /** d(output)/d(this), summed over the `backward()` calls since the last reset. */
  grad = 0;
  /** A name for printing and graph drawing. */
  label: string;
  #op = LEAF;
  // The operands: none for a leaf, `#a` for a unary op, `#a` and `#b` for a binary one
  // (and for POW, #b wraps the plain exponent, which is not an operand).
  #a: Value | null = null;
  #b: Value | null = null;
  // The traversal that last reached this node (see collect).
  #visit = 0;

  /**
   * Wraps a number as a leaf of the graph.
   * @param data The number.
   * @param options An optional label.
   * @example A leaf
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(3, { label: "a" });
   * assert.equal(a.op, "");
   * assert.deepEqual(a.operands, []);
   * ```
   */
  constructor(data: number, options?: ValueOptions) {
    if (typeof data !== "number") {
      throw new TypeError(`Cannot create Value: data must be a number, got ${typeof data}`);
    }
    this.data = data;
    this.label = options?.label ?? "";
  }

  /**
   * The operands of the op that made this value, in order and with repeats:
   * `[a, a]` for `a.mul(a)`, `[]` for a leaf.
   * @returns The operands.
   * @example Operands of a square
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(2);
   * assert.deepEqual(a.mul(a).operands, [a, a]);
   * ```
   */
  get operands(): readonly Value[] {
    if (this.#a === null) return [];
    return this.#b === null || this.#op === POW ? [this.#a] : [this.#a, this.#b];
  }

  /**
   * The values this one was computed from (empty for a leaf), as a new set.
   * @returns The parents, each once even if used twice (as in `a.mul(a)`).
   * @example Parents of a product
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(2);
   * const b = new Value(3);
   * assert.deepEqual([...a.mul(b).parents], [a, b]);
   * ```
   */
  get parents(): ReadonlySet<Value> {
    return new Set(this.operands);
  }

  /**
   * The op that made this value, such as `"*"`, `"**2"` or `"tanh"` (`""` for
   * a leaf).
   * @returns The op's name.
   * @example Op names
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(1).tanh().op, "tanh");
   * ```
   */
  get op(): string {
    return this.#op === POW ? `**${this.#b?.data}` : OP_NAMES[this.#op];
  }

  // An op's result: its data, the op's code and its operands.
  static #result(data: number, op: number, a: Value, b: Value | null): Value {
    const out = new Value(data);
    out.#op = op;
    out.#a = a;
    out.#b = b;
    return out;
  }

  /**
   * `this + other`. Local derivative: 1 for each operand.
   * @param other A Value or a plain number.
   * @returns The sum.
   * @example Addition
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(2).add(3).data, 5);
   * ```
   */
  add(other: Value | number): Value {
    const o = toValue(other);
    return Value.#result(this.data + o.data, ADD, this, o);
  }

  /**
   * `this - other`. Local derivative: 1 for `this`, -1 for `other`.
   * @param other A Value or a plain number.
   * @returns The difference.
   * @example Subtraction
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(2).sub(3).data, -1);
   * ```
   */
  sub(other: Value | number): Value {
    const o = toValue(other);
    return Value.#result(this.data - o.data, SUB, this, o);
  }

  /**
   * `this * other`. Local derivative: `other` for `this`, `this` for `other`.
   * @param other A Value or a plain number.
   * @returns The product.
   * @example Multiplication
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(2).mul(3).data, 6);
   * ```
   */
  mul(other: Value | number): Value {
    const o = toValue(other);
    return Value.#result(this.data * o.data, MUL, this, o);
  }

  /**
   * `this / other`. Local derivative: `1/other` for `this`, `-this/other²` for
   * `other`. Dividing by zero gives ±Infinity or NaN, as in PyTorch.
   * @param other A Value or a plain number.
   * @returns The quotient.
   * @example Division
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(3).div(2).data, 1.5);
   * ```
   */
  div(other: Value | number): Value {
    const o = toValue(other);
    return Value.#result(this.data / o.data, DIV, this, o);
  }

  /**
   * `-this`. Local derivative: -1.
   * @returns The negation.
   * @example Negation
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(2).neg().data, -2);
   * ```
   */
  neg(): Value {
    return Value.#result(-this.data, NEG, this, null);
  }

  /**
   * `this ** exponent`. Local derivative: `exponent · this^(exponent-1)` for
   * `this`, and `this^exponent · ln(this)` for a Value exponent. A negative
   * base with a fractional exponent gives NaN, and `0 ** negative` gives
   * Infinity, with the gradients PyTorch gives.
   * @param exponent A number, or a Value to differentiate through as well.
   * @returns The power.
   * @example Powers
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const x = new Value(3);
   * const y = x.pow(2);
   * y.backward();
   * assert.equal(y.data, 9);
   * assert.equal(x.grad, 6);
   * ```
   */
  pow(exponent: Value | number): Value {
    if (typeof exponent === "number") {
      return Value.#result(this.data ** exponent, POW, this, new Value(exponent));
    }
    const e = toValue(exponent);
    return Value.#result(this.data ** e.data, POW_VALUE, this, e);
  }

  /**
   * `e ** this`. Local derivative: `e ** this`, the result itself.
   * @returns The exponential.
   * @example Exponential
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(0).exp().data, 1);
   * ```
   */
  exp(): Value {
    return Value.#result(Math.exp(this.data), EXP, this, null);
  }

  /**
   * Natural logarithm. Local derivative: `1/this` (Infinity at 0). `log(0)` is
   * -Infinity and a negative input gives NaN, as in PyTorch.
   * @returns The logarithm.
   * @example Logarithm
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(1).log().data, 0);
   * ```
   */
  log(): Value {
    return Value.#result(Math.log(this.data), LOG, this, null);
  }

  /**
   * Hyperbolic tangent. Local derivative: `1 - tanh²(this)`, from the result.
   * @returns `tanh(this)`.
   * @example Tanh
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(0).tanh().data, 0);
   * ```
   */
  tanh(): Value {
    return Value.#result(Math.tanh(this.data), TANH, this, null);
  }

  /**
   * Logistic sigmoid `σ(x) = 1 / (1 + e^-x)`. Local derivative: `σ(x)·(1 - σ(x))`,
   * from the result.
   * @returns `sigmoid(this)`, in `[0, 1]`.
   * @example Sigmoid
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(0).sigmoid().data, 0.5);
   * ```
   */
  sigmoid(): Value {
    // NOTE: for x -> -Infinity, e^-x overflows to Infinity and 1/Infinity = 0: no NaN.
    return Value.#result(1 / (1 + Math.exp(-this.data)), SIGMOID, this, null);
  }

  /**
   * Rectified linear unit `max(0, x)`. Local derivative: 1 where `x > 0`, else
   * 0 (0 at 0 too); NaN passes through with derivative 1, as in PyTorch.
   * @returns `relu(this)`.
   * @example ReLU
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(-2).relu().data, 0);
   * ```
   */
  relu(): Value {
    return Value.#result(Math.max(this.data, 0), RELU, this, null);
  }

  /**
   * Absolute value. Local derivative: the sign of `this` (0 at 0, as in
   * PyTorch).
   * @returns `|this|`.
   * @example Absolute value
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(-2).abs().data, 2);
   * ```
   */
  abs(): Value {
    return Value.#result(Math.abs(this.data), ABS, this, null);
  }

  // The local rules, one case per op above, in micrograd's words: `out` is the
  // value an op made, `a` and `b` its operands, and each case adds
  // d(output)/d(out) · d(out)/d(operand) into the operand's grad. While
  // backward() runs, every grad holds this pass's gradient only (the sum of
  // earlier calls is set aside and added back after the node's rule has run).
  static #chainRule(out: Value): void {
    const a = out.#a as Value;
    const b = out.#b as Value;
    switch (out.#op) {
      case LEAF:
        return;
      case ADD: // d(a + b) = da + db
        a.grad += out.grad;
        b.grad += out.grad;
        return;
      case SUB: // d(a - b) = da - db
        a.grad += out.grad;
        b.grad -= out.grad;
        return;
      case MUL: // d(a·b) = b·da + a·db
        a.grad += b.data * out.grad;
        b.grad += a.data * out.grad;
        return;
      case DIV: // d(a/b) = da/b - (a/b)/b·db
        a.grad += out.grad / b.data;
        // NOTE: as in PyTorch, never form b², which underflows (b = 1e-160) or overflows (b = 1e160).
        b.grad += -out.grad * (out.data / b.data);
        return;
      case NEG: // d(-a) = -da
        a.grad -= out.grad;
        return;
      case POW: // d(a^k) = k·a^(k-1)·da
        a.grad += out.grad * powGrad(a.data, b.data);
        return;
      case POW_VALUE: // d(a^b) = b·a^(b-1)·da + a^b·ln(a)·db
        a.grad += out.grad * powGrad(a.data, b.data);
        // PyTorch defines d/db as 0 at a = 0 with b >= 0 (where 0·ln 0).
        if (!(a.data === 0 && b.data >= 0)) b.grad += out.grad * out.data * Math.log(a.data);
        return;
      case EXP: // d(e^a) = e^a·da
        a.grad += out.grad * out.data;
        return;
      case LOG: // d(ln a) = da/a
        a.grad += out.grad / a.data;
        return;
      case TANH: // d(tanh a) = (1 - tanh²a)·da
        a.grad += out.grad * (1 - out.data * out.data);
        return;
      case SIGMOID: // d(σ(a)) = σ(a)·(1 - σ(a))·da
        a.grad += out.grad * (1 - out.data) * out.data;
        return;
      case RELU: // d(max(0, a)) = [a > 0]·da
        // NOTE: NaN must not become 0 here: a diverged run would look healthy.
        if (out.data > 0 || Number.isNaN(out.data)) a.grad += out.grad;
        return;
      case ABS: // d|a| = sign(a)·da
        a.grad += out.grad * Math.sign(a.data);
        return;
    }
    throw new Error(`internal: no local rule for op code ${out.#op}`);
  }

  /**
   * Adds d(this)/d(v) into `grad` for every value `v` this one depends on
   * (itself included, with 1), by the chain rule in reverse topological order.
   *
   * The graph is sorted with an explicit stack (deep graphs cannot overflow
   * the call stack), and each node's local rule runs exactly once, after
   * every node that uses it: by then the node's gradient for this pass holds
   * the sum over all paths. That pass gradient is then added into `grad`, so
   * every value accumulates across calls until {@linkcode zeroGrad}, as a
   * PyTorch tensor with `retain_grad()` does; a second call adds the same
   * gradients again.
   *
   * @example Reused nodes accumulate
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(3);
   * const b = a.mul(a); // a is used twice
   * b.backward();
   * assert.equal(a.grad, 6);
   * b.backward(); // gradients accumulate across calls
   * assert.equal(a.grad, 12);
   * assert.equal(b.grad, 2);
   * ```
   */
  backward(): void {
    const order = scratchOrder;
    const n = collect(this, order);
    // Each node's grad so far is set aside, so that the rules see only this pass's gradient.
    if (saved.length < n) saved = new Float64Array(Math.max(n, 2 * saved.length));
    for (let i = 0; i < n; i++) {
      saved[i] = order[i].grad;
      order[i].grad = 0;
    }
    this.grad = 1;
    for (let i = n - 1; i >= 0; i--) {
      const v = order[i];
      Value.#chainRule(v); // v.grad is complete: every node that uses v came first
      v.grad += saved[i];
    }
    if (n <= KEEP_NODES) {
      order.fill(null!, 0, n);
    } else {
      order.length = 0;
      saved = new Float64Array(1024);
    }
  }

  static {
    // Values in topological order by an iterative depth-first search. A node is
    // marked with the traversal's number when first reached (no Set), and
    // leaves the stack once its operands have: then all of its ancestors are
    // in `order`.
    const stack: Value[] = [];
    let traversal = 0;
    collect = (root, order) => {
      let n = 0;
      const mark = ++traversal;
      root.#visit = mark;
      stack.push(root);
      while (stack.length > 0) {
        const v = stack[stack.length - 1];
        const a = v.#a;
        if (a !== null && a.#visit !== mark) {
          a.#visit = mark;
          stack.push(a);
          continue;
        }
        const b = v.#b;
        if (b !== null && b.#visit !== mark && v.#op !== POW) {
          b.#visit = mark;
          stack.push(b);
          continue;
        }
        stack.pop();
        order[n++] = v;
      }
      return n;
    };
  }

  /**
   * A short description such as `Value(data=2, grad=0)`.
   * @returns The description.
   * @example Printing
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(String(new Value(2)), "Value(data=2, grad=0)");
   * ```
   */
  toString(): string {
    const label = this.label ? `${this.label}: ` : "";
    return `Value(${label}data=${this.data}, grad=${this.grad})`;
  }

  /**
   * Forbids `a + b` and friends, which JavaScript would turn into string or
   * number arithmetic outside the graph; string conversion still works.
   * @param hint What JavaScript wants: `"string"`, `"number"` or `"default"`.
   * @returns The string form, when a string is asked for.
   * @example a + b throws
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(1);
   * // @ts-expect-error: Values are not numbers
   * assert.throws(() => a + a, TypeError);
   * ```
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    throw new TypeError(
      "Cannot convert a Value to a primitive: JavaScript operators do not build the graph; " +
        "use a.add(b), a.sub(b), a.mul(b), a.div(b) or a.pow(b), and a.data for the number",
    );
  }
}

// d(x^e)/dx = e·x^(e-1); PyTorch defines it as 0 when e = 0, even at x = 0.
function powGrad(x: number, e: number): number {
  return e === 0 ? 0 : e * x ** (e - 1);
}

/**
 * Wraps a plain number as a leaf `Value`; passes a `Value` through unchanged.
 * @param x A Value or a number.
 * @returns A Value.
 * @example Wrapping numbers
 * ```ts
 * import assert from "node:assert/strict";
 * import { toValue, Value } from "@nabla/autograd";
 * const v = new Value(1);
 * assert.equal(toValue(v), v);
 * assert.equal(toValue(2).data, 2);
 * ```
 */
export function toValue(x: Value | number): Value {
  if (x instanceof Value) return x;
  if (typeof x === "number") return new Value(x);
  throw new TypeError(`Cannot use ${typeof x} as an operand: expected a Value or a number`);
}

/**
 * Every value that `root` depends on, itself included, ordered so that each
 * value comes after all of its operands. Iterative depth-first search: no
 * recursion, so a chain of a million ops is fine.
 * @param root The output of the graph.
 * @returns Values in topological order (leaves first, `root` last).
 * @example Order of a small graph
 * ```ts
 * import assert from "node:assert/strict";
 * import { topologicalOrder, Value } from "@nabla/autograd";
 * const a = new Value(1);
 * const b = a.exp();
 * assert.deepEqual(topologicalOrder(b), [a, b]);
 * ```
 */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  collect(root, order);
  return order;
}

/**
 * Sets `grad` to 0 on every value in a list, typically a model's parameters
 * before the next training step.
 * @param values The values to reset.
 * @example Resetting parameters
 * ```ts
 * import assert from "node:assert/strict";
 * import { Value, zeroGrad } from "@nabla/autograd";
 * const w = new Value(2);
 * w.mul(3).backward();
 * zeroGrad([w]);
 * assert.equal(w.grad, 0);
 * ```
 */
export function zeroGrad(values: Iterable<Value>): void {
  for (const v of values) v.grad = 0;
}
