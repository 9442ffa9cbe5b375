import assert from "node:assert/strict";
import { where } from "../../../tensor/kernels/cpu.ts";
import { Random } from "../../../random/mod.ts";

const view = (data: Float32Array | Float64Array | Int32Array | Uint8Array, shape: number[]) => ({
  data,
  shape,
  strides: shape.length === 1 ? [1] : [shape[1], 1],
  offset: 0,
});

Deno.test("where() kernel passes NaN, -0 and infinities through unchanged", () => {
  const cond = new Uint8Array([1, 0, 1, 0, 1, 0]);
  const a = new Float64Array([NaN, 1, -0, 2, Infinity, 3]);
  const b = new Float64Array([4, -0, 5, NaN, 6, -Infinity]);
  const out = where(view(cond, [6]), view(a, [6]), view(b, [6]), "float64");
  assert.deepEqual([...out], [NaN, -0, -0, NaN, Infinity, -Infinity]);
  assert.ok(Object.is(out[1], -0) && Object.is(out[2], -0));
});

Deno.test("where() kernel selects int32, bool and broadcast operands exactly", () => {
  const cond = new Uint8Array([0, 1, 1, 0]);
  const big = new Int32Array([2147483647, -2147483648, 7, -7]);
  const out = where(
    view(cond, [4]),
    view(big, [4]),
    view(new Int32Array([1, 2, 3, 4]), [4]),
    "int32",
  );
  assert.deepEqual([...out], [1, -2147483648, 7, 4]);
  const bools = where(
    view(cond, [4]),
    view(new Uint8Array([1, 1, 0, 0]), [4]),
    view(new Uint8Array([0, 0, 1, 1]), [4]),
    "bool",
  );
  assert.deepEqual([...bools], [0, 1, 0, 1]);
  // A 0 scalar broadcast against a [2, 3] gradient, as relu's backward uses it.
  const g = new Float32Array([1, 2, 3, 4, 5, 6]);
  const zero = { data: new Float32Array(1), shape: [2, 3], strides: [0, 0], offset: 0 };
  const mask = view(new Uint8Array([1, 0, 0, 1, 1, 0]), [2, 3]);
  assert.deepEqual([...where(mask, zero, view(g, [2, 3]), "float32")], [0, 2, 3, 0, 0, 6]);
});

Deno.test("where() kernel agrees with a ternary on random masks", () => {
  const rng = new Random(3);
  const n = 1000;
  const cond = new Uint8Array(n).map(() => +(rng.uniform(0, 1) < 0.5));
  const a = new Float32Array(n).map(() => rng.normal());
  const b = new Float32Array(n).map(() => rng.normal());
  const out = where(view(cond, [n]), view(a, [n]), view(b, [n]), "float32");
  for (let i = 0; i < n; i++) assert.equal(out[i], cond[i] ? a[i] : b[i]);
});
