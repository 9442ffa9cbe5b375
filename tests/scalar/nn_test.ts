import assert from "node:assert/strict";
import { Layer, MLP, Neuron, Random, Value } from "../../mod.ts";

function data(values: Value[]): number[] {
  return values.map((v) => v.data);
}

/** A neuron with the given weights and bias instead of random ones. */
function neuronWith(
  weights: number[],
  bias: number,
  activation: "relu" | "tanh" | "sigmoid" | "linear",
): Neuron {
  const n = new Neuron(weights.length, { activation });
  weights.forEach((w, i) => n.weights[i].data = w);
  n.bias.data = bias;
  return n;
}

// ---------------------------------------------------------------------------
// Parameters and initialisation
// ---------------------------------------------------------------------------

Deno.test("Neuron.parameters() lists the weights, then the bias", () => {
  const n = new Neuron(3);
  const params = n.parameters();
  assert.equal(params.length, 4);
  assert.deepEqual(params, [...n.weights, n.bias]);
  assert.ok(params.every((p) => p instanceof Value && p.parents.size === 0));
});

Deno.test("Layer.parameters() lists each neuron's parameters in turn", () => {
  const layer = new Layer(3, 2);
  assert.equal(layer.neurons.length, 2);
  assert.deepEqual(layer.parameters(), [
    ...layer.neurons[0].parameters(),
    ...layer.neurons[1].parameters(),
  ]);
  assert.equal(layer.parameters().length, 2 * (3 + 1));
});

