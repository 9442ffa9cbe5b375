/**
 * Reductions: the fused `LogSoftmax` primitive against its composed
 * definition `x - logsumexp(x)` (max, sub, exp, sum, log, add, sub), on the
 * cross-entropy logits of MNIST at batch 64 and on larger softmaxes; and the
 * float64 accumulator of column sums against accumulating in the float32
 * output, as the kernel did before.
 *
 * `deno bench bench/reduce_bench.ts` times each group against its baseline
 * (the composed op, the float32 accumulator), so the speed-up prints as a ratio.
 *
 * @module
 */
import { randn, type Tensor } from "../tensor/mod.ts";
import { logSoftmaxComposed } from "../tensor/ops/reduce.ts";
import { reduce, type View } from "../tensor/kernels/cpu.ts";
import { Random } from "../random/mod.ts";

const rng = new Random(0);

// ---------------------------------------------------------------- logSoftmax: fused vs composed

const SHAPES: [number, number][] = [[64, 10], [256, 1000], [1024, 1024]];

for (const [rows, cols] of SHAPES) {
  const name = `[${rows}, ${cols}]`;
  const x = randn([rows, cols], { generator: rng }).mul(3);
  const xg = randn([rows, cols], { generator: rng, requiresGrad: true });
  const g = randn([rows, cols], { generator: rng });
  const step = (f: (t: Tensor) => Tensor) => () => {
    f(xg).backward(g);
    xg.grad = null;
  };

  Deno.bench(`logSoftmax composed ${name} forward`, {
    group: `logSoftmax forward ${name}`,
    baseline: true,
  }, () => {
    logSoftmaxComposed(x, 1);
  });
  Deno.bench(`logSoftmax fused ${name} forward`, { group: `logSoftmax forward ${name}` }, () => {
    x.logSoftmax(1);
  });
  Deno.bench(`logSoftmax composed ${name} forward + backward`, {
    group: `logSoftmax train ${name}`,
    baseline: true,
  }, step((t) => logSoftmaxComposed(t, 1)));
  Deno.bench(
    `logSoftmax fused ${name} forward + backward`,
    { group: `logSoftmax train ${name}` },
    step((t) => t.logSoftmax(1)),
  );
  Deno.bench(`softmax (exp of composed) ${name} forward + backward`, {
    group: `softmax train ${name}`,
    baseline: true,
  }, step((t) => logSoftmaxComposed(t, 1).exp()));
  Deno.bench(
    `softmax (exp of fused) ${name} forward + backward`,
    { group: `softmax train ${name}` },
    step((t) => t.softmax(1)),
  );
}

// ---------------------------------------------------------------- sum: float64 vs float32 accumulator

function matrix(rows: number, cols: number): View {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { data, shape: [rows, cols], strides: [cols, 1], offset: 0 };
}

/** The loop the kernel ran before: whole rows added into the float32 output. */
function sumRowsFloat32(x: View): Float32Array {
  const [rows, cols] = x.shape;
  const out = new Float32Array(cols);
  for (let r = 0, p = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, p++) out[j] += x.data[p];
  }
  return out;
}

/** The same loop with a float64 row, as the kernel now does. */
function sumRowsFloat64(x: View): Float32Array {
  const [rows, cols] = x.shape;
  const acc = new Float64Array(cols);
  for (let r = 0, p = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, p++) acc[j] += x.data[p];
  }
  const out = new Float32Array(cols);
  out.set(acc);
  return out;
}

for (const [rows, cols] of [[4096, 1024], [64, 784]]) {
  const x = matrix(rows, cols);
  const group = `sum over dim 0 of float32 [${rows}, ${cols}]`;
  Deno.bench(`loop, float32 accumulator (before) [${rows}, ${cols}]`, {
    group,
    baseline: true,
  }, () => {
    sumRowsFloat32(x);
  });
  Deno.bench(`loop, float64 accumulator [${rows}, ${cols}]`, { group }, () => {
    sumRowsFloat64(x);
  });
  Deno.bench(`kernel reduce("sum", [0]) [${rows}, ${cols}]`, { group }, () => {
    reduce("sum", x, [0], "float32");
  });
  // The contiguous paths (one float64 accumulator per output), for reference.
  Deno.bench(`kernel reduce("sum", [1]) [${rows}, ${cols}]`, { group }, () => {
    reduce("sum", x, [1], "float32");
  });
  Deno.bench(`kernel reduce("sum", all) [${rows}, ${cols}]`, { group }, () => {
    reduce("sum", x, [0, 1], "float32");
  });
}
