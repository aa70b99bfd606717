// A linear layer in one op, as llm.c's matmul_forward/backward.
// Forward: x [m, k], W [k, n], b [n] (optional) → y [m, n], yᵢⱼ = bⱼ + Σₚ xᵢₚ Wₚⱼ.
// Backward: ∂x += G·Wᵀ ([m, n] × [n, k]), ∂W += xᵀ·G ([k, m] × [m, n]), ∂bⱼ += Σᵢ Gᵢⱼ.
// The loops run in `DenseKernels` (C with AVX-512/AVX2 clones, or the portable Swift twin).

/// x·W + b for a batch of rows: [m, k] × [k, n] (+ [n]) → [m, n], yᵢⱼ = bⱼ + Σₚ xᵢₚ Wₚⱼ;
/// ∂x = G·Wᵀ, ∂W = xᵀ·G, ∂b = Σᵢ Gᵢ.
///
/// - Precondition: x and W are matrices with matching inner sizes; b has n entries.
public func linear(_ x: Variable, _ weight: Variable, bias: Variable? = nil) -> Variable {
  let tape = Variable.sharedTape(x, weight)
  let (xv, wv) = (x.value, weight.value)
  precondition(
    xv.rank == 2 && wv.rank == 2 && xv.shape[1] == wv.shape[0],
    "linear needs x [m, k] and W [k, n], got \(xv.shape) and \(wv.shape)")
  let (m, k, n) = (xv.shape[0], xv.shape[1], wv.shape[1])
  if let bias {
    precondition(bias.tape === tape, "linear: the bias comes from another tape")
    precondition(bias.value.shape == [n], "linear: bias of shape \(bias.value.shape) for \(n) outputs")
  }
  var output = tape.makeScalars(count: m * n)
  output.withUnsafeMutableBufferPointer { y in
    xv.scalars.withUnsafeBufferPointer { xs in
      wv.scalars.withUnsafeBufferPointer { ws in
        let biasScalars = bias?.value.scalars ?? []
        biasScalars.withUnsafeBufferPointer { bs in
          guard let y = y.baseAddress, let xs = xs.baseAddress, let ws = ws.baseAddress else {
            // An empty operand: y is empty or, with k = 0, just the bias.
            for i in 0..<m { for j in 0..<n { y[i * n + j] = bias == nil ? 0 : bs[j] } }
            return
          }
          DenseKernels.linearForward(xs, ws, bias: bias == nil ? nil : bs.baseAddress, into: y, m: m, k: k, n: n)
        }
      }
    }
  }
  return tape.record(
    Tensor(shape: [m, n], scalars: output), .linear(x.index, weight: weight.index, bias: bias?.index),
    requiresGradient: x.requiresGradient || weight.requiresGradient || (bias?.requiresGradient ?? false))
}

extension Tape {
  /// ∂x += G·Wᵀ, ∂W += xᵀ·G, ∂b += column sums of G.
  func linearBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ weight: Int, _ bias: Int?) {
    let (m, k) = (nodes[input].value.shape[0], nodes[input].value.shape[1])
    let n = nodes[weight].value.shape[1]
    guard m > 0, k > 0, n > 0, let gs = g.baseAddress else {
      if let bias { accumulateGradient(of: bias) { _ in } }
      return
    }
    if nodes[input].requiresGradient {
      withValue(of: weight) { w in
        accumulateGradient(of: input) { gx in
          if let w = w.baseAddress, let gx = gx.baseAddress {
            DenseKernels.accumulateProductWithTranspose(gs, w, into: gx, m: m, k: k, n: n)
          }
        }
      }
    }
    withValue(of: input) { x in
      accumulateGradient(of: weight) { gw in
        if let x = x.baseAddress, let gw = gw.baseAddress {
          DenseKernels.accumulateTransposedProduct(x, gs, into: gw, m: m, k: k, n: n)
        }
      }
    }
    if let bias {
      accumulateGradient(of: bias) { gb in
        for i in 0..<m {
          for j in 0..<n { gb[j] += g[i &* n &+ j] }
        }
      }
    }
  }
}
