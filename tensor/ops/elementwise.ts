/**
 * Elementwise ops: type promotion and broadcasting of operands, the
 * primitives (`Neg Exp Log Sqrt Add Mul Div Pow Maximum Where Cast`), the
 * comparisons (no gradient), and composites (`sub`, `minimum`, `abs`,
 * `clamp`, `square`).
 */
import { AutogradFunction, isTensor, noGrad, trustBackward } from "../autograd.ts";
import { type DType, isFloatingPoint, promoteTypes } from "../dtype.ts";
import { DTypeError } from "../errors.ts";
import { broadcastShapes, shapesEqual } from "../_shape.ts";
import { toInt32 } from "../_int32.ts";
import { asPublicOp } from "../_op_names.ts";
import * as cpu from "../kernels/cpu.ts";
import { fromKernel, scalar, type Tensor, viewOf } from "../tensor.ts";
import { expandView } from "./movement.ts";

/** A tensor, or a plain number taking part in an op. */
export type Operand = Tensor | number;

// ---------------------------------------------------------------- promotion and broadcasting

function category(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int32" ? 1 : 2;
}

function operandDtype(op: string, x: Operand | boolean): DType {
  if (isTensor(x)) return x.dtype;
  if (typeof x === "boolean") return "bool";
  if (typeof x !== "number") {
    throw new TypeError(
      `Cannot use ${typeof x} as an operand in ${op}(): expected a Tensor or a number`,
    );
  }
  return Number.isInteger(x) ? "int32" : "float32";
}

/**
 * The dtype of `a op b`, by PyTorch's rules: tensors with dimensions decide,
 * unless a number or 0-d tensor belongs to a higher category (bool < int <
 * float); so `float32 tensor * 2.5` stays float32, `int32 tensor * 2.5` is float32.
 */
export function resultType(a: Operand, b: Operand, op = "op"): DType {
  const da = operandDtype(op, a);
  const db = operandDtype(op, b);
  const weakA = !isTensor(a) || a.ndim === 0;
  const weakB = !isTensor(b) || b.ndim === 0;
  if (weakA === weakB) return promoteTypes(da, db);
  const [strong, weak] = weakA ? [db, da] : [da, db];
  return category(weak) > category(strong) ? promoteTypes(strong, weak) : strong;
}

/** The dtype of true division or a float function: float32 for bool and int32. */
export function floatType(dtype: DType): DType {
  return isFloatingPoint(dtype) ? dtype : "float32";
}

/** A tensor of `dtype`: numbers become 0-d tensors, tensors are cast (differentiably). */
export function toTensor(x: Operand, dtype: DType, op = "op"): Tensor {
  if (!isTensor(x)) return scalar(x, dtype, op);
  return x.dtype === dtype ? x : cast(x, dtype);
}

/** `t` viewed with the (already validated) broadcast `shape`. */
export function expandTo(t: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(t.shape, shape) ? t : expandView(t, shape);
}

/**
 * Both operands converted to one dtype (by default their promoted type) and
 * broadcast to one shape, so that binary rules never see broadcasting.
 */
export function broadcastPair(
  op: string,
  a: Operand,
  b: Operand,
  dtype: DType = resultType(a, b, op),
): [Tensor, Tensor] {
  const sa = isTensor(a) ? a.shape : [];
  const sb = isTensor(b) ? b.shape : [];
  const shape = shapesEqual(sa, sb) ? sa : broadcastShapes(op, sa, sb);
  return [expandTo(toTensor(a, dtype, op), shape), expandTo(toTensor(b, dtype, op), shape)];
}

// What int32 results of these kernels may overflow, as error messages say it.
const INT32_ACTIONS: Partial<Record<cpu.UnaryOp | cpu.BinaryOp, string>> = {
  neg: "negate",
  add: "add",
  sub: "subtract",
  mul: "multiply",
  pow: "raise to a power",
};

/** Runs a unary kernel on `x` into a new tensor of `dtype` (int32: checked, never wrapped). */
export function unaryKernel(op: cpu.UnaryOp, x: Tensor, dtype: DType): Tensor {
  const action = dtype === "int32" ? INT32_ACTIONS[op] : undefined;
  if (action !== undefined) {
    return fromKernel(toInt32(op, action, cpu.unary(op, viewOf(x), "float64")), x.shape);
  }
  return fromKernel(cpu.unary(op, viewOf(x), dtype), x.shape);
}

