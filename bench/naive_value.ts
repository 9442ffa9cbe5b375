/**
 * The naive scalar engine nabla's `Value` is measured against: micrograd's
 * `Value` written the obvious way in TypeScript, with a `Set` of parents and a
 * backward closure per node and a recursive topological sort (Karpathy's
 * engine.py, line for line). Used by `bench/micrograd_step.ts` only.
 *
 * @module
 */

/** A scalar node: data, gradient, parents, and the closure with the op's local rule. */
export class NaiveValue {
  grad = 0;
  _backward: () => void = () => {};
  readonly _prev: Set<NaiveValue>;

  /** Wraps `data`; ops pass their operands as `children`. */
  constructor(public data: number, children: NaiveValue[] = [], public _op = "") {
    this._prev = new Set(children);
  }

  /** `this + other`. */
  add(other: NaiveValue | number): NaiveValue {
    const o = other instanceof NaiveValue ? other : new NaiveValue(other);
    const out = new NaiveValue(this.data + o.data, [this, o], "+");
    out._backward = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  /** `this * other`. */
  mul(other: NaiveValue | number): NaiveValue {
    const o = other instanceof NaiveValue ? other : new NaiveValue(other);
    const out = new NaiveValue(this.data * o.data, [this, o], "*");
    out._backward = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** `this ** k` for a plain number `k`. */
  pow(k: number): NaiveValue {
    const out = new NaiveValue(this.data ** k, [this], `**${k}`);
    out._backward = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** `tanh(this)`. */
  tanh(): NaiveValue {
    const t = Math.tanh(this.data);
    const out = new NaiveValue(t, [this], "tanh");
    out._backward = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** `this - other`, as micrograd writes it: `this + (-other)`. */
  sub(other: NaiveValue | number): NaiveValue {
    return this.add(other instanceof NaiveValue ? other.mul(-1) : -other);
  }

  /** Topological sort (recursive, as in micrograd), then the closures in reverse. */
  backward(): void {
    const topo: NaiveValue[] = [];
    const visited = new Set<NaiveValue>();
    const build = (v: NaiveValue) => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v._prev) build(child);
      topo.push(v);
    };
    build(this);
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i]._backward();
  }
}
