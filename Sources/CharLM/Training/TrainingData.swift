import Autodiff

/// A corpus prepared for training the softmax bigram: its vocabulary, counts, events and objective.
public struct TrainingData: Sendable {
  /// The training words.
  public let corpus: Corpus
  /// The counts N.
  public let counts: BigramCounts
  /// The events (built only when a tape path or mini-batches need them).
  public let events: BigramEvents?
  /// The loss.
  public let objective: BigramObjective

  /// Prepares `corpus` for `options` (its λ, and whether events are needed).
  ///
  /// - Throws: ``VocabularyError`` when `vocabulary` lacks a character of the corpus.
  public init(corpus: Corpus, options: TrainingOptions, vocabulary: Vocabulary? = nil) throws(VocabularyError) {
    try self.init(
      corpus: corpus, l2: options.l2, needsEvents: options.path != .counts || options.effectiveBatchSize != nil,
      vocabulary: vocabulary)
  }

  /// Prepares `corpus` for a run of `configuration`.
  ///
  /// - Throws: ``VocabularyError`` when `vocabulary` lacks a character of the corpus.
  public init(corpus: Corpus, configuration: TrainingConfiguration, vocabulary: Vocabulary? = nil)
    throws(VocabularyError)
  {
    try self.init(
      corpus: corpus, l2: configuration.l2,
      needsEvents: configuration.path != .counts || configuration.batchSize != nil, vocabulary: vocabulary)
  }

  /// Prepares `corpus` for the loss with penalty λ = `l2` (with the events when `needsEvents`: the
  /// tape paths and mini-batches): all a gradient check, a Taylor check, a sweep or a race needs.
  ///
  /// - Throws: ``VocabularyError`` when `vocabulary` lacks a character of the corpus.
  public init(corpus: Corpus, l2: Double, needsEvents: Bool = false, vocabulary: Vocabulary? = nil)
    throws(VocabularyError)
  {
    self.corpus = corpus
    counts = try BigramCounts(corpus: corpus, vocabulary: vocabulary)
    events = needsEvents ? try BigramEvents(corpus: corpus, vocabulary: counts.vocabulary) : nil
    objective = BigramObjective(counts: counts, l2: l2)
  }

  /// The trainer's view of this data for a run of `configuration`.
  public func trainingObjective(for configuration: TrainingConfiguration) -> BigramTrainingObjective {
    BigramTrainingObjective(objective, events: events, configuration: configuration)
  }

  /// A fingerprint of the training events: FNV-1a (64 bits) over every word's UTF-8 bytes, each
  /// followed by a newline, in corpus order. Two corpora with the same number of events but other
  /// words or another order (which changes the mini-batches) get different fingerprints.
  public var fingerprint: String { corpus.fingerprint }

  /// A trainer starting at `weights`.
  public func trainer(options: TrainingOptions, initialWeights weights: Tensor) -> Trainer {
    Trainer(objective: objective, events: events, options: options, initialWeights: weights)
  }

  /// The net's P̂ against the unsmoothed count model (its λ = 0 optimum) and the add-one model.
  public func bridge(weights: Tensor) -> (unsmoothed: ModelComparison, addOne: ModelComparison) {
    let net = SoftmaxBigram(vocabulary: counts.vocabulary, weights: weights).probabilities
    return (
      ModelComparison(model: net, reference: counts.probabilities(smoothing: 0), counts: counts),
      ModelComparison(model: net, reference: counts.probabilities(smoothing: 1), counts: counts)
    )
  }
}
