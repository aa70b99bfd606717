import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// `bigram gradcheck`: the analytic gradient P̂ − onehot against autodiff and finite differences.
struct GradcheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradcheck",
    abstract: "Check ∂L/∂W three ways: analytic (P̂ − onehot), autodiff, and finite differences over h.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var weightOptions: WeightOptions
  @OptionGroup var seedOptions: SeedOptions
  @OptionGroup var output: OutputOptions
  @Option(help: "The model: softmax (default) or mlp (a small MLP with BatchNorm, every tensor checked).")
  var model: ModelKind?
  @Option(help: "MLP: context length (default 3).")
  var context = 3
  @Option(help: "MLP: embedding width (default 4).")
  var embedding = 4
  @Option(help: "MLP: hidden width (default 8).")
  var hidden = 8
  @Flag(help: "MLP: the hierarchical model (context a power of 2).")
  var hierarchical = false
  @Flag(help: "MLP: direct connections.")
  var direct = false
  @Flag(name: .customLong("batch-norm"), inversion: .prefixedNo, help: "MLP: BatchNorm (default on).")
  var batchNorm = true
  @Option(name: .customLong("batch-size"), help: "MLP: windows in the checked batch (default 32).")
  var batchSize = 32

  func validate() throws {
    guard model == .mlp else {
      let mlpOnly = [
        (context != 3, "--context"), (embedding != 4, "--embedding"), (hidden != 8, "--hidden"),
        (hierarchical, "--hierarchical"), (direct, "--direct"), (!batchNorm, "--no-batch-norm"),
        (batchSize != 32, "--batch-size"),
      ]
      if let flag = mlpOnly.first(where: \.0)?.1 { throw ValidationError("\(flag) applies to --model mlp only") }
      return
    }
    if weightOptions.typedL2 != nil || weightOptions.typedInitialization != nil {
      throw ValidationError(
        "--l2 and --init are the softmax bigram's; the MLP is checked at the lecture's initialization")
    }
    if let problem = mlpConfiguration.problem { throw ValidationError(problem) }
    guard batchSize >= (batchNorm ? 2 : 1) && batchSize <= 4_096 else {
      throw ValidationError("--batch-size must be between \(batchNorm ? 2 : 1) and 4096; got \(batchSize)")
    }
  }

  private var mlpConfiguration: MLPConfiguration {
    var configuration = MLPConfiguration()
    configuration.context = context
    configuration.embedding = embedding
    configuration.hidden = hidden
    configuration.hierarchical = hierarchical
    configuration.layers = 1
    configuration.direct = direct
    configuration.batchNorm = batchNorm
    return configuration
  }

  func run() throws {
    if model == .mlp { return try runMLP() }
    let corpus = try corpusOptions.load()
    let statistics = corpus.statistics
    // The one-hot path, the larger of the two autodiff paths it compares.
    try ResourceBudget.requireMemory(
      ResourceBudget.tapeBytes(events: statistics.bigrams, size: statistics.vocabularySize, path: .onehot),
      for: "the autodiff paths on \(statistics.bigrams) bigram events of \(statistics.vocabularySize) symbols",
      hint: "check the gradient on a smaller corpus (-i)")
    let data = try TrainingData(corpus: corpus, l2: weightOptions.l2, needsEvents: true)
    let weights = try weightOptions.initialWeights(vocabulary: data.counts.vocabulary, seed: seedOptions.seed)
    guard let events = data.events else {
      throw CommandFailure(message: "no bigram events in \(corpus.source)", exitCode: 65)
    }
    try weightOptions.requireResolution(
      of: weights, step: GradientCheck.defaultStepSizes.max() ?? 0, what: "a finite-difference step h")
    let verification = GradientVerification(objective: data.objective, events: events, at: weights)
    if output.json {
      try JSONOutput.print(verification)
      return
    }
    print(
      "∂L/∂W at W = \(weightOptions.initialization), λ = \(Format.number(weightOptions.l2)) on \(corpus.source) (‖∇L‖ = \(Format.fixed(verification.gradientNorm)))"
    )
    print(
      "  analytic (n_i·p̂_i − N_i)/T + 2λW/V² vs autodiff, W[x] lookup:  max |Δ| = \(String(format: "%.2e", verification.analyticVsAutodiff))"
    )
    print(
      "  analytic vs autodiff, one-hot(x)·W (the lecture's path):        max |Δ| = \(String(format: "%.2e", verification.analyticVsOneHot))"
    )
    print("")
    let entries = weights.count
    print(
      "  central finite differences (L(W + h·e) − L(W − h·e)) / 2h on "
        + (verification.checkedEntries == entries
          ? "all \(entries) entries:"
          : "\(verification.checkedEntries) of the \(entries) entries (a seeded sample; all would cost O(V⁴)):"))
    print("         h    max abs error    max rel error")
    for row in verification.finiteDifferences {
      print(String(format: "  %8.0e   %14.3e   %14.3e", row.h, row.maxAbsError, row.maxRelError))
    }
    if let best = verification.finiteDifferences.min(by: { $0.maxAbsError < $1.maxAbsError }) {
      print("")
      print(
        "  the error is smallest near h = \(String(format: "%.0e", best.h)): larger h pays truncation error (∝ h²),")
      print("  smaller h pays round-off (∝ ε_machine / h).")
    }
  }
}

extension GradcheckCommand {
  /// Checks every tensor of a small MLP on one seeded mini-batch.
  func runMLP() throws {
    let corpus = try corpusOptions.load()
    let configuration = mlpConfiguration
    let windows = try ContextWindows(words: corpus.words, vocabulary: corpus.vocabulary, context: configuration.context)
    guard windows.count > 0 else { throw CommandFailure(message: "no words in \(corpus.source)", exitCode: 65) }
    var generator = SplitMix64(seed: seedOptions.seed)
    let model = MLPModel(configuration: configuration, vocabularySize: corpus.vocabulary.count, using: &generator)
    let rows = (0..<batchSize).map { _ in generator.nextInt(below: windows.count) }
    let check = MLPGradientCheck(model: model, windows: windows, rows: rows)
    if output.json {
      try JSONOutput.print(check)
      return
    }
    print(
      "∂L/∂θ of an MLP (context \(configuration.context), d = \(configuration.embedding), H = \(configuration.hidden)"
        + "\(configuration.batchNorm ? ", BatchNorm" : "")\(configuration.hierarchical ? ", hierarchical" : "")"
        + "\(configuration.direct ? ", direct" : "")) on \(batchSize) windows of \(corpus.source), loss \(Format.fixed(check.loss))"
    )
    print("backpropagation vs central differences (L(θ + h) − L(θ − h)) / 2h, h = \(check.h), every entry:")
    print("  tensor    shape        max abs error   max rel error")
    for entry in check.tensors {
      print(
        "  "
          + entry.name.padding(toLength: 8, withPad: " ", startingAt: 0)
          + "\(entry.shape)".padding(toLength: 13, withPad: " ", startingAt: 0)
          + String(format: "%13.3e   %13.3e", entry.maxAbsError, entry.maxRelError))
    }
  }
}
