import Autodiff

extension Expression: CustomStringConvertible {
  /// The expression in the syntax ``init(parsing:)`` reads, with only the parentheses that
  /// precedence needs: `2*x + 3`, `-x^2`, `(-2)^x`, `a - (b - c)`.
  public var description: String {
    switch self {
    case .constant(let value): Expression.format(value)
    case .variable(let name): name
    case .negation(let a): "-" + a.wrapped(unless: 3)
    case .sum(let a, let b): a.wrapped(unless: 1) + " + " + b.wrapped(unless: 2)
    case .difference(let a, let b): a.wrapped(unless: 1) + " - " + b.wrapped(unless: 2)
    case .product(let a, let b): a.wrapped(unless: 2) + "*" + b.wrapped(unless: 3)
    case .quotient(let a, let b): a.wrapped(unless: 2) + "/" + b.wrapped(unless: 3)
    // The base must be atomic (−2^2 reads as −(2²)); the exponent may carry a sign (2^-1).
    case .power(let a, let b): a.wrapped(unless: 5) + "^" + b.wrapped(unless: 3)
    case .call(let function, let a): "\(function.rawValue)(\(a))"
    }
  }

  /// A number as the parser reads it: whole numbers without a fraction (`3`, `-2`), others in
  /// Swift's shortest round-tripping form (`0.1`, `1e-05`).
  static func format(_ value: Double) -> String {
    if value.rounded() == value && Swift.abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// How tightly the printed form binds: 1 for + −, 2 for * /, 3 for a leading sign, 4 for ^,
  /// 5 for atoms (numbers, variables, calls, anything parenthesized).
  private var precedence: Int {
    switch self {
    case .sum, .difference: 1
    case .product, .quotient: 2
    case .negation: 3
    case .constant(let value): value < 0 ? 3 : 5
    case .power: 4
    case .variable, .call: 5
    }
  }

  /// The description, parenthesized when it binds less tightly than `minimum`.
  private func wrapped(unless minimum: Int) -> String {
    precedence >= minimum ? description : "(\(description))"
  }
}
