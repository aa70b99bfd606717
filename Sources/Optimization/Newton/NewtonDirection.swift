import Autodiff

/// A Newton direction d_i = −(H_i + δI)⁺g_i over a block-diagonal Hessian, with what the
/// eigen-decompositions of the blocks revealed.
public struct NewtonDirection: Sendable, Equatable {
  /// The direction d, the same shape as the gradient.
  public let direction: Tensor
  /// The indices i of the blocks whose H_i + δI was numerically singular (solved by pseudo-inverse).
  public let singularBlocks: [Int]
  /// The smallest eigenvalue of the undamped Hessian, min_i λ_min(H_i).
  public let smallestEigenvalue: Double
  /// The largest eigenvalue of the undamped Hessian, max_i λ_max(H_i); gradient descent on the
  /// local quadratic model is stable only for learning rates below 2/λ_max.
  public let largestEigenvalue: Double
}
