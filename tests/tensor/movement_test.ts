import assert from "node:assert/strict";
import {
  arange,
  cat,
  grad,
  gradcheck,
  ones,
  stack,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][], requiresGrad = true) =>
  tensor(data, { dtype: "float64", requiresGrad });

Deno.test("gradcheck() passes for every movement op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "movement")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("views share the storage of their base", () => {
  const x = arange(6).reshape([2, 3]);
  const views = [
    x.reshape([3, 2]),
    x.view([6]),
    x.T,
    x.transpose(0, 1),
    x.permute([1, 0]),
    x.unsqueeze(0),
    x.unsqueeze(0).squeeze(),
    x.flatten(),
    x.detach(),
    x.expand([4, 2, 3]),
    x.mT,
    x.narrow(1, 1, 2),
    x.slice(1, { step: 2 }),
    x.slice(0, { start: 1 }).T.unsqueeze(0).squeeze(0),
    x.T.reshape([3, 1, 2]),
  ];
  for (const v of views) assert.equal(v.storage, x.storage);
  x.T.fill_(1); // writes through the view
  assert.deepEqual(x.toArray(), [[1, 1, 1], [1, 1, 1]]);
  assert.notEqual(x.T.contiguous().storage, x.storage);
  assert.notEqual(x.clone().storage, x.storage);
});

Deno.test("expand() repeats size-1 dimensions with stride 0", () => {
  const x = tensor([[1], [2]]);
  const e = x.expand([3, 2, 4]);
  assert.deepEqual(e.shape, [3, 2, 4]);
  assert.deepEqual(e.strides, [0, 1, 0]);
  assert.deepEqual(e.sum([0, 2]).toArray(), [12, 24]);
  assert.deepEqual(x.expand([-1, 3]).toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.equal(x.expand([2, 1]), x);
  assert.throws(() => x.expand([3, 1]), {
    name: "ShapeError",
    message: "Cannot expand [2, 1] to [3, 1] in expand(): dimension 0 has size 2, expected 1 or 3",
  });
  assert.throws(() => x.expand([2]), { name: "ShapeError", message: /fewer dimensions/ });
});

Deno.test("expand() sums gradients back to the input's shape", () => {
  const x = tensor([[1], [2]], { requiresGrad: true });
  x.expand([3, 2, 4]).mul(arange(4)).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[18], [18]]); // 3 copies × (0 + 1 + 2 + 3)
});

Deno.test("reshape() views when it can and copies when it must", () => {
  const x = arange(6).reshape([2, 3]);
  assert.equal(x.reshape([3, -1]).storage, x.storage);
  assert.deepEqual(x.reshape([3, -1]).shape, [3, 2]);
  const t = x.T; // [3, 2], not contiguous
  const r = t.reshape([6]);
  assert.notEqual(r.storage, x.storage);
  assert.deepEqual(r.toArray(), [0, 3, 1, 4, 2, 5]);
  assert.equal(t.reshape([3, 1, 2]).storage, x.storage); // inserting a 1 is always a view
  assert.deepEqual(zeros([0, 3]).reshape([-1, 3]).shape, [0, 3]);
  assert.throws(() => x.reshape([4, 2]), {
    name: "ShapeError",
    message:
      "Cannot reshape [2, 3] to [4, 2] in reshape(): it has 6 elements, the new shape holds 8",
  });
  assert.throws(() => x.reshape([-1, -1]), { name: "ShapeError", message: /only one dimension/ });
  assert.throws(() => x.reshape([4, -1]), { name: "ShapeError", message: /reshape\(\)/ });
});

Deno.test("view() never copies", () => {
  const x = arange(6).reshape([2, 3]);
  assert.deepEqual(x.view([3, 2]).toArray(), [[0, 1], [2, 3], [4, 5]]);
  assert.throws(() => x.T.view([6]), { name: "ShapeError", message: /reshape\(\)/ });
});

