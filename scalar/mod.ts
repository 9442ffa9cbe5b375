/**
 * The scalar engine: reverse-mode automatic differentiation on single numbers,
 * in the spirit of micrograd, and small neural networks built from it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Value } from "@nabla/autograd/scalar";
 * const a = new Value(-4);
 * const b = new Value(2);
 * const c = a.mul(b).add(b.pow(3)); // c = ab + b³
 * c.backward();
 * assert.equal(a.grad, 2); // dc/da = b
 * assert.equal(b.grad, 8); // dc/db = a + 3b²
 * ```
 *
 * @module
 */
export { topologicalOrder, toValue, Value, type ValueOptions, zeroGrad } from "./value.ts";
export { type DotOptions, toDot } from "./graph.ts";
export { type Activation, Layer, MLP, type MLPOptions, Neuron, type NeuronOptions } from "./nn.ts";
