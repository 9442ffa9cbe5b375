// CPU time per GPT step (user+system), robust to load.
import { clipGradNorm_, manualSeed, randint } from "/work/wt/speed3/mod.ts";
import { GPT } from "/work/wt/speed3/examples/_gpt/model.ts";
import defaults from "/work/wt/speed3/examples/_gpt/config.json" with { type: "json" };
const model = defaults.model as any, batchSize = defaults.batchSize;
manualSeed(0);
const gpt = new GPT(model);
const optimizer = gpt.configureOptimizers(0.1, { lr: 1e-3, betas: [0.9, 0.99] });
const shape = [batchSize, model.blockSize];
const x = randint(0, model.vocabSize, shape);
const y = randint(0, model.vocabSize, shape);
const step = () => {
  const [, loss] = gpt.forward(x, y);
  optimizer.zeroGrad();
  loss!.backward();
  clipGradNorm_(gpt.parameters(), 1.0);
  optimizer.step();
  return loss!.item();
};
for (let i = 0; i < 5; i++) step();
const N = Number(Deno.args[0] ?? 60);
const cpus: number[] = [];
for (let r = 0; r < 5; r++) {
  const c0 = Deno.cpuUsage();
  for (let i = 0; i < N / 5; i++) step();
  const c1 = Deno.cpuUsage();
  cpus.push((c1.user + c1.system - c0.user - c0.system) / 1000 / (N / 5));
}
cpus.sort((a, b) => a - b);
console.log(JSON.stringify({ cpuMsPerStep: +cpus[2].toFixed(2), min: +cpus[0].toFixed(2), loss: step() }));
