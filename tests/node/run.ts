/**
 * Runs a representative subset of the test suite under Node, to show that the
 * library code (not only its tests) runs outside Deno:
 *
 * ```sh
 * bash tests/node/run.sh   # copies the sources into an ES module package, then
 *                          # runs: npx -y tsx@4.23.15 tests/node/run.ts
 * ```
 *
 * The test files call `Deno.test`; this file installs a tiny stand-in for it
 * (`Deno.test(name, fn)`, `Deno.test({ name, fn, ignore })`, nested
 * `t.step`), plus `Deno.readTextFileSync` over `node:fs` for the fixture-driven
 * registry test, then imports each file of `FILES`, runs the tests one after
 * another and ends with a line `N passed, N failed` (exit code 1 on failure).
 *
 * Left out: files that read files with other Deno APIs (`io/`, IDX and MNIST
 * loaders), the examples (they spawn `deno`), and `property_test.ts` (its
 * `fast-check` comes from Deno's npm resolution).
 */
import { readFileSync } from "node:fs";
import process from "node:process";

/** The test files run under Node, relative to `tests/`. */
export const FILES: readonly string[] = [
  "scalar/value_test.ts",
  "scalar/nn_test.ts",
  "random/random_test.ts",
  "tensor/tensor_test.ts",
  "tensor/factory_test.ts",
  "tensor/elementwise_test.ts",
  "tensor/reduce_test.ts",
  "tensor/movement_test.ts",
  "tensor/matmul_test.ts",
  "tensor/indexing_test.ts",
  "tensor/mask_test.ts",
  "tensor/rearrange_test.ts",
  "tensor/scan_test.ts",
  "tensor/sort_test.ts",
  "tensor/sampling_test.ts",
  "tensor/activation_test.ts",
  "tensor/attention_test.ts",
  "tensor/autograd_test.ts",
  "tensor/gradcheck_test.ts",
  "tensor/ops_test.ts",
  "tensor/registry_test.ts",
  "tensor/kernels/matmul_kernel_test.ts",
  "tensor/kernels/matmul_threads_test.ts",
  "tensor/kernels/backend_test.ts",
  "nn/linear_test.ts",
  "nn/embedding_test.ts",
  "nn/loss_test.ts",
  "nn/module_test.ts",
  "nn/sequential_test.ts",
  "nn/activation_test.ts",
  "nn/init_test.ts",
  "optim/sgd_test.ts",
  "optim/adam_test.ts",
  "optim/optimizer_test.ts",
  "data/loader_test.ts",
  "data/tokenizer_test.ts",
  "data/moons_test.ts",
  "data/xor_test.ts",
];

/** Tests that check Deno-only behaviour, reported as ignored under Node. */
const DENO_ONLY: ReadonlySet<string> = new Set([
  "console inspection and string conversion use toString()", // Deno.inspect
  "the environment selects a backend where it may be read, and only there", // Deno.Command
]);

type TestFn = (t: TestContext) => void | Promise<void>;
interface TestDefinition {
  name: string;
  fn: TestFn;
  ignore?: boolean;
}
interface TestContext {
  name: string;
  step(nameOrDef: string | TestDefinition, fn?: TestFn): Promise<boolean>;
}
interface Registered extends TestDefinition {
  file: string;
}

const registered: Registered[] = [];
let currentFile = "";
let steps = 0;

function definition(nameOrDef: string | TestDefinition, fn?: TestFn): TestDefinition {
  if (typeof nameOrDef === "string") {
    if (typeof fn !== "function") throw new TypeError(`Deno.test("${nameOrDef}") needs a function`);
    return { name: nameOrDef, fn };
  }
  return nameOrDef;
}

// Runs `fn` with a context whose steps run in order, like Deno's; a failing
// step fails its parent (the error is rethrown once all steps have run).
async function runWithSteps(name: string, fn: TestFn, indent: string): Promise<void> {
  const failures: unknown[] = [];
  const t: TestContext = {
    name,
    async step(nameOrDef, stepFn) {
      const def = definition(nameOrDef, stepFn);
      if (def.ignore) return false;
      steps++;
      try {
        await runWithSteps(def.name, def.fn, indent + "  ");
        return true;
      } catch (error) {
        console.log(`${indent}  step ${def.name} ... FAILED`);
        failures.push(error);
        return false;
      }
    },
  };
  await fn(t);
  if (failures.length > 0) throw failures[0];
}

const shim = {
  test(nameOrDef: string | TestDefinition, fn?: TestFn): void {
    registered.push({ ...definition(nameOrDef, fn), file: currentFile });
  },
  readTextFileSync(path: string | URL): string {
    return readFileSync(path, "utf8");
  },
};

async function main(): Promise<number> {
  (globalThis as Record<string, unknown>).Deno = shim;
  const start = performance.now();
  for (const file of FILES) {
    currentFile = file;
    await import(new URL(`../${file}`, import.meta.url).href);
  }
  let passed = 0;
  let failed = 0;
  let ignored = 0;
  for (const test of registered) {
    if (test.ignore || DENO_ONLY.has(test.name)) {
      ignored++;
      continue;
    }
    try {
      await runWithSteps(test.name, test.fn, "");
      passed++;
    } catch (error) {
      failed++;
      console.log(`FAILED ${test.file}: ${test.name}`);
      console.log(error);
    }
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(
    `node ${process.version}: ${FILES.length} files, ${passed} passed (${steps} steps), ` +
      `${failed} failed, ${ignored} ignored (${seconds}s)`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// No top-level await, so that a mistaken CommonJS run fails in a test, not in the compiler.
main().then((code) => {
  process.exitCode = code;
});
