import Autodiff

extension Expression {
  /// Records the expression on `tape` as rank-0 tensors, one op per node, reading each variable
  /// from `variables`; differentiate it with ``valueWithGradient(at:of:)``.
  ///
  /// A power with a variable-free exponent p is the primitive xᵖ; any other aᵇ is composed as
  /// e^(b·ln a), defined for a > 0. `sign` and `heaviside` enter as constants: their derivative
  /// is 0 wherever it exists, and 0 is the subgradient chosen at the jump.
  ///
  /// - Precondition: `variables` holds a rank-0 variable on `tape` for every name in ``variables``.
  public func build(on tape: Tape, variables: [String: Variable]) -> Variable {
    build(on: tape, variables: variables) { _, _ in }
  }

  /// ``build(on:variables:)``, calling `recorded` with each node's variable and subexpression.
  func build(
    on tape: Tape, variables: [String: Variable], recorded: (Variable, Expression) -> Void
  ) -> Variable {
    func operand(_ expression: Expression) -> Variable {
      expression.build(on: tape, variables: variables, recorded: recorded)
    }
    let result: Variable
    switch self {
    case .constant(let value):
      result = tape.constant(Tensor(value))
    case .variable(let name):
      guard let variable = variables[name] else {
        preconditionFailure("build(on:variables:) has no variable \(name); it has \(variables.keys.sorted())")
      }
      precondition(variable.shape == [], "build(on:variables:) needs rank-0 variables, \(name) has \(variable.shape)")
      result = variable
    case .negation(let a): result = -operand(a)
    case .sum(let a, let b): result = operand(a) + operand(b)
    case .difference(let a, let b): result = operand(a) - operand(b)
    case .product(let a, let b): result = operand(a) * operand(b)
    case .quotient(let a, let b): result = operand(a) / operand(b)
    case .power(let a, let b):
      let base = operand(a)
      if b.variables.isEmpty, let exponent = try? b.evaluate(at: [:]) {
        // x⁰ = 1 everywhere; as a primitive its derivative 0·x⁻¹ would be NaN at x = 0.
        result = exponent == 0 ? tape.constant(Tensor(1)) : pow(base, exponent)
      } else {
        result = exp(operand(b) * log(base))
      }
    case .call(let function, let a):
      let argument = operand(a)
      switch function {
      case .exp: result = exp(argument)
      case .log: result = log(argument)
      case .sqrt: result = sqrt(argument)
      case .tanh: result = tanh(argument)
      case .sigmoid: result = sigmoid(argument)
      case .relu: result = relu(argument)
      case .sin: result = sin(argument)
      case .cos: result = cos(argument)
      case .abs: result = abs(argument)
      case .sign, .heaviside: result = tape.constant(Tensor(function(argument.value.scalar)))
      }
    }
    recorded(result, self)
    return result
  }
}