Deno.test("MLP.parameters() lists each layer's parameters in turn", () => {
  const model = new MLP(2, [16, 16, 1]);
  assert.deepEqual(model.layers.map((l) => l.neurons.length), [16, 16, 1]);
  assert.deepEqual(model.layers.map((l) => l.neurons[0].weights.length), [2, 16, 16]);
  assert.deepEqual(model.parameters(), model.layers.flatMap((l) => l.parameters()));
  assert.equal(model.parameters().length, (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1);
  assert.equal(new Set(model.parameters()).size, model.parameters().length, "no shared values");
});

Deno.test("MLP() draws weights and biases within PyTorch's bound 1/sqrt(nin)", () => {
  const model = new MLP(3, [64, 32, 1], { seed: 11 });
  for (const layer of model.layers) {
    const nin = layer.neurons[0].weights.length;
    const bound = 1 / Math.sqrt(nin);
    const values = data(layer.parameters());
    assert.ok(values.every((w) => Math.abs(w) <= bound), `a value exceeds 1/sqrt(${nin})`);
    if (values.length >= 100) {
      // Uniform over the whole interval, not a narrower one, centred on 0.
      assert.ok(Math.max(...values.map(Math.abs)) > 0.95 * bound);
      const mean = values.reduce((s, w) => s + w, 0) / values.length;
      assert.ok(Math.abs(mean) < 0.1 * bound, `mean ${mean}`);
    }
  }
});

Deno.test("Neuron() draws its weights, then its bias, from the generator", () => {
  const n = new Neuron(2, { rng: new Random(5) });
  const rng = new Random(5);
  const bound = 1 / Math.sqrt(2);
  const expected = [rng.uniform(-bound, bound), rng.uniform(-bound, bound)];
  assert.deepEqual(data(n.weights), expected);
  assert.equal(n.bias.data, rng.uniform(-bound, bound));
});

Deno.test("MLP() gives the same parameters for the same seed", () => {
  const a = new MLP(3, [4, 4, 2], { seed: 42 });
  const b = new MLP(3, [4, 4, 2], { seed: 42 });
  assert.deepEqual(data(a.parameters()), data(b.parameters()));
  // The default seed is 0, as is a Neuron's or Layer's default generator.
  assert.deepEqual(
    data(new MLP(2, [3]).parameters()),
    data(new MLP(2, [3], { seed: 0 }).parameters()),
  );
  assert.deepEqual(data(new Neuron(3).parameters()), data(new Neuron(3).parameters()));
  assert.deepEqual(data(new Layer(3, 2).parameters()), data(new Layer(3, 2).parameters()));
});

Deno.test("MLP() gives different parameters for different seeds", () => {
  const a = data(new MLP(3, [4, 1], { seed: 1 }).parameters());
  const b = data(new MLP(3, [4, 1], { seed: 2 }).parameters());
  assert.ok(a.every((w, i) => w !== b[i]));
});

Deno.test("Layer() gives each neuron its own weights from the shared generator", () => {
  const [n0, n1] = new Layer(3, 2).neurons;
  assert.notDeepEqual(data(n0.parameters()), data(n1.parameters()));
});

// ---------------------------------------------------------------------------
// Forward pass and gradients
// ---------------------------------------------------------------------------

Deno.test("Neuron.forward() computes w · x + b for a linear neuron", () => {
  const n = neuronWith([0.5, -2, 3], 0.25, "linear");
  const x = [new Value(2), new Value(1), new Value(-1)];
  const y = n.forward(x);
  assert.equal(y.data, 0.5 * 2 - 2 * 1 + 3 * -1 + 0.25); // -3.75, exact in binary
  y.backward();
  assert.deepEqual(n.weights.map((w) => w.grad), [2, 1, -1]); // dy/dw = x
  assert.equal(n.bias.grad, 1);
  assert.deepEqual(x.map((v) => v.grad), [0.5, -2, 3]); // dy/dx = w
  assert.equal(n.forward([2, 1, -1]).data, -3.75, "plain numbers work as inputs");
});

Deno.test("Neuron.forward() applies the chosen activation", async (t) => {
  // Pre-activations z = 0.5·x - 0.25: 0.75 at x = 2, -1.25 at x = -2.
  const cases: ["relu" | "tanh" | "sigmoid" | "linear", (z: number) => number][] = [
    ["relu", (z) => Math.max(z, 0)],
    ["tanh", Math.tanh],
    ["sigmoid", (z) => 1 / (1 + Math.exp(-z))],
    ["linear", (z) => z],
  ];
  for (const [activation, f] of cases) {
    await t.step(activation, () => {
      const n = neuronWith([0.5], -0.25, activation);
      assert.equal(n.activation, activation);
      assert.equal(n.forward([2]).data, f(0.75));
      assert.equal(n.forward([-2]).data, f(-1.25));
    });
  }
});

Deno.test("Neuron(), Layer() and MLP() default to relu with a linear output layer", () => {
  assert.equal(new Neuron(2).activation, "relu");
  assert.ok(new Layer(2, 3).neurons.every((n) => n.activation === "relu"));
  const model = new MLP(2, [3, 3, 1]);
  assert.deepEqual(model.layers.map((l) => l.neurons[0].activation), ["relu", "relu", "linear"]);
  const tanh = new MLP(2, [3, 3, 1], { activation: "tanh" });
  assert.deepEqual(tanh.layers.map((l) => l.neurons[0].activation), ["tanh", "tanh", "linear"]);
  assert.ok(
    tanh.layers.every((l) => l.neurons.every((n) => n.activation === l.neurons[0].activation)),
  );
});

Deno.test("Layer.forward() and MLP.forward() return one output per neuron of the last layer", () => {
  const layer = new Layer(3, 4);
  const ys = layer.forward([1, -2, 0.5]);
  assert.equal(ys.length, 4);
  ys.forEach((y, i) => assert.equal(y.data, layer.neurons[i].forward([1, -2, 0.5]).data));
  const model = new MLP(3, [5, 2], { seed: 3 });
  const out = model.forward([1, -2, 0.5]);
  assert.equal(out.length, 2);
  assert.deepEqual(data(out), data(model.layers[1].forward(model.layers[0].forward([1, -2, 0.5]))));
});

Deno.test("Neuron, Layer and MLP zeroGrad() reset every parameter's gradient", async (t) => {
  const models: [
    string,
    { forward(x: number[]): Value | Value[]; parameters(): Value[]; zeroGrad(): void },
  ][] = [
    ["Neuron", new Neuron(2, { activation: "linear" })],
    ["Layer", new Layer(2, 3, { activation: "linear" })],
    ["MLP", new MLP(2, [3, 1], { activation: "tanh" })],
  ];
  for (const [name, model] of models) {
    await t.step(name, () => {
      const out = model.forward([1, -1]);
      const ys = Array.isArray(out) ? out : [out];
      ys.reduce((s, y) => s.add(y)).backward();
      assert.ok(model.parameters().some((p) => p.grad !== 0));
      model.zeroGrad();
      assert.ok(model.parameters().every((p) => p.grad === 0));
    });
  }
});

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

Deno.test("Neuron(), Layer() and MLP() reject bad sizes with a RangeError naming the class", async (t) => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "Neuron(0)",
      () => new Neuron(0),
      /^Cannot create Neuron: nin must be a positive integer, got 0$/,
    ],
    ["Neuron(1.5)", () => new Neuron(1.5), /Cannot create Neuron: .*got 1\.5/],
    ["Neuron(NaN)", () => new Neuron(NaN), /Cannot create Neuron: .*got NaN/],
    [
      "Layer(2, 0)",
      () => new Layer(2, 0),
      /^Cannot create Layer: nout must be a positive integer, got 0$/,
    ],
    ["Layer(2, 1.5)", () => new Layer(2, 1.5), /Cannot create Layer: .*got 1\.5/],
    [
      "Layer(0, 2)",
      () => new Layer(0, 2),
      /^Cannot create Layer: nin must be a positive integer, got 0$/,
    ],
    ["MLP(2, [])", () => new MLP(2, []), /Cannot create MLP: nouts .*got \[\]/],
    [
      "MLP(0, [2])",
      () => new MLP(0, [2]),
      /^Cannot create MLP: nin must be a positive integer, got 0$/,
    ],
    ["MLP(2, [3, 0])", () => new MLP(2, [3, 0]), /Cannot create MLP: .*got \[3, 0\]/],
  ];
  for (const [name, fn, message] of cases) {
    await t.step(name, () => assert.throws(fn, { name: "RangeError", message }));
  }
});

