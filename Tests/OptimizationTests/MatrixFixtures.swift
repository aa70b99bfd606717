import Autodiff
import Foundation

// Matrices with a spectrum known in closed form, for the eigen-decomposition and solver tests.

/// A·x for a square matrix A (shape [n, n]).
func multiply(_ a: Tensor, _ x: [Double]) -> [Double] {
  let n = a.shape[0]
  return (0..<n).map { i in (0..<n).reduce(0) { $0 + a.scalars[i * n + $1] * x[$1] } }
}

/// Q·diag(λ)·Qᵀ with Q = I − 2vvᵀ/(vᵀv) a Householder reflection for a seeded random v, so the
/// eigenvalues are exactly `spectrum` and column k of Q is an eigenvector of spectrum[k].
func householderMatrix(spectrum: [Double], seed: UInt64) -> (matrix: Tensor, reflection: Tensor) {
  let n = spectrum.count
  var rng = SplitMix64(seed: seed)
  let v = (0..<n).map { _ in rng.nextNormal() }
  let vv = v.reduce(0) { $0 + $1 * $1 }
  var q = Array(repeating: 0.0, count: n * n)
  for i in 0..<n {
    for j in 0..<n { q[i * n + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv }
  }
  var a = Array(repeating: 0.0, count: n * n)
  for i in 0..<n {
    for j in 0..<n {
      a[i * n + j] = (0..<n).reduce(0) { $0 + q[i * n + $1] * spectrum[$1] * q[j * n + $1] }
    }
  }
  return (Tensor(shape: [n, n], scalars: a), Tensor(shape: [n, n], scalars: q))
}

/// The softmax p of seeded random logits (length n) and the singular Hessian diag(p) − ppᵀ of
/// log Σ exp(x) at those logits; its null space is spanned by the all-ones vector.
func softmaxHessian(size n: Int, seed: UInt64) -> (probabilities: [Double], hessian: Tensor) {
  var rng = SplitMix64(seed: seed)
  let logits = (0..<n).map { _ in 2 * rng.nextNormal() }
  let largest = logits.max() ?? 0
  let e = logits.map { exp($0 - largest) }
  let total = e.reduce(0, +)
  let p = e.map { $0 / total }
  var h = Array(repeating: 0.0, count: n * n)
  for i in 0..<n {
    for j in 0..<n { h[i * n + j] = (i == j ? p[i] : 0) - p[i] * p[j] }
  }
  return (p, Tensor(shape: [n, n], scalars: h))
}
