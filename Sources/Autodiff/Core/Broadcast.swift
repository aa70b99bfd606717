/// How the two operands of a broadcasting element-wise op map onto its output.
///
/// The output is seen as a `rows × columns` grid whose entry (i, j) lives at `i·columns + j`;
/// an operand's entry for it lives at `i·row + j·column` of its ``Strides``, where a stride of 0
/// repeats the operand along that axis. Supported pairs: equal shapes; a one-element operand
/// (rank 0 or any shape of one element) against anything; and, for ranks ≤ 2 with a rank-1
/// shape [n] read as the row [1, n], matrices whose extents agree or are 1 on each axis
/// (a row [1, n] or a column [m, 1] against [m, n]).
struct Broadcast: Equatable, Sendable {
  /// Where an operand's entry for output (i, j) lives: `i·row + j·column`.
  struct Strides: Equatable, Sendable {
    var row: Int
    var column: Int

    /// Stepping through a whole operand in order.
    static let dense = Strides(row: 0, column: 1)
    /// One entry repeated everywhere.
    static let repeated = Strides(row: 0, column: 0)
  }

  /// The output shape.
  let shape: [Int]
  /// The output seen as a matrix: its number of rows.
  let rows: Int
  /// The output seen as a matrix: its number of columns.
  let columns: Int
  /// The left operand's strides.
  let lhs: Strides
  /// The right operand's strides.
  let rhs: Strides

  /// The broadcast of `lhsShape` against `rhsShape`.
  ///
  /// - Precondition: the shapes are one of the supported pairs (see the type's summary).
  init(_ lhsShape: [Int], _ rhsShape: [Int]) {
    let lhsCount = lhsShape.reduce(1, *)
    let rhsCount = rhsShape.reduce(1, *)
    if lhsShape == rhsShape {
      self.init(shape: lhsShape, rows: 1, columns: lhsCount, lhs: .dense, rhs: .dense)
    } else if rhsCount == 1 && (lhsCount != 1 || lhsShape.count >= rhsShape.count) {
      self.init(shape: lhsShape, rows: 1, columns: lhsCount, lhs: .dense, rhs: .repeated)
    } else if lhsCount == 1 {
      self.init(shape: rhsShape, rows: 1, columns: rhsCount, lhs: .repeated, rhs: .dense)
    } else {
      precondition(
        (1...2).contains(lhsShape.count) && (1...2).contains(rhsShape.count),
        "cannot broadcast shapes \(lhsShape) and \(rhsShape): only ranks 1 and 2 broadcast beyond one element")
      let (lhsRows, lhsColumns) = Self.matrixExtents(lhsShape)
      let (rhsRows, rhsColumns) = Self.matrixExtents(rhsShape)
      let rows = Self.combined(lhsRows, rhsRows, lhsShape, rhsShape)
      let columns = Self.combined(lhsColumns, rhsColumns, lhsShape, rhsShape)
      self.init(
        shape: max(lhsShape.count, rhsShape.count) == 2 ? [rows, columns] : [columns],
        rows: rows, columns: columns,
        lhs: Strides(row: lhsRows == 1 ? 0 : lhsColumns, column: lhsColumns == 1 ? 0 : 1),
        rhs: Strides(row: rhsRows == 1 ? 0 : rhsColumns, column: rhsColumns == 1 ? 0 : 1))
    }
  }

  private init(shape: [Int], rows: Int, columns: Int, lhs: Strides, rhs: Strides) {
    self.shape = shape
    self.rows = rows
    self.columns = columns
    self.lhs = lhs
    self.rhs = rhs
  }

  /// Calls `body(output, lhs, rhs)` with the three flat indices of every output entry, in order.
  ///
  /// The index arithmetic wraps (`&+`, `&*`) rather than checking for overflow: every index is
  /// below an array's count, and the overflow branches would keep the loop from vectorizing.
  @inline(__always)
  func forEachIndex(_ body: (_ output: Int, _ lhs: Int, _ rhs: Int) -> Void) {
    for i in 0..<rows {
      let outputRow = i &* columns
      let lhsRow = i &* lhs.row
      let rhsRow = i &* rhs.row
      for j in 0..<columns {
        body(outputRow &+ j, lhsRow &+ j &* lhs.column, rhsRow &+ j &* rhs.column)
      }
    }
  }

  private static func matrixExtents(_ shape: [Int]) -> (rows: Int, columns: Int) {
    shape.count == 1 ? (1, shape[0]) : (shape[0], shape[1])
  }

  private static func combined(_ lhs: Int, _ rhs: Int, _ lhsShape: [Int], _ rhsShape: [Int]) -> Int {
    precondition(
      lhs == rhs || lhs == 1 || rhs == 1,
      "cannot broadcast shapes \(lhsShape) and \(rhsShape): extents \(lhs) and \(rhs) differ and neither is 1")
    return lhs == 1 ? rhs : lhs
  }
}
