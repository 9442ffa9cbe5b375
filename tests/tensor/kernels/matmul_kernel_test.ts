import assert from "node:assert/strict";
import { matmul } from "../../../tensor/kernels/matmul.ts";
import { testMatmulContract } from "./_matmul_contract.ts";

testMatmulContract("matmul()", matmul, { epilogue: true });

Deno.test("matmul() rounds each float32 output once", () => {
  // 1 + 2^-30 - 1 cancels exactly in float64 but would be 0 in float32 steps.
  const a = { data: new Float32Array([1, 2 ** -30, -1]), offset: 0, strides: [0, 3, 1] } as const;
  const b = { data: new Float32Array([1, 1, 1]), offset: 0, strides: [0, 1, 0] } as const;
  const out = new Float32Array(1);
  matmul(a, b, out, 1, 1, 3, 1);
  assert.equal(out[0], 2 ** -30);
});
