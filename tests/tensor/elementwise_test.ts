import assert from "node:assert/strict";
import {
  type DType,
  gradcheck,
  noGrad,
  ones,
  type Tensor,
  tensor,
  where,
  zeros,
} from "../../tensor/mod.ts";
import { assertAllClose } from "../_helpers.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

// Gradients of f(a, b).sum() for two leaves.
function grads(f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): [Tensor, Tensor] {
  f(a, b).sum().backward();
  return [a.grad!, b.grad!];
}

Deno.test("gradcheck() passes for every elementwise op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "elementwise")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("unary ops compute hand-checked values", () => {
  const x = tensor([1, 4, 9]);
  assert.deepEqual(x.neg().toArray(), [-1, -4, -9]);
  assert.deepEqual(x.sqrt().toArray(), [1, 2, 3]);
  assert.deepEqual(tensor([0, 1]).exp().toArray(), [1, Math.fround(Math.E)]);
  assert.deepEqual(tensor([1, Math.E], { dtype: "float64" }).log().toArray(), [0, 1]);
  assert.deepEqual(tensor([-2, 0, 3]).abs().toArray(), [2, 0, 3]);
  assert.deepEqual(tensor([-3, 2]).square().toArray(), [9, 4]);
  assert.deepEqual(tensor([0, -1]).log().toArray(), [-Infinity, NaN]);
});

Deno.test("unary ops read strided inputs correctly", () => {
  const x = tensor([[1, 4], [9, 16]]).T; // [[1, 9], [4, 16]]
  assert.deepEqual(x.sqrt().toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(x.neg().toArray(), [[-1, -9], [-4, -16]]);
});

Deno.test("binary ops compute hand-checked values", () => {
  const a = tensor([6, 8]);
  const b = tensor([2, 4]);
  assert.deepEqual(a.add(b).toArray(), [8, 12]);
  assert.deepEqual(a.sub(b).toArray(), [4, 4]);
  assert.deepEqual(a.mul(b).toArray(), [12, 32]);
  assert.deepEqual(a.div(b).toArray(), [3, 2]);
  assert.deepEqual(b.pow(tensor([3, 0.5])).toArray(), [8, 2]);
  assert.deepEqual(a.maximum(tensor([7, 1])).toArray(), [7, 8]);
  assert.deepEqual(a.minimum(tensor([7, 1])).toArray(), [6, 1]);
});

Deno.test("binary ops broadcast values over strided operands", () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(m.T.add(tensor([[10], [20], [30]])).toArray(), [[11, 14], [22, 25], [33, 36]]);
  assert.deepEqual(m.add(tensor(1)).toArray(), [[2, 3, 4], [5, 6, 7]]);
  assert.deepEqual(
    tensor([[1], [2]]).mul(tensor([1, 10, 100])).toArray(),
    [[1, 10, 100], [2, 20, 200]],
  );
});

Deno.test("add() reduces broadcast gradients back to each input's shape", () => {
  // [] with [2, 3]
  let [ga, gb] = grads(
    (a, b) => a.add(b),
    tensor(1, { requiresGrad: true }),
    ones([2, 3], { requiresGrad: true }),
  );
  assert.deepEqual(ga.shape, []);
  assert.equal(ga.item(), 6);
  assert.deepEqual(gb.toArray(), [[1, 1, 1], [1, 1, 1]]);
  // [2, 1] with [1, 3]
  [ga, gb] = grads(
    (a, b) => a.add(b),
    ones([2, 1], { requiresGrad: true }),
    ones([1, 3], { requiresGrad: true }),
  );
  assert.deepEqual(ga.toArray(), [[3], [3]]);
  assert.deepEqual(gb.toArray(), [[2, 2, 2]]);
  // [2, 1, 4] with [3, 1]
  [ga, gb] = grads(
    (a, b) => a.add(b),
    ones([2, 1, 4], { requiresGrad: true }),
    ones([3, 1], { requiresGrad: true }),
  );
  assert.deepEqual(ga.shape, [2, 1, 4]);
  assert.deepEqual(ga.toArray(), [[[3, 3, 3, 3]], [[3, 3, 3, 3]]]);
  assert.deepEqual(gb.toArray(), [[8], [8], [8]]);
});

Deno.test("mul() broadcast gradients match hand computation", () => {
  // d/da Σ a·b = Σ over the broadcast dims of b, and vice versa.
  const a = tensor([[1], [2]], { requiresGrad: true }); // [2, 1]
  const b = tensor([[1, 2, 3]], { requiresGrad: true }); // [1, 3]
  const [ga, gb] = grads((a, b) => a.mul(b), a, b);
  assert.deepEqual(ga.toArray(), [[6], [6]]);
  assert.deepEqual(gb.toArray(), [[3, 3, 3]]);
  const s = tensor(2, { requiresGrad: true });
  const m = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
  const [gs, gm] = grads((a, b) => a.mul(b), s, m);
  assert.equal(gs.item(), 21);
  assert.deepEqual(gm.toArray(), [[2, 2, 2], [2, 2, 2]]);
});

