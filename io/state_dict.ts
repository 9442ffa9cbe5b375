/**
 * Saving and loading state dicts (tensors by name, as `Module.stateDict()`
 * returns) as safetensors bytes, the format PyTorch's
 * `safetensors.torch.save_file` and `load_file` read and write.
 */
import { checkOptions, type DType, DTypeError, Tensor, tensor } from "../tensor/mod.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsDType,
  type SafetensorsTensor,
} from "./safetensors.ts";

/** Options of {@linkcode save}. */
export interface SaveOptions {
  /**
   * Free-form string pairs stored in the file's `__metadata__` (PyTorch's
   * writer stores `{ format: "pt" }`).
   * @default undefined (no metadata)
   */
  metadata?: Record<string, string>;
}

const TO_FILE: Partial<Record<DType, SafetensorsDType>> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
};

/**
 * Encodes tensors by name as a safetensors file: float32 as `F32`, float64
 * as `F64`, int32 as `I32` (bool is not supported). Views are written as
 * their values; gradients and autograd state are not saved. The layout is
 * the reference writer's, so the same tensors always give the same bytes.
 * @param stateDict Tensors by name, as from `Module.stateDict()`.
 * @param options `metadata`, string pairs stored in the header.
 * @returns The file's bytes (write them with `Deno.writeFile` or `fs.writeFile`).
 * @example Saving a model
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, load, save } from "@nabla/autograd";
 * const model = new Linear(3, 2);
 * const bytes = save(model.stateDict(), { metadata: { format: "pt" } });
 * const copy = new Linear(3, 2);
 * copy.loadStateDict(load(bytes));
 * assert.deepEqual(copy.weight.toArray(), model.weight.toArray());
 * ```
 */
export function save(stateDict: Record<string, Tensor>, options: SaveOptions = {}): Uint8Array {
  checkOptions("save", options, ["metadata"]);
  const where = "Cannot save the state dict in save()";
  if (typeof stateDict !== "object" || stateDict === null) {
    throw new TypeError(`${where}: expected an object of tensors, got ${stateDict}`);
  }
  const tensors: Record<string, SafetensorsTensor> = Object.create(null);
  for (const [name, t] of Object.entries(stateDict)) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${where}: ${JSON.stringify(name)} must be a Tensor, got ${typeof t}`);
    }
    const dtype = TO_FILE[t.dtype];
    if (dtype === undefined) {
      throw new DTypeError(
        `${where}: ${JSON.stringify(name)} has dtype ${t.dtype}; only float32, float64 and ` +
          "int32 tensors can be saved (convert it with to() first)",
        { op: "save", dtypes: [t.dtype] },
      );
    }
    const c = t.detach().contiguous();
    const data = c.storage.data.subarray(c.offset, c.offset + c.numel);
    tensors[name] = { dtype, shape: c.shape.slice(), data } as SafetensorsTensor;
  }
  return encodeSafetensors(tensors, options.metadata);
}

/**
 * Decodes a safetensors file into tensors by name (in the file's order),
 * ready for `Module.loadStateDict()`: `F32` as float32, `F64` as float64,
 * `I32` as int32, and `I64` (PyTorch's int64) as int32 when every value fits,
 * else a RangeError naming the tensor and value. Other dtypes (`F16`,
 * `BF16`, `BOOL`...) are refused with a TypeError.
 * @param bytes The whole file.
 * @returns Fresh tensors that do not require grad, by name, in an object
 *   without a prototype: any name the format allows (any UTF-8 string, as in
 *   PyTorch's dicts), `__proto__` and `constructor` included, is an ordinary key.
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { load, save, tensor } from "@nabla/autograd";
 * const bytes = save({ step: tensor([7], { dtype: "int32" }) });
 * const { step } = load(bytes);
 * assert.equal(step.dtype, "int32");
 * assert.deepEqual(step.toArray(), [7]);
 * ```
 */
export function load(bytes: Uint8Array): Record<string, Tensor> {
  const { tensors } = decodeSafetensors(bytes);
  // NOTE: no prototype, so that a tensor named "__proto__" or "constructor" is an ordinary key.
  const out: Record<string, Tensor> = Object.create(null);
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = toTensor(name, t);
  }
  return out;
}

function toTensor(name: string, t: SafetensorsTensor): Tensor {
  switch (t.dtype) {
    case "F32":
      return tensor(t.data, { dtype: "float32" }).reshape(t.shape);
    case "F64":
      return tensor(t.data, { dtype: "float64" }).reshape(t.shape);
    case "I32":
      return tensor(t.data, { dtype: "int32" }).reshape(t.shape);
    case "I64": {
      const values = new Int32Array(t.data.length);
      for (let i = 0; i < t.data.length; i++) {
        const v = t.data[i];
        if (v < -2147483648n || v > 2147483647n) {
          throw new RangeError(
            `Cannot load tensor ${JSON.stringify(name)} in load(): its I64 value ${v} at flat ` +
              `index ${i} does not fit in int32, the widest integer dtype of nabla`,
          );
        }
        values[i] = Number(v);
      }
      return tensor(values, { dtype: "int32" }).reshape(t.shape);
    }
  }
}
