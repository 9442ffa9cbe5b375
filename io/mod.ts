/**
 * Reading and writing tensors in files, on bytes only (no file system access,
 * so it runs in Deno, Node and browsers): the safetensors format of Hugging
 * Face, readable by PyTorch, JAX and most model hubs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSafetensors, encodeSafetensors } from "@nabla/autograd/io";
 * const bias = new Float64Array([0.5, -0.25]);
 * const bytes = encodeSafetensors({ bias: { dtype: "F64", shape: [2], data: bias } });
 * // Save with Deno.writeFile("model.safetensors", bytes), or fs.writeFile in Node.
 * const { tensors } = decodeSafetensors(bytes);
 * assert.deepEqual(tensors.bias.data, bias);
 * ```
 *
 * @module
 */
export {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContent,
  type SafetensorsDType,
  type SafetensorsTensor,
} from "./safetensors.ts";
export { load, type LoadOptions, save, type SaveOptions } from "./state_dict.ts";
