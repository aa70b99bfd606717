// √x element-wise, for x ≥ 0 (NaN below). Shapes: x [any] → y [same].
// A primitive rather than pow(x, 0.5) so the value is the correctly rounded squareRoot().

/// √x element-wise; ∂/∂x = 1/(2√x) = 1/(2y), infinite at x = 0.
public func sqrt(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars { $0.squareRoot() }, .sqrt(x.index), requiresGradient: x.requiresGradient)
}

extension Tape {
  /// ∂x += g/(2y).
  func sqrtBackward(_ g: UnsafeBufferPointer<Double>, _ output: Int, _ input: Int) {
    withValue(of: output) { y in pointwiseBackward(g, input) { k in 0.5 / y[k] } }
  }
}
