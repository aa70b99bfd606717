import Foundation

// Element-wise functions of one variable. Shapes: x [any] → y [same].
// Backward: ∂xᵢ += gᵢ · f′(xᵢ), with f′ written from the input x or, where cheaper, the output y.

/// eˣ element-wise (eight lanes at a time, `VectorMath.exp`); ∂/∂x = eˣ = y.
public func exp(_ x: Variable) -> Variable {
  x.tape.record(transformed(x, VectorMath.exp), .exp(x.index), requiresGradient: x.requiresGradient)
}

/// The natural logarithm ln x element-wise (eight lanes at a time, `VectorMath.log`); ∂/∂x = 1/x.
public func log(_ x: Variable) -> Variable {
  x.tape.record(transformed(x, VectorMath.log), .log(x.index), requiresGradient: x.requiresGradient)
}

/// A copy of x's value transformed in place by a whole-buffer function.
private func transformed(_ x: Variable, _ transform: (UnsafeMutableBufferPointer<Double>) -> Void) -> Tensor {
  let value = x.value
  var scalars = x.tape.makeScalars(count: value.count)
  scalars.withUnsafeMutableBufferPointer { output in
    value.scalars.withUnsafeBufferPointer { _ = output.update(fromContentsOf: $0) }
    transform(output)
  }
  return Tensor(shape: value.shape, scalars: scalars)
}

/// tanh x element-wise (`VectorMath.tanh` in C clones or in Swift, within a few ulps of libm);
/// ∂/∂x = 1 − tanh² x = 1 − y².
public func tanh(_ x: Variable) -> Variable {
  x.tape.record(transformed(x) { DenseKernels.tanh($0) }, .tanh(x.index), requiresGradient: x.requiresGradient)
}

/// max(0, x) element-wise; ∂/∂x = 1 where x > 0, else 0 (0 at the kink x = 0, as micrograd).
public func relu(_ x: Variable) -> Variable {
  x.tape.record(x.value.mappingScalars { $0 > 0 ? $0 : 0 }, .relu(x.index), requiresGradient: x.requiresGradient)
}

/// xᵖ element-wise for a constant exponent p; ∂/∂x = p·xᵖ⁻¹.
public func pow(_ x: Variable, _ exponent: Double) -> Variable {
  x.tape.record(
    x.value.mappingScalars { Foundation.pow($0, exponent) }, .pow(x.index, exponent: exponent),
    requiresGradient: x.requiresGradient)
}

extension Tape {
  /// ∂x += g·y.
  func expBackward(_ g: UnsafeBufferPointer<Double>, _ output: Int, _ input: Int) {
    withValue(of: output) { y in pointwiseBackward(g, input) { k in y[k] } }
  }

  /// ∂x += g/x.
  func logBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in 1 / x[k] } }
  }

  /// ∂x += g·(1 − y²).
  func tanhBackward(_ g: UnsafeBufferPointer<Double>, _ output: Int, _ input: Int) {
    withValue(of: output) { y in pointwiseBackward(g, input) { k in 1 - y[k] * y[k] } }
  }

  /// ∂x += g where x > 0.
  func reluBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in x[k] > 0 ? 1 : 0 } }
  }

  /// ∂x += g·p·xᵖ⁻¹.
  func powBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ exponent: Double) {
    withValue(of: input) { x in pointwiseBackward(g, input) { k in exponent * Foundation.pow(x[k], exponent - 1) } }
  }

  /// ∂xₖ += gₖ · derivative(k) for every k.
  @inline(__always)
  func pointwiseBackward(
    _ g: UnsafeBufferPointer<Double>, _ input: Int, _ derivative: (Int) -> Double
  ) {
    accumulateGradient(of: input) { gx in
      for k in 0..<g.count { gx[k] += g[k] * derivative(k) }
    }
  }
}
