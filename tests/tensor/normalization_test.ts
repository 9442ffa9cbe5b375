import assert from "node:assert/strict";
import { Random } from "../../random/mod.ts";
import {
  assertClose,
  batchNorm,
  dropout1d,
  dropout2d,
  gradcheck,
  gradgradcheck,
  groupNorm,
  layerNorm,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const f64 = (data: number[] | number[][], requiresGrad = false) =>
  tensor(data, { dtype: "float64", requiresGrad });
const rng = new Random(7);
const rnd = (shape: number[], requiresGrad = true) =>
  randn(shape, { dtype: "float64", requiresGrad, generator: rng });

Deno.test("gradcheck() and gradgradcheck() pass for every normalization op", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "normalization")) {
    await t.step(c.name, () => {
      assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps }));
      assert.ok(gradgradcheck(c.fn, c.inputs(), { eps: c.eps }));
    });
  }
});

// ---------------------------------------------------------------- batchNorm

Deno.test("batchNorm() updates running statistics with the unbiased variance, step after step", () => {
  const mean = zeros([2], { dtype: "float64" });
  const variance = ones([2], { dtype: "float64" });
  const m = [0, 0];
  const v = [1, 1];
  for (let step = 0; step < 3; step++) {
    const x = rnd([4, 2, 3], false);
    batchNorm(x, mean, variance, null, null, { training: true, momentum: 0.25 });
    for (let c = 0; c < 2; c++) {
      const values = (x.toArray() as number[][][]).flatMap((sample) => sample[c]);
      const mu = values.reduce((s, a) => s + a, 0) / values.length;
      const ss = values.reduce((s, a) => s + (a - mu) ** 2, 0);
      m[c] = 0.75 * m[c] + 0.25 * mu;
      v[c] = 0.75 * v[c] + 0.25 * ss / (values.length - 1);
    }
    assertClose(mean, m, { rtol: 1e-14, atol: 1e-15 });
    assertClose(variance, v, { rtol: 1e-14, atol: 1e-15 });
  }
});

Deno.test("batchNorm() updates running statistics outside the graph", () => {
  const mean = zeros([3]);
  const variance = ones([3]);
  const x = randn([5, 3], { requiresGrad: true });
  const version = mean.storage.version;
  const y = batchNorm(x, mean, variance, null, null, { training: true });
  assert.equal(mean.requiresGrad, false);
  assert.equal(mean.gradFn, null);
  assert.ok(mean.storage.version > version, "the update is in place");
  y.square().sum().backward(); // backward does not depend on the updated buffers
  assert.deepEqual(x.grad!.shape, [5, 3]);
  // momentum 0 keeps them, momentum 1 replaces them by the batch's.
  const before = mean.toArray();
  batchNorm(x.detach(), mean, variance, null, null, { training: true, momentum: 0 });
  assert.deepEqual(mean.toArray(), before);
  batchNorm(x.detach(), mean, variance, null, null, { training: true, momentum: 1 });
  assertClose(mean, x.detach().mean(0), { rtol: 1e-6, atol: 1e-7 });
  assertClose(variance, x.detach().var(0), { rtol: 1e-6, atol: 1e-7 });
});

Deno.test("batchNorm() in training mode ignores the running statistics for normalizing", () => {
  const x = rnd([6, 2], false);
  const a = batchNorm(x, f64([5, -5]), f64([9, 0.1]), null, null, { training: true });
  const b = batchNorm(x, null, null, null, null, { training: true });
  assertClose(a, b, { rtol: 0, atol: 0 });
  assertClose(b.mean(0), [0, 0], { atol: 1e-15 });
  // var / (var + eps): 1 up to eps
  assertClose(b.var(0, { correction: 0 }), [1, 1], { rtol: 1e-3 });
});

Deno.test("batchNorm() accepts a batch of 1 with spatial positions, as PyTorch", () => {
  const y = batchNorm(rnd([1, 2, 3], false), null, null, null, null, { training: true });
  assert.deepEqual(y.shape, [1, 2, 3]);
  // evaluation mode needs no batch statistics at all
  const z = batchNorm(f64([[1, 2]]), f64([1, 1]), f64([1, 4]), null, null, { eps: 0 });
  assert.deepEqual(z.toArray(), [[0, 0.5]]);
});

