import Autodiff
import CharLM

/// Every figure of the seed's story on one corpus: statistics, counts, samples from the count
/// model and the trained net, ∇L at W = 0, gradient descent at several learning rates with the
/// stability bound, the optimizer race, the Taylor table, the gradient check, and the counts ↔ net
/// comparison.
///
/// The net is trained on the counts path (O(V²) a step), full batch from W = 0, minimising
/// L(W) = −(1/T) Σ_ij N_ij log softmax(W_i)_j + λ·mean(W²).
public struct BigramStory: Sendable {
  /// What to compute; the defaults tell the story on names.txt in about a second (release).
  public struct Options: Sendable, Equatable {
    /// The seed of both samplers (the same stream of uniform draws for the count model and the net).
    public var seed: UInt64 = 42
    /// How many words each model draws.
    public var sampleCount = 20
    /// λ of the penalty λ·mean(W²).
    public var l2 = 0.01
    /// The learning rate η of the trained net's gradient descent.
    public var learningRate = 50.0
    /// The number of updates that train the net.
    public var trainingSteps = 500
    /// The learning rates compared from W = 0: on names.txt with λ = 0.01 (measured by
    /// `Utilities/Reference/learning_rates.py`), 1 is too small, 50 good, 150 oscillates (stable at
    /// the start, above 2/λ_max near the optimum) and 500 diverges.
    public var studiedLearningRates: [Double] = [1, 50, 150, 500]
    /// The number of updates of each compared run.
    public var studySteps = 200
    /// The most updates each optimizer of the race makes (it stops at L* + 1e-6).
    public var raceSteps = OptimizerRace.defaultSteps
    /// Whether the page shows wall-clock times (the race's time to L* + 1e-6). Off by default, so
    /// two runs on the same input write the same bytes.
    public var showsTimings = false
    /// When set, the longer-contexts sweep also trains an MLP with context N − 1 for each N ≥ 2,
    /// for this many updates (`bigram report --mlp-steps`).
    public var contextMLPSteps: Int?

    /// The defaults.
    public init() {}
  }

  /// A sampled word and whether the corpus holds it.
  public struct Sample: Sendable, Equatable {
    /// The word (possibly empty: the model may end a word at once).
    public let word: String
    /// Whether the word occurs in the corpus.
    public let isInCorpus: Bool
    /// Whether the word was cut off at ``Sampler/maximumLength`` symbols before the model ended it.
    public var isCut = false
  }

  /// The most symbols a story is told for (the size above which ``Corpus`` warns): its heat maps
  /// draw V² cells and λ_max decomposes V blocks of V×V, O(V⁴).
  public static let largestVocabulary = Corpus.symbolWarningThreshold
  /// The vocabularies up to this size get the finite-difference gradient check over every entry
  /// of W, which costs O(V⁴); larger ones skip it.
  public static let largestCheckedVocabulary = 64
  /// The gradient check's one-hot path holds T×V matrices; above this many entries (200 MB each)
  /// it is skipped.
  public static let largestOneHotEntries = 25_000_000

  /// The settings used.
  public let options: Options
  /// The corpus's statistics.
  public let statistics: CorpusStatistics
  /// The counts N, the objective and the corpus, ready for training.
  public let data: TrainingData
  /// The count model P = (N + 1) / Σ(N + 1).
  public let countModel: BigramProbabilities
  /// The count model's likelihood of the corpus.
  public let countModelLikelihood: Likelihood
  /// ∂L/∂W at W = 0, V×V: (n_i/V − N_ij)/T (the penalty's gradient vanishes there).
  public let gradientAtZero: Tensor
  /// The trained net's history, one record per step.
  public let trainingHistory: TrainingHistory
  /// The trained net's W.
  public let trainedWeights: Tensor
  /// Words from the count model.
  public let countSamples: [Sample]
  /// Words from the trained net, drawn with the same seed.
  public let netSamples: [Sample]
  /// The minimiser W* and L* (Newton's method), which the sweep and the race measure gaps to.
  public let optimum: Optimum
  /// Gradient descent from W = 0 at the studied learning rates, with λ_max at W = 0 and at W*.
  public let sweep: LearningRateSweep
  /// GD, momentum, Nesterov, Adam, clipped GD and Newton from W = 0 to L* + 1e-6.
  public let race: OptimizerRace
  /// L(W + εD) against the linear model at W = 0, D = −∇L/‖∇L‖.
  public let taylor: TaylorVerification
  /// The analytic gradient against autodiff and finite differences at W = 0, or nil when V is
  /// above ``largestCheckedVocabulary`` or T·V above ``largestOneHotEntries``.
  public let gradientCheck: GradientVerification?
  /// The trained net against the unsmoothed count model (its λ = 0 optimum).
  public let unsmoothedComparison: ModelComparison
  /// The trained net against the add-one count model.
  public let addOneComparison: ModelComparison
  /// The count models for N = 1 … ``contextOrders`` on a seeded 80/10/10 split (longer contexts).
  public let contexts: ContextSweep
  /// The largest N in ``contexts``.
  public static let contextOrders = 6

