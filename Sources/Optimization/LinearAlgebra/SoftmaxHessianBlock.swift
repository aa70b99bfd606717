import Autodiff

/// The Hessian of a scaled softmax cross-entropy with a ridge, H = a·(diag p − p pᵀ) + c·I (n×n):
/// a diagonal plus a rank-one term, so that solves and the largest eigenvalue cost O(n), not the
/// O(n³) of an eigen-decomposition. Each row block of the softmax bigram's Hessian has this form,
/// with a = n_i/T, p = p̂_i and c = 2λ/V².
///
/// With D = a·diag p + s·I (s = c + δ for a damping δ), H + δI = D − a p pᵀ, and
/// - s > 0: Sherman–Morrison, (D − a p pᵀ)⁻¹g = D⁻¹g + D⁻¹p · a (pᵀD⁻¹g) / (1 − a pᵀD⁻¹p), where
///   the denominator is written (1 − Σp) + s·Σ_j p_j/d_j (using Σ_j a p_j²/d_j = Σ_j p_j − s·Σ_j p_j/d_j),
///   so it carries no cancellation when s is small;
/// - s = 0 (no ridge, no damping): H = a(diag p − p pᵀ) is singular along the all-ones vector 1
///   (Hp-wise: H·1 = a(p − p·Σp) = 0). The pseudo-inverse solution is the x ⊥ 1 with Hx = g̃,
///   g̃ = g − mean(g)·1 the part of g in the range. y = g̃ ⊘ (a p) solves it, since
///   (diag p − p pᵀ)(g̃ ⊘ p)/a = (g̃ − p·Σ g̃)/a = g̃/a; then x = y − mean(y)·1.
///
/// The eigenvalues of D − a p pᵀ interlace those of D (a rank-one downdate): d₍ₖ₋₁₎ ≤ μₖ ≤ d₍ₖ₎ in
/// increasing order. The solve is used only where that proves every kept eigenvalue far above
/// the pseudo-inverse cut-off τ = tol·λ_max (see ``solve(_:shift:relativeTolerance:)``); otherwise
/// the caller falls back to ``SymmetricEigendecomposition``, so results never depend on the path.
public struct SoftmaxHessianBlock: Sendable, Equatable {
  /// a ≥ 0, the weight of the softmax term (n_i/T for a bigram row).
  public let scale: Double
  /// p, the softmax probabilities (p_j ≥ 0, Σ p_j = 1 up to rounding).
  public let probabilities: [Double]
  /// c ≥ 0, the ridge on the diagonal (2λ/V² for the bigram's weight decay).
  public let ridge: Double

  /// The block a·(diag p − p pᵀ) + c·I.
  ///
  /// - Precondition: a ≥ 0, c ≥ 0, every p_j ≥ 0, all finite.
  public init(scale: Double, probabilities: [Double], ridge: Double) {
    precondition(
      scale >= 0 && scale.isFinite && ridge >= 0 && ridge.isFinite
        && probabilities.allSatisfy { $0 >= 0 && $0.isFinite },
      "SoftmaxHessianBlock: needs a ≥ 0, c ≥ 0 and probabilities ≥ 0, all finite")
    self.scale = scale
    self.probabilities = probabilities
    self.ridge = ridge
  }

  /// n, the size of the block.
  public var size: Int { probabilities.count }

