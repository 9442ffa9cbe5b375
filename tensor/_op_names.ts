/**
 * Errors name the public op the user called. A composed op (`sub = add(neg)`,
 * `clamp = where(lt)`) runs its body through {@linkcode asPublicOp}, so that
 * an error raised by a primitive inside it reads `in sub()`, not `in add()`.
 * Private to `tensor/`.
 */
import { AutogradError, DTypeError, ShapeError } from "./errors.ts";

// The op of a `Cannot <action> in <op>(): <details>` message (or of
// `Cannot apply <op>() to ...`): the first `name()` before the details.
const OP_IN_MESSAGE = /^([^:]*?\b)([A-Za-z_$][\w$]*)\(\)/;

/**
 * Runs the body of the public op `op`. An error raised inside that names
 * another op (`Cannot broadcast [2] and [3] in add(): ...`) is thrown again
 * with `op` in its place, of the same class, with the original as `cause`.
 * Composed ops nest: the outermost name wins.
 */
export function asPublicOp<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw renamed(error, op);
  }
}

function renamed(error: unknown, op: string): unknown {
  if (!(error instanceof Error)) return error;
  const match = OP_IN_MESSAGE.exec(error.message);
  if (match === null || match[2] === op) return error;
  const message = error.message.replace(OP_IN_MESSAGE, `$1${op}()`);
  const cause = error;
  if (error instanceof ShapeError) {
    return new ShapeError(message, { op, shapes: error.shapes, cause });
  }
  if (error instanceof DTypeError) {
    return new DTypeError(message, { op, dtypes: error.dtypes, cause });
  }
  if (error instanceof AutogradError) return new AutogradError(message, { op, cause });
  if (error instanceof RangeError) return new RangeError(message, { cause });
  if (error instanceof TypeError) return new TypeError(message, { cause });
  return error;
}
