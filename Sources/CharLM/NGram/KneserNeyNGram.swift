/// Interpolated modified Kneser-Ney (Chen & Goodman 1998) with KenLM's conventions.
///
/// For order k and context h (k − 1 symbols, h′ its suffix without the oldest symbol):
///
///     P_k(w | h) = max(a(hw) − D_k(a(hw)), 0) / Σ_x a(hx) + γ_k(h) · P_{k−1}(w | h′)
///     γ_k(h)     = (D_k1 N₁(h•) + D_k2 N₂(h•) + D_k3+ N₃₊(h•)) / Σ_x a(hx)
///     P_0(w)     = 1 / V
///
/// where N_j(h•) counts the symbols w with a(hw) = j (≥ 3 for N₃₊) and a context never seen at
/// order k leaves P_k = P_{k−1}. The adjusted count a(g) is the raw count at the top order N and
/// for an n-gram that starts with the padding `<s>` (nothing can precede it, as KenLM treats
/// `<s>`); below N it is otherwise the continuation count N₁₊(•g), the number of distinct symbols
/// seen before g. The discounts D_k come from order k's count-of-counts of adjusted counts
/// (``KneserNeyDiscounts``). Every distribution sums to 1.
public struct KneserNeyNGram: ContextLanguageModel {
  public let vocabulary: Vocabulary
  public let contextLength: Int
  /// D₁, D₂, D₃₊ for each order 1…N.
  public let discounts: [KneserNeyDiscounts]
  /// b, the bits a symbol takes in a key.
  public let bitsPerSymbol: Int
  /// For each order k (index k − 1): the discounted term max(a − D, 0) / Σ_x a(hx) of each
  /// k-gram seen, keyed by the packed k-gram.
  public let terms: [[UInt128: Double]]
  /// For each order k (index k − 1): γ_k(h) of each context seen, keyed by the packed k − 1 symbols.
  public let backoffs: [[UInt128: Double]]

  /// The model of `counts` (its order N and vocabulary).
  public init(counts: NGramCounts) {
    vocabulary = counts.vocabulary
    contextLength = counts.order - 1
    let bits = counts.bitsPerSymbol
    bitsPerSymbol = bits
    let n = counts.order
    var discounts: [KneserNeyDiscounts] = []
    var terms: [[UInt128: Double]] = []
    var backoffs: [[UInt128: Double]] = []
    for level in counts.levels {
      let k = level.order
      let adjusted = level.keys.indices.map { index in
        k == n || (k >= 2 && level.keys[index] >> UInt128((k - 1) * bits) == 0)
          ? level.raw[index] : level.continuation[index]
      }
      let discount = KneserNeyDiscounts(order: k, adjustedCounts: adjusted)
      var levelTerms: [UInt128: Double] = [:]
      var levelBackoffs: [UInt128: Double] = [:]
      levelTerms.reserveCapacity(level.keys.count)
      // Keys are sorted, so the n-grams of one context are adjacent.
      var start = 0
      while start < level.keys.count {
        let context = level.keys[start] >> UInt128(bits)
        var end = start
        var total = 0
        var discounted = 0.0
        while end < level.keys.count, level.keys[end] >> UInt128(bits) == context {
          total += adjusted[end]
          discounted += discount.discount(forCount: adjusted[end])
          end += 1
        }
        for index in start..<end {
          levelTerms[level.keys[index]] =
            Swift.max(Double(adjusted[index]) - discount.discount(forCount: adjusted[index]), 0) / Double(total)
        }
        levelBackoffs[context] = discounted / Double(total)
        start = end
      }
      discounts.append(discount)
      terms.append(levelTerms)
      backoffs.append(levelBackoffs)
    }
    self.discounts = discounts
    self.terms = terms
    self.backoffs = backoffs
  }

  public func probability(of symbol: Int, after context: [Int]) -> Double {
    precondition(context.count == contextLength, "a context of \(contextLength) symbols, got \(context.count)")
    return probability(of: symbol, after: context[...])
  }

  /// P_k(w | h) for k = h.count + 1 ≤ N: the model cut at order k (what an ARPA file lists for k-grams).
  public func probability(of symbol: Int, after context: ArraySlice<Int>) -> Double {
    precondition(context.count <= contextLength, "at most \(contextLength) symbols of context, got \(context.count)")
    let b = UInt128(bitsPerSymbol)
    let w = UInt128(symbol)
    var p = (terms[0][w] ?? 0) + (backoffs[0][0] ?? 1) / Double(vocabulary.count)
    var contextKey: UInt128 = 0
    // Orders 2…k, each context one symbol longer, read from the newest symbol back.
    for (length, previous) in context.reversed().enumerated() {
      contextKey |= UInt128(previous) << (UInt128(length) * b)
      guard let gamma = backoffs[length + 1][contextKey] else { continue }
      p = (terms[length + 1][contextKey << b | w] ?? 0) + gamma * p
    }
    return p
  }
}
