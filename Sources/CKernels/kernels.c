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
// The 8-lane helpers below are static and always inlined into each target_clones body, so the
// calling-convention note clang gives for the baseline (SSE2) clone never crosses a real call.
#pragma clang diagnostic ignored "-Wpsabi"
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

// ---------------------------------------------------------------------------------------------
// Word-list tally: the bigram pairs, line tallies, word lengths and distinct words of plain lines.

// An open-addressing set of byte strings: the words in an arena, in insertion order, and a table
// of 24-byte slots. A word of at most 16 bytes is held in its slot too (zero-padded), so a lookup
// of a short word touches one slot and nothing else; a longer one keeps its index there and is
// compared in the arena. A slot's length 0 means empty (no word is empty). The table doubles when
// it is half full.
struct word_slot {
  unsigned long w0, w1;  // the bytes of a short word; w0 = its index for a long one
  unsigned int hash, length;
};

struct ck_word_set {
  unsigned char *arena;
  long arenaUsed, arenaCapacity;
  long *offsets;  // word k is arena[offsets[k] ..< offsets[k + 1]]
  long count, offsetCapacity;
  struct word_slot *slots;
  long slotCount;  // a power of two
};

ck_word_set *ck_word_set_create(void) {
  ck_word_set *set = calloc(1, sizeof *set);
  if (!set) return NULL;
  set->arenaCapacity = 1 << 16;
  set->offsetCapacity = 1 << 12;
  set->slotCount = 1 << 13;
  set->arena = malloc((size_t)set->arenaCapacity);
  set->offsets = malloc(sizeof(long) * (size_t)(set->offsetCapacity + 1));
  set->slots = calloc((size_t)set->slotCount, sizeof(struct word_slot));
  if (!set->arena || !set->offsets || !set->slots) {
    ck_word_set_destroy(set);
    return NULL;
  }
  set->offsets[0] = 0;
  return set;
}

void ck_word_set_destroy(ck_word_set *set) {
  if (!set) return;
  free(set->arena);
  free(set->offsets);
  free(set->slots);
  free(set);
}

long ck_word_set_count(const ck_word_set *set) { return set ? set->count : 0; }

long ck_word_set_word(const ck_word_set *set, long index, const unsigned char **bytes) {
  *bytes = set->arena + set->offsets[index];
  return set->offsets[index + 1] - set->offsets[index];
}

// The first 16 bytes of a word, zero-padded, and a multiply-xorshift hash of all its bytes (8 at a
// time, the tail zero-padded) mixed with its length.
static inline unsigned long word_hash(const unsigned char *bytes, long length, unsigned long *w0, unsigned long *w1) {
  unsigned long h = 0x9E3779B97F4A7C15ul ^ (unsigned long)length;
  unsigned long chunks[2] = {0, 0};
  long i = 0;
  for (; i + 8 <= length; i += 8) {
    unsigned long chunk;
    memcpy(&chunk, bytes + i, 8);
    if (i < 16) chunks[i >> 3] = chunk;
    h = (h ^ chunk) * 0xFF51AFD7ED558CCDul;
    h ^= h >> 32;
  }
  if (i < length) {
    unsigned long chunk = 0;
    memcpy(&chunk, bytes + i, (size_t)(length - i));
    if (i < 16) chunks[i >> 3] = chunk;
    h = (h ^ chunk) * 0xFF51AFD7ED558CCDul;
    h ^= h >> 32;
  }
  *w0 = chunks[0];
  *w1 = chunks[1];
  h *= 0xC4CEB9FE1A85EC53ul;
  return h ^ (h >> 29);
}

static int word_set_grow(ck_word_set *set) {
  const long slotCount = set->slotCount * 2;
  struct word_slot *slots = calloc((size_t)slotCount, sizeof(struct word_slot));
  if (!slots) return -1;
  for (long s = 0; s < set->slotCount; s++) {
    if (!set->slots[s].length) continue;
    // The table index comes from the high half of the hash, which the slot does not keep: rehash.
    const struct word_slot slot = set->slots[s];
    unsigned char padded[16];
    const unsigned char *bytes = padded;
    if (slot.length <= 16) {
      memcpy(padded, &slot.w0, 8);
      memcpy(padded + 8, &slot.w1, 8);
    } else {
      bytes = set->arena + set->offsets[slot.w0];
    }
    unsigned long w0, w1;
    const unsigned long h = word_hash(bytes, slot.length, &w0, &w1);
    long t = (long)((h >> 32) & (unsigned long)(slotCount - 1));
    while (slots[t].length) t = (t + 1) & (slotCount - 1);
    slots[t] = slot;
  }
  free(set->slots);
  set->slots = slots;
  set->slotCount = slotCount;
  return 0;
}