/**
 * Runs a binary kernel on operands of one shape and dtype into a new tensor.
 * NOTE: int32 sums, products and powers are computed exactly in float64, then
 * checked: int32 never wraps around (PyTorch's does; see tensor/_int32.ts).
 */
export function binaryKernel(op: cpu.BinaryOp, a: Tensor, b: Tensor): Tensor {
  const action = a.dtype === "int32" ? INT32_ACTIONS[op] : undefined;
  if (action !== undefined) {
    const exact = cpu.binary(op, viewOf(a), viewOf(b), "float64");
    return fromKernel(toInt32(op, action, exact), a.shape);
  }
  return fromKernel(cpu.binary(op, viewOf(a), viewOf(b), a.dtype), a.shape);
}

// ---------------------------------------------------------------- primitives

/** `-x`. */
export class Neg extends AutogradFunction {
  /** Negates. */
  override forward(x: Tensor): Tensor {
    return unaryKernel("neg", x, x.dtype);
  }
  /** d(-x) = -dx */
  override backward(g: Tensor): [Tensor] {
    return [g.neg()];
  }
}

/** `e^x`. */
export class Exp extends AutogradFunction {
  /** Exponentiates and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("exp", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** d(e^x) = e^x dx */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.mul(y)];
  }
}

/** Natural logarithm. */
export class Log extends AutogradFunction {
  /** Takes the logarithm and saves the input. */
  override forward(x: Tensor): Tensor {
    this.saveForBackward(x);
    return unaryKernel("log", x, floatType(x.dtype));
  }
  /** d(log x) = dx / x */
  override backward(g: Tensor): [Tensor] {
    const [x] = this.savedTensors;
    return [g.div(x)];
  }
}

/** Square root. */
export class Sqrt extends AutogradFunction {
  /** Takes the square root and saves the output. */
  override forward(x: Tensor): Tensor {
    const y = unaryKernel("sqrt", x, floatType(x.dtype));
    this.saveForBackward(y);
    return y;
  }
  /** d(√x) = dx / (2√x) */
  override backward(g: Tensor): [Tensor] {
    const [y] = this.savedTensors;
    return [g.div(y.mul(2))];
  }
}

/** `a + b` for operands of one shape and dtype (logical or for bool). */
export class Add extends AutogradFunction {
  /** Adds. */
  override forward(a: Tensor, b: Tensor): Tensor {
    return binaryKernel(a.dtype === "bool" ? "maximum" : "add", a, b);
  }
  /** d(a + b) = da + db */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    return [this.needsInputGrad[0] ? g : null, this.needsInputGrad[1] ? g : null];
  }
}

/** `a * b` for operands of one shape and dtype. */
export class Mul extends AutogradFunction {
  /** Multiplies and saves both inputs. */
  override forward(a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(a, b);
    return binaryKernel("mul", a, b);
  }
  /** d(a b) = b da + a db */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [a, b] = this.savedTensors;
    return [
      this.needsInputGrad[0] ? g.mul(b) : null,
      this.needsInputGrad[1] ? g.mul(a) : null,
    ];
  }
}

/** `a / b` for float operands of one shape and dtype. */
export class Div extends AutogradFunction {
  /** Divides and saves both inputs. */
  override forward(a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(a, b);
    return binaryKernel("div", a, b);
  }
  /** d(a/b) = da / b - a db / b² */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [a, b] = this.savedTensors;
    return [
      this.needsInputGrad[0] ? g.div(b) : null,
      this.needsInputGrad[1] ? g.mul(a).div(b.mul(b)).neg() : null,
    ];
  }
}

/** `x ** e` for operands of one shape and dtype. */
export class Pow extends AutogradFunction {
  /** Raises to the power and saves base, exponent and output. */
  override forward(x: Tensor, e: Tensor): Tensor {
    const y = binaryKernel("pow", x, e);
    this.saveForBackward(x, e, y);
    return y;
  }
  /**
   * d(x^e) = e x^(e-1) dx + x^e log(x) de. As in PyTorch, the first term is 0
   * where e = 0 (even at x = 0), the second is 0 where x = 0 and e >= 0.
   */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [x, e, y] = this.savedTensors;
    return [
      this.needsInputGrad[0] ? where(e.eq(0), 0, g.mul(e).mul(x.pow(e.sub(1)))) : null,
      this.needsInputGrad[1] ? where(x.eq(0).mul(e.ge(0)), 0, g.mul(y).mul(x.log())) : null,
    ];
  }
}

