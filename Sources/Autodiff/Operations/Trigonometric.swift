import Foundation

// sin and cos element-wise (radians). Shapes: x [any] → y [same].
// Backward: ∂xᵢ += gᵢ · f′(xᵢ), with f′ written from the input x.

/// sin x element-wise; ∂/∂x = cos x.
public func sin(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars { Foundation.sin($0) }, .sin(x.index), requiresGradient: x.requiresGradient)
}

/// cos x element-wise; ∂/∂x = −sin x.
public func cos(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars { Foundation.cos($0) }, .cos(x.index), requiresGradient: x.requiresGradient)
}

extension Tape {
  /// ∂x += g·cos x.
  func sinBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in Foundation.cos(x[k]) } }
  }

  /// ∂x += −g·sin x.
  func cosBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in -Foundation.sin(x[k]) } }
  }
}
