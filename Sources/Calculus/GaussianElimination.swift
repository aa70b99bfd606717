import Autodiff

/// Solves A·s = b for a small dense square A by Gaussian elimination with partial pivoting.
enum GaussianElimination {
  /// The pivot threshold relative to the largest |Aᵢⱼ|: a pivot at or below it means A is singular.
  static let relativePivotTolerance = 1e-12

  /// The solution s of A·s = b, or nil when A is singular: some pivot |p| ≤ 1e-12·max|Aᵢⱼ| (so the
  /// zero matrix is singular), or the solution overflows.
  ///
  /// - Precondition: `matrix` is n×n and `rhs` has n entries.
  static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
    let n = rhs.count
    precondition(
      matrix.count == n && matrix.allSatisfy { $0.count == n },
      "solve needs an n×n matrix for \(n) right-hand sides, got rows of \(matrix.map(\.count))")
    var a = matrix
    var b = rhs
    let threshold = relativePivotTolerance * a.joined().reduce(0) { max($0, abs($1)) }
    for column in 0..<n {
      // The largest remaining entry of the column as pivot keeps the multipliers ≤ 1 in size.
      guard let pivotRow = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
        abs(a[pivotRow][column]) > threshold
      else { return nil }
      a.swapAt(column, pivotRow)
      b.swapAt(column, pivotRow)
      for row in (column + 1)..<n {
        let multiplier = a[row][column] / a[column][column]
        guard multiplier != 0 else { continue }
        for k in column..<n { a[row][k] -= multiplier * a[column][k] }
        b[row] -= multiplier * b[column]
      }
    }
    var solution = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
      var sum = b[row]
      for k in (row + 1)..<n { sum -= a[row][k] * solution[k] }
      solution[row] = sum / a[row][row]
    }
    return solution.allSatisfy(\.isFinite) ? solution : nil
  }
}
