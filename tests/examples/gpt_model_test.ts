import assert from "node:assert/strict";
import {
  clipGradNorm_,
  decodeSafetensors,
  LambdaLR,
  load,
  manualSeed,
  noGrad,
  save,
  tensor,
} from "../../mod.ts";
import { GPT, type GPTConfig } from "../../examples/_gpt/model.ts";
import { assertAllClose } from "../_helpers.ts";
import fixture from "../fixtures/gpt.json" with { type: "json" };

const CONFIG = fixture.config as GPTConfig;
const read = (file: string) => Deno.readFile(new URL(`../fixtures/${file}`, import.meta.url));
const ints = (x: number[][]) => tensor(x, { dtype: "int32" });

Deno.test("GPT has the state-dict keys, parameters and printout of its PyTorch twin", () => {
  const model = new GPT(CONFIG);
  assert.deepEqual(Object.keys(model.stateDict()), fixture.keys);
  assert.deepEqual(model.namedParameters().map(([name]) => name), fixture.namedParameters);
  assert.equal(String(model), fixture.repr);
  // The head and the token embedding are one parameter.
  assert.equal(model.tokenEmbedding, model.lm_head.weight);
});

Deno.test("GPT loads PyTorch's trained twin strictly and reproduces its logits within 1e-5", async () => {
  const bytes = await read(fixture.trained.file);
  assert.equal(bytes.length, fixture.trained.size);
  const model = new GPT(CONFIG);
  model.loadStateDict(load(bytes)); // strict by default
  model.eval();
  const [logits, loss] = noGrad(() => model.forward(ints(fixture.eval.x), ints(fixture.eval.y)));
  assertAllClose(logits, fixture.eval.logits, { atol: 1e-5, rtol: 0 });
  assert.ok(Math.abs(loss!.item() - fixture.eval.loss) < 1e-5);
  const [last] = noGrad(() => model.forward(ints(fixture.eval.x).narrow(1, 0, 5)));
  assertAllClose(last, fixture.eval.lastLogits, { atol: 1e-5, rtol: 0 });
  // The reverse: nabla writes the very bytes that PyTorch's twin loads with strict=True
  // (make_gpt_fixtures.py checks that load).
  const saved = save(model.stateDict(), { metadata: fixture.metadata });
  assert.deepEqual(saved, bytes);
  assert.deepEqual(decodeSafetensors(saved).metadata, fixture.metadata);
});

Deno.test("GPT trained from PyTorch's initial weights follows PyTorch step by step", async () => {
  const model = new GPT(CONFIG);
  model.loadStateDict(load(await read(fixture.init.file)));
  const t = fixture.training;
  const optimizer = model.configureOptimizers(t.weightDecay, {
    lr: t.lr,
    betas: t.betas as [number, number],
  });
  assert.deepEqual(optimizer.paramGroups.map((g) => g.params.length), [
    model.parameters().filter((p) => p.ndim >= 2).length,
    model.parameters().filter((p) => p.ndim < 2).length,
  ]);
  const steps = t.steps.length;
  const scheduler = new LambdaLR(
    optimizer,
    (s) =>
      s < t.warmup
        ? (s + 1) / t.warmup
        : 0.5 * (1 + Math.cos(Math.PI * (s - t.warmup) / (steps - t.warmup))),
  );
  t.batches.forEach(({ x, y }, i) => {
    const [, loss] = model.forward(ints(x), ints(y));
    optimizer.zeroGrad();
    loss!.backward();
    const norm = clipGradNorm_(model.parameters(), t.maxNorm);
    const expected = t.steps[i];
    assert.ok(Math.abs(loss!.item() - expected.loss) < 1e-5, `step ${i} loss ${loss!.item()}`);
    assert.ok(Math.abs(norm.item() - expected.gradNorm) < 1e-5 * expected.gradNorm, `norm ${i}`);
    assert.ok(Math.abs(optimizer.paramGroups[0].lr - expected.lr) < 1e-12, `lr ${i}`);
    optimizer.step();
    scheduler.step();
  });
  model.eval();
  const [logits] = noGrad(() => model.forward(ints(fixture.eval.x), ints(fixture.eval.y)));
  assertAllClose(logits, fixture.eval.logits, { atol: 2e-5, rtol: 0 });
});

Deno.test("GPT.generate() continues prompts with topK and temperature, reproducibly", () => {
  manualSeed(0);
  const model = new GPT({ ...CONFIG, blockSize: 4 });
  const prompt = ints([[1, 2], [3, 4]]);
  manualSeed(7);
  const a = model.generate(prompt, 6, { temperature: 0.8, topK: 3 });
  manualSeed(7);
  const b = model.generate(prompt, 6, { temperature: 0.8, topK: 3 });
  assert.deepEqual(a.shape, [2, 8]); // longer than blockSize: the context is cropped
  assert.deepEqual(a.toArray(), b.toArray());
  assert.deepEqual(a.narrow(1, 0, 2).toArray(), prompt.toArray());
  assert.equal(model.training, true, "generate() restores training mode");
  // topK 1 is greedy decoding: the argmax of the last logits.
  const greedy = model.generate(prompt, 1, { topK: 1 });
  const [last] = noGrad(() => model.eval().forward(prompt));
  assert.deepEqual(
    greedy.narrow(1, 2, 1).reshape([2]).toArray(),
    last.reshape([2, CONFIG.vocabSize]).argmax(1).toArray(),
  );
  assert.throws(() => model.forward(ints([[1, 2, 3, 4, 5]])), {
    name: "RangeError",
    message: /longer than blockSize 4/,
  });
});
