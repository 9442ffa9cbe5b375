import assert from "node:assert/strict";
import { Flatten, zeros } from "../../mod.ts";
import { checkLayerCase } from "./_fixtures.ts";

Deno.test("Flatten.forward() matches PyTorch's outputs and gradients", async (t) => {
  await t.step("default dims 1..-1", () => checkLayerCase(new Flatten(), "flatten"));
  await t.step("dims 0..1", () => checkLayerCase(new Flatten(0, 1), "flatten01"));
});

Deno.test("Flatten.forward() returns a view of contiguous input", () => {
  const x = zeros([2, 3, 4]);
  const y = new Flatten().forward(x);
  assert.deepEqual(y.shape, [2, 12]);
  assert.equal(y.storage, x.storage);
  assert.deepEqual(new Flatten(1, 1).forward(x).shape, [2, 3, 4]);
  assert.deepEqual(new Flatten(-2).forward(x).shape, [2, 12]);
});

Deno.test("Flatten() rejects bad dims", () => {
  assert.throws(() => new Flatten(1.5), {
    name: "RangeError",
    message: "Cannot create Flatten: startDim and endDim must be integers, got 1.5 and -1",
  });
  assert.throws(() => new Flatten(2, 1).forward(zeros([2, 3, 4])), {
    name: "RangeError",
    message: /flatten\(\)/,
  });
  assert.throws(() => new Flatten().forward(zeros([3])), RangeError); // no dimension 1
});
