/// Reduce-on-plateau, as PyTorch's `ReduceLROnPlateau` in mode "min" with a relative threshold and no
/// cooldown: after each observed loss L, the loss counts as an improvement when L < best·(1 − threshold);
/// once more than `patience` losses in a row fail to improve, η ← max(η·factor, η_min) (skipped when
/// that changes η by no more than ε = 1e-8) and the count restarts.
///
/// Stateful: feed it every loss through ``observe(loss:)``; ``learningRate(at:)`` then answers for any
/// step up to the number of losses seen. The rule follows PyTorch's implementation (no paper).
public struct ReduceOnPlateauSchedule: LearningRateSchedule, Equatable {
  /// A reduction: from scheduler step `step` on, the rate is `rate`.
  public struct Reduction: Codable, Sendable, Equatable {
    /// The scheduler step (number of losses observed) at which the reduced rate takes effect.
    public let step: Int
    /// The rate from that step on.
    public let rate: Double
  }

  /// The initial rate η₀.
  public let initialRate: Double
  /// The factor by which the rate is multiplied on a plateau (PyTorch default 0.1).
  public let factor: Double
  /// The number of non-improving losses tolerated before a reduction (PyTorch default 10).
  public let patience: Int
  /// The relative improvement needed to count as better (PyTorch default 1e-4).
  public let threshold: Double
  /// The floor η_min of the rate (PyTorch default 0).
  public let minimumRate: Double
  /// The smallest change of rate worth applying, PyTorch's `eps` = 1e-8.
  public let epsilon: Double

  /// The best loss seen so far (∞ before the first).
  public private(set) var best = Double.infinity
  /// The number of consecutive losses that did not improve on ``best``.
  public private(set) var badSteps = 0
  /// The number of losses observed so far, i.e. the current scheduler step.
  public private(set) var observedSteps = 0
  /// The reductions made so far, in step order.
  public private(set) var reductions: [Reduction] = []

  /// Creates the schedule with PyTorch's defaults for everything but the initial rate.
  ///
  /// - Precondition: 0 < factor < 1, patience ≥ 0, threshold ≥ 0, η_min ≥ 0, ε ≥ 0.
  public init(
    initialRate: Double, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
    minimumRate: Double = 0, epsilon: Double = 1e-8
  ) {
    precondition(factor > 0 && factor < 1, "ReduceOnPlateauSchedule: factor \(factor) must be in (0, 1)")
    precondition(patience >= 0, "ReduceOnPlateauSchedule: patience \(patience) must be ≥ 0")
    precondition(threshold >= 0, "ReduceOnPlateauSchedule: threshold \(threshold) must be ≥ 0")
    precondition(minimumRate >= 0, "ReduceOnPlateauSchedule: minimumRate \(minimumRate) must be ≥ 0")
    precondition(epsilon >= 0, "ReduceOnPlateauSchedule: epsilon \(epsilon) must be ≥ 0")
    self.initialRate = initialRate
    self.factor = factor
    self.patience = patience
    self.threshold = threshold
    self.minimumRate = minimumRate
    self.epsilon = epsilon
  }

  /// The rate in force at scheduler step k: that of the last reduction at or before k, else η₀.
  ///
  /// - Precondition: 0 ≤ k ≤ ``observedSteps`` (later rates depend on losses not yet seen).
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "ReduceOnPlateauSchedule")
    precondition(
      step <= observedSteps,
      "ReduceOnPlateauSchedule: step \(step) is ahead of the \(observedSteps) losses observed so far")
    return reductions.last { $0.step <= step }?.rate ?? initialRate
  }

  /// Records the loss of the step just finished and reduces the rate if the plateau has lasted
  /// longer than `patience`; a NaN loss counts as no improvement.
  public mutating func observe(loss: Double) {
    observedSteps += 1
    if loss < best * (1 - threshold) {
      best = loss
      badSteps = 0
    } else {
      badSteps += 1
    }
    guard badSteps > patience else { return }
    badSteps = 0
    let current = reductions.last?.rate ?? initialRate
    let reduced = max(current * factor, minimumRate)
    if current - reduced > epsilon {
      reductions.append(Reduction(step: observedSteps, rate: reduced))
    }
  }
}
