/**
 * Entry point of a matmul worker, bundled by `build_worker.ts` into
 * `tensor/kernels/matmul_worker_source.ts`.
 *
 * @module
 */
import { startWorker } from "../matmul_worker.ts";

startWorker();