Deno.test("gradcheck() passes for broadcast binary ops of mixed shapes", async (t) => {
  const f64 = (shape: number[], v: number) =>
    ones(shape, { dtype: "float64" }).mul(v).add(
      tensor([0.1, 0.2, 0.3, 0.4], { dtype: "float64" }).sum(),
    );
  const pairs: [number[], number[]][] = [[[], [2, 3]], [[2, 1], [1, 3]], [[2, 1, 4], [3, 1]]];
  for (const [sa, sb] of pairs) {
    for (const op of ["add", "mul", "div", "sub", "maximum", "pow"] as const) {
      await t.step(`${op} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}`, () => {
        const a = f64(sa, 1.5);
        const b = noGrad(() => f64(sb, 0.7).add(tensor([0.01, 0.02], { dtype: "float64" }).sum()));
        a.requiresGrad = true;
        b.requiresGrad = true;
        gradcheck((x, y) => x[op](y), [a, b]);
      });
    }
  }
});

Deno.test("add() throws a ShapeError naming the op for incompatible shapes", () => {
  assert.throws(() => ones([2, 3]).add(ones([4])), {
    name: "ShapeError",
    message: "Cannot broadcast [2, 3] and [4] in add(): dimension 1 is 3 and 0 is 4",
  });
  assert.throws(() => ones([2, 3]).mul(ones([3, 2])), { name: "ShapeError", message: /mul\(\)/ });
  assert.throws(() => where(ones([2]).gt(0), ones([3]), 0), {
    name: "ShapeError",
    message: /where\(\)/,
  });
});

Deno.test("elementwise ops follow PyTorch's type promotion", () => {
  const f32 = ones([2]);
  const f64 = ones([2], { dtype: "float64" });
  const i32 = ones([2], { dtype: "int32" });
  const b = ones([2], { dtype: "bool" });
  const cases: [Tensor, Tensor | number, DType][] = [
    [f32, f64, "float64"],
    [f32, 2.5, "float32"], // numbers keep a float tensor's dtype
    [f64, 2.5, "float64"],
    [i32, 2, "int32"],
    [i32, 2.5, "float32"],
    [b, 1, "int32"],
    [b, b, "bool"],
    [i32, f32, "float32"],
    [f32, tensor(1, { dtype: "float64" }), "float32"], // a 0-d tensor of the same category does not promote
    [i32, tensor(1, { dtype: "float64" }), "float64"], // ... one of a higher category does
  ];
  for (const [x, y, want] of cases) assert.equal(x.add(y).dtype, want, `${x.dtype} + ${y}`);
  assert.equal(i32.div(i32).dtype, "float32"); // true division
  assert.deepEqual(
    tensor([1, 3], { dtype: "int32" }).div(tensor([2, 2], { dtype: "int32" })).toArray(),
    [0.5, 1.5],
  );
  assert.deepEqual(tensor([7, -7], { dtype: "int32" }).mul(3).toArray(), [21, -21]);
  assert.deepEqual(tensor([true, false]).add(tensor([true, true])).toArray(), [true, true]); // logical or
});

Deno.test("numbers act as 0-d operands on either side", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3).add(1).sub(0.5).div(2).pow(2); // ((3x + 0.5) / 2)²
  assertAllClose(y, [3.0625, 10.5625]);
  y.sum().backward();
  // dy/dx = 2 · (3x + 0.5) / 2 · 3 / 2 = 1.5 (3x + 0.5)
  assertAllClose(x.grad!, [5.25, 9.75]);
});

Deno.test("sub() and neg() reject bool tensors", () => {
  const b = tensor([true]);
  assert.throws(() => b.sub(b), { name: "DTypeError", message: /sub\(\)/ });
  assert.throws(() => b.neg(), { name: "DTypeError", message: /neg\(\)/ });
});

Deno.test("pow() gradients follow PyTorch at 0 exponents and 0 bases", () => {
  // torch: x = [0, 0, 2, -1], e = [0, 2, 0, 0.5] -> x.grad = [0, 0, 0, nan], e.grad = [0, 0, 0.6931, nan]
  const x = tensor([0, 0, 2, -1], { dtype: "float64", requiresGrad: true });
  const e = tensor([0, 2, 0, 0.5], { dtype: "float64", requiresGrad: true });
  x.pow(e).sum().backward();
  assertAllClose(x.grad!, [0, 0, 0, NaN]);
  assertAllClose(e.grad!, [0, 0, Math.LN2, NaN]);
  const z = tensor([0, 3], { requiresGrad: true });
  z.pow(0).sum().backward();
  assert.deepEqual(z.grad!.toArray(), [0, 0]);
});

