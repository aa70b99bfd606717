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
  for (b, row) in indices.enumerated() {
    precondition((0..<rowCount).contains(row), "gatherRows: index \(row) at position \(b) is outside 0..<\(rowCount)")
  }
  var result = table.tape.makeScalars(count: indices.count * n)
  value.scalars.withUnsafeBufferPointer { x in
    result.withUnsafeMutableBufferPointer { output in
      guard let source = x.baseAddress, let destination = output.baseAddress else { return }
      let chunks = IndexChunks(count: indices.count, width: n)
      // Each chunk writes only its own rows.
      _ = Parallel.map(chunks.count, work: indices.count * n) { k in
        for b in chunks.range(ofChunk: k) {
          (destination + b &* n).update(from: source + indices[b] &* n, count: n)
        }
      }
    }
  }
  return table.tape.record(
    Tensor(shape: [indices.count, n], scalars: result), .gatherRows(table.index, indices: indices),
    requiresGradient: table.requiresGradient)
}

/// A split of `count` rows of `width` scalars into at most 16 chunks of consecutive rows, fixed by
/// the sizes alone (so sums over chunks, added in order, do not depend on the number of cores).
struct IndexChunks {
  let count: Int
  let chunkRows: Int

  init(count: Int, width: Int) {
    self.count = max(1, min(16, count * width / Parallel.minimumWork))
    chunkRows = (count + self.count - 1) / self.count
    rowCount = count
  }

  private let rowCount: Int

  /// The rows of chunk `k`.
  func range(ofChunk k: Int) -> Range<Int> {
    min(rowCount, k * chunkRows)..<min(rowCount, (k + 1) * chunkRows)
  }
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
  /// ∂table[indices[b]] += g[b] for every b (repeated indices accumulate): each chunk of rows
  /// sums into its own table, and the tables are added in chunk order.
  func gatherRowsBackward(_ g: UnsafeBufferPointer<Double>, _ table: Int, _ indices: [Int]) {
    let (rowCount, n) = (nodes[table].value.shape[0], nodes[table].value.shape[1])
    let chunks = IndexChunks(count: indices.count, width: n)
    func scatter(_ rows: Range<Int>, into gt: UnsafeMutableBufferPointer<Double>) {
      guard let source = g.baseAddress, let destination = gt.baseAddress else { return }
      for b in rows {
        RowKernels.add(source + b &* n, scaledBy: 1, to: destination + indices[b] &* n, count: n)
      }
    }
    accumulateGradient(of: table) { gt in
      guard chunks.count > 1 else { return scatter(0..<indices.count, into: gt) }
      let partials = Parallel.map(chunks.count) { k in
        var partial = [Double](repeating: 0, count: rowCount * n)
        partial.withUnsafeMutableBufferPointer { scatter(chunks.range(ofChunk: k), into: $0) }
        return partial
      }
      for partial in partials {
        for index in 0..<gt.count { gt[index] += partial[index] }
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
