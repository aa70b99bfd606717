import Autodiff
import Foundation

/// Full-batch gradient descent from one start at several fixed learning rates, each run classified
/// (``LearningRateVerdict``) and explained by the curvature: λ_max and the stability bound 2/λ_max
/// at the start and at the optimum.
///
/// The softmax bigram's Hessian stiffens as P̂ sharpens (on names.txt with λ = 0.01, 2/λ_max falls
/// from 362 at W = 0 to 74.5 at W*), so a rate between the two bounds makes fast progress at first
/// and then overshoots the stiffest direction near the optimum.
public struct LearningRateSweep: Sendable {
  /// The default lowest rate of the CLI's sweep.
  public static let defaultLowestRate = 0.1
  /// The default highest rate (0.1 … 500 in 12 geometric steps shows all four verdicts on names.txt
  /// with λ = 0.01: too-small up to 4.8, good to 49, oscillating at 106 and 230, divergent at 500).
  public static let defaultHighestRate = 500.0
  /// The default number of rates.
  public static let defaultCount = 12
  /// The default number of updates per run.
  public static let defaultSteps = 100
  /// A run is too small when it closes less than this fraction of the best run's gap.
  public static let closingFraction = 0.9
  /// A step counts as a rise when L_{k+1} − L_k exceeds this times |L_k|.
  public static let riseTolerance = 1e-12

  /// The number of updates per run.
  public let steps: Int
  /// L₀, the loss at the start.
  public let startLoss: Double
  /// The optimum the gaps are measured to.
  public let optimum: Optimum
  /// The curvature at the start.
  public let startCurvature: Curvature
  /// The curvature at the optimum W*.
  public let optimumCurvature: Curvature
  /// One run per learning rate, in the order given.
  public let runs: [SweepRun]

  /// The N rates η_k = η₁·(η₂/η₁)^{k/(N−1)}, k = 0 … N−1, from η₁ to η₂ exactly (just η₁ when N = 1).
  ///
  /// - Precondition: 0 < η₁ ≤ η₂, both finite, N ≥ 1.
  public static func geometricRates(from lowest: Double, to highest: Double, count: Int) -> [Double] {
    precondition(
      lowest > 0 && lowest <= highest && highest.isFinite, "geometricRates: need 0 < \(lowest) ≤ \(highest) < ∞")
    precondition(count >= 1, "geometricRates: count \(count) must be ≥ 1")
    guard count > 1 else { return [lowest] }
    let ratio = highest / lowest
    // The last rate is set exactly, so a sweep "to 500" contains 500 and not 499.99999999999994.
    return (0..<count).map { k in k == count - 1 ? highest : lowest * pow(ratio, Double(k) / Double(count - 1)) }
  }

  /// Runs gradient descent on `objective` from `initialWeights` (V×V) for `steps` updates at each rate;
  /// `progress` hears how many runs are done after each one.
  ///
  /// - Precondition: at least one rate, every rate positive and finite, `steps ≥ 1`, and a finite
  ///   loss at `initialWeights`.
  public init(
    objective: BigramObjective, initialWeights: Tensor, learningRates: [Double], steps: Int, optimum: Optimum,
    progress: (Int) -> Void = { _ in }
  ) {
    precondition(!learningRates.isEmpty, "LearningRateSweep needs at least one learning rate")
    precondition(
      learningRates.allSatisfy { $0 > 0 && $0.isFinite }, "learning rates must be positive, got \(learningRates)")
    precondition(steps >= 1, "LearningRateSweep: steps \(steps) must be ≥ 1")
    let start = objective.evaluate(at: initialWeights, gradient: false).loss
    precondition(start.isFinite, "LearningRateSweep: the loss at the initial weights is \(start)")
    self.steps = steps
    self.optimum = optimum
    startLoss = start
    startCurvature = Curvature(objective: objective, at: initialWeights)
    optimumCurvature = Curvature(objective: objective, at: optimum.weights)

    let descents = learningRates.enumerated().map { index, rate in
      defer { progress(index + 1) }
      return Self.descend(objective, from: initialWeights, rate: rate, steps: steps)
    }
    let gap = start - optimum.loss
    let closed = descents.map { gap > 0 ? (start - ($0.history.records.last?.loss ?? start)) / gap : 0 }
    let best = closed.max() ?? 0
    runs = zip(learningRates, zip(descents, closed)).map { rate, pair in
      let (descent, gapClosed) = pair
      let losses = descent.history.records.map(\.loss)
      let rises = zip(losses, losses.dropFirst()).filter { $1 - $0 > Self.riseTolerance * abs($0) }.count
      let divergedAt = Self.divergenceStep(losses: losses, nonFiniteStep: descent.nonFiniteStep)
      let verdict = Self.verdict(divergedAt: divergedAt, rises: rises, gapClosed: gapClosed, bestGapClosed: best)
      return SweepRun(
        learningRate: rate, history: descent.history, nonFiniteStep: descent.nonFiniteStep,
        divergedAtStep: divergedAt, rises: rises, gapClosed: gapClosed, verdict: verdict)
    }
  }

  /// The run that closed the largest part of the gap.
  public var bestRun: SweepRun? { runs.max { $0.gapClosed < $1.gapClosed } }

  // Full-batch GD without line search: the finite part of the history, and where it blew up.
  private static func descend(
    _ objective: BigramObjective, from weights: Tensor, rate: Double, steps: Int
  ) -> (history: TrainingHistory, nonFiniteStep: Int?) {
    var options = TrainingOptions()
    options.method = .gd
    options.learningRate = rate
    options.steps = steps
    options.l2 = objective.l2
    options.lineSearch = false
    var trainer = Trainer(objective: objective, events: nil, options: options, initialWeights: weights)
    do {
      _ = try trainer.run()
      return (trainer.state.history, nil)
    } catch {
      switch error {
      case .nonFiniteLoss(let step, _): return (trainer.state.history, step)
      case .lineSearchFailed, .unsupported:
        preconditionFailure("gradient descent without line search neither searches nor needs a Hessian: \(error)")
      }
    }
  }

  // The definitions documented on LearningRateVerdict, in their order.
  private static func verdict(divergedAt: Int?, rises: Int, gapClosed: Double, bestGapClosed: Double)
    -> LearningRateVerdict
  {
    if divergedAt != nil { return .divergent }
    if rises > 0 { return .oscillating }
    return gapClosed < closingFraction * bestGapClosed ? .tooSmall : .good
  }

  // The step from which a divergent run stayed above L₀ = losses[0], or nil when it is not divergent.
  private static func divergenceStep(losses: [Double], nonFiniteStep: Int?) -> Int? {
    if let nonFiniteStep { return nonFiniteStep }
    guard let start = losses.first, let last = losses.last, last > start else { return nil }
    var step = losses.count - 1
    while step > 0 && losses[step - 1] > start { step -= 1 }
    return step
  }
}
