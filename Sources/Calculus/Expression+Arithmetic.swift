import Autodiff

// Building expressions with light simplification, as symbolic differentiation needs: without it
// ∂(x²)/∂x would read 2·x¹·1 + 0. The rules only look at the two operands, never recurse, so
// building stays O(1) per node: a + 0 = a, a·1 = a, 0·a = 0, a¹ = a, a⁰ = 1, −(−a) = a, and
// constant folding when the folded value is defined and finite (1/0 stays 1/0, so evaluating it
// still reports the division by zero).

extension Expression: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
  /// The constant with this integer value.
  public init(integerLiteral value: Int) {
    self = .constant(Double(value))
  }

  /// The constant with this value.
  public init(floatLiteral value: Double) {
    self = .constant(value)
  }
}

extension Expression {
  /// a + b, simplified: 0 + b = b, a + 0 = a, constants folded.
  public static func + (lhs: Expression, rhs: Expression) -> Expression {
    if lhs.isZero { return rhs }
    if rhs.isZero { return lhs }
    return Expression.sum(lhs, rhs).folded()
  }

  /// a − b, simplified: a − 0 = a, 0 − b = −b, constants folded.
  public static func - (lhs: Expression, rhs: Expression) -> Expression {
    if rhs.isZero { return lhs }
    if lhs.isZero { return -rhs }
    return Expression.difference(lhs, rhs).folded()
  }

  /// a · b, simplified: 0·b = a·0 = 0, 1·b = b, a·1 = a, (−1)·b = −b, constants folded.
  public static func * (lhs: Expression, rhs: Expression) -> Expression {
    if lhs.isZero || rhs.isZero { return 0 }
    if lhs.isOne { return rhs }
    if rhs.isOne { return lhs }
    if lhs.constantValue == -1 { return -rhs }
    if rhs.constantValue == -1 { return -lhs }
    return Expression.product(lhs, rhs).folded()
  }

  /// a / b, simplified: 0/b = 0, a/1 = a, constants folded.
  public static func / (lhs: Expression, rhs: Expression) -> Expression {
    if lhs.isZero { return 0 }
    if rhs.isOne { return lhs }
    return Expression.quotient(lhs, rhs).folded()
  }

  /// −a, simplified: −c is the constant −c, −(−a) = a.
  public static prefix func - (operand: Expression) -> Expression {
    if let value = operand.constantValue { return .constant(-value) }
    if case .negation(let inner) = operand { return inner }
    return .negation(operand)
  }

  /// aᵇ, simplified: a¹ = a, a⁰ = 1, constants folded.
  public func raised(to exponent: Expression) -> Expression {
    if exponent.isOne { return self }
    if exponent.isZero { return 1 }
    return Expression.power(self, exponent).folded()
  }

  /// f(a), folded to a constant when a is one and f is defined there.
  public static func apply(_ function: ExpressionFunction, _ argument: Expression) -> Expression {
    Expression.call(function, argument).folded()
  }

  /// The number this expression is, if it is a constant.
  var constantValue: Double? {
    if case .constant(let value) = self { return value }
    return nil
  }

  private var isZero: Bool { constantValue == 0 }
  private var isOne: Bool { constantValue == 1 }

  /// This node replaced by its value when all its operands are constants and the value is
  /// defined and finite; otherwise unchanged.
  private func folded() -> Expression {
    let operands: [Expression] =
      switch self {
      case .constant, .variable: []
      case .negation(let a), .call(_, let a): [a]
      case .sum(let a, let b), .difference(let a, let b), .product(let a, let b), .quotient(let a, let b),
        .power(let a, let b):
        [a, b]
      }
    guard !operands.isEmpty, operands.allSatisfy({ $0.constantValue != nil }),
      let value = try? evaluate(at: [:])
    else { return self }
    return .constant(value)
  }
}