Deno.test("batchNorm() rejects bad shapes, dtypes and options, naming the op", () => {
  const x = zeros([4, 3]);
  const c3 = zeros([3]);
  const message = (m: RegExp) => ({ name: "ShapeError", message: m });
  assert.throws(
    () => batchNorm(x, zeros([4]), ones([3])),
    message(
      /^Cannot normalize an input of shape \[4, 3\] in batchNorm\(\): runningMean has shape \[4\], expected \[3\] \(one value per channel of the input\)$/,
    ),
  );
  assert.throws(() => batchNorm(x, c3, ones([2, 3])), message(/runningVar has shape \[2, 3\]/));
  assert.throws(() => batchNorm(x, c3, c3, ones([2])), message(/batchNorm\(\): weight has shape/));
  assert.throws(() => batchNorm(x, c3, c3, null, ones([4])), message(/bias has shape \[4\]/));
  assert.throws(
    () => batchNorm(zeros([1, 3]), null, null, null, null, { training: true }),
    message(
      /^Cannot normalize an input of shape \[1, 3\] in batchNorm\(\): expected more than 1 value per channel when training$/,
    ),
  );
  assert.throws(
    () => batchNorm(zeros([3]), c3, c3),
    message(/at least 2 dimensions \[N, C, \.\.\.\]/),
  );
  assert.throws(() => batchNorm(x, null, null), {
    name: "TypeError",
    message: "Cannot normalize in batchNorm(): runningMean is needed in evaluation mode " +
      "(training: false)",
  });
  assert.throws(() => batchNorm(x, zeros([3], { dtype: "float64" }), c3), {
    name: "DTypeError",
    message: /batchNorm\(\): runningMean is float64/,
  });
  assert.throws(() => batchNorm(zeros([4, 3], { dtype: "int32" }), c3, c3), {
    name: "DTypeError",
    message: /Cannot normalize an int32 tensor in batchNorm\(\)/,
  });
  assert.throws(() => batchNorm(x, zeros([3], { requiresGrad: true }), c3), {
    name: "AutogradError",
    message: /batchNorm\(\): runningMean requires grad.*pass runningMean\.detach\(\)/,
  });
  for (const momentum of [-0.1, 1.5, NaN]) {
    assert.throws(() => batchNorm(x, c3, c3, null, null, { training: true, momentum }), {
      name: "RangeError",
      message:
        `Cannot normalize in batchNorm(): momentum must be a number in [0, 1], got ${momentum}`,
    });
  }
  assert.throws(
    () => batchNorm(x, c3, c3, null, null, { momentum: null as unknown as number }),
    { name: "RangeError", message: /got null \(momentum: null, a cumulative average/ },
  );
  assert.throws(() => batchNorm(x, c3, c3, null, null, { eps: -1 }), {
    name: "RangeError",
    message: "Cannot normalize in batchNorm(): eps must be a finite number >= 0, got -1",
  });
  assert.throws(() => batchNorm(x, c3, c3, null, null, { epsilon: 1 } as never), {
    name: "TypeError",
    message: /batchNorm\(\): unknown option "epsilon"/,
  });
});

// ---------------------------------------------------------------- groupNorm and layerNorm

Deno.test("groupNorm() normalizes each group of each sample", () => {
  const x = rnd([2, 6, 4], false);
  const y = groupNorm(x, 3, null, null, { eps: 0 });
  const groups = y.reshape([2, 3, 8]);
  assertClose(groups.mean(-1), zeros([2, 3], { dtype: "float64" }), { atol: 1e-15 });
  assertClose(groups.var(-1, { correction: 0 }), ones([2, 3], { dtype: "float64" }), {
    rtol: 1e-13,
  });
  // With one group per channel it is instance norm; with one group, layer norm over [C, L].
  assertClose(groupNorm(x, 6), layerNorm(x.reshape([12, 4]), [4]).reshape([2, 6, 4]), {
    rtol: 1e-14,
    atol: 1e-15,
  });
  assertClose(groupNorm(x, 1), layerNorm(x, [6, 4]), { rtol: 1e-14, atol: 1e-15 });
  // weight and bias act per channel
  const w = f64([1, 2, 3, 4, 5, 6]);
  const b = f64([0, 0, 0, 1, 1, 1]);
  const expected = groupNorm(x, 3).mul(w.reshape([1, 6, 1])).add(b.reshape([1, 6, 1]));
  assertClose(groupNorm(x, 3, w, b), expected, { rtol: 1e-15, atol: 0 });
});

Deno.test("groupNorm() rejects channels not divisible by the groups and bad weights", () => {
  const x = zeros([2, 6, 3]);
  assert.throws(() => groupNorm(x, 4), {
    name: "ShapeError",
    message: "Cannot normalize an input of shape [2, 6, 3] in groupNorm(): its 6 channels " +
      "are not divisible into 4 groups",
  });
  assert.throws(() => groupNorm(x, 0), { name: "RangeError", message: /numGroups must be/ });
  assert.throws(() => groupNorm(x, 1.5), { name: "RangeError", message: /got 1\.5/ });
  assert.throws(() => groupNorm(zeros([1, 6]), 6), {
    name: "ShapeError",
    message: /groupNorm\(\): expected more than 1 value per group, got 6 groups of 1/,
  });
  assert.deepEqual(groupNorm(zeros([2, 6]), 6).shape, [2, 6]); // PyTorch allows this one
  assert.throws(() => groupNorm(x, 3, ones([3])), {
    name: "ShapeError",
    message: /groupNorm\(\): weight has shape \[3\], expected \[6\]/,
  });
  assert.throws(() => groupNorm(zeros([6]), 3), { name: "ShapeError", message: /groupNorm/ });
  assert.throws(() => groupNorm(x, 3, null, null, { eps: NaN }), {
    name: "RangeError",
    message: /groupNorm\(\): eps must be/,
  });
});

Deno.test("layerNorm() normalizes over the trailing dimensions", () => {
  const x = rnd([3, 2, 5], false);
  const y = layerNorm(x, [2, 5], null, null, { eps: 0 });
  assertClose(y.mean([1, 2]), zeros([3], { dtype: "float64" }), { atol: 1e-15 });
  assertClose(y.var([1, 2], { correction: 0 }), ones([3], { dtype: "float64" }), {
    rtol: 1e-13,
  });
  const w = rnd([5], false);
  const b = rnd([5], false);
  assertClose(layerNorm(x, 5, w, b), layerNorm(x, [5]).mul(w).add(b), { rtol: 1e-15, atol: 0 });
});

Deno.test("layerNorm() rejects a wrong normalizedShape and weights of another shape", () => {
  const x = zeros([2, 3]);
  assert.throws(() => layerNorm(x, [5]), {
    name: "ShapeError",
    message: "Cannot normalize an input of shape [2, 3] in layerNorm(): normalizedShape [5] " +
      "does not match its last dimensions (expected an input of shape [*, 5])",
  });
  assert.throws(() => layerNorm(x, [2, 3, 1]), { name: "ShapeError", message: /\[\*, 2, 3, 1\]/ });
  assert.throws(() => layerNorm(x, []), {
    name: "RangeError",
    message: "Cannot normalize in layerNorm(): normalizedShape must be a positive integer or " +
      "a non-empty list of them, got []",
  });
  assert.throws(() => layerNorm(x, [0]), { name: "RangeError", message: /layerNorm/ });
  assert.throws(() => layerNorm(x, [3], ones([4])), {
    name: "ShapeError",
    message: "Cannot normalize an input of shape [2, 3] in layerNorm(): weight has shape [4], " +
      "expected [3] (the shape of normalizedShape)",
  });
  assert.throws(() => layerNorm(x, [3], null, ones([1, 3])), {
    name: "ShapeError",
    message: /bias has shape \[1, 3\]/,
  });
});

// ---------------------------------------------------------------- channel dropout

function channelSums(y: Tensor, dims: number[]): number[] {
  return (y.sum(dims).toArray() as number[][]).flat();
}

Deno.test("dropout2d() drops whole channels and scales the rest by 1 / (1 - p)", () => {
  const x = ones([8, 16, 3, 3], { requiresGrad: true });
  const y = dropout2d(x, { p: 0.25, generator: new Random(0) });
  const sums = channelSums(y, [2, 3]);
  assert.ok(sums.every((s) => s === 0 || Math.abs(s - 9 / 0.75) < 1e-5));
  const dropped = sums.filter((s) => s === 0).length / sums.length;
  assert.ok(dropped > 0.15 && dropped < 0.35, `dropped ${dropped}`);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), y.detach().toArray());
  // the same generator state gives the same mask
  const again = dropout2d(ones([8, 16, 3, 3]), { p: 0.25, generator: new Random(0) });
  assert.deepEqual(again.toArray(), y.detach().toArray());
});

