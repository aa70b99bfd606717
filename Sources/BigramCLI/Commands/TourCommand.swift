import ArgumentParser
import Autodiff
import CharLM
import Foundation
import Reports

/// `bigram` with no arguments: the guided tour on the built-in corpus (or `-i FILE`), one short
/// step per section of the design document, ending with the HTML report it wrote.
struct TourCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tour",
    abstract: "The guided tour: counts → neural net → gradient check → Taylor → learning rates → samples → report.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var seedOptions: SeedOptions
  @Option(help: "Where to write the HTML report (default: bigram-report.html).")
  var report: String?
  @Flag(name: .customLong("no-report"), help: "Do not write the HTML report.")
  var skipsReport = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let corpus = try corpusOptions.load()
    let tour = try Tour(corpus: corpus, seed: seedOptions.seed)
    var reportPath: String?
    var reportFailure: AtomicFile.WriteError?
    if !skipsReport {
      var options = BigramStory.Options()
      options.seed = seedOptions.seed
      let path = report ?? Self.defaultReport
      do {
        try AtomicFile.write(try HTMLReport(corpus: corpus, options: options).html, to: URL(fileURLWithPath: path))
        reportPath = path
      } catch let error as AtomicFile.WriteError {
        // A report asked for by name must be written; the default one is a bonus of the tour, which
        // is still shown (in a read-only directory it used to print nothing and exit 74).
        guard report == nil else { throw error }
        reportFailure = error
      }
    }
    if output.json {
      try JSONOutput.print(TourSummary(tour: tour, report: reportPath, reportError: reportFailure?.description))
    } else {
      print(tour.text(report: reportPath))
    }
    if let reportFailure {
      StandardStreams.error(
        "bigram: warning: the tour's report was not written: \(TerminalText.message(reportFailure.description)); "
          + "run from a writable directory, pass --report PATH, or --no-report\n")
    }
  }

  /// The report's file when --report is not given, in the current directory.
  static let defaultReport = "bigram-report.html"
}

/// The tour's figures, computed once and shown as text or JSON.
struct Tour {
  let statistics: CorpusStatistics
  let source: String
  let topBigrams: [CountsReport.BigramCount]
  let smoothed: Likelihood
  let unsmoothed: Likelihood
  let training: [TrainingRecord]
  let bridge: ModelComparison
  let gradientCheck: GradientVerification
  let taylor: TaylorVerification
  let sweep: LearningRateSweep
  let countSamples: [String]
  let netSamples: [String]
  let known: Set<String>
  let seed: UInt64

  init(corpus: Corpus, seed: UInt64) throws {
    var options = TrainingOptions()
    options.steps = 300
    let corpusStatistics = corpus.statistics
    let (eventCount, symbols) = (corpusStatistics.bigrams, corpusStatistics.vocabularySize)
    // The gradient check runs the one-hot path on the whole corpus, and λ_max is taken twice.
    try ResourceBudget.requireMemory(
      ResourceBudget.tapeBytes(events: eventCount, size: symbols, path: .onehot),
      for: "the tour's gradient check on \(eventCount) bigram events of \(symbols) symbols",
      hint: "take the tour on a smaller corpus (-i)")
    ResourceBudget.announce(
      seconds: 2 * ResourceBudget.curvatureSeconds(size: symbols),
      for: "λ_max on \(symbols) symbols (V eigen-decompositions of V×V blocks, O(V⁴))")
    let data = try TrainingData(corpus: corpus, options: options)
    let counts = data.counts
    let v = counts.size
    let zero = Tensor(zeros: [v, v])
    statistics = corpusStatistics
    source = corpus.source
    topBigrams = CountsCommand.topBigrams(counts, limit: 6)
    smoothed = try counts.probabilities(smoothing: 1).negativeLogLikelihood(of: corpus.words)
    unsmoothed = try counts.probabilities(smoothing: 0).negativeLogLikelihood(of: corpus.words)

    // λ = 0: the net's optimum is exactly the unsmoothed count model.
    var trainer = data.trainer(options: options, initialWeights: zero)
    _ = try trainer.run()
    training = trainer.state.history.records
    bridge = data.bridge(weights: trainer.state.weights).unsmoothed

    let events = try BigramEvents(corpus: corpus, vocabulary: counts.vocabulary)
    gradientCheck = GradientVerification(objective: data.objective, events: events, at: zero)
    taylor = TaylorVerification(objective: data.objective, at: zero)

    // λ = 0.01 gives the loss a true minimum, so its curvature there is defined.
    let regularized = BigramObjective(counts: counts, l2: 0.01)
    sweep = LearningRateSweep(
      objective: regularized, initialWeights: zero, learningRates: [1, 10, 50, 150, 500], steps: 100,
      optimum: try Optimum(objective: regularized))

    var generator = SplitMix64(seed: seed)
    // A word cut off at the sampler's limit is marked "…", never shown as if the model ended it.
    func words(_ draws: [Sampler.Draw]) -> [String] { draws.map { $0.isCut ? $0.word + "…" : $0.word } }
    countSamples = words(Sampler(model: counts.probabilities(smoothing: 1)).draw(count: 8, using: &generator))
    generator = SplitMix64(seed: seed)
    let net = SoftmaxBigram(vocabulary: counts.vocabulary, weights: trainer.state.weights)
    netSamples = words(Sampler(model: net.probabilities).draw(count: 8, using: &generator))
    known = Set(corpus.words)
    self.seed = seed
  }

