import assert from "node:assert/strict";
import { WORKER_SOURCE } from "../../../tensor/kernels/matmul_worker_source.ts";
import { bundleWorker } from "../../../tensor/kernels/wasm/build_worker.ts";

Deno.test("WORKER_SOURCE is the current bundle of the worker and its kernels", async () => {
  // Stale after any change to matmul_worker.ts, matmul_wasm.ts or matmul.ts:
  // the workers would then run other code than the calling thread.
  const fresh = await bundleWorker();
  assert.ok(
    fresh === WORKER_SOURCE,
    "tensor/kernels/matmul_worker_source.ts is stale: run `deno task wasm` (or " +
      "`deno run --allow-read --allow-write --allow-run tensor/kernels/wasm/build_worker.ts`)",
  );
});
