/*
 * WebAssembly SIMD (simd128) float32 kernels of a transformer's layers, for
 * tensor/kernels/transformer_wasm.ts, which copies the operands into this
 * module's memory, calls one of these, and copies the results out. All
 * pointers are byte addresses in the module's memory; float32 arrays are
 * read 4 elements at a time, so the caller leaves room for up to 3 elements
 * after each array (their values do not matter).
 *
 * - GELU (and its derivative, for the backward), in float32 arithmetic.
 * - The softmax of attention scores (scaled, optionally causal) and its
 *   backward; the log-softmax of rows (cross-entropy's): float32
 *   exponentials, sums in float64.
 * - Layer normalization of rows and its backward: statistics and row sums in
 *   float64, as the TypeScript loops of normalization.ts, the elementwise
 *   arithmetic in float32.
 *
 * Built twice (wasm/build.ts): with RELAXED defined, the multiply-adds of the
 * polynomials are relaxed-simd's f32x4.relaxed_madd (one rounding on hardware
 * with FMA); without, a multiply then an add. The order of operations is
 * fixed, so results are deterministic for an engine and machine.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

typedef float f32x4 __attribute__((__vector_size__(16), __aligned__(16)));
#ifdef RELAXED
#define MADD(a, b, c) \
  ((v128_t)__builtin_wasm_relaxed_madd_f32x4((f32x4)(a), (f32x4)(b), (f32x4)(c)))
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)
#endif

/*
 * Constants as splatted vectors in memory, one load each, where V8 would
 * rebuild a v128.const in several instructions at every use. Not const, so
 * that clang keeps the loads rather than folding them back into constants.
 */
#define F4(c) {c, c, c, c}
f32x4 KTAB[] = {
#define K_ONE 0
    F4(1.0f),
#define K_HALF 1
    F4(0.5f),
#define K_MIN_EXP 2 /* below, e^x is under the smallest subnormal */
    F4(-104.0f),
#define K_LOG2E 3
    F4(1.44269504088896341f),
#define K_ROUND 4 /* 1.5 · 2^23: adding it rounds to an integer held in the low bits */
    F4(12582912.0f),
#define K_LN2_HI 5
    F4(0.693359375f),
#define K_LN2_LO 6
    F4(-2.12194440e-4f),
#define K_EXP 7 /* Cephes expf, 7..11, highest degree first (then 0.5) */
    F4(1.9875691500e-4f), F4(1.3981999507e-3f), F4(8.3334519073e-3f), F4(4.1665795894e-2f),
    F4(1.6666665459e-1f),
#define K_2M64 12
    F4(5.42101086242752217e-20f), /* 2^-64 */
#define K_HIGH_BITS 13
    F4(0.0f), /* the mask 0xFFFFF000, set by init() */
#define K_ABS 14
    F4(0.0f), /* the mask 0x7FFFFFFF, set by init() */
#define K_HALF_SQRT1_2 15
    F4(0.35355339059327376f),
#define K_INV_SQRT_2PI 16
    F4(0.3989422804014327f),
#define K_ERFCX 17 /* 17..27, highest degree first */
    F4(0.04239163357562536f), F4(-0.23102769478184315f), F4(0.4864900442486883f),
    F4(-0.4472887903073386f), F4(0.1272751658627124f), F4(-0.057300054599553576f),
    F4(0.09301533792923505f), F4(0.17537500536359085f), F4(0.24688069981273103f),
    F4(0.28209384993522485f), F4(0.28209479480864474f),
#define K_LANES 28
    {0.0f, 1.0f, 2.0f, 3.0f},
};
#define K(i) wasm_v128_load(&KTAB[i])

static int initialized = 0;
static void init(void) {
  if (initialized) return;
  KTAB[K_HIGH_BITS] = (f32x4)wasm_i32x4_splat((int)0xFFFFF000u);
  KTAB[K_ABS] = (f32x4)wasm_i32x4_splat(0x7FFFFFFF);
  initialized = 1;
}

