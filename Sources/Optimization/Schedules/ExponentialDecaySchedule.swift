import Foundation

/// Exponential decay, η_k = η₀·γ^k, as PyTorch's `ExponentialLR`.
public struct ExponentialDecaySchedule: LearningRateSchedule, Equatable {
  /// The initial rate η₀.
  public let initialRate: Double
  /// The factor γ applied every step.
  public let gamma: Double

  /// Creates the schedule η_k = η₀·γ^k.
  public init(initialRate: Double, gamma: Double) {
    self.initialRate = initialRate
    self.gamma = gamma
  }

  /// Returns η₀·γ^k.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "ExponentialDecaySchedule")
    return initialRate * pow(gamma, Double(step))
  }
}
