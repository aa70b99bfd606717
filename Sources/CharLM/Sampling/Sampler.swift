import Autodiff
import Foundation

/// Draws words from a bigram model by inverse-CDF sampling over precomputed cumulative rows.
///
/// From the start token, repeatedly draw u ~ U[0, 1) and take the first symbol j whose
/// cumulative probability c_j = p_0 + … + p_j (summed left to right) exceeds u, until the end
/// token. Temperature T reshapes a row to p_j^(1/T) / Σ p_k^(1/T) (T < 1 sharpens, T > 1
/// flattens); top-k keeps the k most likely symbols (ties to the lower index) and renormalises.
/// This is the algorithm the reference script `Utilities/Reference/bigram_counts.py` repeats,
/// so a seed gives the same words everywhere.
public struct Sampler: Sendable {
  /// The default longest word drawn before the walk is cut off (a model could in principle loop).
  public static let maximumLength = 256
  /// The largest cut-off accepted.
  public static let largestMaximumLength = 100_000

  /// One drawn word and whether it was cut off at ``maximumLength`` symbols before the model
  /// ended it.
  public struct Draw: Sendable, Equatable {
    /// The word (possibly empty: the model may end a word at once).
    public let word: String
    /// Whether the walk reached the cut-off instead of the end token.
    public let isCut: Bool
  }

  /// The model's symbols.
  public let vocabulary: Vocabulary
  /// The temperature T > 0 applied to every row.
  public let temperature: Double
  /// How many of the most likely symbols are kept per row, or nil for all.
  public let topK: Int?
  /// The most symbols a word gets before the walk is cut off.
  public let maximumLength: Int
  // V×V cumulative sums of the reshaped rows, and the last symbol of positive weight per row.
  private let cumulative: [Double]
  private let lastPositive: [Int]
  // The UTF-8 bytes of each symbol (none for the boundary), so a word is built as bytes.
  private let utf8: [[UInt8]]

  /// Prepares sampling from `model`.
  ///
  /// - Precondition: `temperature > 0` and finite, `topK ≥ 1`, `maximumLength` in
  ///   1…``largestMaximumLength`` (the CLI validates them).
  public init(
    model: BigramProbabilities, temperature: Double = 1, topK: Int? = nil, maximumLength: Int = Sampler.maximumLength
  ) {
    precondition(temperature > 0 && temperature.isFinite, "temperature must be positive, got \(temperature)")
    precondition(topK.map { $0 >= 1 } ?? true, "top-k must be at least 1")
    precondition(
      (1...Self.largestMaximumLength).contains(maximumLength), "maximum length \(maximumLength) is out of range")
    self.maximumLength = maximumLength
    vocabulary = model.vocabulary
    self.temperature = temperature
    self.topK = topK
    let v = model.vocabulary.count
    var cumulative = [Double](repeating: 0, count: v * v)
    var lastPositive = [Int](repeating: 0, count: v)
    for i in 0..<v {
      let weights = Self.reshapedRow(model.matrix.row(i), temperature: temperature, topK: topK)
      var sum = 0.0
      for j in 0..<v {
        sum += weights[j]
        cumulative[i * v + j] = sum
        if weights[j] > 0 { lastPositive[i] = j }
      }
    }
    self.cumulative = cumulative
    self.lastPositive = lastPositive
    utf8 = model.vocabulary.symbols.enumerated().map { index, symbol in index == 0 ? [] : Array(String(symbol).utf8) }
  }

  /// The row after temperature and top-k, normalised; the row itself when neither applies.
  ///
  /// w_j = exp((log p_j − max_k log p_k)/T): the shift cancels in w_j / Σw but keeps the largest
  /// weight at exp(0) = 1, so every T > 0 is honoured down to greedy. Without it, exp(log p/T)
  /// underflows to 0 for every j once T is below about 0.005 and the row would have no weights.
  static func reshapedRow(_ row: [Double], temperature: Double, topK: Int?) -> [Double] {
    if temperature == 1 && topK == nil { return row }
    let top = row.lazy.filter { $0 > 0 }.map { log($0) }.max() ?? 0
    var weights = row.map { p in p > 0 ? (temperature == 1 ? p : exp((log(p) - top) / temperature)) : 0 }
    if let k = topK, k < row.count {
      // Stable order: larger first, ties to the lower index.
      let kept = Set(row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(k))
      for j in weights.indices where !kept.contains(j) { weights[j] = 0 }
    }
    // The largest weight is exactly 1 (and top-k keeps it), so a row with any mass has total ≥ 1;
    // only an all-zero row (a symbol never followed) has nothing to normalise.
    let total = weights.reduce(0, +)
    guard total > 0 else { return row }
    return weights.map { $0 / total }
  }

  /// The index of the symbol drawn after `previous` for a uniform draw `u` in [0, 1): the first
  /// j with u < c_j, i.e. the number of c_j ≤ u, as the cumulative row is non-decreasing.
  @inline(__always)
  func nextSymbol(after previous: Int, u: Double) -> Int {
    let v = vocabulary.count
    // Branch-free binary search (the comparison picks the half by a conditional move): each of
    // the ~log₂V halvings would otherwise be a coin-flip branch the processor mispredicts.
    let found = cumulative.withUnsafeBufferPointer { buffer in
      let c = UnsafeBufferPointer(rebasing: buffer[(previous * v)..<((previous + 1) * v)])
      var low = 0
      var length = v
      while length > 1 {
        let half = length / 2
        low = c[low &+ half] <= u ? low &+ half : low
        length &-= half
      }
      return low &+ (c[low] <= u ? 1 : 0)
    }
    // Rounding can leave the last cumulative value a hair below u: take the last possible symbol.
    return found < v ? found : lastPositive[previous]
  }

  /// One word's symbol indices, without boundary tokens.
  public func sampleIndices(using generator: inout some RandomNumberGenerator) -> [Int] {
    var indices: [Int] = []
    _ = walk(using: &generator) { indices.append($0) }
    return indices
  }

  /// Walks one word from the start token, calling `body` with each symbol drawn until the end
  /// token (or ``maximumLength`` symbols); true when it was cut off there.
  @inline(__always)
  private func walk(using generator: inout some RandomNumberGenerator, _ body: (Int) -> Void) -> Bool {
    var previous = 0
    for _ in 0..<maximumLength {
      let next = nextSymbol(after: previous, u: generator.nextDouble())
      if next == 0 { return false }
      body(next)
      previous = next
    }
    return true
  }

  /// One word, and whether it was cut off at ``maximumLength`` symbols.
  public func draw(using generator: inout some RandomNumberGenerator) -> Draw {
    // The word's UTF-8 bytes go into a stack buffer, then become a String in one step.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength * 4) { buffer in
      var length = 0
      let isCut = walk(using: &generator) { symbol in
        for byte in utf8[symbol] {
          buffer[length] = byte
          length += 1
        }
      }
      return Draw(
        word: String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self), isCut: isCut)
    }
  }

  /// One word (cut off at ``maximumLength`` symbols; ``draw(using:)`` says whether it was).
  public func sample(using generator: inout some RandomNumberGenerator) -> String {
    draw(using: &generator).word
  }

  /// `count` words drawn one after another from the same generator.
  public func sample(count: Int, using generator: inout some RandomNumberGenerator) -> [String] {
    (0..<count).map { _ in sample(using: &generator) }
  }

  /// `count` draws one after another from the same generator.
  public func draw(count: Int, using generator: inout some RandomNumberGenerator) -> [Draw] {
    (0..<count).map { _ in draw(using: &generator) }
  }
}
