/**
 * A small model built from three hand-written ops, one of which has a wrong
 * backward rule, for the debugging walkthrough of
 * `docs/05-checking-gradients.md`. Find it with gradcheck before reading the
 * comments.
 *
 * The model: `L = mean(sigmoid(softplus(x @ w))²)` for a fixed batch `x`.
 */
import { AutogradFunction, manualSeed, randn, type Tensor } from "../mod.ts";

/** `softplus(x) = log(1 + eˣ)`, a smooth ReLU. */
export class Softplus extends AutogradFunction {
  /** Saves the input for backward. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return x.exp().add(1).log();
  }
  /** d softplus(x) = sigmoid(x) · dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x.sigmoid())];
  }
}

/** `sigmoid(x) = 1 / (1 + e⁻ˣ)`. */
export class Sigmoid extends AutogradFunction {
  /** Saves the output, which the derivative is written with. */
  override forward(x: Tensor): Tensor {
    const s = x.sigmoid();
    this.saveForBackward(s);
    return s;
  }
  /** d sigmoid(x) = s · (1 - s) · dx */
  override backward(g: Tensor): [Tensor] {
    const [s] = this.savedTensors;
    return [g.mul(s).mul(s.sub(1))];
  }
}

/** `x²`. */
export class Square extends AutogradFunction {
  /** Saves the input for backward. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return x.mul(x);
  }
  /** d x² = 2x · dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x).mul(2)];
  }
}

manualSeed(0);
/** A fixed batch of 4 samples with 3 features, float64 for gradcheck. */
export const X: Tensor = randn([4, 3], { dtype: "float64" });

/** The model's stages in order, each a function of the previous stage's output. */
export const STAGES: readonly { name: string; fn: (t: Tensor) => Tensor }[] = [
  { name: "x @ w", fn: (w) => X.matmul(w) },
  { name: "softplus", fn: (h) => Softplus.apply(h) },
  { name: "sigmoid", fn: (h) => Sigmoid.apply(h) },
  { name: "square", fn: (h) => Square.apply(h) },
  { name: "mean", fn: (h) => h.mean() },
];

/**
 * Runs the stages from `start` on, from the output of stage `start - 1`.
 * @param h The input of stage `start` (the weights `w` for stage 0).
 * @param start The first stage to run.
 * @returns The loss.
 */
export function runFrom(h: Tensor, start = 0): Tensor {
  return STAGES.slice(start).reduce((t, stage) => stage.fn(t), h);
}
