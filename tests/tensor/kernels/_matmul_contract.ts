/**
 * The contract every matmul kernel meets (the TypeScript one and the
 * WebAssembly one): random operands in every layout, checked against a
 * float64 triple loop. Each kernel's test file runs it, then its own tests.
 */
import assert from "node:assert/strict";
import type * as kernels from "../../../tensor/kernels/matmul.ts";
import type { BiasRow, Epilogue, MatmulOperand } from "../../../tensor/kernels/matmul.ts";
import { Random } from "../../../random/mod.ts";

/** A kernel with the signature of `matmul` in tensor/kernels/matmul.ts. */
export type Kernel = typeof kernels.matmul;
/** A kernel that also takes an epilogue (`matmul` of matmul_wasm.ts, matmul_blas.ts, backend.ts). */
export type EpilogueKernel = (...args: [...Parameters<Kernel>, Epilogue?]) => void;

type Floats = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
/** How an operand's `[batch, rows, cols]` view sits in its storage. */
export type Layout = "contiguous" | "transposed" | "broadcast" | "strided" | "reversed";

/** A random `[batch, rows, cols]` operand with the given layout. */
export function operand(
  rng: Random,
  ctor: Ctor,
  batch: number,
  rows: number,
  cols: number,
  layout: Layout,
): MatmulOperand {
  const size = rows * cols;
  let offset = 0;
  let strides: [number, number, number];
  let length = batch * size;
  switch (layout) {
    case "contiguous":
      strides = [size, cols, 1];
      break;
    case "transposed": // row stride 1: the layout of a transposed view
      strides = [size, 1, rows];
      break;
    case "broadcast":
      strides = [0, cols, 1];
      length = size;
      break;
    case "strided": { // every other column, padded rows, an offset
      const rowStride = 2 * cols + 1;
      strides = [rows * rowStride + 5, rowStride, 2];
      offset = 3;
      length = offset + batch * strides[0];
      break;
    }
    case "reversed": // rows in reverse order (negative row stride)
      strides = [size, -cols, 1];
      offset = (rows - 1) * cols;
      break;
  }
  const data = new ctor(Math.max(length, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return { data, offset, strides };
}

/** Element `[t, i, j]` of an operand. */
function at(x: MatmulOperand, t: number, i: number, j: number): number {
  return x.data[x.offset + t * x.strides[0] + i * x.strides[1] + j * x.strides[2]];
}

/**
 * Checks `matmul` against a float64 triple loop: each output may differ from
 * the reference by `rtol · Σ_p |a_ip · b_pj|`, a scale that stays meaningful
 * when cancellation makes the exact result near zero.
 */
function check(
  matmul: Kernel,
  a: MatmulOperand,
  b: MatmulOperand,
  out: Floats,
  batch: number,
  m: number,
  k: number,
  n: number,
  rtol: number,
  epilogue?: Epilogue,
): void {
  out.fill(Number.NaN); // must be overwritten, never read
  // Elements past batch·m·n must be left alone: run on a longer array.
  const padded = new (out instanceof Float32Array ? Float32Array : Float64Array)(out.length + 3);
  padded.fill(Number.NaN);
  padded.fill(12345, out.length);
  if (epilogue === undefined) matmul(a, b, padded, batch, m, k, n);
  else (matmul as EpilogueKernel)(a, b, padded, batch, m, k, n, epilogue);
  const bias = epilogue?.bias;
  assert.deepEqual(
    [...padded.subarray(out.length)],
    [12345, 12345, 12345],
    "wrote past the output",
  );
  out.set(padded.subarray(0, out.length));
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let scale = 0;
        for (let p = 0; p < k; p++) {
          const prod = at(a, t, i, p) * at(b, t, p, j);
          sum += prod;
          scale += Math.abs(prod);
        }
        if (bias !== undefined) {
          const add = bias.data[bias.offset + j * bias.stride];
          sum += add;
          scale += Math.abs(add);
        }
        if (epilogue?.relu && !(sum > 0)) sum = 0;
        const got = out[(t * m + i) * n + j];
        const err = Math.abs(got - sum);
        if (!(err <= rtol * scale + Number.MIN_VALUE)) {
          assert.fail(
            `out[${t}, ${i}, ${j}] of [${batch}, ${m}, ${k}] @ [${batch}, ${k}, ${n}] is ${got}, ` +
              `expected ${sum} (error ${err}, scale ${scale})`,
          );
        }
      }
    }
  }
}

const DTYPES: [string, Ctor, number][] = [
  ["float64", Float64Array, 1e-12],
  ["float32", Float32Array, 1e-5],
];
const SIZES = [1, 2, 7, 13, 65, 129];

/** Options of {@linkcode testMatmulContract}. */
export interface ContractOptions {
  /** Register the tests as ignored (a kernel that cannot run here, such as BLAS without FFI). */
  ignore?: boolean;
  /** The kernel takes an epilogue (an {@linkcode EpilogueKernel}): test it too. */
  epilogue?: boolean;
}

