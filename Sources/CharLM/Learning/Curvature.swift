import Autodiff
import Optimization

/// The largest curvature of the softmax-bigram loss at a point, λ_max = max_i λ_max(H_i) over the
/// V×V Hessian blocks H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) + (2λ/V²)·I, and the learning rate it allows.
///
/// The Hessian is block-diagonal (row i of W only meets row i in the loss), so its eigenvalues are
/// those of the blocks together. On the local quadratic model a gradient-descent step multiplies the
/// error along an eigenvector of eigenvalue μ by (1 − ημ): every direction shrinks only when
/// |1 − ηλ_max| < 1, that is η < 2/λ_max, the stability bound.
public struct Curvature: Sendable, Equatable {
  /// λ_max, the largest eigenvalue of the Hessian ∇²L at the point.
  public let largestEigenvalue: Double
  /// The row i of W whose block H_i holds λ_max (the stiffest row, usually the most frequent symbol).
  public let stiffestRow: Int

  /// The curvature of `objective` at `weights` (V×V), from the Jacobi eigen-decomposition of every block.
  ///
  /// Logits of −∞ are allowed (their probability is 0), so the λ = 0 limit W = log N has a curvature.
  public init(objective: BigramObjective, at weights: Tensor) {
    var largest = -Double.infinity
    var row = 0
    // One block at a time: all of them would be V³ doubles (8.6 GB at V = 1,024).
    objective.forEachHessianBlock(at: weights) { i, block in
      let top = SymmetricEigendecomposition(block).eigenvalues.last ?? -.infinity
      if top > largest {
        largest = top
        row = i
      }
    }
    largestEigenvalue = largest
    stiffestRow = row
  }

  /// 2/λ_max: gradient descent with a fixed learning rate is locally stable only below it.
  public var stabilityBound: Double { 2 / largestEigenvalue }
}
