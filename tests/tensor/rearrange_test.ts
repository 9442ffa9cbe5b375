import assert from "node:assert/strict";
import { arange, gradcheck, tensor, zeros } from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][]) => tensor(data, { dtype: "float64", requiresGrad: true });

Deno.test("gradcheck() passes for flip, roll, repeat and split", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "rearrange")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("flip() reverses copies along the given dimensions", () => {
  const x = arange(6).reshape([2, 3]);
  assert.deepEqual(x.flip(1).toArray(), [[2, 1, 0], [5, 4, 3]]);
  assert.deepEqual(x.flip([-1, 0]).toArray(), [[5, 4, 3], [2, 1, 0]]);
  assert.deepEqual(x.T.flip(0).toArray(), [[2, 5], [1, 4], [0, 3]]); // strided
  assert.deepEqual(x.flip([]).toArray(), x.toArray());
  assert.notEqual(x.flip([]).storage, x.storage); // always a copy, as PyTorch
  assert.equal(tensor(3).flip(0).item(), 3);
  assert.deepEqual(zeros([0, 2]).flip(0).shape, [0, 2]);
  const g = f64([1, 2, 3]);
  g.flip(0).mul(tensor([1, 10, 100], { dtype: "float64" })).sum().backward();
  assert.deepEqual(g.grad!.toArray(), [100, 10, 1]);
  assert.throws(() => x.flip([0, 0]), { name: "RangeError", message: /flip\(\).*twice/ });
  assert.throws(() => x.flip(2), { name: "RangeError", message: /dimension 2 in flip\(\)/ });
  assert.throws(() => x.flip("0" as never), { name: "TypeError", message: /flip\(\)/ });
});

Deno.test("roll() shifts with wrap-around along dimensions or the flattened tensor", () => {
  const x = arange(6).reshape([2, 3]);
  // torch: x.roll(1), x.roll((1, -1), (0, 1)), x.roll(-4, 1)
  assert.deepEqual(x.roll(1).toArray(), [[5, 0, 1], [2, 3, 4]]);
  assert.deepEqual(x.roll([1, -1], [0, 1]).toArray(), [[4, 5, 3], [1, 2, 0]]);
  assert.deepEqual(x.roll(-4, 1).toArray(), [[1, 2, 0], [4, 5, 3]]);
  assert.deepEqual(x.roll(3, -1).toArray(), x.toArray());
  assert.notEqual(x.roll(0, 0).storage, x.storage);
  assert.equal(tensor(2).roll(5).item(), 2);
  assert.deepEqual(zeros([0, 3]).roll(1, 0).shape, [0, 3]);
  const cases: [() => unknown, RegExp][] = [
    [() => x.roll([1, 2]), /without dims, expected one shift/],
    [() => x.roll([1, 2], [0]), /shifts \[1, 2\] and dims \[0\] must have one entry each/],
    [() => x.roll(0.5, 0), /shifts must be an integer/],
    [() => x.roll(1, 2), /dimension 2 in roll\(\)/],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: "RangeError", message });
});

Deno.test("repeat() tiles as PyTorch, extra sizes adding leading dimensions", () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(x.repeat(2, 1).toArray(), [[1, 2], [3, 4], [1, 2], [3, 4]]);
  assert.deepEqual(x.repeat([1, 2]).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.deepEqual(x.repeat(2, 1, 1).shape, [2, 2, 2]);
  assert.deepEqual(x.repeat(0, 1).shape, [0, 2]);
  assert.deepEqual(tensor(7).repeat(2, 3).toArray(), [[7, 7, 7], [7, 7, 7]]);
  assert.notEqual(x.repeat(1, 1).storage, x.storage);
  const g = f64([1, 2]);
  g.repeat(3).sum().backward();
  assert.deepEqual(g.grad!.toArray(), [3, 3]);
  assert.throws(() => x.repeat(2), {
    name: "ShapeError",
    message: "Cannot repeat a tensor of shape [2, 2] by [2] in repeat(): expected at least 2 " +
      "sizes, one per dimension",
  });
  assert.throws(() => x.repeat(-1, 1), { name: "RangeError", message: /repeat\(\): sizes/ });
});

Deno.test("split() and chunk() return views with PyTorch's piece sizes", () => {
  const x = arange(10).reshape([5, 2]);
  const pieces = x.split(2);
  assert.deepEqual(pieces.map((p) => p.shape[0]), [2, 2, 1]);
  assert.deepEqual(pieces[2].toArray(), [[8, 9]]);
  assert.ok(pieces.every((p) => p.storage === x.storage));
  assert.deepEqual(x.split([1, 0, 4]).map((p) => p.shape[0]), [1, 0, 4]);
  assert.deepEqual(x.split(1, -1).map((p) => p.toArray()), [[[0], [2], [4], [6], [8]], [
    [1],
    [
      3,
    ],
    [5],
    [7],
    [9],
  ]]);
  assert.deepEqual(zeros([0]).split(2).map((p) => p.shape), [[0]]);
  assert.deepEqual(zeros([0]).split(0).map((p) => p.shape), [[0]]);
  // torch's chunk sizes: ceil(n / chunks) each, so sometimes fewer pieces.
  const sizes = (n: number, c: number) => zeros([n]).chunk(c).map((p) => p.shape[0]);
  assert.deepEqual(sizes(5, 3), [2, 2, 1]);
  assert.deepEqual(sizes(6, 4), [2, 2, 2]);
  assert.deepEqual(sizes(10, 4), [3, 3, 3, 1]);
  assert.deepEqual(sizes(3, 5), [1, 1, 1]);
  assert.deepEqual(sizes(0, 3), [0, 0, 0]);
  // Gradients flow back to each piece's place.
  const g = f64([[1, 2, 3], [4, 5, 6]]);
  const [a, b] = g.chunk(2, 1);
  a.sum().add(b.mul(10).sum()).backward();
  assert.deepEqual(g.grad!.toArray(), [[1, 1, 10], [1, 1, 10]]);
});

Deno.test("split() and chunk() reject sizes that do not fit, naming the op", () => {
  const x = zeros([3, 2]);
  const cases: [() => unknown, string, RegExp | string][] = [
    [
      () => x.split([1, 1]),
      "RangeError",
      "Cannot split dimension 0 of size 3 in split(): the sizes [1, 1] add up to 2, expected 3",
    ],
    [() => x.split([4, -1]), "RangeError", /sizes \[4, -1\] must be non-negative integers/],
    [() => x.split(0), "RangeError", /piece size must be a positive integer, got 0/],
    [() => x.split(1.5), "RangeError", /got 1.5/],
    [() => x.split(1, 2), "RangeError", /dimension 2 in split\(\)/],
    [() => x.split("2" as never), "TypeError", /split\(\): expected a piece size or a list/],
    [() => tensor(1).split(1), "RangeError", /split\(\)/],
    [() => x.chunk(0), "RangeError", /chunk\(\): chunks must be a positive integer, got 0/],
    [() => x.chunk(2, -3), "RangeError", /dimension -3 in chunk\(\)/],
  ];
  for (const [fn, name, message] of cases) assert.throws(fn, { name, message });
});
