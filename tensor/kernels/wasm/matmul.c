/*
 * WebAssembly SIMD (simd128) matmul kernels for tensor/kernels/matmul_wasm.ts.
 * Rebuild the embedded module with `deno run -A tensor/kernels/wasm/build.ts`.
 *
 * The TypeScript side copies each operand block into this module's memory
 * (dense, any strides), then calls, per block:
 *   pack_a_*: a rows x depth block of A into MR-row panels, interleaved along k:
 *             dst[(panel * depth + p) * MR + r] = A[panel * MR + r, p]
 *   pack_b_*: a depth x cols block of B into NR-column panels:
 *             dst[(panel * depth + p) * NR + c] = B[p, panel * NR + c]
 *   gemm_*:   C[rows x cols] (row stride ldc) = or += packed A @ packed B.
 * Last panels are zero-padded. Strides are in elements and may be 0 or negative.
 *
 * float32: 4x8 register tile, 8 f32x4 accumulators (products summed in float32).
 * float64: 4x4 register tile, 8 f64x2 accumulators.
 * No fused multiply-add (not in simd128), no fast-math: results are
 * deterministic and independent of the engine.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

#define MR 4
#define NR32 8
#define NR64 4

#define PACK_A(NAME, T)                                                        \
  EXPORT(#NAME)                                                                \
  void NAME(const T *src, int rs, int cs, int rows, int depth, T *dst) {       \
    for (int i0 = 0; i0 < rows; i0 += MR) {                                    \
      int h = rows - i0 < MR ? rows - i0 : MR;                                 \
      T *d = dst + i0 * depth;                                                 \
      const T *s = src + i0 * rs;                                              \
      if (h == MR) {                                                           \
        const T *s0 = s, *s1 = s + rs, *s2 = s + 2 * rs, *s3 = s + 3 * rs;     \
        for (int p = 0, q = 0; p < depth; p++, q += cs) {                      \
          d[4 * p] = s0[q];                                                    \
          d[4 * p + 1] = s1[q];                                                \
          d[4 * p + 2] = s2[q];                                                \
          d[4 * p + 3] = s3[q];                                                \
        }                                                                      \
      } else {                                                                 \
        for (int p = 0; p < depth; p++)                                        \
          for (int r = 0; r < MR; r++)                                         \
            d[4 * p + r] = r < h ? s[p * cs + r * rs] : (T)0;                  \
      }                                                                        \
    }                                                                          \
  }

PACK_A(pack_a_f32, float)
PACK_A(pack_a_f64, double)

#define PACK_B(NAME, T, NR)                                                    \
  EXPORT(#NAME)                                                                \
  void NAME(const T *src, int rs, int cs, int depth, int cols, T *dst) {       \
    for (int j0 = 0; j0 < cols; j0 += NR) {                                    \
      int w = cols - j0 < NR ? cols - j0 : NR;                                 \
      T *d = dst + j0 * depth;                                                 \
      const T *s = src + j0 * cs;                                              \
      if (w == NR && cs == 1) {                                                \
        for (int p = 0; p < depth; p++)                                        \
          for (int c = 0; c < NR; c++) d[NR * p + c] = s[p * rs + c];          \
      } else {                                                                 \
        for (int c = 0; c < NR; c++) {                                         \
          if (c < w) {                                                         \
            const T *sc = s + c * cs;                                          \
            for (int p = 0; p < depth; p++) d[NR * p + c] = sc[p * rs];        \
          } else {                                                             \
            for (int p = 0; p < depth; p++) d[NR * p + c] = (T)0;              \
          }                                                                    \
        }                                                                      \
      }                                                                        \
    }                                                                          \
  }

PACK_B(pack_b_f32, float, NR32)
PACK_B(pack_b_f64, double, NR64)

/* Writes (or adds) the valid h x w corner of a tile held row by row in t. */
#define STORE_EDGE(T, NR)                                                      \
  for (int r = 0; r < h && r < MR; r++)                                        \
    for (int c = 0; c < w && c < NR; c++) {                                    \
      T *o = cp + r * ldc + c;                                                 \
      *o = accumulate ? *o + t[r * NR + c] : t[r * NR + c];                    \
    }

