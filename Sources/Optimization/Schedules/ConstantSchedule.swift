/// A constant learning rate, η_k = η₀ for every k.
public struct ConstantSchedule: LearningRateSchedule, Equatable {
  /// The rate η₀.
  public let rate: Double

  /// Creates the schedule η_k = `rate`.
  public init(rate: Double) {
    self.rate = rate
  }

  /// Returns η₀.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "ConstantSchedule")
    return rate
  }
}
