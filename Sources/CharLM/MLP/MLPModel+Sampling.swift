import Autodiff
import Foundation

extension MLPModel {
  /// P(next | window) in evaluation mode, with temperature T (softmax of logits/T) and, when
  /// `topK` is set, all but the k largest probabilities zeroed and the rest renormalised.
  public func nextSymbolProbabilities(after window: [Int], temperature: Double = 1, topK: Int? = nil) -> [Double] {
    // exp((x − max x)/T): shifted before dividing, so a tiny T gives the greedy row rather than
    // x/T = ±∞ and ∞ − ∞ = NaN (issue 14, item 3, in the count model's sampler).
    let logits = evaluationLogits(contexts: window, rows: 1)
    let largest = logits.max() ?? 0
    var p = logits.map { Foundation.exp(($0 - largest) / temperature) }
    if let topK, topK < p.count {
      // The k largest survive; ties go to the lower index, so exactly k do.
      let ranked = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
      for j in ranked[topK...] { p[j] = 0 }
    }
    let total = p.reduce(0, +)
    return p.map { $0 / total }
  }

  /// Words drawn one symbol at a time from the seeded generator until the boundary symbol or
  /// `maximumLength` symbols (then the draw is marked cut), starting from a window of boundaries.
  public func sample(
    count: Int, vocabulary: Vocabulary, temperature: Double = 1, topK: Int? = nil,
    maximumLength: Int = Sampler.maximumLength, using generator: inout some RandomNumberGenerator
  ) -> [Sampler.Draw] {
    (0..<count).map { _ in
      var window = [Int](repeating: 0, count: configuration.context)
      var symbols: [Int] = []
      var ended = false
      while symbols.count < maximumLength {
        let p = nextSymbolProbabilities(after: window, temperature: temperature, topK: topK)
        var u = generator.nextDouble()
        var next = p.count - 1
        for (j, probability) in p.enumerated() {
          if u < probability {
            next = j
            break
          }
          u -= probability
        }
        // Rounding can leave u just above the last non-zero probability: take that symbol.
        if !(p[next] > 0), let last = p.lastIndex(where: { $0 > 0 }) { next = last }
        if next == 0 {
          ended = true
          break
        }
        symbols.append(next)
        window.removeFirst()
        window.append(next)
      }
      return Sampler.Draw(word: vocabulary.decode(symbols), isCut: !ended)
    }
  }

  /// How likely the model finds `word`, symbol by symbol: each transition is labelled with its
  /// window and the next symbol, e.g. `.em→m`.
  ///
  /// - Throws: ``VocabularyError`` for a symbol outside the vocabulary.
  public func score(_ word: String, vocabulary: Vocabulary) throws(VocabularyError) -> WordScore {
    let windows = try ContextWindows(words: [word], vocabulary: vocabulary, context: configuration.context)
    let logits = evaluationLogits(contexts: windows.contexts, rows: windows.count)
    let v = vocabularySize
    var transitions: [WordScore.Transition] = []
    var logLikelihood = 0.0
    for i in 0..<windows.count {
      let row = logits[(i * v)..<((i + 1) * v)]
      let (shift, logSum) = Self.shiftedLogSum(row)
      let logP = (row[row.startIndex + windows.targets[i]] - shift) - logSum
      logLikelihood += logP
      let window = windows.contexts[(i * windows.context)..<((i + 1) * windows.context)]
      transitions.append(
        WordScore.Transition(
          bigram: window.map { vocabulary.displayName(of: $0) }.joined() + "→"
            + vocabulary.displayName(of: windows.targets[i]),
          probability: Foundation.exp(logP), logProbability: logP))
    }
    return WordScore(word: word, logLikelihood: logLikelihood, transitions: transitions)
  }
}
