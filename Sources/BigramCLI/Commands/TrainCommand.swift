import ArgumentParser
import Autodiff
import CharLM
import Foundation
import Reports

/// `bigram train`: the softmax bigram trained by gradient descent (or another optimizer), with a
/// history, a checkpoint directory, and the comparison with the count model it converges to.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train the neural softmax bigram (one-hot · W, softmax, cross-entropy) and compare it with the counts, "
      + "or (--model mlp) the character MLP of Bengio et al. 2003.",
    discussion: """
      makemore's spellings work too: --input-file, --work-dir, --max-steps, -l, -b, -w; --resume with no \
      directory resumes the run in --work-dir DIR; --sample-only --work-dir DIR [-n N] samples from it and \
      exits (as `bigram sample --model DIR`).
      """)

  @Option(help: "The model: softmax (the bigram net, default) or mlp (embeddings, hidden layers, longer context).")
  var model: ModelKind?
  @OptionGroup var mlpOptions: MLPOptions

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var optimizerOptions: OptimizerOptions
  @OptionGroup var weightOptions: WeightOptions
  @OptionGroup var seedOptions: SeedOptions
  @Option(
    name: [.customShort("o"), .customLong("output"), .customLong("work-dir")],
    help: "Work directory for the checkpoint, history and weights (default with --resume: the resumed one).")
  var workDirectory: String?
  @Option(name: .customLong("save-npy"), help: "Also write the trained W to this .npy file (float64).")
  var saveNumPy: String?
  @Option(
    help: ArgumentHelp(
      "Resume the run saved in this work directory (its options are used; --steps may extend it, "
        + "except under a cosine, warmup-cosine or one-cycle schedule)."))
  var resume: String?
  @Option(
    name: .customLong("log-every"),
    help:
      "Keep every K-th history entry (and the last) in the output (default: about ten rows, steps/10; every step with --json)."
  )
  var logEvery: Int?
  @Flag(help: "No progress bar.")
  var quiet = false
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard (logEvery ?? 1) >= 1 else { throw ValidationError("--log-every must be at least 1") }
    if corpusOptions.input != nil, mlpOptions.trainFile != nil {
      throw ValidationError("give either -i FILE (split by --split) or --train/--dev/--test, not both")
    }
    if model == .mlp {
      try validateMLP()
    } else if resume == nil || model == .softmax,
      let flag = mlpOptions.givenFlags.first(where: { !Self.splitFlags.contains($0) })
    {
      throw ValidationError("\(flag) applies to --model mlp only")
    } else if resume == nil {
      _ = try optimizerOptions.configuration(
        l2: weightOptions.l2, seed: seedOptions.seed, explicitL2: weightOptions.typedL2,
        explicitSeed: seedOptions.typedSeed)
    } else if let steps = optimizerOptions.steps, !(0...TrainingConfiguration.maximumSteps).contains(steps) {
      throw ValidationError("--steps must be between 0 and \(TrainingConfiguration.maximumSteps); got \(steps)")
    }
  }

  /// A run ready to go: its data, flat options (for the report), trainer, and what is on disk.
  private struct Prepared {
    var data: TrainingData
    var options: TrainingOptions
    var trainer: Trainer
    /// The history loaded from the work directory and how many lines its file holds (resumed runs).
    var historyOnDisk: (records: [TrainingRecord], lines: Int)?
    /// The resumed run's --log-every, if it was given.
    var savedLogEvery: Int? = nil
    /// The held-out parts (`--split`, `--train/--dev/--test`), if any.
    var heldOut: HeldOutBigramParts? = nil
  }

  func run() throws {
    // A resumed run is saved back where it came from, unless -o names another directory.
    let workDirectory = self.workDirectory ?? resume
    // One run per work directory: a second one would mix two runs' files.
    let lock = try workDirectory.map { directory in
      do {
        return try WorkDirectoryLock(directory: directory)
      } catch let error as WorkDirectoryLock.LockError {
        if case .held = error { throw CommandFailure(message: error.description, exitCode: 75) }
        throw CommandFailure(message: error.description, exitCode: 74)
      }
    }
    defer { lock?.release() }
    if model == .mlp || (model == nil && resume.map { WorkDirectory(path: $0).holdsMLP } == true) {
      return try runMLP()
    }
    let prepared = try prepare()
    let (data, options) = (prepared.data, prepared.options)
    // (With --json the saved run's report is printed as before: scripts read it.)
    if let resume, prepared.trainer.state.step >= options.steps, !output.json {
      print(
        "nothing to do: the run in \(resume) is finished (\(prepared.trainer.state.step) of \(options.steps) steps); "
          + "give --steps N with N > \(options.steps) to extend it")
      return
    }
    if output.json {
      // The JSON history takes about 800 bytes per record while it is encoded (80 MB for 10⁵ steps);
      // without --log-every it keeps every step.
      let records = options.steps / (logEvery ?? 1) + 2
      try ResourceBudget.requireMemory(
        Double(records) * 1_000, for: "--json with \(records) history records",
        hint: "keep every K-th record with --log-every K")
    }
    var session = prepared.trainer
    let interruption = Interruption()
    // Restored only on the way out: a second Ctrl-C while the checkpoint is written must not kill
    // the process half way through saving the work directory.
    defer { interruption.stop() }
    var progress = ProgressBar(total: options.steps, label: "training", quiet: quiet)
    let clock = ContinuousClock()
    let start = clock.now
    var failure: TrainingError?
    // --log-every is saved with the run, and a resumed run keeps it unless given again.
    let logEvery = self.logEvery ?? prepared.savedLogEvery
    // The table shows about ten rows by default; the JSON keeps every step (history[k] = after k updates).
    let rowsEvery = logEvery ?? (output.json ? 1 : max(1, options.steps / 10))
    // The dev NLL of θ_k at the rows shown: O(V²) from the dev counts, whatever the dev part's size.
    var devByStep: [Int: Double] = [:]
    let dev = prepared.heldOut?.dev
    do {
      _ = try session.run(
        shouldStop: { interruption.receivedSignal != nil },
        onRecord: { record in progress.update(record.step, detail: "loss \(Format.fixed(record.loss))") },
        beforeStep: { state in
          if dev != nil, state.step % rowsEvery == 0 || state.step >= options.steps {
            devByStep[state.step] = HeldOutBigramParts.nll(dev, weights: state.weights)
          }
        })
    } catch {
      failure = error
    }
    let seconds = (clock.now - start).seconds
    progress.finish()
    // An absolute path, so `--resume` and `--model` find the data from any directory.
    let source =
      prepared.heldOut?.source.train ?? corpusOptions.input.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
      ?? data.corpus.source
    var checkpoint = Checkpoint(
      configuration: session.configuration, state: session.state, source: source, events: data.counts.total,
      fingerprint: data.fingerprint)
    checkpoint.logEvery = logEvery
    checkpoint.heldOut = prepared.heldOut?.source
    if let workDirectory {
      // Append only when the files hold exactly a prefix of this history (a resumed run saved in
      // place, no stray lines from a crash, the re-evaluated last record unchanged); else rewrite.
      let records = session.state.history.records
      let onDisk = prepared.historyOnDisk.flatMap { loaded in
        workDirectory == resume && loaded.lines == loaded.records.count && loaded.records.count <= records.count
          && records.prefix(loaded.records.count).elementsEqual(loaded.records) ? loaded.lines : nil
      }
      try WorkDirectory(path: workDirectory).save(checkpoint, history: session.state.history.records, onDisk: onDisk)
    }
    if let saveNumPy { try NumPyArray.write(session.state.weights, to: URL(fileURLWithPath: saveNumPy)) }
    let kept = workDirectory.map { " (last finite state saved in \($0))" } ?? ""
    if let failure {
      throw CommandFailure(message: Self.advice(for: failure, options: options) + kept, exitCode: 1)
    }
    if let rise = session.endedAboveStart {
      let saved = workDirectory.map { " (its final state is saved in \($0))" } ?? ""
      throw CommandFailure(
        message: "the run diverged: the loss ended at \(Format.fixed(rise.finalLoss)) (step \(session.state.step)), "
          + "above where it started (\(Format.fixed(rise.initialLoss))), with learning rate "
          + "\(Format.number(rise.learningRate))\(saved); try a smaller --learning-rate "
          + "(`bigram lr-sweep` shows which rates converge) or --clip-norm",
        exitCode: 1)
    }
    if session.state.stopReason == .interrupted {
      let place = workDirectory ?? "(no -o DIR given, so nothing was saved)"
      StandardStreams.error(
        "bigram: interrupted after step \(session.state.step); checkpoint in \(place); "
          + "resume with: bigram train --resume \(workDirectory ?? "DIR")\n")
      throw ExitCode(interruption.exitCode)
    }
    var report = TrainReport(
      options: options, state: session.state, seconds: seconds, bridge: data.bridge(weights: session.state.weights),
      logEvery: rowsEvery, workDirectory: workDirectory)
    if let heldOut = prepared.heldOut {
      let weights = session.state.weights
      devByStep[session.state.step] = HeldOutBigramParts.nll(heldOut.dev, weights: weights)
      report.addHeldOut(
        dev: heldOut.dev.map { _ in devByStep }, final: HeldOutBigramParts.nll(heldOut.dev, weights: weights),
        test: HeldOutBigramParts.nll(heldOut.test, weights: weights), source: heldOut.source)
    }
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  /// What went wrong in training, and which flags to change.
  private static func advice(for error: TrainingError, options: TrainingOptions) -> String {
    switch error {
    case .nonFiniteLoss:
      return error.description + "; try a smaller --learning-rate (see `bigram lr-sweep`) or --clip-norm"
    case .lineSearchFailed:
      return error.description
        + (options.method == .newton
          ? "; Newton's method raised its damping as far as it goes without finding a decrease: "
            + "add --l2 (e.g. 0.01) so the optimum is finite, stop earlier with --target-loss, or use --optimizer gd"
          : "; try a smaller --learning-rate or --no-line-search")
    case .unsupported:
      return error.description
    }
  }

  /// The data, options and trainer of a new run, or of the run in `--resume DIR`.
  private func prepare() throws -> Prepared {
    if let resume {
      let directory = WorkDirectory(path: resume)
      let checkpoint = try directory.loadCheckpoint()
      let saved = checkpoint.options
      try refuseContradictions(of: saved, in: resume)
      var configuration = checkpoint.configuration
      // Cosine, warmup-cosine and one-cycle are planned over the run's steps and end there.
      if let steps = optimizerOptions.steps, !configuration.schedule.isPlannedOverTheRun {
        configuration.steps = max(configuration.steps, steps)
      }
      // A run that held words out keeps its parts (-i may say where its corpus or train file is now).
      let heldOut = try resumedHeldOut(saved: checkpoint.heldOut, in: resume).map { saved in
        try HeldOutBigramParts.load(
          corpusOptions.input.map {
            MLPCheckpoint.DataSource(
              train: Self.absolutePath($0), dev: saved.dev, test: saved.test, split: saved.split,
              splitSeed: saved.splitSeed)
          } ?? saved, corpusOptions: corpusOptions)
      }
      let corpus =
        try heldOut?.train ?? corpusOptions.input.map { try Corpus(contentsOfFile: $0) }
        ?? (checkpoint.source == Corpus.builtIn.source ? .builtIn : try Corpus(contentsOfFile: checkpoint.source))
      try Self.requireResources(corpus: corpus, options: TrainingOptions(configuration))
      let data = try TrainingData(corpus: corpus, configuration: configuration, vocabulary: checkpoint.vocabulary)
      guard data.fingerprint == checkpoint.fingerprint else {
        throw CommandFailure(
          message: "\(corpus.source) is not the data the run in \(resume) was trained on (\(data.counts.total) bigram "
            + "events with fingerprint \(data.fingerprint), the checkpoint has \(checkpoint.events) with "
            + "\(checkpoint.fingerprint)); resume with the same data (-i FILE) or start a new run",
          exitCode: 65)
      }
      let history = try directory.loadHistory(of: checkpoint)
      var state = checkpoint.state
      state.history = TrainingHistory(records: history.records)
      let trainer = try Trainer(
        objective: data.trainingObjective(for: configuration), configuration: configuration, resuming: state)
      var options = TrainingOptions(configuration)
      options.lineSearch = saved.lineSearch
      return Prepared(
        data: data, options: options, trainer: trainer, historyOnDisk: (history.records, history.linesOnDisk),
        savedLogEvery: checkpoint.logEvery.flatMap { $0 >= 1 ? $0 : nil }, heldOut: heldOut)
    }
    let heldOut = try requestedHeldOut().map { try HeldOutBigramParts.load($0, corpusOptions: corpusOptions) }
    let corpus = try heldOut?.train ?? corpusOptions.load()
    let (options, configuration) = try optimizerOptions.configuration(
      l2: weightOptions.l2, seed: seedOptions.seed, explicitL2: weightOptions.typedL2,
      explicitSeed: seedOptions.typedSeed)
    try Self.requireResources(corpus: corpus, options: options)
    let data = try TrainingData(corpus: corpus, configuration: configuration, vocabulary: heldOut?.vocabulary)
    let weights = try weightOptions.initialWeights(vocabulary: data.counts.vocabulary, seed: seedOptions.seed)
    let trainer = try Trainer(
      objective: data.trainingObjective(for: configuration), configuration: configuration,
      model: SoftmaxBigram(vocabulary: data.counts.vocabulary, weights: weights))
    return Prepared(data: data, options: options, trainer: trainer, historyOnDisk: nil, heldOut: heldOut)
  }

  /// With `--resume`, every typed setting must agree with the saved run (`--steps` extends it).
  private func refuseContradictions(of saved: TrainingOptions, in directory: String) throws {
    if let initialization = weightOptions.typedInitialization {
      throw CommandFailure(
        message: "--init \(initialization) contradicts --resume \(directory): a resumed run continues from its saved "
          + "weights; drop --init, or start a new run with -o OTHER_DIR",
        exitCode: 64)
    }
    let requested = optimizerOptions.trainingOptions(
      l2: weightOptions.typedL2 ?? saved.l2, seed: seedOptions.typedSeed ?? saved.seed)
    for field in optimizerOptions.explicitFields(l2: weightOptions.typedL2, seed: seedOptions.typedSeed) {
      // Unset settings of the request take the library's defaults, so compare against the saved
      // run with only this one setting changed.
      var changed = saved
      Self.copy(field, from: requested, to: &changed)
      if changed.value(of: field) != saved.value(of: field) || !saved.uses(field) {
        let savedValue =
          saved.uses(field) ? saved.value(of: field) : "not used by its \(saved.method.rawValue) run"
        throw CommandFailure(
          message: "\(OptimizerOptions.flag(field)) \(requested.value(of: field)) contradicts the run saved in "
            + "\(directory) (\(savedValue)); resume without it (only --steps may extend a run), "
            + "or start a new run with -o OTHER_DIR",
          exitCode: 64)
      }
    }
  }

  /// Sets `field` of `target` to its value in `source`.
  private static func copy(
    _ field: TrainingOptions.Field, from source: TrainingOptions, to target: inout TrainingOptions
  ) {
    switch field {
    case .method:
      target.method = source.method
      target.batchSize = source.batchSize
    case .path: target.path = source.path
    case .learningRate: target.learningRate = source.learningRate
    case .steps: target.steps = source.steps
    case .l2: target.l2 = source.l2
    case .momentum: target.momentum = source.momentum
    case .beta1: target.beta1 = source.beta1
    case .beta2: target.beta2 = source.beta2
    case .epsilon: target.epsilon = source.epsilon
    case .weightDecay: target.weightDecay = source.weightDecay
    case .batchSize: target.batchSize = source.batchSize
    case .schedule: target.schedule = source.schedule
    case .stepSize: target.stepSize = source.stepSize
    case .gamma: target.gamma = source.gamma
    case .minimumLearningRate: target.minimumLearningRate = source.minimumLearningRate
    case .warmupSteps: target.warmupSteps = source.warmupSteps
    case .patience: target.patience = source.patience
    case .factor: target.factor = source.factor
    case .clipNorm: target.clipNorm = source.clipNorm
    case .clipValue: target.clipValue = source.clipValue
    case .damping: target.damping = source.damping
    case .lineSearch: target.lineSearch = source.lineSearch
    case .targetLoss: target.targetLoss = source.targetLoss
    case .seed: target.seed = source.seed
    }
  }
}

