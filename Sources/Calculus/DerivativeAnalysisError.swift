import Autodiff

/// Why ``DerivativeAnalysis`` could not analyze an expression at a point.
public enum DerivativeAnalysisError: Error, Hashable, CustomStringConvertible {
  /// The point or direction names a variable the expression does not have.
  case unknownVariable(name: String, variables: [String])
  /// The expression has no finite value at the point.
  case undefinedValue(Expression.EvaluationError)
  /// The partial derivative along `variable` does not exist (or is not finite) at the point.
  case undefinedGradient(variable: String, reason: String)
  /// The Taylor direction is unusable: zero, or with a non-finite component.
  case invalidDirection(reason: String)

  /// One sentence of what failed and what to do.
  public var description: String {
    switch self {
    case .unknownVariable(let name, let variables):
      let known = variables.isEmpty ? "it has none" : "its variables are " + variables.joined(separator: ", ")
      return "\(name) is not a variable of the expression (\(known)); check the spelling"
    case .undefinedValue(let error):
      return "the expression has no value here: \(error); pick another point"
    case .undefinedGradient(let variable, let reason):
      return "∂f/∂\(variable) does not exist here (\(reason)); the function is not differentiable at this point"
    case .invalidDirection(let reason):
      return "the direction \(reason); give finite components, at least one of them nonzero"
    }
  }
}
