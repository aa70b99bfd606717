import Autodiff

extension Expression {
  /// Why an expression has no finite value at a point: each case names the part that failed.
  public enum EvaluationError: Error, Hashable, CustomStringConvertible {
    /// The point gives no value for a variable of the expression.
    case unboundVariable(name: String)
    /// The point gives a variable an infinite or NaN value.
    case nonFiniteVariable(name: String, value: Double)
    /// `expression` needs `requirement`, but its operand `argument` equals `value` here.
    case outsideDomain(expression: String, requirement: String, argument: String, value: Double)
    /// `expression` is beyond the largest `Double` (about ±1.8e308) here.
    case overflow(expression: String)

    /// One sentence of what failed and why.
    public var description: String {
      switch self {
      case .unboundVariable(let name):
        return "the variable \(name) has no value; give every variable of the expression a value"
      case .nonFiniteVariable(let name, let value):
        return "the variable \(name) is \(value); give it a finite value"
      case .outsideDomain(let expression, let requirement, let argument, let value):
        return "\(expression) needs \(requirement), but \(argument) = \(Expression.format(value)) at this point"
      case .overflow(let expression):
        return "\(expression) overflows at this point: its value is beyond ±1.8e308, the largest Double"
      }
    }
  }
}
