import Autodiff

/// Softmax of every row of a row-major table, in place, with the exponentials taken eight at a time.
enum RowSoftmax {
  /// Replaces each row x of the `columns`-wide table in `buffer` by softmax(x) = e^{x − max x} / Σ e^{x − max x}
  /// and writes log Σ_j e^{x_j} (log-sum-exp) of row i into `logSumExps[i]` when given.
  ///
  /// Unless every |x| < 700, the row max is subtracted before exponentiating so e^{x} never
  /// overflows (x − max ≤ 0) and the largest term is exactly 1, so the sum never underflows to zero. Rows are scaled by the
  /// reciprocal of their sum (one division per row, not per entry).
  static func normalizeRows(
    _ buffer: UnsafeMutableBufferPointer<Double>, columns n: Int, logSumExps: UnsafeMutableBufferPointer<Double>? = nil
  ) {
    let rows = n > 0 ? buffer.count / n : 0
    guard let base = buffer.baseAddress else { return }
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * rows) { scratch in
      let maxima = UnsafeMutableBufferPointer(rebasing: scratch[0..<rows])
      let sums = UnsafeMutableBufferPointer(rebasing: scratch[rows..<(2 * rows)])
      // Row maxima and sums with four-lane kernels: one running total per row would be a chain of
      // dependent additions, slower than the exponentials themselves.
      // With every |x| < 700 no e^x can overflow or vanish, so the shift is skipped (the result
      // differs only by rounding); otherwise each row is shifted by its maximum.
      if RowKernels.isModerate(base, count: buffer.count) {
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
      guard let logSumExps else { return }
      VectorMath.log(sums)
      for i in 0..<rows { logSumExps[i] = maxima[i] + sums[i] }
    }
  }
}
