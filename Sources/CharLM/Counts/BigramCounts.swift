import Autodiff

/// The count matrix N of a corpus: `N[i, j]` is how often symbol j follows symbol i.
///
/// Row 0 counts how words start (`.` → first character), column 0 how they end. The total of
/// all counts is the number of bigram events T = Σ (length + 1).
public struct BigramCounts: Sendable, Equatable {
  /// The symbols indexing rows and columns.
  public let vocabulary: Vocabulary
  /// N in row-major order: `counts[i * V + j]`.
  public private(set) var counts: [Int]

  /// An all-zero count matrix over `vocabulary`.
  public init(vocabulary: Vocabulary) {
    self.vocabulary = vocabulary
    counts = Array(repeating: 0, count: vocabulary.count * vocabulary.count)
  }

  /// Counts already tallied, N in row-major order over `vocabulary`.
  init(vocabulary: Vocabulary, counts: [Int]) {
    precondition(
      counts.count == vocabulary.count * vocabulary.count, "\(counts.count) counts for V = \(vocabulary.count)")
    self.vocabulary = vocabulary
    self.counts = counts
  }

  /// Counts the bigrams of every word of `corpus`, in `vocabulary` (by default the corpus's own).
  ///
  /// - Throws: ``VocabularyError`` when a word holds a character outside `vocabulary`.
  public init(corpus: Corpus, vocabulary: Vocabulary? = nil) throws(VocabularyError) {
    self.init(vocabulary: vocabulary ?? corpus.vocabulary)
    for word in corpus.words {
      add(chain: try self.vocabulary.encode(word))
    }
  }

  /// The number of symbols V.
  public var size: Int { vocabulary.count }

  /// Adds one to N[a, b] for every adjacent pair (a, b) of an encoded chain.
  public mutating func add(chain: [Int]) {
    let v = size
    counts.withUnsafeMutableBufferPointer { n in
      for position in 1..<chain.count {
        n[chain[position - 1] * v + chain[position]] += 1
      }
    }
  }

  /// Adds the counts of `other` (same vocabulary), e.g. to merge counts made in parallel.
  public mutating func merge(_ other: BigramCounts) {
    precondition(other.vocabulary == vocabulary, "merging counts of different vocabularies")
    for index in counts.indices { counts[index] += other.counts[index] }
  }

  /// N[i, j].
  public subscript(i: Int, j: Int) -> Int {
    counts[i * size + j]
  }

  /// N for two symbols, or nil when either is not in the vocabulary.
  public subscript(first: Unicode.Scalar, second: Unicode.Scalar) -> Int? {
    guard let i = vocabulary.index(of: first), let j = vocabulary.index(of: second) else { return nil }
    return self[i, j]
  }

  /// T, the total number of bigram events.
  public var total: Int { counts.reduce(0, +) }

  /// n_i = Σ_j N[i, j], how often each symbol is followed by anything.
  public var rowTotals: [Int] {
    let v = size
    return (0..<v).map { i in counts[(i * v)..<((i + 1) * v)].reduce(0, +) }
  }

  /// N as a V×V tensor of doubles.
  public var matrix: Tensor {
    Tensor(shape: [size, size], scalars: counts.map(Double.init))
  }

  /// The smoothed count model P(j | i) = (N_ij + α) / Σ_k (N_ik + α).
  ///
  /// With α = 0 a bigram never seen has probability 0 (and −log P = ∞); α = 1 is Laplace's
  /// add-one rule. A row with no counts and α = 0 is uniform, so every row sums to 1. As α → ∞ the
  /// model tends to the uniform one (NLL log V): where Σ_k (N_ik + α) would overflow (α = 10³⁰⁷),
  /// numerator and denominator are both divided by α first, (N_ij/α + 1) / Σ_k (N_ik/α + 1).
  ///
  /// - Precondition: α ≥ 0 and finite.
  public func probabilities(smoothing alpha: Double = 1) -> BigramProbabilities {
    precondition(alpha >= 0 && alpha.isFinite, "smoothing must be a finite α ≥ 0, got \(alpha)")
    let v = size
    var p = [Double](repeating: 0, count: v * v)
    for i in 0..<v {
      var scale = 1.0
      var rowTotal = 0.0
      for j in 0..<v { rowTotal += Double(counts[i * v + j]) + alpha }
      if rowTotal.isInfinite {
        scale = 1 / alpha
        rowTotal = 0
        for j in 0..<v { rowTotal += Double(counts[i * v + j]) * scale + 1 }
      }
      for j in 0..<v {
        let smoothed = scale == 1 ? Double(counts[i * v + j]) + alpha : Double(counts[i * v + j]) * scale + 1
        p[i * v + j] = rowTotal > 0 ? smoothed / rowTotal : 1 / Double(v)
      }
    }
    return BigramProbabilities(vocabulary: vocabulary, matrix: Tensor(shape: [v, v], scalars: p))
  }
}