Deno.test("permute(), transpose(), T and mT reorder dimensions", () => {
  const x = arange(24).reshape([2, 3, 4]);
  const p = x.permute([2, 0, -2]);
  assert.deepEqual(p.shape, [4, 2, 3]);
  assert.deepEqual(p.strides, [1, 12, 4]);
  assert.equal(p.toArray() instanceof Array, true);
  assert.deepEqual(x.transpose(0, 2).shape, [4, 3, 2]);
  assert.deepEqual(x.mT.shape, [2, 4, 3]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).T.toArray(), [[1, 3], [2, 4]]);
  assert.equal(tensor([1, 2]).T.ndim, 1);
  assert.throws(() => x.T, { name: "ShapeError", message: /mT/ });
  assert.throws(() => x.permute([0, 1]), { name: "ShapeError", message: /permute\(\)/ });
  assert.throws(() => x.permute([0, 0, 1]), { name: "RangeError", message: /twice/ });
  assert.throws(() => x.transpose(0, 3), { name: "RangeError", message: /transpose\(\)/ });
  // A 0-d tensor takes dimension 0 or -1, as in PyTorch.
  assert.equal(tensor(5).transpose(0, -1).item(), 5);
  assert.throws(() => tensor(5).transpose(0, 1), { name: "RangeError", message: /transpose\(\)/ });
});

Deno.test("unsqueeze(), squeeze() and flatten() add and remove dimensions", () => {
  const x = zeros([2, 1, 3, 1]);
  assert.deepEqual(x.squeeze().shape, [2, 3]);
  assert.deepEqual(x.squeeze(1).shape, [2, 3, 1]);
  assert.deepEqual(x.squeeze([1, -1]).shape, [2, 3]);
  assert.deepEqual(x.squeeze(0).shape, [2, 1, 3, 1]); // size 2: left alone, as in PyTorch
  assert.deepEqual(x.unsqueeze(4).shape, [2, 1, 3, 1, 1]);
  assert.deepEqual(x.unsqueeze(-5).shape, [1, 2, 1, 3, 1]);
  assert.throws(() => x.unsqueeze(5), { name: "RangeError", message: /unsqueeze\(\)/ });
  assert.deepEqual(x.flatten().shape, [6]);
  assert.deepEqual(x.flatten(1, 2).shape, [2, 3, 1]);
  assert.deepEqual(tensor(3).flatten().shape, [1]);
  assert.deepEqual(tensor(3).flatten(0, -1).shape, [1]);
  assert.throws(() => tensor(3).flatten(1), { name: "RangeError", message: /flatten\(\)/ });
  assert.equal(x.flatten(1, 1), x); // nothing to merge (torch returns itself too)
  assert.notEqual(x.transpose(0, 2).flatten().storage, x.storage); // not viewable: a copy
  assert.throws(() => x.flatten(2, 1), { name: "RangeError", message: /flatten\(\)/ });
});

Deno.test("contiguous() returns the tensor itself when already contiguous", () => {
  const x = ones([2, 3]);
  assert.equal(x.contiguous(), x);
  const c = x.T.contiguous();
  assert.equal(c.isContiguous(), true);
  assert.deepEqual(c.strides, [2, 1]);
});

Deno.test("movement ops pass gradients back through views", () => {
  const x = arange(6, undefined, 1, { requiresGrad: true });
  const y = x.reshape([2, 3]).T.unsqueeze(0).mul(tensor([[[1, 10]]])).sum();
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [1, 1, 1, 10, 10, 10]);
});

Deno.test("T reverses a matrix only; mT needs at least two dimensions", () => {
  // torch 1.13 reverses all dimensions of a 3-d x.T with a deprecation warning
  // ("will throw an error in a future release"): here it already throws.
  assert.throws(() => zeros([2, 3, 4]).T, {
    name: "ShapeError",
    message: "Cannot transpose a tensor of shape [2, 3, 4] in T: it has 3 dimensions; " +
      "use mT for the last two, or permute()",
  });
  assert.equal(tensor(1).T.ndim, 0);
  assert.throws(() => arange(3).mT, {
    name: "ShapeError",
    message: "Cannot transpose a tensor of shape [3] in mT: expected at least 2 dimensions " +
      "(a matrix or a batch of matrices)",
  });
});

