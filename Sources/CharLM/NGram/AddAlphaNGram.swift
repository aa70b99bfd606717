/// The add-α n-gram model P(w | h) = (c(hw) + α) / (c(h) + αV), h the N − 1 symbols before w and
/// c(h) = Σ_x c(hx); a context never seen (c(h) = 0 with α = 0) predicts the uniform 1/V.
///
/// At N = 2 this is ``BigramCounts/probabilities(smoothing:)``; α = 0 gives the raw relative
/// frequencies, under which an unseen n-gram has probability 0.
public struct AddAlphaNGram: ContextLanguageModel {
  public let vocabulary: Vocabulary
  public let contextLength: Int
  /// α ≥ 0.
  public let smoothing: Double
  private let bits: Int
  private let counts: [UInt128: Int]
  private let contextTotals: [UInt128: Int]

  /// The model of `counts` with pseudo-count α.
  ///
  /// - Precondition: α ≥ 0 and finite.
  public init(counts: NGramCounts, smoothing alpha: Double) {
    precondition(alpha >= 0 && alpha.isFinite, "smoothing must be a finite α ≥ 0, got \(alpha)")
    vocabulary = counts.vocabulary
    contextLength = counts.order - 1
    smoothing = alpha
    bits = counts.bitsPerSymbol
    var table: [UInt128: Int] = [:]
    var totals: [UInt128: Int] = [:]
    table.reserveCapacity(counts.keys.count)
    for (key, count) in zip(counts.keys, counts.counts) {
      table[key] = count
      totals[key >> UInt128(bits), default: 0] += count
    }
    self.counts = table
    contextTotals = totals
  }

  public func probability(of symbol: Int, after context: [Int]) -> Double {
    precondition(context.count == contextLength, "a context of \(contextLength) symbols, got \(context.count)")
    let contextKey = context.reduce(UInt128(0)) { $0 << UInt128(bits) | UInt128($1) }
    let v = Double(vocabulary.count)
    let contextTotal = Double(contextTotals[contextKey] ?? 0)
    let total = contextTotal + smoothing * v
    guard total > 0 else { return 1 / v }
    let count = Double(counts[contextKey << UInt128(bits) | UInt128(symbol)] ?? 0)
    // As α → ∞ the model tends to the uniform one: where c(h) + αV overflows (α = 10³⁰⁷), both
    // sides are divided by α first, (c/α + 1) / (c(h)/α + V), as BigramCounts does.
    guard total.isFinite else { return (count / smoothing + 1) / (contextTotal / smoothing + v) }
    return (count + smoothing) / total
  }
}
