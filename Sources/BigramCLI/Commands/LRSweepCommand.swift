import ArgumentParser
import CharLM
import Foundation

/// `bigram lr-sweep`: full-batch gradient descent at a geometric range of learning rates, each run
/// judged too-small, good, oscillating or divergent, and explained by the Hessian's λ_max.
struct LRSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lr-sweep",
    abstract: "Train GD at learning rates from --from to --to and see which are too small, good, oscillating or "
      + "divergent, and why (the curvature bound 2/λ_max).",
    discussion: """
      Verdicts, from each run's loss curve L₀ … L_K: divergent = a non-finite loss or L_K > L₀; \
      oscillating = the loss rose at some step; too-small = monotone but closing less than 90% of the gap \
      L₀ − L* that the best run closes; good = the rest. L* comes from Newton's method (‖∇L‖ < 1e-12); \
      with --l2 0 it is the count model's NLL, the infimum.
      """)

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var weightOptions: WeightOptions
  @OptionGroup var seedOptions: SeedOptions
  @Option(help: "Updates per run.")
  var steps = LearningRateSweep.defaultSteps
  @Option(name: .customLong("from"), parsing: .unconditional, help: "The smallest learning rate.")
  var lowest = LearningRateSweep.defaultLowestRate
  @Option(name: .customLong("to"), parsing: .unconditional, help: "The largest learning rate.")
  var highest = LearningRateSweep.defaultHighestRate
  @Option(help: "The number of learning rates, spaced geometrically from --from to --to.")
  var count = LearningRateSweep.defaultCount
  @Flag(help: "No progress bar.")
  var quiet = false
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard lowest > 0, highest.isFinite, lowest <= highest else {
      throw ValidationError("--from and --to must be positive numbers with --from ≤ --to; got \(lowest) and \(highest)")
    }
    guard (1...1_000).contains(count) else { throw ValidationError("--count must be between 1 and 1000; got \(count)") }
    guard (1...1_000_000).contains(steps) else {
      throw ValidationError("--steps must be between 1 and 1000000; got \(steps)")
    }
  }

  func run() throws {
    let corpus = try corpusOptions.load()
    let data = try TrainingData(corpus: corpus, l2: weightOptions.l2)
    try ResourceBudget.requireMemory(
      ResourceBudget.historyBytes(steps: steps, runs: count), for: "\(count) runs of \(steps) steps",
      hint: "sweep fewer --count rates or fewer --steps (each run keeps one record per step)")
    try ResourceBudget.requireOptimumAndCurvature(
      size: data.counts.size, l2: weightOptions.l2, runsNewton: false, curvaturePoints: 2)
    let weights = try weightOptions.initialWeights(vocabulary: data.counts.vocabulary, seed: seedOptions.seed)
    let startLoss = data.objective.evaluate(at: weights, gradient: false).loss
    guard startLoss.isFinite else {
      throw CommandFailure(
        message: "the loss at the initial weights (--init \(weightOptions.initialization)) is \(startLoss); "
          + "start from smaller weights", exitCode: 65)
    }
    let optimum = try Optimum(finding: data.objective)
    var progress = ProgressBar(total: count, label: "sweep", quiet: quiet)
    let sweep = LearningRateSweep(
      objective: data.objective, initialWeights: weights,
      learningRates: LearningRateSweep.geometricRates(from: lowest, to: highest, count: count), steps: steps,
      optimum: optimum, progress: { progress.update($0) })
    progress.finish()
    let report = SweepReport(sweep: sweep, l2: weightOptions.l2)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(
        report.text(
          corpus: corpus.source, start: weightOptions.initialization,
          stiffestRows: (
            data.counts.vocabulary.displayName(of: sweep.startCurvature.stiffestRow),
            data.counts.vocabulary.displayName(of: sweep.optimumCurvature.stiffestRow)
          )))
    }
  }
}

extension Optimum {
  /// The optimum of `objective` by Newton's method, or a command failure that says why not.
  init(finding objective: BigramObjective) throws {
    do {
      try self.init(objective: objective)
    } catch {
      throw CommandFailure(message: error.description, exitCode: 1)
    }
  }
}

/// What `bigram lr-sweep` prints.
struct SweepReport: Encodable {
  struct Point: Encodable {
    let step: Int
    let loss: Double
  }

  struct Run: Encodable {
    let learningRate: Double
    let verdict: String
    let finalLoss: Double
    let rises: Int
    let gapClosed: Double
    let divergedAtStep: Int?
    let nonFiniteStep: Int?
    let relativeToStartBound: Double
    let relativeToOptimumBound: Double
    let lossCurve: [Point]