/**
 * Registers the shared tests for one kernel.
 * @param label How test names refer to the kernel, such as `"matmul()"`.
 * @param matmul The kernel under test.
 * @param options `ignore`: register the tests as ignored.
 */
export function testMatmulContract(
  label: string,
  matmul: Kernel,
  options: ContractOptions = {},
): void {
  const ignore = options.ignore ?? false;
  const test = (name: string, fn: () => void) => Deno.test({ name, ignore, fn });
  if (options.epilogue) testEpilogue(label, matmul as EpilogueKernel, test);
  test(`${label} multiplies a 2x3 by a 3x2 matrix`, () => {
    const a = {
      data: new Float64Array([1, 2, 3, 4, 5, 6]),
      offset: 0,
      strides: [6, 3, 1],
    } as const;
    const b = {
      data: new Float64Array([7, 8, 9, 10, 11, 12]),
      offset: 0,
      strides: [6, 2, 1],
    } as const;
    const out = new Float64Array(4);
    matmul(a, b, out, 1, 2, 3, 2);
    assert.deepEqual([...out], [58, 64, 139, 154]);
  });

  for (const [name, ctor, rtol] of DTYPES) {
    test(`${label} matches a float64 reference for odd and degenerate ${name} shapes`, () => {
      const rng = new Random(1);
      for (const m of SIZES) {
        for (const k of SIZES) {
          for (const n of SIZES) {
            const a = operand(rng, ctor, 1, m, k, "contiguous");
            const b = operand(rng, ctor, 1, k, n, "contiguous");
            check(matmul, a, b, new ctor(m * n), 1, m, k, n, rtol);
          }
        }
      }
    });

    test(`${label} handles every ${name} operand layout`, () => {
      const rng = new Random(2);
      const layouts: Layout[] = ["contiguous", "transposed", "broadcast", "strided", "reversed"];
      for (const la of layouts) {
        for (const lb of layouts) {
          for (const [batch, m, k, n] of [[3, 13, 7, 65], [2, 1, 129, 1], [4, 65, 2, 13]]) {
            const a = operand(rng, ctor, batch, m, k, la);
            const b = operand(rng, ctor, batch, k, n, lb);
            check(matmul, a, b, new ctor(batch * m * n), batch, m, k, n, rtol);
          }
        }
      }
    });

    test(`${label} blocks large ${name} dimensions correctly`, () => {
      const rng = new Random(3);
      // k over 1024 splits k (accumulating into out); m and n large against k split them.
      for (
        const [batch, m, k, n, lb] of [
          [2, 6, 2500, 5, "broadcast"],
          [1, 130, 1024, 9, "transposed"],
          [1, 9, 513, 17, "reversed"],
          [3, 700, 40, 3, "broadcast"],
          [1, 5, 1024, 300, "contiguous"],
          [2, 70, 1030, 131, "strided"],
        ] as const
      ) {
        const a = operand(rng, ctor, batch, m, k, "transposed");
        const b = operand(rng, ctor, batch, k, n, lb);
        check(matmul, a, b, new ctor(batch * m * n), batch, m, k, n, rtol);
      }
    });
  }

  test(`${label} computes the MLP backward products on transposed views`, () => {
    // dW = Xᵀ @ dY and dX = dY @ Wᵀ, with Xᵀ and Wᵀ as views of row-major storage.
    const rng = new Random(4);
    const x = operand(rng, Float32Array, 1, 64, 78, "contiguous");
    const dy = operand(rng, Float32Array, 1, 64, 25, "contiguous");
    const w = operand(rng, Float32Array, 1, 78, 25, "contiguous");
    const xT = { data: x.data, offset: 0, strides: [0, 1, 78] } as const;
    const wT = { data: w.data, offset: 0, strides: [0, 1, 25] } as const;
    check(matmul, xT, dy, new Float32Array(78 * 25), 1, 78, 64, 25, 1e-5);
    check(matmul, dy, wT, new Float32Array(64 * 78), 1, 64, 25, 78, 1e-5);
  });

  test(`${label} mixes float32 and float64 operands and outputs`, () => {
    const rng = new Random(5);
    const a = operand(rng, Float32Array, 2, 9, 17, "contiguous");
    const b = operand(rng, Float64Array, 2, 17, 5, "transposed");
    check(matmul, a, b, new Float64Array(2 * 9 * 5), 2, 9, 17, 5, 1e-12);
    const c = operand(rng, Float64Array, 2, 5, 9, "transposed");
    check(matmul, c, a, new Float32Array(2 * 5 * 17), 2, 5, 9, 17, 1e-5);
  });

  test(`${label} writes zeros when k is 0 and nothing when the output is empty`, () => {
    const empty = { data: new Float32Array(0), offset: 0, strides: [0, 0, 0] } as const;
    const out = new Float32Array(6).fill(7);
    matmul(empty, empty, out, 1, 2, 0, 3);
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0]);
    out.fill(7);
    matmul(empty, empty, out, 1, 0, 4, 3);
    matmul(empty, empty, out, 1, 2, 4, 0);
    matmul(empty, empty, out, 0, 2, 4, 3);
    assert.deepEqual([...out], [7, 7, 7, 7, 7, 7]);
  });

  for (const [name, ctor, rtol] of DTYPES) {
    test(`${label} multiplies ${name} views of one array with offsets (x @ xᵀ)`, () => {
      const rng = new Random(13);
      // Two [batch, 40, 24] matrices side by side in one array, from element 7 on.
      const data = new ctor(7 + 3 * 40 * 48);
      for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
      const x = { data, offset: 7, strides: [40 * 48, 48, 1] } as const;
      const right = { data, offset: 7 + 24, strides: [40 * 48, 48, 1] } as const;
      const rightT = { data, offset: 7 + 24, strides: [40 * 48, 1, 48] } as const;
      check(matmul, x, rightT, new ctor(3 * 40 * 40), 3, 40, 24, 40, rtol);
      const xT = { data, offset: 7, strides: [40 * 48, 1, 48] } as const;
      check(matmul, xT, right, new ctor(3 * 24 * 24), 3, 24, 40, 24, rtol);
    });

    test(`${label} ignores the strides of ${name} dimensions of size 1`, () => {
      const rng = new Random(14);
      const data = new ctor(200);
      for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
      // A column [37, 1] with column stride 0, a row [1, 37] with row stride -5 or 1000.
      const column = { data, offset: 100, strides: [0, 2, 0] } as const;
      const rowA = { data, offset: 10, strides: [0, -5, 1] } as const;
      const rowB = { data, offset: 150, strides: [0, 1000, 1] } as const;
      check(matmul, column, rowB, new ctor(37 * 37), 1, 37, 1, 37, rtol); // outer product
      check(matmul, rowA, column, new ctor(1), 1, 1, 37, 1, rtol); // dot product
      check(
        matmul,
        column,
        { data, offset: 3, strides: [0, 7, 9] },
        new ctor(37),
        1,
        37,
        1,
        1,
        rtol,
      );
    });

    test(`${label} broadcasts one ${name} operand over a long batch`, () => {
      const rng = new Random(15);
      for (const [la, lb] of [["strided", "broadcast"], ["broadcast", "transposed"]] as const) {
        const a = operand(rng, ctor, 33, 9, 20, la);
        const b = operand(rng, ctor, 33, 20, 11, lb);
        check(matmul, a, b, new ctor(33 * 9 * 11), 33, 9, 20, 11, rtol);
      }
    });
  }
}

