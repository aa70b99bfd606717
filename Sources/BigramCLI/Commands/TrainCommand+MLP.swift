import ArgumentParser
import Autodiff
import CharLM
import Foundation
import Reports

/// `bigram train --model mlp`: the data, the run and its report.
extension TrainCommand {
  /// The MLP's default number of updates (lecture part 3).
  static let mlpDefaultSteps = 200_000

  /// Refuses what the MLP cannot use, with the reason.
  func validateMLP() throws {
    let options = optimizerOptions
    if options.optimizer == .newton {
      throw ValidationError(
        "--optimizer newton needs the bigram's Hessian; the MLP trains with gd/sgd/momentum/nesterov/adam/adamw")
    }
    if let path = options.path, path != .counts {
      throw ValidationError("--path is the softmax bigram's; the MLP has one path")
    }
    if options.lineSearch != nil { throw ValidationError("--line-search is for full-batch gd and newton, not the MLP") }
    if options.damping != nil {
      throw ValidationError("--damping is Newton's; the MLP trains with first-order methods")
    }
    if weightOptions.typedL2 != nil {
      throw ValidationError("--l2 is the softmax bigram's penalty; use --weight-decay with the MLP")
    }
    if weightOptions.typedInitialization != nil {
      throw ValidationError(
        "--init sets the softmax bigram's W; the MLP is initialized as the lecture does, from --seed")
    }
    if saveNumPy != nil {
      throw ValidationError("--save-npy writes the softmax bigram's W; the MLP's tensors are in -o DIR")
    }
    if corpusOptions.input != nil, mlpOptions.trainFile != nil {
      throw ValidationError("give either -i FILE (split by --split) or --train/--dev/--test, not both")
    }
    // Ranges are checked where every run's are (NaN and ±∞ included).
    do {
      _ = try mlpTrainingOptions().configuration()
    } catch {
      throw ValidationError(OptimizerOptions.message(error))
    }
    let batchSize = options.batchSize ?? 32
    if mlpOptions.configuration.batchNorm, batchSize < 2 {
      throw ValidationError(
        "BatchNorm needs mini-batches of at least 2 windows; raise --batch-size or add --no-batch-norm")
    }
  }

  /// The library's options of a new MLP run: the lecture's SGD, η = 0.1, divided by 10 after
  /// half of the steps, unless flags say otherwise.
  private func mlpTrainingOptions() -> TrainingOptions {
    var options = optimizerOptions.trainingOptions(l2: 0, seed: seedOptions.seed)
    if (optimizerOptions.optimizer ?? .gd) == .gd { options.method = .sgd }
    options.steps = optimizerOptions.steps ?? Self.mlpDefaultSteps
    options.learningRate = optimizerOptions.learningRate ?? (options.method.isAdam ? 0.001 : 0.1)
    if optimizerOptions.schedule == nil {
      options.schedule = .step
      options.stepSize = max(1, options.steps / 2)
      options.gamma = 0.1
    }
    options.batchSize = optimizerOptions.batchSize ?? 32
    return options
  }

  /// Reads the words and builds the three sets of windows; the data's description for the checkpoint.
  private func mlpData(context: Int, from saved: MLPCheckpoint.DataSource? = nil) throws -> (
    MLPDataSplits, MLPCheckpoint.DataSource
  ) {
    let trainFile = mlpOptions.trainFile ?? saved.flatMap { $0.split == nil ? $0.train : nil }
    if let trainFile {
      let devFile = mlpOptions.devFile ?? saved?.dev
      let testFile = mlpOptions.testFile ?? saved?.test
      let train = try Corpus(contentsOfFile: trainFile)
      let dev = try devFile.map { try Corpus(contentsOfFile: $0) }
      let test = try testFile.map { try Corpus(contentsOfFile: $0) }
      let all = train.words + (dev?.words ?? []) + (test?.words ?? [])
      let data = try MLPDataSplits(
        vocabulary: Vocabulary(words: all), train: train.words, dev: dev?.words ?? [], test: test?.words ?? [],
        context: context)
      let source = MLPCheckpoint.DataSource(
        train: Self.absolute(trainFile), dev: devFile.map(Self.absolute), test: testFile.map(Self.absolute),
        split: nil, splitSeed: nil)
      return (data, source)
    }
    let corpus: Corpus
    if corpusOptions.input == nil, let saved, saved.train != Corpus.builtIn.source {
      corpus = try Corpus(contentsOfFile: saved.train)
    } else {
      corpus = try corpusOptions.load()
    }
    let percentages = try saved?.split ?? mlpOptions.percentages()
    let seed = saved?.splitSeed ?? mlpOptions.splitSeed ?? 42
    let split = CorpusSplit(corpus: corpus, percentages: percentages, seed: seed)
    guard !split.train.words.isEmpty else {
      throw CommandFailure(message: "\(corpus.source): no training words after the \(percentages) split", exitCode: 65)
    }
    let data = try MLPDataSplits(
      vocabulary: corpus.vocabulary, train: split.train.words, dev: split.dev.words, test: split.test.words,
      context: context)
    let source = MLPCheckpoint.DataSource(
      train: corpusOptions.input.map(Self.absolute) ?? corpus.source, dev: nil, test: nil, split: percentages,
      splitSeed: seed)
    return (data, source)
  }

