// |x| element-wise. Shapes: x [any] → y [same].

/// |x| element-wise; ∂/∂x = sign x, taking the subgradient 0 at the kink x = 0 (as relu does).
public func abs(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars { Swift.abs($0) }, .abs(x.index), requiresGradient: x.requiresGradient)
}

extension Tape {
  /// ∂x += g·sign x, with sign 0 = 0.
  func absBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in x[k] > 0 ? 1 : (x[k] < 0 ? -1 : 0) } }
  }
}