// ---------------------------------------------------------------- exp, Φ

/*
 * e^(a - b) for a - b <= 0, with b a small correction of a (|b| << 1, or 0):
 * Cody and Waite's reduction a - b = n·ln2 + r (ln2 in two parts, exact for
 * the large one), Cephes' expf polynomial on |r| <= ln2/2 (about 1 ulp),
 * scaled by 2^(n+64) · 2^-64 (so that subnormal results round correctly).
 * 0 where a < -104 (under the smallest subnormal); NaN stays NaN.
 */
INLINE v128_t exp_neg(v128_t a, v128_t b) {
  v128_t s = wasm_f32x4_pmax(wasm_f32x4_sub(a, b), K(K_MIN_EXP));
  v128_t k = MADD(s, K(K_LOG2E), K(K_ROUND)); /* n in the low bits */
  v128_t n = wasm_f32x4_sub(k, K(K_ROUND));
  v128_t r = wasm_f32x4_sub(a, wasm_f32x4_mul(n, K(K_LN2_HI)));
  r = wasm_f32x4_sub(wasm_f32x4_sub(r, wasm_f32x4_mul(n, K(K_LN2_LO))), b);
  v128_t p = MADD(K(K_EXP), r, K(K_EXP + 1));
  p = MADD(p, r, K(K_EXP + 2));
  p = MADD(p, r, K(K_EXP + 3));
  p = MADD(p, r, K(K_EXP + 4));
  p = MADD(p, r, K(K_HALF));
  v128_t e = wasm_f32x4_add(MADD(p, wasm_f32x4_mul(r, r), r), K(K_ONE));
  /* The low 9 bits of k hold n: (n + 127 + 64) << 23 is 2^(n+64). */
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(191)), 23);
  e = wasm_f32x4_mul(wasm_f32x4_mul(e, scale), K(K_2M64));
  return wasm_v128_andnot(e, wasm_f32x4_lt(a, K(K_MIN_EXP)));
}

/*
 * The normal CDF Φ(x), and e = exp(-x²/2): with z = |x|/√2 and
 * t = 1/(1 + z/2), erfc(z) = e · t · G(t), G a polynomial of degree 10
 * fitted to erfcx(z)/t on [0, 1] (relative error 1.1e-8); Φ = erfc/2 below 0
 * and 1 - erfc/2 above. x² is split as xh² + xl·(2xh + xl), with xh the top
 * 12 bits of x (xh² exact), so that e keeps float32 accuracy for large |x|.
 * In float32 arithmetic: Φ within about 6 ulp (3.8e-7).
 */
INLINE v128_t normal_cdf(v128_t x, v128_t *e) {
  v128_t xh = wasm_v128_and(x, K(K_HIGH_BITS));
  v128_t xl = wasm_f32x4_sub(x, xh);
  v128_t a = wasm_f32x4_mul(wasm_f32x4_mul(xh, xh), wasm_f32x4_neg(K(K_HALF)));
  *e = exp_neg(a, wasm_f32x4_mul(xl, MADD(xl, K(K_HALF), xh)));
  v128_t z = wasm_v128_and(x, K(K_ABS));
  v128_t t = wasm_f32x4_div(K(K_ONE), MADD(z, K(K_HALF_SQRT1_2), K(K_ONE)));
  v128_t g = MADD(K(K_ERFCX), t, K(K_ERFCX + 1));
  for (int c = K_ERFCX + 2; c <= K_ERFCX + 10; c++) g = MADD(g, t, K(c));
  v128_t half = wasm_f32x4_mul(wasm_f32x4_mul(K(K_HALF), *e), wasm_f32x4_mul(t, g));
  return wasm_v128_bitselect(half, wasm_f32x4_sub(K(K_ONE), half), wasm_i32x4_shr(x, 31));
}

