/**
 * One full training step of an MNIST-sized MLP, 784-256-256-10 with ReLU, at
 * batch 64 (or another batch size) in float32, written with tensor ops only:
 * forward (`linear(x, W, b).relu()`, the fused `x.matmul(W.T).add(b)`),
 * softmax cross-entropy, backward,
 * `SGD.step()` (lr 0.01, in place) and `zeroGrad()`, the loss read back as a
 * number. Weights and biases are drawn from U(-1/√fan_in, 1/√fan_in),
 * PyTorch's `nn.Linear` default.
 *
 * `deno bench bench/train_step_bench.ts` times the step at batch 64
 * (samples/s = 64 × iter/s) and its parts; `deno run
 * bench/train_step_bench.ts [batch]` prints samples/s and where the time of a
 * step goes. The step holds 2 × batch × 269,322 multiply-adds in its matrix
 * products (~77 MFLOP at batch 64). Comparisons with other libraries come from
 * `deno task bench:compare`.
 *
 * @module
 */
import { Random } from "../random/mod.ts";
import { linear, noGrad, rand, randint, type Tensor } from "../tensor/mod.ts";
import { SGD } from "../optim/mod.ts";
// The kernel Matmul uses (WebAssembly SIMD, or the TypeScript fallback).
import { matmul as matmulKernel } from "../tensor/kernels/matmul_wasm.ts";

type Strides = [number, number, number];

const BATCH = import.meta.main && Deno.args[0] ? Number(Deno.args[0]) : 64;
const SIZES = [784, 256, 256, 10];
const LR = 0.01;

/** A 2-D `[SIZES[i+1], SIZES[i]]` weight and a bias per layer, requiring grad. */
function linearLayers(rng: Random): { weight: Tensor; bias: Tensor }[] {
  const uniform = (shape: number[], bound: number) => {
    const t = noGrad(() => rand(shape, { generator: rng }).mul(2 * bound).sub(bound));
    t.requiresGrad = true;
    return t;
  };
  return SIZES.slice(1).map((out, i) => {
    const bound = 1 / Math.sqrt(SIZES[i]);
    return { weight: uniform([out, SIZES[i]], bound), bias: uniform([out], bound) };
  });
}

/** A seeded model, a batch of inputs in [0, 1) and its labels as an int32 `[batch, 1]` column. */
export function setup(seed = 0, batch: number = BATCH): {
  layers: { weight: Tensor; bias: Tensor }[];
  params: Tensor[];
  optimizer: SGD;
  x: Tensor;
  target: Tensor;
} {
  const rng = new Random(seed);
  const layers = linearLayers(rng);
  const x = rand([batch, SIZES[0]], { generator: rng });
  const target = randint(0, SIZES[3], [batch, 1], { generator: rng });
  const params = layers.flatMap((l) => [l.weight, l.bias]);
  return { layers, params, optimizer: new SGD(params, { lr: LR }), x, target };
}

/** Logits of the MLP: two ReLU layers, then a linear one. */
export function forward(layers: { weight: Tensor; bias: Tensor }[], x: Tensor): Tensor {
  let h = x;
  layers.forEach(({ weight, bias }, i) => {
    h = linear(h, weight, bias);
    if (i < layers.length - 1) h = h.relu();
  });
  return h;
}

/** Mean softmax cross-entropy: `-mean(logSoftmax(logits)[i, target[i]])`. */
export function crossEntropy(logits: Tensor, target: Tensor): Tensor {
  return logits.logSoftmax(1).gather(1, target).mean().neg();
}

/** SGD in place, then gradients reset (`grad = null`, PyTorch's `zero_grad()` default). */
export function sgdStep(optimizer: SGD): void {
  optimizer.step();
  optimizer.zeroGrad();
}

/** One full step; returns the loss. */
export function trainStep(s: ReturnType<typeof setup>): number {
  const loss = crossEntropy(forward(s.layers, s.x), s.target);
  loss.backward();
  sgdStep(s.optimizer);
  return loss.item();
}

/**
 * The eight matrix products of a step as kernel calls on the same shapes and
 * layouts (`[name, m, k, n, A transposed, B transposed]`), to split a step's
 * time into products and everything else.
 */
