/**
 * The project's seeded pseudo-random generator, shared by the scalar engine,
 * the tensor engine and the examples, so that a seed fixes a whole run.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Random } from "@nabla/autograd/random";
 * assert.equal(new Random(42).normal(), new Random(42).normal());
 * ```
 *
 * @module
 */
export { Random } from "./random.ts";
