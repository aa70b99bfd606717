import Autodiff

/// Softmax of every row of a row-major table, in place, with the exponentials taken eight at a time.
enum RowSoftmax {
  /// Replaces each row x of the `columns`-wide table in `buffer` by softmax(x) = e^{x − s} / Σ e^{x − s}
  /// and, when given, writes the shift s_i into `shifts[i]` and log Σ_j e^{x_ij − s_i} into
  /// `logSums[i]`, so that log softmax(x)_ij = (x_ij − s_i) − logSums[i].
  ///
  /// The log-probabilities must be formed in that order, never as x_ij − (s_i + logSums[i]): for a
  /// uniform row of 10¹⁷, s + log V rounds back to 10¹⁷ and the loss would be 0, not log V.
  ///
  /// Unless every |x| < 700 (and the rows are at most 16,384 wide), s is the row max, so e^{x − s}
  /// never overflows and the largest term is exactly 1, so the sum never underflows to zero. Below
  /// those bounds s = 0: no e^x overflows or vanishes and no sum of them overflows
  /// (16,384·e^700 < 1.8·10³⁰⁸), so the result differs from the shifted one only by rounding.
  /// Rows are scaled by the reciprocal of their sum (one division per row, not per entry).
  static func normalizeRows(
    _ buffer: UnsafeMutableBufferPointer<Double>, columns n: Int,
    shifts: UnsafeMutableBufferPointer<Double>? = nil, logSums: UnsafeMutableBufferPointer<Double>? = nil
  ) {
    let rows = n > 0 ? buffer.count / n : 0
    guard let base = buffer.baseAddress else { return }
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * rows) { scratch in
      let maxima = UnsafeMutableBufferPointer(rebasing: scratch[0..<rows])
      let sums = UnsafeMutableBufferPointer(rebasing: scratch[rows..<(2 * rows)])
      // Row maxima and sums with four-lane kernels: one running total per row would be a chain of
      // dependent additions, slower than the exponentials themselves.
      if n <= RowKernels.widestUnshiftedRow, RowKernels.isModerate(base, count: buffer.count) {
        maxima.update(repeating: 0)
      } else {
        for i in 0..<rows {
          let row = base + i * n
          let largest = RowKernels.maximum(row, count: n)
          RowKernels.affine(row, into: row, count: n, scale: 1, offset: -largest)
          maxima[i] = largest
        }
      }
      VectorMath.exp(buffer)
      for i in 0..<rows {
        let row = base + i * n
        let sum = RowKernels.sum(row, count: n)
        RowKernels.affine(row, into: row, count: n, scale: 1 / sum, offset: 0)
        sums[i] = sum
      }
      if let shifts { _ = shifts.update(fromContentsOf: maxima) }
      guard let logSums else { return }
      VectorMath.log(sums)
      _ = logSums.update(fromContentsOf: sums)
    }
  }
}