EXPORT("gemm_f32")
void gemm_f32(const float *pa, const float *pb, float *c, int rows, int depth,
              int cols, int ldc, int accumulate) {
  for (int j0 = 0; j0 < cols; j0 += NR32) {
    const float *bp0 = pb + j0 * depth;
    int w = cols - j0;
    for (int i0 = 0; i0 < rows; i0 += MR) {
      const float *ap = pa + i0 * depth;
      const float *bp = bp0;
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (int p = 0; p < depth; p++) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        v128_t a0 = wasm_v128_load32_splat(ap);
        v128_t a1 = wasm_v128_load32_splat(ap + 1);
        v128_t a2 = wasm_v128_load32_splat(ap + 2);
        v128_t a3 = wasm_v128_load32_splat(ap + 3);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
        ap += MR;
        bp += NR32;
      }
      float *cp = c + i0 * ldc + j0;
      int h = rows - i0;
      if (h >= MR && w >= NR32) {
        if (accumulate) {
#define ACC(o, v) wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), v))
          ACC(cp, c00); ACC(cp + 4, c01);
          ACC(cp + ldc, c10); ACC(cp + ldc + 4, c11);
          ACC(cp + 2 * ldc, c20); ACC(cp + 2 * ldc + 4, c21);
          ACC(cp + 3 * ldc, c30); ACC(cp + 3 * ldc + 4, c31);
#undef ACC
        } else {
          wasm_v128_store(cp, c00); wasm_v128_store(cp + 4, c01);
          wasm_v128_store(cp + ldc, c10); wasm_v128_store(cp + ldc + 4, c11);
          wasm_v128_store(cp + 2 * ldc, c20); wasm_v128_store(cp + 2 * ldc + 4, c21);
          wasm_v128_store(cp + 3 * ldc, c30); wasm_v128_store(cp + 3 * ldc + 4, c31);
        }
      } else {
        float t[MR * NR32];
        wasm_v128_store(t, c00); wasm_v128_store(t + 4, c01);
        wasm_v128_store(t + 8, c10); wasm_v128_store(t + 12, c11);
        wasm_v128_store(t + 16, c20); wasm_v128_store(t + 20, c21);
        wasm_v128_store(t + 24, c30); wasm_v128_store(t + 28, c31);
        STORE_EDGE(float, NR32)
      }
    }
  }
}

EXPORT("gemm_f64")
void gemm_f64(const double *pa, const double *pb, double *c, int rows, int depth,
              int cols, int ldc, int accumulate) {
  for (int j0 = 0; j0 < cols; j0 += NR64) {
    const double *bp0 = pb + j0 * depth;
    int w = cols - j0;
    for (int i0 = 0; i0 < rows; i0 += MR) {
      const double *ap = pa + i0 * depth;
      const double *bp = bp0;
      v128_t c00 = wasm_f64x2_splat(0), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (int p = 0; p < depth; p++) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 2);
        v128_t a0 = wasm_v128_load64_splat(ap);
        v128_t a1 = wasm_v128_load64_splat(ap + 1);
        v128_t a2 = wasm_v128_load64_splat(ap + 2);
        v128_t a3 = wasm_v128_load64_splat(ap + 3);
        c00 = wasm_f64x2_add(c00, wasm_f64x2_mul(a0, b0));
        c01 = wasm_f64x2_add(c01, wasm_f64x2_mul(a0, b1));
        c10 = wasm_f64x2_add(c10, wasm_f64x2_mul(a1, b0));
        c11 = wasm_f64x2_add(c11, wasm_f64x2_mul(a1, b1));
        c20 = wasm_f64x2_add(c20, wasm_f64x2_mul(a2, b0));
        c21 = wasm_f64x2_add(c21, wasm_f64x2_mul(a2, b1));
        c30 = wasm_f64x2_add(c30, wasm_f64x2_mul(a3, b0));
        c31 = wasm_f64x2_add(c31, wasm_f64x2_mul(a3, b1));
        ap += MR;
        bp += NR64;
      }
      double *cp = c + i0 * ldc + j0;
      int h = rows - i0;
      if (h >= MR && w >= NR64) {
        if (accumulate) {
#define ACC(o, v) wasm_v128_store(o, wasm_f64x2_add(wasm_v128_load(o), v))
          ACC(cp, c00); ACC(cp + 2, c01);
          ACC(cp + ldc, c10); ACC(cp + ldc + 2, c11);
          ACC(cp + 2 * ldc, c20); ACC(cp + 2 * ldc + 2, c21);
          ACC(cp + 3 * ldc, c30); ACC(cp + 3 * ldc + 2, c31);
#undef ACC
        } else {
          wasm_v128_store(cp, c00); wasm_v128_store(cp + 2, c01);
          wasm_v128_store(cp + ldc, c10); wasm_v128_store(cp + ldc + 2, c11);
          wasm_v128_store(cp + 2 * ldc, c20); wasm_v128_store(cp + 2 * ldc + 2, c21);
          wasm_v128_store(cp + 3 * ldc, c30); wasm_v128_store(cp + 3 * ldc + 2, c31);
        }
      } else {
        double t[MR * NR64];
        wasm_v128_store(t, c00); wasm_v128_store(t + 2, c01);
        wasm_v128_store(t + 4, c10); wasm_v128_store(t + 6, c11);
        wasm_v128_store(t + 8, c20); wasm_v128_store(t + 10, c21);
        wasm_v128_store(t + 12, c30); wasm_v128_store(t + 14, c31);
        STORE_EDGE(double, NR64)
      }
    }
  }
}
