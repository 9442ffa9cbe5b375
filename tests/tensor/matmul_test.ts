import assert from "node:assert/strict";
import { Random } from "../../random/mod.ts";
import {
  assertClose,
  grad,
  gradcheck,
  gradgradcheck,
  linear,
  matmul,
  noGrad,
  ones,
  randn,
  Storage,
  Tensor,
  tensor,
  zeros,
} from "../../tensor/mod.ts";
import { GRAD_CASES } from "./_grad_cases.ts";

const rng = new Random(7);
const f64 = (shape: number[], requiresGrad = true) =>
  randn(shape, { dtype: "float64", requiresGrad, generator: rng });

// Reference product by broadcast-multiply-sum: an independent route through
// Mul, Expand and Sum, with torch.matmul's handling of 1-D operands.
function reference(a: Tensor, b: Tensor): Tensor {
  const x = a.ndim === 1 ? a.unsqueeze(0) : a;
  const y = b.ndim === 1 ? b.unsqueeze(1) : b;
  let out = x.unsqueeze(-1).mul(y.unsqueeze(-3)).sum(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  if (a.ndim === 1) out = out.squeeze(b.ndim === 1 ? -1 : -2);
  return out;
}

// Gradients of sum(f(a, b) * w): each output element weighted differently.
function gradsOf(f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, w: Tensor): Tensor[] {
  return grad(f(a, b).mul(w).sum(), [a, b]);
}

Deno.test("gradcheck() passes for every matrix product", async (t) => {
  for (const c of GRAD_CASES.filter((c) => c.module === "matmul")) {
    await t.step(c.name, () => assert.ok(gradcheck(c.fn, c.inputs(), { eps: c.eps })));
  }
});

Deno.test("matmul() computes hand-checked values", () => {
  const m = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(m.matmul(tensor([[5, 6], [7, 8]])).toArray(), [[19, 22], [43, 50]]);
  assert.deepEqual(tensor([[1, 2, 3]]).matmul(tensor([[1], [2], [3]])).toArray(), [[14]]);
  assert.deepEqual(m.matmul(m.T).toArray(), [[5, 11], [11, 25]]);
  assert.deepEqual(m.T.matmul(m).toArray(), [[10, 14], [14, 20]]);
  // 1-D · 1-D: a 0-d dot product.
  const d = tensor([1, 2, 3]).matmul(tensor([4, 5, 6]));
  assert.deepEqual(d.shape, []);
  assert.equal(d.item(), 32);
  // 2-D @ 1-D (matrix-vector) and 1-D @ 2-D (vector-matrix).
  assert.deepEqual(m.matmul(tensor([1, 1])).toArray(), [3, 7]);
  assert.deepEqual(tensor([1, 1]).matmul(m).toArray(), [4, 6]);
  // 3-D @ 2-D: each matrix of the batch times the same right operand.
  const batch = tensor([[[1, 0], [0, 1]], [[1, 2], [3, 4]]]);
  assert.deepEqual(batch.matmul(m).toArray(), [[[1, 2], [3, 4]], [[7, 10], [15, 22]]]);
  // 2-D @ 3-D, 3-D @ 1-D, 1-D @ 3-D.
  assert.deepEqual(m.matmul(batch).toArray(), [[[1, 2], [3, 4]], [[7, 10], [15, 22]]]);
  assert.deepEqual(batch.matmul(tensor([1, -1])).toArray(), [[1, -1], [-1, -1]]);
  assert.deepEqual(tensor([1, -1]).matmul(batch).toArray(), [[1, -1], [-2, -2]]);
  // Same batch on both sides.
  assert.deepEqual(batch.matmul(batch).toArray(), [[[1, 0], [0, 1]], [[7, 10], [15, 22]]]);
});

Deno.test("matmul() follows torch.matmul for every combination of ranks", () => {
  // [left shape, right shape, result shape (from torch.matmul)]
  const cases: [number[], number[], number[]][] = [
    [[3], [3], []],
    [[2, 3], [3], [2]],
    [[3], [3, 4], [4]],
    [[2, 3], [3, 4], [2, 4]],
    [[5, 2, 3], [3, 4], [5, 2, 4]],
    [[5, 2, 3], [3], [5, 2]],
    [[2, 3], [5, 3, 4], [5, 2, 4]],
    [[3], [5, 3, 4], [5, 4]],
    [[5, 2, 3], [5, 3, 4], [5, 2, 4]],
    [[1, 2, 3], [5, 3, 4], [5, 2, 4]],
    [[2, 1, 2, 3], [5, 3, 4], [2, 5, 2, 4]],
    [[2, 1, 2, 3], [3, 4], [2, 1, 2, 4]],
    [[3], [2, 1, 3, 4], [2, 1, 4]],
    [[2, 1, 4, 2, 3], [3, 1, 3, 1], [2, 3, 4, 2, 1]],
  ];
  for (const [sa, sb, expected] of cases) {
    const a = f64(sa);
    const b = f64(sb);
    const out = a.matmul(b);
    const label = `[${sa}] @ [${sb}]`;
    assert.deepEqual(out.shape, expected, label);
    assertClose(out, reference(a, b));
    const w = f64(expected, false);
    const [ga, gb] = gradsOf((x, y) => x.matmul(y), a, b, w);
    const [ra, rb] = gradsOf(reference, a, b, w);
    assert.deepEqual(ga.shape, sa, label);
    assert.deepEqual(gb.shape, sb, label);
    assertClose(ga, ra);
    assertClose(gb, rb);
  }
});

Deno.test("matmul() matches PyTorch on broadcast batches and a transposed operand", () => {
  // Values and gradients of sum(matmul(a, b) * w) from torch 1.13, float64.
  const a = tensor([
    [[[1.54, -0.29, -2.18], [0.57, -1.08, -1.4]]],
    [[[0.4, 0.84, -0.72], [-0.4, -0.6, 0.18]]],
  ], { dtype: "float64", requiresGrad: true });
  const b = tensor([
    [[0.23, -0.62], [0.52, -0.95], [-0.09, 0.56]],
    [[-0.01, -1.22], [-1.27, -1.12], [-1.75, 1.04]],
    [[0.65, 0.15], [-1.15, 1.87], [-0.31, 0.24]],
  ], { dtype: "float64", requiresGrad: true });
  const w = tensor([
    [[[0.37, -0.19], [-3.15, -0.11]], [[1.7, -0.67], [-0.59, 2.83]], [
      [-1.76, 1.01],
      [0.13, -1.36],
    ]],
    [[[-0.11, 0.32], [-0.52, -0.59]], [[0.05, 1.47], [1.01, 0.85]], [[0.11, 0.7], [0.38, -0.07]]],
  ], { dtype: "float64" });
  const out = a.matmul(b);
  out.mul(w).sum().backward();
  assertClose(out, [
    [[[0.3996, -1.9001], [-0.3045, -0.1114]], [[4.1679, -3.8212], [3.8159, -0.9418]], [
      [2.0103, -0.8345],
      [2.0465, -2.2701],
    ]],
    [[[0.5936, -1.4492], [-0.4202, 0.9188]], [[0.1892, -2.1776], [0.451, 1.3472]], [
      [-0.4828, 1.458],
      [0.3742, -1.1388],
    ]],
  ]);
  assertClose(a.grad!, [
    [[[0.0108, 2.877, -3.0235], [-4.2225, -6.6465, 3.8309]]],
    [[[-1.8411, -0.8886, 1.7643], [-0.5644, -2.5125, -1.3017]]],
  ]);
  assertClose(b.grad!, [
    [[-1.0617, 0.0087], [3.5143, 0.7967], [3.589, 0.2316]],
    [[1.8977, 0.8293], [-0.4198, -2.1373], [-2.7342, -3.4068]],
    [[-2.7443, 1.0882], [0.2344, 1.8059], [3.644, -0.8144]],
  ]);

  // a.T @ v with a of shape [3, 4], v 1-D.
  const m = tensor([[-0.76, -0.64, -0.65, -0.16], [-1.78, 0.85, 0.25, -0.13], [
    -0.18,
    -0.6,
    0.27,
    0.57,
  ]], { dtype: "float64", requiresGrad: true });
  const v = tensor([-0.67, -1.21, 1.34], { dtype: "float64", requiresGrad: true });
  const y = m.T.matmul(v);
  y.mul(tensor([2.38, -0.57, -1.15, -2.5], { dtype: "float64" })).sum().backward();
  assertClose(y, [2.4218, -1.4037, 0.4948, 1.0283]);
  assertClose(m.grad!, [
    [-1.5946, 0.3819, 0.7705, 1.675],
    [-2.8798, 0.6897, 1.3915, 3.025],
    [3.1892, -0.7638, -1.541, -3.35],
  ]);
  assertClose(v.grad!, [-0.2965, -4.6834, -1.8219]);
});

Deno.test("matmul() reads transposed, strided and broadcast views as they are", () => {
  const a = f64([4, 3]);
  const b = f64([5, 4]);
  const expected = noGrad(() => a.T.contiguous().matmul(b.T.contiguous()));
  const out = a.T.matmul(b.T);
  assertClose(out, expected);
  // No copy of either operand: the product is the only recorded op after the transposes.
  assert.equal(out.gradFn?.name, "MatmulBackward");

  // Every other element of a storage, from an offset: a [2, 3] view with strides [6, 2].
  const data = new Float64Array(13).map((_, i) => i);
  const strided = new Tensor(new Storage(data), [2, 3], [6, 2], 1);
  assert.deepEqual(strided.toArray(), [[1, 3, 5], [7, 9, 11]]);
  assertClose(strided.matmul(tensor([[1], [1], [1]], { dtype: "float64" })), [[9], [27]]);

  // A batch whose matrices are transposed, and an expanded (stride 0) batch.
  const p = f64([3, 4, 2]).permute([0, 2, 1]); // [3, 2, 4], column-major matrices
  const q = f64([4, 5]).expand([3, 4, 5]);
  assertClose(p.matmul(q), noGrad(() => p.contiguous().matmul(q.contiguous())));
  assertClose(p.bmm(q), noGrad(() => p.contiguous().matmul(q.contiguous())));
});

Deno.test("matmul() folds the batch of a contiguous left operand into rows without a copy", () => {
  // The product saves its operands; an in-place change of the left operand is
  // caught in backward only if the saved rows share its storage (a view).
  const b = f64([3, 2]);
  const a = f64([4, 2, 3], false);
  const y = a.matmul(b);
  noGrad(() => a.mul_(2));
  assert.throws(() => y.sum().backward(), { name: "AutogradError", message: /MatmulBackward/ });
  // A left operand that cannot be viewed as rows is copied, as in PyTorch.
  const t = f64([4, 3, 2], false).mT;
  const z = t.matmul(b);
  noGrad(() => t.mul_(2));
  z.sum().backward();
  assert.deepEqual(b.grad!.shape, [3, 2]);
});

Deno.test("matmul() gives transposed operands gradients in their own layout", () => {
  // As in a linear layer, x @ W.T: W's gradient arrives row-major, like W.
  const x = f64([4, 3]);
  const w = f64([5, 3]);
  x.matmul(w.T).sum().backward();
  assert.deepEqual(w.grad!.strides, [3, 1]);
  assertClose(w.grad!, noGrad(() => ones([5, 4], { dtype: "float64" }).matmul(x)));
  assertClose(x.grad!, noGrad(() => ones([4, 5], { dtype: "float64" }).matmul(w)));
});

Deno.test("matmul() reduces gradients of broadcast batches to each input's shape", () => {
  // [2, 1, 2, 3] @ [3, 3, 2]: a is repeated over 3 batches, b over 2.
  const a = f64([2, 1, 2, 3]);
  const b = f64([3, 3, 2]);
  a.matmul(b).sum().backward();
  assert.deepEqual(a.grad!.shape, [2, 1, 2, 3]);
  assert.deepEqual(b.grad!.shape, [3, 3, 2]);
  // d/da sum(a @ b) = ones @ bᵀ summed over b's batch; d/db = aᵀ @ ones summed over a's.
  const onesOut = ones([2, 2], { dtype: "float64" });
  noGrad(() => {
    assertClose(a.grad!, onesOut.matmul(b.sum(0).T).expand([2, 1, 2, 3]));
    assertClose(b.grad!, a.sum([0, 1]).T.matmul(onesOut).expand([3, 3, 2]));
  });
});

Deno.test("matmul() is twice differentiable", () => {
  // f(x) = x · (W x): gradient (W + Wᵀ) x, Hessian W + Wᵀ.
  const W = tensor([[1, 2], [3, 4]], { dtype: "float64" });
  const x = tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
  const [g] = grad(x.matmul(W.matmul(x)), x, { createGraph: true });
  assertClose(g, [2 * 0.5 + 5 * -1, 5 * 0.5 + 8 * -1]);
  const [hv] = grad(g.dot(tensor([1, 0], { dtype: "float64" })), x);
  assertClose(hv, [2, 5]);
  // Second-order checks through transposed and batched products.
  assert.ok(gradgradcheck((a, b) => a.matmul(b.T).tanh(), [f64([2, 3]), f64([4, 3])]));
  assert.ok(gradgradcheck((a, b) => a.matmul(b).square(), [f64([2, 1, 2, 3]), f64([2, 3, 2])]));
  assert.ok(gradgradcheck((a, b) => a.matmul(b), [f64([3]), f64([2, 3, 2])]));
});

Deno.test("matmul() keeps float32 and float64, and rejects a mix as PyTorch does", () => {
  const a32 = tensor([[1, 2]], { requiresGrad: true });
  const b64 = tensor([[3], [4]], { dtype: "float64", requiresGrad: true });
  assert.equal(a32.matmul(a32.T).dtype, "float32");
  assert.equal(b64.T.matmul(b64).dtype, "float64");
  assert.throws(() => a32.matmul(b64), {
    name: "DTypeError",
    message: "Cannot multiply float32 and float64 tensors in matmul(): both operands need the " +
      "same dtype; convert one with float() or double()",
  });
  assert.equal(a32.double().matmul(b64).item(), 11);
  // float64 products are exact where float32 ones, summed in float32 as in PyTorch, are not.
  const a = [[2 ** 30, 1, -(2 ** 30)]];
  const ones = [[1], [1], [1]];
  assert.equal(
    tensor(a, { dtype: "float64" }).matmul(tensor(ones, { dtype: "float64" })).item(),
    1,
  );
  assert.equal(tensor(a).matmul(tensor(ones)).item(), 0);
});

Deno.test("matmul() handles empty dimensions like PyTorch", () => {
  assert.deepEqual(matmul(zeros([0, 3]), ones([3, 4])).shape, [0, 4]);
  assert.deepEqual(matmul(ones([2, 0]), ones([0, 4])).toArray(), [[0, 0, 0, 0], [0, 0, 0, 0]]);
  assert.deepEqual(matmul(ones([0, 2, 3]), ones([3, 4])).shape, [0, 2, 4]);
  assert.deepEqual(matmul(ones([2, 2, 0]), ones([0, 4])).toArray(), zeros([2, 2, 4]).toArray());
  const a = ones([2, 0], { requiresGrad: true });
  const b = ones([0, 3], { requiresGrad: true });
  a.matmul(b).sum().backward();
  assert.deepEqual(a.grad!.shape, [2, 0]);
  assert.deepEqual(b.grad!.shape, [0, 3]);
});

Deno.test("matmul() refuses an input changed in place before backward", () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const x = tensor([[1, 1]]);
  const y = x.matmul(w.T);
  noGrad(() => w.mul_(2));
  assert.throws(() => y.sum().backward(), { name: "AutogradError", message: /mul_\(\)/ });
});

