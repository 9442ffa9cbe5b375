/**
 * The playground's model: a small MLP trained on two moons with the tensor
 * engine, a step at a time so that the page can draw between steps.
 *
 * Nothing here touches the DOM, so the same code runs (and is tested) in Deno.
 */
import {
  Adam,
  crossEntropy,
  Linear,
  makeMoons,
  manualSeed,
  type Module,
  noGrad,
  ReLU,
  Sequential,
  SGD,
  Tanh,
  type Tensor,
  tensor,
} from "../mod.ts";

/** The corners `[xMin, xMax, yMin, yMax]` of the square the playground draws. */
export const BOUNDS: readonly [number, number, number, number] = [-1.6, 2.6, -1.6, 2.1];

/** Options for creating a {@linkcode Trainer}. */
export interface TrainerOptions {
  /**
   * Widths of the hidden layers.
   * @default [16, 16]
   */
  hidden?: readonly number[];
  /**
   * Learning rate of the optimizer.
   * @default 0.01
   */
  lr?: number;
  /**
   * Standard deviation of the noise on the points.
   * @default 0.1
   */
  noise?: number;
  /**
   * `"adam"` or `"sgd"`.
   * @default "adam"
   */
  optimizer?: "adam" | "sgd";
  /**
   * `"relu"` or `"tanh"` between the layers.
   * @default "relu"
   */
  activation?: "relu" | "tanh";
  /**
   * Number of training points.
   * @default 200
   */
  nSamples?: number;
  /**
   * Number of held-out test points, drawn from the same two moons.
   * @default 100
   */
  nTest?: number;
  /**
   * Seed of the data and of the initial weights.
   * @default 0
   */
  seed?: number;
}

/**
 * Parses hidden layer widths written as `"16, 16"`.
 * @param text Comma- or space-separated positive integers (empty for none).
 * @returns The widths.
 */
export function parseHidden(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((s) => s !== "");
  const sizes = parts.map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 256) || sizes.length > 6) {
    throw new RangeError(
      `Cannot parse hidden sizes in parseHidden(): expected up to 6 integers in [1, 256], got "${text}"`,
    );
  }
  return sizes;
}

/** Full-batch training of a 2-…-2 classifier on two moons, with a held-out test set. */
export class Trainer {
  /** The training points, `[x, y]` each. */
  readonly points: number[][];
  /** The label (0 or 1) of each training point. */
  readonly labels: number[];
  /** The test points, never trained on. */
  readonly testPoints: number[][];
  /** The label of each test point. */
  readonly testLabels: number[];
  /** The training loss before each step, in order. */
  readonly losses: number[] = [];
  /** The test loss before each step, in order. */
  readonly testLosses: number[] = [];
  #model: Module;
  #optimizer: Adam | SGD;
  #x: Tensor;
  #y: Tensor;
  #testX: Tensor;
  #testY: Tensor;

  /**
   * Draws the data and initialises the model.
   * @param options Architecture, optimizer and data.
   */
  constructor(options: TrainerOptions = {}) {
    const { hidden = [16, 16], lr = 0.01, noise = 0.1, nSamples = 200, nTest = 100, seed = 0 } =
      options;
    if (!(lr > 0)) throw new RangeError(`Cannot create Trainer: lr must be > 0, got ${lr}`);
    // makeMoons shuffles: the first nSamples points train, the rest test.
    const { x, y } = makeMoons(nSamples + nTest, { noise, seed });
    this.points = x.slice(0, nSamples);
    this.labels = y.slice(0, nSamples);
    this.testPoints = x.slice(nSamples);
    this.testLabels = y.slice(nSamples);
    manualSeed(seed);
    const widths = [2, ...hidden, 2];
    const layers: Module[] = [];
    for (let i = 1; i < widths.length; i++) {
      if (i > 1) layers.push(options.activation === "tanh" ? new Tanh() : new ReLU());
      layers.push(new Linear(widths[i - 1], widths[i]));
    }
    this.#model = new Sequential(...layers);
    this.#optimizer = options.optimizer === "sgd"
      ? new SGD(this.#model.parameters(), { lr, momentum: 0.9 })
      : new Adam(this.#model.parameters(), { lr });
    this.#x = tensor(this.points);
    this.#y = tensor(this.labels, { dtype: "int32" });
    this.#testX = tensor(this.testPoints.length > 0 ? this.testPoints : [[0, 0]]);
    this.#testY = tensor(this.testPoints.length > 0 ? this.testLabels : [0], { dtype: "int32" });
  }

  /**
   * One optimizer step on the whole training set; also records the test loss.
   * @returns The training loss before the step.
   */
  step(): number {
    this.#optimizer.zeroGrad();
    const loss = crossEntropy(this.#model.forward(this.#x), this.#y);
    loss.backward();
    const testLoss = noGrad(() => crossEntropy(this.#model.forward(this.#testX), this.#testY));
    this.#optimizer.step();
    const value = loss.item();
    this.losses.push(value);
    this.testLosses.push(this.testPoints.length > 0 ? testLoss.item() : NaN);
    return value;
  }

  /**
   * Fraction of training points the model classifies correctly.
   * @returns The accuracy in `[0, 1]`.
   */
  accuracy(): number {
    return this.#accuracy(this.points, this.labels);
  }

  /**
   * Fraction of test points the model classifies correctly.
   * @returns The accuracy in `[0, 1]` (NaN without test points).
   */
  testAccuracy(): number {
    return this.#accuracy(this.testPoints, this.testLabels);
  }

  #accuracy(points: number[][], labels: number[]): number {
    if (points.length === 0) return NaN;
    const p = this.probabilities(points);
    let correct = 0;
    for (let i = 0; i < p.length; i++) correct += Number((p[i] > 0.5 ? 1 : 0) === labels[i]);
    return correct / p.length;
  }

  /**
   * The model's probability of class 1 at each point, without recording a graph.
   * @param points Rows of `[x, y]`.
   * @returns One probability per point.
   */
  probabilities(points: number[][]): Float64Array {
    return noGrad(() => {
      const logits = this.#model.forward(tensor(points));
      const p = logits.softmax(1).toArray() as number[][];
      return Float64Array.from(p, (row) => row[1]);
    });
  }

  /**
   * Probabilities of class 1 on a `size × size` grid over {@linkcode BOUNDS},
   * row by row from the top.
   * @param size Cells per side.
   * @returns `size * size` probabilities.
   */
  grid(size: number): Float64Array {
    const [x0, x1, y0, y1] = BOUNDS;
    const points: number[][] = [];
    for (let r = 0; r < size; r++) {
      const y = y1 - (r + 0.5) * (y1 - y0) / size;
      for (let c = 0; c < size; c++) points.push([x0 + (c + 0.5) * (x1 - x0) / size, y]);
    }
    return this.probabilities(points);
  }
}