/** Elementwise maximum of operands of one shape and dtype. */
export class Maximum extends AutogradFunction {
  /** Takes the maximum and saves both inputs. */
  override forward(a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(a, b);
    return binaryKernel("maximum", a, b);
  }
  /** The gradient goes to the larger input; ties split it in half (PyTorch's rule). */
  override backward(g: Tensor): [Tensor | null, Tensor | null] {
    const [a, b] = this.savedTensors;
    const shared = where(a.eq(b), g.mul(0.5), g);
    return [
      this.needsInputGrad[0] ? where(a.lt(b), 0, shared) : null,
      this.needsInputGrad[1] ? where(a.gt(b), 0, shared) : null,
    ];
  }
}

/** `cond ? a : b`, elementwise, for operands of one shape (`a`, `b` of one dtype). */
export class Where extends AutogradFunction {
  /** Selects and saves the condition. */
  override forward(cond: Tensor, a: Tensor, b: Tensor): Tensor {
    this.saveForBackward(cond);
    return fromKernel(cpu.where(viewOf(cond), viewOf(a), viewOf(b), a.dtype), a.shape);
  }
  /** Each branch gets the gradient where it was selected, 0 elsewhere. */
  override backward(g: Tensor): [null, Tensor | null, Tensor | null] {
    const [cond] = this.savedTensors;
    return [
      null,
      this.needsInputGrad[1] ? where(cond, g, 0) : null,
      this.needsInputGrad[2] ? where(cond, 0, g) : null,
    ];
  }
}