  private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

  /// A new run, or the one saved in `--resume DIR`.
  private func prepareMLP() throws -> (MLPTrainer, MLPCheckpoint.DataSource) {
    if let resume {
      let checkpoint = try WorkDirectory(path: resume).loadMLPCheckpoint()
      if let flag = mlpOptions.givenFlags.first(where: { !["--train", "--dev", "--test"].contains($0) }) {
        throw ValidationError("\(flag) cannot change a resumed run (its settings are in \(resume))")
      }
      var options = checkpoint.options
      if let steps = optimizerOptions.steps, ![.cosine, .warmupCosine, .oneCycle].contains(options.schedule) {
        options.steps = max(options.steps, steps)
      }
      let (data, source) = try mlpData(context: checkpoint.state.model.configuration.context, from: checkpoint.data)
      guard data.fingerprint == checkpoint.fingerprint, data.vocabulary == checkpoint.vocabulary else {
        throw CommandFailure(
          message: "the data differs from the data the run in \(resume) was trained on (fingerprint "
            + "\(data.fingerprint) vs \(checkpoint.fingerprint)); resume with the same files", exitCode: 65)
      }
      let trainer = MLPTrainer(
        resuming: checkpoint.state, data: data, options: options, evaluateEvery: checkpoint.evaluateEvery)
      return (trainer, source)
    }
    let configuration = mlpOptions.configuration
    let (data, source) = try mlpData(context: configuration.context)
    // The weights, their gradients and the optimizer's state, with the tape's copies: about seven
    // doubles per parameter (measured: 203 MB peak for 3.3 M parameters, context 8, d = 100,
    // H = 4000; the largest accepted configuration has 4·10⁹).
    let parameters = MLPModel.parameterCount(configuration: configuration, vocabularySize: data.vocabulary.count)
    try ResourceBudget.requireMemory(
      7 * 8 * parameters, for: "an MLP of \(String(format: "%.3g", parameters)) parameters",
      hint: "choose a smaller --context, --embedding, --hidden or --layers")
    var generator = SplitMix64(seed: seedOptions.seed)
    let model = MLPModel(configuration: configuration, vocabularySize: data.vocabulary.count, using: &generator)
    let trainer = MLPTrainer(
      model: model, data: data, options: mlpTrainingOptions(), evaluateEvery: mlpOptions.evalEvery ?? 10_000)
    return (trainer, source)
  }

  /// Trains, saves and reports an MLP run.
  func runMLP() throws {
    let (trainer, source) = try prepareMLP()
    let workDirectory = self.workDirectory ?? resume
    var session = trainer
    let interruption = Interruption()
    defer { interruption.stop() }
    var progress = ProgressBar(total: session.options.steps, label: "training mlp", quiet: quiet)
    let clock = ContinuousClock()
    let start = clock.now
    var failure: TrainingError?
    let steps = session.options.steps
    do {
      _ = try session.run(shouldStop: { interruption.receivedSignal != nil }) { record, evaluation in
        let dev = evaluation?.dev.map { " dev \(Format.fixed($0, digits: 4))" } ?? ""
        progress.update(
          record.map { $0.step + 1 } ?? steps,
          detail: "loss \(Format.fixed(record?.loss ?? .nan, digits: 4))\(dev)")
      }
    } catch {
      failure = error
    }
    let seconds = (clock.now - start).seconds
    progress.finish()
    let checkpoint = MLPCheckpoint(
      vocabulary: session.data.vocabulary, options: session.options, evaluateEvery: session.evaluateEvery,
      state: session.state, data: source, fingerprint: session.data.fingerprint)
    if let workDirectory { try WorkDirectory(path: workDirectory).save(checkpoint) }
    if let failure {
      let kept = workDirectory.map { " (last finite state saved in \($0))" } ?? ""
      throw CommandFailure(message: failure.description + kept, exitCode: 1)
    }
    if session.state.stopReason == .interrupted {
      let place = workDirectory ?? "(no -o DIR given, so nothing was saved)"
      FileHandle.standardError.write(
        Data(
          ("bigram: interrupted after step \(session.state.step); checkpoint in \(place); "
            + "resume with: bigram train --resume \(workDirectory ?? "DIR")\n").utf8))
      throw ExitCode(interruption.exitCode)
    }
    let report = MLPTrainReport(
      session: session, seconds: seconds,
      // As for the bigram net: about ten rows in the table by default, every record in the JSON.
      logEvery: logEvery ?? (output.json ? 1 : max(1, session.state.history.count / 10)),
      workDirectory: workDirectory)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}

extension TrainingOptions.Method {
  /// Adam or AdamW.
  var isAdam: Bool { self == .adam || self == .adamw }
}

/// What `bigram train --model mlp` prints.
struct MLPTrainReport: Encodable {
  struct Final: Encodable {
    let step: Int
    let train: Double
    let dev: Double?
    let test: Double?
    let parameters: Int
    let seconds: Double
    /// Of `seconds`, the time spent in the train/dev evaluations.
    let evaluationSeconds: Double
    let stopReason: String
  }

