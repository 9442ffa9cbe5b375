import assert from "node:assert/strict";
import { makeXor } from "../../data/mod.ts";

Deno.test("makeXor() gives the XOR truth table by default", () => {
  assert.deepEqual(makeXor(), {
    x: [[0, 0], [0, 1], [1, 0], [1, 1]],
    y: [0, 1, 1, 0],
  });
});

Deno.test("makeXor() cycles through the corners for more samples", () => {
  const { x, y } = makeXor({ nSamples: 10 });
  assert.equal(x.length, 10);
  assert.deepEqual(x[5], [0, 1]);
  assert.deepEqual(y, [0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
  for (let i = 0; i < x.length; i++) assert.equal(y[i], x[i][0] ^ x[i][1]);
});

Deno.test("makeXor() returns fresh arrays on every call", () => {
  const a = makeXor();
  a.x[0][0] = 5;
  assert.deepEqual(makeXor().x[0], [0, 0]);
});

Deno.test("makeXor() noise is seeded and stays around the corners", () => {
  const a = makeXor({ nSamples: 40, noise: 0.1, seed: 3 });
  assert.deepEqual(makeXor({ nSamples: 40, noise: 0.1, seed: 3 }), a);
  assert.notDeepEqual(makeXor({ nSamples: 40, noise: 0.1, seed: 4 }), a);
  const clean = makeXor({ nSamples: 40 });
  assert.deepEqual(a.y, clean.y);
  const diffs = a.x.flatMap((row, i) => row.map((v, j) => v - clean.x[i][j]));
  assert.ok(diffs.every((d) => d !== 0 && Math.abs(d) < 0.5));
});

Deno.test("makeXor() rejects bad arguments", () => {
  assert.throws(() => makeXor({ nSamples: 0 }), {
    name: "RangeError",
    message: "Cannot make XOR data in makeXor(): nSamples must be a positive integer, got 0",
  });
  assert.throws(() => makeXor({ noise: -1 }), { name: "RangeError", message: /noise/ });
  assert.throws(() => makeXor({ seed: NaN }), { name: "RangeError", message: /seed/ });
});
