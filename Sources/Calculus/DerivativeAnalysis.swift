import Autodiff

/// Everything first- and second-order about f at a point x, for `bigram derive`: f(x), the
/// gradient ∇f(x) from autodiff, its norm and direction, a central-difference check, the exact
/// Hessian H, the Newton step −H⁻¹∇f, and optionally a Taylor table along a direction d.
///
/// Vectors and matrix rows follow ``variables``, the expression's variables in order of first
/// appearance. The value and the probes of the finite differences and the Taylor table come from
/// ``Expression/evaluate(at:)``; the gradient from ``valueWithGradient(at:of:)`` on
/// ``Expression/build(on:variables:)``; Hessian row i is the autodiff gradient of the symbolic
/// ∂f/∂xᵢ. What does not exist at the point is nil, with a sentence saying why.
public struct DerivativeAnalysis: Codable, Sendable, Equatable {
  /// The expression as printed by ``Expression/description``.
  public var expression: String
  /// The variables in order of first appearance.
  public var variables: [String]
  /// The point x, one coordinate per variable.
  public var point: [Double]
  /// f(x).
  public var value: Double
  /// The symbolic partial derivatives ∂f/∂xᵢ, as printed.
  public var partialDerivatives: [String]
  /// ∇f(x) = (∂f/∂x₀, ∂f/∂x₁, …) by reverse-mode autodiff.
  public var gradient: [Double]
  /// ‖∇f(x)‖₂.
  public var gradientNorm: Double
  /// ∇f/‖∇f‖, the unit direction of steepest ascent; nil when the gradient is zero.
  public var gradientDirection: [Double]?
  /// The central-difference steps hᵢ = 1e-6·max(1, |xᵢ|).
  public var finiteDifferenceSteps: [Double]
  /// (f(x + hᵢeᵢ) − f(x − hᵢeᵢ))/2hᵢ; nil when a probe x ± hᵢeᵢ has no value (see `finiteDifferenceIssue`).
  public var finiteDifferenceGradient: [Double]?
  /// maxᵢ |finite difference − autodiff|; nil with the finite-difference gradient.
  public var finiteDifferenceMaxAbsError: Double?
  /// Why the finite-difference gradient is missing.
  public var finiteDifferenceIssue: String?
  /// The Hessian Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ, rows in variable order; nil where it does not exist (see `hessianIssue`).
  public var hessian: [[Double]]?
  /// Why the Hessian is missing.
  public var hessianIssue: String?
  /// The Newton step −H⁻¹∇f, the minimizer of the local quadratic model; nil when the Hessian is
  /// missing or singular (a pivot |p| ≤ 1e-12·max|Hᵢⱼ| in Gaussian elimination).
  public var newtonStep: [Double]?
  /// f(x + εd) against its first- and second-order Taylor models, when a direction was given.
  public var taylor: TaylorTable?

  /// Analyzes `expression` at `point`, and along `direction` when one is given (components not
  /// given are 0).
  ///
  /// - Throws: ``DerivativeAnalysisError`` when a name is not a variable of the expression, f has
  ///   no value at the point, a partial derivative does not exist there, or the direction is zero
  ///   or not finite.
  public init(
    of expression: Expression, at point: [String: Double], along direction: [String: Double]? = nil
  ) throws(DerivativeAnalysisError) {
    let variables = expression.variables
    for name in point.keys.sorted() + (direction ?? [:]).keys.sorted() where !variables.contains(name) {
      throw .unknownVariable(name: name, variables: variables)
    }
    do {
      value = try expression.evaluate(at: point)
    } catch {
      throw .undefinedValue(error)
    }
    let coordinates = variables.map { point[$0] ?? 0 }
    let partials = variables.map { expression.derivative(withRespectTo: $0) }

    let gradient = Self.autodiffGradient(of: expression, variables: variables, at: coordinates)
    if let index = gradient.firstIndex(where: { !$0.isFinite }) {
      throw .undefinedGradient(
        variable: variables[index], reason: Self.reason(partials, variables, at: point, autodiff: gradient))
    }
    let norm = Tensor(shape: [gradient.count], scalars: gradient).norm
    self.expression = expression.description
    self.variables = variables
    self.point = coordinates
    self.gradient = gradient
    partialDerivatives = partials.map(\.description)
    gradientNorm = norm
    gradientDirection = norm > 0 ? gradient.map { $0 / norm } : nil

    let steps = coordinates.map { 1e-6 * max(1, abs($0)) }
    finiteDifferenceSteps = steps
    do {
      let differences = try Self.centralDifferences(of: expression, variables: variables, at: point, steps: steps)
      finiteDifferenceGradient = differences
      finiteDifferenceMaxAbsError = zip(differences, gradient).reduce(0) { max($0, abs($1.0 - $1.1)) }
    } catch {
      finiteDifferenceIssue = "a probe x ± h leaves the domain: \(error)"
    }

    let rows = partials.map { Self.autodiffGradient(of: $0, variables: variables, at: coordinates) }
    if rows.joined().allSatisfy(\.isFinite) {
      hessian = rows
      newtonStep = GaussianElimination.solve(rows, gradient.map { -$0 })
    } else {
      let seconds = partials.flatMap { partial in variables.map { partial.derivative(withRespectTo: $0) } }
      hessianIssue =
        "a second derivative does not exist here: "
        + Self.reason(seconds, variables, at: point, autodiff: Array(rows.joined()))
    }

    if let direction {
      taylor = try TaylorTable(
        of: expression, at: point, along: variables.map { direction[$0] ?? 0 }, variables: variables,
        value: value, gradient: gradient, hessian: hessian)
    }
  }

  /// ∇f at `coordinates` by ``valueWithGradient(at:of:)``; empty for an expression without variables.
  static func autodiffGradient(of expression: Expression, variables: [String], at coordinates: [Double]) -> [Double] {
    guard !variables.isEmpty else { return [] }
    let (_, gradients) = valueWithGradient(at: coordinates.map { Tensor($0) }) { inputs in
      expression.build(on: inputs[0].tape, variables: Dictionary(uniqueKeysWithValues: zip(variables, inputs)))
    }
    return gradients.map(\.scalar)
  }

  /// Why autodiff gave a non-finite derivative: the first of the symbolic `derivatives` whose
  /// evaluation fails says which step left its domain.
  private static func reason(
    _ derivatives: [Expression], _ variables: [String], at point: [String: Double], autodiff: [Double]
  ) -> String {
    for derivative in derivatives {
      do {
        _ = try derivative.evaluate(at: point)
      } catch {
        return error.description
      }
    }
    let shown = autodiff.first { !$0.isFinite } ?? .nan
    return "autodiff gives \(shown): a step of the computation is not finite here"
  }

  /// The central differences (f(x + hᵢeᵢ) − f(x − hᵢeᵢ))/2hᵢ, one per variable.
  private static func centralDifferences(
    of expression: Expression, variables: [String], at point: [String: Double], steps: [Double]
  ) throws(Expression.EvaluationError) -> [Double] {
    var differences: [Double] = []
    for (name, h) in zip(variables, steps) {
      let x = point[name] ?? 0
      var probe = point
      probe[name] = x + h
      let above = try expression.evaluate(at: probe)
      probe[name] = x - h
      let below = try expression.evaluate(at: probe)
      differences.append((above - below) / (2 * h))
    }
    return differences
  }
}
