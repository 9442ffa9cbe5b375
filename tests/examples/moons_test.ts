import assert from "node:assert/strict";
import { Value } from "../../mod.ts";
import { decode } from "fast-png";
import { DEFAULTS, hingeLoss, pictures, train } from "../../examples/moons.ts";

Deno.test("train() on moons lowers the loss and is deterministic for a seed", () => {
  const seen: number[] = [];
  const a = train({ epochs: 3, nSamples: 60, seed: 1, onEpoch: (s) => seen.push(s.epoch) });
  const b = train({ epochs: 3, nSamples: 60, seed: 1 });
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(a.history, b.history);
  assert.equal(a.accuracy, b.accuracy);
  assert.deepEqual(
    a.model.parameters().map((p) => p.data),
    b.model.parameters().map((p) => p.data),
  );
  assert.ok(a.history[2].loss < a.history[0].loss, JSON.stringify(a.history));
  const c = train({ epochs: 3, nSamples: 60, seed: 2 });
  assert.notDeepEqual(c.history, a.history);
});

Deno.test("train() on moons reaches 99% training accuracy with the defaults", () => {
  const { history, accuracy } = train();
  assert.equal(history.length, DEFAULTS.epochs);
  assert.ok(accuracy >= 0.99, `final accuracy ${accuracy}`); // 0.995 measured from seed 0
  assert.ok(history.at(-1)!.loss < history[0].loss / 4, JSON.stringify(history.at(-1)));
});

Deno.test("hingeLoss() is max(0, 1 - t·z) with t = ±1, and its gradient -t inside the margin", () => {
  const cases: [number, number, number, number][] = [
    // z, y, loss, dloss/dz
    [2, 1, 0, 0],
    [0.25, 1, 0.75, -1],
    [-1, 1, 2, -1],
    [-2, 0, 0, 0],
    [0.5, 0, 1.5, 1],
  ];
  for (const [z, y, loss, grad] of cases) {
    const v = new Value(z);
    const out = hingeLoss(v, y);
    out.backward();
    assert.equal(out.data, loss, `hingeLoss(${z}, ${y})`);
    assert.equal(v.grad, grad, `d hingeLoss(${z}, ${y}) / dz`);
  }
});

Deno.test("train() on moons reports each step, and pictures() draws curves and a boundary", () => {
  const steps: string[] = [];
  const result = train({
    epochs: 2,
    nSamples: 50,
    onStep: (s) => steps.push(`${s.epoch}.${s.step}`),
  });
  assert.deepEqual(steps, ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]);
  const files = pictures(result, { nSamples: 50 });
  assert.deepEqual(Object.keys(files), [
    "moons-loss.svg",
    "moons-accuracy.svg",
    "moons-boundary.png",
  ]);
  for (const name of ["moons-loss.svg", "moons-accuracy.svg"]) {
    const svg = files[name] as string;
    const points = svg.match(/<polyline class="series"[^>]* points="([^"]*)"/);
    assert.equal(points?.[1].split(" ").length, 2, name);
  }
  const png = decode(files["moons-boundary.png"] as Uint8Array);
  assert.deepEqual([png.width, png.height, png.channels], [440, 434, 3]);
});