Deno.test("Neuron() rejects an unknown activation with a RangeError", () => {
  assert.throws(
    // @ts-expect-error: not an Activation
    () => new Neuron(2, { activation: "softmax" }),
    { name: "RangeError", message: /Cannot create Neuron: .*activation.*softmax/ },
  );
  assert.throws(
    // @ts-expect-error: not an Activation
    () => new MLP(2, [2, 1], { activation: "gelu" }),
    { name: "RangeError", message: /Cannot create MLP: .*activation.*gelu/ },
  );
});

Deno.test("Neuron.forward() rejects the wrong number of inputs", () => {
  const n = new Neuron(2);
  assert.throws(() => n.forward([1, 2, 3]), {
    name: "RangeError",
    message: "Cannot apply Neuron: expected 2 inputs, got 3",
  });
  assert.throws(() => new MLP(2, [2, 1]).forward([1]), { name: "RangeError", message: /got 1/ });
});

// ---------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------

Deno.test("MLP learns XOR in a few seeded gradient-descent steps", () => {
  const xs = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const ys = [-1, 1, 1, -1];
  const model = new MLP(2, [8, 1], { seed: 1, activation: "tanh" });
  const lossOf = () => {
    let loss = new Value(0);
    xs.forEach((x, i) => loss = loss.add(model.forward(x)[0].sub(ys[i]).pow(2)));
    return loss.div(xs.length);
  };
  const losses: number[] = [];
  for (let step = 0; step < 100; step++) {
    const loss = lossOf();
    losses.push(loss.data);
    model.zeroGrad();
    loss.backward();
    for (const p of model.parameters()) p.data -= 0.2 * p.grad;
  }
  const final = lossOf().data;
  assert.ok(losses[0] > 1 && final < 0.01, `loss went from ${losses[0]} to ${final}`);
  // Full-batch descent with a small step: the loss never goes up.
  losses.forEach((l, i) => i > 0 && assert.ok(l <= losses[i - 1] + 1e-12, `step ${i}`));
});
