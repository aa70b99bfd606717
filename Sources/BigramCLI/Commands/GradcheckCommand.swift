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

  func run() throws {
    let corpus = try corpusOptions.load()
    var options = TrainingOptions()
    options.l2 = weightOptions.l2
    options.path = .lookup
    let statistics = corpus.statistics
    // The one-hot path, the larger of the two autodiff paths it compares.
    try ResourceBudget.requireMemory(
      ResourceBudget.tapeBytes(events: statistics.bigrams, size: statistics.vocabularySize, path: .onehot),
      for: "the autodiff paths on \(statistics.bigrams) bigram events of \(statistics.vocabularySize) symbols",
      hint: "check the gradient on a smaller corpus (-i)")
    let data = try TrainingData(corpus: corpus, options: options)
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
