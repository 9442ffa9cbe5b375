/**
 * The tensor workloads of `bench/compare.ts`, for nabla (public API only) and
 * its JavaScript peers, one process per run, timed by `bench/_harness.ts`:
 *
 * - `mlp --batch B`: one training step of a 784-256-256-10 ReLU MLP, softmax
 *   cross-entropy, SGD lr 0.01, float32, the loss read back as a number;
 * - `matmul --n N`: a square float32 product, the result read back.
 *
 * `--impl` picks the library: `nabla` (`--backend wasm|blas`, default wasm,
 * and `--threads N`, default 1, through its public `setBackend` and
 * `setNumThreads`; blas needs `--allow-ffi`); `jax` (jax-js, `jit` step, read back
 * with `dataSync()`: everything runs on the calling thread); `jax-workers`
 * (the same step read back with `await data()`, which dispatches kernels to
 * jax-js's worker pool of `navigator.hardwareConcurrency` workers); `tfjs`
 * (TensorFlow.js with its WebAssembly backend, XNNPACK, one thread). Peers
 * are imported only when picked, so each process holds one library.
 *
 * `deno run --allow-read --allow-env --allow-sys bench/tensor_bench.ts mlp --impl nabla --batch 64`
 *
 * @module
 */
import { budgetFromArgs, flag, measure, peakRssMiB, report } from "./_harness.ts";

/** What a contender provides: the step to time, and facts for the table. */
interface Contender {
  /** One step; returns the loss (mlp) or nothing (matmul). */
  step: () => unknown;
  /** Library versions, by name. */
  versions: Record<string, string>;
  /** Threads the step runs on. */
  threads: number;
}

const SIZES = [784, 256, 256, 10];
const LR = 0.01;

// A small seeded generator for the peers' inputs and weights (values do not affect timing).
function uniformArray(size: number, bound: number, seed: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 * 2 - 1) * bound;
  }
  return out;
}

function inputs(batch: number): { x: Float32Array<ArrayBuffer>; labels: Int32Array<ArrayBuffer> } {
  const x = uniformArray(batch * SIZES[0], 1, 7);
  for (let i = 0; i < x.length; i++) x[i] = Math.abs(x[i]);
  const labels = new Int32Array(batch);
  for (let i = 0; i < batch; i++) labels[i] = (i * 7 + 3) % SIZES[3];
  return { x, labels };
}

async function nabla(workload: string, size: number): Promise<Contender | string> {
  const nb = await import("@nabla/autograd");
  const backend = flag("backend", "wasm") as "wasm" | "blas" | "ts";
  const threads = Number(flag("threads", "1"));
  if (!nb.isBackendAvailable(backend)) return `nabla's ${backend} backend is not available here`;
  nb.setBackend(backend);
  nb.setNumThreads(threads);
  nb.manualSeed(0);
  const versions = {}; // the driver names the checkout (git describe)
  if (workload === "matmul") {
    const a = nb.rand([size, size]);
    const b = nb.rand([size, size]);
    return { step: () => a.matmul(b), versions, threads };
  }
  const [d0, d1, d2, d3] = SIZES;
  const model = new nb.Sequential(
    new nb.Linear(d0, d1),
    new nb.ReLU(),
    new nb.Linear(d1, d2),
    new nb.ReLU(),
    new nb.Linear(d2, d3),
  );
  const optimizer = new nb.SGD(model.parameters(), { lr: LR });
  const x = nb.rand([size, d0]);
  const y = nb.randint(0, d3, [size]);
  const step = () => {
    optimizer.zeroGrad();
    const loss = nb.crossEntropy(model.forward(x), y);
    loss.backward();
    optimizer.step();
    return loss.item();
  };
  return { step, versions, threads };
}

async function jax(workload: string, size: number, workers: boolean): Promise<Contender> {
  const { jit, nn, numpy: np, tree, valueAndGrad, init } = await import("@jax-js/jax");
  await init();
  const versions = { "jax-js": await packageVersion("@jax-js/jax") };
  const threads = workers ? navigator.hardwareConcurrency : 1;
  // The number a step reads back, on the calling thread or through the worker pool.
  const read = workers
    ? async (a: InstanceType<typeof np.Array>) => (await a.data())[0]
    : (a: InstanceType<typeof np.Array>) => a.dataSync()[0];
  const array = (data: Float32Array<ArrayBuffer>, shape: number[]) => np.array(data).reshape(shape);
  if (workload === "matmul") {
    const a = array(uniformArray(size * size, 1, 1), [size, size]);
    const b = array(uniformArray(size * size, 1, 2), [size, size]);
    const product = jit((a: typeof np.Array.prototype, b: typeof np.Array.prototype) =>
      np.matmul(a, b)
    );
    return { step: () => read(product(a.ref, b.ref)), versions, threads };
  }
  type Params = Record<"w1" | "b1" | "w2" | "b2" | "w3" | "b3", InstanceType<typeof np.Array>>;
  const [d0, d1, d2, d3] = SIZES;
  const u = (shape: number[], fanIn: number, seed: number) =>
    array(uniformArray(shape.reduce((p, q) => p * q), 1 / Math.sqrt(fanIn), seed), shape);
  let params: Params = {
    w1: u([d0, d1], d0, 1),
    b1: u([d1], d0, 2),
    w2: u([d1, d2], d1, 3),
    b2: u([d2], d1, 4),
    w3: u([d2, d3], d2, 5),
    b3: u([d3], d2, 6),
  };
  const data = inputs(size);
  const x = array(data.x, [size, d0]);
  const y = nn.oneHot(np.array(data.labels, { dtype: np.int32 }), d3);
  const loss = (p: Params, x: InstanceType<typeof np.Array>, y: InstanceType<typeof np.Array>) => {
    const h1 = nn.relu(np.dot(x, p.w1).add(p.b1));
    const h2 = nn.relu(np.dot(h1, p.w2).add(p.b2));
    const logits = np.dot(h2, p.w3).add(p.b3);
    return nn.logSoftmax(logits).mul(y).sum().mul(-1 / size);
  };
  // The whole step under jit: loss, gradients and the SGD update, as jax-js's MNIST demo does.
  const train = jit(
    (p: Params, x: InstanceType<typeof np.Array>, y: InstanceType<typeof np.Array>) => {
      const [value, grads] = valueAndGrad(loss)(tree.ref(p), x, y);
      const next = tree.map(
        (w: InstanceType<typeof np.Array>, g: InstanceType<typeof np.Array>) => w.sub(g.mul(LR)),
        p,
        grads,
      );
      return [value, next] as [InstanceType<typeof np.Array>, Params];
    },
  );
  const step = () => {
    const [value, next] = train(params, x.ref, y.ref);
    params = next;
    return read(value);
  };
  return { step, versions, threads };
}

