import Autodiff

/// A real-valued formula in named variables, as typed by a user: `x^2 + 3*y`, `tanh(w*x + b)`.
///
/// A value type tree; build one with ``init(parsing:)``. Its depth is at most ``maximumDepth``,
/// which keeps every recursive walk over it (evaluation, differentiation, printing) shallow.
public indirect enum Expression: Sendable, Hashable {
  /// A number c.
  case constant(Double)
  /// A variable, looked up by name when evaluating.
  case variable(String)
  /// −a.
  case negation(Expression)
  /// a + b.
  case sum(Expression, Expression)
  /// a − b.
  case difference(Expression, Expression)
  /// a · b.
  case product(Expression, Expression)
  /// a / b.
  case quotient(Expression, Expression)
  /// aᵇ.
  case power(Expression, Expression)
  /// f(a) for one of the built-in functions.
  case call(ExpressionFunction, Expression)

  /// The longest input ``init(parsing:)`` accepts, in Characters.
  public static let maximumInputLength = 10_000

  /// The deepest nesting ``init(parsing:)`` accepts: a lone number or variable is one level, and
  /// each operator, sign, function call and pair of parentheses around it adds one.
  public static let maximumDepth = 200

  /// The variables in order of first appearance, reading left to right: `y*x + x` gives [y, x].
  public var variables: [String] {
    var seen: Set<String> = []
    var ordered: [String] = []
    visitVariables { name in
      if seen.insert(name).inserted { ordered.append(name) }
    }
    return ordered
  }

  /// Whether `name` occurs in the expression.
  func contains(variable name: String) -> Bool {
    var found = false
    visitVariables { found = found || $0 == name }
    return found
  }

  /// Calls `body` with every variable occurrence, left to right.
  private func visitVariables(_ body: (String) -> Void) {
    switch self {
    case .constant: break
    case .variable(let name): body(name)
    case .negation(let a), .call(_, let a): a.visitVariables(body)
    case .sum(let a, let b), .difference(let a, let b), .product(let a, let b), .quotient(let a, let b),
      .power(let a, let b):
      a.visitVariables(body)
      b.visitVariables(body)
    }
  }
}
