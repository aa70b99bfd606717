import Autodiff
import Optimization

/// The characters' embeddings in two dimensions, as the lecture's scatter of letters: C itself
/// when d = 2, otherwise its projection on the two principal axes (PCA): the rows of C centred,
/// times the two eigenvectors of the d×d covariance with the largest eigenvalues.
public struct EmbeddingProjection: Sendable, Equatable {
  /// One (x, y) per symbol, in vocabulary order.
  public let points: [(x: Double, y: Double)]
  /// The share of the total variance each axis carries (1, 1 for d ≤ 2).
  public let explainedVariance: (Double, Double)
  /// Whether the points are a PCA projection (d > 2) rather than C's own coordinates.
  public let isProjected: Bool

  /// The projection of `embeddings` [V, d].
  ///
  /// - Precondition: a matrix with at least one row and column.
  public init(embeddings: Tensor) {
    precondition(embeddings.rank == 2 && embeddings.shape[0] >= 1, "embeddings must be [V, d], got \(embeddings.shape)")
    let (v, d) = (embeddings.shape[0], embeddings.shape[1])
    let c = embeddings.scalars
    if d <= 2 {
      points = (0..<v).map { (c[$0 * d], d == 2 ? c[$0 * d + 1] : 0) }
      explainedVariance = (1, 1)
      isProjected = false
      return
    }
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<v { for j in 0..<d { mean[j] += c[i * d + j] / Double(v) } }
    var covariance = [Double](repeating: 0, count: d * d)
    for i in 0..<v {
      for j in 0..<d {
        for k in 0..<d { covariance[j * d + k] += (c[i * d + j] - mean[j]) * (c[i * d + k] - mean[k]) / Double(v) }
      }
    }
    let eigen = SymmetricEigendecomposition(Tensor(shape: [d, d], scalars: covariance))
    let order = eigen.eigenvalues.indices.sorted { eigen.eigenvalues[$0] > eigen.eigenvalues[$1] }
    let total = max(eigen.eigenvalues.reduce(0) { $0 + max($1, 0) }, .leastNormalMagnitude)
    // Eigenvectors are the columns; each axis' sign is fixed so its largest component is positive.
    func axis(_ index: Int) -> [Double] {
      let column = (0..<d).map { eigen.eigenvectors.scalars[$0 * d + index] }
      let largest = column.max { abs($0) < abs($1) } ?? 1
      return column.map { largest < 0 ? -$0 : $0 }
    }
    let (first, second) = (axis(order[0]), axis(order[1]))
    points = (0..<v).map { i in
      var (x, y) = (0.0, 0.0)
      for j in 0..<d {
        x += (c[i * d + j] - mean[j]) * first[j]
        y += (c[i * d + j] - mean[j]) * second[j]
      }
      return (x, y)
    }
    explainedVariance = (max(eigen.eigenvalues[order[0]], 0) / total, max(eigen.eigenvalues[order[1]], 0) / total)
    isProjected = true
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.points.elementsEqual(rhs.points) { $0.x == $1.x && $0.y == $1.y } && lhs.isProjected == rhs.isProjected
      && lhs.explainedVariance == rhs.explainedVariance
  }
}
