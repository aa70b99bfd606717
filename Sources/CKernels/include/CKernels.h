// Small dense kernels for the MLP's training step, in C so that one portable build reaches the
// CPU's AVX-512/AVX2 units: every function is compiled three times (target_clones) and the loader
// picks the widest the CPU supports at run time. No -march flag, no fast-math: each kernel keeps
// the plain loop order of its portable Swift twin in Autodiff, so the clones differ from it only by
// fused multiply-adds (one rounding instead of two), never by reassociation.
#ifndef CKERNELS_H
#define CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// C[m,n] = A[m,k]·B[k,n] (+ bias[n] on every row when bias is not NULL), all row-major.
/// Loop order i, p, j: row i of C gains A[i,p]·row p of B, so the inner loop walks rows.
void ck_linear_forward(const double *a, const double *b, const double *bias, double *c, long m, long k, long n);

/// ∂B[k,n] += Aᵀ·G: for every row i, p: row p of ∂B gains A[i,p]·row i of G.
void ck_matmul_tn_accumulate(const double *a, const double *g, double *gb, long m, long k, long n);

/// ∂A[m,k] += G[m,n]·Bᵀ for B [k,n]: every entry summed over j = 0, 1, … in order.
void ck_matmul_nt_accumulate(const double *g, const double *b, double *ga, long m, long k, long n);

/// x[i] ← tanh x[i], the same operations as Autodiff's VectorMath.tanh (bit for bit: no FMA).
void ck_tanh(double *x, long count);

/// 1 when every x[i] is finite (neither ±∞ nor NaN), else 0.
int ck_all_finite(const double *x, long count);

/// BatchNorm in training mode over the rows of x [m, h] (m ≥ 2): the batch mean, the variance with
/// Bessel's correction, 1/√(v + ε), x̂ and y = γ·x̂ + β (bit for bit Autodiff's portable loops).
void ck_batchnorm_forward(const double *x, const double *gamma, const double *beta, long m, long h, double epsilon,
                          double *mean, double *variance, double *inverse, double *xhat, double *y);

/// BatchNorm's backward: Σᵢ g and Σᵢ g·x̂ per column, and (when gx is not NULL)
/// ∂x += γ·s/m·(m·g − Σg − m/(m−1)·x̂·Σ(g·x̂)); `coefficient` is scratch of h doubles.
void ck_batchnorm_backward(const double *g, const double *xhat, const double *gamma, const double *inverse, long m,
                           long h, double *sumG, double *sumGX, double *coefficient, double *gx);

/// 1 if the running CPU takes the AVX-512 clone, 2 for AVX2, 0 for the portable one (for reports).
int ck_dispatch_level(void);

#ifdef __cplusplus
}
#endif

#endif