    // Spelled out so that absent steps print as null rather than disappearing.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(learningRate, forKey: .learningRate)
      try container.encode(verdict, forKey: .verdict)
      try container.encode(finalLoss, forKey: .finalLoss)
      try container.encode(rises, forKey: .rises)
      try container.encode(gapClosed, forKey: .gapClosed)
      try container.encode(divergedAtStep, forKey: .divergedAtStep)
      try container.encode(nonFiniteStep, forKey: .nonFiniteStep)
      try container.encode(relativeToStartBound, forKey: .relativeToStartBound)
      try container.encode(relativeToOptimumBound, forKey: .relativeToOptimumBound)
      try container.encode(lossCurve, forKey: .lossCurve)
    }

    private enum CodingKeys: String, CodingKey {
      case learningRate, verdict, finalLoss, rises, gapClosed, divergedAtStep, nonFiniteStep
      case relativeToStartBound, relativeToOptimumBound, lossCurve
    }
  }

  let l2: Double
  let steps: Int
  let startLoss: Double
  let optimumLoss: Double
  let optimumIsLimit: Bool
  let optimumIterations: Int
  let lambdaMaxStart: Double
  let lambdaMaxOptimum: Double
  let stabilityBoundStart: Double
  let stabilityBoundOptimum: Double
  let bestLearningRate: Double?
  let closingFraction: Double
  let runs: [Run]

  init(sweep: LearningRateSweep, l2: Double) {
    self.l2 = l2
    steps = sweep.steps
    startLoss = sweep.startLoss
    optimumLoss = sweep.optimum.loss
    optimumIsLimit = sweep.optimum.isLimit
    optimumIterations = sweep.optimum.iterations
    lambdaMaxStart = sweep.startCurvature.largestEigenvalue
    lambdaMaxOptimum = sweep.optimumCurvature.largestEigenvalue
    stabilityBoundStart = sweep.startCurvature.stabilityBound
    stabilityBoundOptimum = sweep.optimumCurvature.stabilityBound
    bestLearningRate = sweep.bestRun?.learningRate
    closingFraction = LearningRateSweep.closingFraction
    // About a hundred points per curve, however long the runs.
    let thinning = max(1, sweep.steps / 100)
    runs = sweep.runs.map { [stabilityBoundStart, stabilityBoundOptimum] run in
      Run(
        learningRate: run.learningRate, verdict: run.verdict.rawValue, finalLoss: run.finalLoss, rises: run.rises,
        gapClosed: run.gapClosed, divergedAtStep: run.divergedAtStep, nonFiniteStep: run.nonFiniteStep,
        relativeToStartBound: run.learningRate / stabilityBoundStart,
        relativeToOptimumBound: run.learningRate / stabilityBoundOptimum,
        lossCurve: run.history.thinned(every: thinning).map { Point(step: $0.step, loss: $0.loss) })
    }
  }

  /// The table and the explanation, for `corpus` from the start `start`; `stiffestRows` names the
  /// symbols whose rows hold λ_max at the start and at the optimum.
  func text(corpus: String, start: String, stiffestRows: (String, String)) -> String {
    let startBound = Self.rate(stabilityBoundStart)
    let optimumBound = Self.rate(stabilityBoundOptimum)
    let optimumSource =
      optimumIsLimit
      ? "the count model's NLL: with λ = 0 the loss has no minimiser, only this infimum"
      : "Newton's method, \(optimumIterations) iterations to ‖∇L‖ < 1e-12"
    var lines = [
      "Learning-rate sweep on \(corpus), λ = \(Format.number(l2))",
      "  full-batch gradient descent from W = \(start), \(steps) updates at each of \(runs.count) rates",
      "  L(W₀) = \(Format.fixed(startLoss)), L* = \(Format.fixed(optimumLoss)) (\(optimumSource))",
      "",
      "Curvature: λ_max, the largest eigenvalue of the Hessian (the largest over its row blocks H_i)",
      "  at the start W₀    λ_max = \(String(format: "%.6f", lambdaMaxStart)) (row '\(stiffestRows.0)')"
        + "  → GD is stable for η < 2/λ_max = \(startBound)",
      "  at the optimum W*  λ_max = \(String(format: "%.6f", lambdaMaxOptimum)) (row '\(stiffestRows.1)')"
        + "  → GD is stable for η < 2/λ_max = \(optimumBound)",
      "",
      [
        "η".leftPadded(to: 10), "η/\(startBound)".leftPadded(to: 8), "η/\(optimumBound)".leftPadded(to: 8),
        "final loss".leftPadded(to: 12), "gap closed".leftPadded(to: 11), "rises".leftPadded(to: 5), "verdict",
      ].joined(separator: "  "),
    ]
    for run in runs {
      var verdict = run.verdict
      if run.learningRate == bestLearningRate { verdict += " (best)" }
      if let step = run.nonFiniteStep {
        verdict += ", non-finite at step \(step)"
      } else if let step = run.divergedAtStep {
        verdict += ", above L₀ from step \(step) on"
      }
      lines.append(
        Self.rate(run.learningRate).leftPadded(to: 10)
          + String(format: "  %8.3f  %8.3f  ", run.relativeToStartBound, run.relativeToOptimumBound)
          + Format.fixed(run.finalLoss).leftPadded(to: 12) + "  "
          + (Format.fixed(100 * run.gapClosed, digits: 1) + "%").leftPadded(to: 11)
          + String(format: "  %5d  ", run.rises) + verdict)
    }
    lines.append("")
    lines.append("Why:")
    var paragraphs = [
      "A GD step multiplies the error along a Hessian eigenvector of eigenvalue μ by (1 − ημ), so it shrinks only "
        + "if η < 2/μ. " + curvatureChange(startBound: startBound, optimumBound: optimumBound)
    ]
    let best = bestLearningRate.map(Self.rate) ?? "none"
    let share = "\(Int(closingFraction * 100))%"
    for verdict in [LearningRateVerdict.tooSmall, .good] {
      let rates = runs.filter { $0.verdict == verdict.rawValue }.map(\.learningRate)
      guard let first = rates.first, let last = rates.last else { continue }
      let range = first == last ? "η = \(Self.rate(first))" : "η = \(Self.rate(first)) … \(Self.rate(last))"
      paragraphs.append(
        verdict == .tooSmall
          ? "too-small (\(range)): the loss falls at every step but closes less than \(share) of the gap L₀\u{A0}−\u{A0}L* "
            + "that the best run (η = \(best)) closes in \(steps) steps."
          : "good (\(range)): the loss falls at every step and closes at least \(share) of what the best run closes.")
    }
    for verdict in [LearningRateVerdict.oscillating, .divergent] {
      for run in runs where run.verdict == verdict.rawValue {
        paragraphs.append(
          "\(verdict.rawValue): " + explanation(of: run, startBound: startBound, optimumBound: optimumBound))
      }
    }
    lines += paragraphs.map { "  " + $0.wrapped(width: 98, indent: 4) }
    return lines.joined(separator: "\n")
  }

  // How λ_max changes from W₀ to W*: on most corpora it grows as P̂ sharpens, but on a tiny one (a
  // single letter, λ = 0) the optimum is flat and the safe rate rises instead.
  private func curvatureChange(startBound: String, optimumBound: String) -> String {
    let (start, optimum) = (String(format: "%.3g", lambdaMaxStart), String(format: "%.3g", lambdaMaxOptimum))
    if lambdaMaxOptimum > lambdaMaxStart {
      return "As P̂ sharpens, λ_max grows from \(start) to \(optimum), so the safe rate falls from \(startBound) to "
        + "\(optimumBound)."
    }
    return "Here λ_max falls from \(start) to \(optimum) as P̂ sharpens, so the safe rate rises from \(startBound) "
      + "to \(optimumBound)."
  }

  // One sentence on an oscillating or divergent run, placing its η between the two bounds.
  private func explanation(of run: Run, startBound: String, optimumBound: String) -> String {
    let rate = "η = \(Self.rate(run.learningRate))"
    let divergent = run.verdict == LearningRateVerdict.divergent.rawValue
    var ending = "the loss rose \(run.rises) times and ended at \(Format.fixed(run.finalLoss))"
    if let step = run.nonFiniteStep {
      ending = "the loss became non-finite at step \(step) (the last finite loss was \(Format.fixed(run.finalLoss)))"
    } else if divergent {
      ending += ", above where it started (\(Format.fixed(startLoss)))"
    }
    if run.relativeToStartBound > 1 {
      return "\(rate) is above \(startBound) already at the start, so it overshoots from the first steps: \(ending)."
    }
    if run.relativeToOptimumBound > 1 {
      return "\(rate) helps early (below \(startBound)) and then "
        + (divergent ? "overshoots ever more" : "stalls and oscillates")
        + " near the optimum (above \(optimumBound)): \(ending)."
    }
    return "\(rate) is below both bounds, yet \(ending): the loss is stiffer somewhere between W₀ and W*."
  }

  // A learning rate or bound with three significant digits: 362, 74.5, 0.217.
  private static func rate(_ value: Double) -> String {
    // 2/λ_max is ∞ where the optimum is flat (one letter, λ = 0).
    value.isInfinite ? Format.fixed(value) : String(format: "%.3g", value)
  }
}

extension String {
  /// The string with spaces in front up to `width` characters, for the commands' tables.
  func leftPadded(to width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }

  /// The text broken at spaces into lines of at most `width − indent` characters (a longer word stays
  /// whole), every line after the first indented by `indent` spaces (the caller puts the first line's).
  func wrapped(width: Int, indent: Int) -> String {
    var lines: [String] = []
    var line = ""
    for word in split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width - indent {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
  }

  /// The string with spaces after it up to `width` characters.
  func rightPadded(to width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}