Deno.test("dropout2d() returns its input when not training or p = 0, zeros for p = 1", () => {
  const x = randn([2, 3, 2, 2]);
  assert.equal(dropout2d(x, { training: false }), x);
  assert.equal(dropout2d(x, { p: 0 }), x);
  assert.deepEqual(channelSums(dropout2d(x, { p: 1 }).abs(), [2, 3]), new Array(6).fill(0));
  assert.throws(() => dropout2d(x, { p: 1.5 }), {
    name: "RangeError",
    message: "Cannot apply dropout2d(): p must be in [0, 1], got 1.5",
  });
  assert.throws(() => dropout2d(x, { prob: 0.5 } as never), {
    name: "TypeError",
    message: /dropout2d\(\): unknown option "prob"/,
  });
  assert.throws(() => dropout2d(ones([3])), {
    name: "ShapeError",
    message: "Cannot apply dropout2d() to an input of shape [3]: channel-wise dropout needs at " +
      "least 2 dimensions [N, C, ...]",
  });
  assert.throws(() => dropout2d(ones([2, 2], { dtype: "int32" })), { name: "DTypeError" });
});

Deno.test("dropout2d() treats 3-d and 2-d inputs as PyTorch 1.13 does, warning once", () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    // [N, C, L]: each (sample, channel) row is kept or dropped as a whole.
    const y = dropout2d(ones([6, 8, 5]), { p: 0.5, generator: new Random(1) });
    const rows = (y.toArray() as number[][][]).flat();
    assert.ok(rows.every((row) => row.every((v) => v === row[0])));
    assert.ok(rows.some((row) => row[0] === 0) && rows.some((row) => row[0] === 2));
    dropout2d(ones([6, 8, 5]), { p: 0.5 });
    assert.equal(warnings.length, 1, "warned once");
    assert.match(warnings[0], /dropout2d\(\): received a 3-d input, taken as \[N, C, L\]/);
    assert.match(warnings[0], /Use dropout1d\(\)/);
    // [N, C]: deprecated; each element is a channel.
    const z = dropout2d(ones([4, 4]), { p: 0.5, generator: new Random(2) });
    assert.ok((z.toArray() as number[][]).flat().every((v) => v === 0 || v === 2));
    assert.equal(warnings.length, 2);
    assert.match(warnings[1], /received a 2-d input, which is deprecated/);
  } finally {
    console.warn = warn;
  }
});