Deno.test("mm(), bmm(), dot() and outer() compute hand-checked values", () => {
  const m = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(m.mm(tensor([[1], [0]])).toArray(), [[1], [3]]);
  const batch = tensor([[[1, 2]], [[3, 4]]]); // [2, 1, 2]
  assert.deepEqual(batch.bmm(batch.mT).toArray(), [[[5]], [[25]]]);
  assert.equal(tensor([1, 2]).dot(tensor([3, 4])).item(), 11);
  assert.deepEqual(tensor([1, 2]).outer(tensor([3, 4, 5])).toArray(), [[3, 4, 5], [6, 8, 10]]);
  assert.deepEqual(
    tensor([1, 2], { dtype: "int32" }).outer(tensor([3], { dtype: "int32" })).toArray(),
    [[3], [6]],
  );
});

Deno.test("matmul() and its relatives reject bad shapes and dtypes", () => {
  assert.throws(() => matmul(ones([2, 3]), ones([4, 5])), {
    name: "ShapeError",
    message: "Cannot multiply [2, 3] and [4, 5] in matmul(): inner dimensions 3 and 4 differ",
  });
  assert.throws(() => ones([3]).matmul(ones([4])), {
    name: "ShapeError",
    message: "Cannot multiply [3] and [4] in matmul(): inner dimensions 3 and 4 differ",
  });
  assert.throws(() => ones([5, 2, 3]).matmul(ones([4])), {
    name: "ShapeError",
    message: /inner dimensions 3 and 4 differ/,
  });
  assert.throws(() => tensor(2).matmul(ones([2, 3])), {
    name: "ShapeError",
    message: "Cannot multiply [] and [2, 3] in matmul(): both arguments need to be at least " +
      "1-D, but they are 0-D and 2-D",
  });
  assert.throws(() => ones([2, 2, 3]).matmul(ones([3, 3, 4])), {
    name: "ShapeError",
    message: "Cannot multiply [2, 2, 3] and [3, 3, 4] in matmul(): batch dimensions [2] and " +
      "[3] do not broadcast",
  });
  const ints = tensor([[1, 2]], { dtype: "int32" });
  assert.throws(() => ints.matmul(ones([2, 1])), {
    name: "DTypeError",
    message: "Cannot multiply int32 and float32 tensors in matmul(): only float32 and float64 " +
      "are supported; convert with float() first",
  });
  assert.throws(() => tensor([true]).matmul(tensor([true])), { name: "DTypeError" });
  // @ts-expect-error: a number is not a tensor
  assert.throws(() => ones([2]).matmul(2), { name: "TypeError", message: /matmul\(\)/ });
  assert.throws(() => ones([3]).mm(ones([3, 4])), {
    name: "ShapeError",
    message: "Cannot multiply [3] and [3, 4] in mm(): both arguments must be 2-D, but they " +
      "are 1-D and 2-D",
  });
  assert.throws(() => ones([2, 3]).mm(ones([4, 5])), { name: "ShapeError", message: /mm\(\)/ });
  assert.throws(() => ones([2, 3, 4]).bmm(ones([3, 4, 5])), {
    name: "ShapeError",
    message: "Cannot multiply [2, 3, 4] and [3, 4, 5] in bmm(): batch sizes 2 and 3 differ",
  });
  assert.throws(() => ones([2, 3]).bmm(ones([2, 3])), { name: "ShapeError", message: /bmm/ });
  assert.throws(() => ones([2, 3]).dot(ones([3])), { name: "ShapeError", message: /dot\(\)/ });
  assert.throws(() => ones([2]).dot(ones([3])), { name: "ShapeError", message: /3 differ/ });
  assert.throws(() => ones([2, 1]).outer(ones([3])), { name: "ShapeError", message: /outer/ });
});