  /// The dense n×n matrix, for the general eigen-decomposition path and for checking.
  public var dense: Tensor {
    let n = size
    var block = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
      for b in 0..<n { block[a * n + b] = -scale * probabilities[a] * probabilities[b] }
      block[a * n + a] += scale * probabilities[a] + ridge
    }
    return Tensor(shape: [n, n], scalars: block)
  }

  /// The smallest eigenvalue, c: a(diag p − p pᵀ) is positive semi-definite and singular along 1
  /// (exactly, for Σp = 1; the eigen-decomposition finds c up to rounding).
  public var smallestEigenvalue: Double { ridge }

  /// The largest eigenvalue λ_max, from the secular equation of the diagonal-plus-rank-one matrix.
  ///
  /// With e_j = a·p_j, the eigenvalues of a(diag p − p pᵀ) are 0 for every p_j = 0 and the roots of
  /// 1 = a Σ_{p_j>0} p_j²/(e_j − μ). The largest root lies in [e₍₂₎, e₍₁₎] (the two largest e_j):
  /// it is e₍₁₎ when the two tie, a·p(1 − p) when a single p_j is non-zero, else μ = e₍₁₎ − t with t
  /// the root in (0, e₍₁₎ − e₍₂₎) of the increasing φ(t) = 1 − a p_k²/t − a Σ_{j≠k} p_j²/(e_j − e_k + t),
  /// found by Newton's method safeguarded by bisection (t, not μ, keeps full relative precision).
  public var largestEigenvalue: Double { ridge + largestSoftmaxEigenvalue }

  private var largestSoftmaxEigenvalue: Double {
    let a = scale
    let p = probabilities
    guard a > 0, let k = p.indices.max(by: { p[$0] < p[$1] }), p[k] > 0 else { return 0 }
    let top = a * p[k]
    var second = -Double.infinity
    var active = 0
    for j in p.indices where p[j] > 0 {
      active += 1
      if j != k { second = max(second, a * p[j]) }
    }
    if active == 1 { return a * p[k] * (1 - p[k]) }
    let gap = top - second
    if gap <= 0 { return top }
    let weight = a * p[k] * p[k]
    // φ(t) and φ'(t) over the active terms other than k.
    func secular(_ t: Double) -> (value: Double, slope: Double) {
      var value = 1 - weight / t
      var slope = weight / (t * t)
      for j in p.indices where j != k && p[j] > 0 {
        let denominator = (a * p[j] - top) + t
        let term = a * p[j] * p[j] / denominator
        value -= term
        slope += term / denominator
      }
      return (value, slope)
    }
    var low = 0.0
    var high = gap
    // The root of the dominant terms alone, 1 = a p_k²/t, is a good start when it is in range.
    var t = min(max(weight, gap * 1e-3), gap * 0.5)
    for _ in 0..<200 {
      let (value, slope) = secular(t)
      if value == 0 { break }
      if value < 0 { low = t } else { high = t }
      var next = t - value / slope
      if !(next > low && next < high) { next = low + (high - low) / 2 }
      if abs(next - t) <= 2 * Double.ulpOfOne * t || high - low <= 2 * Double.ulpOfOne * high {
        t = next
        break
      }
      t = next
    }
    return top - t
  }

  /// The pseudo-inverse solution of (H + δI)x = b in O(n), or nil when the fast formulas cannot
  /// be shown to agree with ``SymmetricEigendecomposition/solve(_:shift:relativeTolerance:)``.
  ///
  /// The cut-off τ = tol·λ_max(H + δI) ≤ tol·max_j d_j. The fast path is taken when the
  /// eigenvalues it keeps are all above 1000·tol·max_j d_j (so none of them is near τ): for s > 0
  /// every eigenvalue is ≥ s, so s must be; for s = 0, all but the null one are ≥ min_j d_j. With
  /// a = 0 the block is s·I (x = b/s, or x = 0 and rank 0 when s = 0), as the decomposition finds.
  ///
  /// - Precondition: `b.count == n`, `shift ≥ 0`, `relativeTolerance ≥ 0` (nil uses n·ε).
  public func solve(_ b: [Double], shift: Double = 0, relativeTolerance: Double? = nil) -> PseudoInverseSolution? {
    let n = size
    precondition(b.count == n, "solve: right-hand side has \(b.count) entries, the matrix is \(n)×\(n)")
    precondition(shift >= 0, "solve: shift \(shift) must be ≥ 0")
    let tolerance = relativeTolerance ?? Double(n) * Double.ulpOfOne
    precondition(tolerance >= 0, "solve: relative tolerance \(tolerance) must be ≥ 0")
    let s = ridge + shift
    let a = scale
    let p = probabilities
    if a == 0 {
      guard s > 0 else {
        return PseudoInverseSolution(solution: [Double](repeating: 0, count: n), rank: 0, threshold: 0)
      }
      return PseudoInverseSolution(solution: b.map { $0 / s }, rank: n, threshold: tolerance * s)
    }
    var largestDiagonal = 0.0
    var smallestDiagonal = Double.infinity
    for j in 0..<n {
      let d = a * p[j] + s
      largestDiagonal = max(largestDiagonal, d)
      smallestDiagonal = min(smallestDiagonal, d)
    }
    let margin = 1000 * tolerance * largestDiagonal
    guard smallestDiagonal > margin, s == 0 || s > margin else { return nil }
    let threshold = tolerance * (largestEigenvalue + shift)
    var x = [Double](repeating: 0, count: n)
    if s > 0 {
      // Sherman–Morrison: x = D⁻¹b + D⁻¹p · a(pᵀD⁻¹b)/den, den = (1 − Σp) + s·Σ p_j/d_j.
      var projection = 0.0
      var sumP = 0.0
      var weighted = 0.0
      for j in 0..<n {
        let d = a * p[j] + s
        x[j] = b[j] / d
        projection += p[j] * x[j]
        sumP += p[j]
        weighted += p[j] / d
      }
      let coefficient = a * projection / ((1 - sumP) + s * weighted)
      for j in 0..<n { x[j] += coefficient * p[j] / (a * p[j] + s) }
      return PseudoInverseSolution(solution: x, rank: n, threshold: threshold)
    }
    // s = 0: x = y − mean(y)·1 with y = (b − mean(b)·1) ⊘ (a p).
    let meanB = b.reduce(0, +) / Double(n)
    var meanY = 0.0
    for j in 0..<n {
      x[j] = (b[j] - meanB) / (a * p[j])
      meanY += x[j]
    }
    meanY /= Double(n)
    for j in 0..<n { x[j] -= meanY }
    return PseudoInverseSolution(solution: x, rank: n - 1, threshold: threshold)
  }
}