Deno.test("dropout1d() drops channels of [N, C, L] and unbatched [C, L] inputs", () => {
  const y = dropout1d(ones([4, 6, 5]), { p: 0.5, generator: new Random(4) });
  for (const row of (y.toArray() as number[][][]).flat()) {
    assert.ok(row.every((v) => v === row[0]) && (row[0] === 0 || row[0] === 2));
  }
  const u = dropout1d(ones([6, 5]), { p: 0.5, generator: new Random(4) });
  for (const row of u.toArray() as number[][]) assert.ok(row.every((v) => v === row[0]));
  assert.throws(() => dropout1d(ones([2, 3, 4, 5])), {
    name: "ShapeError",
    message: "Cannot apply dropout1d() to an input of shape [2, 3, 4, 5]: expected 2 or 3 " +
      "dimensions, [C, L] or [N, C, L] (one spatial dimension, as PyTorch)",
  });
  assert.throws(() => dropout1d(ones([2, 3]), { p: -1 }), { name: "RangeError" });
});

// ---------------------------------------------------------------- fused kernels vs composition

/** `(x - mean) / sqrt(var + eps) · w + b` over `dims` in plain tensor ops. */
function composed(
  x: Tensor,
  dims: number[],
  eps: number,
  w: Tensor | null,
  b: Tensor | null,
  shape: number[],
): Tensor {
  const centered = x.sub(x.mean(dims, { keepdim: true }));
  const variance = centered.square().mean(dims, { keepdim: true });
  let y = centered.div(variance.add(eps).sqrt());
  if (w !== null) y = y.mul(w.reshape(shape));
  if (b !== null) y = y.add(b.reshape(shape));
  return y;
}