/** Conversion to another dtype; differentiable between float dtypes. */
export class Cast extends AutogradFunction {
  #from: DType = "float32";
  /** Copies with conversion (float to int32 checked: truncated toward zero, never wrapped). */
  override forward(x: Tensor, dtype: DType): Tensor {
    this.#from = x.dtype;
    const data = dtype === "int32" && isFloatingPoint(x.dtype)
      ? toInt32("to", "convert to int32", cpu.copy(viewOf(x), "float64"), "")
      : cpu.copy(viewOf(x), dtype);
    const out = fromKernel(data, x.shape);
    if (!isFloatingPoint(dtype)) this.markNonDifferentiable(out);
    return out;
  }
  /** The gradient is converted back to the input's dtype. */
  override backward(g: Tensor): [Tensor, null] {
    return [g.to(this.#from), null];
  }
}

// Their backward rules keep nothing: the engine may recycle the gradients they see.
trustBackward(Neg, Exp, Log, Sqrt, Add, Mul, Div, Pow, Maximum, Where, Cast);

// ---------------------------------------------------------------- public functions

/** `-x` (not defined for bool). */
export function neg(x: Tensor): Tensor {
  if (x.dtype === "bool") {
    throw new DTypeError(
      "Cannot negate a bool tensor in neg(): use a comparison such as x.eq(false) instead",
      { op: "neg", dtypes: ["bool"] },
    );
  }
  return Neg.apply(x);
}

/** `e^x`. */
export function exp(x: Tensor): Tensor {
  return Exp.apply(x);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return Log.apply(x);
}

/** Square root. */
export function sqrt(x: Tensor): Tensor {
  return Sqrt.apply(x);
}

/** `a + b`, broadcasting. */
export function add(a: Tensor, b: Operand): Tensor {
  return Add.apply(...broadcastPair("add", a, b));
}

/** `a - b = a + (-b)`, broadcasting. */
export function sub(a: Tensor, b: Operand): Tensor {
  if (resultType(a, b, "sub") === "bool") {
    throw new DTypeError(
      "Cannot subtract bool tensors in sub(): use a logical op, or convert with to() first",
      { op: "sub", dtypes: ["bool"] },
    );
  }
  // NOTE: a number is negated directly; its dtype (int or float) does not change.
  return asPublicOp("sub", () => add(a, isTensor(b) ? neg(b) : -b));
}

/** `a * b`, broadcasting. */
export function mul(a: Tensor, b: Operand): Tensor {
  return Mul.apply(...broadcastPair("mul", a, b));
}

/** `a / b`, broadcasting; true division (int operands give float32). */
export function div(a: Tensor, b: Operand): Tensor {
  return Div.apply(...broadcastPair("div", a, b, floatType(resultType(a, b, "div"))));
}

/** `a ** b`, broadcasting; integers to negative integer powers are an error, as in PyTorch. */
export function pow(a: Tensor, b: Operand): Tensor {
  const [x, e] = broadcastPair("pow", a, b);
  const negative = () => isTensor(b) ? noGrad(() => b.lt(0).sum().item() > 0) : b < 0;
  if (e.dtype === "int32" && negative()) {
    throw new RangeError(
      "Cannot raise to a power in pow(): integers to negative integer powers are not allowed " +
        "(as in PyTorch); convert the base to float first with float() or double()",
    );
  }
  return Pow.apply(x, e);
}

/** Elementwise maximum, broadcasting. */
export function maximum(a: Tensor, b: Operand): Tensor {
  return Maximum.apply(...broadcastPair("maximum", a, b));
}

/** Elementwise minimum: `-maximum(-a, -b)`, so ties split the gradient too. */
export function minimum(a: Tensor, b: Operand): Tensor {
  return asPublicOp("minimum", () => {
    if (resultType(a, b, "minimum") === "bool") return mul(a, b); // logical and
    return neg(maximum(neg(a), isTensor(b) ? neg(b) : -b));
  });
}

/**
 * `|x| = maximum(x, -x)`.
 * NOTE: at x = 0 both sides tie, so each gets half the gradient with opposite
 * signs: the gradient is 0, PyTorch's subgradient.
 */
export function abs(x: Tensor): Tensor {
  return x.dtype === "bool" ? x : asPublicOp("abs", () => maximum(x, neg(x)));
}

/** `x * x`. */
export function square(x: Tensor): Tensor {
  return asPublicOp("square", () => mul(x, x));
}

/**
 * Limits `x` to `[min, max]` with two `where`s, so that the gradient passes
 * where `min <= x <= max` (bounds included, as in PyTorch).
 */
export function clamp(x: Tensor, min?: Operand, max?: Operand): Tensor {
  if (min === undefined && max === undefined) {
    throw new TypeError("Cannot clamp in clamp(): give min, max or both");
  }
  return asPublicOp("clamp", () => {
    let out = x;
    if (min !== undefined) out = where(out.lt(min), min, out);
    if (max !== undefined) out = where(out.gt(max), max, out);
    return out;
  });
}

/** An elementwise comparison, broadcasting; the result is bool and has no gradient. */
export function compare(op: cpu.CompareOp, a: Tensor, b: Operand): Tensor {
  return noGrad(() => {
    const [ta, tb] = broadcastPair(op, a, b);
    return fromKernel(cpu.compare(op, viewOf(ta), viewOf(tb)), ta.shape);
  });
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere, broadcasting all
 * three; differentiable in `a` and `b`.
 * @param condition A bool tensor (from a comparison, for instance).
 * @param a Values where the condition holds: a tensor or a number.
 * @param b Values elsewhere: a tensor or a number.
 * @returns The selection, with the promoted dtype of `a` and `b`.
 * @example ReLU by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, where } from "@nabla/autograd";
 * const x = tensor([-1, 2, -3, 4]);
 * assert.deepEqual(where(x.gt(0), x, 0).toArray(), [0, 2, 0, 4]);
 * ```
 */
export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (!isTensor(condition) || condition.dtype !== "bool") {
    const got = isTensor(condition) ? `a ${condition.dtype} tensor` : typeof condition;
    throw new DTypeError(
      `Cannot select in where(): the condition must be a bool tensor, got ${got}; ` +
        'compare first (e.g. x.gt(0)) or convert with to("bool")',
      { op: "where", dtypes: [isTensor(condition) ? condition.dtype : typeof condition] },
    );
  }
  const dtype = resultType(a, b, "where");
  const shapes = [condition.shape, isTensor(a) ? a.shape : [], isTensor(b) ? b.shape : []];
  const shape = broadcastShapes("where", ...shapes);
  return Where.apply(
    expandTo(condition, shape),
    expandTo(toTensor(a, dtype, "where"), shape),
    expandTo(toTensor(b, dtype, "where"), shape),
  );
}

/** Conversion to `dtype` (a new tensor even if the dtype is the same). */
export function cast(x: Tensor, dtype: DType): Tensor {
  return Cast.apply(x, dtype);
}
