import ArgumentParser
import CharLM
import Foundation

/// `bigram race`: GD, momentum, Nesterov, Adam, clipped GD and Newton from the same start, timed to
/// L* + 1e-3 and L* + 1e-6.
struct RaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "race",
    abstract:
      "Race GD, momentum, Nesterov, Adam, clipped GD and Newton from W = 0 to the optimum L* + 1e-3 and + 1e-6.",
    discussion: """
      The learning rates are tuned for names.txt with λ = 0.01: gd 70 (just under 2/λ_max(W*) = 74.5), \
      momentum and nesterov 30 with μ = 0.9, adam 1, clipped-gd 70 with the gradient norm clipped to 0.02; \
      Newton's line search picks its own step. Override one with --rate NAME=η. Each run stops at L* + 1e-6 \
      or after --steps updates; L* comes from Newton's method (‖∇L‖ < 1e-12).
      """)

  /// `NAME=η`: a learning rate for one entrant.
  struct RateOverride: ExpressibleByArgument {
    let name: String
    let rate: Double

    init?(argument: String) {
      let parts = argument.split(separator: "=", maxSplits: 1)
      guard parts.count == 2, let rate = Double(parts[1]) else { return nil }
      name = String(parts[0])
      self.rate = rate
    }
  }

  @OptionGroup var corpusOptions: CorpusOptions
  // Not the shared WeightOptions: the race always starts at W = 0, and its rates are tuned for λ = 0.01
  // (with λ = 0 there is no optimum to race to, only a limit that Newton's method cannot approach).
  @Option(
    parsing: .unconditional,
    help: "L2 weight λ of the penalty λ·mean(W²); λ ≥ 0 (default 0.01 in every command; 0 = the count model's limit).")
  var l2 = WeightOptions.defaultL2
  @Option(help: "The most updates each optimizer makes.")
  var steps = OptimizerRace.defaultSteps
  @Option(name: .customLong("rate"), help: "Override an entrant's learning rate, e.g. --rate gd=50 (repeatable).")
  var overrides: [RateOverride] = []
  @Flag(help: "No progress bar.")
  var quiet = false
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard l2 >= 0, l2.isFinite else { throw ValidationError("--l2 must be a number ≥ 0; got \(l2)") }
    guard (1...1_000_000).contains(steps) else {
      throw ValidationError("--steps must be between 1 and 1000000; got \(steps)")
    }
    let tunable = RaceEntrant.standard(l2: 0, steps: 1).map(\.name).filter { $0 != "newton" }
    for override in overrides {
      guard tunable.contains(override.name) else {
        throw ValidationError(
          "--rate \(override.name)=…: no such optimizer with a learning rate; use one of \(tunable.joined(separator: ", "))"
            + " (Newton's line search chooses its own step)")
      }
      guard override.rate > 0, override.rate.isFinite else {
        throw ValidationError("--rate \(override.name)=\(override.rate): the learning rate must be a positive number")
      }
    }
  }

  func run() throws {
    let corpus = try corpusOptions.load()
    let data = try TrainingData(corpus: corpus, l2: l2)
    try ResourceBudget.requireOptimumAndCurvature(size: data.counts.size, l2: l2, runsNewton: true, curvaturePoints: 1)
    let entrants = RaceEntrant.standard(l2: l2, steps: steps).map { standard in
      var entrant = standard
      if let override = overrides.last(where: { $0.name == standard.name }) {
        entrant.options.learningRate = override.rate
      }
      return entrant
    }
    let optimum = try Optimum(finding: data.objective)
    var progress = ProgressBar(total: entrants.count, label: "race", quiet: quiet)
    let race = OptimizerRace(
      objective: data.objective, entrants: entrants, optimum: optimum, progress: { progress.update($0) })
    progress.finish()
    let report = RaceReport(
      race: race, l2: l2, steps: steps,
      optimumCurvature: Curvature(objective: data.objective, at: optimum.weights))
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text(corpus: corpus.source))
    }
  }
}

/// What `bigram race` prints.
struct RaceReport: Encodable {
  struct Result: Encodable {
    let optimizer: String
    let settings: String
    let learningRate: Double?
    let finalLoss: Double
    let steps: Int
    let stepsToCoarseGap: Int?
    let stepsToFineGap: Int?
    let secondsToCoarseGap: Double?
    let secondsToFineGap: Double?
    let seconds: Double
    let failure: String?

    /// The mean wall time of one update.
    var secondsPerStep: Double { seconds / Double(max(steps, 1)) }

    // The keys carry the gaps, hyphen included, and absent milestones print as null.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(optimizer, forKey: .optimizer)
      try container.encode(settings, forKey: .settings)
      try container.encode(learningRate, forKey: .learningRate)
      try container.encode(finalLoss, forKey: .finalLoss)
      try container.encode(steps, forKey: .steps)
      try container.encode(stepsToCoarseGap, forKey: .stepsToCoarseGap)
      try container.encode(stepsToFineGap, forKey: .stepsToFineGap)
      try container.encode(secondsToCoarseGap, forKey: .secondsToCoarseGap)
      try container.encode(secondsToFineGap, forKey: .secondsToFineGap)
      try container.encode(seconds, forKey: .seconds)
      try container.encode(failure, forKey: .failure)
    }