Deno.test("linear() matches x.matmul(weight.T).add(bias)(.relu()) bit for bit, values and gradients", () => {
  const rng = new Random(11);
  const fill = (shape: number[], dtype: "float32" | "float64") => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tensor(Array.from({ length: n }, () => rng.uniform(-1, 1)), { dtype }).reshape(shape);
  };
  for (const dtype of ["float32", "float64"] as const) {
    // Small (TypeScript loops) and large (WebAssembly), with and without bias, batched input.
    for (
      const [lead, k, n, withBias] of [[[3], 5, 4, true], [[64], 300, 130, true], [
        [2, 7],
        9,
        6,
        false,
      ]] as const
    ) {
      const x0 = fill([...lead, k], dtype);
      const w0 = fill([n, k], dtype);
      const b0 = fill([n], dtype);
      const run = (fused: boolean, relu: boolean) => {
        const x = x0.detach();
        const w = w0.detach();
        const b = b0.detach();
        for (const t of [x, w, b]) t.requiresGrad = true;
        let y: Tensor;
        if (fused) y = linear(x, w, withBias ? b : null, relu ? { activation: "relu" } : {});
        else {
          y = withBias ? x.matmul(w.T).add(b) : x.matmul(w.T);
          if (relu) y = y.relu();
        }
        y.mul(y).sum().backward();
        return [y, x.grad!, w.grad!, withBias ? b.grad! : b].map((t) => t.toArray());
      };
      for (const relu of [false, true]) {
        const what = `${dtype} [${lead}, ${k}] -> ${n}${relu ? ", relu" : ""}`;
        assert.deepEqual(run(true, relu), run(false, relu), what);
      }
    }
  }
});