Deno.test("view() and reshape() infer -1 and reject an ambiguous -1", () => {
  const x = arange(12).reshape([3, 4]);
  assert.deepEqual(x.view([-1]).shape, [12]);
  assert.deepEqual(x.view([2, -1, 3]).shape, [2, 2, 3]);
  assert.equal(x.T.view([1, 4, 3]).storage, x.storage); // a 1 can always be inserted
  assert.throws(() => x.T.view([12]), {
    name: "ShapeError",
    message: "Cannot view [4, 3] as [12] in view(): its strides [1, 4] do not allow it " +
      "without a copy; use reshape(), which copies when needed",
  });
  assert.throws(() => zeros([0, 3]).reshape([-1, 0]), {
    name: "ShapeError",
    message: /reshape\(\): the size given as -1 could be anything/,
  });
});

Deno.test("narrow() views a window of a dimension", () => {
  const x = arange(12).reshape([3, 4]);
  const n = x.narrow(-1, 1, 2);
  assert.deepEqual(n.toArray(), [[1, 2], [5, 6], [9, 10]]);
  assert.deepEqual([n.offset, n.strides], [1, [4, 1]]);
  assert.deepEqual(x.narrow(0, -1, 1).toArray(), [[8, 9, 10, 11]]);
  assert.deepEqual(x.narrow(0, 3, 0).shape, [0, 4]);
  assert.equal(x.narrow(0, 0, 3), x);
  assert.throws(() => x.narrow(0, 2, 2), {
    name: "RangeError",
    message: "Cannot narrow dimension 0 of size 3 in narrow(): length 2 from start 2 is out " +
      "of range, expected an integer in [0, 1]",
  });
  assert.throws(() => x.narrow(1, -5, 1), { name: "RangeError", message: /start -5/ });
  assert.throws(() => x.narrow(2, 0, 1), { name: "RangeError", message: /narrow\(\)/ });
});

Deno.test("slice() follows Python slicing: negative bounds, clamping, steps", () => {
  const x = arange(5);
  const s = (o: { start?: number; end?: number; step?: number }) => x.slice(0, o).toArray();
  // torch: a = arange(5.); a[-3:100:2] -> [2, 4]; a[10:20] -> []; a[-100:2] -> [0, 1]
  assert.deepEqual(s({ start: -3, end: 100, step: 2 }), [2, 4]);
  assert.deepEqual(s({ start: 10, end: 20 }), []);
  assert.deepEqual(s({ start: -100, end: 2 }), [0, 1]);
  assert.deepEqual(s({ start: 3, end: 1 }), []);
  assert.deepEqual(s({ step: 3 }), [0, 3]);
  assert.deepEqual(s({ end: -1 }), [0, 1, 2, 3]);
  assert.equal(x.slice(0), x);
  // torch: arange(12.).reshape(3, 4)[-2:, -100:3:2] -> [[4, 6], [8, 10]]
  const m = arange(12).reshape([3, 4]);
  assert.deepEqual(m.slice(0, { start: -2 }).slice(1, { start: -100, end: 3, step: 2 }).toArray(), [
    [4, 6],
    [8, 10],
  ]);
  assert.deepEqual(m.T.slice(1, { step: 2 }).toArray(), [[0, 8], [1, 9], [2, 10], [3, 11]]);
  assert.throws(() => x.slice(0, { step: 0 }), {
    name: "RangeError",
    message: "Cannot slice in slice(): step must be a positive integer, got 0",
  });
  assert.throws(() => x.slice(0, { step: -1 }), { name: "RangeError", message: /step/ });
  assert.throws(() => x.slice(0, { start: 0.5 }), { name: "RangeError", message: /start/ });
  assert.throws(() => tensor(1).slice(0), { name: "RangeError", message: /slice\(\)/ });
});