type Fused = (x: Tensor, w: Tensor | null, b: Tensor | null) => Tensor;
type Case = { name: string; shape: number[]; param: number[]; fused: Fused; reference: Fused };

const FUSED_CASES: Case[] = [
  {
    name: "batchNorm [N, C, H, W]",
    shape: [3, 4, 2, 5],
    param: [4],
    fused: (x, w, b) => batchNorm(x, null, null, w, b, { training: true, eps: 1e-3 }),
    reference: (x, w, b) => composed(x, [0, 2, 3], 1e-3, w, b, [1, 4, 1, 1]),
  },
  {
    name: "batchNorm [N, C]",
    shape: [5, 3],
    param: [3],
    fused: (x, w, b) => batchNorm(x, null, null, w, b, { training: true }),
    reference: (x, w, b) => composed(x, [0], 1e-5, w, b, [1, 3]),
  },
  {
    name: "layerNorm over 2 dimensions",
    shape: [2, 3, 4, 5],
    param: [4, 5],
    fused: (x, w, b) => layerNorm(x, [4, 5], w, b, { eps: 1e-3 }),
    reference: (x, w, b) => composed(x, [2, 3], 1e-3, w, b, [4, 5]),
  },
  {
    name: "layerNorm of a 1-d input",
    shape: [7],
    param: [7],
    fused: (x, w, b) => layerNorm(x, 7, w, b),
    reference: (x, w, b) => composed(x, [0], 1e-5, w, b, [7]),
  },
  {
    name: "groupNorm",
    shape: [2, 6, 3],
    param: [6],
    fused: (x, w, b) => groupNorm(x, 3, w, b),
    reference: (x, w, b) => {
      const y = composed(x.reshape([2, 3, 6]), [2], 1e-5, null, null, []).reshape([2, 6, 3]);
      return w === null ? y : y.mul(w.reshape([1, 6, 1])).add(b!.reshape([1, 6, 1]));
    },
  },
];

Deno.test("fused batchNorm, layerNorm and groupNorm match their composition", async (t) => {
  for (const c of FUSED_CASES) {
    for (const affine of [true, false]) {
      await t.step(`${c.name}${affine ? "" : ", no affine"}`, () => {
        const x = rnd(c.shape);
        const w = affine ? rnd(c.param) : null;
        const b = affine ? rnd(c.param) : null;
        const upstream = rnd(c.shape, false);
        const leaves = [x, ...(w === null ? [] : [w, b!])];
        const run = (f: Fused) => {
          for (const l of leaves) l.grad = null;
          const y = f(x, w, b);
          y.backward(upstream);
          return [y.detach(), ...leaves.map((l) => l.grad!)];
        };
        const fused = run(c.fused);
        const reference = run(c.reference);
        fused.forEach((f, i) => assertClose(f, reference[i], { rtol: 1e-12, atol: 1e-13 }));
        // float32 and a non-contiguous input give the same values too.
        const x32 = x.detach().float();
        assertClose(
          c.fused(x32, w?.detach().float() ?? null, b?.detach().float() ?? null),
          fused[0],
          {
            rtol: 1e-5,
            atol: 1e-5,
          },
        );
        if (x.ndim >= 2) {
          const t = x.detach().transpose(0, 1).contiguous().transpose(0, 1);
          assert.equal(t.isContiguous(), false);
          assertClose(c.fused(t, w, b), fused[0], { rtol: 1e-14, atol: 1e-14 });
        }
      });
    }
  }
});
