import Autodiff
import Foundation

/// A bigram language model as a table of conditional probabilities P(j | i), V×V, rows summing
/// to 1: what the count model and the trained neural softmax both come down to.
public struct BigramProbabilities: Sendable, Equatable {
  /// The symbols indexing rows and columns.
  public let vocabulary: Vocabulary
  /// P, V×V: row i is the distribution of the symbol that follows symbol i.
  public let matrix: Tensor
  /// log P, V×V, for a model that knows it better than log of `matrix`: a softmax's
  /// W_ij − log Σ_k e^{W_ik} stays finite where P underflows to 0 (logits 1e6 apart); nil for counts.
  public let logMatrix: Tensor?

  /// Creates a model from a V×V row-stochastic matrix and, optionally, its V×V logarithm.
  ///
  /// - Precondition: `matrix` (and `logMatrix`) is V×V for the vocabulary's V.
  public init(vocabulary: Vocabulary, matrix: Tensor, logMatrix: Tensor? = nil) {
    precondition(
      matrix.shape == [vocabulary.count, vocabulary.count] && (logMatrix?.shape ?? matrix.shape) == matrix.shape,
      "probabilities shape \(matrix.shape) (log \(logMatrix?.shape ?? [])) does not match a vocabulary of "
        + "\(vocabulary.count)")
    self.vocabulary = vocabulary
    self.matrix = matrix
    self.logMatrix = logMatrix
  }

  /// P(j | i).
  public subscript(i: Int, j: Int) -> Double { matrix[i, j] }

  /// log P(j | i): log of P where P > 0; where P is 0, the log matrix's finite value if the model
  /// has one (an underflow, not an impossibility), else −∞; never NaN.
  public func logProbability(_ i: Int, _ j: Int) -> Double {
    let probability = matrix[i, j]
    return probability > 0 ? log(probability) : logMatrix?[i, j] ?? -.infinity
  }

  /// The mean negative log-likelihood of `words` under the model, −(1/T) Σ log P(next | previous).
  ///
  /// - Throws: ``VocabularyError`` naming the first word with a character outside the vocabulary.
  public func negativeLogLikelihood<Words: Sequence>(of words: Words) throws(VocabularyError) -> Likelihood
  where Words.Element: StringProtocol {
    var result = Likelihood()
    for word in words {
      result.add(try score(word))
    }
    return result
  }

  /// The score of one word: its log-likelihood, summed and per bigram event (end token included).
  ///
  /// - Throws: ``VocabularyError`` when the word has a character outside the vocabulary.
  public func score<Word: StringProtocol>(_ word: Word) throws(VocabularyError) -> WordScore {
    let chain = try vocabulary.encode(word)
    var logLikelihood = 0.0
    var transitions: [WordScore.Transition] = []
    transitions.reserveCapacity(chain.count - 1)
    for (previous, next) in zip(chain, chain.dropFirst()) {
      // log(0) = −∞ is the honest answer for a bigram the model rules out; never NaN.
      let logProbability = self.logProbability(previous, next)
      logLikelihood += logProbability
      transitions.append(
        WordScore.Transition(
          bigram: vocabulary.displayName(of: previous) + vocabulary.displayName(of: next),
          probability: self[previous, next], logProbability: logProbability))
    }
    return WordScore(word: String(word), logLikelihood: logLikelihood, transitions: transitions)
  }
}

/// The likelihood of a list of words: total log-likelihood, event count and zero-probability events.
public struct Likelihood: Sendable, Equatable, Codable {
  /// Σ log P over every bigram event (−∞ when some event has probability 0).
  public private(set) var logLikelihood = 0.0
  /// T, the number of bigram events.
  public private(set) var events = 0
  /// The number of events the model gives probability 0 (each makes the NLL infinite).
  public private(set) var zeroProbabilityEvents = 0

  /// An empty tally.
  public init() {}

  /// A tally made elsewhere: Σ log P over `events` events, `zeroProbabilityEvents` of them impossible.
  public init(logLikelihood: Double, events: Int, zeroProbabilityEvents: Int) {
    self.logLikelihood = logLikelihood
    self.events = events
    self.zeroProbabilityEvents = zeroProbabilityEvents
  }

  /// Adds one word's score.
  public mutating func add(_ score: WordScore) {
    logLikelihood += score.logLikelihood
    events += score.events
    zeroProbabilityEvents += score.unseenBigrams.count
  }

  /// The mean negative log-likelihood −(1/T) Σ log P: +∞ when an event had probability 0,
  /// nil for no events.
  public var mean: Double? {
    // 0 − x, not −x: a model certain of every event has log-likelihood +0, whose NLL must print
    // as 0, not −0.
    events > 0 ? (0 - logLikelihood) / Double(events) : nil
  }

  /// The perplexity exp(NLL): the effective number of equally likely choices per symbol.
  public var perplexity: Double? {
    mean.map { exp($0) }
  }
}

/// How likely a model finds one word, bigram by bigram.
public struct WordScore: Sendable, Equatable, Codable {
  /// One step of the chain: a bigram and the probability the model gives it.
  public struct Transition: Sendable, Equatable, Codable {
    /// The two symbols, e.g. `.e` for a word starting with e.
    public let bigram: String
    /// P(second | first).
    public let probability: Double
    /// log P (−∞ when P = 0).
    public let logProbability: Double
  }

  /// The word scored.
  public let word: String
  /// Σ log P(next | previous) over its bigram chain (−∞ when a bigram has probability 0).
  public let logLikelihood: Double
  /// The chain's bigrams in order, start and end tokens included.
  public let transitions: [Transition]

  /// The number of bigram events: characters + 1.
  public var events: Int { transitions.count }

  /// The bigrams the model rules out (log P = −∞), e.g. `qz`, in order.
  public var unseenBigrams: [String] { transitions.filter { $0.logProbability == -.infinity }.map(\.bigram) }

  /// −log-likelihood per event (the word's mean NLL).
  public var meanNegativeLogLikelihood: Double { (0 - logLikelihood) / Double(events) }
}
