import assert from "node:assert/strict";
import {
  AutogradFunction,
  enableGrad,
  grad,
  gradcheck,
  isGradEnabled,
  noGrad,
  ones,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { assertAllClose } from "../_helpers.ts";

Deno.test("noGrad() and enableGrad() nest and restore the mode, even on throw", () => {
  assert.equal(isGradEnabled(), true);
  noGrad(() => {
    assert.equal(isGradEnabled(), false);
    enableGrad(() => assert.equal(isGradEnabled(), true));
    assert.equal(isGradEnabled(), false);
  });
  assert.throws(() =>
    noGrad(() => {
      throw new Error("boom");
    })
  );
  assert.equal(isGradEnabled(), true);
  assert.equal(noGrad(() => 42), 42);
});

Deno.test("noGrad() records nothing", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2).exp().sum());
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(y.isLeaf, true);
});

Deno.test("backward() fills leaf gradients with hand-checked values", () => {
  // f = Σ (a·b + a)², a = [1, 2], b = [3, 4]: df/da = 2(ab + a)(b + 1), df/db = 2(ab + a)a
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const f = a.mul(b).add(a).square().sum();
  assert.equal(f.item(), 16 + 100);
  f.backward();
  assert.deepEqual(a.grad!.toArray(), [32, 100]);
  assert.deepEqual(b.grad!.toArray(), [8, 40]);
  assert.equal(f.gradFn?.name, "SumBackward");
});

Deno.test("backward() sums gradients over reused nodes and diamonds", () => {
  const x = tensor(3, { requiresGrad: true });
  const h = x.mul(2); // used on two paths
  const y = h.mul(h).add(h.exp().log()); // h² + h
  y.backward();
  assert.equal(x.grad!.item(), 2 * (2 * 6 + 1)); // dy/dx = (2h + 1)·2
  const z = tensor(2, { requiresGrad: true });
  z.mul(z).mul(z).backward(); // z used three times
  assert.equal(z.grad!.item(), 12);
});

Deno.test("backward() ignores consumers off the loss path", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  const unused = h.exp(); // consumes h but does not reach the loss
  h.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3, 3]);
  assert.equal(unused.grad, null);
});

Deno.test("detach() blocks gradients and shares storage", () => {
  const x = tensor([2, 3], { requiresGrad: true });
  const d = x.detach();
  assert.equal(d.storage, x.storage);
  assert.equal(d.requiresGrad, false);
  x.mul(d).sum().backward(); // d is a constant
  assert.deepEqual(x.grad!.toArray(), [2, 3]);
});

Deno.test("leaf gradients accumulate across backward() calls until reset", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, 6]);
  x.grad!.zero_();
  x.square().sum().backward();
  assert.deepEqual(x.grad!.toArray(), [2, 4]);
  x.grad = null;
  x.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [1, 1]);
});

Deno.test("backward() never aliases one gradient into two leaves", () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  a.add(b).sum().backward(); // Add passes the same gradient tensor to both inputs
  assert.notEqual(a.grad!.storage, b.grad!.storage);
  a.grad!.add_(1);
  assert.deepEqual(b.grad!.toArray(), [1, 1]);
  assert.equal(a.grad!.isContiguous(), true); // a copy, not the stride-0 expanded gradient
});

Deno.test("backward() on a leaf accumulates into its own grad", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.backward(tensor([5, 6]));
  assert.deepEqual(x.grad!.toArray(), [5, 6]);
});

Deno.test("backward() needs an explicit gradient for outputs with several elements", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(), { name: "AutogradError", message: /shape \[2\]/ });
  assert.throws(() => x.mul(2).backward(ones([3])), {
    name: "ShapeError",
    message: /backward\(\)/,
  });
  assert.throws(() => x.mul(2).backward(ones([2], { dtype: "float64" })), { name: "DTypeError" });
  assert.throws(() => tensor([1]).mul(2).backward(), {
    name: "AutogradError",
    message: /does not require grad/,
  });
});

Deno.test("a second backward() throws unless the first retained the graph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), {
    name: "AutogradError",
    message: /ExpBackward.*retainGraph: true/,
  });
  const z = x.exp().sum();
  z.backward(undefined, { retainGraph: true });
  z.backward();
  assertAllClose(x.grad!, [Math.E * 3, Math.exp(2) * 3], { rtol: 1e-6 });
});

