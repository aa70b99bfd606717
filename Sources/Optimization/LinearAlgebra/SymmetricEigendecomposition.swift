import Autodiff
import Foundation

/// The eigen-decomposition A = Q·diag(λ)·Qᵀ of a real symmetric n×n matrix by the cyclic Jacobi
/// method, with eigenvalues in ascending order and orthonormal eigenvectors as the columns of Q.
///
/// Each rotation zeroes one off-diagonal pair; sweeps over all pairs converge quadratically, and the
/// result is accurate to a few ulps of ‖A‖ (about 1e-14 for a 27×27 softmax Hessian). A pair is
/// skipped once |a_pq| ≤ ε·√|a_pp·a_qq| (Demmel and Veselić's relative criterion) or
/// |a_pq| ≤ ε²·max|a_ij| (too small to move any eigenvalue), and the method stops after a sweep
/// with no rotation. Jacobi, "Über ein leichtes Verfahren…" (Crelle 1846);
/// Golub and Van Loan, *Matrix Computations*, 4th ed., §8.5 (cyclic Jacobi, `sym.schur2`).
public struct SymmetricEigendecomposition: Sendable, Equatable {
  /// The eigenvalues λ₁ ≤ λ₂ ≤ … ≤ λₙ.
  public let eigenvalues: [Double]
  /// The n×n matrix Q whose column k is the unit eigenvector of `eigenvalues[k]`.
  public let eigenvectors: Tensor
  /// The number of sweeps over all off-diagonal pairs that were needed.
  public let sweeps: Int

  /// The most sweeps attempted; a finite symmetric matrix of size ≤ 100 needs fewer than 20.
  public static let maximumSweeps = 60

  /// Decomposes the symmetric matrix `matrix` (shape [n, n]), using its symmetric part (A + Aᵀ)/2;
  /// a NaN or ∞ entry makes every eigenvalue and eigenvector entry NaN.
  ///
  /// - Precondition: `matrix` is square and symmetric to within 1e-6 relative to its largest entry
  ///   (loose enough for a Hessian estimated by finite differences, tight enough to catch a
  ///   matrix that is not a Hessian at all).
  public init(_ matrix: Tensor) {
    precondition(
      matrix.rank == 2 && matrix.shape[0] == matrix.shape[1],
      "SymmetricEigendecomposition needs a square matrix, got shape \(matrix.shape)")
    let n = matrix.shape[0]
    var a = matrix.scalars
    let scale = a.reduce(0) { max($0, abs($1)) }
    for i in 0..<n {
      for j in (i + 1)..<n {
        // Written as "not greater" so NaN entries pass here and surface as NaN eigenvalues below.
        precondition(
          !(abs(a[i * n + j] - a[j * n + i]) > 1e-6 * scale),
          "SymmetricEigendecomposition needs a symmetric matrix: A[\(i),\(j)] = \(a[i * n + j]), A[\(j),\(i)] = \(a[j * n + i])"
        )
        // The rotations read one triangle and write both, so start from an exactly symmetric matrix.
        let mean = (a[i * n + j] + a[j * n + i]) / 2
        a[i * n + j] = mean
        a[j * n + i] = mean
      }
    }
    guard a.allSatisfy(\.isFinite) else {
      eigenvalues = Array(repeating: .nan, count: n)
      eigenvectors = Tensor(repeating: .nan, shape: [n, n])
      sweeps = 0
      return
    }
    let negligible = Double.ulpOfOne * Double.ulpOfOne * scale
    var q = Array(repeating: 0.0, count: n * n)
    for i in 0..<n { q[i * n + i] = 1 }

    var sweeps = 0
    var rotated = true
    while rotated && sweeps < Self.maximumSweeps {
      rotated = false
      sweeps += 1
      for p in 0..<n {
        for r in (p + 1)..<n {
          let apq = a[p * n + r]
          let app = a[p * n + p]
          let aqq = a[r * n + r]
          guard abs(apq) > max(negligible, Double.ulpOfOne * (abs(app) * abs(aqq)).squareRoot()) else { continue }
          rotated = true
          Self.rotate(&a, &q, n: n, p: p, q: r, apq: apq, app: app, aqq: aqq)
        }
      }
    }

    let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
    eigenvalues = order.map { a[$0 * n + $0] }
    var vectors = Array(repeating: 0.0, count: n * n)
    for (column, k) in order.enumerated() {
      for i in 0..<n { vectors[i * n + column] = q[i * n + k] }
    }
    eigenvectors = Tensor(shape: [n, n], scalars: vectors)
    self.sweeps = sweeps
  }

  // One Jacobi rotation A ← JᵀAJ, Q ← QJ in the plane (p, q), with J = [c s; −s c] chosen so that
  // the new a_pq is zero. t = tan θ is the smaller root of t² + 2τt − 1 = 0, τ = (a_qq − a_pp)/(2a_pq),
  // which keeps |θ| ≤ π/4 and the rotation stable; hypot avoids overflow of √(1 + τ²).
  private static func rotate(
    _ a: inout [Double], _ v: inout [Double], n: Int, p: Int, q: Int, apq: Double, app: Double, aqq: Double
  ) {
    let tau = (aqq - app) / (2 * apq)
    let t = (tau >= 0 ? 1.0 : -1.0) / (abs(tau) + hypot(1, tau))
    let c = 1 / (1 + t * t).squareRoot()
    let s = t * c
    a[p * n + p] = app - t * apq
    a[q * n + q] = aqq + t * apq
    a[p * n + q] = 0
    a[q * n + p] = 0
    for r in 0..<n where r != p && r != q {
      let arp = a[r * n + p]
      let arq = a[r * n + q]
      a[r * n + p] = c * arp - s * arq
      a[p * n + r] = a[r * n + p]
      a[r * n + q] = s * arp + c * arq
      a[q * n + r] = a[r * n + q]
    }
    for r in 0..<n {
      let vrp = v[r * n + p]
      let vrq = v[r * n + q]
      v[r * n + p] = c * vrp - s * vrq
      v[r * n + q] = s * vrp + c * vrq
    }
  }
}
