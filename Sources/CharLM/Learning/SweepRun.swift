/// One run of a ``LearningRateSweep``: full-batch gradient descent at one fixed learning rate, its
/// loss curve and what it did.
public struct SweepRun: Sendable, Equatable {
  /// The fixed learning rate η.
  public let learningRate: Double
  /// The records of every step with a finite loss, from step 0.
  public let history: TrainingHistory
  /// The step at which the loss (or the weights) became NaN or ∞, if it did.
  public let nonFiniteStep: Int?
  /// For a divergent run, the step from which it stayed above the start: ``nonFiniteStep``, or the
  /// first k with L_j > L₀ for every j ≥ k; nil for the other verdicts.
  public let divergedAtStep: Int?
  /// The number of steps at which the loss rose, L_{k+1} − L_k > 1e-12·|L_k|.
  public let rises: Int
  /// The fraction of the gap closed, (L₀ − L_K)/(L₀ − L*), with L_K the last finite loss (0 when L₀ ≤ L*).
  public let gapClosed: Double
  /// The verdict (see ``LearningRateVerdict`` for the definitions).
  public let verdict: LearningRateVerdict

  /// L_K, the last finite loss (never NaN: a run that blew up reports the loss before it did).
  public var finalLoss: Double { history.records.last?.loss ?? .infinity }
}