Deno.test("savedTensors detects an in-place change made after saving", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const x = tensor([3, 4]);
  const y = w.mul(x); // saves x at version 0
  x.mul_(2);
  assert.throws(() => y.sum().backward(), {
    name: "AutogradError",
    message: "Cannot run MulBackward in backward(): a tensor of shape [2] that it saved was " +
      "modified in place by mul_() (it is at version 1, expected version 0); clone() it " +
      "before the update, or update it after backward()",
  });
});

Deno.test("in-place ops refuse tensors that require grad unless under noGrad()", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => w.add_(1), { name: "AutogradError", message: /noGrad/ });
  assert.throws(() => w.mul(2).zero_(), { name: "AutogradError", message: /zero_\(\)/ });
  assert.throws(() => zeros([2]).copy_(w), { name: "AutogradError", message: /copy_\(\)/ });
  noGrad(() => w.add_(1));
  assert.deepEqual(w.toArray(), [2, 3]);
  assert.equal(w.storage.version, 1);
});

Deno.test("AutogradFunction supports user-defined ops with mixed arguments", () => {
  class ScaledSquare extends AutogradFunction {
    scale = 0;
    override forward(x: Tensor, scale: number): Tensor {
      this.scale = scale;
      this.saveForBackward(x);
      return x.square().mul(scale);
    }
    override backward(g: Tensor): [Tensor | null, null] {
      const [x] = this.savedTensors;
      return [this.needsInputGrad[0] ? g.mul(x).mul(2 * this.scale) : null, null];
    }
  }
  const x = tensor([1, -2], { requiresGrad: true });
  const y = ScaledSquare.apply(x, 3);
  assert.deepEqual(y.toArray(), [3, 12]);
  assert.equal(y.gradFn!.name, "ScaledSquareBackward");
  assert.deepEqual(y.gradFn!.needsInputGrad, [true, false]);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, -12]);
  const f64 = tensor([0.3, -1.2], { dtype: "float64", requiresGrad: true });
  gradcheck((t) => ScaledSquare.apply(t, 1.5), [f64]);
});

Deno.test("apply() names a user function whose gradient has the wrong shape", () => {
  class Broken extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      return x.mul(2);
    }
    override backward(g: Tensor): [Tensor] {
      return [g.sum()];
    }
  }
  const x = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => Broken.apply(x).sum().backward(), {
    name: "AutogradError",
    message: "Cannot use the gradient from BrokenBackward for input 0 in backward(): expected " +
      "shape [2] and dtype float32 (those of the input), got shape [] and dtype float32",
  });
  class TooMany extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      return x.mul(2);
    }
    override backward(g: Tensor): Tensor[] {
      return [g, g];
    }
  }
  assert.throws(() => TooMany.apply(x).sum().backward(), {
    name: "AutogradError",
    message: /TooManyBackward/,
  });
});

Deno.test("apply() never overwrites an input's metadata when forward returns it", () => {
  class Identity extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      return x;
    }
    override backward(g: Tensor): [Tensor] {
      return [g.mul(10)];
    }
  }
  const x = tensor([1, 2], { requiresGrad: true });
  const y = Identity.apply(x);
  assert.notEqual(y, x);
  assert.equal(y.storage, x.storage);
  assert.equal(x.isLeaf, true);
  assert.equal(y.gradFn?.name, "IdentityBackward");
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [10, 10]);
});

Deno.test("markNonDifferentiable() gives an output that does not require grad", () => {
  class Sign extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      const out = x.gt(0).float().sub(x.lt(0).float());
      this.markNonDifferentiable(out);
      return out;
    }
    override backward(): [] {
      return [];
    }
  }
  const y = Sign.apply(tensor([-3, 0, 2], { requiresGrad: true }));
  assert.deepEqual(y.toArray(), [-1, 0, 1]);
  assert.equal(y.requiresGrad, false);
});

Deno.test("createGraph gives second derivatives: the Hessian of x³ is 6x", () => {
  const x = tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
  const y = x.pow(3).sum();
  y.backward(undefined, { createGraph: true });
  const g = x.grad!;
  assert.deepEqual(g.toArray(), [3, 12, 27]);
  assert.equal(g.requiresGrad, true);
  x.grad = null;
  g.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, 12, 18]); // diagonal Hessian: 6x
});