Deno.test("slice() and narrow() pass gradients back zero-padded", () => {
  const x = arange(6, undefined, 1, { dtype: "float64", requiresGrad: true });
  x.slice(0, { start: 1, step: 2 }).square().sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 2, 0, 6, 0, 10]);
  const m = zeros([2, 3], { requiresGrad: true });
  m.narrow(1, 1, 2).mul(tensor([1, 2])).sum().backward();
  assert.deepEqual(m.grad!.toArray(), [[0, 1, 2], [0, 1, 2]]);
  const e = zeros([3], { requiresGrad: true });
  e.slice(0, { start: 3 }).sum().backward(); // an empty slice still reaches its input
  assert.deepEqual(e.grad!.toArray(), [0, 0, 0]);
});

Deno.test("pad() pads like F.pad, crops with negative sizes and always copies", () => {
  const x = arange(12).reshape([3, 4]);
  // torch: F.pad(arange(12.).reshape(3, 4), (1, 1, 0, 1), value=-1)
  assert.deepEqual(x.pad([1, 1, 0, 1], { value: -1 }).toArray(), [
    [-1, 0, 1, 2, 3, -1],
    [-1, 4, 5, 6, 7, -1],
    [-1, 8, 9, 10, 11, -1],
    [-1, -1, -1, -1, -1, -1],
  ]);
  // torch: F.pad(arange(1., 5).reshape(2, 2), (-1, 1, 1, 0), value=7) -> [[7, 7], [2, 7], [4, 7]]
  const y = arange(1, 5).reshape([2, 2]);
  assert.deepEqual(y.pad([-1, 1, 1, 0], { value: 7 }).toArray(), [[7, 7], [2, 7], [4, 7]]);
  assert.deepEqual(arange(3).pad([-3, 0]).shape, [0]);
  assert.deepEqual(x.T.pad([0, 1]).toArray(), [[0, 4, 8, 0], [1, 5, 9, 0], [2, 6, 10, 0], [
    3,
    7,
    11,
    0,
  ]]);
  const same = x.pad([0, 0]);
  assert.deepEqual(same.toArray(), x.toArray());
  assert.notEqual(same.storage, x.storage); // a copy, as in torch
  assert.deepEqual(tensor([1, 2], { dtype: "int32" }).pad([1, 0], { value: 5 }).toArray(), [
    5,
    1,
    2,
  ]);
  assert.deepEqual(tensor([true]).pad([0, 1], { value: 2 }).toArray(), [true, true]);
  assert.throws(() => x.pad([1]), {
    name: "ShapeError",
    message: "Cannot pad [3, 4] with [1] in pad(): expected an array of (before, after) " +
      "pairs, at most 2 of them",
  });
  assert.throws(() => x.pad([1, 1, 1, 1, 1, 1]), { name: "ShapeError", message: /pad\(\)/ });
  assert.throws(() => x.pad([-3, -2]), { name: "ShapeError", message: /cropping 5 elements/ });
  assert.throws(() => x.pad([0.5, 0]), { name: "ShapeError", message: /integers/ });
});

Deno.test("pad() sends back the gradient of the original elements", () => {
  const x = zeros([2, 2], { requiresGrad: true });
  const w = arange(12).reshape([3, 4]);
  x.pad([1, 1, 0, 1]).mul(w).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 2], [5, 6]]);
});

// Checks the Jacobian of the gradient of `sum(w · f(x)³)`: second derivatives
// that run each backward rule's own backward.
function checkSecondDerivatives(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const first = (...xs: Tensor[]) => {
    const y = f(...xs);
    const w = arange(y.numel, undefined, 1, { dtype: "float64" }).add(1).reshape(y.shape);
    const gs = grad(y.pow(3).mul(w).sum(), xs.filter((t) => t.requiresGrad), {
      createGraph: true,
    });
    return cat(gs.map((g) => g.flatten()));
  };
  gradcheck(first, inputs);
}