  func text(report: String?) -> String {
    let v = statistics.vocabularySize
    var lines: [String] = []
    func section(_ title: String, _ body: [String]) {
      lines.append(title)
      lines += body.map { "   " + $0 }
      lines.append("")
    }
    func tagged(_ words: [String]) -> String { words.map { known.contains($0) ? $0 : "\($0)*" }.joined(separator: " ") }

    section(
      "1. Counts",
      [
        "\(statistics.words) words from \(source), \(statistics.bigrams) bigram events, \(v) symbols",
        "('.' marks the start and the end of a word): \(statistics.vocabulary)",
        "N is \(v)×\(v); the most common bigrams: "
          + topBigrams.map { "\($0.bigram) \($0.count)" }.joined(separator: ", "),
      ])
    section(
      "2. Probabilities",
      [
        "P(j|i) = (N_ij + 1) / Σ_k (N_ik + 1): mean NLL \(Format.nll(smoothed)), "
          + "perplexity \(Format.optional(smoothed.perplexity)).",
        "With α = 0 the NLL is \(Format.nll(unsmoothed)); guessing uniformly scores log \(v) = "
          + "\(Format.fixed(log(Double(v)))).",
      ])
    let marks = [0, 10, 100, training.count - 1].filter { $0 < training.count }
    section(
      "3. The neural net",
      [
        "logits = onehot(i)·W, P̂ = softmax(logits), loss = mean −log P̂(next); gradient descent, η = 50, from W = 0:",
        "loss " + marks.map { "\(Format.fixed(training[$0].loss, digits: 4)) (step \($0))" }.joined(separator: " → "),
        "it heads for the count model (α = 0, NLL \(Format.fixed(bridge.referenceNLL, digits: 4))): max |P − P̂| "
          + "\(Format.fixed(bridge.maxAbsDifference, digits: 4)), KL \(String(format: "%.2e", bridge.klDivergence)) nats.",
        "The net IS the count model at its optimum: W_ij = log(N_ij/n_i) + c_i (zero counts drift to −∞).",
      ])
    let best = gradientCheck.finiteDifferences.min { $0.maxAbsError < $1.maxAbsError }
    section(
      "4. Gradient check at W = 0",
      [
        "analytic ∂L/∂W = (n_i·p̂_i − N_i)/T (P̂ − onehot, averaged) vs our autodiff: max |Δ| = "
          + String(format: "%.1e", gradientCheck.analyticVsAutodiff),
        "central finite differences agree best at h = \(String(format: "%.0e", best?.h ?? 0)) (max |Δ| = "
          + String(format: "%.1e", best?.maxAbsError ?? 0) + "); larger h: truncation, smaller h: round-off.",
      ])
    section(
      "5. Taylor",
      [
        "L(W + εD) ≈ L(W) + ε⟨∇L, D⟩ along D = −∇L/‖∇L‖; the error shrinks like ε²:",
        taylor.rows.map {
          "ε = \(String(format: "%.0e", $0.epsilon)): error/ε² = \(String(format: "%.6f", $0.errorOverEpsilonSquared))"
        }.joined(separator: ", "),
        "→ ½·DᵀHD = \(String(format: "%.6f", taylor.halfCurvature)) from the exact Hessian.",
      ])
    section(
      "6. Learning rates (gradient descent, 100 steps, λ = 0.01)",
      [
        sweep.runs.map { "η = \(Format.number($0.learningRate)): \($0.verdict.rawValue)" }.joined(separator: ", "),
        "why: the steepest curvature λ_max of the Hessian bounds a stable step, η < 2/λ_max = "
          + "\(String(format: "%.0f", sweep.startCurvature.stabilityBound)) at the start,",
        "but only \(String(format: "%.1f", sweep.optimumCurvature.stabilityBound)) near the optimum, "
          + "where the loss is more curved.",
      ])
    section(
      "7. Samples (seed \(seed); * = not in the data)",
      ["counts: " + tagged(countSamples), "net:    " + tagged(netSamples)])
    if let report {
      lines.append("The whole story with pictures: \(report) (open it in a browser).")
    }
    lines.append(
      "Next: bigram counts | sample | score | train | gradcheck | taylor | lr-sweep | race | derive | heatmap | report")
    return lines.joined(separator: "\n")
  }
}

/// The tour as one JSON object.
struct TourSummary: Encodable {
  struct Rate: Encodable {
    let learningRate: Double
    let verdict: String
  }

  let source: String
  let statistics: CorpusStatistics
  let nll: Double?
  let unsmoothedNLL: Double?
  let training: [TrainingRecord]
  let bridge: ModelComparison
  let gradientCheck: GradientVerification
  let taylor: TaylorVerification
  let learningRates: [Rate]
  let stabilityBoundStart: Double
  let stabilityBoundOptimum: Double
  let countSamples: [String]
  let netSamples: [String]
  let report: String?
  /// Why the default report could not be written (nil when it was, or was not asked for).
  let reportError: String?

  init(tour: Tour, report: String?, reportError: String? = nil) {
    source = tour.source
    statistics = tour.statistics
    nll = tour.smoothed.mean
    unsmoothedNLL = tour.unsmoothed.mean
    training = tour.training
    bridge = tour.bridge
    gradientCheck = tour.gradientCheck
    taylor = tour.taylor
    learningRates = tour.sweep.runs.map { Rate(learningRate: $0.learningRate, verdict: $0.verdict.rawValue) }
    stabilityBoundStart = tour.sweep.startCurvature.stabilityBound
    stabilityBoundOptimum = tour.sweep.optimumCurvature.stabilityBound
    countSamples = tour.countSamples
    netSamples = tour.netSamples
    self.report = report
    self.reportError = reportError
  }
}
