// Sums, means and maxima. Shapes: x [any] → [] for the whole tensor; x [m, n] → [1, n] along
// axis 0 and → [m, 1] along axis 1 (the reduced axis is kept with extent 1, so the result
// broadcasts straight back against x, as softmax needs).

extension Variable {
  /// Σᵢ xᵢ over every entry: [any] → []; ∂/∂xᵢ = 1.
  public func sum() -> Variable {
    summed(to: [])
  }

  /// Σ along `axis` of a matrix: [m, n] → [1, n] (axis 0) or [m, 1] (axis 1); ∂/∂xᵢⱼ = 1.
  public func sum(alongAxis axis: Int) -> Variable {
    summed(to: Self.reducedShape(shape, alongAxis: axis))
  }

  /// The mean (1/N) Σᵢ xᵢ over all N entries: [any] → []; ∂/∂xᵢ = 1/N.
  public func mean() -> Variable {
    sum() / Double(value.count)
  }

  /// The mean along `axis` of a matrix: [m, n] → [1, n] (axis 0, divides by m) or [m, 1]
  /// (axis 1, divides by n); ∂/∂xᵢⱼ = 1/extent.
  public func mean(alongAxis axis: Int) -> Variable {
    sum(alongAxis: axis) / Double(shape[axis])
  }

  /// The maximum along `axis` of a matrix: [m, n] → [1, n] (axis 0) or [m, 1] (axis 1);
  /// ∂/∂xᵢⱼ = 1 at the arg-max (the first one on ties), else 0.
  ///
  /// - Precondition: the reduced axis is not empty.
  public func max(alongAxis axis: Int) -> Variable {
    let outputShape = Self.reducedShape(shape, alongAxis: axis)
    let (m, n) = (shape[0], shape[1])
    precondition(shape[axis] > 0, "max(alongAxis: \(axis)) of shape \(shape) has nothing to take the maximum of")
    // Walking axis 1 the entries of output i are x[i·n + j]; walking axis 0 those of output j
    // are x[i·n + j] over i. `outer` counts outputs, `inner` the entries of one.
    let (outer, inner, outerStride, innerStride) = axis == 1 ? (m, n, n, 1) : (n, m, 1, n)
    var argmax = [Int](repeating: 0, count: outer)
    var maxima = [Double](repeating: 0, count: outer)
    value.scalars.withUnsafeBufferPointer { x in
      for o in 0..<outer {
        var best = o * outerStride
        for e in 1..<inner {
          let candidate = o * outerStride + e * innerStride
          // Strictly greater, so the first of tied maxima wins.
          if x[candidate] > x[best] { best = candidate }
        }
        argmax[o] = best
        maxima[o] = x[best]
      }
    }
    return tape.record(
      Tensor(shape: outputShape, scalars: maxima), .max(index, argmax: argmax), requiresGradient: requiresGradient)
  }

  private func summed(to outputShape: [Int]) -> Variable {
    // The output is the right operand of a broadcast against x: its strides repeat it along
    // exactly the summed axes, so forward sums x into it and backward spreads g back out.
    let broadcast = Broadcast(shape, outputShape)
    var total = [Double](repeating: 0, count: outputShape.reduce(1, *))
    value.scalars.withUnsafeBufferPointer { x in
      total.withUnsafeMutableBufferPointer { y in broadcast.forEachIndex { k, _, r in y[r] += x[k] } }
    }
    return tape.record(
      Tensor(shape: outputShape, scalars: total), .sum(index, broadcast), requiresGradient: requiresGradient)
  }

  private static func reducedShape(_ shape: [Int], alongAxis axis: Int) -> [Int] {
    precondition(shape.count == 2, "reducing along an axis needs a matrix, shape is \(shape)")
    precondition(axis == 0 || axis == 1, "axis must be 0 or 1 for a matrix, got \(axis)")
    return axis == 0 ? [1, shape[1]] : [shape[0], 1]
  }
}

extension Tape {
  /// ∂xᵢ += g of the output xᵢ was summed into.
  func sumBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ broadcast: Broadcast) {
    accumulateGradient(of: input) { gx in broadcast.forEachIndex { k, _, r in gx[k] += g[r] } }
  }

  /// ∂x += g at each arg-max.
  func maxBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ argmax: [Int]) {
    accumulateGradient(of: input) { gx in
      for (o, position) in argmax.enumerated() { gx[position] += g[o] }
    }
  }
}