extension TrainCommand {
  /// Refuses a run whose path or optimizer would exceed the memory budget (a 7.3 MB corpus on the
  /// one-hot path needed 4.8 GB and aborted), before anything large is allocated.
  static func requireResources(corpus: Corpus, options: TrainingOptions) throws {
    let statistics = corpus.statistics
    let (t, v) = (statistics.bigrams, statistics.vocabularySize)
    try ResourceBudget.requireMemory(
      ResourceBudget.historyBytes(steps: options.steps), for: "a history of \(options.steps) steps",
      hint: "train for fewer --steps (the history keeps one record per step)")
    try ResourceBudget.requireMemory(
      ResourceBudget.tapeBytes(events: t, size: v, path: options.path),
      for: "--path \(options.path.rawValue) on \(t) bigram events of \(v) symbols",
      hint: "use --path counts, which needs O(V²) whatever the corpus, or a smaller corpus")
    if options.method == .newton {
      try ResourceBudget.requireMemory(
        ResourceBudget.newtonBytes(size: v), for: "Newton's method on \(v) symbols (V³ Hessian entries)",
        hint: "use another --optimizer (gd, sgd, adam, adamw) for this many symbols")
      ResourceBudget.announce(
        seconds: Double(options.steps) * ResourceBudget.curvatureSeconds(size: v),
        for: "Newton's method on \(v) symbols (a V×V eigen-decomposition per row, each step)")
    }
  }
}

