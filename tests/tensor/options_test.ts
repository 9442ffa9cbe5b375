import assert from "node:assert/strict";
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  arange,
  assertClose,
  AutogradError,
  AvgPool1d,
  avgPool1d,
  AvgPool2d,
  avgPool2d,
  batchNorm,
  BatchNorm1d,
  BCELoss,
  BCEWithLogitsLoss,
  bernoulli,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  CharTokenizer,
  checkOptions,
  clipGradNorm_,
  Conv1d,
  conv1d,
  Conv2d,
  conv2d,
  ConvTranspose1d,
  convTranspose1d,
  ConvTranspose2d,
  convTranspose2d,
  CosineAnnealingLR,
  crossEntropy,
  CrossEntropyLoss,
  DataLoader,
  decodeIdx,
  Dropout,
  Dropout1d,
  dropout1d,
  Dropout2d,
  dropout2d,
  DTypeError,
  ELU,
  elu,
  Embedding,
  embedding,
  ExponentialLR,
  eye,
  fold,
  full,
  fullLike,
  GELU,
  grad,
  gradcheck,
  gradgradcheck,
  GroupNorm,
  groupNorm,
  Hardtanh,
  hardtanh,
  init,
  Layer,
  LayerNorm,
  layerNorm,
  LeakyReLU,
  leakyRelu,
  Linear,
  linear,
  LinearLR,
  linspace,
  load,
  loadMnistIdx,
  makeMoons,
  makeXor,
  MaxPool1d,
  maxPool1d,
  MaxPool2d,
  maxPool2d,
  MLP,
  mnistFromDigits,
  MSELoss,
  mseLoss,
  MultiheadAttention,
  multinomial,
  Neuron,
  NLLLoss,
  nllLoss,
  OneCycleLR,
  ones,
  onesLike,
  Parameter,
  rand,
  randint,
  randn,
  randperm,
  ReduceLROnPlateau,
  RMSprop,
  save,
  scaledDotProductAttention,
  SequentialLR,
  SGD,
  ShapeError,
  Softplus,
  softplus,
  StepLR,
  type Tensor,
  tensor,
  TensorDataset,
  tensorToDot,
  toDot,
  unfold,
  Value,
  zeros,
  zerosLike,
} from "../../mod.ts";

Deno.test("checkOptions() accepts undefined, empty and known keys", () => {
  checkOptions("f", undefined, ["a"]);
  checkOptions("f", {}, ["a"]);
  checkOptions("f", { a: 1 }, ["a", "b"]);
});

Deno.test("checkOptions() names the op, the unknown key and the accepted ones", () => {
  assert.throws(() => checkOptions("SGD", { lr: 1, learningRate: 0.1 }, ["lr", "momentum"]), {
    name: "TypeError",
    message: 'Cannot call SGD(): unknown option "learningRate" (accepted: lr, momentum)',
  });
  assert.throws(
    () => checkOptions("f", { a: undefined }, []),
    /unknown option "a" \(accepted: none\)/,
  );
});

Deno.test("checkOptions() rejects a non-object", () => {
  assert.throws(() => checkOptions("f", 3, ["a"]), /f\(\): options must be an object, got number/);
  assert.throws(() => checkOptions("f", null, ["a"]), /got null/);
  assert.throws(() => checkOptions("f", [1], ["a"]), /got an array/);
});

const BOGUS = { bogus: 1 } as never;
const w = () => tensor([1, 2], { requiresGrad: true });
const m23 = () => zeros([2, 3]);

/**
 * Every public function, constructor and method that takes an options object,
 * called with a misspelt key: each must throw a TypeError naming itself, the
 * key and the keys it accepts. A new entry point with options gets a line here
 * (the test below, which scans the sources, fails until it has one).
 */
