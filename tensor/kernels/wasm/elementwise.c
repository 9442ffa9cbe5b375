/*
 * WebAssembly SIMD (simd128) float32 elementwise kernels for
 * tensor/kernels/elementwise_wasm.ts, which copies each chunk of the operands
 * into this module's memory, calls one of these, and copies the result out.
 * All pointers are byte addresses of float arrays in the module's memory.
 *
 * Every result is what the TypeScript loops of tensor/kernels/cpu.ts give
 * (float32 add, sub, mul and div are correctly rounded both ways), except
 * `axpy` with alpha != 1, which rounds alpha to float32 and the product before
 * the sum, as PyTorch's float32 add_(other, alpha=...) does.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

enum { ADD = 0, SUB = 1, MUL = 2, DIV = 3 };

/* out[i] = a[i] op b[i % period], for n elements; n is a multiple of period. */
EXPORT("ew_binary")
void ew_binary(int op, const float *a, const float *b, float *out, int n, int period) {
  for (int start = 0; start < n; start += period) {
    const float *ar = a + start;
    float *o = out + start;
    int i = 0;
    if (period == 1) {
      v128_t s = wasm_f32x4_splat(b[0]);
      switch (op) {
        case ADD: for (; i + 4 <= n; i += 4) wasm_v128_store(o + i, wasm_f32x4_add(wasm_v128_load(ar + i), s)); break;
        case SUB: for (; i + 4 <= n; i += 4) wasm_v128_store(o + i, wasm_f32x4_sub(wasm_v128_load(ar + i), s)); break;
        case MUL: for (; i + 4 <= n; i += 4) wasm_v128_store(o + i, wasm_f32x4_mul(wasm_v128_load(ar + i), s)); break;
        default: for (; i + 4 <= n; i += 4) wasm_v128_store(o + i, wasm_f32x4_div(wasm_v128_load(ar + i), s)); break;
      }
      for (; i < n; i++) {
        float x = ar[i];
        o[i] = op == ADD ? x + b[0] : op == SUB ? x - b[0] : op == MUL ? x * b[0] : x / b[0];
      }
      return;
    }
    switch (op) {
      case ADD:
        for (; i + 4 <= period; i += 4)
          wasm_v128_store(o + i, wasm_f32x4_add(wasm_v128_load(ar + i), wasm_v128_load(b + i)));
        for (; i < period; i++) o[i] = ar[i] + b[i];
        break;
      case SUB:
        for (; i + 4 <= period; i += 4)
          wasm_v128_store(o + i, wasm_f32x4_sub(wasm_v128_load(ar + i), wasm_v128_load(b + i)));
        for (; i < period; i++) o[i] = ar[i] - b[i];
        break;
      case MUL:
        for (; i + 4 <= period; i += 4)
          wasm_v128_store(o + i, wasm_f32x4_mul(wasm_v128_load(ar + i), wasm_v128_load(b + i)));
        for (; i < period; i++) o[i] = ar[i] * b[i];
        break;
      default:
        for (; i + 4 <= period; i += 4)
          wasm_v128_store(o + i, wasm_f32x4_div(wasm_v128_load(ar + i), wasm_v128_load(b + i)));
        for (; i < period; i++) o[i] = ar[i] / b[i];
        break;
    }
  }
}

/* t[i] op= s[i % period] in place, for n elements (a multiple of period):
 * ADD is t += alpha * s (t += s when alpha is 1). */
#define INPLACE_LOOP(VEC, SCALAR)                                              \
  for (; i + 4 <= len; i += 4) {                                               \
    v128_t tv = wasm_v128_load(tr + i), sv = SV(i);                            \
    wasm_v128_store(tr + i, VEC);                                              \
  }                                                                            \
  for (; i < len; i++) {                                                       \
    float sv = SS(i);                                                          \
    tr[i] = SCALAR;                                                            \
  }

EXPORT("ew_inplace")
void ew_inplace(int op, float *t, const float *s, float alpha, int n, int period) {
  v128_t va = wasm_f32x4_splat(alpha);
  int one = period == 1;
  /* A broadcast scalar: one pass over all of t. */
  int step = one ? n : period;
  for (int start = 0; start < n; start += step) {
    float *tr = t + start;
    int len = step;
    int i = 0;
#define SV(i) (one ? wasm_f32x4_splat(s[0]) : wasm_v128_load(s + (i)))
#define SS(i) (one ? s[0] : s[i])
    if (op == ADD && alpha == 1.0f) {
      INPLACE_LOOP(wasm_f32x4_add(tv, sv), tr[i] + sv)
    } else if (op == ADD) {
      INPLACE_LOOP(wasm_f32x4_add(tv, wasm_f32x4_mul(va, sv)), tr[i] + alpha * sv)
    } else if (op == MUL) {
      INPLACE_LOOP(wasm_f32x4_mul(tv, sv), tr[i] * sv)
    } else {
      INPLACE_LOOP(wasm_f32x4_div(tv, sv), tr[i] / sv)
    }
#undef SV
#undef SS
  }
}

/* out[i] = x[i] <= 0 ? +0 : x[i] (NaN stays NaN, -0 becomes +0). */
EXPORT("ew_relu")
void ew_relu(const float *x, float *out, int n) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    wasm_v128_store(out + i, wasm_v128_bitselect(zero, v, wasm_f32x4_le(v, zero)));
  }
  for (; i < n; i++) out[i] = x[i] <= 0.0f ? 0.0f : x[i];
}

/* out[i] = y[i] <= 0 ? +0 : g[i]: relu's gradient from its output y. */
EXPORT("ew_relu_backward")
void ew_relu_backward(const float *y, const float *g, float *out, int n) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t mask = wasm_f32x4_le(wasm_v128_load(y + i), zero);
    wasm_v128_store(out + i, wasm_v128_bitselect(zero, wasm_v128_load(g + i), mask));
  }
  for (; i < n; i++) out[i] = y[i] <= 0.0f ? 0.0f : g[i];
}

/* acc[j] += x[i * cols + j] for i < rows, j < cols, accumulating in float64. */
EXPORT("ew_sum_rows")
void ew_sum_rows(const float *x, double *acc, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * cols;
    int j = 0;
    for (; j + 4 <= cols; j += 4) {
      v128_t v = wasm_v128_load(xr + j);
      v128_t lo = wasm_f64x2_promote_low_f32x4(v);
      v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
      wasm_v128_store(acc + j, wasm_f64x2_add(wasm_v128_load(acc + j), lo));
      wasm_v128_store(acc + j + 2, wasm_f64x2_add(wasm_v128_load(acc + j + 2), hi));
    }
    for (; j < cols; j++) acc[j] += xr[j];
  }
}
