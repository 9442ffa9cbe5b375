/**
 * Python's spelling of values in `extraRepr()`, so that `String(model)` reads
 * exactly like PyTorch's `print(model)`. Private to `nn/`.
 */

/** A float as Python's `repr` writes it: `0.5`, `1.0`, `1e-05`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e16)) {
    // JavaScript writes 1e-5 where Python writes 1e-05 (at least two exponent digits).
    return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** A boolean as Python writes it: `True`, `False`. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** A tuple of integers as Python writes it: `(3, 3)`, `(2,)`. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

/** A string as Python's `repr` writes it: `'none'`. */
export function pyStr(s: string): string {
  return `'${s}'`;
}
