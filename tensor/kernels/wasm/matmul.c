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
 * float32: 5x8 register tile (MR32 x NR32), 10 f32x4 accumulators (products
 * summed in float32). Of the five A values of a k step, the first four are one
 * 16-byte load splat lane by lane with shuffles (fewer loads than load-splats),
 * the fifth a load-splat. With the two B vectors, one A vector and one splat
 * live, that is 14 of the 16 vector registers of x86-64: a sixth row (12
 * accumulators) spills under V8 with the shuffled load and is no faster with
 * six load-splats, and a k loop whose splats are all computed up front spills
 * too, which is why wasm/build.ts compiles this file with the instructions
 * kept in source order. Each load costs a bounds check in
 * engines without guard pages (Deno), so fewer loads per multiply-add pays.
 * float64: 4x4 register tile (MR64 x NR64), 8 f64x2 accumulators; the four A
 * values of a k step are two 16-byte loads split by shuffles.
 *
 * Built twice (wasm/build.ts): with RELAXED defined, each multiply-add is
 * relaxed-simd's f32x4.relaxed_madd / f64x2.relaxed_madd, which an engine on
 * hardware with FMA runs as one fused instruction (one rounding) and otherwise
 * as a multiply then an add; without it, plain simd128 multiply then add. No
 * fast-math: the order of operations is fixed, so results are deterministic
 * for a given engine and machine.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef float f32x4 __attribute__((__vector_size__(16), __aligned__(16)));
typedef double f64x2 __attribute__((__vector_size__(16), __aligned__(16)));
#ifdef RELAXED
#define MADD32(a, b, c) \
  ((v128_t)__builtin_wasm_relaxed_madd_f32x4((f32x4)(a), (f32x4)(b), (f32x4)(c)))
#define MADD64(a, b, c) \
  ((v128_t)__builtin_wasm_relaxed_madd_f64x2((f64x2)(a), (f64x2)(b), (f64x2)(c)))
#else
#define MADD32(a, b, c) wasm_f32x4_add(c, wasm_f32x4_mul(a, b))
#define MADD64(a, b, c) wasm_f64x2_add(c, wasm_f64x2_mul(a, b))
#endif
#define SPLAT32(v, i) wasm_i32x4_shuffle(v, v, i, i, i, i)
#define SPLAT64(v, i) wasm_i64x2_shuffle(v, v, i, i)

#define MR32 5
#define MR64 4
#define NR32 8
#define NR64 4

#define PACK_A(NAME, T)                                                        \
  EXPORT(#NAME)                                                                \
  void NAME(const T *src, int rs, int cs, int rows, int depth, T *dst) {       \
    for (int i0 = 0; i0 < rows; i0 += MR64) {                                  \
      int h = rows - i0 < MR64 ? rows - i0 : MR64;                             \
      T *d = dst + i0 * depth;                                                 \
      const T *s = src + i0 * rs;                                              \
      if (h == MR64) {                                                         \
        const T *s0 = s, *s1 = s + rs, *s2 = s + 2 * rs, *s3 = s + 3 * rs;     \
        for (int p = 0, q = 0; p < depth; p++, q += cs) {                      \
          d[MR64 * p] = s0[q];                                                 \
          d[MR64 * p + 1] = s1[q];                                             \
          d[MR64 * p + 2] = s2[q];                                             \
          d[MR64 * p + 3] = s3[q];                                             \
        }                                                                      \
      } else {                                                                 \
        for (int p = 0; p < depth; p++)                                        \
          for (int r = 0; r < MR64; r++)                                       \
            d[MR64 * p + r] = r < h ? s[p * cs + r * rs] : (T)0;               \
      }                                                                        \
    }                                                                          \
  }

PACK_A(pack_a_f64, double)

/* Transposes the 4x4 block whose rows are r0..r3 into columns o0..o3. */
#define TRANSPOSE4(r0, r1, r2, r3, o0, o1, o2, o3)                             \
  do {                                                                         \
    v128_t lo01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);                      \
    v128_t lo23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);                      \
    v128_t hi01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);                      \
    v128_t hi23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);                      \
    o0 = wasm_i32x4_shuffle(lo01, lo23, 0, 1, 4, 5);                           \
    o1 = wasm_i32x4_shuffle(lo01, lo23, 2, 3, 6, 7);                           \
    o2 = wasm_i32x4_shuffle(hi01, hi23, 0, 1, 4, 5);                           \
    o3 = wasm_i32x4_shuffle(hi01, hi23, 2, 3, 6, 7);                           \
  } while (0)

