/// A learning-rate schedule: the rate η_k for scheduler step k, where k = 0 is the initial rate and
/// η_k equals PyTorch's `get_last_lr()` after k calls of `scheduler.step()` (so training step k,
/// counted from 0, uses η_k).
public protocol LearningRateSchedule: Codable, Sendable {
  /// The rate η_k for scheduler step `step` = k ≥ 0.
  func learningRate(at step: Int) -> Double

  /// Feeds the loss measured at the end of a training step; only stateful schedules
  /// (``ReduceOnPlateauSchedule``) use it, the others ignore it.
  mutating func observe(loss: Double)
}

extension LearningRateSchedule {
  /// Ignores the loss: the rate of a stateless schedule depends on the step alone.
  public mutating func observe(loss: Double) {}
}

// Every schedule is defined for k ≥ 0 only; a negative step is a caller's bug.
func checkStep(_ step: Int, in schedule: String) {
  precondition(step >= 0, "\(schedule): step \(step) must be ≥ 0")
}
