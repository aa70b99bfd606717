/// The value of `f` at `parameters` and its gradient by reverse mode:
/// (f(p₀, p₁, …), [∂f/∂p₀, ∂f/∂p₁, …]), one gradient per parameter in parameter order, each
/// shaped like its parameter (zeros for a parameter `f` does not depend on).
///
/// - Precondition: `f` returns a one-element variable from the tape it was handed.
public func valueWithGradient(
  at parameters: [Tensor], of f: ([Variable]) throws -> Variable
) rethrows -> (value: Double, gradients: [Tensor]) {
  let tape = Tape()
  let variables = parameters.map(tape.parameter)
  let result = try f(variables)
  tape.backward(from: result)
  return (result.value.scalars[0], variables.map(tape.gradient(of:)))
}

/// The value of `f` at one parameter and its gradient ∂f/∂p, shaped like `parameter`.
///
/// - Precondition: `f` returns a one-element variable from the tape it was handed.
public func valueWithGradient(
  at parameter: Tensor, of f: (Variable) throws -> Variable
) rethrows -> (value: Double, gradient: Tensor) {
  let (value, gradients) = try valueWithGradient(at: [parameter]) { try f($0[0]) }
  return (value, gradients[0])
}

/// The value f(p₀, p₁, …) alone: the parameters enter as constants, so every op is recorded as a
/// leaf and nothing is kept or computed for a backward pass (what finite differences need).
///
/// - Precondition: `f` returns a one-element variable.
public func value(at parameters: [Tensor], of f: ([Variable]) throws -> Variable) rethrows -> Double {
  let tape = Tape()
  let result = try f(parameters.map(tape.constant))
  let shape = result.shape
  precondition(shape.reduce(1, *) == 1, "the evaluated function must return one element, got shape \(shape)")
  return result.value.scalars[0]
}

/// The value f(p) alone at one parameter (see the many-parameter `value(at:of:)`).
///
/// - Precondition: `f` returns a one-element variable.
public func value(at parameter: Tensor, of f: (Variable) throws -> Variable) rethrows -> Double {
  try value(at: [parameter]) { try f($0[0]) }
}