/// What `bigram train` prints.
struct TrainReport: Encodable {
  struct Final: Encodable {
    let step: Int
    let loss: Double
    let nll: Double
    let gradNorm: Double
    let learningRate: Double
    let seconds: Double
    let stopReason: String
    /// The mean NLL of the trained net on the dev and test parts (only with held-out words).
    var dev: Double? = nil
    var test: Double? = nil
  }

  struct Bridge: Encodable {
    let countModelSmoothing: Double
    let maxAbsDifference: Double
    let klDivergence: Double
    let countModelNLL: Double
    let netNLL: Double

    init(_ comparison: ModelComparison, smoothing: Double) {
      countModelSmoothing = smoothing
      maxAbsDifference = comparison.maxAbsDifference
      klDivergence = comparison.klDivergence
      countModelNLL = comparison.referenceNLL
      netNLL = comparison.modelNLL
    }
  }

  let options: TrainingOptions
  let history: [TrainingRecord]
  private(set) var final: Final
  let bridge: [Bridge]
  let workDirectory: String?
  /// Where the train, dev and test parts came from (only with `--split` or `--train/--dev/--test`).
  private(set) var heldOut: MLPCheckpoint.DataSource? = nil
  /// The dev NLL at the history's steps (the table's rows and the last).
  private var devByStep: [Int: Double]? = nil

