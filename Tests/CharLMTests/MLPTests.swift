import Autodiff
import Foundation
import Testing

@testable import CharLM

@Suite struct MLPTests {
  static let words = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn", "abigail"]
  static var vocabulary: Vocabulary { Vocabulary(words: words) }

  static func configuration(
    context: Int = 3, embedding: Int = 4, hidden: Int = 6, layers: Int = 1, batchNorm: Bool = true,
    hierarchical: Bool = false, direct: Bool = false
  ) -> MLPConfiguration {
    var configuration = MLPConfiguration()
    configuration.context = context
    configuration.embedding = embedding
    configuration.hidden = hidden
    configuration.layers = layers
    configuration.batchNorm = batchNorm
    configuration.hierarchical = hierarchical
    configuration.direct = direct
    return configuration
  }

  @Test func windowsAreTheLecturesBuildDataset() throws {
    let windows = try ContextWindows(words: ["emma", "ava"], vocabulary: Self.vocabulary, context: 3)
    // len + 1 events per word, no event for the leading boundary.
    #expect(windows.count == 5 + 4)
    let v = Self.vocabulary
    func index(_ symbol: Unicode.Scalar) -> Int { v.index(of: symbol) ?? -1 }
    let (e, m, a) = (index("e"), index("m"), index("a"))
    #expect(Array(windows.contexts[0..<15]) == [0, 0, 0, 0, 0, e, 0, e, m, e, m, m, m, m, a])
    #expect(Array(windows.targets[0..<5]) == [e, m, m, a, 0])
  }

  /// Every tensor of the whole model against central differences, several architectures and seeds:
  /// at h = 1e-5 the round-off of a difference of O(1) losses is ~1e-11/1e-5 ≈ 1e-11 absolute.
  @Test(arguments: [
    configuration(), configuration(batchNorm: false), configuration(layers: 2),
    configuration(context: 4, hierarchical: true, direct: true), configuration(context: 2, direct: true),
    configuration(context: 8, embedding: 3, hidden: 5, hierarchical: true),
  ])
  func wholeModelGradientMatchesFiniteDifferences(configuration: MLPConfiguration) throws {
    let windows = try ContextWindows(words: Self.words, vocabulary: Self.vocabulary, context: configuration.context)
    for seed: UInt64 in [1, 2] {
      var generator = SplitMix64(seed: seed)
      let model = MLPModel(configuration: configuration, vocabularySize: Self.vocabulary.count, using: &generator)
      let rows = (0..<12).map { _ in generator.nextInt(below: windows.count) }
      let check = MLPGradientCheck(model: model, windows: windows, rows: rows)
      #expect(check.tensors.map(\.name) == model.parameterNames)
      for entry in check.tensors {
        #expect(entry.maxAbsError < 1e-9, "\(entry.name): \(entry.maxAbsError)")
      }
    }
  }

  /// Without BatchNorm, evaluation and training mode are the same function: the plain-loop
  /// evaluation NLL must equal the tape's loss on the same windows.
  @Test func evaluationModeEqualsTheTapeWithoutBatchNorm() throws {
    for configuration in [
      Self.configuration(batchNorm: false),
      Self.configuration(context: 4, batchNorm: false, hierarchical: true, direct: true),
    ] {
      let windows = try ContextWindows(words: Self.words, vocabulary: Self.vocabulary, context: configuration.context)
      var generator = SplitMix64(seed: 9)
      let model = MLPModel(configuration: configuration, vocabularySize: Self.vocabulary.count, using: &generator)
      let all = Array(0..<windows.count)
      let (contexts, targets) = windows.batch(all)
      let tape = model.loss(at: model.parameters, contexts: contexts, targets: targets)
      #expect(abs(model.negativeLogLikelihood(of: windows) - tape) < 1e-12)
    }
  }

