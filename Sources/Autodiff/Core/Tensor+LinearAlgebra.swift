extension Tensor {
  /// The transpose of a matrix: [m, n] → [n, m] with entry (j, i) = xᵢⱼ.
  public func transposed() -> Tensor {
    precondition(rank == 2, "transposed needs a matrix, shape is \(shape)")
    let (m, n) = (shape[0], shape[1])
    let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
      scalars.withUnsafeBufferPointer { x in
        for i in 0..<m {
          for j in 0..<n { output[j &* m &+ i] = x[i &* n &+ j] }
        }
      }
      initialized = count
    }
    return Tensor(shape: [n, m], scalars: result)
  }
}

/// The matrix product C = A·B, Cᵢⱼ = Σₚ Aᵢₚ Bₚⱼ: [m, k] × [k, n] → [m, n].
///
/// The loops run i, p, j so the innermost loop walks a row of B and a row of C contiguously
/// (cache friendly, vectorizable). Zero entries of A are skipped, so a one-hot A costs one row of
/// B per row of C; this differs from IEEE arithmetic only when B holds an infinity or NaN
/// (0·∞ would be NaN).
public func matmul(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
  precondition(
    lhs.rank == 2 && rhs.rank == 2 && lhs.shape[1] == rhs.shape[0],
    "matmul needs [m, k] × [k, n], got \(lhs.shape) × \(rhs.shape)")
  let (m, k, n) = (lhs.shape[0], lhs.shape[1], rhs.shape[1])
  var product = [Double](repeating: 0, count: m * n)
  lhs.scalars.withUnsafeBufferPointer { a in
    rhs.scalars.withUnsafeBufferPointer { b in
      product.withUnsafeMutableBufferPointer { c in
        for i in 0..<m {
          for p in 0..<k {
            let aip = a[i * k + p]
            if aip == 0 { continue }
            let bRow = p * n
            let cRow = i * n
            // Wrapping index arithmetic (&+, &*): indices stay below the buffers' counts, and overflow
            // checks in an inner loop would keep it from vectorizing.
            for j in 0..<n { c[cRow &+ j] += aip * b[bRow &+ j] }
          }
        }
      }
    }
  }
  return Tensor(shape: [m, n], scalars: product)
}
