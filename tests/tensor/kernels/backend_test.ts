import assert from "node:assert/strict";
import {
  getBackend,
  getNumThreads,
  isBackendAvailable,
  manualSeed,
  matmul,
  randn,
  setBackend,
  setNumThreads,
  type Tensor,
} from "../../../tensor/mod.ts";
import { configureFromEnv, matmul as matmulKernel } from "../../../tensor/kernels/backend.ts";
import { Random } from "../../../random/mod.ts";
import { operand, testMatmulContract } from "./_matmul_contract.ts";
import { poolThreads, productsSplit } from "../../../tensor/kernels/matmul_threads.ts";

/** Runs `fn` with a backend and thread count, restoring the defaults after. */
function using<T>(backend: "wasm" | "ts" | "blas", threads: number, fn: () => T): T {
  setBackend(backend);
  setNumThreads(threads);
  try {
    return fn();
  } finally {
    setBackend("wasm");
    setNumThreads(1);
  }
}

/** A two-layer forward and backward pass; returns the output and both weight gradients. */
function step(x: Tensor, w1: Tensor, w2: Tensor): Float32Array[] {
  w1.grad = null;
  w2.grad = null;
  const y = x.matmul(w1.T).relu().matmul(w2.T);
  y.square().sum().backward();
  return [y, w1.grad!, w2.grad!].map((t) => new Float32Array((t.toArray() as number[][]).flat()));
}

Deno.test("setBackend() and setNumThreads() select what getBackend() and getNumThreads() say", () => {
  assert.equal(getBackend(), "wasm");
  assert.equal(getNumThreads(), 1);
  using("ts", 2, () => {
    assert.equal(getBackend(), "ts");
    assert.equal(getNumThreads(), 2);
    assert.equal(poolThreads(), 2);
  });
  assert.equal(getBackend(), "wasm");
  assert.equal(poolThreads(), 1);
});

Deno.test("setBackend() rejects an unknown backend, option or library", () => {
  assert.throws(() => setBackend("gpu" as "wasm"), {
    name: "RangeError",
    message: 'Cannot select backend "gpu" in setBackend(): expected one of "wasm", "ts", "blas"',
  });
  assert.throws(() => setBackend("wasm", { libary: "x" } as unknown as { library: string }), {
    name: "TypeError",
    message: /setBackend\(\): unknown option "libary"/,
  });
  // Where FFI is granted the message names the library tried, else what is missing.
  assert.throws(() => setBackend("blas", { library: "libnabla-no-such-blas.so" }), {
    name: "Error",
    message:
      /^Cannot select backend "blas" in setBackend\(\): .*(libnabla-no-such-blas\.so|FFI|ffi)/,
  });
  assert.equal(getBackend(), "wasm");
  assert.throws(() => isBackendAvailable("gpu" as "wasm"), {
    name: "RangeError",
    message: /isBackendAvailable\(\)/,
  });
  assert.equal(isBackendAvailable("wasm"), true);
  assert.equal(isBackendAvailable("ts"), true);
});

Deno.test("setNumThreads() rejects a count that is not a positive integer", () => {
  for (const n of [0, -1, 1.5, Number.NaN, "2"]) {
    assert.throws(() => setNumThreads(n as number), {
      name: "RangeError",
      message: new RegExp(`^Cannot set the number of threads in setNumThreads\\(\\): .*got ${n}$`),
    });
  }
  assert.equal(getNumThreads(), 1);
});

Deno.test("a training step gives the same values and gradients on every backend", () => {
  manualSeed(0);
  const x = randn([96, 300]);
  const w1 = randn([200, 300], { requiresGrad: true });
  const w2 = randn([10, 200], { requiresGrad: true });
  const reference = step(x, w1, w2);
  // Threads split the step's products (96·300·200 multiply-adds and more) bit for bit.
  const before = productsSplit();
  assert.deepEqual(using("wasm", 2, () => step(x, w1, w2)), reference);
  assert.ok(productsSplit() > before);
  const others: ["ts" | "blas", number][] = [["ts", 1], ["ts", 2]];
  if (isBackendAvailable("blas")) others.push(["blas", 1], ["blas", 2]);
  for (const [backend, threads] of others) {
    const got = using(backend, threads, () => step(x, w1, w2));
    got.forEach((values, i) => {
      const scale = Math.max(...reference[i].map(Math.abs));
      const worst = Math.max(...values.map((v, j) => Math.abs(v - reference[i][j])));
      assert.ok(worst <= 1e-5 * scale, `${backend} x${threads}, output ${i}: ${worst} of ${scale}`);
    });
  }
  assert.deepEqual(matmul(x, w1.T.detach()).shape, [96, 200]);
});

