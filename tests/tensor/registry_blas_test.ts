/**
 * The op registry (`registry_test.ts`) with every matrix product on the BLAS
 * backend. Needs `--allow-ffi` and a system BLAS (Debian: `libopenblas0`);
 * ignored, with the reason printed, without them.
 */
import assert from "node:assert/strict";
import { getBackend, isBackendAvailable, setBackend } from "../../tensor/mod.ts";
import { loadBlas } from "../../tensor/kernels/matmul_blas.ts";

if (isBackendAvailable("blas")) {
  setBackend("blas");
  await import("./registry_test.ts");
  Deno.test("the op registry ran on the BLAS backend", () => assert.equal(getBackend(), "blas"));
} else {
  const why = loadBlas();
  console.warn(`The op registry on BLAS is ignored: ${why}`);
  Deno.test({ name: `the op registry on the BLAS backend (${why})`, ignore: true, fn() {} });
}
