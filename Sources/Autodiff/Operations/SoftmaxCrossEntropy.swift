// Fused softmax + cross-entropy, as llm.c's crossentropy_softmax_backward.
// Forward: logits [m, n], targets [m] → loss [], L = (1/m) Σᵢ (logsumexpᵢ − xᵢ,targetᵢ), with
// logsumexpᵢ = maxᵢ + log Σⱼ eᵢⱼ and eᵢⱼ = exp(xᵢⱼ − maxᵢ) (the max shift as in `logSoftmax`),
// saving e and each row's reciprocal 1/Σⱼ eᵢⱼ, so P̂ᵢⱼ = eᵢⱼ/Σⱼ eᵢⱼ is never written out separately.
// Backward: ∂xᵢⱼ += g · (P̂ᵢⱼ − 1[j = targetᵢ]) / m, written straight from e with no graph of
// intermediate nodes; when nothing else has reached the logits' gradient yet, e itself becomes
// that gradient in place, so a T×V step allocates no gradient buffer.
//
// Rows go in chunks of about 8K scalars (64 KB, cache-resident): shift by the row maxima (unless
// every |x| < 700, where e^x can neither overflow nor vanish), one
// vectorized exp over the chunk (`VectorMath`), row sums, one vectorized log of the sums. Large
// inputs spread the chunks over the cores; the chunks are fixed by the shape alone and their
// partial losses added in order, so the result does not depend on the number of cores.

/// The mean negative log-likelihood of the target classes under the row softmax of `logits`, in
/// one op: [m, n] and [m] targets → [], L = (1/m) Σᵢ (log Σⱼ exp xᵢⱼ − xᵢ,targetᵢ);
/// ∂L/∂xᵢⱼ = (P̂ᵢⱼ − 1[j = targetᵢ]) / m. Equal to `crossEntropy(logits:targets:)`.
///
/// - Precondition: `logits` is a matrix with at least one row and column, one target per row,
///   each in `0..<n`.
public func softmaxCrossEntropy(logits: Variable, targets: [Int]) -> Variable {
  let x = logits.value
  precondition(x.rank == 2, "softmaxCrossEntropy needs [m, n] logits, shape is \(x.shape)")
  let (m, n) = (x.shape[0], x.shape[1])
  precondition(m > 0 && n > 0, "softmaxCrossEntropy needs at least one row and one class, shape is \(x.shape)")
  precondition(
    targets.count == m, "softmaxCrossEntropy needs one target per row: \(targets.count) for shape \(x.shape)")
  for (i, target) in targets.enumerated() {
    precondition((0..<n).contains(target), "softmaxCrossEntropy: target \(target) for row \(i) is outside 0..<\(n)")
  }
  // e and the reciprocals are only kept when a gradient will need them.
  let keeps = logits.requiresGradient
  var exponentials = keeps ? logits.tape.makeScalars(count: m * n) : []
  var reciprocals = keeps ? [Double](repeating: 0, count: m) : []
  let total = x.scalars.withUnsafeBufferPointer { x in
    targets.withUnsafeBufferPointer { targets in
      exponentials.withUnsafeMutableBufferPointer { e in
        reciprocals.withUnsafeMutableBufferPointer { r in
          SoftmaxChunks(rows: m, columns: n).crossEntropySum(x, targets, saving: keeps ? (e, r) : nil)
        }
      }
    }
  }
  return logits.tape.record(
    Tensor(total / Double(m)),
    .softmaxCrossEntropy(logits.index, targets: targets, exponentials: exponentials, reciprocals: reciprocals),
    requiresGradient: logits.requiresGradient)
}

/// How the rows of an [m, n] softmax are split into chunks, and the work done on each.
struct SoftmaxChunks {
  let rows: Int
  let columns: Int
  /// Rows per chunk: about 8K scalars, so a chunk's scratch stays below malloc's mmap threshold.
  let chunkRows: Int
  /// The number of chunks.
  let count: Int