  enum CodingKeys: String, CodingKey {
    case options, history, final, bridge, workDirectory, heldOut
  }

  init(
    options: TrainingOptions, state: TrainingState, seconds: Double,
    bridge: (unsmoothed: ModelComparison, addOne: ModelComparison), logEvery: Int, workDirectory: String?
  ) {
    self.options = options
    history = state.history.thinned(every: logEvery)
    let last = state.history.records.last
    final = Final(
      step: state.step, loss: last?.loss ?? .nan, nll: last?.nll ?? .nan, gradNorm: last?.gradNorm ?? .nan,
      learningRate: last?.learningRate ?? options.learningRate, seconds: seconds,
      stopReason: state.stopReason?.rawValue ?? StopReason.completed.rawValue)
    self.bridge = [Bridge(bridge.unsmoothed, smoothing: 0), Bridge(bridge.addOne, smoothing: 1)]
    self.workDirectory = workDirectory
  }

  /// Adds the held-out figures: the dev NLL by step (nil without a dev part), and the final dev and test NLL.
  mutating func addHeldOut(
    dev devByStep: [Int: Double]?, final dev: Double?, test: Double?, source: MLPCheckpoint.DataSource
  ) {
    self.devByStep = devByStep
    final.dev = dev
    final.test = test
    heldOut = source
  }

