/**
 * Elementwise mathematical functions beyond the arithmetic of
 * `elementwise.ts`. Primitives, one kernel each: `Sin`, `Cos`; `Log2` and
 * `Log10` (exact at powers of their base, which `log(x) / ln 2` is not);
 * `Log1p` and `Expm1` (accurate near 0, where `log(1 + x)` and `exp(x) - 1`
 * lose every digit); and the piecewise constant `Floor`, `Ceil`, `Round`,
 * `Trunc`, `Sign`, whose gradient is 0 as in PyTorch. Composed:
 * `reciprocal = 1 / x` and `rsqrt = 1 / sqrt(x)` (within 2 ulp of PyTorch).
 */
import { AutogradFunction, trustBackward } from "../autograd.ts";
import type * as cpu from "../kernels/cpu.ts";
import { zerosLike } from "../factory.ts";
import { scalar, type Tensor } from "../tensor.ts";
import { div, floatType, sqrt, unaryKernel } from "./elementwise.ts";

// ---------------------------------------------------------------- primitives

/** Sine. */
export class Sin extends AutogradFunction {
  /** Takes the sine and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("sin", x, floatType(x.dtype));
  }
  /** d(sin x) = cos x dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x.cos())];
  }
}

/** Cosine. */
export class Cos extends AutogradFunction {
  /** Takes the cosine and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("cos", x, floatType(x.dtype));
  }
  /** d(cos x) = -sin x dx */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.mul(x.sin()).neg()];
  }
}

/** Base-2 logarithm. */
export class Log2 extends AutogradFunction {
  /** Takes the logarithm and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("log2", x, floatType(x.dtype));
  }
  /** d(log₂ x) = dx / (x ln 2) */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.div(x.mul(Math.LN2))];
  }
}

/** Base-10 logarithm. */
export class Log10 extends AutogradFunction {
  /** Takes the logarithm and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("log10", x, floatType(x.dtype));
  }
  /** d(log₁₀ x) = dx / (x ln 10) */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.div(x.mul(Math.LN10))];
  }
}

/** `log(1 + x)`, accurate for small `x`. */
export class Log1p extends AutogradFunction {
  /** Takes the logarithm and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("log1p", x, floatType(x.dtype));
  }
  /** d(log(1 + x)) = dx / (1 + x) */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.div(x.add(1))];
  }
}

/** `e^x - 1`, accurate for small `x`. */
export class Expm1 extends AutogradFunction {
  /** Exponentiates and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("expm1", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** d(e^x - 1) = e^x dx = (y + 1) dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y.add(1))];
  }
}

/**
 * A piecewise constant function: its output keeps the input's dtype and its
 * gradient is 0 everywhere (PyTorch's choice, also at the jumps).
 */
abstract class PiecewiseConstant extends AutogradFunction {
  /** The kernel that computes the function. */
  protected abstract readonly kernel: cpu.UnaryOp;
  /** Runs the kernel. */
  override forward(x: Tensor): Tensor {
    return unaryKernel(this.kernel, x, x.dtype);
  }
  /** d(step x) = 0 */
  override backward(g: Tensor): [Tensor] {
    return [zerosLike(g)];
  }
}

/** The largest integer `<= x`. */
export class Floor extends PiecewiseConstant {
  /** The kernel. */
  protected readonly kernel = "floor";
}

/** The smallest integer `>= x`. */
export class Ceil extends PiecewiseConstant {
  /** The kernel. */
  protected readonly kernel = "ceil";
}

/** The nearest integer, halves to even. */
export class Round extends PiecewiseConstant {
  /** The kernel. */
  protected readonly kernel = "round";
}

/** The integer part, rounding toward 0. */
export class Trunc extends PiecewiseConstant {
  /** The kernel. */
  protected readonly kernel = "trunc";
}

/** -1, 0 or 1. */
export class Sign extends PiecewiseConstant {
  /** The kernel. */
  protected readonly kernel = "sign";
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Sin, Cos, Log2, Log10, Log1p, Expm1, Floor, Ceil, Round, Trunc, Sign);

// ---------------------------------------------------------------- public functions

/** Sine. */
export function sin(x: Tensor): Tensor {
  return Sin.apply(x);
}

/** Cosine. */
export function cos(x: Tensor): Tensor {
  return Cos.apply(x);
}

/** Base-2 logarithm. */
export function log2(x: Tensor): Tensor {
  return Log2.apply(x);
}

/** Base-10 logarithm. */
export function log10(x: Tensor): Tensor {
  return Log10.apply(x);
}

/** `log(1 + x)`. */
export function log1p(x: Tensor): Tensor {
  return Log1p.apply(x);
}

/** `e^x - 1`. */
export function expm1(x: Tensor): Tensor {
  return Expm1.apply(x);
}

/** `1 / x`: a float tensor (int and bool give float32). */
export function reciprocal(x: Tensor): Tensor {
  return div(scalar(1, floatType(x.dtype)), x);
}

/** `1 / sqrt(x)`. */
export function rsqrt(x: Tensor): Tensor {
  return reciprocal(sqrt(x));
}

/** The largest integer `<= x`, of `x`'s dtype. */
export function floor(x: Tensor): Tensor {
  return Floor.apply(x);
}

/** The smallest integer `>= x`, of `x`'s dtype. */
export function ceil(x: Tensor): Tensor {
  return Ceil.apply(x);
}

/** The nearest integer, halves to even, of `x`'s dtype. */
export function round(x: Tensor): Tensor {
  return Round.apply(x);
}

/** The integer part of `x`, of `x`'s dtype. */
export function trunc(x: Tensor): Tensor {
  return Trunc.apply(x);
}

/** The sign of `x` (-1, 0 or 1; 0 for NaN, as PyTorch), of `x`'s dtype. */
export function sign(x: Tensor): Tensor {
  return Sign.apply(x);
}