/*
 * out[i] = gelu(x[i]) = x[i] · Φ(x[i]) for i < n, and, if d is not 0,
 * d[i] = gelu'(x[i]) = Φ(x[i]) + x[i] · φ(x[i]) (for the backward, at the
 * cost of a few operations more).
 */
EXPORT("gelu_f32")
void gelu_f32(const float *x, float *out, float *d, int n) {
  init();
  if (d) {
    for (int i = 0; i < n; i += 4) {
      v128_t v = wasm_v128_load(x + i), e;
      v128_t cdf = normal_cdf(v, &e);
      wasm_v128_store(out + i, wasm_f32x4_mul(v, cdf));
      wasm_v128_store(d + i, MADD(wasm_f32x4_mul(v, e), K(K_INV_SQRT_2PI), cdf));
    }
    return;
  }
  for (int i = 0; i < n; i += 4) {
    v128_t v = wasm_v128_load(x + i), e;
    wasm_v128_store(out + i, wasm_f32x4_mul(v, normal_cdf(v, &e)));
  }
}

// ---------------------------------------------------------------- softmax

/* Lanes j..j+3 that are below n: all ones where j + lane < n. */
INLINE v128_t below(int j, int n) {
  return wasm_f32x4_lt(wasm_f32x4_add(wasm_f32x4_splat((float)j), K(K_LANES)),
                       wasm_f32x4_splat((float)n));
}

/* The largest of four lanes (NaN if any is NaN). */
INLINE float hmax(v128_t v) {
  v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

/* Adds the four lanes of v to the two float64 accumulators. */
INLINE v128_t add_f64(v128_t acc, v128_t v) {
  acc = wasm_f64x2_add(acc, wasm_f64x2_promote_low_f32x4(v));
  return wasm_f64x2_add(acc, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
}

INLINE double hsum_f64(v128_t acc) {
  return wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
}

/*
 * softmax(scale · x) of each row of rows x S (row stride S), the maximum
 * subtracted first and the sum in float64; with causal, row r (counted from
 * r0) keeps its first (r mod L) + 1 entries only, the others are 0. out may
 * be x (in place).
 */
EXPORT("attention_softmax_f32")
void attention_softmax_f32(const float *x, float *out, int r0, int rows, int L, int S,
                           float scale, int causal) {
  init();
  v128_t vs = wasm_f32x4_splat(scale);
  v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * S;
    float *o = out + r * S;
    int q = (r0 + r) % L;
    int n = causal && q + 1 < S ? q + 1 : S;
    v128_t m = ninf;
    for (int j = 0; j < n; j += 4) {
      v128_t v = wasm_f32x4_mul(wasm_v128_load(xr + j), vs);
      m = wasm_f32x4_max(m, wasm_v128_bitselect(v, ninf, below(j, n)));
    }
    v128_t mx = wasm_f32x4_splat(hmax(m));
    v128_t sum = wasm_f64x2_splat(0.0);
    /* NOTE: x and out may be the same rows: nothing is stored past this row's n. */
    for (int j = 0; j < n; j += 4) {
      v128_t d = wasm_f32x4_sub(wasm_f32x4_mul(wasm_v128_load(xr + j), vs), mx);
      v128_t e = wasm_v128_and(exp_neg(d, wasm_f32x4_splat(0.0f)), below(j, n));
      sum = add_f64(sum, e);
      if (j + 4 <= n) {
        wasm_v128_store(o + j, e);
      } else {
        float lanes[4];
        wasm_v128_store(lanes, e);
        for (int i = j; i < n; i++) o[i] = lanes[i - j];
      }
    }
    /* NOTE: dividing the stored (rounded) exponentials keeps each row summing to 1. */
    v128_t inv = wasm_f32x4_splat((float)(1.0 / hsum_f64(sum)));
    int j = 0;
    for (; j + 4 <= n; j += 4) wasm_v128_store(o + j, wasm_f32x4_mul(wasm_v128_load(o + j), inv));
    for (; j < n; j++) o[j] *= wasm_f32x4_extract_lane(inv, 0);
    for (; j < S; j++) o[j] = 0.0f;
  }
}

/*
 * The gradient of attention_softmax_f32: scale · y ⊙ (g - Σⱼ gⱼ yⱼ) per row of
 * rows x S, the dot product in float64. out may be g (in place).
 */
EXPORT("attention_softmax_backward_f32")
void attention_softmax_backward_f32(const float *g, const float *y, float *out, int rows, int S,
                                    float scale) {
  init();
  v128_t vs = wasm_f32x4_splat(scale);
  for (int r = 0; r < rows; r++) {
    const float *gr = g + r * S, *yr = y + r * S;
    float *o = out + r * S;
    v128_t acc = wasm_f64x2_splat(0.0);
    int j = 0;
    for (; j + 4 <= S; j += 4) {
      v128_t gv = wasm_v128_load(gr + j), yv = wasm_v128_load(yr + j);
      acc = wasm_f64x2_add(acc, wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(gv),
                                               wasm_f64x2_promote_low_f32x4(yv)));
      gv = wasm_i32x4_shuffle(gv, gv, 2, 3, 0, 1);
      yv = wasm_i32x4_shuffle(yv, yv, 2, 3, 0, 1);
      acc = wasm_f64x2_add(acc, wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(gv),
                                               wasm_f64x2_promote_low_f32x4(yv)));
    }
    double dot = hsum_f64(acc);
    for (; j < S; j++) dot += (double)gr[j] * yr[j];
    v128_t vd = wasm_f32x4_splat((float)dot);
    for (j = 0; j + 4 <= S; j += 4) {
      v128_t gv = wasm_v128_load(gr + j), yv = wasm_v128_load(yr + j);
      wasm_v128_store(o + j, wasm_f32x4_mul(wasm_f32x4_mul(vs, yv), wasm_f32x4_sub(gv, vd)));
    }
    for (; j < S; j++) o[j] = scale * yr[j] * (gr[j] - (float)dot);
  }
}