  private static func figure(_ value: Double?) -> String { value.map { Format.fixed($0, digits: 6) } ?? "n/a" }

  var text: String {
    let devColumn = devByStep != nil
    var lines = ["  step         loss          nll       ‖∇L‖            η" + (devColumn ? "      dev NLL" : "")]
    for record in history {
      // Rows from before a resumed run have no dev figure (the weights they were at are gone).
      let dev = devByStep.map { $0[record.step].map { String(format: "  %11.6f", $0) } ?? "          n/a" } ?? ""
      lines.append(
        String(
          format: "%6d  %11.6f  %11.6f  %9.3e  %11.4g", record.step, record.loss, record.nll, record.gradNorm,
          record.learningRate) + dev)
    }
    lines.append("")
    lines.append(
      "\(options.method.rawValue) from the \(options.path.rawValue) path, λ = \(Format.number(options.l2)): "
        + "\(final.step) updates in \(Format.seconds(final.seconds)), final loss \(Format.fixed(final.loss)) "
        + "(\(final.stopReason))")
    if let heldOut {
      let parts =
        heldOut.split.map { "split \($0.map(String.init).joined(separator: "/")), seed \(heldOut.splitSeed ?? 42)" }
        ?? "parts from files"
      lines.append(
        "held out (\(parts), trained on train only): dev NLL \(Self.figure(final.dev)), "
          + "test NLL \(Self.figure(final.test))")
    }
    lines.append("")
    lines.append("the net and the count model (P̂ = softmax(W) against P = (N + α) / Σ(N + α)):")
    for entry in bridge {
      lines.append(
        "  α = \(Format.number(entry.countModelSmoothing)): max |P − P̂| \(Format.fixed(entry.maxAbsDifference)), "
          + "KL(P‖P̂) \(String(format: "%.3e", entry.klDivergence)) nats, NLL counts \(Format.fixed(entry.countModelNLL)) "
          + "vs net \(Format.fixed(entry.netNLL))")
    }
    if options.l2 == 0 {
      lines.append("  with λ = 0 the optimum is the unsmoothed count model, W_ij = log(N_ij / n_i) + c_i; zero counts")
      lines.append("  push their logits to −∞, so training approaches it and never reaches it.")
    } else {
      lines.append(
        "  λ > 0 pulls W toward 0, which acts like smoothing: the net sits between α = 0 and a flatter model.")
    }
    if let workDirectory {
      lines.append("\ncheckpoint, history and weights saved in \(workDirectory)")
    } else {
      lines.append("\nnothing was kept: give -o DIR (--work-dir DIR) to save the checkpoint, history and weights")
    }
    return lines.joined(separator: "\n")
  }
}
