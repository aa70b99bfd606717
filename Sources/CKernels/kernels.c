#include "CKernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Three builds of each kernel, chosen once by the dynamic loader (an ifunc) from CPUID.
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define CK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CK_CLONES
#endif

// Eight doubles: one AVX-512 register, two AVX2 registers or four SSE2 registers, by clone.
typedef double v8 __attribute__((vector_size(64)));

static inline v8 load8(const double *p) {
  v8 v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void store8(double *p, v8 v) { memcpy(p, &v, sizeof v); }

enum { INIT_ZERO = 0, INIT_BIAS = 1, INIT_ACCUMULATE = 2 };

// C[m,n] = init + L·B with L [m,k] read as L[i,q] = a[i·rs + q·qs] (rs = k, qs = 1 for A itself;
// rs = 1, qs = m' for the transpose of an [k, m'] matrix) and B [k,n] row-major, n ≥ 8. Every
// entry is summed as init + L[i,0]·B[0,j] + L[i,1]·B[1,j] + … in that order (the plain loops'
// order), in blocks of 4 rows × 16 columns held in registers so that each loaded row segment of
// B feeds eight multiply-adds. init is 0, bias[j] or C itself.
//
// A width that is not a multiple of 8 (27 symbols, 30 inputs) ends with one block of the last 8
// columns, overlapping the previous block: its columns are computed again from the same initial
// values in the same order, so they are written with the same bits (the initial values of that
// block are read before any store, for the accumulating form).
static inline __attribute__((always_inline)) void gemm8(const double *restrict a, long rs, long qs,
                                                        const double *restrict b, const double *restrict bias,
                                                        double *restrict c, long m, long k, long n, int init) {
  const long tail = n - 8;
  long i = 0;
  for (; i + 4 <= m; i += 4) {
    const double *a0 = a + i * rs, *a1 = a0 + rs, *a2 = a1 + rs, *a3 = a2 + rs;
    double *c0 = c + i * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
    v8 t0, t1, t2, t3;
    if (init == INIT_ACCUMULATE) {
      t0 = load8(c0 + tail), t1 = load8(c1 + tail), t2 = load8(c2 + tail), t3 = load8(c3 + tail);
    } else if (init == INIT_BIAS) {
      t0 = t1 = t2 = t3 = load8(bias + tail);
    } else {
      t0 = t1 = t2 = t3 = (v8){0};
    }
    long j = 0;
    for (; j + 16 <= n; j += 16) {
      v8 x0, y0, x1, y1, x2, y2, x3, y3;
      if (init == INIT_ACCUMULATE) {
        x0 = load8(c0 + j), y0 = load8(c0 + j + 8), x1 = load8(c1 + j), y1 = load8(c1 + j + 8);
        x2 = load8(c2 + j), y2 = load8(c2 + j + 8), x3 = load8(c3 + j), y3 = load8(c3 + j + 8);
      } else if (init == INIT_BIAS) {
        x0 = x1 = x2 = x3 = load8(bias + j);
        y0 = y1 = y2 = y3 = load8(bias + j + 8);
      } else {
        x0 = x1 = x2 = x3 = y0 = y1 = y2 = y3 = (v8){0};
      }
      for (long q = 0; q < k; q++) {
        const v8 bx = load8(b + q * n + j), by = load8(b + q * n + j + 8);
        const double l0 = a0[q * qs], l1 = a1[q * qs], l2 = a2[q * qs], l3 = a3[q * qs];
        x0 += l0 * bx, y0 += l0 * by;
        x1 += l1 * bx, y1 += l1 * by;
        x2 += l2 * bx, y2 += l2 * by;
        x3 += l3 * bx, y3 += l3 * by;
      }
      store8(c0 + j, x0), store8(c0 + j + 8, y0), store8(c1 + j, x1), store8(c1 + j + 8, y1);
      store8(c2 + j, x2), store8(c2 + j + 8, y2), store8(c3 + j, x3), store8(c3 + j + 8, y3);
    }
    if (j + 8 <= n) {
      v8 x0, x1, x2, x3;
      if (init == INIT_ACCUMULATE) {
        x0 = load8(c0 + j), x1 = load8(c1 + j), x2 = load8(c2 + j), x3 = load8(c3 + j);
      } else if (init == INIT_BIAS) {
        x0 = x1 = x2 = x3 = load8(bias + j);
      } else {
        x0 = x1 = x2 = x3 = (v8){0};
      }
      for (long q = 0; q < k; q++) {
        const v8 bx = load8(b + q * n + j);
        x0 += a0[q * qs] * bx, x1 += a1[q * qs] * bx, x2 += a2[q * qs] * bx, x3 += a3[q * qs] * bx;
      }
      store8(c0 + j, x0), store8(c1 + j, x1), store8(c2 + j, x2), store8(c3 + j, x3);
      j += 8;
    }
    if (j < n) {
      for (long q = 0; q < k; q++) {
        const v8 bx = load8(b + q * n + tail);
        t0 += a0[q * qs] * bx, t1 += a1[q * qs] * bx, t2 += a2[q * qs] * bx, t3 += a3[q * qs] * bx;
      }
      store8(c0 + tail, t0), store8(c1 + tail, t1), store8(c2 + tail, t2), store8(c3 + tail, t3);
    }
  }
  for (; i < m; i++) {
    const double *ai = a + i * rs;
    double *ci = c + i * n;
    const v8 saved = init == INIT_ACCUMULATE ? load8(ci + tail) : init == INIT_BIAS ? load8(bias + tail) : (v8){0};
    long j = 0;
    for (; j + 8 <= n; j += 8) {
      v8 x = init == INIT_ACCUMULATE ? load8(ci + j) : init == INIT_BIAS ? load8(bias + j) : (v8){0};
      for (long q = 0; q < k; q++) x += ai[q * qs] * load8(b + q * n + j);
      store8(ci + j, x);
    }
    if (j < n) {
      v8 x = saved;
      for (long q = 0; q < k; q++) x += ai[q * qs] * load8(b + q * n + tail);
      store8(ci + tail, x);
    }
  }
}

// gemm8 for any n: below 8 columns, B, the bias and C are copied into zero-padded 8-column
// buffers first.
static inline __attribute__((always_inline)) void gemm(const double *a, long rs, long qs, const double *b,
                                                       const double *bias, double *c, long m, long k, long n,
                                                       int init) {
  if (m <= 0 || n <= 0) return;
  if (n >= 8) {
    gemm8(a, rs, qs, b, bias, c, m, k, n, init);
    return;
  }
  const long n8 = 8;
  double *scratch = malloc(sizeof(double) * (size_t)((k + m + 1) * n8));
  if (!scratch) {
    // Out of memory: the plain loops need no scratch.
    for (long i = 0; i < m; i++) {
      for (long j = 0; j < n; j++) {
        double s = init == INIT_ACCUMULATE ? c[i * n + j] : init == INIT_BIAS ? bias[j] : 0;
        for (long q = 0; q < k; q++) s += a[i * rs + q * qs] * b[q * n + j];
        c[i * n + j] = s;
      }
    }
    return;
  }
  double *bp = scratch, *cp = scratch + k * n8, *biasp = cp + m * n8;
  for (long q = 0; q < k; q++) {
    memcpy(bp + q * n8, b + q * n, sizeof(double) * (size_t)n);
    memset(bp + q * n8 + n, 0, sizeof(double) * (size_t)(n8 - n));
  }
  if (init == INIT_ACCUMULATE) {
    for (long i = 0; i < m; i++) {
      memcpy(cp + i * n8, c + i * n, sizeof(double) * (size_t)n);
      memset(cp + i * n8 + n, 0, sizeof(double) * (size_t)(n8 - n));
    }
  }
  if (init == INIT_BIAS) {
    memcpy(biasp, bias, sizeof(double) * (size_t)n);
    memset(biasp + n, 0, sizeof(double) * (size_t)(n8 - n));
  }
  gemm8(a, rs, qs, bp, biasp, cp, m, k, n8, init);
  for (long i = 0; i < m; i++) memcpy(c + i * n, cp + i * n8, sizeof(double) * (size_t)n);
  free(scratch);
}

CK_CLONES
void ck_linear_forward(const double *a, const double *b, const double *bias, double *c, long m, long k, long n) {
  gemm(a, k, 1, b, bias, c, m, k, n, bias ? INIT_BIAS : INIT_ZERO);
}

CK_CLONES
void ck_matmul_tn_accumulate(const double *a, const double *g, double *gb, long m, long k, long n) {
  // ∂B [k, n] += Aᵀ·G: row p of Aᵀ is column p of A (stride k), summed over i = 0, 1, … in order.
  gemm(a, 1, k, g, 0, gb, k, m, n, INIT_ACCUMULATE);
}

CK_CLONES
void ck_matmul_nt_accumulate(const double *g, const double *b, double *ga, long m, long k, long n) {
  // ∂A [m, k] += G·Bᵀ: Bᵀ [n, k] is written once (k·n copies) so the product walks its rows.
  if (m <= 0 || k <= 0) return;
  double *bt = malloc(sizeof(double) * (size_t)(k * n + 1));
  if (!bt) {
    for (long i = 0; i < m; i++)
      for (long j = 0; j < n; j++)
        for (long p = 0; p < k; p++) ga[i * k + p] += g[i * n + j] * b[p * n + j];
    return;
  }
  for (long p = 0; p < k; p++)
    for (long j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
  gemm(g, n, 1, bt, 0, ga, m, n, k, INIT_ACCUMULATE);
  free(bt);
}

int ck_dispatch_level(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 1;
  if (__builtin_cpu_supports("avx2")) return 2;
#endif
  return 0;
}

// tanh, the operations of Autodiff's `VectorMath.tanh` one for one (same constants, same order,
// no contraction into FMAs), so every clone gives the Swift path's bits; the loop has no
// branches, so each clone vectorizes it at its width.
#pragma clang fp contract(off)
static inline double exp_reduced(double x) {
  // fdlibm's e^x for |x| ≤ 708: x = k·ln 2 + r, e^r = 1 + 2r/(R(r²) − r), scaled by 2^k.
  const double shifter = 6755399441055744.0;
  const double shifted = x * 1.4426950408889634 + shifter;
  const double kd = shifted - shifter;
  const double high = x - kd * 6.93147180369123816490e-01;
  const double low = kd * 1.90821492927058770002e-10;
  const double r = high - low;
  const double t = r * r;
  double p = 4.13813679705723846039e-08;
  p = p * t - 1.65339022054652515390e-06;
  p = p * t + 6.61375632143793436117e-05;
  p = p * t - 2.77777777770155933842e-03;
  p = p * t + 1.66666666666666019037e-01;
  const double c = r - t * p;
  const double expR = 1 - ((low - (r * c) / (2 - c)) - high);
  long long shiftedBits, shifterBits, expBits;
  memcpy(&shiftedBits, &shifted, 8);
  memcpy(&shifterBits, &shifter, 8);
  memcpy(&expBits, &expR, 8);
  const long long scaled = expBits + (long long)((unsigned long long)(shiftedBits - shifterBits) << 52);
  double result;
  memcpy(&result, &scaled, 8);
  return result;
}

CK_CLONES
void ck_tanh(double *x, long count) {
  for (long i = 0; i < count; i++) {
    const double v = x[i];
    double a = v < 0 ? -v : v;
    a = (v > 20 || v < -20) ? 20 : a;
    const double e = exp_reduced(2 * (a != a ? 0 : a));
    const double large = 1 - 2 / (e + 1);
    const double t = a * a;
    double p = -929569.0 / 638512875.0;
    p = p * t + 21844.0 / 6081075.0;
    p = p * t - 1382.0 / 155925.0;
    p = p * t + 62.0 / 2835.0;
    p = p * t - 17.0 / 315.0;
    p = p * t + 2.0 / 15.0;
    p = p * t - 1.0 / 3.0;
    const double small = a + a * (t * p);
    const double magnitude = a < 0.125 ? small : large;
    const double signed_ = v < 0 ? -magnitude : magnitude;
    x[i] = v != v ? v : signed_;
  }
}

#pragma clang fp contract(on)
CK_CLONES
int ck_all_finite(const double *x, long count) {
  // OR of "exponent all ones" over every entry: no early exit, so it vectorizes.
  unsigned long long flags = 0;
  for (long i = 0; i < count; i++) {
    unsigned long long bits;
    memcpy(&bits, x + i, 8);
    flags |= (bits & 0x7FF0000000000000ULL) == 0x7FF0000000000000ULL;
  }
  return flags == 0;
}

// BatchNorm's loops, the operations of Autodiff's portable Swift loops one for one and in the same
// order (no contraction), so every clone gives their bits.
#pragma clang fp contract(off)
CK_CLONES
void ck_batchnorm_forward(const double *restrict x, const double *restrict gamma, const double *restrict beta,
                          long m, long h, double epsilon, double *restrict mean, double *restrict variance,
                          double *restrict inverse, double *restrict xhat, double *restrict y) {
  for (long j = 0; j < h; j++) mean[j] = 0, variance[j] = 0;
  for (long i = 0; i < m; i++)
    for (long j = 0; j < h; j++) mean[j] += x[i * h + j];
  const double scale = 1 / (double)m;
  for (long j = 0; j < h; j++) mean[j] *= scale;
  for (long i = 0; i < m; i++)
    for (long j = 0; j < h; j++) {
      const double d = x[i * h + j] - mean[j];
      variance[j] += d * d;
    }
  const double bessel = 1 / (double)(m - 1);
  for (long j = 0; j < h; j++) {
    variance[j] *= bessel;
    inverse[j] = 1 / sqrt(variance[j] + epsilon);
  }
  for (long i = 0; i < m; i++)
    for (long j = 0; j < h; j++) {
      const double value = (x[i * h + j] - mean[j]) * inverse[j];
      xhat[i * h + j] = value;
      y[i * h + j] = gamma[j] * value + beta[j];
    }
}

CK_CLONES
void ck_batchnorm_backward(const double *restrict g, const double *restrict xhat, const double *restrict gamma,
                           const double *restrict inverse, long m, long h, double *restrict sumG,
                           double *restrict sumGX, double *restrict coefficient, double *restrict gx) {
  for (long j = 0; j < h; j++) sumG[j] = 0, sumGX[j] = 0;
  for (long i = 0; i < m; i++)
    for (long j = 0; j < h; j++) {
      const double gij = g[i * h + j];
      sumG[j] += gij;
      sumGX[j] += gij * xhat[i * h + j];
    }
  if (!gx) return;
  const double count = (double)m;
  const double correction = count / (count - 1);
  for (long j = 0; j < h; j++) coefficient[j] = gamma[j] * inverse[j] / count;
  for (long i = 0; i < m; i++)
    for (long j = 0; j < h; j++) {
      const long k = i * h + j;
      gx[k] += coefficient[j] * (count * g[k] - sumG[j] - xhat[k] * (correction * sumGX[j]));
    }
}
#pragma clang fp contract(on)
