/// How one entrant of an ``OptimizerRace`` did: when it came within 1e-3 and 1e-6 of L*, where it
/// ended, and how long it took.
public struct RaceResult: Sendable {
  /// The first step at which the loss was within a gap of L*, and the wall time until then.
  public struct Milestone: Sendable, Equatable {
    /// The step k (updates made) of the first loss L_k ≤ L* + gap.
    public let step: Int
    /// Seconds from the start of the run until the trainer reported step k.
    public let seconds: Double
  }

  /// The optimizer and its options.
  public let entrant: RaceEntrant
  /// Every step's record (full-batch loss, ‖∇L‖, learning rate or Newton step length).
  public let history: TrainingHistory
  /// The first step within ``OptimizerRace/coarseGap`` (1e-3) of L*, or nil if never.
  public let withinCoarseGap: Milestone?
  /// The first step within ``OptimizerRace/fineGap`` (1e-6) of L*, or nil if never.
  public let withinFineGap: Milestone?
  /// The number of updates made.
  public let steps: Int
  /// The wall time of the whole run in seconds.
  public let seconds: Double
  /// Why the run stopped early with an error (a non-finite loss, a failed line search), if it did.
  public let failure: TrainingError?

  /// The last finite loss.
  public var finalLoss: Double { history.records.last?.loss ?? .infinity }
}