  struct Best: Encodable {
    let step: Int
    let train: Double
    let dev: Double?
    let test: Double?
  }

  let model = "mlp"
  let configuration: MLPConfiguration
  let options: TrainingOptions
  let parameterNames: [String]
  let parameters: Int
  let windows: [String: Int]
  let kernels: String
  let history: [MLPStepRecord]
  let evaluations: [MLPEvaluation]
  let final: Final
  let best: Best?
  let workDirectory: String?

  init(session: MLPTrainer, seconds: Double, logEvery: Int, workDirectory: String?) {
    let state = session.state
    configuration = state.model.configuration
    options = session.options
    parameterNames = state.model.parameterNames
    parameters = state.model.parameterCount
    windows = ["train": session.data.train.count, "dev": session.data.dev.count, "test": session.data.test.count]
    kernels = DenseKernels.preferred == .native ? DenseKernels.dispatchedClone : "portable"
    history = state.history.enumerated().filter { $0.offset % logEvery == 0 || $0.offset == state.history.count - 1 }
      .map(\.element)
    evaluations = state.evaluations
    let last = state.evaluations.last
    let test = session.data.test.count > 0 ? state.model.negativeLogLikelihood(of: session.data.test) : nil
    final = Final(
      step: state.step, train: last?.train ?? .nan, dev: last?.dev, test: test, parameters: parameters,
      seconds: seconds, evaluationSeconds: session.evaluationSeconds,
      stopReason: state.stopReason?.rawValue ?? StopReason.completed.rawValue)
    if let model = state.best, let evaluation = state.bestEvaluation {
      best = Best(
        step: evaluation.step, train: evaluation.train, dev: evaluation.dev,
        test: session.data.test.count > 0 ? model.negativeLogLikelihood(of: session.data.test) : nil)
    } else {
      best = nil
    }
    self.workDirectory = workDirectory
  }

  var text: String {
    var lines = ["   step     train NLL    dev NLL"]
    for evaluation in evaluations {
      lines.append(
        String(
          format: "%7d  %11.4f  %9@", evaluation.step, evaluation.train, Format.optional(evaluation.dev) as NSString))
    }
    lines.append("")
    let shape =
      configuration.hierarchical
      ? "hierarchical, context \(configuration.context), d = \(configuration.embedding), H = \(configuration.hidden)"
      : "context \(configuration.context), d = \(configuration.embedding), H = \(configuration.hidden) × \(configuration.layers)"
    lines.append(
      "mlp (\(shape)\(configuration.batchNorm ? ", BatchNorm" : "")\(configuration.direct ? ", direct" : "")), "
        + "\(parameters) parameters: \(final.step) updates of \(options.batchSize ?? 32) windows in "
        + "\(Format.seconds(final.seconds)) (\(options.method.rawValue), \(kernels) kernels)")
    lines.append(
      "final: train \(Format.fixed(final.train, digits: 4)), dev \(Format.optional(final.dev)), "
        + "test \(Format.optional(final.test))")
    if let best {
      lines.append(
        "best by dev (step \(best.step)): dev \(Format.optional(best.dev)), test \(Format.optional(best.test))")
    }
    if let workDirectory {
      lines.append("\ncheckpoint (last and best models), history and evaluations saved in \(workDirectory)")
    }
    return lines.joined(separator: "\n")
  }
}
