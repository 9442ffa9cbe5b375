/**
 * The BLAS kernel against the shared contract. It needs Deno's FFI
 * (`--allow-ffi`) and a system BLAS (Debian: `libopenblas0`); without them
 * these tests are ignored, and the reason is printed.
 */
import assert from "node:assert/strict";
import { blasInfo, loadBlas, matmul, setBlasThreads } from "../../../tensor/kernels/matmul_blas.ts";
import { matmul as matmulTs } from "../../../tensor/kernels/matmul.ts";
import { Random } from "../../../random/mod.ts";
import { operand, testMatmulContract } from "./_matmul_contract.ts";

const why = loadBlas();
if (why !== null) console.warn(`BLAS tests ignored: ${why}`);
const ignore = why !== null;

testMatmulContract("BLAS matmul()", matmul, { ignore, epilogue: true });

Deno.test({
  name: "BLAS matmul() reports the library it opened",
  ignore,
  fn() {
    const info = blasInfo();
    assert.ok(info !== null);
    assert.equal(typeof info.path, "string");
  },
});

Deno.test({
  name: "BLAS matmul() gives the same results with one and two OpenBLAS threads",
  ignore,
  fn() {
    const rng = new Random(12);
    const a = operand(rng, Float64Array, 1, 300, 200, "contiguous");
    const b = operand(rng, Float64Array, 1, 200, 250, "transposed");
    const one = new Float64Array(300 * 250);
    const two = new Float64Array(300 * 250);
    setBlasThreads(1);
    matmul(a, b, one, 1, 300, 200, 250);
    if (setBlasThreads(2)) assert.equal(blasInfo()!.threads, 2);
    matmul(a, b, two, 1, 300, 200, 250);
    setBlasThreads(1);
    const reference = new Float64Array(300 * 250);
    matmulTs(a, b, reference, 1, 300, 200, 250);
    for (let i = 0; i < one.length; i++) {
      assert.ok(Math.abs(one[i] - reference[i]) < 1e-12 && Math.abs(two[i] - reference[i]) < 1e-12);
    }
  },
});

Deno.test("loadBlas() explains a library it cannot open", () => {
  const message = loadBlas("libnabla-no-such-blas.so");
  assert.equal(typeof message, "string");
  assert.match(message!, ignore ? /./ : /libnabla-no-such-blas\.so/);
});