/* pack_a for float32 (MR32 = 5 rows a panel), with SIMD paths for rows
 * contiguous along k (cs == 1: a 4x4 transpose of rows 0-3, row 4 lane by
 * lane) and for columns contiguous (rs == 1: a 16-byte copy per k). */
EXPORT("pack_a_f32")
void pack_a_f32(const float *src, int rs, int cs, int rows, int depth, float *dst) {
  for (int i0 = 0; i0 < rows; i0 += MR32) {
    int h = rows - i0 < MR32 ? rows - i0 : MR32;
    float *d = dst + i0 * depth;
    const float *s = src + i0 * rs;
    if (h < MR32) {
      for (int p = 0; p < depth; p++)
        for (int r = 0; r < MR32; r++) d[MR32 * p + r] = r < h ? s[p * cs + r * rs] : 0.0f;
      continue;
    }
    const float *s0 = s, *s1 = s + rs, *s2 = s + 2 * rs, *s3 = s + 3 * rs, *s4 = s + 4 * rs;
    int p = 0;
    if (cs == 1) {
      for (; p + 4 <= depth; p += 4) {
        v128_t o0, o1, o2, o3;
        TRANSPOSE4(wasm_v128_load(s0 + p), wasm_v128_load(s1 + p), wasm_v128_load(s2 + p),
                   wasm_v128_load(s3 + p), o0, o1, o2, o3);
        v128_t r4 = wasm_v128_load(s4 + p);
        float *q = d + MR32 * p;
        wasm_v128_store(q, o0);
        wasm_v128_store32_lane(q + 4, r4, 0);
        wasm_v128_store(q + 5, o1);
        wasm_v128_store32_lane(q + 9, r4, 1);
        wasm_v128_store(q + 10, o2);
        wasm_v128_store32_lane(q + 14, r4, 2);
        wasm_v128_store(q + 15, o3);
        wasm_v128_store32_lane(q + 19, r4, 3);
      }
    } else if (rs == 1) {
      for (; p < depth; p++) {
        wasm_v128_store(d + MR32 * p, wasm_v128_load(s + p * cs));
        d[MR32 * p + 4] = s4[p * cs];
      }
    }
    for (; p < depth; p++) {
      float *q = d + MR32 * p;
      q[0] = s0[p * cs];
      q[1] = s1[p * cs];
      q[2] = s2[p * cs];
      q[3] = s3[p * cs];
      q[4] = s4[p * cs];
    }
  }
}

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

PACK_B(pack_b_f64, double, NR64)

/* pack_b for float32, with SIMD paths for rows contiguous (cs == 1: two
 * 16-byte copies per k) and for columns contiguous along k (rs == 1, a
 * transposed view such as a weight's .T: 4x4 transposes). */
EXPORT("pack_b_f32")
void pack_b_f32(const float *src, int rs, int cs, int depth, int cols, float *dst) {
  for (int j0 = 0; j0 < cols; j0 += NR32) {
    int w = cols - j0 < NR32 ? cols - j0 : NR32;
    float *d = dst + j0 * depth;
    const float *s = src + j0 * cs;
    if (w == NR32 && cs == 1) {
      for (int p = 0; p < depth; p++) {
        wasm_v128_store(d + 8 * p, wasm_v128_load(s + p * rs));
        wasm_v128_store(d + 8 * p + 4, wasm_v128_load(s + p * rs + 4));
      }
      continue;
    }
    int p = 0;
    if (w == NR32 && rs == 1) {
      for (; p + 4 <= depth; p += 4) {
        for (int g = 0; g < NR32; g += 4) {
          const float *sg = s + g * cs + p;
          v128_t o0, o1, o2, o3;
          TRANSPOSE4(wasm_v128_load(sg), wasm_v128_load(sg + cs), wasm_v128_load(sg + 2 * cs),
                     wasm_v128_load(sg + 3 * cs), o0, o1, o2, o3);
          wasm_v128_store(d + 8 * p + g, o0);
          wasm_v128_store(d + 8 * p + 8 + g, o1);
          wasm_v128_store(d + 8 * p + 16 + g, o2);
          wasm_v128_store(d + 8 * p + 24 + g, o3);
        }
      }
    }
    for (int c = 0; c < NR32; c++) {
      if (c < w) {
        const float *sc = s + c * cs;
        for (int q = p; q < depth; q++) d[NR32 * q + c] = sc[q * rs];
      } else {
        for (int q = p; q < depth; q++) d[NR32 * q + c] = 0.0f;
      }
    }
  }
}

