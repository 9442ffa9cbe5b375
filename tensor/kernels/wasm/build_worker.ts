/**
 * Rebuilds `tensor/kernels/matmul_worker_source.ts`: bundles the matmul
 * worker (`worker_entry.ts`, which imports `../matmul_worker.ts` and through
 * it the kernels of `../matmul_wasm.ts` and `../matmul.ts`) into one minified
 * script and stores it as a string, from which `../matmul_threads.ts` starts
 * its workers without reading any file. Rerun it after changing any of those
 * kernels (`deno task wasm` does); `tests/tensor/kernels/matmul_threads_test.ts`
 * fails while the stored source is stale.
 *
 * `deno run --allow-read --allow-write --allow-run tensor/kernels/wasm/build_worker.ts`
 *
 * @module
 */

/** The bundled worker script, as `deno bundle` makes it from the repository root. */
export async function bundleWorker(): Promise<string> {
  const root = new URL("../../../", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--minify",
      "tensor/kernels/wasm/worker_entry.ts",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (code !== 0) throw new Error(`deno bundle failed:\n${text.decode(stderr)}`);
  const source = text.decode(stdout).trim();
  if (/\bexport\s*\{|\bimport\.meta\b|^import\s/m.test(source)) {
    throw new Error("the worker bundle must be a plain script (no import, export or import.meta)");
  }
  return source;
}

/** The TypeScript module that stores `source`. */
export function workerModule(source: string): string {
  const lines = source.match(/.{1,96}/gs)!.map((l) => `  ${JSON.stringify(l)} +`);
  return `/**
 * The matmul worker's script (\`matmul_worker.ts\` with the kernels it runs),
 * bundled into one string by \`tensor/kernels/wasm/build_worker.ts\`; do not
 * edit. \`matmul_threads.ts\` starts workers from it.
 *
 * @module
 */

/** Source of a matmul worker, a plain script (${source.length} characters). */
export const WORKER_SOURCE: string =
${lines.join("\n").replace(/ \+$/, ";")}
`;
}

if (import.meta.main) {
  const target = new URL("../matmul_worker_source.ts", import.meta.url);
  const source = await bundleWorker();
  await Deno.writeTextFile(target, workerModule(source));
  const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", target.pathname] })
    .output();
  if (fmt.code !== 0) throw new Error(`deno fmt failed on ${target.pathname}`);
  console.log(`wrote ${source.length} characters of worker script into ${target.pathname}`);
}
