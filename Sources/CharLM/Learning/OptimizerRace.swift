import Autodiff

/// Several optimizers trained from the same start, W = 0, on the same full-batch loss, each until it is
/// within ``fineGap`` of the optimum L* or out of steps, timed with `ContinuousClock`.
public struct OptimizerRace: Sendable {
  /// The first finish line, L* + 1e-3 (good enough to sample from).
  public static let coarseGap = 1e-3
  /// The second finish line, L* + 1e-6, where a run stops.
  public static let fineGap = 1e-6
  /// The default step budget: the slowest standard entrant (clipped GD) needs about 780 steps to
  /// reach L* + 1e-6 on names.txt with λ = 0.01, and 2000 steps of every entrant take well under a
  /// second in a release build.
  public static let defaultSteps = 2000

  /// The optimum the gaps are measured to.
  public let optimum: Optimum
  /// One result per entrant, in the order given.
  public let results: [RaceResult]

  /// Races `entrants` on `objective` from W = 0; each entrant's own step budget applies and its
  /// target loss is set to L* + ``fineGap``.
  public init(
    objective: BigramObjective, entrants: [RaceEntrant], optimum: Optimum, progress: (Int) -> Void = { _ in }
  ) {
    self.optimum = optimum
    let zero = Tensor(zeros: [objective.size, objective.size])
    results = entrants.enumerated().map { index, entrant in
      defer { progress(index + 1) }
      return Self.run(entrant, objective: objective, from: zero, optimum: optimum.loss)
    }
  }

  private static func run(
    _ entrant: RaceEntrant, objective: BigramObjective, from weights: Tensor, optimum: Double
  ) -> RaceResult {
    var options = entrant.options
    options.targetLoss = optimum + fineGap
    var trainer = Trainer(objective: objective, events: nil, options: options, initialWeights: weights)
    var coarse: RaceResult.Milestone?
    var fine: RaceResult.Milestone?
    var failure: TrainingError?
    let clock = ContinuousClock()
    let start = clock.now
    do {
      _ = try trainer.run(onRecord: { record in
        if coarse == nil, record.loss <= optimum + coarseGap {
          coarse = RaceResult.Milestone(step: record.step, seconds: (clock.now - start) / .seconds(1))
        }
        if fine == nil, record.loss <= optimum + fineGap {
          fine = RaceResult.Milestone(step: record.step, seconds: (clock.now - start) / .seconds(1))
        }
      })
    } catch {
      failure = error
    }
    return RaceResult(
      entrant: entrant, history: trainer.state.history, withinCoarseGap: coarse, withinFineGap: fine,
      steps: trainer.state.step, seconds: (clock.now - start) / .seconds(1), failure: failure)
  }
}
