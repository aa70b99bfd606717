import Autodiff

/// Softmax of every row of a row-major table, in place, with the exponentials taken eight at a time.
enum RowSoftmax {
  /// Replaces each row x of the `columns`-wide table in `buffer` by softmax(x) = e^{x − max x} / Σ e^{x − max x}
  /// and writes log Σ_j e^{x_j} (log-sum-exp) of row i into `logSumExps[i]` when given.
  ///
  /// The row max is subtracted before exponentiating so e^{x} never overflows (x − max ≤ 0) and
  /// the largest term is exactly 1, so the sum never underflows to zero. Rows are scaled by the
  /// reciprocal of their sum (one division per row, not per entry).
  static func normalizeRows(
    _ buffer: UnsafeMutableBufferPointer<Double>, columns n: Int, logSumExps: UnsafeMutableBufferPointer<Double>? = nil
  ) {
    let rows = n > 0 ? buffer.count / n : 0
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * rows) { scratch in
      let maxima = UnsafeMutableBufferPointer(rebasing: scratch[0..<rows])
      let sums = UnsafeMutableBufferPointer(rebasing: scratch[rows..<(2 * rows)])
      for i in 0..<rows {
        let base = i &* n
        var largest = -Double.infinity
        for j in 0..<n { largest = max(largest, buffer[base &+ j]) }
        for j in 0..<n { buffer[base &+ j] -= largest }
        maxima[i] = largest
      }
      VectorMath.exp(buffer)
      for i in 0..<rows {
        let base = i &* n
        var sum = 0.0
        for j in 0..<n { sum += buffer[base &+ j] }
        let reciprocal = 1 / sum
        for j in 0..<n { buffer[base &+ j] *= reciprocal }
        sums[i] = sum
      }
      guard let logSumExps else { return }
      VectorMath.log(sums)
      for i in 0..<rows { logSumExps[i] = maxima[i] + sums[i] }
    }
  }
}