Deno.test("grad() computes a Hessian-vector product", () => {
  // torch: x = [1, 2, 3], y = Σ x³, v = [1, 0.5, -1] -> Hv = [6, 6, -18]
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const [g] = grad(x.pow(3).sum(), x, { createGraph: true });
  const v = tensor([1, 0.5, -1]);
  const [hv] = grad(g.mul(v).sum(), x);
  assert.deepEqual(hv.toArray(), [6, 6, -18]);
  assert.equal(x.grad, null);
  // Mixed second derivative of a·b²: d²/da db = 2b
  const a = tensor(3, { requiresGrad: true });
  const b = tensor(5, { requiresGrad: true });
  const [da] = grad(a.mul(b.square()), a, { createGraph: true });
  const [dadb] = grad(da, b);
  assert.equal(dadb.item(), 10);
});

Deno.test("createGraph makes backward rules differentiable for every unary primitive", async (t) => {
  const ops: [string, (x: Tensor) => Tensor][] = [
    ["exp", (x) => x.exp()],
    ["log", (x) => x.log()],
    ["sqrt", (x) => x.sqrt()],
    ["tanh", (x) => x.tanh()],
    ["sigmoid", (x) => x.sigmoid()],
    ["erf", (x) => x.erf()],
    ["gelu", (x) => x.gelu()],
    ["pow", (x) => x.pow(2.5)],
    ["div", (x) => x.div(x.add(1))],
  ];
  for (const [name, f] of ops) {
    await t.step(name, () => {
      const x = tensor([0.4, 1.3, 2.2], { dtype: "float64", requiresGrad: true });
      const first = (v: Tensor) => grad(f(v).sum(), v, { createGraph: true })[0];
      gradcheck(first, [x]);
    });
  }
});

Deno.test("retainGrad() fills the grad of a non-leaf tensor", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(2);
  h.retainGrad();
  assert.equal(h.retainsGrad, true);
  const y = h.square().sum();
  y.backward();
  assert.deepEqual(h.grad!.toArray(), [4, 8]);
  assert.deepEqual(x.grad!.toArray(), [8, 16]);
  const plain = x.mul(2);
  plain.sum().backward();
  assert.equal(plain.grad, null);
  assert.throws(() => tensor([1]).retainGrad(), { name: "AutogradError" });
});

Deno.test("grad() returns gradients for leaves and non-leaves without touching .grad", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(2);
  h.retainGrad();
  const y = h.square().sum();
  const [gx, gh] = grad(y, [x, h]);
  assert.deepEqual(gx.toArray(), [8, 16]);
  assert.deepEqual(gh.toArray(), [4, 8]);
  assert.equal(x.grad, null);
  assert.equal(h.grad, null);
  assert.equal(gx.requiresGrad, false);
});

Deno.test("grad() handles unused inputs, several outputs and gradOutputs", () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  assert.throws(() => grad(a.sum(), [a, b]), { name: "AutogradError", message: /allowUnused/ });
  const [ga, gb] = grad(a.sum(), [a, b], { allowUnused: true });
  assert.deepEqual(ga!.toArray(), [1, 1]);
  assert.equal(gb, null);
  const [g] = grad([a.mul(2), a.square().sum()], a, { gradOutputs: [tensor([1, 10]), undefined] });
  assert.deepEqual(g.toArray(), [2 + 2, 20 + 4]);
  assert.throws(() => grad(a.mul(2), tensor([1])), { name: "AutogradError", message: /input 0/ });
  assert.throws(() => grad(a.mul(2), a), { name: "AutogradError", message: /single element/ });
});

Deno.test("grad() runs only the part of the graph that leads to the inputs", () => {
  let ran = 0;
  class Counting extends AutogradFunction {
    override forward(x: Tensor): Tensor {
      return x.mul(1);
    }
    override backward(g: Tensor): [Tensor] {
      ran++;
      return [g];
    }
  }
  const a = tensor(1, { requiresGrad: true });
  const b = tensor(2, { requiresGrad: true });
  const h = a.mul(3);
  const y = h.add(Counting.apply(b));
  const [gh] = grad(y, h);
  assert.equal(gh.item(), 1);
  assert.equal(ran, 0);
});

