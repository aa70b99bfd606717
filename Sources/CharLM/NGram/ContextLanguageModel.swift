import Foundation

/// A character model that predicts the next symbol from the N − 1 symbols before it: the n-gram
/// count models, a model read from an ARPA file, and any later neural model with a fixed context.
///
/// A context is exactly ``contextLength`` symbol indices, oldest first; index 0 in a context is
/// the padding `<s>` (a word starts after N − 1 of them), and as a prediction it is the end `</s>`.
public protocol ContextLanguageModel: Sendable {
  /// The symbols, `.` first.
  var vocabulary: Vocabulary { get }
  /// N − 1, the symbols of context the model looks at.
  var contextLength: Int { get }
  /// P(symbol | context).
  func probability(of symbol: Int, after context: [Int]) -> Double
  /// P(· | context) over the V symbols.
  func distribution(after context: [Int]) -> [Double]
}

extension ContextLanguageModel {
  /// P(· | context) over the V symbols, one ``probability(of:after:)`` each.
  public func distribution(after context: [Int]) -> [Double] {
    (0..<vocabulary.count).map { probability(of: $0, after: context) }
  }

  /// The padded chain `.ᴺ⁻¹ w₁ … wₙ .` of a word as indices.
  ///
  /// - Throws: ``VocabularyError`` for a character outside the vocabulary.
  public func paddedChain<Word: StringProtocol>(_ word: Word) throws(VocabularyError) -> [Int] {
    Array(repeating: 0, count: Swift.max(contextLength - 1, 0)) + (try vocabulary.encode(word))
  }

  /// The score of one word: log P of each of its n + 1 events given the N − 1 symbols before it.
  ///
  /// - Throws: ``VocabularyError`` when the word has a character outside the vocabulary.
  public func score<Word: StringProtocol>(_ word: Word) throws(VocabularyError) -> WordScore {
    let chain = try paddedChain(word)
    let events = chain.count - 1 - Swift.max(contextLength - 1, 0)
    var logLikelihood = 0.0
    var transitions: [WordScore.Transition] = []
    for position in (chain.count - events)..<chain.count {
      let context = Array(chain[(position - contextLength)..<position])
      let symbol = chain[position]
      let probability = self.probability(of: symbol, after: context)
      let logProbability = probability > 0 ? Foundation.log(probability) : -.infinity
      logLikelihood += logProbability
      let name = context.map { vocabulary.displayName(of: $0) }.joined() + vocabulary.displayName(of: symbol)
      transitions.append(WordScore.Transition(bigram: name, probability: probability, logProbability: logProbability))
    }
    return WordScore(word: String(word), logLikelihood: logLikelihood, transitions: transitions)
  }

  /// The likelihood of `words`: −(1/T) Σ log P over their events.
  ///
  /// - Throws: ``VocabularyError`` naming the first word with a character outside the vocabulary.
  public func negativeLogLikelihood<Words: Sequence>(of words: Words) throws(VocabularyError) -> Likelihood
  where Words.Element: StringProtocol {
    var result = Likelihood()
    for word in words { result.add(try score(word)) }
    return result
  }

  /// The likelihood of the events counted in `counts` (order ≥ N, same vocabulary): each distinct
  /// n-gram g contributes c(g) · log P(last | the N − 1 before it), so the cost is the distinct
  /// n-grams, not the events.
  ///
  /// - Precondition: `counts.order > contextLength` and the vocabularies agree.
  public func negativeLogLikelihood(of counts: NGramCounts) -> Likelihood {
    precondition(
      counts.order > contextLength, "order-\(counts.order) counts cannot score \(contextLength) symbols of context")
    precondition(counts.vocabulary == vocabulary, "counts and model have different vocabularies")
    var logLikelihood = 0.0
    var zero = 0
    var events = 0
    for (key, count) in zip(counts.keys, counts.counts) {
      let symbols = counts.symbols(of: key, length: counts.order)
      let context = Array(symbols[(counts.order - 1 - contextLength)..<(counts.order - 1)])
      let probability = self.probability(of: symbols[counts.order - 1], after: context)
      if probability > 0 {
        logLikelihood += Double(count) * Foundation.log(probability)
      } else {
        logLikelihood = -.infinity
        zero += count
      }
      events += count
    }
    return Likelihood(logLikelihood: logLikelihood, events: events, zeroProbabilityEvents: zero)
  }
}
