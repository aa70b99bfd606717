/// Checks the gradient against the first-order Taylor expansion along a direction.
///
/// For f, a point x, a direction d and steps ε, each row compares f(x + εd) with the linear
/// prediction f(x) + ε⟨∇f(x), d⟩. A correct gradient leaves an error of ½ε²·dᵀH d + O(ε³), so
/// error/ε² settles to a constant as ε shrinks (until round-off); a wrong gradient leaves an
/// error ∝ ε and error/ε² blows up like 1/ε.
public struct TaylorCheck: Sendable {
  /// The comparison at one step ε.
  public struct Row: Codable, Sendable, Equatable {
    /// The step ε.
    public var epsilon: Double
    /// f(x + εd).
    public var value: Double
    /// f(x) + ε⟨∇f(x), d⟩.
    public var linear: Double
    /// value − linear.
    public var error: Double
    /// error / ε².
    public var errorOverEpsilonSquared: Double

    /// Creates a row.
    public init(epsilon: Double, value: Double, linear: Double, error: Double, errorOverEpsilonSquared: Double) {
      self.epsilon = epsilon
      self.value = value
      self.linear = linear
      self.error = error
      self.errorOverEpsilonSquared = errorOverEpsilonSquared
    }
  }

  /// The outcome of a check.
  public struct Report: Codable, Sendable, Equatable {
    /// f(x).
    public var value: Double
    /// The directional derivative ⟨∇f(x), d⟩ from autodiff.
    public var directionalDerivative: Double
    /// One row per ε, in the order of `epsilons`.
    public var rows: [Row]

    /// Creates a report.
    public init(value: Double, directionalDerivative: Double, rows: [Row]) {
      self.value = value
      self.directionalDerivative = directionalDerivative
      self.rows = rows
    }
  }

  /// The default steps ε = 1, 0.1, …, 1e-4.
  public static let defaultEpsilons: [Double] = [1, 1e-1, 1e-2, 1e-3, 1e-4]

  /// The steps ε, each giving one row.
  public var epsilons: [Double]

  /// Creates a check with the given steps.
  public init(epsilons: [Double] = TaylorCheck.defaultEpsilons) {
    self.epsilons = epsilons
  }

  /// Compares f(x + εd) with f(x) + ε⟨∇f(x), d⟩ for every ε; `direction` holds one tensor per
  /// parameter, shaped like it.
  public func run(
    at parameters: [Tensor], along direction: [Tensor], of f: ([Variable]) throws -> Variable
  ) rethrows -> Report {
    precondition(
      direction.map(\.shape) == parameters.map(\.shape),
      "TaylorCheck needs a direction shaped like the parameters: \(direction.map(\.shape)) vs \(parameters.map(\.shape))"
    )
    let (valueHere, gradients) = try valueWithGradient(at: parameters, of: f)
    let slope = zip(gradients, direction).reduce(0) { $0 + $1.0.dot($1.1) }
    var rows: [Row] = []
    for epsilon in epsilons {
      let moved = zip(parameters, direction).map { $0 + epsilon * $1 }
      let valueThere = try value(at: moved, of: f)
      let linear = valueHere + epsilon * slope
      let error = valueThere - linear
      rows.append(
        Row(
          epsilon: epsilon, value: valueThere, linear: linear, error: error,
          errorOverEpsilonSquared: error / (epsilon * epsilon)))
    }
    return Report(value: valueHere, directionalDerivative: slope, rows: rows)
  }

  /// Compares f(x + εd) with f(x) + ε⟨∇f(x), d⟩ for one parameter.
  public func run(at parameter: Tensor, along direction: Tensor, of f: (Variable) throws -> Variable) rethrows -> Report
  {
    try run(at: [parameter], along: [direction]) { try f($0[0]) }
  }
}
