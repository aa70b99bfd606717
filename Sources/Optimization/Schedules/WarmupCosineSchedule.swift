/// Linear warm-up followed by cosine annealing, defined as PyTorch's
/// `SequentialLR([LinearLR(start_factor: s, end_factor: 1, total_iters: W),
/// CosineAnnealingLR(T_max: total − W, eta_min)], milestones: [W])`:
/// η_k = η₀·(s + (1 − s)·k / W) for k < W, and η_k = η_min + (η₀ − η_min)·(1 + cos(π(k − W) / (total − W))) / 2
/// for k ≥ W.
///
/// The default start factor s = 0.01 warms up from 1% of the peak rate; PyTorch's `LinearLR` default
/// of 1/3 starts too high to protect the first steps. Warm-up: Goyal et al., "Accurate, Large
/// Minibatch SGD" (2017); cosine: Loshchilov and Hutter, "SGDR" (ICLR 2017).
public struct WarmupCosineSchedule: LearningRateSchedule, Equatable {
  /// The peak rate η₀, reached at step W.
  public let peakRate: Double
  /// The number of warm-up steps W.
  public let warmupSteps: Int
  /// The total number of steps; the rate reaches η_min at this step.
  public let totalSteps: Int
  /// The floor η_min.
  public let minimumRate: Double
  /// The warm-up start factor s: η_0 = s·η₀.
  public let startFactor: Double

  /// Creates the schedule.
  ///
  /// - Precondition: 1 ≤ W < total and 0 < s ≤ 1 (PyTorch's `LinearLR` range).
  public init(
    peakRate: Double, warmupSteps: Int, totalSteps: Int, minimumRate: Double = 0, startFactor: Double = 0.01
  ) {
    precondition(
      warmupSteps >= 1 && warmupSteps < totalSteps,
      "WarmupCosineSchedule: needs 1 ≤ warmupSteps < totalSteps, got \(warmupSteps) and \(totalSteps)")
    precondition(
      startFactor > 0 && startFactor <= 1, "WarmupCosineSchedule: startFactor \(startFactor) must be in (0, 1]")
    self.peakRate = peakRate
    self.warmupSteps = warmupSteps
    self.totalSteps = totalSteps
    self.minimumRate = minimumRate
    self.startFactor = startFactor
  }

  /// Returns the warm-up rate η₀·(s + (1 − s)·k / W) before step W and the cosine rate from W on.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "WarmupCosineSchedule")
    // SequentialLR hands over at the milestone: step W is the cosine's step 0, η₀ exactly.
    guard step < warmupSteps else {
      let cosine = CosineAnnealingSchedule(
        initialRate: peakRate, maximumStep: totalSteps - warmupSteps, minimumRate: minimumRate)
      return cosine.learningRate(at: step - warmupSteps)
    }
    return peakRate * (startFactor + (1 - startFactor) * Double(step) / Double(warmupSteps))
  }
}