/* log(x) for x >= 1 finite, to about 1 ulp: x = 2^k · m with m in [√½, √2), log m by atanh. */
static double log_ge1(double x) {
  union { double d; unsigned long long u; } v = {x};
  int k = (int)((v.u >> 52) & 0x7ff) - 1023;
  v.u = (v.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; /* m in [1, 2) */
  if (v.d > 1.4142135623730951) {
    v.d *= 0.5;
    k++;
  }
  double s = (v.d - 1) / (v.d + 1), s2 = s * s, t = 0;
  for (int i = 21; i >= 3; i -= 2) t = (t + 1.0 / i) * s2;
  return k * 0.6931471805599453 + 2 * s * (1 + t);
}

/*
 * x - logsumexp(x) over each row of rows x n (row stride n), as cpu.ts's
 * logSoftmax: the maximum m, then (x - m) - log Σ exp(x - m), the sum in
 * float64 and the last step in float64; p (if not 0) receives the softmax.
 * A row holding +Infinity or NaN, or only -Infinity, gives NaN throughout.
 */
EXPORT("log_softmax_f32")
void log_softmax_f32(const float *x, float *out, float *p, int rows, int n) {
  init();
  v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * n;
    float *o = out + r * n;
    v128_t m4 = ninf;
    for (int j = 0; j < n; j += 4) {
      m4 = wasm_f32x4_max(m4, wasm_v128_bitselect(wasm_v128_load(xr + j), ninf, below(j, n)));
    }
    float m = hmax(m4);
    v128_t vm = wasm_f32x4_splat(m);
    v128_t sum = wasm_f64x2_splat(0.0);
    for (int j = 0; j < n; j += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + j), vm);
      v128_t e = wasm_v128_and(exp_neg(d, wasm_f32x4_splat(0.0f)), below(j, n));
      sum = add_f64(sum, e);
      if (p) wasm_v128_store(p + r * n + j, e);
    }
    /* The maximum contributes e^0 = 1: the sum is below 1 only when NaN (a NaN or
     * infinite maximum), and then every result is NaN anyway. */
    double total = hsum_f64(sum);
    double logSum = total >= 1 ? log_ge1(total) : __builtin_nan("");
    if (p) {
      v128_t inv = wasm_f32x4_splat((float)(1.0 / total));
      float *pr = p + r * n;
      for (int j = 0; j < n; j += 4) wasm_v128_store(pr + j, wasm_f32x4_mul(wasm_v128_load(pr + j), inv));
    }
    v128_t vm2 = wasm_f64x2_splat((double)m), vl = wasm_f64x2_splat(logSum);
    for (int j = 0; j < n; j += 4) {
      v128_t v = wasm_v128_load(xr + j);
      v128_t lo = wasm_f64x2_sub(wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(v), vm2), vl);
      v = wasm_i32x4_shuffle(v, v, 2, 3, 0, 1);
      v128_t hi = wasm_f64x2_sub(wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(v), vm2), vl);
      v128_t lo32 = wasm_f32x4_demote_f64x2_zero(lo), hi32 = wasm_f32x4_demote_f64x2_zero(hi);
      wasm_v128_store(o + j, wasm_i32x4_shuffle(lo32, hi32, 0, 1, 4, 5));
    }
  }
}

