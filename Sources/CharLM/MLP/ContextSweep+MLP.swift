import Autodiff
import Foundation

extension ContextSweep {
  /// The sweep with, for each N ≥ 2 of it, an MLP with context N − 1 (the lecture's architecture
  /// otherwise: d = 10, H = 200, BatchNorm) trained on `train` for `options.steps` mini-batch
  /// updates and scored in evaluation mode on the three parts, so counts and neural sit side by
  /// side per context.
  ///
  /// - Throws: ``VocabularyError`` when a part has a symbol `vocabulary` lacks.
  public func addingMLPs(
    train: [String], dev: [String], test: [String]?, vocabulary: Vocabulary, options: TrainingOptions,
    onOrder: (Int) -> Void = { _ in }
  ) throws -> ContextSweep {
    var rows = self.rows
    let orders = Set(rows.map(\.order)).filter { $0 >= 2 }.sorted()
    for order in orders {
      onOrder(order)
      var configuration = MLPConfiguration()
      configuration.context = order - 1
      let data = try MLPDataSplits(
        vocabulary: vocabulary, train: train, dev: dev, test: test ?? [], context: configuration.context)
      guard data.train.count > 0 else { continue }
      var generator = SplitMix64(seed: options.seed)
      let model = MLPModel(configuration: configuration, vocabularySize: vocabulary.count, using: &generator)
      var trainer = MLPTrainer(model: model, data: data, options: options, evaluateEvery: max(1, options.steps))
      _ = try trainer.run()
      let trained = trainer.state.model
      func score(_ windows: ContextWindows, words: Int) -> NGramPartScore {
        let nll = windows.count > 0 ? trained.negativeLogLikelihood(of: windows) : nil
        return NGramPartScore(
          words: words, events: windows.count, nll: nll, perplexity: nll.map { Foundation.exp($0) },
          zeroProbabilityEvents: 0)
      }
      rows.append(
        Row(
          order: order, model: .mlp, smoothing: nil, train: score(data.train, words: train.count),
          dev: score(data.dev, words: dev.count), test: test.map { score(data.test, words: $0.count) }, ngrams: [],
          parameters: trained.parameterCount))
    }
    rows.sort {
      ($0.order, ModelKind.allCases.firstIndex(of: $0.model) ?? 0) < (
        $1.order, ModelKind.allCases.firstIndex(of: $1.model) ?? 0
      )
    }
    return ContextSweep(rows: rows, unseenDevShare: unseenDevShare)
  }
}

extension TrainingOptions {
  /// Lecture part 3's training of the MLP: SGD on mini-batches of 32, η = 0.1, then 0.01 after
  /// half of `steps`.
  public static func mlpLecture(steps: Int, seed: UInt64) -> TrainingOptions {
    var options = TrainingOptions()
    options.method = .sgd
    options.learningRate = 0.1
    options.steps = steps
    options.schedule = .step
    options.stepSize = max(1, steps / 2)
    options.gamma = 0.1
    options.batchSize = 32
    options.seed = seed
    return options
  }
}