const OPTION_CALLS: Record<string, () => unknown> = {
  // tensor/
  tensor: () => tensor([1], BOGUS),
  zeros: () => zeros([1], BOGUS),
  ones: () => ones([1], BOGUS),
  full: () => full([1], 1, BOGUS),
  arange: () => arange(0, 2, 1, BOGUS),
  linspace: () => linspace(0, 1, 2, BOGUS),
  eye: () => eye(2, 2, BOGUS),
  zerosLike: () => zerosLike(m23(), BOGUS),
  onesLike: () => onesLike(m23(), BOGUS),
  fullLike: () => fullLike(m23(), 1, BOGUS),
  rand: () => rand([1], BOGUS),
  randn: () => randn([1], BOGUS),
  randint: () => randint(0, 2, [1], BOGUS),
  "Tensor.sum": () => m23().sum(0, BOGUS),
  "Tensor.mean": () => m23().mean(0, BOGUS),
  "Tensor.max": () => m23().max(0, BOGUS),
  "Tensor.min": () => m23().min(0, BOGUS),
  "Tensor.var": () => m23().var(0, BOGUS),
  "Tensor.std": () => m23().std(0, BOGUS),
  "Tensor.logsumexp": () => m23().logsumexp(0, BOGUS),
  "Tensor.argmax": () => m23().argmax(0, BOGUS),
  "Tensor.argmin": () => m23().argmin(0, BOGUS),
  "Tensor.slice": () => m23().slice(0, BOGUS),
  "Tensor.pad": () => m23().pad([1, 1], BOGUS),
  "Tensor.add_": () => m23().add_(1, BOGUS),
  "Tensor.sub_": () => m23().sub_(1, BOGUS),
  "Tensor.addcmul_": () => m23().addcmul_(m23(), m23(), BOGUS),
  "Tensor.addcdiv_": () => m23().addcdiv_(m23(), m23(), BOGUS),
  "Tensor.backward": () => w().sum().backward(BOGUS),
  "Tensor.amax": () => m23().amax(0, BOGUS),
  "Tensor.amin": () => m23().amin(0, BOGUS),
  "Tensor.prod": () => m23().prod(0, BOGUS),
  "Tensor.sort": () => m23().sort(0, BOGUS),
  "Tensor.argsort": () => m23().argsort(0, BOGUS),
  "Tensor.topk": () => m23().topk(1, 0, BOGUS),
  "Tensor.indexAdd": () => m23().indexAdd(0, tensor([0], { dtype: "int32" }), zeros([1, 3]), BOGUS),
  "Tensor.multinomial": () => tensor([0.5, 0.5]).multinomial(1, BOGUS),
  "Tensor.bernoulli": () => tensor([0.5]).bernoulli(BOGUS),
  multinomial: () => multinomial(tensor([0.5, 0.5]), 1, BOGUS),
  bernoulli: () => bernoulli(tensor([0.5]), BOGUS),
  randperm: () => randperm(3, BOGUS),
  softplus: () => softplus(m23(), BOGUS),
  leakyRelu: () => leakyRelu(m23(), BOGUS),
  elu: () => elu(m23(), BOGUS),
  hardtanh: () => hardtanh(m23(), BOGUS),
  dropout1d: () => dropout1d(m23(), BOGUS),
  dropout2d: () => dropout2d(zeros([1, 2, 3]), BOGUS),
  batchNorm: () => batchNorm(m23(), null, null, null, null, BOGUS),
  groupNorm: () => groupNorm(m23(), 1, null, null, BOGUS),
  layerNorm: () => layerNorm(m23(), 3, null, null, BOGUS),
  linear: () => linear(m23(), zeros([2, 3]), null, BOGUS),
  embedding: () => embedding(tensor([0], { dtype: "int32" }), m23(), BOGUS),
  conv2d: () => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, BOGUS),
  conv1d: () => conv1d(zeros([1, 1, 4]), zeros([1, 1, 3]), null, BOGUS),
  convTranspose2d: () => convTranspose2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, BOGUS),
  convTranspose1d: () => convTranspose1d(zeros([1, 1, 4]), zeros([1, 1, 3]), null, BOGUS),
  unfold: () => unfold(zeros([1, 1, 4, 4]), 2, BOGUS),
  fold: () => fold(zeros([1, 4, 4]), 3, 2, BOGUS),
  maxPool2d: () => maxPool2d(zeros([1, 1, 4, 4]), 2, BOGUS),
  maxPool1d: () => maxPool1d(zeros([1, 1, 4]), 2, BOGUS),
  avgPool2d: () => avgPool2d(zeros([1, 1, 4, 4]), 2, BOGUS),
  avgPool1d: () => avgPool1d(zeros([1, 1, 4]), 2, BOGUS),
  scaledDotProductAttention: () =>
    scaledDotProductAttention(zeros([1, 2, 4]), zeros([1, 2, 4]), zeros([1, 2, 4]), BOGUS),
  grad: () => grad(w().sum(), w(), BOGUS),
  gradcheck: () => gradcheck((x: Tensor) => x, [w().double()], BOGUS),
  gradgradcheck: () => gradgradcheck((x: Tensor) => x, [w().double()], BOGUS),
  assertClose: () => assertClose(1, 1, BOGUS),
  tensorToDot: () => tensorToDot(w().exp(), BOGUS),
  ShapeError: () => new ShapeError("m", BOGUS),
  DTypeError: () => new DTypeError("m", BOGUS),
  AutogradError: () => new AutogradError("m", BOGUS),
  // nn/
  Parameter: () => new Parameter(m23(), BOGUS),
  "Module.zeroGrad": () => new Linear(2, 2).zeroGrad(BOGUS),
  "Module.loadStateDict": () => new Linear(2, 2).loadStateDict({}, BOGUS),
  "Module.registerBuffer": () => new Linear(2, 2).registerBuffer("b", m23(), BOGUS),
  clipGradNorm_: () => clipGradNorm_([w()], 1, BOGUS),
  Embedding: () => new Embedding(3, 2, BOGUS),
  "Embedding.fromPretrained": () => Embedding.fromPretrained(m23(), BOGUS),
  Softplus: () => new Softplus(BOGUS),
  LeakyReLU: () => new LeakyReLU(BOGUS),
  ELU: () => new ELU(BOGUS),
  Hardtanh: () => new Hardtanh(BOGUS),
  Dropout1d: () => new Dropout1d(0.5, BOGUS),
  Dropout2d: () => new Dropout2d(0.5, BOGUS),
  BatchNormBase: () => new BatchNorm1d(3, BOGUS),
  GroupNorm: () => new GroupNorm(1, 2, BOGUS),
  LayerNorm: () => new LayerNorm(3, BOGUS),
  Conv2d: () => new Conv2d(1, 1, 3, BOGUS),
  Conv1d: () => new Conv1d(1, 1, 3, BOGUS),
  ConvTranspose2d: () => new ConvTranspose2d(1, 1, 3, BOGUS),
  ConvTranspose1d: () => new ConvTranspose1d(1, 1, 3, BOGUS),
  MaxPool2d: () => new MaxPool2d(2, BOGUS),
  MaxPool1d: () => new MaxPool1d(2, BOGUS),
  AvgPool2d: () => new AvgPool2d(2, BOGUS),
  AvgPool1d: () => new AvgPool1d(2, BOGUS),
  MultiheadAttention: () => new MultiheadAttention(4, 2, BOGUS),
  "MultiheadAttention.forward": () => {
    const x = zeros([3, 4]);
    return new MultiheadAttention(4, 2).forward(x, x, x, BOGUS);
  },
  Linear: () => new Linear(2, 2, BOGUS),
  Dropout: () => new Dropout(0.5, BOGUS),
  GELU: () => new GELU(BOGUS),
  MSELoss: () => new MSELoss(BOGUS),
  CrossEntropyLoss: () => new CrossEntropyLoss(BOGUS),
  NLLLoss: () => new NLLLoss(BOGUS),
  BCELoss: () => new BCELoss(BOGUS),
  BCEWithLogitsLoss: () => new BCEWithLogitsLoss(BOGUS),
  mseLoss: () => mseLoss(m23(), m23(), BOGUS),
  nllLoss: () => nllLoss(m23(), tensor([0, 1], { dtype: "int32" }), BOGUS),
  crossEntropy: () => crossEntropy(m23(), tensor([0, 1], { dtype: "int32" }), BOGUS),
  binaryCrossEntropy: () => binaryCrossEntropy(m23(), m23(), BOGUS),
  binaryCrossEntropyWithLogits: () => binaryCrossEntropyWithLogits(m23(), m23(), BOGUS),
  uniform: () => init.uniform(m23(), BOGUS),
  normal: () => init.normal(m23(), BOGUS),
  kaimingUniform: () => init.kaimingUniform(m23(), BOGUS),
  kaimingNormal: () => init.kaimingNormal(m23(), BOGUS),
  xavierUniform: () => init.xavierUniform(m23(), BOGUS),
  xavierNormal: () => init.xavierNormal(m23(), BOGUS),
  // optim/
  SGD: () => new SGD([w()], BOGUS),
  Adam: () => new Adam([w()], BOGUS),
  AdamW: () => new AdamW([w()], BOGUS),
  RMSprop: () => new RMSprop([w()], BOGUS),
  Adagrad: () => new Adagrad([w()], BOGUS),
  Adadelta: () => new Adadelta([w()], BOGUS),
  "Optimizer.addParamGroup": () =>
    new SGD([w()]).addParamGroup({ params: [w()], learningRate: 0.1 } as never),
  "Optimizer.zeroGrad": () => new SGD([w()]).zeroGrad(BOGUS),
  StepLR: () => new StepLR(new SGD([w()]), { stepSize: 1, ...BOGUS as object } as never),
  CosineAnnealingLR: () =>
    new CosineAnnealingLR(new SGD([w()]), { tMax: 1, ...BOGUS as object } as never),
  LinearLR: () => new LinearLR(new SGD([w()]), BOGUS),
  ExponentialLR: () =>
    new ExponentialLR(new SGD([w()]), { gamma: 0.5, ...BOGUS as object } as never),
  OneCycleLR: () =>
    new OneCycleLR(new SGD([w()]), { maxLr: 1, totalSteps: 10, ...BOGUS as object } as never),
  SequentialLR: () => {
    const opt = new SGD([w()]);
    return new SequentialLR(opt, {
      schedulers: [new LinearLR(opt), new ExponentialLR(opt, { gamma: 0.5 })],
      milestones: [2],
      ...BOGUS as object,
    } as never);
  },
  ReduceLROnPlateau: () => new ReduceLROnPlateau(new SGD([w()]), BOGUS),
  // data/ and io/
  DataLoader: () => new DataLoader(new TensorDataset(m23()), BOGUS),
  makeXor: () => makeXor(BOGUS),
  makeMoons: () => makeMoons(10, BOGUS),
  mnistFromDigits: () => mnistFromDigits([[0]], BOGUS),
  decodeIdx: () => decodeIdx(new Uint8Array(0), BOGUS),
  loadMnistIdx: () => loadMnistIdx({} as never, BOGUS),
  "CharTokenizer.fromText": () => CharTokenizer.fromText("ab", BOGUS),
  save: () => save({}, BOGUS),
  load: () => load(save({}), BOGUS),
  // scalar/
  Value: () => new Value(1, BOGUS),
  Neuron: () => new Neuron(2, BOGUS),
  Layer: () => new Layer(2, 2, BOGUS),
  MLP: () => new MLP(2, [2], BOGUS),
  toDot: () => toDot(new Value(1), BOGUS),
};

