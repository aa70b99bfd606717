/// What a fixed learning rate did to a full-batch gradient-descent run, read off its loss curve
/// L₀, L₁, …, L_K (K updates) against the optimum L* and the best run of the same sweep.
///
/// In the order they are tested:
/// - ``divergent``: a loss was NaN or ∞, or the last loss is above the start, L_K > L₀.
/// - ``oscillating``: otherwise, the loss rose at some step, L_{k+1} − L_k > 1e-12·|L_k| (the
///   tolerance keeps round-off at convergence from counting as a rise).
/// - ``tooSmall``: otherwise (the loss fell at every step), the run closed less than 90% of the gap
///   that the best run of the sweep closed, where a run closes (L₀ − L_K)/(L₀ − L*) of the gap.
/// - ``good``: the rest: monotone, and within 90% of the best run's progress.
public enum LearningRateVerdict: String, Sendable, Codable, CaseIterable {
  /// Monotone but slow: less than 90% of the best run's progress.
  case tooSmall = "too-small"
  /// Monotone and close to the best run's progress.
  case good
  /// The loss went up at some step but ended no higher than it started.
  case oscillating
  /// The loss became non-finite or ended above where it started.
  case divergent
}
