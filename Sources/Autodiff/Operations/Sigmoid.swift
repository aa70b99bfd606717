import Foundation

// The logistic sigmoid element-wise. Shapes: x [any] → y [same].

/// σ(x) = 1/(1 + e⁻ˣ) element-wise; ∂/∂x = σ(x)(1 − σ(x)) = y(1 − y).
public func sigmoid(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars(sigmoid), .sigmoid(x.index), requiresGradient: x.requiresGradient)
}

/// σ(x) = 1/(1 + e⁻ˣ) for one number, without overflow for any x.
public func sigmoid(_ x: Double) -> Double {
  // For x < 0 use eˣ/(1 + eˣ): e⁻ˣ would overflow to ∞ once x < −709.
  x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
}

extension Tape {
  /// ∂x += g·y(1 − y).
  func sigmoidBackward(_ g: UnsafeBufferPointer<Double>, _ output: Int, _ input: Int) {
    withValue(of: output) { y in pointwiseBackward(g, input) { k in y[k] * (1 - y[k]) } }
  }
}
