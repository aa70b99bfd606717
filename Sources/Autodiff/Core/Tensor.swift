/// A dense tensor of `Double`s: a shape and its scalars in row-major order.
///
/// Rank 0 is a scalar (`shape == []`, one scalar), rank 1 a vector, rank 2 a matrix whose
/// entry (i, j) lives at `scalars[i * columns + j]`. Tensors are values: copying one copies
/// its scalars (lazily, through `Array`'s copy-on-write).
public struct Tensor: Sendable, Equatable, Hashable {
  /// The extent of each axis; the product of its entries is `scalars.count`.
  public private(set) var shape: [Int]
  /// The scalars in row-major order.
  public var scalars: [Double]

  /// Creates a tensor from a shape and its row-major scalars.
  ///
  /// - Precondition: every extent is ≥ 0 and their product equals `scalars.count`.
  public init(shape: [Int], scalars: [Double]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
    let count = shape.reduce(1, *)
    precondition(
      count == scalars.count, "Tensor shape \(shape) needs \(count) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a tensor of the given shape with every scalar equal to `value`.
  public init(repeating value: Double, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// Creates a tensor of zeros.
  public init(zeros shape: [Int]) {
    self.init(repeating: 0, shape: shape)
  }

  /// Creates a rank-0 tensor holding one scalar.
  public init(_ scalar: Double) {
    self.init(shape: [], scalars: [scalar])
  }

  /// Creates a matrix from its rows; every row must have the same length.
  public init(rows: [[Double]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "Tensor(rows:) needs rows of equal length")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of scalars.
  public var count: Int { scalars.count }

  /// The number of rows of a matrix (rank 2).
  public var rows: Int {
    precondition(rank == 2, "rows needs a matrix, shape is \(shape)")
    return shape[0]
  }

  /// The number of columns of a matrix (rank 2).
  public var columns: Int {
    precondition(rank == 2, "columns needs a matrix, shape is \(shape)")
    return shape[1]
  }

  /// The single scalar of a one-element tensor.
  public var scalar: Double {
    precondition(scalars.count == 1, "scalar needs one element, shape is \(shape)")
    return scalars[0]
  }

  /// The entry at row `i`, column `j` of a matrix.
  public subscript(i: Int, j: Int) -> Double {
    get {
      precondition(rank == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1], "index (\(i), \(j)) outside \(shape)")
      return scalars[i * shape[1] + j]
    }
    set {
      precondition(rank == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1], "index (\(i), \(j)) outside \(shape)")
      scalars[i * shape[1] + j] = newValue
    }
  }

  /// Row `i` of a matrix, as an array.
  public func row(_ i: Int) -> [Double] {
    precondition(rank == 2 && i >= 0 && i < shape[0], "row \(i) outside \(shape)")
    let start = i * shape[1]
    return Array(scalars[start..<(start + shape[1])])
  }

  /// The same scalars viewed with another shape of the same element count.
  public func reshaped(to newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Whether every scalar is finite (neither infinite nor NaN).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// The Euclidean (Frobenius) norm, √Σ x², computed with scaling so large entries do not overflow.
  public var norm: Double {
    // max(0, NaN) is 0 in Swift, so a NaN must be caught before the scaling maximum drops it.
    if scalars.contains(where: { $0.isNaN }) { return .nan }
    let largest = scalars.reduce(0) { max($0, abs($1)) }
    guard largest > 0, largest.isFinite else { return largest }
    var sum = 0.0
    for x in scalars {
      let scaled = x / largest
      sum += scaled * scaled
    }
    return largest * sum.squareRoot()
  }
}