Deno.test("slice() and pad() are each other's backward, to any order", () => {
  // torch: v = arange(1., 7); g = grad((F.pad(v[1::2], (1, 2))**3).sum(), v, create_graph=True)
  const v = arange(1, 7, 1, { dtype: "float64", requiresGrad: true });
  const [g] = grad(v.slice(0, { start: 1, step: 2 }).pad([1, 2]).pow(3).sum(), v, {
    createGraph: true,
  });
  assert.deepEqual(g.toArray(), [0, 12, 0, 48, 0, 108]);
  const [h] = grad(g.sum(), v);
  assert.deepEqual(h.toArray(), [0, 12, 0, 24, 0, 36]);
  checkSecondDerivatives((a) => a.slice(1, { start: 1, step: 2 }), [f64([[1, 2, 3], [4, 5, 6]])]);
  checkSecondDerivatives((a) => a.T.pad([-1, 2, 1, 0]), [f64([[1, 2, 3], [4, 5, 6]])]);
  checkSecondDerivatives((a) => a.narrow(0, 1, 1), [f64([[1, 2], [3, 4]])]);
});

Deno.test("cat() joins along any dimension, reading non-contiguous inputs", () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, 6], [7, 8]]);
  assert.deepEqual(cat([a, b]).toArray(), [[1, 2], [3, 4], [5, 6], [7, 8]]);
  assert.deepEqual(cat([a, b], -1).toArray(), [[1, 2, 5, 6], [3, 4, 7, 8]]);
  // torch: cat([tensor([[1, 2], [3, 4]]).T, tensor([[5, 6], [7, 8]])], 1)
  assert.deepEqual(cat([a.T, b], 1).toArray(), [[1, 3, 5, 6], [2, 4, 7, 8]]);
  assert.deepEqual(cat([a, b.narrow(1, 1, 1).expand([2, 3])], 1).toArray(), [
    [1, 2, 6, 6, 6],
    [3, 4, 8, 8, 8],
  ]);
  const c = cat([a]);
  assert.deepEqual(c.toArray(), a.toArray());
  assert.notEqual(c.storage, a.storage);
  assert.deepEqual(cat([zeros([2, 0]), a, zeros([2, 0])], 1).toArray(), a.toArray());
  assert.deepEqual(cat([zeros([0]), a, zeros([0])]).shape, [2, 2]); // torch's legacy rule
  assert.deepEqual(cat([tensor([true]), tensor([false])]).toArray(), [true, false]);
  const i = cat([tensor([1], { dtype: "int32" }), tensor([2, 3], { dtype: "int32" })]);
  assert.deepEqual([i.dtype, i.toArray()], ["int32", [1, 2, 3]]);
});

Deno.test("cat() splits the gradient back, to any order", () => {
  const a = zeros([2, 1], { requiresGrad: true });
  const b = zeros([2, 2], { requiresGrad: true });
  const c = tensor([[9], [9]]); // no grad
  cat([a, c, b], 1).mul(tensor([[1, 2, 3, 4], [5, 6, 7, 8]])).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [[1], [5]]);
  assert.deepEqual(b.grad!.toArray(), [[3, 4], [7, 8]]);
  // torch: z = cat([a, c]); (z**3 * [1, 2, 3]).sum(): first [3, 24], [81]; second [6, 24], [54]
  const p = f64([1, 2]);
  const q = f64([3]);
  const [gp, gq] = grad(cat([p, q]).pow(3).mul(tensor([1, 2, 3])).sum(), [p, q], {
    createGraph: true,
  });
  assert.deepEqual([gp.toArray(), gq.toArray()], [[3, 24], [81]]);
  const [hp, hq] = grad(gp.sum().add(gq.sum()), [p, q]);
  assert.deepEqual([hp.toArray(), hq.toArray()], [[6, 24], [54]]);
  checkSecondDerivatives((x, y) => cat([x, y.T], 0), [f64([[1, 2]]), f64([[3], [4]])]);
});