Deno.test("backward() handles a chain of 100,000 ops without overflowing the stack", () => {
  const x = tensor(1, { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.add(1);
  y.backward();
  assert.equal(y.item(), 100_001);
  assert.equal(x.grad!.item(), 1);
});

Deno.test("grad() returns the gradient once per listing of an input, as PyTorch", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  const y = h.square().sum(); // dy/dh = 2h = [6, 12], dy/dx = 18x = [18, 36]
  const [a, b] = grad(y, [x, x], { retainGraph: true });
  assert.deepEqual(a.toArray(), [18, 36]);
  assert.deepEqual(b.toArray(), [18, 36]);
  const [h1, x1, h2] = grad(y, [h, x, h]);
  assert.deepEqual(h1.toArray(), [6, 12]);
  assert.deepEqual(h2.toArray(), [6, 12]);
  assert.deepEqual(x1.toArray(), [18, 36]);
  assert.equal(x.grad, null);
});

Deno.test("noGrad() and enableGrad() refuse async work, which would outlive the mode", async () => {
  const w = tensor([1, 2], { requiresGrad: true });
  for (const [name, run] of [["noGrad", noGrad], ["enableGrad", enableGrad]] as const) {
    let ran = false;
    assert.throws(
      () =>
        run(async () => {
          await 0;
          ran = true;
          return w.mul(2).requiresGrad;
        }),
      {
        name: "TypeError",
        message: new RegExp(
          `^Cannot run an async or generator function in ${name}\\(\\): .*call ${name}\\(\\) ` +
            "around each synchronous part",
        ),
      },
    );
    assert.equal(ran, false, "an async function is refused before it starts");
    assert.throws(() => run(function* () {}), { name: "TypeError", message: /generator/ });
    // A plain function returning a promise: the mode is restored, then it is refused.
    assert.throws(() => run(() => Promise.reject(new Error("late"))), {
      name: "TypeError",
      message: new RegExp(`^Cannot run a function that returned a promise in ${name}\\(\\)`),
    });
    assert.equal(isGradEnabled(), true);
    assert.throws(() => run(42 as never), { name: "TypeError", message: /expected a function/ });
  }
  // Thenables that are not promises count too; results that merely hold a promise do not.
  assert.throws(() => noGrad(() => ({ then() {} })), TypeError);
  assert.deepEqual(noGrad(() => ({ p: 1 })), { p: 1 });
  await Promise.resolve(); // let the refused promise settle: its rejection is handled
});

Deno.test("backward() takes its options first or after a gradient, and its error shows the call", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward({ retainGraph: true }); // issue #12: this form used to throw
  y.backward({});
  assertAllClose(x.grad!, [Math.E * 2, Math.exp(2) * 2], { rtol: 1e-6 });
  assert.throws(() => y.backward(), {
    name: "AutogradError",
    message:
      /run the first one as loss\.backward\(\{ retainGraph: true \}\) \(with a gradient: y\.backward\(gradient, \{ retainGraph: true \}\)/,
  });
  const v = x.mul(x);
  v.backward(tensor([1, 1]), { retainGraph: true });
  v.backward(tensor([1, 1]));
  // createGraph through the options-first form.
  const w = tensor(3, { requiresGrad: true });
  const cube = w.pow(3);
  cube.backward({ createGraph: true });
  assert.equal(w.grad!.requiresGrad, true);
  assert.throws(() => y.backward({ retainGraf: true } as never), {
    name: "TypeError",
    message:
      'Cannot call backward(): unknown option "retainGraf" (accepted: retainGraph, createGraph)',
  });
  assert.throws(() => y.backward({ retainGraph: true } as never, {}), {
    name: "TypeError",
    message: /no second one is expected/,
  });
});

Deno.test("soak: backward() through a chain of 1,000,000 ops completes without a stack overflow", () => {
  // Views (reshape back and forth) keep the million ops to ~300 MB: the point is the depth.
  const x = tensor([2], { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 1_000_000; i++) y = y.reshape(i % 2 === 0 ? [] : [1]);
  y.mul(3).backward();
  assert.deepEqual(x.grad?.toArray(), [3]);
});
