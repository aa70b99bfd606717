// Matrix product. Shapes: A [m, k] × B [k, n] → C [m, n].
// Backward: ∂A += G·Bᵀ ([m, n] × [n, k]), ∂B += Aᵀ·G ([k, m] × [m, n]), both as loops whose
// innermost index walks rows contiguously, without forming a transpose.

/// The matrix product C = A·B of two variables, Cᵢⱼ = Σₚ Aᵢₚ Bₚⱼ: [m, k] × [k, n] → [m, n].
public func matmul(_ lhs: Variable, _ rhs: Variable) -> Variable {
  let tape = Variable.sharedTape(lhs, rhs)
  return tape.record(
    matmul(lhs.value, rhs.value), .matmul(lhs.index, rhs.index),
    requiresGradient: lhs.requiresGradient || rhs.requiresGradient)
}

extension Tape {
  /// ∂Aᵢₚ += Σⱼ Gᵢⱼ Bₚⱼ and ∂Bₚⱼ += Σᵢ Aᵢₚ Gᵢⱼ.
  func matmulBackward(_ g: UnsafeBufferPointer<Double>, _ lhs: Int, _ rhs: Int) {
    let (m, k) = (nodes[lhs].value.shape[0], nodes[lhs].value.shape[1])
    let n = nodes[rhs].value.shape[1]
    withValue(of: lhs) { a in
      withValue(of: rhs) { b in
        accumulateGradient(of: lhs) { ga in
          for i in 0..<m {
            for p in 0..<k {
              // A dot product of row i of G with row p of B: both contiguous. (Wrapping index
              // arithmetic: the indices stay in bounds, and overflow checks block vectorization.)
              var total = 0.0
              for j in 0..<n { total += g[i &* n &+ j] * b[p &* n &+ j] }
              ga[i * k + p] += total
            }
          }
        }
        accumulateGradient(of: rhs) { gb in
          for i in 0..<m {
            for p in 0..<k {
              // Row p of ∂B gains Aᵢₚ · row i of G; zero Aᵢₚ (one-hot inputs) add nothing.
              let aip = a[i * k + p]
              if aip == 0 { continue }
              for j in 0..<n { gb[p &* n &+ j] += aip * g[i &* n &+ j] }
            }
          }
        }
      }
    }
  }
}