Deno.test("cat() and stack() reject bad lists with clear errors", () => {
  const a = zeros([2, 3]);
  assert.throws(() => cat([]), {
    name: "TypeError",
    message: "Cannot join tensors in cat(): expected a non-empty array of tensors, got an " +
      "empty array",
  });
  assert.throws(() => cat([a, zeros([2, 4])]), {
    name: "ShapeError",
    message: "Cannot concatenate [2, 3] and [2, 4] in cat(): tensor 1 has size 4 at dimension " +
      "1, tensor 0 has 3 (sizes must match except at dimension 0)",
  });
  assert.throws(() => cat([a, zeros([3])]), {
    name: "ShapeError",
    message: "Cannot concatenate [2, 3] and [3] in cat(): tensor 1 has 1 dimensions, tensor 0 " +
      "has 2",
  });
  assert.throws(() => cat([a, zeros([2, 3], { dtype: "float64" })]), {
    name: "DTypeError",
    message: "Cannot join float32 and float64 tensors in cat(): tensor 1 has dtype float64, " +
      "tensor 0 float32; convert with to() first",
  });
  assert.throws(() => cat([tensor(1), tensor(2)]), { name: "ShapeError", message: /0-d/ });
  assert.throws(() => cat([a, a], 2), { name: "RangeError", message: /cat\(\)/ });
  // @ts-expect-error: not a tensor
  assert.throws(() => cat([a, 1]), { name: "TypeError", message: /element 1/ });
  assert.throws(() => stack([zeros([2]), zeros([3])]), {
    name: "ShapeError",
    message: "Cannot stack [2] and [3] in stack(): tensor 1 has shape [3], tensor 0 has [2]; " +
      "all shapes must be equal",
  });
  assert.throws(() => stack([]), { name: "TypeError", message: /stack\(\)/ });
  assert.throws(() => stack([a], 3), { name: "RangeError", message: /stack\(\)/ });
});

Deno.test("stack() joins along a new dimension", () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, 6], [7, 8]]);
  // torch: stack([a, b], 1) -> [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]
  assert.deepEqual(stack([a, b], 1).toArray(), [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
  assert.deepEqual(stack([a, b]).shape, [2, 2, 2]);
  assert.deepEqual(stack([a, b], -1).toArray(), [[[1, 5], [2, 6]], [[3, 7], [4, 8]]]);
  assert.deepEqual(stack([tensor(1), tensor(2)]).toArray(), [1, 2]);
  const x = zeros([2], { requiresGrad: true });
  stack([x, x.mul(2)], 1).mul(tensor([[1, 10], [2, 20]])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [21, 42]);
});

Deno.test("cat() and stack() join 100,000 tensors, as PyTorch, and backward reaches each", () => {
  const n = 100_000;
  const xs = Array.from({ length: n }, (_, i) => tensor([i], { requiresGrad: i % 2 === 0 }));
  const joined = cat(xs);
  assert.deepEqual(joined.shape, [n]);
  assert.equal(joined.double().sum().item(), (n * (n - 1)) / 2);
  joined.mul(tensor(Float32Array.from({ length: n }, (_, i) => i))).sum().backward();
  assert.deepEqual(xs[n - 2].grad?.toArray(), [n - 2]);
  assert.equal(xs[n - 1].grad, null); // did not require grad
  const stacked = stack(xs.map((x) => x.detach()), 1);
  assert.deepEqual(stacked.shape, [1, n]);
  assert.equal(stacked.storage.data[n - 1], n - 1);
  assert.throws(() => cat([...xs.slice(0, n - 1), zeros([1], { dtype: "int32" })]), {
    name: "DTypeError",
    message: /tensor 99999 has dtype int32/,
  });
});
