/**
 * The page script of `threads_browser_test.ts`: asks for two threads on the
 * browser's main thread (which must refuse, with a warning), then runs
 * `_threads_browser_worker.ts` in a Worker and publishes both outcomes as
 * `globalThis.result`.
 */
import { setNumThreads } from "../../../tensor/mod.ts";
import { poolThreads } from "../../../tensor/kernels/matmul_threads.ts";

const warnings: string[] = [];
const warn = console.warn;
console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
setNumThreads(2);
console.warn = warn;
const mainThread = { warnings, poolThreads: poolThreads() };
setNumThreads(1);

const scope = globalThis as { result?: unknown; crossOriginIsolated?: boolean };
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (e) => {
  scope.result = { isolated: scope.crossOriginIsolated, mainThread, worker: e.data };
};
worker.onerror = (e) => {
  scope.result = { error: e.message };
};
