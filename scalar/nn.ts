/**
 * Neural networks made of scalar `Value`s: a neuron is a weighted sum plus a
 * bias, a layer is a list of neurons, an MLP is a list of layers.
 */
import { Random } from "../random/mod.ts";
import { Value, zeroGrad } from "./value.ts";
import { checkOptions } from "../tensor/options.ts";

/** The non-linearity applied after a neuron's weighted sum. */
export type Activation = "relu" | "tanh" | "sigmoid" | "linear";

const ACTIVATIONS: readonly string[] = ["relu", "tanh", "sigmoid", "linear"];

// Each constructor validates its own arguments, so that an error names the class the user called.
function checkSize(cls: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot create ${cls}: ${name} must be a positive integer, got ${n}`);
  }
}

function checkActivation(cls: string, activation: string): void {
  if (!ACTIVATIONS.includes(activation)) {
    const names = ACTIVATIONS.join(", ");
    throw new RangeError(
      `Cannot create ${cls}: activation must be one of ${names}, got ${activation}`,
    );
  }
}

/** Options for {@linkcode Neuron} and {@linkcode Layer}. */
export interface NeuronOptions {
  /**
   * The non-linearity after the weighted sum.
   * @default "relu"
   */
  activation?: Activation;
  /**
   * The generator that draws the initial weights (shared, so that a whole
   * model is reproducible from one seed).
   * @default new Random(0)
   */
  rng?: Random;
}

/**
 * One neuron: `activation(w · x + b)`.
 *
 * Weights and bias start uniform in `[-1/√nin, 1/√nin]`, PyTorch's default
 * for `nn.Linear`, drawn from a seeded generator.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Neuron, Value } from "@nabla/autograd";
 * const n = new Neuron(2, { activation: "tanh" });
 * const out = n.forward([new Value(1), new Value(-1)]);
 * assert.ok(out.data > -1 && out.data < 1);
 * assert.equal(n.parameters().length, 3);
 * ```
 */
export class Neuron {
  /** One weight per input. */
  readonly weights: Value[];
  /** The bias. */
  readonly bias: Value;
  /** The non-linearity after the weighted sum. */
  readonly activation: Activation;

  /**
   * Creates a neuron with `nin` inputs.
   * @param nin Number of inputs.
   * @param options Activation and random generator.
   * @example A linear neuron
   * ```ts
   * import assert from "node:assert/strict";
   * import { Neuron } from "@nabla/autograd";
   * assert.equal(new Neuron(3, { activation: "linear" }).weights.length, 3);
   * ```
   */
  constructor(nin: number, options: NeuronOptions = {}) {
    checkOptions("Neuron", options, ["activation", "rng"]);
    checkSize("Neuron", "nin", nin);
    checkActivation("Neuron", options.activation ?? "relu");
    const rng = options.rng ?? new Random(0);
    const bound = 1 / Math.sqrt(nin);
    this.weights = Array.from({ length: nin }, () => new Value(rng.uniform(-bound, bound)));
    this.bias = new Value(rng.uniform(-bound, bound));
    this.activation = options.activation ?? "relu";
  }

  /**
   * Computes `activation(w · x + b)`.
   * @param x One input per weight (Values or numbers).
   * @returns The neuron's output.
   * @example Forward pass
   * ```ts
   * import assert from "node:assert/strict";
   * import { Neuron } from "@nabla/autograd";
   * const n = new Neuron(2, { activation: "linear" });
   * const expected = n.weights[0].data + 2 * n.weights[1].data + n.bias.data;
   * assert.ok(Math.abs(n.forward([1, 2]).data - expected) < 1e-15);
   * ```
   */
  forward(x: readonly (Value | number)[]): Value {
    if (x.length !== this.weights.length) {
      throw new RangeError(
        `Cannot apply Neuron: expected ${this.weights.length} inputs, got ${x.length}`,
      );
    }
    let sum = this.bias;
    for (let i = 0; i < x.length; i++) sum = sum.add(this.weights[i].mul(x[i]));
    switch (this.activation) {
      case "relu":
        return sum.relu();
      case "tanh":
        return sum.tanh();
      case "sigmoid":
        return sum.sigmoid();
      case "linear":
        return sum;
    }
  }

  /**
   * The trainable values: the weights, then the bias.
   * @returns The parameters.
   * @example Counting parameters
   * ```ts
   * import assert from "node:assert/strict";
   * import { Neuron } from "@nabla/autograd";
   * assert.equal(new Neuron(4).parameters().length, 5);
   * ```
   */
  parameters(): Value[] {
    return [...this.weights, this.bias];
  }

  /**
   * Sets every parameter's gradient to 0.
   * @example Resetting
   * ```ts
   * import assert from "node:assert/strict";
   * import { Neuron } from "@nabla/autograd";
   * const n = new Neuron(1);
   * n.forward([1]).backward();
   * n.zeroGrad();
   * assert.ok(n.parameters().every((p) => p.grad === 0));
   * ```
   */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }
}

/**
 * A layer of `nout` neurons that all see the same inputs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Layer } from "@nabla/autograd";
 * const layer = new Layer(2, 3);
 * assert.equal(layer.forward([1, 2]).length, 3);
 * ```
 */
export class Layer {
  /** The neurons, one per output. */
  readonly neurons: Neuron[];

