import Autodiff

/// Draws words from a ``ContextLanguageModel`` by inverse-CDF sampling, as ``Sampler`` does for
/// the bigram table: from the padded start, draw u ~ U[0, 1) and take the first symbol j whose
/// cumulative probability (the row renormalised, then reshaped by temperature and top-k exactly
/// as ``Sampler`` does) exceeds u, until the end symbol or ``maximumLength`` symbols.
/// The cumulative row of each context is computed once and kept.
public struct ContextSampler {
  /// The model sampled.
  public let model: any ContextLanguageModel
  /// The temperature T > 0.
  public let temperature: Double
  /// How many of the most likely symbols are kept per row, or nil for all.
  public let topK: Int?
  /// The most symbols a word may have before it is cut off (``Sampler/Draw/isCut``).
  public let maximumLength: Int
  private var rows: [[Int]: (cumulative: [Double], lastPositive: Int)] = [:]

  /// Prepares sampling from `model`.
  ///
  /// - Precondition: `temperature > 0` and finite, `topK ≥ 1`, `maximumLength` in
  ///   1…``Sampler/largestMaximumLength``.
  public init(
    model: any ContextLanguageModel, temperature: Double = 1, topK: Int? = nil,
    maximumLength: Int = Sampler.maximumLength
  ) {
    precondition(temperature > 0 && temperature.isFinite, "temperature must be positive, got \(temperature)")
    precondition(topK.map { $0 >= 1 } ?? true, "top-k must be at least 1")
    precondition(
      (1...Sampler.largestMaximumLength).contains(maximumLength), "maximum length \(maximumLength) is out of range")
    self.model = model
    self.temperature = temperature
    self.topK = topK
    self.maximumLength = maximumLength
  }

  private mutating func row(after context: [Int]) -> (cumulative: [Double], lastPositive: Int) {
    if let row = rows[context] { return row }
    let raw = model.distribution(after: context)
    let total = raw.reduce(0, +)
    let normalised = total > 0 ? raw.map { $0 / total } : raw
    let weights = Sampler.reshapedRow(normalised, temperature: temperature, topK: topK)
    var cumulative = [Double](repeating: 0, count: weights.count)
    var sum = 0.0
    var lastPositive = 0
    for (j, weight) in weights.enumerated() {
      sum += weight
      cumulative[j] = sum
      if weight > 0 { lastPositive = j }
    }
    rows[context] = (cumulative, lastPositive)
    return (cumulative, lastPositive)
  }

  /// One word, and whether it was cut off at ``maximumLength`` symbols.
  public mutating func draw(using generator: inout some RandomNumberGenerator) -> Sampler.Draw {
    var context = [Int](repeating: 0, count: model.contextLength)
    var symbols: [Int] = []
    for _ in 0..<maximumLength {
      let (cumulative, lastPositive) = row(after: context)
      let u = generator.nextDouble()
      // The first j with u < c_j; rounding can leave the last c a hair below u.
      let next = cumulative.firstIndex { u < $0 } ?? lastPositive
      if next == 0 { return Sampler.Draw(word: model.vocabulary.decode(symbols), isCut: false) }
      symbols.append(next)
      if !context.isEmpty {
        context.removeFirst()
        context.append(next)
      }
    }
    return Sampler.Draw(word: model.vocabulary.decode(symbols), isCut: true)
  }

  /// `count` words drawn one after another from the same generator.
  public mutating func draw(count: Int, using generator: inout some RandomNumberGenerator) -> [Sampler.Draw] {
    (0..<count).map { _ in draw(using: &generator) }
  }

  /// `count` words (cut off at ``maximumLength`` symbols; ``draw(count:using:)`` says which were).
  public mutating func sample(count: Int, using generator: inout some RandomNumberGenerator) -> [String] {
    draw(count: count, using: &generator).map(\.word)
  }
}
