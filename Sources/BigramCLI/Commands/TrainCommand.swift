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
    if model == .mlp {
      try validateMLP()
    } else if resume == nil || model == .softmax, let flag = mlpOptions.givenFlags.first {
      throw ValidationError("\(flag) applies to --model mlp only")
    }
  }

  func run() throws {
    if model == .mlp || (model == nil && resume.map { WorkDirectory(path: $0).holdsMLP } == true) {
      return try runMLP()
    }
    let (data, options, trainer) = try prepare()
    // (With --json the saved run's report is printed as before: scripts read it.)
    if let resume, trainer.state.step >= options.steps, !output.json {
      print(
        "nothing to do: the run in \(resume) is finished (\(trainer.state.step) of \(options.steps) steps); "
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
    // A resumed run is saved back where it came from, unless -o names another directory.
    let workDirectory = self.workDirectory ?? resume
    var session = trainer
    let interruption = Interruption()
    // Restored only on the way out: a second Ctrl-C while the checkpoint is written must not kill
    // the process half way through saving the work directory.
    defer { interruption.stop() }
    var progress = ProgressBar(total: options.steps, label: "training", quiet: quiet)
    let clock = ContinuousClock()
    let start = clock.now
    var failure: TrainingError?
    do {
      _ = try session.run(shouldStop: { interruption.receivedSignal != nil }) { record in
        progress.update(record.step, detail: "loss \(Format.fixed(record.loss))")
      }
    } catch {
      failure = error
    }
    let seconds = (clock.now - start).seconds
    progress.finish()
    // An absolute path, so `--resume` and `--model` find the data from any directory.
    let source = corpusOptions.input.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? data.corpus.source
    var checkpoint = Checkpoint(
      vocabulary: data.counts.vocabulary, options: options, state: session.state, source: source,
      events: data.counts.total)
    // --log-every is saved with the run, and a resumed run keeps it unless given again.
    let savedLogEvery = try resume.flatMap { try WorkDirectory(path: $0).loadCheckpoint().logEvery }.flatMap {
      $0 >= 1 ? $0 : nil
    }
    let logEvery = self.logEvery ?? savedLogEvery
    checkpoint.logEvery = logEvery
    if let workDirectory { try WorkDirectory(path: workDirectory).save(checkpoint) }
    if let saveNumPy { try NumPyArray.write(session.state.weights, to: URL(fileURLWithPath: saveNumPy)) }
    if let failure {
      let kept = workDirectory.map { " (last finite state saved in \($0))" } ?? ""
      throw CommandFailure(message: failure.description + kept, exitCode: 1)
    }
    if session.state.stopReason == .interrupted {
      let place = workDirectory ?? "(no -o DIR given, so nothing was saved)"
      StandardStreams.error(
        "bigram: interrupted after step \(session.state.step); checkpoint in \(place); "
          + "resume with: bigram train --resume \(workDirectory ?? "DIR")\n")
      throw ExitCode(interruption.exitCode)
    }
    let report = TrainReport(
      options: options, state: session.state, seconds: seconds, bridge: data.bridge(weights: session.state.weights),
      // The table shows about ten rows by default; the JSON keeps every step (history[k] = after k updates).
      logEvery: logEvery ?? (output.json ? 1 : max(1, options.steps / 10)), workDirectory: workDirectory)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  /// The data, options and trainer of a new run, or of the run in `--resume DIR`.
  private func prepare() throws -> (TrainingData, TrainingOptions, Trainer) {
    if let resume {
      let checkpoint = try WorkDirectory(path: resume).loadCheckpoint()
      var options = checkpoint.options
      // Cosine, warmup-cosine and one-cycle are planned over the run's steps and end there.
      if let steps = optimizerOptions.steps, ![.cosine, .warmupCosine, .oneCycle].contains(options.schedule) {
        options.steps = max(options.steps, steps)
      }
      let corpus =
        try corpusOptions.input.map { try Corpus(contentsOfFile: $0) }
        ?? (checkpoint.source == Corpus.builtIn.source ? .builtIn : try Corpus(contentsOfFile: checkpoint.source))
      try Self.requireResources(corpus: corpus, options: options)
      let data = try TrainingData(corpus: corpus, options: options, vocabulary: checkpoint.vocabulary)
      guard data.counts.total == checkpoint.events else {
        throw CommandFailure(
          message: "\(corpus.source) has \(data.counts.total) bigram events but the checkpoint in \(resume) was "
            + "trained on \(checkpoint.events); resume with the same data (-i FILE)", exitCode: 65)
      }
      let trainer = Trainer(
        objective: data.objective, events: data.events, options: options, resuming: checkpoint.state)
      return (data, options, trainer)
    }
    let corpus = try corpusOptions.load()
    let options = optimizerOptions.trainingOptions(l2: weightOptions.l2, seed: seedOptions.seed)
    try Self.requireResources(corpus: corpus, options: options)
    let data = try TrainingData(corpus: corpus, options: options)
    let weights = try weightOptions.initialWeights(vocabulary: data.counts.vocabulary, seed: seedOptions.seed)
    return (data, options, data.trainer(options: options, initialWeights: weights))
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
  let final: Final
  let bridge: [Bridge]
  let workDirectory: String?

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

  var text: String {
    var lines = ["  step         loss          nll       ‖∇L‖            η"]
    for record in history {
      lines.append(
        String(
          format: "%6d  %11.6f  %11.6f  %9.3e  %11.4g", record.step, record.loss, record.nll, record.gradNorm,
          record.learningRate))
    }
    lines.append("")
    lines.append(
      "\(options.method.rawValue) from the \(options.path.rawValue) path, λ = \(Format.number(options.l2)): "
        + "\(final.step) updates in \(Format.seconds(final.seconds)), final loss \(Format.fixed(final.loss)) "
        + "(\(final.stopReason))")
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
