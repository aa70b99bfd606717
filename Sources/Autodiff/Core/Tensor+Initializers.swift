extension Tensor {
  /// One-hot rows: [indices.count, depth] with entry (i, j) = 1 if j = indices[i], else 0.
  ///
  /// - Precondition: every index is in `0..<depth`.
  public init(oneHot indices: [Int], depth: Int) {
    precondition(depth >= 0, "Tensor(oneHot:depth:) needs depth ≥ 0, got \(depth)")
    var scalars = [Double](repeating: 0, count: indices.count * depth)
    for (row, index) in indices.enumerated() {
      precondition(
        (0..<depth).contains(index), "Tensor(oneHot:depth:): index \(index) at position \(row) is outside 0..<\(depth)")
      scalars[row * depth + index] = 1
    }
    self.init(shape: [indices.count, depth], scalars: scalars)
  }

  /// A tensor of independent standard normal draws N(0, 1), taken in row-major order from
  /// `generator.nextNormal()` (Box–Muller), so a seed fixes every scalar.
  public static func randomNormal(shape: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
    let count = shape.reduce(1, *)
    var scalars = [Double]()
    scalars.reserveCapacity(count)
    for _ in 0..<count { scalars.append(generator.nextNormal()) }
    return Tensor(shape: shape, scalars: scalars)
  }
}
