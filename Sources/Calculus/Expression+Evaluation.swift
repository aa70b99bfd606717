import Autodiff
import Foundation

extension Expression {
  /// The value of the expression with each variable set from `point`, in `Double` arithmetic.
  ///
  /// Never returns NaN or ±∞: a step outside its domain (log of a non-positive number, √ of a
  /// negative one, division by zero, a negative base to a fractional power, 0 to a negative
  /// power) or an overflow throws an ``EvaluationError`` that names the subexpression and the
  /// value that broke it, e.g. "log(x) needs x > 0, but x = -2 at this point".
  public func evaluate(at point: [String: Double]) throws(EvaluationError) -> Double {
    let value: Double
    switch self {
    case .constant(let c):
      value = c
    case .variable(let name):
      guard let given = point[name] else { throw .unboundVariable(name: name) }
      guard given.isFinite else { throw .nonFiniteVariable(name: name, value: given) }
      value = given
    case .negation(let a):
      value = -(try a.evaluate(at: point))
    case .sum(let a, let b):
      value = try a.evaluate(at: point) + b.evaluate(at: point)
    case .difference(let a, let b):
      value = try a.evaluate(at: point) - b.evaluate(at: point)
    case .product(let a, let b):
      value = try a.evaluate(at: point) * b.evaluate(at: point)
    case .quotient(let a, let b):
      let (numerator, denominator) = (try a.evaluate(at: point), try b.evaluate(at: point))
      guard denominator != 0 else { throw outsideDomain(requirement: "\(b) ≠ 0", argument: b, equal: denominator) }
      value = numerator / denominator
    case .power(let a, let b):
      let (base, exponent) = (try a.evaluate(at: point), try b.evaluate(at: point))
      if base < 0 && exponent.rounded() != exponent {
        throw outsideDomain(requirement: "\(a) ≥ 0 (or a whole-number exponent)", argument: a, equal: base)
      }
      if base == 0 && exponent < 0 {
        throw outsideDomain(requirement: "\(a) ≠ 0 (the exponent is negative)", argument: a, equal: base)
      }
      value = Foundation.pow(base, exponent)
    case .call(let function, let a):
      let argument = try a.evaluate(at: point)
      if let requirement = function.violatedRequirement(at: argument, argument: "\(a)") {
        throw outsideDomain(requirement: requirement, argument: a, equal: argument)
      }
      value = function(argument)
    }
    // Operands are finite here (anything else threw already), so a non-finite value is an overflow.
    guard value.isFinite else { throw .overflow(expression: "\(self)") }
    return value
  }

  /// The error for this node when its operand `argument`, equal to `value`, breaks `requirement`.
  private func outsideDomain(requirement: String, argument: Expression, equal value: Double) -> EvaluationError {
    .outsideDomain(expression: "\(self)", requirement: requirement, argument: "\(argument)", value: value)
  }
}
