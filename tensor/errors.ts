/**
 * Error types thrown by the tensor engine, so that callers can catch them by
 * type: a wrong shape, a wrong dtype, or a misuse of the autograd graph.
 */
import { checkOptions } from "./options.ts";

/** Options for {@linkcode ShapeError}. */
export interface ShapeErrorOptions extends ErrorOptions {
  /** The op that rejected its input, such as `"matmul"`. */
  op?: string;
  /** The shapes it was given. */
  shapes?: readonly (readonly number[])[];
}

/**
 * Thrown when tensor shapes do not fit an op: they cannot be broadcast,
 * multiplied, reshaped, and so on.
 * @example Catching a shape error
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones, ShapeError } from "@nabla/autograd";
 * try {
 *   ones([2, 3]).add(ones([4]));
 *   assert.fail("unreachable");
 * } catch (e) {
 *   assert.ok(e instanceof ShapeError);
 *   assert.equal(e.op, "add");
 *   assert.deepEqual(e.shapes, [[2, 3], [4]]);
 * }
 * ```
 */
export class ShapeError extends TypeError {
  /** The op that rejected its input (`undefined` if not given). */
  readonly op: string | undefined;
  /** The shapes the op was given. */
  readonly shapes: readonly (readonly number[])[];

  /**
   * Creates a shape error.
   * @param message What went wrong, as `Cannot <action> in <op>(): <details>`.
   * @param options The op, the shapes, and an optional cause.
   * @example Throwing a shape error
   * ```ts
   * import assert from "node:assert/strict";
   * import { ShapeError } from "@nabla/autograd";
   * const e = new ShapeError("Cannot stack in foo(): shapes differ", { op: "foo", shapes: [[1]] });
   * assert.equal(e.name, "ShapeError");
   * assert.ok(e instanceof TypeError);
   * ```
   */
  constructor(message: string, options: ShapeErrorOptions = {}) {
    checkOptions("ShapeError", options, ["op", "shapes", "cause"]);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ShapeError";
    this.op = options.op;
    this.shapes = options.shapes ?? [];
  }
}

/** Options for {@linkcode DTypeError}. */
export interface DTypeErrorOptions extends ErrorOptions {
  /** The op that rejected its input. */
  op?: string;
  /** The dtypes it was given. */
  dtypes?: readonly string[];
}

/**
 * Thrown when a tensor's dtype does not fit an op, such as asking an `int32`
 * tensor to require gradients.
 * @example Catching a dtype error
 * ```ts
 * import assert from "node:assert/strict";
 * import { DTypeError, zeros } from "@nabla/autograd";
 * assert.throws(() => zeros([2], { dtype: "int32", requiresGrad: true }), DTypeError);
 * ```
 */
export class DTypeError extends TypeError {
  /** The op that rejected its input (`undefined` if not given). */
  readonly op: string | undefined;
  /** The dtypes the op was given. */
  readonly dtypes: readonly string[];

  /**
   * Creates a dtype error.
   * @param message What went wrong, as `Cannot <action> in <op>(): <details>`.
   * @param options The op, the dtypes, and an optional cause.
   * @example Throwing a dtype error
   * ```ts
   * import assert from "node:assert/strict";
   * import { DTypeError } from "@nabla/autograd";
   * const e = new DTypeError("Cannot negate in neg(): bool", { op: "neg", dtypes: ["bool"] });
   * assert.equal(e.name, "DTypeError");
   * assert.deepEqual(e.dtypes, ["bool"]);
   * ```
   */
  constructor(message: string, options: DTypeErrorOptions = {}) {
    checkOptions("DTypeError", options, ["op", "dtypes", "cause"]);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DTypeError";
    this.op = options.op;
    this.dtypes = options.dtypes ?? [];
  }
}

/** Options for {@linkcode AutogradError}. */
export interface AutogradErrorOptions extends ErrorOptions {
  /** The op or function involved, such as `"backward"` or `"MulBackward"`. */
  op?: string;
}

/**
 * Thrown when the autograd graph is misused: a second `backward()` through
 * freed buffers, a saved tensor modified in place, an in-place update of a
 * tensor that requires grad, a wrong gradient from a custom function.
 * @example Backward on a tensor without history
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradError, tensor } from "@nabla/autograd";
 * assert.throws(() => tensor(1).backward(), AutogradError);
 * ```
 */
export class AutogradError extends Error {
  /** The op or function involved (`undefined` if not given). */
  readonly op: string | undefined;

  /**
   * Creates an autograd error.
   * @param message What went wrong and how to fix it.
   * @param options The op and an optional cause.
   * @example Throwing an autograd error
   * ```ts
   * import assert from "node:assert/strict";
   * import { AutogradError } from "@nabla/autograd";
   * const e = new AutogradError("Cannot run backward() twice", { op: "backward" });
   * assert.equal(e.name, "AutogradError");
   * assert.equal(e.op, "backward");
   * ```
   */
  constructor(message: string, options: AutogradErrorOptions = {}) {
    checkOptions("AutogradError", options, ["op", "cause"]);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AutogradError";
    this.op = options.op;
  }
}
