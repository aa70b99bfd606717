/// The minimum-norm least-squares solution x = A⁺b of a symmetric system, with the numerical rank
/// of A so a caller can tell a singular system from a regular one.
public struct PseudoInverseSolution: Sendable, Equatable {
  /// The solution x (length n); its component along every null direction of A is zero.
  public let solution: [Double]
  /// The number of eigenvalues with |λ| above ``threshold``, i.e. the numerical rank of A.
  public let rank: Int
  /// The cut-off τ = relativeTolerance·max|λ|; eigenvalues with |λ| ≤ τ were treated as zero.
  public let threshold: Double

  /// Whether A was numerically singular (rank < n), so the pseudo-inverse replaced the inverse.
  public var isSingular: Bool { rank < solution.count }
}