/* Writes (or adds) the valid h x w corner of a tile held row by row in t. */
#define STORE_EDGE(T, MR, NR)                                                  \
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
    for (int i0 = 0; i0 < rows; i0 += MR32) {
      const float *ap = pa + i0 * depth;
      const float *bp = bp0;
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      v128_t c40 = c00, c41 = c00;
      for (int p = 0; p < depth; p++) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        v128_t a = wasm_v128_load(ap);
        v128_t a0 = SPLAT32(a, 0);
        c00 = MADD32(a0, b0, c00);
        c01 = MADD32(a0, b1, c01);
        v128_t a1 = SPLAT32(a, 1);
        c10 = MADD32(a1, b0, c10);
        c11 = MADD32(a1, b1, c11);
        v128_t a2 = SPLAT32(a, 2);
        c20 = MADD32(a2, b0, c20);
        c21 = MADD32(a2, b1, c21);
        v128_t a3 = SPLAT32(a, 3);
        c30 = MADD32(a3, b0, c30);
        c31 = MADD32(a3, b1, c31);
        v128_t a4 = wasm_v128_load32_splat(ap + 4);
        c40 = MADD32(a4, b0, c40);
        c41 = MADD32(a4, b1, c41);
        ap += MR32;
        bp += NR32;
      }
      float *cp = c + i0 * ldc + j0;
      int h = rows - i0;
      if (h >= MR32 && w >= NR32) {
        if (accumulate) {
#define ACC(o, v) wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), v))
          ACC(cp, c00); ACC(cp + 4, c01);
          ACC(cp + ldc, c10); ACC(cp + ldc + 4, c11);
          ACC(cp + 2 * ldc, c20); ACC(cp + 2 * ldc + 4, c21);
          ACC(cp + 3 * ldc, c30); ACC(cp + 3 * ldc + 4, c31);
          ACC(cp + 4 * ldc, c40); ACC(cp + 4 * ldc + 4, c41);
#undef ACC
        } else {
          wasm_v128_store(cp, c00); wasm_v128_store(cp + 4, c01);
          wasm_v128_store(cp + ldc, c10); wasm_v128_store(cp + ldc + 4, c11);
          wasm_v128_store(cp + 2 * ldc, c20); wasm_v128_store(cp + 2 * ldc + 4, c21);
          wasm_v128_store(cp + 3 * ldc, c30); wasm_v128_store(cp + 3 * ldc + 4, c31);
          wasm_v128_store(cp + 4 * ldc, c40); wasm_v128_store(cp + 4 * ldc + 4, c41);
        }
      } else {
        float t[MR32 * NR32];
        wasm_v128_store(t, c00); wasm_v128_store(t + 4, c01);
        wasm_v128_store(t + 8, c10); wasm_v128_store(t + 12, c11);
        wasm_v128_store(t + 16, c20); wasm_v128_store(t + 20, c21);
        wasm_v128_store(t + 24, c30); wasm_v128_store(t + 28, c31);
        wasm_v128_store(t + 32, c40); wasm_v128_store(t + 36, c41);
        STORE_EDGE(float, MR32, NR32)
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
    for (int i0 = 0; i0 < rows; i0 += MR64) {
      const double *ap = pa + i0 * depth;
      const double *bp = bp0;
      v128_t c00 = wasm_f64x2_splat(0), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (int p = 0; p < depth; p++) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 2);
        v128_t a01 = wasm_v128_load(ap), a23 = wasm_v128_load(ap + 2);
        v128_t a0 = SPLAT64(a01, 0), a1 = SPLAT64(a01, 1);
        v128_t a2 = SPLAT64(a23, 0), a3 = SPLAT64(a23, 1);
        c00 = MADD64(a0, b0, c00);
        c01 = MADD64(a0, b1, c01);
        c10 = MADD64(a1, b0, c10);
        c11 = MADD64(a1, b1, c11);
        c20 = MADD64(a2, b0, c20);
        c21 = MADD64(a2, b1, c21);
        c30 = MADD64(a3, b0, c30);
        c31 = MADD64(a3, b1, c31);
        ap += MR64;
        bp += NR64;
      }
      double *cp = c + i0 * ldc + j0;
      int h = rows - i0;
      if (h >= MR64 && w >= NR64) {
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
        double t[MR64 * NR64];
        wasm_v128_store(t, c00); wasm_v128_store(t + 2, c01);
        wasm_v128_store(t + 4, c10); wasm_v128_store(t + 6, c11);
        wasm_v128_store(t + 8, c20); wasm_v128_store(t + 10, c21);
        wasm_v128_store(t + 12, c30); wasm_v128_store(t + 14, c31);
        STORE_EDGE(double, MR64, NR64)
      }
    }
  }
}
