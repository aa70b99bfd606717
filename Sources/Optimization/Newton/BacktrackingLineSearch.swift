import Autodiff

/// A backtracking line search with the Armijo sufficient-decrease condition: starting from
/// t = `initialStep`, accept x + t·d as soon as f(x + t·d) ≤ f(x) + c₁·t·⟨∇f(x), d⟩ + 1e-13·|f(x)|,
/// otherwise shrink t ← ρ·t, at most `maximumBacktracks` times.
///
/// The last term allows for rounding in the computed f: next to a minimum the true decrease is
/// below it, and a strict test would shrink t until the step changes nothing.
///
/// Armijo, "Minimization of functions having Lipschitz continuous first partial derivatives"
/// (Pacific J. Math. 1966); Nocedal and Wright, *Numerical Optimization*, 2nd ed., Algorithm 3.1.
public struct BacktrackingLineSearch: Sendable, Codable, Equatable {
  /// The first step length tried, t₀ (1 for Newton, whose full step is the natural one).
  public var initialStep: Double
  /// The sufficient-decrease constant c₁ ∈ (0, 1).
  public var sufficientDecrease: Double
  /// The contraction factor ρ ∈ (0, 1) applied to t after each rejected trial.
  public var contraction: Double
  /// The most times t is shrunk; the search makes at most `maximumBacktracks + 1` evaluations.
  public var maximumBacktracks: Int

  /// Creates the search; the defaults are t₀ = 1, c₁ = 1e-4, ρ = 0.5 and 40 halvings (t ≥ 2⁻⁴⁰ ≈ 1e-12).
  ///
  /// - Precondition: t₀ > 0, 0 < c₁ < 1, 0 < ρ < 1, `maximumBacktracks ≥ 0`.
  public init(
    initialStep: Double = 1, sufficientDecrease: Double = 1e-4, contraction: Double = 0.5,
    maximumBacktracks: Int = 40
  ) {
    precondition(initialStep > 0, "BacktrackingLineSearch: initial step \(initialStep) must be > 0")
    precondition(
      sufficientDecrease > 0 && sufficientDecrease < 1,
      "BacktrackingLineSearch: c₁ = \(sufficientDecrease) must be in (0, 1)")
    precondition(
      contraction > 0 && contraction < 1, "BacktrackingLineSearch: ρ = \(contraction) must be in (0, 1)")
    precondition(maximumBacktracks >= 0, "BacktrackingLineSearch: maximumBacktracks \(maximumBacktracks) must be ≥ 0")
    self.initialStep = initialStep
    self.sufficientDecrease = sufficientDecrease
    self.contraction = contraction
    self.maximumBacktracks = maximumBacktracks
  }

  /// Searches along `direction` d from `point` x, where `value` = f(x) and `gradient` = ∇f(x) (both
  /// tensors of x's shape), calling `loss` once per trial; returns the first point that passes Armijo.
  ///
  /// A trial whose loss is NaN or ∞ counts as rejected, so an overshoot into overflow just shrinks t.
  /// - Throws: ``LineSearchError/notADescentDirection(slope:)`` when ⟨∇f, d⟩ > 0 or is NaN,
  ///   ``LineSearchError/noSufficientDecrease(evaluations:smallestStep:)`` when every trial failed,
  ///   and whatever `loss` throws.
  public func search(
    from point: Tensor, value: Double, gradient: Tensor, direction: Tensor,
    loss: (Tensor) throws -> Double
  ) throws -> LineSearchResult {
    precondition(
      point.shape == gradient.shape && point.shape == direction.shape,
      "BacktrackingLineSearch: point \(point.shape), gradient \(gradient.shape), direction \(direction.shape) differ")
    var slope = 0.0
    for (g, d) in zip(gradient.scalars, direction.scalars) { slope += g * d }
    // A zero slope is allowed: at a stationary point d = 0 and the unchanged point is accepted.
    guard slope <= 0 else { throw LineSearchError.notADescentDirection(slope: slope) }
    // Losses summed over many terms carry noise of many ulps of f. Without this allowance Newton's
    // method stalls at ‖∇f‖ ≈ 1e-9 on the softmax bigram: its full step's true decrease (~1e-16)
    // drowns in that noise, and the search shrinks t to a step that no longer moves x.
    let allowance = 1e-13 * abs(value)
    var t = initialStep
    for attempt in 0...maximumBacktracks {
      var candidate = point
      for j in candidate.scalars.indices { candidate.scalars[j] += t * direction.scalars[j] }
      let candidateValue = try loss(candidate)
      if candidateValue <= value + sufficientDecrease * t * slope + allowance {
        return LineSearchResult(point: candidate, value: candidateValue, stepSize: t, evaluations: attempt + 1)
      }
      if attempt < maximumBacktracks { t *= contraction }
    }
    throw LineSearchError.noSufficientDecrease(evaluations: maximumBacktracks + 1, smallestStep: t)
  }
}
