/**
 * The op registry (`registry_test.ts`) with every matrix product split across
 * two threads (the calling one and a worker), however small the product.
 */
import assert from "node:assert/strict";
import { setNumThreads } from "../../tensor/mod.ts";
import { poolThreads, productsSplit, setMinWork } from "../../tensor/kernels/matmul_threads.ts";

setNumThreads(2);
assert.equal(poolThreads(), 2, "threads must run in Deno");
setMinWork(0);
const before = productsSplit();
await import("./registry_test.ts");

Deno.test("the op registry's products were split across threads", () => {
  // Registered last, so it runs after every registry test.
  assert.ok(productsSplit() > before + 100, `only ${productsSplit() - before} products split`);
});