Deno.test("linear() has second derivatives and checks its arguments", () => {
  const x = tensor([[0.5, -1, 2], [1, 0.25, -0.5]], { dtype: "float64", requiresGrad: true });
  const w = tensor([[1, 2, 3], [-1, 0.5, 2]], { dtype: "float64", requiresGrad: true });
  const b = tensor([0.1, -0.2], { dtype: "float64", requiresGrad: true });
  assert.ok(gradgradcheck((x, w, b) => linear(x, w, b).tanh(), [x, w, b]));
  const relu = { activation: "relu" } as const;
  assert.ok(gradgradcheck((x, w, b) => linear(x, w, b, relu).tanh(), [x, w, b]));
  assert.throws(() => linear(x, w, b, { activation: "gelu" as "relu" }), {
    name: "RangeError",
    message: 'Cannot apply an activation in linear(): expected "relu" or none, got "gelu"',
  });
  assert.throws(() => linear(x, w, b, { activaton: "relu" } as never), {
    name: "TypeError",
    message: /linear\(\)/,
  });
  assert.throws(() => linear(x, tensor([1, 2, 3], { dtype: "float64" })), {
    name: "ShapeError",
    message: "Cannot apply [3] to [2, 3] in linear(): the weight must be 2-D [outFeatures, " +
      "inFeatures], it is 1-D",
  });
  assert.throws(() => linear(x, w, tensor([1, 2, 3], { dtype: "float64" })), {
    name: "ShapeError",
    message: /the bias has shape \[3\], expected \[2\]/,
  });
  assert.throws(() => linear(tensor(1, { dtype: "float64" }), w), {
    name: "ShapeError",
    message: /the input must be at least 1-D/,
  });
  assert.throws(() => linear(x, w.float()), { name: "DTypeError", message: /linear\(\)/ });
  assert.throws(() => linear(x, w, b.float()), { name: "DTypeError", message: /linear\(\)/ });
  assert.equal(linear(x, w, b).gradFn?.name, "LinearBackward");
});
