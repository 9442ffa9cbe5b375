/**
 * Storage: the typed array behind one or more tensors, and the version
 * counter that lets autograd notice in-place changes to a saved tensor.
 */
import type { DType, TypedArray } from "./dtype.ts";

function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint8Array) return "bool";
  throw new TypeError(
    "Cannot create Storage: expected a Float32Array, Float64Array, Int32Array or Uint8Array",
  );
}

/**
 * The memory behind one or more tensors: a typed array plus a version counter
 * that every in-place update bumps. Views (`reshape`, `permute`, `expand`,
 * `detach`...) share one Storage, hence one version, so autograd can tell
 * when a tensor it saved was changed behind its back.
 * @example Views share storage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@nabla/autograd";
 * const x = tensor([[1, 2], [3, 4]]);
 * const t = x.T;
 * assert.equal(t.storage, x.storage);
 * ```
 */
export class Storage {
  /** The elements (allocated by `allocate()`). */
  readonly data: TypedArray;
  /** The element type, derived from the typed array. */
  readonly dtype: DType;
  #version = 0;
  #lastInplaceOp = "";

  /**
   * Wraps a typed array (normally fresh from `allocate()`) without copying it.
   * @param data A Float32Array, Float64Array, Int32Array or Uint8Array (bool).
   * @example Wrapping storage
   * ```ts
   * import assert from "node:assert/strict";
   * import { allocate, Storage } from "@nabla/autograd";
   * const s = new Storage(allocate("int32", 4));
   * assert.equal(s.dtype, "int32");
   * assert.equal(s.version, 0);
   * ```
   */
  constructor(data: TypedArray) {
    this.dtype = dtypeOfArray(data);
    this.data = data;
  }

  /**
   * How many in-place updates this storage has seen.
   * @returns The version counter.
   * @example Counting updates
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * const x = zeros([2]);
   * x.add_(1).mul_(3);
   * assert.equal(x.storage.version, 2);
   * ```
   */
  get version(): number {
    return this.#version;
  }

  /**
   * The name of the last in-place op, such as `"mul_"` (`""` if none), for
   * error messages.
   * @returns The op's name.
   * @example The last update
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@nabla/autograd";
   * assert.equal(zeros([2]).fill_(7).storage.lastInplaceOp, "fill_");
   * ```
   */
  get lastInplaceOp(): string {
    return this.#lastInplaceOp;
  }

  /**
   * Records an in-place update; every in-place op calls it after writing.
   * @param op The op's name, such as `"add_"`.
   * @example Recording an update
   * ```ts
   * import assert from "node:assert/strict";
   * import { allocate, Storage } from "@nabla/autograd";
   * const s = new Storage(allocate("float32", 1));
   * s.bumpVersion("custom_");
   * assert.equal(s.version, 1);
   * assert.equal(s.lastInplaceOp, "custom_");
   * ```
   */
  bumpVersion(op: string): void {
    this.#version++;
    this.#lastInplaceOp = op;
  }
}
