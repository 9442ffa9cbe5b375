/**
 * Activation functions: `Relu`, `Tanh`, `Sigmoid` and `Erf` are primitives
 * (one fused, numerically careful kernel each); `gelu` is composed from `erf`.
 */
import { AutogradFunction, isGradEnabled, trustBackward } from "../autograd.ts";
import * as cpu from "../kernels/cpu.ts";
import { fromData, type Tensor, viewOf } from "../tensor.ts";
import { floatType, unaryKernel, where } from "./elementwise.ts";

/** `max(0, x)`. */
export class Relu extends AutogradFunction {
  /** Rectifies and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("relu", x, x.dtype);
    this.saveForBackward(y);
    return y;
  }
  /** The gradient passes where the output is positive; relu'(0) = 0, as in PyTorch. */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    // NOTE: one fused pass when not recording; where() keeps it differentiable otherwise.
    if (isGradEnabled()) return [where(y.le(0), 0, g)];
    return [fromData(cpu.reluBackward(viewOf(y), viewOf(g), g.dtype), g.shape)];
  }
}

/** Hyperbolic tangent. */
export class Tanh extends AutogradFunction {
  /** Computes tanh and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("tanh", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** d(tanh x) = (1 - tanh² x) dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y.square().neg().add(1))];
  }
}

/** Logistic sigmoid. */
export class Sigmoid extends AutogradFunction {
  /** Computes the sigmoid (no overflow for any input) and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("sigmoid", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** dσ = σ (1 - σ) dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y).mul(y.neg().add(1))];
  }
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function. */
export class Erf extends AutogradFunction {
  /** Computes erf (|error| < 1e-15) and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("erf", x, floatType(x.dtype));
  }
  /** d(erf x) = 2/√π e^(-x²) dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))];
  }
}

/** `max(0, x)`. */
export function relu(x: Tensor): Tensor {
  return Relu.apply(x);
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return Tanh.apply(x);
}

/** Logistic sigmoid. */
export function sigmoid(x: Tensor): Tensor {
  return Sigmoid.apply(x);
}

/** The error function. */
export function erf(x: Tensor): Tensor {
  return Erf.apply(x);
}

/** GELU, exact form: `x/2 · (1 + erf(x/√2))`. */
export function gelu(x: Tensor): Tensor {
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Relu, Tanh, Sigmoid, Erf);
