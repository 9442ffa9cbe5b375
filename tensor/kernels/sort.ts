/**
 * Sorting kernel: the order of the elements of each line of a view along one
 * dimension, as int32 indices. Plain loops over typed arrays, like `cpu.ts`:
 * no tensors, no gradients, no validation.
 */
import { allocate } from "../dtype.ts";
import { Rows, size, type View } from "./cpu.ts";

/**
 * For each line of `x` along `dim`, the indices of its `k` smallest
 * (`descending` false) or largest elements, in sorted order, as a new
 * contiguous Int32Array of `x.shape` with `dim` of size `k`. NaN sorts above
 * every number, as in PyTorch; ties keep their order in the line (a stable
 * sort), so the result never depends on the sorting algorithm.
 */
export function argsort(x: View, dim: number, descending: boolean, k: number): Int32Array {
  const n = x.shape[dim];
  const keptShape = x.shape.filter((_, d) => d !== dim);
  const keptStrides = x.strides.filter((_, d) => d !== dim);
  const out = allocate("int32", size(keptShape) * k) as Int32Array;
  if (out.length === 0) return out;
  const inner = size(x.shape.slice(dim + 1));
  const s = x.strides[dim];
  const X = x.data;
  const values = new Float64Array(n);
  const order = new Int32Array(n);
  // NOTE: ties (and NaN against NaN) compare by index, so every engine gives one order.
  const compare = descending
    ? (a: number, b: number): number => {
      const va = values[a];
      const vb = values[b];
      if (va > vb) return -1;
      if (va < vb) return 1;
      const na = va !== va;
      if (na !== (vb !== vb)) return na ? -1 : 1;
      return a - b;
    }
    : (a: number, b: number): number => {
      const va = values[a];
      const vb = values[b];
      if (va < vb) return -1;
      if (va > vb) return 1;
      const na = va !== va;
      if (na !== (vb !== vb)) return na ? 1 : -1;
      return a - b;
    };
  const w = new Rows(keptShape, [keptStrides], [x.offset]);
  for (let r = 0, line = 0; r < w.count; r++) {
    let base = w.pos[0];
    for (let j = 0; j < w.inner; j++, line++, base += w.step[0]) {
      for (let i = 0, p = base; i < n; i++, p += s) {
        values[i] = X[p];
        order[i] = i;
      }
      order.sort(compare);
      // Line `line` is (outer o, inner i) of the output [outer, k, inner].
      const o = Math.floor(line / inner);
      let q = o * k * inner + (line - o * inner);
      for (let i = 0; i < k; i++, q += inner) out[q] = order[i];
    }
    w.next();
  }
  return out;
}