// ---------------------------------------------------------------- layer norm

/* Rows whose weight and bias gradients are summed in float32 before joining the float64 sums. */
#define LN_BLOCK 16

/*
 * Normalizes each row of x (rows x k, k a multiple of 4) by its mean and
 * biased variance (two passes, sums in float64), then · w[j] + b[j] (w, b
 * of k, or 0 for none), as normalization.ts's rowNormalize; the
 * normalization itself in float32 arithmetic, ((x - mean) · invstd) · w + b.
 * Writes each row's mean, variance and 1/sqrt(variance + eps) (float64) to
 * mean[r], var[r], invstd[r].
 */
EXPORT("layer_norm_f32")
void layer_norm_f32(const float *x, const float *w, const float *b, float *out, double *mean,
                    double *var, double *invstd, int rows, int k, double eps) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * k;
    float *o = out + r * k;
    v128_t acc = wasm_f64x2_splat(0.0);
    for (int j = 0; j < k; j += 4) acc = add_f64(acc, wasm_v128_load(xr + j));
    double mu = hsum_f64(acc) / k;
    v128_t vm = wasm_f64x2_splat(mu);
    acc = wasm_f64x2_splat(0.0);
    for (int j = 0; j < k; j += 4) {
      v128_t v = wasm_v128_load(xr + j);
      v128_t lo = wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(v), vm);
      v128_t hi = wasm_f64x2_sub(
          wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)), vm);
      acc = wasm_f64x2_add(acc, wasm_f64x2_add(wasm_f64x2_mul(lo, lo), wasm_f64x2_mul(hi, hi)));
    }
    double v = hsum_f64(acc) / k;
    double is = 1 / __builtin_sqrt(v + eps);
    mean[r] = mu;
    var[r] = v;
    invstd[r] = is;
    v128_t m4 = wasm_f32x4_splat((float)mu), is4 = wasm_f32x4_splat((float)is);
    for (int j = 0; j < k; j += 4) {
      v128_t y = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), m4), is4);
      if (w) y = wasm_f32x4_mul(y, wasm_v128_load(w + j));
      if (b) y = wasm_f32x4_add(y, wasm_v128_load(b + j));
      wasm_v128_store(o + j, y);
    }
  }
}

