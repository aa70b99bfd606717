import Foundation

/// Cosine annealing without restarts, η_k = η_min + (η₀ − η_min)·(1 + cos(πk / T_max)) / 2, the
/// closed form of PyTorch's `CosineAnnealingLR`; past T_max the cosine rises again, as in PyTorch.
///
/// Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR 2017).
public struct CosineAnnealingSchedule: LearningRateSchedule, Equatable {
  /// The initial rate η₀.
  public let initialRate: Double
  /// The half-period T_max: the step at which the rate reaches η_min.
  public let maximumStep: Int
  /// The floor η_min.
  public let minimumRate: Double

  /// Creates the schedule; PyTorch's default η_min is 0.
  ///
  /// - Precondition: `maximumStep > 0`.
  public init(initialRate: Double, maximumStep: Int, minimumRate: Double = 0) {
    precondition(maximumStep > 0, "CosineAnnealingSchedule: maximumStep (T_max) \(maximumStep) must be > 0")
    self.initialRate = initialRate
    self.maximumStep = maximumStep
    self.minimumRate = minimumRate
  }

  /// Returns η_min + (η₀ − η_min)·(1 + cos(πk / T_max)) / 2.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "CosineAnnealingSchedule")
    return minimumRate + (initialRate - minimumRate) * (1 + cos(Double.pi * Double(step) / Double(maximumStep))) / 2
  }
}