  init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    chunkRows = max(1, (1 << 13) / columns)
    count = (rows + chunkRows - 1) / chunkRows
  }

  /// The rows of chunk `k`.
  func rows(ofChunk k: Int) -> Range<Int> {
    (k * chunkRows)..<min(rows, (k + 1) * chunkRows)
  }

  /// Σᵢ (logsumexpᵢ − xᵢ,targetᵢ) over all rows, saving e (m×n) and 1/Σⱼ eᵢⱼ (m) when asked.
  /// The sum is compensated (Neumaier) within and across chunks: the mean of 228,146 nearly equal
  /// terms must agree with the counts formulation to 1e-12.
  func crossEntropySum(
    _ x: UnsafeBufferPointer<Double>, _ targets: UnsafeBufferPointer<Int>,
    saving saved: (exponentials: UnsafeMutableBufferPointer<Double>, reciprocals: UnsafeMutableBufferPointer<Double>)?
  ) -> Double {
    // Each chunk writes only its own rows of the saved buffers.
    Parallel.map(count, work: rows * columns * 16) { k in
      let chunk = rows(ofChunk: k)
      let scalars = chunk.count * columns
      return withUnsafeTemporaryAllocation(
        of: Double.self, capacity: (saved == nil ? scalars + chunk.count : 0) + 2 * chunk.count
      ) {
        scratch in
        var free = scratch[...]
        func take(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
          defer { free = free.dropFirst(count) }
          return UnsafeMutableBufferPointer(rebasing: free.prefix(count))
        }
        let e =
          saved.map {
            UnsafeMutableBufferPointer(rebasing: $0.exponentials[(chunk.lowerBound * columns)...].prefix(scalars))
          } ?? take(scalars)
        let reciprocals = saved.map { UnsafeMutableBufferPointer(rebasing: $0.reciprocals[chunk]) } ?? take(chunk.count)
        return crossEntropySum(
          x, targets, rows: chunk, exponentials: e, reciprocals: reciprocals, scratch: take(2 * chunk.count))
      }
    }.reduce(into: CompensatedSum()) { $0.add($1) }.value
  }

  /// One chunk: e = exp(x − max), 1/Σe per row, and Σ (log Σe − (x_target − max)), compensated. `scratch` holds
  /// two doubles per row.
  private func crossEntropySum(
    _ x: UnsafeBufferPointer<Double>, _ targets: UnsafeBufferPointer<Int>, rows chunk: Range<Int>,
    exponentials e: UnsafeMutableBufferPointer<Double>, reciprocals: UnsafeMutableBufferPointer<Double>,
    scratch: UnsafeMutableBufferPointer<Double>
  ) -> CompensatedSum {
    let n = columns
    let count = chunk.count
    let maxima = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
    let logSums = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
    guard let xRows = x.baseAddress.map({ $0 + chunk.lowerBound * n }), let eRows = e.baseAddress else {
      return CompensatedSum()
    }
    // (Wrapping index arithmetic: the offsets stay inside the buffers.)
    if n > 1, n <= RowKernels.widestUnshiftedRow, RowKernels.isModerate(xRows, count: count * n) {
      // Every |x| < 700: no e^x overflows or vanishes, so the max shift is skipped (the result
      // differs only by rounding) and x is copied as it is. (One class keeps the shift, which
      // makes its loss exactly 0 rather than a rounding error.)
      eRows.update(from: xRows, count: count * n)
      maxima.update(repeating: 0)
    } else {
      for r in 0..<count {
        let largest = RowKernels.maximum(xRows + r &* n, count: n)
        RowKernels.affine(xRows + r &* n, into: eRows + r &* n, count: n, scale: 1, offset: -largest)
        maxima[r] = largest
      }
    }
    VectorMath.exp(e)
    for r in 0..<count {
      let sum = RowKernels.sum(eRows + r &* n, count: n)
      logSums[r] = sum
      reciprocals[r] = 1 / sum
    }
    VectorMath.log(logSums)
    var total = CompensatedSum()
    for r in 0..<count {
      let i = chunk.lowerBound &+ r
      // log Σe − (x_target − max), in this order: max + log Σe would round log V away when the
      // row is uniform and huge (10¹⁷ + log 27 = 10¹⁷), making the loss 0 instead of log V.
      total.add(logSums[r] - (x[i &* n &+ targets[i]] - maxima[r]))
    }
    return total
  }
}

extension Tape {
  /// ∂xᵢⱼ += g · (eᵢⱼ·reciprocalᵢ − 1[j = targetᵢ]) / m; e becomes the gradient itself when the
  /// logits have none yet.
  func softmaxCrossEntropyBackward(
    _ g: Double, _ logits: Int, _ targets: [Int], _ exponentials: inout [Double], _ reciprocals: [Double]
  ) {
    let m = targets.count
    let n = exponentials.count / m
    let scale = g / Double(m)
    let chunks = SoftmaxChunks(rows: m, columns: n)
    // g·(P̂ − onehot)/m over the rows of each chunk, written into `gradient` (`adds`: added to it).
    func apply(_ e: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>, adds: Bool) {
      guard let eRows = e.baseAddress, let gRows = gradient.baseAddress else { return }
      _ = Parallel.map(chunks.count, work: m * n) { k in
        for i in chunks.rows(ofChunk: k) {
          let factor = scale * reciprocals[i]
          let row = i &* n
          if adds {
            RowKernels.add(eRows + row, scaledBy: factor, to: gRows + row, count: n)
          } else {
            RowKernels.affine(eRows + row, into: gRows + row, count: n, scale: factor, offset: 0)
          }
          gradient[row &+ targets[i]] -= scale
        }
      }
    }
    if awaitsFirstGradient(of: logits) {
      exponentials.withUnsafeMutableBufferPointer { e in apply(UnsafeBufferPointer(e), e, adds: false) }
      adoptGradient(of: logits, exponentials)
    } else {
      exponentials.withUnsafeBufferPointer { e in accumulateGradient(of: logits) { gx in apply(e, gx, adds: true) } }
    }
  }
}