  @Test func initializationFollowsTheLecture() {
    var generator = SplitMix64(seed: 1)
    let model = MLPModel(configuration: Self.configuration(), vocabularySize: 27, using: &generator)
    #expect(model.parameterNames == ["C", "W1", "γ1", "β1", "W_out", "b_out"])
    #expect(model.parameters.map(\.shape) == [[27, 4], [12, 6], [6], [6], [6, 27], [27]])
    #expect(model.parameters[2].scalars.allSatisfy { $0 == 1 } && model.parameters[3].scalars.allSatisfy { $0 == 0 })
    #expect(model.parameters[5].scalars.allSatisfy { $0 == 0 })
    // A nearly uniform prediction at the start: the output layer is scaled by 0.1.
    #expect(model.runningMean == [[Double](repeating: 0, count: 6)])
    #expect(model.runningVariance == [[Double](repeating: 1, count: 6)])
  }

  @Test func configurationProblems() {
    #expect(Self.configuration(context: 0).problem != nil)
    #expect(Self.configuration(context: 6, hierarchical: true).problem?.contains("power of 2") == true)
    #expect(Self.configuration(hidden: 0).problem != nil)
    #expect(Self.configuration(context: 8, hierarchical: true).problem == nil)
  }

  private func data(context: Int) throws -> MLPDataSplits {
    let split = CorpusSplit(corpus: .builtIn, percentages: [80, 10, 10], seed: 1)
    return try MLPDataSplits(
      vocabulary: Corpus.builtIn.vocabulary, train: Array(split.train.words.prefix(400)),
      dev: Array(split.dev.words.prefix(100)), test: Array(split.test.words.prefix(100)), context: context)
  }

  private func options(method: TrainingOptions.Method = .momentum, steps: Int = 60) -> TrainingOptions {
    var options = TrainingOptions()
    options.method = method
    options.learningRate = method == .adam ? 0.01 : 0.05
    options.steps = steps
    options.batchSize = 8
    options.schedule = .step
    options.stepSize = 30
    options.gamma = 0.1
    options.clipNorm = 5
    options.seed = 3
    return options
  }

