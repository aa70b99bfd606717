// Element-wise add, subtract, multiply and divide of two variables, broadcasting a row ([n] or
// [1, n]), a column ([m, 1]) or a one-element operand against [m, n] (see Broadcast).
// Shapes: a [m, n] ∘ b [m, n] | [n] | [1, n] | [m, 1] | [] → [m, n], and symmetrically.
// Backward: a broadcast operand's gradient sums the output gradient over the axes it was
// repeated along; the strided `+=` does that summation by itself.

extension Variable {
  /// a + b element-wise with broadcasting; ∂/∂a = 1, ∂/∂b = 1.
  public static func + (lhs: Variable, rhs: Variable) -> Variable {
    elementwise(lhs, rhs, Operation.add) { $0 + $1 }
  }

  /// a − b element-wise with broadcasting; ∂/∂a = 1, ∂/∂b = −1.
  public static func - (lhs: Variable, rhs: Variable) -> Variable {
    elementwise(lhs, rhs, Operation.subtract) { $0 - $1 }
  }

  /// a · b element-wise with broadcasting; ∂/∂a = b, ∂/∂b = a.
  public static func * (lhs: Variable, rhs: Variable) -> Variable {
    elementwise(lhs, rhs, Operation.multiply) { $0 * $1 }
  }

  /// a / b element-wise with broadcasting; ∂/∂a = 1/b, ∂/∂b = −a/b² = −(a/b)/b.
  public static func / (lhs: Variable, rhs: Variable) -> Variable {
    elementwise(lhs, rhs, Operation.divide) { $0 / $1 }
  }

  private static func elementwise(
    _ lhs: Variable, _ rhs: Variable, _ operation: (Int, Int, Broadcast) -> Operation,
    _ combine: (Double, Double) -> Double
  ) -> Variable {
    let tape = sharedTape(lhs, rhs)
    let broadcast = Broadcast(lhs.shape, rhs.shape)
    return tape.record(
      Tensor.combining(lhs.value, rhs.value, broadcast, combine), operation(lhs.index, rhs.index, broadcast),
      requiresGradient: lhs.requiresGradient || rhs.requiresGradient)
  }
}

extension Tape {
  /// ∂a += g, ∂b += g.
  func addBackward(_ g: UnsafeBufferPointer<Double>, _ lhs: Int, _ rhs: Int, _ broadcast: Broadcast) {
    accumulateGradient(of: lhs) { ga in broadcast.forEachIndex { k, l, _ in ga[l] += g[k] } }
    accumulateGradient(of: rhs) { gb in broadcast.forEachIndex { k, _, r in gb[r] += g[k] } }
  }

  /// ∂a += g, ∂b −= g.
  func subtractBackward(_ g: UnsafeBufferPointer<Double>, _ lhs: Int, _ rhs: Int, _ broadcast: Broadcast) {
    accumulateGradient(of: lhs) { ga in broadcast.forEachIndex { k, l, _ in ga[l] += g[k] } }
    accumulateGradient(of: rhs) { gb in broadcast.forEachIndex { k, _, r in gb[r] -= g[k] } }
  }

  /// ∂a += g·b, ∂b += g·a.
  func multiplyBackward(_ g: UnsafeBufferPointer<Double>, _ lhs: Int, _ rhs: Int, _ broadcast: Broadcast) {
    withValue(of: lhs) { a in
      withValue(of: rhs) { b in
        accumulateGradient(of: lhs) { ga in broadcast.forEachIndex { k, l, r in ga[l] += g[k] * b[r] } }
        accumulateGradient(of: rhs) { gb in broadcast.forEachIndex { k, l, r in gb[r] += g[k] * a[l] } }
      }
    }
  }

  /// ∂a += g/b, ∂b −= g·(a/b)/b, reusing the output a/b.
  func divideBackward(
    _ g: UnsafeBufferPointer<Double>, _ output: Int, _ lhs: Int, _ rhs: Int, _ broadcast: Broadcast
  ) {
    withValue(of: output) { quotient in
      withValue(of: rhs) { b in
        accumulateGradient(of: lhs) { ga in broadcast.forEachIndex { k, l, r in ga[l] += g[k] / b[r] } }
        accumulateGradient(of: rhs) { gb in
          broadcast.forEachIndex { k, _, r in gb[r] -= g[k] * quotient[k] / b[r] }
        }
      }
    }
  }
}
