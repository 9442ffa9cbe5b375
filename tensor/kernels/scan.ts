/**
 * Scan kernels: cumulative sums and products along one dimension. Plain
 * loops over typed arrays, like `cpu.ts`: no tensors, no gradients, no
 * validation.
 */
import { allocate, type DType, type TypedArray } from "../dtype.ts";
import { Rows, size, type View } from "./cpu.ts";

/** Cumulative reductions. */
export type ScanOp = "sum" | "prod";

/**
 * `out[..., j, ...] = x[..., 0, ...] op ... op x[..., j, ...]` along `dim`,
 * as a new contiguous array of `dtype`. Each line accumulates in float64
 * (PyTorch's CPU accumulator type for float32 too), rounded once per element
 * into `dtype`; ask for float64 to check an integer result before narrowing.
 */
export function scan(op: ScanOp, x: View, dim: number, dtype: DType): TypedArray {
  const out = allocate(dtype, size(x.shape));
  if (out.length === 0) return out;
  const n = x.shape[dim];
  const inner = size(x.shape.slice(dim + 1));
  const s = x.strides[dim];
  const X = x.data;
  const w = new Rows(x.shape.filter((_, d) => d !== dim), [x.strides.filter((_, d) => d !== dim)], [
    x.offset,
  ]);
  for (let r = 0, line = 0; r < w.count; r++) {
    let base = w.pos[0];
    for (let j = 0; j < w.inner; j++, line++, base += w.step[0]) {
      // Line `line` is (outer o, inner i) of the output [outer, n, inner].
      const o = Math.floor(line / inner);
      let q = o * n * inner + (line - o * inner);
      let p = base;
      if (op === "sum") {
        for (let i = 0, acc = 0; i < n; i++, p += s, q += inner) out[q] = acc += X[p];
      } else {
        for (let i = 0, acc = 1; i < n; i++, p += s, q += inner) out[q] = acc *= X[p];
      }
    }
    w.next();
  }
  return out;
}
