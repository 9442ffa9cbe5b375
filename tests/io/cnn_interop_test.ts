// A CNN with BatchNorm2d crosses between PyTorch and nabla through safetensors,
// both ways, with strict loading, and gives the same logits in evaluation mode.
// The PyTorch side is tests/fixtures/make_cnn_fixtures.py; the nabla side of the
// reverse direction is tests/fixtures/export_cnn_nabla.ts.
import assert from "node:assert/strict";
import { type BatchNorm2d, load, save, tensor } from "../../mod.ts";
import { followRecipe, smallCnn, STEPS, trainNabla } from "../fixtures/export_cnn_nabla.ts";
import { assertAllClose } from "../_helpers.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);
const FIXTURE = JSON.parse(await Deno.readTextFile(new URL("cnn.json", FIXTURES)));
const NABLA = JSON.parse(await Deno.readTextFile(new URL("cnn_nabla.json", FIXTURES)));
const TOL = { atol: FIXTURE.tolerance as number, rtol: 0 };

Deno.test("a CNN trained in PyTorch loads strictly and gives PyTorch's logits in eval mode", async () => {
  const fixture = FIXTURE.torchToNabla;
  const bytes = await Deno.readFile(new URL(fixture.file, FIXTURES));
  assert.equal(bytes.length, fixture.size);
  const state = load(bytes);
  // num_batches_tracked was written as I64; it is read into int32.
  assert.equal(state["1.num_batches_tracked"].dtype, "int32");
  const model = smallCnn();
  assert.deepEqual(Object.keys(model.stateDict()), fixture.keys);
  const result = model.loadStateDict(state); // strict
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  const bn = model[5] as BatchNorm2d;
  assert.equal(bn.numBatchesTracked!.item(), fixture.numBatchesTracked);
  assert.equal(fixture.numBatchesTracked, STEPS);
  // The running statistics are PyTorch's, far from their initial 0 and 1.
  assertAllClose(bn.runningVar!, fixture.runningVar, { atol: 0, rtol: 0 });
  assert.ok((fixture.runningVar as number[]).every((v) => Math.abs(v - 1) > 0.1));
  model.eval();
  assertAllClose(model.forward(tensor(fixture.input)), fixture.logits, TOL);
  // In training mode the batch statistics are used instead: other logits.
  model.train();
  const training = model[1].forward(model[0].forward(tensor(fixture.input)));
  model.eval();
  const evaluation = model[1].forward(model[0].forward(tensor(fixture.input)));
  assert.notDeepEqual(training.toArray(), evaluation.toArray());
});

Deno.test("a CNN trained and saved by nabla loads strictly in PyTorch and gives nabla's logits", async () => {
  const fixture = FIXTURE.nablaToTorch;
  // make_cnn_fixtures.py loaded this file with a strict load_state_dict and
  // computed these logits with PyTorch; it checked them against nabla's.
  assert.ok(fixture.maxAbsDiff <= FIXTURE.tolerance, `${fixture.maxAbsDiff}`);
  assert.deepEqual(fixture.input, NABLA.input);
  const bytes = await Deno.readFile(new URL(fixture.file, FIXTURES));
  assert.equal(bytes.length, fixture.size);
  const state = load(bytes);
  assert.deepEqual(Object.keys(state).sort(), Object.keys(fixture.dtypes).sort());
  assert.equal(fixture.dtypes["1.num_batches_tracked"], "int32");
  const model = smallCnn();
  model.loadStateDict(state);
  model.eval();
  assertAllClose(model.forward(tensor(fixture.input)), fixture.logits, TOL);
});

Deno.test("the committed nabla-saved CNN is what export_cnn_nabla.ts trains today", () => {
  const { model, input, logits } = trainNabla();
  assert.deepEqual(Object.keys(model.stateDict()), NABLA.keys);
  assertAllClose(input, NABLA.input, { atol: 0, rtol: 0 });
  // Loose: six Adam steps amplify rounding, so a new matmul kernel moves these
  // logits by some 4e-4; one step more or less, or another seed, moves them by 0.1 to 1.
  assertAllClose(logits, NABLA.logits, { atol: 1e-2, rtol: 0 });
  // save() then load() round-trips the trained state exactly.
  const again = load(save(model.stateDict(), { metadata: { format: "pt" } }));
  for (const [k, t] of Object.entries(model.stateDict())) {
    assert.deepEqual(again[k].toArray(), t.toArray(), k);
    assert.equal(again[k].dtype, t.dtype, k);
  }
});

Deno.test("strict loading of the CNN rejects a state dict without its batch-norm statistics", async () => {
  const state = load(await Deno.readFile(new URL(FIXTURE.torchToNabla.file, FIXTURES)));
  delete state["5.running_mean"];
  assert.throws(() => smallCnn().loadStateDict(state), /missing keys: 5\.running_mean/);
  assert.deepEqual(smallCnn().loadStateDict(state, { strict: false }).missingKeys, [
    "5.running_mean",
  ]);
});

Deno.test("the cnn demo's recipe takes PyTorch's steps from the same weights", async () => {
  // Adam under OneCycleLR (β₁ cycled), batch norm in training mode, cross-entropy:
  // make_cnn_fixtures.py took these steps in PyTorch from the weights in this file.
  const recipe = FIXTURE.recipe;
  assert.ok(recipe.maxAbsDiff <= FIXTURE.tolerance, `${recipe.maxAbsDiff}`);
  const start = load(await Deno.readFile(new URL(recipe.file, FIXTURES)));
  const { losses } = followRecipe(start);
  assert.equal(losses.length, recipe.steps);
  assertAllClose(tensor(losses), recipe.losses, TOL);
  assert.ok(losses.at(-1)! < losses[0], JSON.stringify(losses));
  // Weights 1% off give other steps: the comparison is not vacuous.
  const off = followRecipe({ ...start, "10.weight": start["10.weight"].mul(1.01) }).losses;
  const gap = Math.max(...off.map((v, i) => Math.abs(v - recipe.losses[i])));
  assert.ok(gap > 10 * FIXTURE.tolerance, `${gap}`);
});
