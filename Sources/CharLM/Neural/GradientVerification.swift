import Autodiff

/// The seed's section 4 checked three ways at a point W: the analytic softmax-cross-entropy
/// gradient (n_i·p̂_i − N_i)/T + 2λW_i/V² (i.e. P̂ − onehot, averaged), reverse-mode autodiff of the
/// per-event model (row lookup and one-hot paths), and central finite differences over a sweep of h.
public struct GradientVerification: Sendable, Codable, Equatable {
  /// max |analytic − autodiff (lookup path)| over every entry of W.
  public let analyticVsAutodiff: Double
  /// max |analytic − autodiff (one-hot path)| over every entry of W.
  public let analyticVsOneHot: Double
  /// Finite differences of the loss against its autodiff gradient, one row per h.
  public let finiteDifferences: [GradientCheck.Row]
  /// How many entries of W the finite differences covered.
  public let checkedEntries: Int
  /// ‖∇L‖ at the point.
  public let gradientNorm: Double

  /// The most entries of W the finite differences cover at V symbols: all V² up to V = 64, then a
  /// seeded sample of 64⁴/V² entries, so the O(V²)-per-entry check costs the same as at V = 64
  /// (all 65,536 entries at V = 256 took over a minute; at V = 1,024 it would take hours).
  public static func checkedEntries(size v: Int) -> Int {
    let budget = 64 * 64 * 64 * 64
    return max(1, min(v * v, budget / max(1, v * v)))
  }

  /// Runs the three checks at `weights` for `objective` trained on `events`; the finite differences
  /// cover `maxEntries` entries of W (a seeded sample when fewer than all), by default
  /// ``checkedEntries(size:)``.
  public init(objective: BigramObjective, events: BigramEvents, at weights: Tensor, maxEntries: Int? = nil) {
    let analytic = objective.evaluate(at: weights).gradient
    let lookup = objective.evaluate(at: weights, path: .lookup, events: events).gradient
    let oneHot = objective.evaluate(at: weights, path: .onehot, events: events).gradient
    analyticVsAutodiff = analytic.maxAbsDifference(lookup)
    analyticVsOneHot = analytic.maxAbsDifference(oneHot)
    // The counts formulation on the tape costs O(V²) per evaluation.
    let check = GradientCheck(maxEntries: maxEntries ?? Self.checkedEntries(size: objective.size))
    let report = check.run(at: weights) { objective.loss(onTape: $0) }
    finiteDifferences = report.rows
    checkedEntries = report.checkedEntries
    gradientNorm = analytic.norm
  }
}

/// Appendix A on the loss: L(W + εD) against the first-order model L(W) + ε⟨∇L, D⟩, whose error
/// divided by ε² settles at ½·DᵀHD (computed from the exact block Hessian).
public struct TaylorVerification: Sendable, Codable, Equatable {
  /// The table, one row per ε.
  public let rows: [TaylorCheck.Row]
  /// ½·DᵀHD, the limit of error/ε² as ε → 0.
  public let halfCurvature: Double
  /// ⟨∇L, D⟩, the directional derivative.
  public let directionalDerivative: Double
  /// L(W).
  public let loss: Double

  /// The table at `weights` along `direction`, by default −∇L/‖∇L‖ (steepest descent).
  public init(objective: BigramObjective, at weights: Tensor, along direction: Tensor? = nil) {
    let gradient = objective.evaluate(at: weights).gradient
    let norm = gradient.norm
    let d = direction ?? (norm > 0 ? gradient * (-1 / norm) : gradient)
    let report = TaylorCheck().run(at: weights, along: d) { objective.loss(onTape: $0) }
    rows = report.rows
    halfCurvature = objective.halfCurvature(at: weights, along: d)
    directionalDerivative = report.directionalDerivative
    loss = report.value
  }
}
