/**
 * The scalar engine: a `Value` is one number that remembers how it was made,
 * so that `backward()` can apply the chain rule through every step.
 */
import { checkOptions } from "../tensor/options.ts";

// Leaves share one empty set: a million leaves should not cost a million Sets.
const NO_PARENTS: ReadonlySet<never> = new Set();

/** Options for creating a {@linkcode Value}. */
export interface ValueOptions {
  /**
   * A name shown by `toString()` and `toDot()`.
   * @default ""
   */
  label?: string;
}

/**
 * A scalar that records the operations applied to it, for reverse-mode
 * automatic differentiation (a micrograd you can trust).
 *
 * Every op returns a new `Value` that knows its parents, the op that made it,
 * and a backward closure with the op's local derivative. `backward()` then
 * walks that graph once, from the output to the inputs.
 *
 * Gradients accumulate: a leaf's `grad` grows with every `backward()` call
 * (and with every path through which it reaches the output) until you reset it
 * with {@linkcode zeroGrad}. Intermediate values are reset by each
 * `backward()`, as in PyTorch.
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
  /** d(output)/d(this), filled in by `backward()`. */
  grad = 0;
  /** A name for printing and graph drawing. */
  label: string;
  #parents: ReadonlySet<Value> = NO_PARENTS;
  #op = "";
  // The op's local derivative: reads this.grad, adds into the parents' grads.
  #backward: () => void = () => {};

  /**
   * Wraps a number as a leaf of the graph.
   * @param data The number.
   * @param options An optional label.
   * @example A leaf
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(3, { label: "a" });
   * assert.equal(a.parents.size, 0);
   * ```
   */
  constructor(data: number, options: ValueOptions = {}) {
    checkOptions("Value", options, ["label"]);
    if (typeof data !== "number") {
      throw new TypeError(`Cannot create Value: data must be a number, got ${typeof data}`);
    }
    this.data = data;
    this.label = options.label ?? "";
  }

  /**
   * The values this one was computed from (empty for a leaf).
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
    return this.#parents;
  }

  /**
   * The op that made this value, such as `"*"` or `"tanh"` (`""` for a leaf).
   * @returns The op's name.
   * @example Op names
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(1).tanh().op, "tanh");
   * ```
   */
  get op(): string {
    return this.#op;
  }

  // An op's result: its data, where it came from, and its local backward rule.
  static #result(data: number, parents: Value[], op: string, backward: (out: Value) => void) {
    const out = new Value(data);
    out.#parents = new Set(parents);
    out.#op = op;
    out.#backward = () => backward(out);
    return out;
  }

  /**
   * `this + other`.
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
    return Value.#result(this.data + o.data, [this, o], "+", (out) => {
      this.grad += out.grad;
      o.grad += out.grad;
    });
  }

  /**
   * `this - other`.
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
    return Value.#result(this.data - o.data, [this, o], "-", (out) => {
      this.grad += out.grad;
      o.grad -= out.grad;
    });
  }

  /**
   * `this * other`.
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
    return Value.#result(this.data * o.data, [this, o], "*", (out) => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    });
  }

  /**
   * `this / other`. Dividing by zero gives ±Infinity or NaN, as in PyTorch.
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
    return Value.#result(this.data / o.data, [this, o], "/", (out) => {
      // d(a/b)/da = 1/b,  d(a/b)/db = -a/b² = -(a/b)/b
      this.grad += out.grad / o.data;
      // NOTE: as in PyTorch, never form b², which underflows (b = 1e-160) or overflows (b = 1e160).
      o.grad += -out.grad * (out.data / o.data);
    });
  }

  /**
   * `-this`.
   * @returns The negation.
   * @example Negation
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(2).neg().data, -2);
   * ```
   */
  neg(): Value {
    return Value.#result(-this.data, [this], "neg", (out) => {
      this.grad -= out.grad;
    });
  }

  /**
   * `this ** exponent`. A negative base with a fractional exponent gives NaN,
   * and `0 ** negative` gives Infinity, with the gradients PyTorch gives.
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
      return Value.#result(this.data ** exponent, [this], `**${exponent}`, (out) => {
        this.grad += out.grad * powGrad(this.data, exponent);
      });
    }
    const e = toValue(exponent);
    return Value.#result(this.data ** e.data, [this, e], "**", (out) => {
      this.grad += out.grad * powGrad(this.data, e.data);
      // d(x^e)/de = x^e·ln(x); PyTorch defines it as 0 at x = 0 with e >= 0 (where 0·ln 0).
      if (!(this.data === 0 && e.data >= 0)) e.grad += out.grad * out.data * Math.log(this.data);
    });
  }

  /**
   * `e ** this`.
   * @returns The exponential.
   * @example Exponential
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(0).exp().data, 1);
   * ```
   */
  exp(): Value {
    return Value.#result(Math.exp(this.data), [this], "exp", (out) => {
      this.grad += out.grad * out.data;
    });
  }

  /**
   * Natural logarithm. `log(0)` is -Infinity and a negative input gives NaN,
   * as in PyTorch; the gradient is `1/x` (Infinity at 0).
   * @returns The logarithm.
   * @example Logarithm
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(1).log().data, 0);
   * ```
   */
  log(): Value {
    return Value.#result(Math.log(this.data), [this], "log", (out) => {
      this.grad += out.grad / this.data;
    });
  }

  /**
   * Hyperbolic tangent.
   * @returns `tanh(this)`.
   * @example Tanh
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(0).tanh().data, 0);
   * ```
   */
  tanh(): Value {
    return Value.#result(Math.tanh(this.data), [this], "tanh", (out) => {
      this.grad += out.grad * (1 - out.data * out.data);
    });
  }

  /**
   * Logistic sigmoid `1 / (1 + e^-x)`.
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
    return Value.#result(1 / (1 + Math.exp(-this.data)), [this], "sigmoid", (out) => {
      this.grad += out.grad * (1 - out.data) * out.data;
    });
  }

  /**
   * Rectified linear unit `max(0, x)`; its gradient at 0 is 0, and NaN passes
   * through (with gradient 1), as in PyTorch.
   * @returns `relu(this)`.
   * @example ReLU
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(-2).relu().data, 0);
   * ```
   */
  relu(): Value {
    // NOTE: NaN must not become 0 here: a diverged run would look healthy.
    return Value.#result(Math.max(this.data, 0), [this], "relu", (out) => {
      if (out.data > 0 || Number.isNaN(out.data)) this.grad += out.grad;
    });
  }

  /**
   * Absolute value; its gradient at 0 is 0 (the sign of 0), as in PyTorch.
   * @returns `|this|`.
   * @example Absolute value
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * assert.equal(new Value(-2).abs().data, 2);
   * ```
   */
  abs(): Value {
    return Value.#result(Math.abs(this.data), [this], "abs", (out) => {
      this.grad += out.grad * Math.sign(this.data);
    });
  }

  /**
   * Fills in `grad` for every value this one depends on, by the chain rule in
   * reverse topological order.
   *
   * The graph is sorted with an explicit stack (deep graphs cannot overflow
   * the call stack), and each node's local backward runs exactly once, after
   * every node that uses it: by then its `grad` holds the sum over all paths.
   * Intermediate grads are reset first; leaf grads accumulate (`+=`) across
   * calls until {@linkcode zeroGrad}.
   *
   * @example Reused nodes accumulate
   * ```ts
   * import assert from "node:assert/strict";
   * import { Value } from "@nabla/autograd";
   * const a = new Value(3);
   * const b = a.mul(a); // a is used twice
   * b.backward();
   * assert.equal(a.grad, 6);
   * b.backward(); // leaf gradients accumulate across calls
   * assert.equal(a.grad, 12);
   * ```
   */
  backward(): void {
    const order = topologicalOrder(this);
    for (const v of order) if (v.parents.size > 0) v.grad = 0;
    this.grad += 1;
    for (let i = order.length - 1; i >= 0; i--) order[i].#backward();
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
 * value comes after all of its parents. Iterative depth-first search: no
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
  const visited = new Set<Value>([root]);
  // Each frame is a node and an iterator over its parents not yet explored.
  const stack: [Value, Iterator<Value>][] = [[root, root.parents.values()]];
  while (stack.length > 0) {
    const [node, parents] = stack[stack.length - 1];
    const next = parents.next();
    if (next.done) {
      stack.pop();
      order.push(node); // all parents are already in `order`
    } else if (!visited.has(next.value)) {
      visited.add(next.value);
      stack.push([next.value, next.value.parents.values()]);
    }
  }
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