/*
 * The backward of layer_norm_f32, as normalization.ts's rowNormalizeBackward:
 * with x̂ = (x - mean) · invstd and d = g · w, dx = (d - mean(d) - x̂ ·
 * mean(d · x̂)) · invstd per row (float32 arithmetic, the two means from
 * float64 sums); dw[j] += Σ_rows g · x̂ and db[j] += Σ_rows g (float64 arrays
 * of k, summed in float32 over blocks of LN_BLOCK rows first). mean and
 * invstd as layer_norm_f32 wrote them; k a multiple of 4; w may be 0; pw, pb:
 * float32 scratch of k each.
 */
EXPORT("layer_norm_backward_f32")
void layer_norm_backward_f32(const float *g, const float *x, const double *mean,
                             const double *invstd, const float *w, float *dx, double *dw,
                             double *db, int rows, int k, float *pw, float *pb) {
  for (int r0 = 0; r0 < rows; r0 += LN_BLOCK) {
    int r1 = r0 + LN_BLOCK < rows ? r0 + LN_BLOCK : rows;
    for (int j = 0; j < k; j += 4) {
      wasm_v128_store(pw + j, wasm_f32x4_splat(0.0f));
      wasm_v128_store(pb + j, wasm_f32x4_splat(0.0f));
    }
    for (int r = r0; r < r1; r++) {
      const float *gr = g + r * k, *xr = x + r * k;
      v128_t m4 = wasm_f32x4_splat((float)mean[r]), is4 = wasm_f32x4_splat((float)invstd[r]);
      v128_t sd = wasm_f64x2_splat(0.0), sdx = sd;
      for (int j = 0; j < k; j += 4) {
        v128_t gv = wasm_v128_load(gr + j);
        v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), m4), is4);
        v128_t d = w ? wasm_f32x4_mul(gv, wasm_v128_load(w + j)) : gv;
        sd = add_f64(sd, d);
        sdx = add_f64(sdx, wasm_f32x4_mul(d, xh));
        wasm_v128_store(pw + j, MADD(gv, xh, wasm_v128_load(pw + j)));
        wasm_v128_store(pb + j, wasm_f32x4_add(wasm_v128_load(pb + j), gv));
      }
      v128_t dMean = wasm_f32x4_splat((float)(hsum_f64(sd) / k));
      v128_t proj = wasm_f32x4_splat((float)(hsum_f64(sdx) / k));
      float *o = dx + r * k;
      for (int j = 0; j < k; j += 4) {
        v128_t gv = wasm_v128_load(gr + j);
        if (w) gv = wasm_f32x4_mul(gv, wasm_v128_load(w + j));
        v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), m4), is4);
        v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(gv, dMean), wasm_f32x4_mul(xh, proj));
        wasm_v128_store(o + j, wasm_f32x4_mul(t, is4));
      }
    }
    for (int j = 0; j < k; j += 4) {
      v128_t a = wasm_v128_load(pw + j), c = wasm_v128_load(pb + j);
      v128_t a0 = wasm_f64x2_promote_low_f32x4(a);
      v128_t a1 = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 0, 1));
      v128_t c0 = wasm_f64x2_promote_low_f32x4(c);
      v128_t c1 = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(c, c, 2, 3, 0, 1));
      wasm_v128_store(dw + j, wasm_f64x2_add(wasm_v128_load(dw + j), a0));
      wasm_v128_store(dw + j + 2, wasm_f64x2_add(wasm_v128_load(dw + j + 2), a1));
      wasm_v128_store(db + j, wasm_f64x2_add(wasm_v128_load(db + j), c0));
      wasm_v128_store(db + j + 2, wasm_f64x2_add(wasm_v128_load(db + j + 2), c1));
    }
  }
}

// ---------------------------------------------------------------- attention

/* The packing and product kernels of matmul.c. */
void pack_a_f32(const float *src, int rs, int cs, int rows, int depth, float *dst);
void pack_b_f32(const float *src, int rs, int cs, int depth, int cols, float *dst);
void gemm_f32(const float *pa, const float *pb, float *c, int rows, int depth, int cols, int ldc,
              int accumulate);

