/**
 * Fused activation kernels: GELU and its derivative in one pass each, where
 * the composition `x/2 · (1 + erf(x/√2))` takes six passes forward and about
 * a dozen backward. Contiguous data only; like every kernel, they take
 * validated arguments and know nothing of tensors or gradients.
 *
 * The normal CDF `Φ` comes from the 1-ulp `erf` for float64 outputs; float32
 * outputs use a polynomial fit of the scaled `erfc` (relative error 3e-8,
 * tails included; GELU within 1 ulp of the float64 formula rounded) that
 * shares its one `exp` with the density: `exp` costs some 130 instructions
 * in V8, and GELU runs on the widest activations of a transformer.
 */
import { allocate, type DType, empty, type TypedArray } from "../dtype.ts";
import { erf } from "./cpu.ts";
import * as simd from "./transformer_wasm.ts";

/** Float32 inputs of at least this many elements run on WebAssembly SIMD (`transformer_wasm.ts`). */
export const WASM_MIN_ELEMENTS = 64;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Φ(x) = erfc(-x/√2) / 2 to a relative 4e-8 (enough for float32), given
 * `e = exp(-x²/2)`: with `z = |x|/√2` and `t = 1/(1 + z/2)`,
 * `erfc(z) = e · t · G(t)`, where `G(t) = erfcx(z)/t` is smooth on `[0, 1]`
 * and fitted by a polynomial of degree 11 (Chebyshev least squares against
 * SciPy's `erfcx`, relative error 3e-8). The one `exp` also serves the
 * density `φ(x) = e/√(2π)`.
 */
function cdf32(x: number, e: number): number {
  const t = 1 / (1 + 0.5 * Math.SQRT1_2 * Math.abs(x));
  const g = 0.28209480027199635 + t * (0.2820933493046175 + t * (0.24689249970049795 +
            t * (0.17526125270817516 + t * (0.09351822603039468 + t * (-0.05806657721314254 +
                        t *
                          (0.1253807078222462 + t * (-0.4365380126150751 + t * (0.4652909650967647 +
                                    t *
                                      (-0.20922066281684099 +
                                        t *
                                          (0.030728830725244807 +
                                            t * 0.0025646436477779404))))))))));
  const half = 0.5 * e * t * g;
  return x >= 0 ? 1 - half : half;
}

/** Φ(x) = (1 + erf(x/√2)) / 2, to about 1 ulp. */
function cdf64(x: number): number {
  return 0.5 * (1 + erf(x * Math.SQRT1_2));
}

// Tables for float32 outputs on [-8, 8): Φ, and gelu' = Φ + x·φ, with their
// derivatives, every 1/128, for cubic Hermite interpolation (relative error
// below 1e-8 where float32 needs 6e-8, and no exp at all; outside, the
// polynomial fit above).
const LO = -8;
const STEPS = 128;
const NODES = 16 * STEPS + 1;
const H = 1 / STEPS;
const CDF = new Float64Array(NODES);
const PDF = new Float64Array(NODES);
const DGELU = new Float64Array(NODES);
const D2GELU = new Float64Array(NODES);
for (let i = 0; i < NODES; i++) {
  const x = LO + i * H;
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  // NOTE: Φ from erfc for x < 0 keeps its relative accuracy in the tail.
  CDF[i] = x < 0 ? 0.5 * t32erfc(-x * Math.SQRT1_2) : cdf64(x);
  PDF[i] = pdf;
  DGELU[i] = CDF[i] + x * pdf;
  D2GELU[i] = pdf * (2 - x * x);
}

// erfc(z) for z >= 0 from the 1-ulp erf near 0, else from the fit (tables only).
function t32erfc(z: number): number {
  return z < 0.5 ? 1 - erf(z) : 2 * cdf32(-z * Math.SQRT2, Math.exp(-z * z));
}

/** Cubic Hermite interpolation of a tabulated function `y` with derivative `d` at node position `u`. */
function hermite(y: Float64Array, d: Float64Array, u: number): number {
  const i = u | 0; // u >= 0 here
  const s = u - i;
  const y0 = y[i];
  const dy = y[i + 1] - y0;
  const d0 = H * d[i];
  const d1 = H * d[i + 1];
  return y0 + s * (d0 + s * (3 * dy - 2 * d0 - d1 + s * (d0 + d1 - 2 * dy)));
}

/**
 * `gelu(x) = x · Φ(x)`, with `Φ(x) = (1 + erf(x/√2)) / 2` the standard normal
 * CDF; and, if `derivative` is given, `gelu'(x) = Φ(x) + x · φ(x)` into it
 * (`φ` the standard normal density), for the backward, in the same pass.
 * @param x The input's data.
 * @param offset Where the input starts in `x`.
 * @param n The number of elements.
 * @param dtype The output's dtype.
 * @param derivative An array of `n` elements of `dtype` to receive `gelu'(x)`.
 * @returns A new contiguous array of `n` elements.
 */
export function gelu(
  x: TypedArray,
  offset: number,
  n: number,
  dtype: DType,
  derivative?: TypedArray,
): TypedArray {
  if (dtype === "float32" && x instanceof Float32Array && n >= WASM_MIN_ELEMENTS) {
    const out = empty(dtype, n) as Float32Array;
    if (simd.geluF32(x, offset, out, derivative as Float32Array | undefined, n)) return out;
  }
  const out = allocate(dtype, n);
  const float32 = dtype === "float32";
  for (let i = 0; i < n; i++) {
    const v = x[offset + i];
    const u = (v - LO) * STEPS;
    if (float32 && u >= 0 && u < NODES - 1) {
      out[i] = v * hermite(CDF, PDF, u);
      if (derivative) derivative[i] = hermite(DGELU, D2GELU, u);
      continue;
    }
    const e = Math.exp(-0.5 * v * v);
    const cdf = float32 ? cdf32(v, e) : cdf64(v);
    out[i] = v * cdf;
    if (derivative) derivative[i] = cdf + v * INV_SQRT_2PI * e;
  }
  return out;
}