// The backend's entry meets the contract, epilogue included (run by the kernel or after it).
testMatmulContract("backend matmul()", matmulKernel, { epilogue: true });

Deno.test("backend matmul() adds a bias row and applies relu on every backend and thread count", () => {
  const rng = new Random(18);
  const x = operand(rng, Float32Array, 1, 96, 300, "contiguous");
  const w = operand(rng, Float32Array, 1, 200, 300, "contiguous");
  const wT = { data: w.data, offset: 0, strides: [0, 1, 300] } as const;
  const bias = { data: new Float32Array(200).map(() => rng.uniform(-1, 1)), offset: 0, stride: 1 };
  const settings: ["wasm" | "ts" | "blas", number][] = [["wasm", 1], ["wasm", 2], ["ts", 1], [
    "ts",
    2,
  ]];
  if (isBackendAvailable("blas")) settings.push(["blas", 1]);
  for (const [backend, threads] of settings) {
    const [fused, plain] = using(backend, threads, () => {
      const fused = new Float32Array(96 * 200);
      const plain = new Float32Array(96 * 200);
      matmulKernel(x, wT, fused, 1, 96, 300, 200, { bias, relu: true });
      matmulKernel(x, wT, plain, 1, 96, 300, 200);
      return [fused, plain];
    });
    for (let i = 0; i < plain.length; i++) {
      const v = Math.fround(plain[i] + bias.data[i % 200]);
      plain[i] = v <= 0 ? 0 : v;
    }
    // BLAS accumulates the product onto the bias: its own rounding.
    const worst = Math.max(...fused.map((v, i) => Math.abs(v - plain[i])));
    if (backend === "blas") assert.ok(worst < 1e-4, `blas: ${worst}`);
    else assert.deepEqual(fused, plain, `${backend} x${threads}`);
  }
});

Deno.test("configureFromEnv() reads NABLA_BACKEND and NABLA_NUM_THREADS", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  try {
    configureFromEnv(env({ NABLA_BACKEND: "ts", NABLA_NUM_THREADS: "2" }));
    assert.equal(getBackend(), "ts");
    assert.equal(getNumThreads(), 2);
    configureFromEnv(env({ NABLA_BACKEND: "", NABLA_NUM_THREADS: "" })); // empty: unchanged
    assert.equal(getBackend(), "ts");
  } finally {
    setBackend("wasm");
    setNumThreads(1);
  }
  assert.throws(() => configureFromEnv(env({ NABLA_BACKEND: "cuda" })), {
    name: "RangeError",
    message: 'Cannot read NABLA_BACKEND: expected one of wasm, ts, blas, got "cuda"',
  });
  assert.throws(() => configureFromEnv(env({ NABLA_NUM_THREADS: "two" })), {
    name: "RangeError",
    message: 'Cannot read NABLA_NUM_THREADS: expected an integer >= 1, got "two"',
  });
  assert.equal(getBackend(), "wasm");
});

Deno.test("the environment selects a backend where it may be read, and only there", async () => {
  const script = 'import { getBackend, getNumThreads } from "./tensor/mod.ts";\n' +
    "console.log(getBackend(), getNumThreads());";
  const run = async (permissions: string[]) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", ...permissions, "-"], // the script from stdin
      cwd: new URL("../../../", import.meta.url),
      env: { NABLA_BACKEND: "ts", NABLA_NUM_THREADS: "2", NO_COLOR: "1" },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(script));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const text = new TextDecoder();
    assert.equal(code, 0, text.decode(stderr));
    return text.decode(stdout).trim();
  };
  assert.equal(
    await run(["--allow-env=NABLA_BACKEND,NABLA_NUM_THREADS,NABLA_BLAS_LIBRARY"]),
    "ts 2",
  );
  assert.equal(await run([]), "wasm 1"); // no --allow-env: defaults, no prompt, no error
});
