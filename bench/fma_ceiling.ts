/**
 * The WebAssembly floating-point ceiling of one core of the running machine:
 * a loop of many independent `f32x4` multiply-add chains, assembled here byte
 * by byte (no build step, no binary in the repository), timed, and reported in
 * GFLOP/s (a multiply and an add per lane count as 2 flops), over the CPU
 * time the loop used, so that a busy machine still gives its ceiling.
 *
 * Plain SIMD128 has no fused multiply-add, so the loop issues `f32x4.mul` then
 * `f32x4.add`; a core with separate multiply and add pipes runs both at once.
 * Where the engine accepts relaxed SIMD, `f32x4.relaxed_madd` (a hardware FMA
 * on x86 with FMA3) is measured too. The best of several chain counts is kept:
 * enough chains to hide the latency, few enough to stay in the 16 registers.
 *
 * `deno run bench/fma_ceiling.ts` prints one JSON line (see `bench/_harness.ts`).
 *
 * @module
 */
import process from "node:process";
import { flag, report } from "./_harness.ts";

/** Unsigned LEB128, as wasm encodes indices, sizes and SIMD opcodes. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

// The few opcodes the loop needs.
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_SUB = 0x6b;
const F32_CONST = 0x43;
const BR_IF = 0x0d;
const LOOP = 0x03;
const END = 0x0b;
const EMPTY_BLOCK = 0x40;
const simd = (op: number) => [0xfd, ...leb(op)];
const F32X4_SPLAT = simd(0x13);
const F32X4_EXTRACT_LANE = simd(0x1f);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_RELAXED_MADD = simd(0x105);

function f32(x: number): number[] {
  return [...new Uint8Array(new Float32Array([x]).buffer)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function vector(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

/**
 * A module exporting `run(iterations: i32) -> f32`: `chains` accumulators each
 * updated `unroll` times per iteration by `acc = acc * m + c`.
 */
export function ceilingModule(
  chains: number,
  unroll: number,
  fused: boolean,
): Uint8Array<ArrayBuffer> {
  // Locals after the i32 parameter: the accumulators, then m and c.
  const acc = (i: number) => 1 + i;
  const m = 1 + chains;
  const c = 2 + chains;
  const body: number[] = [];
  const splat = (local: number, x: number) =>
    body.push(F32_CONST, ...f32(x), ...F32X4_SPLAT, LOCAL_SET, ...leb(local));
  for (let i = 0; i < chains; i++) splat(acc(i), 1 + i / 64);
  splat(m, 0.999);
  splat(c, 0.001);
  body.push(LOOP, EMPTY_BLOCK);
  for (let u = 0; u < unroll; u++) {
    for (let i = 0; i < chains; i++) {
      body.push(LOCAL_GET, ...leb(acc(i)), LOCAL_GET, ...leb(m));
      if (fused) body.push(LOCAL_GET, ...leb(c), ...F32X4_RELAXED_MADD);
      else body.push(...F32X4_MUL, LOCAL_GET, ...leb(c), ...F32X4_ADD);
      body.push(LOCAL_SET, ...leb(acc(i)));
    }
  }
  body.push(LOCAL_GET, 0, I32_CONST, 1, I32_SUB, LOCAL_TEE, 0, BR_IF, 0, END);
  // Return lane 0 of the sum of all chains, so that no chain is dead code.
  body.push(LOCAL_GET, ...leb(acc(0)));
  for (let i = 1; i < chains; i++) body.push(LOCAL_GET, ...leb(acc(i)), ...F32X4_ADD);
  body.push(...F32X4_EXTRACT_LANE, 0, END);
  const locals = vector([[...leb(chains + 2), V128]]);
  const code = [...locals, ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // magic, version 1
    ...section(1, vector([[0x60, 1, I32, 1, F32]])), // type: (i32) -> f32
    ...section(3, vector([[0]])), // one function of type 0
    ...section(7, vector([[...leb(3), ...new TextEncoder().encode("run"), 0x00, 0]])),
    ...section(10, vector([[...leb(code.length), ...code]])),
  ]);
}

// CPU time of this process (user + system), in seconds.
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** GFLOP/s of the best of `repeats` timed runs of about `ms` each. */
function measureModule(
  bytes: Uint8Array<ArrayBuffer>,
  chains: number,
  unroll: number,
  ms: number,
  repeats: number,
): number {
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
    run: (n: number) => number;
  };
  const flopsPerIteration = chains * unroll * 4 * 2;
  let iterations = 1000;
  // Calibrate (and warm up the optimizing compiler).
  for (;;) {
    const t0 = performance.now();
    run(iterations);
    const elapsed = performance.now() - t0;
    if (elapsed > ms / 4) {
      iterations = Math.ceil(iterations * ms / Math.max(elapsed, 1e-3));
      break;
    }
    iterations *= 4;
  }
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    // CPU time, not wall time: a machine property, so time spent descheduled does not count.
    const t0 = cpuSeconds();
    run(iterations);
    const seconds = cpuSeconds() - t0;
    best = Math.max(best, iterations * flopsPerIteration / seconds / 1e9);
  }
  return best;
}

/** The ceiling with and without relaxed SIMD, best over chain counts. */
export function measureCeiling(ms: number, repeats: number): {
  mulAddGflops: number;
  relaxedMaddGflops: number | null;
  chains: number[];
} {
  const chainCounts = [8, 12, 13, 14];
  const unroll = 4;
  const best = (fused: boolean) =>
    Math.max(
      ...chainCounts.map((k) =>
        measureModule(ceilingModule(k, unroll, fused), k, unroll, ms, repeats)
      ),
    );
  const relaxed = WebAssembly.validate(ceilingModule(8, 1, true));
  return {
    mulAddGflops: best(false),
    relaxedMaddGflops: relaxed ? best(true) : null,
    chains: chainCounts,
  };
}

if (import.meta.main) {
  const ms = Number(flag("budget-ms", "3000")) / 40;
  const ceiling = measureCeiling(Math.max(ms, 20), 5);
  report({
    workload: "fma-ceiling",
    impl: "wasm",
    ...ceiling,
    gflops: Math.max(ceiling.mulAddGflops, ceiling.relaxedMaddGflops ?? 0),
  });
}