Deno.test("every public entry with options rejects an unknown key, naming itself", async (t) => {
  for (const [entry, call] of Object.entries(OPTION_CALLS)) {
    // An abstract base class is called through a subclass, which names itself.
    const name = entry === "BatchNormBase" ? "BatchNorm1d" : entry.replace(/^\w+\./, "");
    await t.step(entry, async () => {
      const check = (error: unknown) => {
        assert.ok(error instanceof TypeError, `${entry}: ${error}`);
        assert.match(error.message, new RegExp(`${name}\\(\\)`));
        assert.match(error.message, /unknown option "(bogus|learningRate)" \(accepted: [^)]+\)/);
      };
      try {
        await call();
      } catch (error) {
        check(error);
        return;
      }
      assert.fail(`${entry} accepted an unknown option`);
    });
  }
});

Deno.test("OPTION_CALLS lists every public entry whose signature has an options object", async () => {
  const lib = await import("../../mod.ts");
  const root = new URL("../../", import.meta.url);
  const found = new Set<string>();
  const dirs = ["tensor", "tensor/ops", "nn", "optim", "data", "io", "scalar", "random", "viz"];
  for (const dir of dirs) {
    for (const file of Deno.readDirSync(new URL(dir, root))) {
      if (!file.isFile || !file.name.endsWith(".ts")) continue;
      const text = Deno.readTextFileSync(new URL(`${dir}/${file.name}`, root));
      for (const entry of optionEntries(text)) {
        const head = entry.split(".")[0];
        if (Object.hasOwn(lib, head) || Object.hasOwn(lib.init, head)) found.add(entry);
      }
    }
  }
  const missing = [...found].filter((e) => !(e in OPTION_CALLS));
  assert.deepEqual(
    missing,
    [],
    `entry points with options but no line in OPTION_CALLS: ${missing}`,
  );
  assert.ok(found.size > 60, `found only ${found.size} entries: the scan is broken`);
});

/** `name`, `Class` (constructor) or `Class.method` of each signature with an `options` parameter. */
function optionEntries(text: string): string[] {
  const out: string[] = [];
  let cls: string | null = null;
  let sig: string | null = null;
  for (const line of text.split("\n")) {
    const c = line.match(/^export (?:abstract )?class (\w+)/);
    if (c) cls = c[1];
    else if (/^(export )?(function|const|interface|type|class)\b/.test(line)) cls = null;
    const f = line.match(/^export (?:async )?function (\w+)\(/);
    const m = line.match(/^ {2}(?:static |async |override )*(constructor|\w+)\(/);
    if (f) sig = f[1];
    else if (m && cls) sig = m[1] === "constructor" ? cls : `${cls}.${m[1]}`;
    else if (/^\S/.test(line) && !line.startsWith("}")) sig = null;
    if (/^\s*(\*|\/\/)/.test(line)) continue;
    if (
      sig && /\boptions\??: (\w+\.)?[A-Z]\w*\b/.test(line) &&
      !/^\s*(const|let|readonly)\b/.test(line)
    ) {
      out.push(sig);
    }
    if (/\) \{$|\): [^=]*\{$/.test(line)) sig = null;
  }
  return out;
}