Deno.test("maximum() and minimum() split the gradient evenly on ties", () => {
  // torch: maximum([1, 2, 3], [1, 3, 2]) -> a.grad [0.5, 0, 1], b.grad [0.5, 1, 0]
  let a = tensor([1, 2, 3], { requiresGrad: true });
  let b = tensor([1, 3, 2], { requiresGrad: true });
  a.maximum(b).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [0.5, 0, 1]);
  assert.deepEqual(b.grad!.toArray(), [0.5, 1, 0]);
  // torch: minimum -> a.grad [0.5, 1, 0], b.grad [0.5, 0, 1]
  a = tensor([1, 2, 3], { requiresGrad: true });
  b = tensor([1, 3, 2], { requiresGrad: true });
  a.minimum(b).sum().backward();
  assertAllClose(a.grad!, [0.5, 1, 0]); // zeros may be -0: minimum is -maximum(-a, -b)
  assertAllClose(b.grad!, [0.5, 0, 1]);
});

Deno.test("maximum() propagates NaN from either side", () => {
  assert.deepEqual(tensor([NaN, 1]).maximum(tensor([1, NaN])).toArray(), [NaN, NaN]);
  assert.deepEqual(tensor([NaN, 1]).minimum(tensor([1, NaN])).toArray(), [NaN, NaN]);
});

Deno.test("abs() has gradient 0 at 0, as in PyTorch", () => {
  // torch: abs([0, -2, 2]).sum().backward() -> [0, -1, 1]
  const x = tensor([0, -2, 2], { requiresGrad: true });
  x.abs().sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, -1, 1]);
});

Deno.test("clamp() passes the gradient inside the bounds, bounds included", () => {
  // torch: clamp([-1, 0, 0.5, 1, 2], 0, 1) -> grad [0, 1, 1, 1, 0]
  const x = tensor([-1, 0, 0.5, 1, 2], { requiresGrad: true });
  const y = x.clamp(0, 1);
  assert.deepEqual(y.toArray(), [0, 0, 0.5, 1, 1]);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 1, 1, 1, 0]);
  assert.deepEqual(tensor([NaN]).clamp(0, 1).toArray(), [NaN]);
  assert.deepEqual(tensor([5]).clamp(2, 1).toArray(), [1]); // min > max gives max, as in PyTorch
  assert.throws(() => x.clamp(), TypeError);
});

Deno.test("comparisons return bool tensors without gradient", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const m = x.gt(tensor([[2], [0]]));
  assert.equal(m.dtype, "bool");
  assert.equal(m.requiresGrad, false);
  assert.deepEqual(m.toArray(), [[false, false, true], [true, true, true]]);
  assert.deepEqual(x.eq(2).toArray(), [false, true, false]);
  assert.deepEqual(x.ne(2).toArray(), [true, false, true]);
  assert.deepEqual(x.le(2).toArray(), [true, true, false]);
  assert.deepEqual(x.ge(2).toArray(), [false, true, true]);
  assert.deepEqual(x.lt(2.5).toArray(), [true, true, false]);
  assert.deepEqual(tensor([NaN]).eq(tensor([NaN])).toArray(), [false]);
});

Deno.test("where() selects, broadcasts and routes gradients to the chosen branch", () => {
  const cond = tensor([[true], [false]]); // [2, 1]
  const a = tensor([1, 2, 3], { requiresGrad: true }); // [3]
  const b = tensor(10, { requiresGrad: true }); // []
  const y = where(cond, a, b);
  assert.deepEqual(y.toArray(), [[1, 2, 3], [10, 10, 10]]);
  y.sum().backward();
  assert.deepEqual(a.grad!.toArray(), [1, 1, 1]);
  assert.equal(b.grad!.item(), 3);
  assert.throws(() => where(tensor([1, 0]), a, b), { name: "DTypeError", message: /where\(\)/ });
});

Deno.test("to() is differentiable between float dtypes and cuts the graph otherwise", () => {
  const x = tensor([1.5, -2.5], { requiresGrad: true });
  const y = x.double();
  assert.equal(y.dtype, "float64");
  y.mul(2).sum().backward();
  assert.equal(x.grad!.dtype, "float32");
  assert.deepEqual(x.grad!.toArray(), [2, 2]);
  const i = x.to("int32");
  assert.deepEqual(i.toArray(), [1, -2]);
  assert.equal(i.requiresGrad, false);
  assert.equal(x.to("float32"), x);
  assert.throws(() => x.to("int64" as DType), { name: "DTypeError", message: /to\(\)/ });
});

Deno.test("float ops on int32 tensors give float32", () => {
  const i = tensor([1, 4], { dtype: "int32" });
  assert.equal(i.sqrt().dtype, "float32");
  assert.deepEqual(i.sqrt().toArray(), [1, 2]);
  assert.equal(i.neg().dtype, "int32");
  assert.equal(zeros([1], { dtype: "bool" }).float().dtype, "float32");
});
