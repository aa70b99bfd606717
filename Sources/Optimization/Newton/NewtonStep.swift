import Autodiff

/// One step of ``NewtonMethod``: the new point x + t·d, its loss, and how it was found.
public struct NewtonStep: Sendable, Equatable {
  /// The new point x + t·d.
  public let point: Tensor
  /// The loss at the new point.
  public let value: Double
  /// The step length t taken along the Newton direction (1 without a line search).
  public let stepSize: Double
  /// The number of loss evaluations made.
  public let evaluations: Int
  /// The Newton direction d and what the Hessian blocks looked like.
  public let direction: NewtonDirection
}
