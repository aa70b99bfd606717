import Autodiff

/// The point a line search accepted: x + t·d, its loss, the step length t and how many loss
/// evaluations the search spent.
public struct LineSearchResult: Sendable, Equatable {
  /// The accepted point x + t·d.
  public let point: Tensor
  /// The loss f(x + t·d) at the accepted point.
  public let value: Double
  /// The accepted step length t.
  public let stepSize: Double
  /// The number of loss evaluations made, counting the accepted one.
  public let evaluations: Int
}
