import Autodiff

extension SymmetricEigendecomposition {
  /// The default relative tolerance n·ε for deciding that an eigenvalue is zero (NumPy's
  /// `matrix_rank` rule), where n is the matrix size.
  public var defaultRelativeTolerance: Double { Double(eigenvalues.count) * Double.ulpOfOne }

  /// Solves (A + δI)x = b through the decomposition: x = Σ_{|λ_k+δ| > τ} q_k·(q_kᵀb)/(λ_k + δ), the
  /// Moore–Penrose pseudo-inverse solution, with τ = relativeTolerance·max_k|λ_k + δ|.
  ///
  /// Directions whose shifted eigenvalue is at most τ are dropped instead of divided by ~0, and the
  /// result reports them through ``PseudoInverseSolution/rank``. For a positive semi-definite A this
  /// is the solver Newton's method needs; `shift` δ is its damping (Levenberg–Marquardt style).
  ///
  /// - Precondition: `b.count == n`, `shift ≥ 0`, `relativeTolerance ≥ 0` (nil uses the default).
  public func solve(_ b: [Double], shift: Double = 0, relativeTolerance: Double? = nil) -> PseudoInverseSolution {
    let n = eigenvalues.count
    precondition(b.count == n, "solve: right-hand side has \(b.count) entries, the matrix is \(n)×\(n)")
    precondition(shift >= 0, "solve: shift \(shift) must be ≥ 0")
    let tolerance = relativeTolerance ?? defaultRelativeTolerance
    precondition(tolerance >= 0, "solve: relative tolerance \(tolerance) must be ≥ 0")
    let shifted = eigenvalues.map { $0 + shift }
    let threshold = tolerance * shifted.reduce(0) { max($0, abs($1)) }
    let q = eigenvectors.scalars
    var x = Array(repeating: 0.0, count: n)
    var rank = 0
    for k in 0..<n where abs(shifted[k]) > threshold {
      rank += 1
      var projection = 0.0
      for i in 0..<n { projection += q[i * n + k] * b[i] }
      let coefficient = projection / shifted[k]
      for i in 0..<n { x[i] += coefficient * q[i * n + k] }
    }
    return PseudoInverseSolution(solution: x, rank: rank, threshold: threshold)
  }
}