async function tfjs(workload: string, size: number): Promise<Contender> {
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // The .wasm binaries ship in the npm package: load them from there, offline.
  wasm.setWasmPaths(new URL(".", import.meta.resolve("@tensorflow/tfjs-backend-wasm")).pathname);
  await tf.setBackend("wasm");
  await tf.ready();
  const versions = { "tfjs-core": tf.version_core, "tfjs-backend-wasm": wasm.version_wasm };
  const threads = wasm.getThreadsCount();
  if (workload === "matmul") {
    const a = tf.tensor2d(uniformArray(size * size, 1, 1), [size, size]);
    const b = tf.tensor2d(uniformArray(size * size, 1, 2), [size, size]);
    const step = () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
    return { step, versions, threads };
  }
  const [d0, d1, d2, d3] = SIZES;
  const u = (shape: [number] | [number, number], fanIn: number, seed: number) =>
    tf.variable(
      tf.tensor(uniformArray(shape.reduce((p, q) => p * q), 1 / Math.sqrt(fanIn), seed), shape),
    );
  const w = [u([d0, d1], d0, 1), u([d1, d2], d1, 3), u([d2, d3], d2, 5)];
  const b = [u([d1], d0, 2), u([d2], d1, 4), u([d3], d2, 6)];
  const data = inputs(size);
  const x = tf.tensor2d(data.x, [size, d0]);
  const y = tf.oneHot(tf.tensor1d(data.labels, "int32"), d3);
  const optimizer = tf.train.sgd(LR);
  const loss = () => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w[0]), b[0]));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w[1]), b[1]));
    const logits = tf.add(tf.matMul(h2, w[2]), b[2]);
    return tf.neg(
      tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), y), 1)),
    ) as import("@tensorflow/tfjs").Scalar;
  };
  const step = () => {
    const value = optimizer.minimize(loss, true)!;
    const number = value.dataSync()[0];
    value.dispose();
    return number;
  };
  return { step, versions, threads };
}

// A package's version from its package.json, next to the file Deno resolved.
async function packageVersion(name: string): Promise<string> {
  let dir = new URL(".", import.meta.resolve(name));
  for (let i = 0; i < 4; i++) {
    try {
      const json = JSON.parse(await Deno.readTextFile(new URL("package.json", dir)));
      if (json.name === name) return json.version;
    } catch {
      // not here: one folder up
    }
    dir = new URL("..", dir);
  }
  return "?";
}

if (import.meta.main) {
  const workload = Deno.args[0] ?? "mlp";
  const impl = flag("impl", "nabla");
  if (workload !== "mlp" && workload !== "matmul") {
    throw new RangeError(
      `Cannot run tensor_bench: unknown workload ${workload}, expected mlp or matmul`,
    );
  }
  const size = Number(workload === "mlp" ? flag("batch", "64") : flag("n", "512"));
  const contender = impl === "nabla"
    ? await nabla(workload, size)
    : impl === "jax" || impl === "jax-workers"
    ? await jax(workload, size, impl === "jax-workers")
    : impl === "tfjs"
    ? await tfjs(workload, size)
    : null;
  if (contender === null) throw new RangeError(`Cannot run tensor_bench: unknown --impl ${impl}`);
  if (typeof contender === "string") {
    report({ workload: `${workload}-${size}`, impl, skip: contender });
    Deno.exit(0);
  }
  const id = `${workload}-${size}`;
  const first = await contender.step();
  const timing = await measure(contender.step, budgetFromArgs());
  const last = await contender.step();
  const losses = workload === "mlp" ? { firstLoss: first, lastLoss: last } : {};
  report({
    workload: id,
    impl,
    ...timing,
    ...losses,
    peakRssMiB: peakRssMiB(),
    versions: contender.versions,
    threads: contender.threads,
  });
  // jax-js's workers would keep the process alive.
  Deno.exit(0);
}
