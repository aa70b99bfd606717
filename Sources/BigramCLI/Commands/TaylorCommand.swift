import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// `bigram taylor`: the first-order Taylor model of the loss and its error shrinking like ε².
struct TaylorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "taylor",
    abstract: "Compare L(W + εD) with L(W) + ε⟨∇L, D⟩: the error shrinks like ε², error/ε² → ½·DᵀHD.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var weightOptions: WeightOptions
  @OptionGroup var seedOptions: SeedOptions
  @OptionGroup var output: OutputOptions

  /// The JSON shape: `rows` of {epsilon, loss, linear, error, errorOverEpsilonSquared}, `halfCurvature`.
  struct Report: Encodable {
    struct Row: Encodable {
      let epsilon: Double
      let loss: Double
      let linear: Double
      let error: Double
      let errorOverEpsilonSquared: Double
    }

    let loss: Double
    let directionalDerivative: Double
    let halfCurvature: Double
    let rows: [Row]
  }

  func run() throws {
    let corpus = try corpusOptions.load()
    let data = try TrainingData(corpus: corpus, l2: weightOptions.l2)
    let weights = try weightOptions.initialWeights(vocabulary: data.counts.vocabulary, seed: seedOptions.seed)
    try weightOptions.requireResolution(
      of: weights, step: TaylorCheck.defaultEpsilons.max() ?? 0, what: "a step ε·D with ‖D‖ = 1 and ε")
    let taylor = TaylorVerification(objective: data.objective, at: weights)
    let report = Report(
      loss: taylor.loss, directionalDerivative: taylor.directionalDerivative, halfCurvature: taylor.halfCurvature,
      rows: taylor.rows.map {
        Report.Row(
          epsilon: $0.epsilon, loss: $0.value, linear: $0.linear, error: $0.error,
          errorOverEpsilonSquared: $0.errorOverEpsilonSquared)
      })
    if output.json {
      try JSONOutput.print(report)
      return
    }
    print(
      "D = −∇L/‖∇L‖ at W = \(weightOptions.initialization), λ = \(Format.number(weightOptions.l2)); L(W) = \(Format.fixed(taylor.loss, digits: 10)), ⟨∇L, D⟩ = \(Format.fixed(taylor.directionalDerivative, digits: 10))"
    )
    print("")
    print("       ε        L(W + εD)    L(W) + ε⟨∇L,D⟩          error       error / ε²")
    for row in report.rows {
      print(
        String(
          format: "  %6.0e  %15.10f  %16.10f  %13.3e  %15.10f", row.epsilon, row.loss, row.linear, row.error,
          row.errorOverEpsilonSquared))
    }
    print("")
    print("  ½·DᵀHD from the exact Hessian = \(String(format: "%.10f", taylor.halfCurvature)): error/ε² settles there,")
    print("  so halving a step quarters the error of the linear model (until round-off takes over at tiny ε).")
  }
}
