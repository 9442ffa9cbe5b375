/**
 * Saving and loading state dicts (tensors by name, as `Module.stateDict()`
 * returns) as safetensors bytes, the format PyTorch's
 * `safetensors.torch.save_file` and `load_file` read and write.
 */
import { checkOptions, type DType, Tensor, tensor } from "../tensor/mod.ts";
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

/** Options of {@linkcode load}. */
export interface LoadOptions {
  /**
   * The dtype that half-precision tensors (`F16`, `BF16`) become: nabla has
   * no 16-bit floats, and both convert exactly to float32.
   * @default "float32"
   */
  halfDtype?: "float32" | "float64";
}

const TO_FILE: Record<DType, SafetensorsDType> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  bool: "BOOL",
};

/**
 * Encodes tensors by name as a safetensors file: float32 as `F32`, float64
 * as `F64`, int32 as `I32`, bool as `BOOL`. Views are written as
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
  const where = "Cannot save the state dict in save()";
  if (typeof stateDict !== "object" || stateDict === null) {
    throw new TypeError(`${where}: expected an object of tensors, got ${stateDict}`);
  }
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(stateDict)) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${where}: ${JSON.stringify(name)} must be a Tensor, got ${typeof t}`);
    }
    const dtype = TO_FILE[t.dtype];
    const c = t.detach().contiguous();
    const data = c.storage.data.subarray(c.offset, c.offset + c.numel);
    tensors[name] = { dtype, shape: c.shape.slice(), data } as SafetensorsTensor;
  }
  return encodeSafetensors(tensors, options.metadata);
}

/**
 * Decodes a safetensors file into tensors by name (in the file's order),
 * ready for `Module.loadStateDict()`: `F32` as float32, `F64` as float64,
 * `F16` and `BF16` as float32 (exactly; or float64 with `halfDtype`), `BOOL`
 * as bool, `I8`, `U8`, `I16`, `U16` and `I32` as int32, and `I64` (PyTorch's
 * int64, as in a batch norm's `num_batches_tracked`) as int32 when every
 * value fits, else a RangeError naming the tensor and value. Other dtypes
 * are refused with a TypeError.
 * @param bytes The whole file.
 * @param options `halfDtype` (default `"float32"`).
 * @returns Fresh tensors that do not require grad.
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
export function load(bytes: Uint8Array, options: LoadOptions = {}): Record<string, Tensor> {
  checkOptions("load", options, ["halfDtype"]);
  const halfDtype = options.halfDtype ?? "float32";
  if (halfDtype !== "float32" && halfDtype !== "float64") {
    throw new TypeError(
      `Cannot load tensors in load(): halfDtype must be "float32" or "float64", got ${
        JSON.stringify(halfDtype)
      }`,
    );
  }
  const { tensors } = decodeSafetensors(bytes);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = toTensor(name, t, halfDtype);
  }
  return out;
}

function toTensor(name: string, t: SafetensorsTensor, halfDtype: "float32" | "float64"): Tensor {
  switch (t.dtype) {
    case "F16":
      return tensor(Float32Array.from(t.data, halfToFloat), { dtype: halfDtype }).reshape(t.shape);
    case "BF16": {
      const bits = Uint32Array.from(t.data, (h) => h << 16);
      return tensor(new Float32Array(bits.buffer), { dtype: halfDtype }).reshape(t.shape);
    }
    case "BOOL":
      return tensor(t.data, { dtype: "bool" }).reshape(t.shape);
    case "U8":
    case "I8":
    case "I16":
    case "U16":
      return tensor(Int32Array.from(t.data), { dtype: "int32" }).reshape(t.shape);
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

// IEEE 754 binary16 bits to a number: sign, 5 exponent bits (bias 15), 10 fraction bits.
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
