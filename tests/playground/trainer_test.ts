import assert from "node:assert/strict";
import { parseHidden, Trainer } from "../../playground/trainer.ts";

Deno.test("Trainer.step() lowers the loss on two moons", () => {
  const trainer = new Trainer({ hidden: [8], lr: 0.05, seed: 1 });
  for (let i = 0; i < 100; i++) trainer.step();
  assert.equal(trainer.losses.length, 100);
  assert.ok(trainer.losses[99] < trainer.losses[0] / 2, `losses ${trainer.losses}`);
  assert.ok(trainer.accuracy() > 0.85);
});

Deno.test("Trainer supports SGD, tanh and no hidden layer", () => {
  const trainer = new Trainer({ hidden: [], optimizer: "sgd", activation: "tanh", lr: 0.1 });
  for (let i = 0; i < 30; i++) trainer.step();
  assert.ok(trainer.losses[29] < trainer.losses[0]);
});

Deno.test("Trainer.grid() gives a probability per cell", () => {
  const p = new Trainer({ nSamples: 20 }).grid(5);
  assert.equal(p.length, 25);
  assert.ok(p.every((v) => v >= 0 && v <= 1));
});

Deno.test("Trainer() rejects a learning rate that is not positive", () => {
  assert.throws(() => new Trainer({ lr: 0 }), { name: "RangeError", message: /lr must be > 0/ });
  assert.throws(() => new Trainer({ lr: NaN }), RangeError);
});

Deno.test("parseHidden() reads comma- or space-separated widths", () => {
  assert.deepEqual(parseHidden("16, 16"), [16, 16]);
  assert.deepEqual(parseHidden(" 4 8,2 "), [4, 8, 2]);
  assert.deepEqual(parseHidden(""), []);
  for (const bad of ["0", "1.5", "a", "300", "1,1,1,1,1,1,1"]) {
    assert.throws(() => parseHidden(bad), { name: "RangeError", message: /parseHidden\(\)/ }, bad);
  }
});

Deno.test("Trainer holds out test points it never trains on, and reports both accuracies", () => {
  const trainer = new Trainer({ hidden: [8], lr: 0.05, seed: 1, nSamples: 120, nTest: 60 });
  assert.equal(trainer.points.length, 120);
  assert.equal(trainer.testPoints.length, 60);
  const train = new Set(trainer.points.map((p) => p.join()));
  assert.ok(trainer.testPoints.every((p) => !train.has(p.join())));
  for (let i = 0; i < 150; i++) trainer.step();
  assert.equal(trainer.testLosses.length, 150);
  assert.ok(
    trainer.testLosses[149] < trainer.testLosses[0] / 2,
    `test losses ${trainer.testLosses}`,
  );
  assert.ok(trainer.accuracy() > 0.85);
  assert.ok(trainer.testAccuracy() > 0.8);
  assert.ok(Number.isNaN(new Trainer({ nTest: 0 }).testAccuracy()));
});