const PRODUCTS: [string, number, number, number, boolean, boolean][] = [
  ["fwd x @ W1ᵀ", BATCH, 784, 256, false, true],
  ["fwd h1 @ W2ᵀ", BATCH, 256, 256, false, true],
  ["fwd h2 @ W3ᵀ", BATCH, 256, 10, false, true],
  ["bwd dh2 = g3 @ W3", BATCH, 10, 256, false, false],
  ["bwd dW3 = g3ᵀ @ h2", 10, BATCH, 256, true, false],
  ["bwd dh1 = g2 @ W2", BATCH, 256, 256, false, false],
  ["bwd dW2 = g2ᵀ @ h1", 256, BATCH, 256, true, false],
  ["bwd dW1 = g1ᵀ @ x", 256, BATCH, 784, true, false],
];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (import.meta.main) {
  // `deno run`: per-phase times of many steps (medians), and the products alone.
  const s = setup();
  const first = trainStep(s);
  for (let i = 0; i < 30; i++) trainStep(s); // warm up, and check that the loss drops
  const last = trainStep(s);
  if (!(last < first)) throw new Error(`internal: loss did not drop (${first} -> ${last})`);

  const phases = { forward: [] as number[], loss: [] as number[], backward: [] as number[] };
  const update: number[] = [];
  const total: number[] = [];
  const start = performance.now();
  while (total.length < 50 || performance.now() - start < 5000) {
    const t0 = performance.now();
    const logits = forward(s.layers, s.x);
    const t1 = performance.now();
    const loss = crossEntropy(logits, s.target);
    const t2 = performance.now();
    loss.backward();
    const t3 = performance.now();
    sgdStep(s.optimizer);
    loss.item();
    const t4 = performance.now();
    phases.forward.push(t1 - t0);
    phases.loss.push(t2 - t1);
    phases.backward.push(t3 - t2);
    update.push(t4 - t3);
    total.push(t4 - t0);
  }

  // The same products, as bare kernel calls (best of several runs each).
  const rng = new Random(1);
  const fill = (size: number) => new Float32Array(size).map(() => rng.uniform(-1, 1));
  const productMs = PRODUCTS.map(([, m, k, n, ta, tb]) => {
    const a = { data: fill(m * k), offset: 0, strides: (ta ? [0, 1, m] : [0, k, 1]) as Strides };
    const b = { data: fill(k * n), offset: 0, strides: (tb ? [0, 1, k] : [0, n, 1]) as Strides };
    const out = new Float32Array(m * n);
    let best = Infinity;
    for (let r = 0; r < 40; r++) {
      const t0 = performance.now();
      matmulKernel(a, b, out, 1, m, k, n);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  });
  const products = productMs.reduce((x, y) => x + y, 0);
  const fwdProducts = productMs.slice(0, 3).reduce((x, y) => x + y, 0);

  const best = (xs: number[]) => Math.min(...xs);
  const step = median(total);
  const row = (name: string, xs: number[], products = "") =>
    console.log(
      `| ${name} | ${best(xs).toFixed(2)} | ${median(xs).toFixed(2)} | ` +
        `${(median(xs) / step * 100).toFixed(0)}% | ${products} |`,
    );
  console.log(`train step, MLP ${SIZES.join("-")}, batch ${BATCH}, float32, ${total.length} steps`);
  console.log("| part | ms (best) | ms (median) | share | matrix products in it (kernel alone) |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  row("forward", phases.forward, fwdProducts.toFixed(2));
  row("loss (logSoftmax, gather, mean)", phases.loss);
  row("backward", phases.backward, (products - fwdProducts).toFixed(2));
  row("SGD update + zero grads", update);
  row("whole step", total, products.toFixed(2));
  console.log(
    `samples/s: ${(BATCH / step * 1000).toFixed(0)} (median step), ` +
      `${(BATCH / best(total) * 1000).toFixed(0)} (best step); the products alone take ` +
      `${products.toFixed(2)} ms (${(BATCH / products * 1000).toFixed(0)} samples/s), ` +
      `everything else ${(best(total) - products).toFixed(2)} ms of the best step`,
  );
} else {
  const s = setup();
  Deno.bench({
    name: `train step (${BATCH} samples; samples/s = ${BATCH} × iter/s)`,
    group: "train step",
    baseline: true,
    fn: () => {
      trainStep(s);
    },
  });
  Deno.bench({
    name: "forward only",
    group: "train step",
    fn: () => {
      forward(s.layers, s.x);
    },
  });
  Deno.bench({
    name: "forward + loss + backward",
    group: "train step",
    fn: () => {
      crossEntropy(forward(s.layers, s.x), s.target).backward();
      for (const p of s.params) p.grad = null;
    },
  });
}