/*
 * Attention without a mask, fused: for each entry t < entries (a batch and
 * head), with Q = q + off[4t] (L x E, row stride qrs), K = k + off[4t+1]
 * (S x E, krs), V = v + off[4t+2] (S x Ev, vrs):
 *   P = softmax(scale · Q Kᵀ) (causal as attention_softmax_f32), L x S at p + t·L·S,
 *   Y = P V, L x Ev at y + off[4t+3] (row stride yrs).
 * Each product is packed whole (pa, pb hold a packed operand of up to
 * max(L, S, E, Ev) rows or columns by as many), so the operations and their
 * order are those of the separate kernels (matmul_wasm.ts, attention_softmax_f32).
 */
EXPORT("attention_f32")
void attention_f32(const float *q, const float *k, const float *v, float *y, float *p,
                   const int *off, int entries, int L, int S, int E, int Ev, int qrs, int krs,
                   int vrs, int yrs, float scale, int causal, float *pa, float *pb) {
  for (int t = 0; t < entries; t++) {
    const float *Q = q + off[4 * t], *K = k + off[4 * t + 1], *V = v + off[4 * t + 2];
    float *P = p + t * L * S;
    pack_a_f32(Q, qrs, 1, L, E, pa);
    pack_b_f32(K, 1, krs, E, S, pb);
    gemm_f32(pa, pb, P, L, E, S, S, 0);
    attention_softmax_f32(P, P, 0, L, L, S, scale, causal);
    pack_a_f32(P, S, 1, L, S, pa);
    pack_b_f32(V, vrs, 1, S, Ev, pb);
    gemm_f32(pa, pb, y + off[4 * t + 3], L, S, Ev, yrs, 0);
  }
}

/*
 * The backward of attention_f32, given G = dY (g + off[7t+3], row stride grs)
 * and the P it kept: dV = Pᵀ G, dP = G Vᵀ, dS = scale · P ⊙ (dP - Σⱼ dP ⊙ P)
 * (attention_softmax_backward_f32), dQ = dS K, dK = dSᵀ Q, written at
 * dq + off[7t+4], dk + off[7t+5], dv + off[7t+6] with row strides dqrs, dkrs,
 * dvrs; off[7t .. 7t+2] locate Q, K, V as in attention_f32. ds: L x S scratch.
 */
EXPORT("attention_backward_f32")
void attention_backward_f32(const float *q, const float *k, const float *v, const float *p,
                            const float *g, float *dq, float *dk, float *dv, const int *off,
                            int entries, int L, int S, int E, int Ev, int qrs, int krs, int vrs,
                            int grs, int dqrs, int dkrs, int dvrs, float scale, float *pa,
                            float *pb, float *ds) {
  for (int t = 0; t < entries; t++) {
    const int *o = off + 7 * t;
    const float *Q = q + o[0], *K = k + o[1], *V = v + o[2], *G = g + o[3];
    const float *P = p + t * L * S;
    pack_a_f32(P, 1, S, S, L, pa);
    pack_b_f32(G, grs, 1, L, Ev, pb);
    gemm_f32(pa, pb, dv + o[6], S, L, Ev, dvrs, 0);
    pack_a_f32(G, grs, 1, L, Ev, pa);
    pack_b_f32(V, 1, vrs, Ev, S, pb);
    gemm_f32(pa, pb, ds, L, Ev, S, S, 0);
    attention_softmax_backward_f32(ds, P, ds, L, S, scale);
    pack_a_f32(ds, S, 1, L, S, pa);
    pack_b_f32(K, krs, 1, S, E, pb);
    gemm_f32(pa, pb, dq + o[4], L, S, E, dqrs, 0);
    pack_a_f32(ds, 1, S, S, L, pa);
    pack_b_f32(Q, qrs, 1, L, E, pb);
    gemm_f32(pa, pb, dk + o[5], S, L, E, dkrs, 0);
  }
}
