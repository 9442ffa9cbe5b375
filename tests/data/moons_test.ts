import assert from "node:assert/strict";
import { makeMoons } from "../../data/mod.ts";
import fixture from "../fixtures/moons.json" with { type: "json" };

// Math.cos/Math.sin and NumPy's may round the last bit differently.
const TOLERANCE = 1e-15;

function byRow(a: number[], b: number[]): number {
  return a[0] - b[0] || a[1] - b[1];
}

Deno.test("makeMoons() matches scikit-learn without noise or shuffling", async (t) => {
  for (const c of fixture.cases) {
    await t.step(`nSamples = ${c.nSamples}`, () => {
      const { x, y } = makeMoons(c.nSamples, { shuffle: false });
      assert.deepEqual(y, c.y);
      assert.equal(x.length, c.x.length);
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < 2; j++) {
          const diff = Math.abs(x[i][j] - c.x[i][j]);
          assert.ok(diff <= TOLERANCE, `x[${i}][${j}] = ${x[i][j]}, sklearn ${c.x[i][j]}`);
        }
      }
    });
  }
});

Deno.test("makeMoons() puts floor(n/2) points on the outer moon for odd n", () => {
  const { x, y } = makeMoons(7);
  assert.equal(x.length, 7);
  assert.ok(x.every((row) => row.length === 2));
  assert.equal(y.filter((label) => label === 0).length, 3);
  assert.equal(y.filter((label) => label === 1).length, 4);
  assert.deepEqual(makeMoons(1, { shuffle: false }), { x: [[0, 0.5]], y: [1] });
});

Deno.test("makeMoons() without noise puts points exactly on the two half circles", () => {
  const { x, y } = makeMoons(50, { seed: 3 });
  for (let i = 0; i < x.length; i++) {
    const [cx, cy] = y[i] === 0 ? [0, 0] : [1, 0.5];
    const r = Math.hypot(x[i][0] - cx, x[i][1] - cy);
    assert.ok(Math.abs(r - 1) < 1e-12, `sample ${i} is ${r} from its centre`);
    assert.ok(y[i] === 0 ? x[i][1] >= 0 : x[i][1] <= 0.5);
  }
});

Deno.test("makeMoons() shuffles by default, keeping each point with its label", () => {
  const ordered = makeMoons(20, { shuffle: false });
  const shuffled = makeMoons(20);
  assert.notDeepEqual(shuffled.y, ordered.y);
  const rows = (d: typeof ordered) => d.x.map((row, i) => [...row, d.y[i]]).sort(byRow);
  assert.deepEqual(rows(shuffled), rows(ordered));
});

Deno.test("makeMoons() is deterministic for a seed", () => {
  const a = makeMoons(30, { noise: 0.2, seed: 7 });
  const b = makeMoons(30, { noise: 0.2, seed: 7 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(makeMoons(30, { noise: 0.2, seed: 8 }), a);
  assert.deepEqual(makeMoons(30, { noise: 0.2 }), makeMoons(30, { noise: 0.2, seed: 0 }));
});

Deno.test("makeMoons() noise moves every point by about its standard deviation", () => {
  const clean = makeMoons(400, { seed: 1 });
  const noisy = makeMoons(400, { seed: 1, noise: 0.1 });
  // The shuffle is drawn before the noise, so the order and labels agree.
  assert.deepEqual(noisy.y, clean.y);
  const diffs = noisy.x.flatMap((row, i) => row.map((v, j) => v - clean.x[i][j]));
  assert.ok(diffs.every((d) => d !== 0));
  const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
  const std = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / diffs.length);
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.1) < 0.01, `std ${std}`);
});

Deno.test("makeMoons() rejects bad arguments", () => {
  assert.throws(() => makeMoons(-3), {
    name: "RangeError",
    message: "Cannot make moons in makeMoons(): nSamples must be a positive integer, got -3",
  });
  for (const n of [0, 2.5, NaN, Infinity]) {
    assert.throws(() => makeMoons(n), { name: "RangeError", message: /nSamples/ });
  }
  for (const noise of [-0.1, NaN, Infinity]) {
    assert.throws(() => makeMoons(10, { noise }), {
      name: "RangeError",
      message: /makeMoons\(\): noise must be a finite number >= 0/,
    });
  }
  assert.throws(() => makeMoons(10, { seed: 1.5 }), {
    name: "RangeError",
    message: "Cannot make moons in makeMoons(): seed must be an integer, got 1.5",
  });
});