static int word_set_insert_hashed(ck_word_set *set, const unsigned char *bytes, long length, unsigned long h,
                                  unsigned long w0, unsigned long w1) {
  if (length <= 0 || length > 0x7FFFFFFF) return -1;
  const unsigned int tag = (unsigned int)h;
  long s = (long)((h >> 32) & (unsigned long)(set->slotCount - 1));
  for (;; s = (s + 1) & (set->slotCount - 1)) {
    const struct word_slot *slot = &set->slots[s];
    if (!slot->length) break;
    if (slot->hash != tag || slot->length != (unsigned int)length) continue;
    if (length <= 16) {
      if (slot->w0 == w0 && slot->w1 == w1) return 0;
    } else if (memcmp(set->arena + set->offsets[slot->w0], bytes, (size_t)length) == 0) {
      return 0;
    }
  }
  if (set->arenaUsed + length > set->arenaCapacity) {
    long capacity = set->arenaCapacity * 2;
    while (capacity < set->arenaUsed + length) capacity *= 2;
    unsigned char *arena = realloc(set->arena, (size_t)capacity);
    if (!arena) return -1;
    set->arena = arena;
    set->arenaCapacity = capacity;
  }
  if (set->count + 1 > set->offsetCapacity) {
    long *offsets = realloc(set->offsets, sizeof(long) * (size_t)(set->offsetCapacity * 2 + 1));
    if (!offsets) return -1;
    set->offsets = offsets;
    set->offsetCapacity *= 2;
  }
  memcpy(set->arena + set->arenaUsed, bytes, (size_t)length);
  set->slots[s] = (struct word_slot){length <= 16 ? w0 : (unsigned long)set->count, length <= 16 ? w1 : 0, tag,
                                     (unsigned int)length};
  set->arenaUsed += length;
  set->count += 1;
  set->offsets[set->count] = set->arenaUsed;
  if (2 * set->count > set->slotCount && word_set_grow(set) != 0) return -1;
  return 1;
}

int ck_word_set_insert(ck_word_set *set, const unsigned char *bytes, long length) {
  if (!set) return -1;
  unsigned long w0, w1;
  const unsigned long h = word_hash(bytes, length, &w0, &w1);
  return word_set_insert_hashed(set, bytes, length, h, w0, w1);
}

// Plain bytes: printable ASCII other than space and '.' (0x21…0x7E without 0x2E).
static inline int is_plain(unsigned char c) { return (unsigned char)(c - 0x21) <= 0x5D && c != 0x2E; }

// Words waiting to be inserted while their slots are fetched: a lookup of a table larger than the
// L2 cache is a memory round trip, so each word's slot is prefetched when its line ends and the
// word goes in `PENDING` lines later, by which time the slot is (usually) in cache.
enum { PENDING = 16 };

struct pending_word {
  const unsigned char *bytes;
  long length;
  unsigned long hash, w0, w1;
};

static inline int insert_pending(ck_word_set *set, const struct pending_word *word) {
  return word_set_insert_hashed(set, word->bytes, word->length, word->hash, word->w0, word->w1) < 0 ? -1 : 0;
}

long ck_tally_plain_lines(const unsigned char *bytes, long count, long maximumLength, long long *pairs,
                          ck_word_set *set, long *tallies) {
  if (!set) return -1;
  struct pending_word pending[PENDING];
  long queued = 0;  // words in `pending`, the oldest at queued % PENDING once the ring is full
  long i = 0;
  long lines = tallies[0], blanks = tallies[1], shortest = tallies[2], longest = tallies[3];
  while (i < count) {
    const long start = i;
    long previous = 0;
    while (i < count) {
      const unsigned char c = bytes[i];
      if (c == 0x0A || !is_plain(c)) break;
      pairs[previous << 7 | c] += 1;
      previous = c;
      i++;
    }
    const long length = i - start;
    if ((i < count && bytes[i] != 0x0A) || length > maximumLength) {
      // Not plain: take this line's pairs back and leave it (and the rest) to the careful path.
      long back = 0;
      for (long j = start; j < i; j++) {
        pairs[back << 7 | bytes[j]] -= 1;
        back = bytes[j];
      }
      i = start;
      break;
    }
    if (length == 0) {
      blanks++;
    } else {
      pairs[previous << 7] += 1;
      if (length < shortest) shortest = length;
      if (length > longest) longest = length;
      struct pending_word *slot = &pending[queued % PENDING];
      if (queued >= PENDING && insert_pending(set, slot) != 0) return -1;
      slot->bytes = bytes + start;
      slot->length = length;
      slot->hash = word_hash(bytes + start, length, &slot->w0, &slot->w1);
      __builtin_prefetch(&set->slots[(slot->hash >> 32) & (unsigned long)(set->slotCount - 1)]);
      queued++;
    }
    lines++;
    if (i < count) i++;
  }
  // The words still waiting, oldest first (the set's insertion order is the words' order).
  for (long k = queued > PENDING ? queued - PENDING : 0; k < queued; k++)
    if (insert_pending(set, &pending[k % PENDING]) != 0) return -1;
  tallies[0] = lines, tallies[1] = blanks, tallies[2] = shortest, tallies[3] = longest;
  return i;
}
