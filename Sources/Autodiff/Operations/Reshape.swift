// A new shape over the same row-major scalars: makemore part 5's FlattenConsecutive and the
// concatenation of a window's embeddings are both this op, because merging n consecutive rows
// of a row-major [m, d] matrix is reading it as [m/n, n·d].
// Forward: x [any] → y [shape], same scalars. Backward: ∂x += g (the same flat layout).

/// The scalars of x read with another shape of the same element count; ∂x = g.
///
/// - Precondition: `shape` has as many elements as x.
public func reshaped(_ x: Variable, to shape: [Int]) -> Variable {
  let value = x.value
  precondition(
    shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == value.count,
    "reshaped: \(value.shape) (\(value.count) elements) cannot be read as \(shape)")
  var scalars = x.tape.makeScalars(count: value.count)
  scalars.withUnsafeMutableBufferPointer { output in
    value.scalars.withUnsafeBufferPointer { _ = output.update(fromContentsOf: $0) }
  }
  return x.tape.record(Tensor(shape: shape, scalars: scalars), .reshape(x.index), requiresGradient: x.requiresGradient)
}

/// makemore's FlattenConsecutive(n): [m, d] → [m/n, n·d], row r the concatenation of rows
/// n·r … n·r + n − 1; ∂x = g.
///
/// - Precondition: x is a matrix whose row count n divides.
public func flattenConsecutive(_ x: Variable, _ n: Int) -> Variable {
  let shape = x.value.shape
  precondition(
    shape.count == 2 && n >= 1 && shape[0] % n == 0, "flattenConsecutive(\(n)) needs [m, d] with n | m, got \(shape)")
  return reshaped(x, to: [shape[0] / n, shape[1] * n])
}

extension Tape {
  /// ∂x += g.
  func reshapeBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int) {
    accumulateGradient(of: input) { gx in
      for k in 0..<g.count { gx[k] += g[k] }
    }
  }
}