  /**
   * Creates a layer mapping `nin` inputs to `nout` outputs.
   * @param nin Number of inputs.
   * @param nout Number of neurons (outputs).
   * @param options Activation and random generator, shared by all neurons.
   * @example A tanh layer
   * ```ts
   * import assert from "node:assert/strict";
   * import { Layer } from "@nabla/autograd";
   * assert.equal(new Layer(2, 4, { activation: "tanh" }).neurons.length, 4);
   * ```
   */
  constructor(nin: number, nout: number, options: NeuronOptions = {}) {
    checkOptions("Layer", options, ["activation", "rng"]);
    checkSize("Layer", "nin", nin);
    checkSize("Layer", "nout", nout);
    checkActivation("Layer", options.activation ?? "relu");
    const rng = options.rng ?? new Random(0);
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, { ...options, rng }));
  }

  /**
   * Applies every neuron to the same inputs.
   * @param x The inputs.
   * @returns One output per neuron.
   * @example Forward pass
   * ```ts
   * import assert from "node:assert/strict";
   * import { Layer } from "@nabla/autograd";
   * assert.equal(new Layer(3, 2).forward([1, 2, 3]).length, 2);
   * ```
   */
  forward(x: readonly (Value | number)[]): Value[] {
    return this.neurons.map((n) => n.forward(x));
  }

  /**
   * Every neuron's parameters, in order.
   * @returns The parameters.
   * @example Counting parameters
   * ```ts
   * import assert from "node:assert/strict";
   * import { Layer } from "@nabla/autograd";
   * assert.equal(new Layer(3, 2).parameters().length, 8);
   * ```
   */
  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }

  /**
   * Sets every parameter's gradient to 0.
   * @example Resetting
   * ```ts
   * import assert from "node:assert/strict";
   * import { Layer } from "@nabla/autograd";
   * const layer = new Layer(1, 2);
   * layer.forward([1])[0].backward();
   * layer.zeroGrad();
   * assert.ok(layer.parameters().every((p) => p.grad === 0));
   * ```
   */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }
}

/** Options for {@linkcode MLP}. */
export interface MLPOptions {
  /**
   * The non-linearity of the hidden layers (the last layer is linear).
   * @default "relu"
   */
  activation?: Activation;
  /**
   * Seed of the generator that draws the initial weights.
   * @default 0
   */
  seed?: number;
}

/**
 * A multi-layer perceptron: hidden layers with a non-linearity, then a linear
 * output layer (apply a loss or a sigmoid to its outputs yourself).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MLP } from "@nabla/autograd";
 * const model = new MLP(2, [16, 16, 1], { seed: 1 });
 * const [y] = model.forward([0.5, -0.5]);
 * y.backward();
 * assert.equal(model.parameters().length, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
 * ```
 */
export class MLP {
  /** The layers, input to output. */
  readonly layers: Layer[];

  /**
   * Creates an MLP with `nin` inputs and one layer per entry of `nouts`.
   * @param nin Number of inputs.
   * @param nouts Width of each layer; the last is the number of outputs.
   * @param options Hidden activation and seed.
   * @example Same seed, same model
   * ```ts
   * import assert from "node:assert/strict";
   * import { MLP } from "@nabla/autograd";
   * const a = new MLP(2, [4, 1], { seed: 3 }).parameters().map((p) => p.data);
   * const b = new MLP(2, [4, 1], { seed: 3 }).parameters().map((p) => p.data);
   * assert.deepEqual(a, b);
   * ```
   */
  constructor(nin: number, nouts: readonly number[], options: MLPOptions = {}) {
    checkOptions("MLP", options, ["activation", "seed"]);
    if (nouts.length === 0) {
      throw new RangeError("Cannot create MLP: nouts must list at least one layer width, got []");
    }
    checkSize("MLP", "nin", nin);
    if (!nouts.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new RangeError(
        `Cannot create MLP: nouts must be positive integers, got [${nouts.join(", ")}]`,
      );
    }
    checkActivation("MLP", options.activation ?? "relu");
    const rng = new Random(options.seed ?? 0);
    const sizes = [nin, ...nouts];
    this.layers = nouts.map((nout, i) =>
      new Layer(sizes[i], nout, {
        rng,
        activation: i === nouts.length - 1 ? "linear" : options.activation ?? "relu",
      })
    );
  }

  /**
   * Runs the inputs through every layer.
   * @param x The inputs (Values or numbers), one per input feature.
   * @returns The outputs of the last layer.
   * @example Forward pass
   * ```ts
   * import assert from "node:assert/strict";
   * import { MLP } from "@nabla/autograd";
   * assert.equal(new MLP(3, [4, 2]).forward([1, 2, 3]).length, 2);
   * ```
   */
  forward(x: readonly (Value | number)[]): Value[] {
    let out: readonly (Value | number)[] = x;
    for (const layer of this.layers) out = layer.forward(out);
    return out as Value[];
  }

  /**
   * Every layer's parameters, in order.
   * @returns The parameters.
   * @example Counting parameters
   * ```ts
   * import assert from "node:assert/strict";
   * import { MLP } from "@nabla/autograd";
   * assert.equal(new MLP(2, [3, 1]).parameters().length, 9 + 4);
   * ```
   */
  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /**
   * Sets every parameter's gradient to 0 (call it before each backward pass).
   * @example Resetting
   * ```ts
   * import assert from "node:assert/strict";
   * import { MLP } from "@nabla/autograd";
   * const model = new MLP(2, [2, 1]);
   * model.forward([1, 1])[0].backward();
   * model.zeroGrad();
   * assert.ok(model.parameters().every((p) => p.grad === 0));
   * ```
   */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }
}