  /// The corpus.
  public var corpus: Corpus { data.corpus }

  /// Computes the story of `corpus`.
  ///
  /// - Throws: ``BigramStoryError/tooManySymbols(source:count:limit:)`` above
  ///   ``largestVocabulary`` symbols; ``TrainingError`` if training the net fails (its line search
  ///   keeps the loss finite, so only a pathological corpus could make it); ``OptimumError`` if
  ///   Newton's method does not find W*.
  public init(corpus: Corpus, options: Options = Options()) throws {
    self.options = options
    statistics = corpus.statistics
    guard statistics.vocabularySize <= Self.largestVocabulary else {
      throw BigramStoryError.tooManySymbols(
        source: corpus.source, count: statistics.vocabularySize, limit: Self.largestVocabulary)
    }
    var trainingOptions = TrainingOptions()
    trainingOptions.learningRate = options.learningRate
    trainingOptions.steps = options.trainingSteps
    trainingOptions.l2 = options.l2
    // Backtracking only shortens a step that would not lower the loss, so the net trains on any
    // corpus, even one whose curvature makes η unstable.
    trainingOptions.lineSearch = true
    let data = try TrainingData(corpus: corpus, options: trainingOptions)
    self.data = data
    let v = data.counts.size
    let zeros = Tensor(zeros: [v, v])
    countModel = data.counts.probabilities(smoothing: 1)
    countModelLikelihood = try countModel.negativeLogLikelihood(of: corpus.words)
    gradientAtZero = data.objective.evaluate(at: zeros).gradient

    var trainer = data.trainer(options: trainingOptions, initialWeights: zeros)
    _ = try trainer.run()
    trainingHistory = trainer.state.history
    trainedWeights = trainer.state.weights

    let known = Set(corpus.words)
    func samples(from model: BigramProbabilities) -> [Sample] {
      var generator = SplitMix64(seed: options.seed)
      return Sampler(model: model).draw(count: options.sampleCount, using: &generator).map {
        Sample(word: $0.word, isInCorpus: known.contains($0.word), isCut: $0.isCut)
      }
    }
    countSamples = samples(from: countModel)
    netSamples = samples(from: SoftmaxBigram(vocabulary: data.counts.vocabulary, weights: trainedWeights).probabilities)

    optimum = try Optimum(objective: data.objective)
    sweep = LearningRateSweep(
      objective: data.objective, initialWeights: zeros, learningRates: options.studiedLearningRates,
      steps: options.studySteps, optimum: optimum)
    race = OptimizerRace(
      objective: data.objective, entrants: RaceEntrant.standard(l2: options.l2, steps: options.raceSteps),
      optimum: optimum)
    taylor = TaylorVerification(objective: data.objective, at: zeros)
    gradientCheck =
      v <= Self.largestCheckedVocabulary && data.counts.total * v <= Self.largestOneHotEntries
      ? GradientVerification(
        objective: data.objective, events: try BigramEvents(corpus: corpus, vocabulary: data.counts.vocabulary),
        at: zeros)
      : nil
    (unsmoothedComparison, addOneComparison) = data.bridge(weights: trainedWeights)
    let split = CorpusSplit(corpus: corpus, percentages: [80, 10, 10], seed: options.seed)
    let vocabulary = corpus.vocabulary
    let counted = try ContextSweep(maxOrder: Self.contextOrders) { order in
      (
        try NGramCounts(corpus: split.train, order: order, vocabulary: vocabulary),
        try NGramCounts(corpus: split.dev, order: order, vocabulary: vocabulary),
        try NGramCounts(corpus: split.test, order: order, vocabulary: vocabulary)
      )
    }
    contexts =
      try options.contextMLPSteps.map { steps in
        try counted.addingMLPs(
          train: split.train.words, dev: split.dev.words, test: split.test.words, vocabulary: vocabulary,
          options: .mlpLecture(steps: steps, seed: options.seed))
      } ?? counted
  }
}
