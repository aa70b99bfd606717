// Selecting entries by integer index: an embedding lookup and a per-row pick. Only the picked
// entries are read forward and only their gradients are touched backward (a scatter-add), so
// nothing of one-hot size is materialised.

/// Rows of `table` picked by index (an embedding lookup): [V, n] and [B] indices → [B, n], row b
/// = table[indices[b]]; ∂table[v] += Σ over b with indices[b] = v of g[b].
///
/// - Precondition: `table` is a matrix and every index is in `0..<V`.
public func gatherRows(_ table: Variable, _ indices: [Int]) -> Variable {
  let value = table.value
  precondition(value.rank == 2, "gatherRows needs a [V, n] table, shape is \(value.shape)")
  let (rowCount, n) = (value.shape[0], value.shape[1])
  let result = [Double](unsafeUninitializedCapacity: indices.count * n) { output, initialized in
    value.scalars.withUnsafeBufferPointer { x in
      for (b, row) in indices.enumerated() {
        precondition(
          (0..<rowCount).contains(row), "gatherRows: index \(row) at position \(b) is outside 0..<\(rowCount)")
        // Wrapping index arithmetic (&+, &*): indices stay below the buffers' counts, and overflow
        // checks in an inner loop would keep it from vectorizing.
        for j in 0..<n { output[b &* n &+ j] = x[row &* n &+ j] }
      }
    }
    initialized = indices.count * n
  }
  return table.tape.record(
    Tensor(shape: [indices.count, n], scalars: result), .gatherRows(table.index, indices: indices),
    requiresGradient: table.requiresGradient)
}

/// One entry per row: [m, n] and [m] indices → [m], yᵢ = x[i, indices[i]];
/// ∂x[i, indices[i]] += gᵢ, every other entry's gradient is 0.
///
/// - Precondition: `x` is a matrix with one index per row, each in `0..<n`.
public func pick(_ x: Variable, _ indices: [Int]) -> Variable {
  let value = x.value
  precondition(value.rank == 2, "pick needs an [m, n] matrix, shape is \(value.shape)")
  let (m, n) = (value.shape[0], value.shape[1])
  precondition(indices.count == m, "pick needs one index per row: \(indices.count) indices for shape \(value.shape)")
  var picked = [Double](repeating: 0, count: m)
  for (i, column) in indices.enumerated() {
    precondition((0..<n).contains(column), "pick: index \(column) for row \(i) is outside 0..<\(n)")
    picked[i] = value.scalars[i * n + column]
  }
  return x.tape.record(
    Tensor(shape: [m], scalars: picked), .pick(x.index, indices: indices), requiresGradient: x.requiresGradient)
}

extension Tape {
  /// ∂table[indices[b]] += g[b] for every b (repeated indices accumulate).
  func gatherRowsBackward(_ g: UnsafeBufferPointer<Double>, _ table: Int, _ indices: [Int]) {
    let n = nodes[table].value.shape[1]
    accumulateGradient(of: table) { gt in
      for (b, row) in indices.enumerated() {
        for j in 0..<n { gt[row &* n &+ j] += g[b &* n &+ j] }
      }
    }
  }

  /// ∂x[i, indices[i]] += gᵢ.
  func pickBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ indices: [Int]) {
    let n = nodes[input].value.shape[1]
    accumulateGradient(of: input) { gx in
      for (i, column) in indices.enumerated() { gx[i * n + column] += g[i] }
    }
  }
}
