import assert from "node:assert/strict";
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  arange,
  avgPool1d,
  avgPool2d,
  batchNorm,
  cat,
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  dropout1d,
  dropout2d,
  elu,
  embedding,
  eye,
  fold,
  full,
  fullLike,
  groupNorm,
  hardtanh,
  layerNorm,
  leakyRelu,
  linear,
  linspace,
  logSigmoid,
  matmul,
  maxPool1d,
  maxPool2d,
  oneHot,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  scaledDotProductAttention,
  silu,
  softplus,
  stack,
  type Tensor,
  tensor,
  unfold,
  where,
  zeros,
  zerosLike,
} from "../../tensor/mod.ts";
import { OPS } from "./registry.ts";

const MAX = 2 ** 31 - 1;
const int = (data: number[]) => tensor(data, { dtype: "int32" });
const a2 = () => zeros([2]);
const a3 = () => zeros([3]);
const m23 = () => zeros([2, 3]);
const big = () => int([MAX]);
const bad = "x" as unknown as Tensor;

/**
 * One call per public op that makes it throw, from inside a primitive where
 * the op is composed: the message must name the op the user called. `null`
 * marks ops with no error path for valid tensors (none is raised inside).
 * Adding a public op: add a line (the test below fails until it has one).
 */
export const ERROR_CALLS: Record<string, (() => unknown) | null> = {
  // elementwise
  neg: () => tensor([true]).neg(),
  exp: null,
  log: null,
  sqrt: null,
  abs: () => int([-MAX - 1]).abs(),
  square: () => big().square(),
  add: () => a2().add(a3()),
  sub: () => a2().sub(a3()),
  mul: () => a2().mul(a3()),
  div: () => a2().div(a3()),
  pow: () => a2().pow(a3()),
  maximum: () => a2().maximum(a3()),
  minimum: () => a2().minimum(a3()),
  clamp: () => a2().clamp(a3()),
  eq: () => a2().eq(a3()),
  ne: () => a2().ne(a3()),
  lt: () => a2().lt(a3()),
  le: () => a2().le(a3()),
  gt: () => a2().gt(a3()),
  ge: () => a2().ge(a3()),
  where: () => a2().where(a2().gt(0), a3()),
  sin: null,
  cos: null,
  log2: null,
  log10: null,
  log1p: null,
  expm1: null,
  rsqrt: null,
  reciprocal: null,
  sign: null,
  floor: null,
  ceil: null,
  round: null,
  trunc: null,
  silu: () => silu(int([1])),
  softplus: () => softplus(a2(), { beta: 0 }),
  leakyRelu: () => leakyRelu(int([1])),
  elu: () => elu(int([1])),
  logSigmoid: () => logSigmoid(int([1])),
  hardtanh: () => hardtanh(a2(), { minVal: 2, maxVal: 1 }),
  relu: null,
  tanh: null,
  sigmoid: null,
  gelu: null,
  erf: null,
  // reductions
  sum: () => a2().sum(1),
  amax: () => a2().amax(1),
  amin: () => a2().amin(1),
  prod: () => a2().prod(1),
  cumsum: () => a2().cumsum(1),
  cumprod: () => a2().cumprod(1),
  sort: () => a2().sort(1),
  argsort: () => a2().argsort(1),
  topk: () => a2().topk(3),
  mean: () => a2().mean(1),
  max: () => a2().max(1),
  min: () => a2().min(1),
  var: () => a2().var(1),
  std: () => a2().std(1),
  logsumexp: () => a2().logsumexp(1),
  softmax: () => a2().softmax(1),
  logSoftmax: () => a2().logSoftmax(1),
  argmax: () => a2().argmax(1),
  argmin: () => a2().argmin(1),
  // products
  matmul: () => a2().matmul(a3()),
  mm: () => a2().mm(a3()),
  bmm: () => a2().bmm(a3()),
  dot: () => a2().dot(a3()),
  outer: () => big().outer(int([2])),
  linear: () => linear(m23(), zeros([2, 2])),
  scaledDotProductAttention: () => scaledDotProductAttention(m23(), zeros([2, 4]), zeros([2, 4])),
  conv2d: () => conv2d(zeros([1, 1, 4, 4]), zeros([1, 2, 3, 3])),
  conv1d: () => conv1d(zeros([1, 1, 4]), zeros([1, 2, 3])),
  convTranspose2d: () => convTranspose2d(zeros([1, 1, 4, 4]), zeros([2, 1, 3, 3])),
  convTranspose1d: () => convTranspose1d(zeros([1, 1, 4]), zeros([2, 1, 3])),
  unfold: () => unfold(a2(), 2),
  fold: () => fold(a2(), 3, 2),
  maxPool2d: () => maxPool2d(a2(), 2),
  maxPool1d: () => maxPool1d(a2(), 2),
  avgPool2d: () => avgPool2d(a2(), 2),
  avgPool1d: () => avgPool1d(a2(), 2),
  adaptiveAvgPool2d: () => adaptiveAvgPool2d(a2(), 2),
  adaptiveAvgPool1d: () => adaptiveAvgPool1d(a2(), 2),
  // movement
  expand: () => a2().expand([3]),
  reshape: () => a2().reshape([3]),
  view: () => a2().view([3]),
  permute: () => a2().permute([1]),
  transpose: () => a2().transpose(0, 2),
  T: () => zeros([1, 1, 1]).T,
  mT: () => a2().mT,
  unsqueeze: () => a2().unsqueeze(3),
  squeeze: () => a2().squeeze(2),
  flatten: () => a2().flatten(2),
  narrow: () => a2().narrow(1, 0, 1),
  slice: () => a2().slice(1),
  pad: () => a2().pad([1]),
  gather: () => m23().gather(2, int([0])),
  scatterAdd: () => m23().scatterAdd(2, int([0]), m23()),
  indexSelect: () => m23().indexSelect(2, int([0])),
  index: () => m23().index(int([5])),
  scatter: () => m23().scatter(2, int([0]), m23()),
  indexAdd: () => m23().indexAdd(2, int([0]), m23()),
  maskedFill: () => m23().maskedFill(a2().gt(0), 1),
  tril: () => a2().tril(),
  triu: () => a2().triu(),
  split: () => a2().split(0),
  chunk: () => a2().chunk(0),
  flip: () => a2().flip([1]),
  roll: () => a2().roll(1, 1),
  repeat: () => a2().repeat([]),
  // copies and dtypes
  clone: null,
  contiguous: null,
  detach: null,
  to: () => tensor([NaN]).to("int32"),
  float: null,
  double: null,
  item: () => a2().item(),
  toArray: null,
  // in place
  add_: () => a2().add_(a3()),
  sub_: () => a2().sub_(a3()),
  mul_: () => a2().mul_(a3()),
  div_: () => a2().div_(a3()),
  addcmul_: () => a2().addcmul_(a3(), a3()),
  addcdiv_: () => a2().addcdiv_(a3(), a3()),
  zero_: () => a2().expand([2, 2]).zero_(),
  fill_: () => a2().expand([2, 2]).fill_(1),
  copy_: () => a2().copy_(a3()),
  // functions
  tensor: () => tensor([[1], [2, 3]]),
  zeros: () => zeros([-1]),
  ones: () => ones([-1]),
  full: () => full([-1], 1),
  eye: () => eye(-1),
  arange: () => arange(0, 1, 0),
  linspace: () => linspace(0, 1, -1),
  zerosLike: () => zerosLike(bad),
  onesLike: () => onesLike(bad),
  fullLike: () => fullLike(bad, 1),
  rand: () => rand([-1]),
  randn: () => randn([-1]),
  randint: () => randint(1, 0, [1]),
  cat: () => cat([a2(), m23()]),
  stack: () => stack([a2(), a3()]),
  where_fn: () => where(a2().gt(0), a2(), a3()),
  matmul_fn: () => matmul(a2(), a3()),
  oneHot: () => oneHot(int([-1])),
  batchNorm: () => batchNorm(a2(), null, null),
  groupNorm: () => groupNorm(m23(), 4),
  layerNorm: () => layerNorm(m23(), 4),
  dropout1d: () => dropout1d(zeros([1, 2, 3, 4])),
  dropout2d: () => dropout2d(a2()),
  embedding: () => embedding(int([5]), m23()),
};

Deno.test("errors name the public op the user called, for every public op", async (t) => {
  for (const [name, call] of Object.entries(ERROR_CALLS)) {
    if (call === null) continue;
    const op = name.replace(/_fn$/, "");
    await t.step(op, () => {
      assert.throws(call, (error: Error) => {
        // `Cannot <action> in <op>(): ...` (or `in T:` for a getter).
        const named = error.message.match(/^[^:]*?\b([A-Za-z_$][\w$]*)\(\)/)?.[1] ??
          error.message.match(/ in ([A-Za-z_$][\w$]*):/)?.[1];
        assert.equal(named, op, error.message);
        return true;
      });
    });
  }
});

Deno.test("ERROR_CALLS lists every op of the registry", () => {
  const listed = new Set(Object.keys(ERROR_CALLS).map((k) => k.replace(/_fn$/, "")));
  const missing = [...new Set(OPS.map((e) => e.name))].filter((n) => !listed.has(n));
  assert.deepEqual(missing, [], "public ops without an entry in ERROR_CALLS");
});