  /// Interrupted at step 25, saved, read back and resumed: the same model, optimizer state,
  /// generator, history and evaluations as a run that never stopped.
  @Test(arguments: [TrainingOptions.Method.momentum, .adam])
  func resumesBitForBit(method: TrainingOptions.Method) throws {
    let data = try data(context: 3)
    var generator = SplitMix64(seed: 4)
    let model = MLPModel(configuration: Self.configuration(), vocabularySize: data.vocabulary.count, using: &generator)
    var straight = MLPTrainer(model: model, data: data, options: options(method: method), evaluateEvery: 20)
    #expect(try straight.run() == .completed)

    var first = MLPTrainer(model: model, data: data, options: options(method: method), evaluateEvery: 20)
    var steps = 0
    #expect(
      try first.run(shouldStop: {
        steps += 1
        return steps > 25
      }) == .interrupted)
    let saved = MLPCheckpoint(
      vocabulary: data.vocabulary, options: first.options, evaluateEvery: 20, state: first.state,
      data: .init(train: "t", dev: nil, test: nil, split: [80, 10, 10], splitSeed: 1), fingerprint: data.fingerprint)
    let loaded = try MLPCheckpoint(decoding: try saved.encoded(), source: "x")
    #expect(loaded == saved)
    var resumed = MLPTrainer(resuming: loaded.state, data: data, options: loaded.options, evaluateEvery: 20)
    #expect(try resumed.run() == .completed)
    #expect(resumed.state == straight.state)
    #expect(straight.state.evaluations.map(\.step) == [0, 20, 40, 60])
    #expect(straight.state.history.count == 60)
  }

  @Test func trainingLowersTheDevNLLAndKeepsTheBest() throws {
    let data = try data(context: 3)
    var generator = SplitMix64(seed: 4)
    let model = MLPModel(configuration: Self.configuration(), vocabularySize: data.vocabulary.count, using: &generator)
    var adam = options(method: .adam, steps: 300)
    adam.schedule = .constant
    var trainer = MLPTrainer(model: model, data: data, options: adam, evaluateEvery: 100)
    _ = try trainer.run()
    let evaluations = trainer.state.evaluations
    let first = try #require(evaluations.first?.dev)
    let last = try #require(evaluations.last?.dev)
    #expect(first > 3.2 && last < first - 0.5)
    let best = try #require(trainer.state.bestEvaluation?.dev)
    #expect(best == evaluations.compactMap(\.dev).min())
    #expect(trainer.state.best?.negativeLogLikelihood(of: data.dev) == best)
  }

  @Test func checkpointRefusesDamageAndOtherKinds() throws {
    let data = try data(context: 2)
    var generator = SplitMix64(seed: 4)
    let model = MLPModel(
      configuration: Self.configuration(context: 2), vocabularySize: data.vocabulary.count, using: &generator)
    let trainer = MLPTrainer(model: model, data: data, options: options(), evaluateEvery: 20)
    let checkpoint = MLPCheckpoint(
      vocabulary: data.vocabulary, options: trainer.options, evaluateEvery: 20, state: trainer.state,
      data: .init(train: "t", dev: nil, test: nil, split: nil, splitSeed: nil), fingerprint: data.fingerprint)
    var bytes = try checkpoint.encoded()
    #expect(throws: CheckpointError.otherModelKind(path: "x", found: "mlp", expected: "softmax")) {
      try Checkpoint(decoding: bytes, source: "x")
    }
    bytes[bytes.count - 5] ^= 1
    #expect(throws: CheckpointError.checksumMismatch(path: "x")) { try MLPCheckpoint(decoding: bytes, source: "x") }
    #expect(throws: CheckpointError.self) { try MLPCheckpoint(decoding: bytes.prefix(bytes.count - 3), source: "x") }
  }

  @Test func samplingIsSeededAndEndsAtTheBoundary() {
    var generator = SplitMix64(seed: 1)
    let model = MLPModel(configuration: Self.configuration(), vocabularySize: Self.vocabulary.count, using: &generator)
    var a = SplitMix64(seed: 7)
    var b = SplitMix64(seed: 7)
    let first = model.sample(count: 5, vocabulary: Self.vocabulary, using: &a)
    #expect(first == model.sample(count: 5, vocabulary: Self.vocabulary, using: &b))
    let p = model.nextSymbolProbabilities(after: [0, 0, 0], temperature: 0.7, topK: 3)
    #expect(p.filter { $0 > 0 }.count == 3)
    #expect(abs(p.reduce(0, +) - 1) < 1e-12)
    // Every T > 0 down to greedy (logits/T was ±∞ at T = 1e-300, and ∞ − ∞ made the row NaN).
    let plain = model.nextSymbolProbabilities(after: [0, 0, 0])
    let top = plain.indices.max { plain[$0] < plain[$1] } ?? 0
    for temperature in [1e-10, 1e-300, Double.leastNonzeroMagnitude] {
      let greedy = model.nextSymbolProbabilities(after: [0, 0, 0], temperature: temperature)
      #expect(greedy == plain.indices.map { $0 == top ? 1 : 0 }, "T = \(temperature): \(greedy)")
    }
  }
}

@Suite struct EmbeddingProjectionTests {
  /// Rows on a line in 4-D: the first principal axis carries all the variance, and the
  /// projection keeps the rows' distances along it.
  @Test func projectsOntoThePrincipalAxes() {
    let direction = [1.0, 2, -2, 4].map { $0 / 5 }
    let offsets = [-2.0, -1, 0, 0.5, 3]
    let rows = offsets.map { t in direction.map { t * $0 + 1 } }
    let projection = EmbeddingProjection(embeddings: Tensor(rows: rows))
    #expect(projection.isProjected)
    #expect(abs(projection.explainedVariance.0 - 1) < 1e-12)
    #expect(abs(projection.explainedVariance.1) < 1e-12)
    let mean = offsets.reduce(0, +) / Double(offsets.count)
    for (point, t) in zip(projection.points, offsets) {
      #expect(abs(abs(point.x) - abs(t - mean)) < 1e-12)
      #expect(abs(point.y) < 1e-12)
    }
  }

  @Test func twoDimensionsArePlottedAsTheyAre() {
    let projection = EmbeddingProjection(embeddings: Tensor(rows: [[1, 2], [3, 4]]))
    #expect(!projection.isProjected)
    #expect(projection.points.map(\.x) == [1, 3] && projection.points.map(\.y) == [2, 4])
  }
}