    private enum CodingKeys: String, CodingKey {
      case optimizer, settings, learningRate, finalLoss, steps, seconds, failure
      case stepsToCoarseGap = "stepsTo1e-3"
      case stepsToFineGap = "stepsTo1e-6"
      case secondsToCoarseGap = "secondsTo1e-3"
      case secondsToFineGap = "secondsTo1e-6"
    }
  }

  let l2: Double
  let stepBudget: Int
  let optimumLoss: Double
  let optimumIsLimit: Bool
  let stabilityBoundOptimum: Double
  let results: [Result]

  init(race: OptimizerRace, l2: Double, steps: Int, optimumCurvature: Curvature) {
    self.l2 = l2
    stepBudget = steps
    optimumLoss = race.optimum.loss
    optimumIsLimit = race.optimum.isLimit
    stabilityBoundOptimum = optimumCurvature.stabilityBound
    results = race.results.map { result in
      let options = result.entrant.options
      return Result(
        optimizer: result.entrant.name, settings: Self.settings(of: options),
        learningRate: options.method == .newton ? nil : options.learningRate, finalLoss: result.finalLoss,
        steps: result.steps, stepsToCoarseGap: result.withinCoarseGap?.step, stepsToFineGap: result.withinFineGap?.step,
        secondsToCoarseGap: result.withinCoarseGap?.seconds, secondsToFineGap: result.withinFineGap?.seconds,
        seconds: result.seconds, failure: result.failure?.description)
    }
  }

  // The hyper-parameters that matter for each update rule, e.g. "η = 30, μ = 0.9".
  private static func settings(of options: TrainingOptions) -> String {
    let rate = "η = \(Format.number(options.learningRate))"
    switch options.method {
    case .momentum, .nesterov: return "\(rate), μ = \(Format.number(options.momentum))"
    case .adam, .adamw: return "\(rate), β = \(Format.number(options.beta1))/\(Format.number(options.beta2))"
    case .newton: return "line search from t = 1"
    case .gd, .sgd: return options.clipNorm.map { "\(rate), clip ‖∇L‖ ≤ \(Format.number($0))" } ?? rate
    }
  }

  /// The table and a few lines on why the optimizers finish in this order, for `corpus`.
  func text(corpus: String) -> String {
    let optimumSource =
      optimumIsLimit
      ? "the count model's NLL: with λ = 0 there is no minimiser, only this infimum"
      : "Newton's method to ‖∇L‖ < 1e-12"
    let widths = [11, 26, 18, 18, 14, 7, 10, 10]
    func row(_ cells: [String]) -> String {
      cells.enumerated().map { $0 < 2 ? $1.rightPadded(to: widths[$0]) : $1.leftPadded(to: widths[$0]) }.joined()
    }
    var lines = [
      "Optimizer race on \(corpus), λ = \(Format.number(l2)), every optimizer from W = 0",
      "  L* = \(Format.fixed(optimumLoss, digits: 10)) (\(optimumSource));",
      "  each run stops when its loss is within 1e-6 of L* or after \(stepBudget) updates.",
      "",
      row(["optimizer", "settings", "to L*+1e-3", "to L*+1e-6", "final loss", "steps", "time", "per step"]),
    ]
    for result in results {
      lines.append(
        row([
          result.optimizer, result.settings, Self.milestone(result.stepsToCoarseGap, result.secondsToCoarseGap),
          Self.milestone(result.stepsToFineGap, result.secondsToFineGap), Format.fixed(result.finalLoss, digits: 10),
          "\(result.steps)", Format.seconds(result.seconds), Format.seconds(result.secondsPerStep),
        ]))
      if let failure = result.failure { lines.append("    stopped early: \(failure)") }
    }
    let bound = String(format: "%.3g", stabilityBoundOptimum)
    // No-break spaces keep "1.2 ms" on one line when the paragraph is wrapped.
    let perStep = Dictionary(
      results.map { ($0.optimizer, Format.seconds($0.secondsPerStep).replacingOccurrences(of: " ", with: "\u{A0}")) }
    ) { first, _ in first }
    let paragraphs = [
      (
        "newton",
        "solves H_i·d_i = −∇L_i for every row with the exact Hessian, so near L* each step squares the gap: "
          + "few steps, but each costs an eigen-decomposition per row block (\(perStep["newton"] ?? "?") a step "
          + "against \(perStep["gd"] ?? "?") for a gradient step)."
      ),
      (
        "gd",
        "one fixed η is capped by the stiffest direction at the optimum, η < 2/λ_max(W*) = \(bound); the "
          + "flattest directions then shrink by only a factor (1 − η·μ_min) per step."
      ),
      (
        "momentum",
        "and nesterov reuse past steps: along a steady slope the step grows to η/(1 − μ) (10η for μ\u{A0}=\u{A0}0.9), "
          + "while in stiff directions successive steps cancel; Nesterov's look-ahead damps the overshoot."
      ),
      (
        "adam",
        "divides each coordinate's step by its recent RMS gradient, so rare and frequent bigrams move at "
          + "similar speed whatever the curvature."
      ),
      (
        "clipped-gd",
        "caps the step at η·c while ‖∇L‖ > c: a guard against huge gradients that cannot beat the curvature "
          + "bound, so it finishes with GD."
      ),
    ]
    lines += ["", "Why this order:"]
    lines += paragraphs.map { "  " + $0.0.rightPadded(to: 11) + $0.1.wrapped(width: 100, indent: 13) }
    return lines.joined(separator: "\n")
  }

  // "164 (1.9 ms)" or "not reached".
  private static func milestone(_ step: Int?, _ seconds: Double?) -> String {
    guard let step, let seconds else { return "not reached" }
    return "\(step) (\(Format.seconds(seconds)))"
  }
}
