/**
 * nabla: automatic differentiation for TypeScript, from a micrograd-style
 * scalar engine to PyTorch-like tensors. It has no dependencies and uses no
 * runtime-specific API, so it runs unchanged in Deno, Node and browsers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MLP, Value } from "@nabla/autograd";
 * const model = new MLP(2, [8, 1], { seed: 0 });
 * const [y] = model.forward([new Value(1), new Value(-1)]);
 * const loss = y.sub(1).pow(2);
 * loss.backward(); // every parameter now has its gradient
 * assert.ok(model.parameters().every((p) => Number.isFinite(p.grad)));
 * ```
 *
 * @module
 */
export * from "./scalar/mod.ts";
export * from "./random/mod.ts";
export * from "./tensor/mod.ts";
export * from "./nn/mod.ts";
export * from "./optim/mod.ts";
export * from "./data/mod.ts";
export * from "./io/mod.ts";
