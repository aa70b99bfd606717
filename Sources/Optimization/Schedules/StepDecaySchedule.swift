import Foundation

/// Step decay, η_k = η₀·γ^⌊k / stepSize⌋, as PyTorch's `StepLR`.
public struct StepDecaySchedule: LearningRateSchedule, Equatable {
  /// The initial rate η₀.
  public let initialRate: Double
  /// The number of steps between decays.
  public let stepSize: Int
  /// The factor γ applied at every decay.
  public let gamma: Double

  /// Creates the schedule; PyTorch's default γ is 0.1.
  ///
  /// - Precondition: `stepSize > 0`.
  public init(initialRate: Double, stepSize: Int, gamma: Double = 0.1) {
    precondition(stepSize > 0, "StepDecaySchedule: stepSize \(stepSize) must be > 0")
    self.initialRate = initialRate
    self.stepSize = stepSize
    self.gamma = gamma
  }

  /// Returns η₀·γ^⌊k / stepSize⌋.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "StepDecaySchedule")
    return initialRate * pow(gamma, Double(step / stepSize))
  }
}
