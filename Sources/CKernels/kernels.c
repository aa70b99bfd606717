#include "CKernels.h"

// Three builds of each kernel, chosen once by the dynamic loader (an ifunc) from CPUID.
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define CK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CK_CLONES
#endif

CK_CLONES
void ck_linear_forward(const double *restrict a, const double *restrict b, const double *restrict bias,
                       double *restrict c, long m, long k, long n) {
  for (long i = 0; i < m; i++) {
    double *restrict row = c + i * n;
    if (bias) {
      for (long j = 0; j < n; j++) row[j] = bias[j];
    } else {
      for (long j = 0; j < n; j++) row[j] = 0;
    }
    for (long p = 0; p < k; p++) {
      const double aip = a[i * k + p];
      const double *restrict brow = b + p * n;
      for (long j = 0; j < n; j++) row[j] += aip * brow[j];
    }
  }
}

CK_CLONES
void ck_matmul_tn_accumulate(const double *restrict a, const double *restrict g, double *restrict gb, long m, long k,
                             long n) {
  for (long i = 0; i < m; i++) {
    const double *restrict grow = g + i * n;
    for (long p = 0; p < k; p++) {
      const double aip = a[i * k + p];
      double *restrict row = gb + p * n;
      for (long j = 0; j < n; j++) row[j] += aip * grow[j];
    }
  }
}

CK_CLONES
void ck_matmul_nt_accumulate(const double *restrict g, const double *restrict bt, double *restrict ga, long m, long k,
                             long n) {
  for (long i = 0; i < m; i++) {
    double *restrict row = ga + i * k;
    for (long j = 0; j < n; j++) {
      const double gij = g[i * n + j];
      const double *restrict btrow = bt + j * k;
      for (long p = 0; p < k; p++) row[p] += gij * btrow[p];
    }
  }
}

int ck_dispatch_level(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 1;
  if (__builtin_cpu_supports("avx2")) return 2;
#endif
  return 0;
}