/** The epilogue: a bias row added to every output row, then relu, in every layout and dtype. */
function testEpilogue(
  label: string,
  matmul: EpilogueKernel,
  test: (name: string, fn: () => void) => void,
): void {
  const row = (rng: Random, ctor: Ctor, n: number, stride: number, offset: number): BiasRow => {
    const data = new ctor(offset + Math.max(n - 1, 0) * stride + 1);
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
    return { data, offset, stride };
  };
  for (const [name, ctor, rtol] of DTYPES) {
    test(`${label} adds a ${name} bias row to every output row, then relu`, () => {
      const rng = new Random(16);
      for (
        const [batch, m, k, n, la, lb] of [
          [1, 64, 78, 25, "contiguous", "transposed"], // a linear layer, x @ Wᵀ + b
          [1, 64, 20, 10, "contiguous", "transposed"], // narrow: the product runs transposed
          [2, 13, 7, 65, "strided", "reversed"],
          [1, 1, 1, 1, "contiguous", "contiguous"],
          [1, 9, 1030, 131, "transposed", "broadcast"], // k in several blocks
        ] as const
      ) {
        const a = operand(rng, ctor, batch, m, k, la);
        const b = operand(rng, ctor, batch, k, n, lb);
        for (const [stride, offset] of [[1, 0], [3, 2]]) {
          const bias = row(rng, ctor, n, stride, offset);
          check(matmul, a, b, new ctor(batch * m * n), batch, m, k, n, rtol, { bias });
          check(matmul, a, b, new ctor(batch * m * n), batch, m, k, n, rtol, { bias, relu: true });
        }
        check(matmul, a, b, new ctor(batch * m * n), batch, m, k, n, rtol, { relu: true });
      }
    });
  }

  test(`${label} adds a bias row when k is 0`, () => {
    const empty = { data: new Float32Array(0), offset: 0, strides: [0, 0, 0] } as const;
    const out = new Float32Array(4).fill(7);
    const bias = { data: new Float32Array([1, -2]), offset: 0, stride: 1 };
    matmul(empty, empty, out, 1, 2, 0, 2, { bias });
    assert.deepEqual([...out], [1, -2, 1, -2]);
    matmul(empty, empty, out, 1, 2, 0, 2, { bias, relu: true });
    assert.deepEqual([...out], [1, 0, 1, 0]);
  });
}
