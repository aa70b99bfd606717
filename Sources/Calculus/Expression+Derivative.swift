import Autodiff

extension Expression {
  /// The partial derivative ∂self/∂`variable` as an expression, lightly simplified (`2*x`, not
  /// `2*x^1*1 + 0`).
  ///
  /// Rules: (a ± b)′ = a′ ± b′, (ab)′ = a′b + ab′, (a/b)′ = (a′b − ab′)/b² (a′/b when b is free of
  /// the variable), (aᵇ)′ = b·aᵇ⁻¹·a′ when b is free of it, aᵇ·ln a·b′ when a is, else
  /// aᵇ·(b′·ln a + b·a′/a), and f(a)′ = f′(a)·a′ with f′ from ``ExpressionFunction``. At the kinks
  /// of abs and relu the result uses the subgradient 0.
  public func derivative(withRespectTo variable: String) -> Expression {
    switch self {
    case .constant:
      return 0
    case .variable(let name):
      return name == variable ? 1 : 0
    case .negation(let a):
      return -a.derivative(withRespectTo: variable)
    case .sum(let a, let b):
      return a.derivative(withRespectTo: variable) + b.derivative(withRespectTo: variable)
    case .difference(let a, let b):
      return a.derivative(withRespectTo: variable) - b.derivative(withRespectTo: variable)
    case .product(let a, let b):
      return a.derivative(withRespectTo: variable) * b + a * b.derivative(withRespectTo: variable)
    case .quotient(let a, let b):
      let da = a.derivative(withRespectTo: variable)
      guard b.contains(variable: variable) else { return da / b }
      return (da * b - a * b.derivative(withRespectTo: variable)) / b.raised(to: 2)
    case .power(let a, let b):
      let (da, db) = (a.derivative(withRespectTo: variable), b.derivative(withRespectTo: variable))
      if !b.contains(variable: variable) { return b * a.raised(to: b - 1) * da }
      if !a.contains(variable: variable) { return self * .apply(.log, a) * db }
      return self * (db * .apply(.log, a) + b * da / a)
    case .call(let function, let a):
      return function.derivative(at: a) * a.derivative(withRespectTo: variable)
    }
  }
}
