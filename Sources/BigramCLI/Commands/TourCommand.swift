import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// `bigram` with no arguments: the guided tour on the built-in corpus (or `-i FILE`), one short
/// step per section of the design document.
struct TourCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tour",
    abstract: "The guided tour: counts → neural net → gradient check → Taylor → learning rates → samples.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var seedOptions: SeedOptions

  func run() throws {
    let corpus = try corpusOptions.load()
    let statistics = corpus.statistics
    var options = TrainingOptions()
    options.steps = 300
    let data = try TrainingData(corpus: corpus, options: options)
    let counts = data.counts
    let v = counts.size

    section(
      "1. Counts",
      [
        "\(statistics.words) words from \(corpus.source), \(statistics.bigrams) bigram events, \(v) symbols",
        "('.' marks the start and the end of a word): \(statistics.vocabulary)",
        "N is \(v)×\(v); the most common bigrams: "
          + CountsCommand.topBigrams(counts, limit: 6).map { "\($0.bigram) \($0.count)" }.joined(separator: ", "),
      ])

    let smoothed = try counts.probabilities(smoothing: 1).negativeLogLikelihood(of: corpus.words)
    let raw = try counts.probabilities(smoothing: 0).negativeLogLikelihood(of: corpus.words)
    section(
      "2. Probabilities",
      [
        "P(j|i) = (N_ij + 1) / Σ_k (N_ik + 1): mean NLL \(Format.nll(smoothed)), perplexity \(Format.optional(smoothed.perplexity)).",
        "With α = 0 the NLL is \(Format.nll(raw)); guessing uniformly scores log \(v) = \(Format.fixed(log(Double(v)))).",
      ])

    let zero = Tensor(zeros: [v, v])
    var trainer = data.trainer(options: options, initialWeights: zero)
    _ = try trainer.run()
    let records = trainer.state.history.records
    let bridge = data.bridge(weights: trainer.state.weights).unsmoothed
    section(
      "3. The neural net",
      [
        "logits = onehot(i)·W, P̂ = softmax(logits), loss = mean −log P̂(next); gradient descent, η = 50, from W = 0:",
        "loss "
          + [0, 10, 100, records.count - 1].map { "\(Format.fixed(records[$0].loss, digits: 4)) (step \($0))" }
          .joined(separator: " → "),
        "it heads for the count model (α = 0, NLL \(Format.fixed(bridge.referenceNLL, digits: 4))): max |P − P̂| "
          + "\(Format.fixed(bridge.maxAbsDifference, digits: 4)), KL \(String(format: "%.2e", bridge.klDivergence)) nats.",
        "The net IS the count model at its optimum: W_ij = log(N_ij/n_i) + c_i (zero counts drift to −∞).",
      ])

    let events = try BigramEvents(corpus: corpus, vocabulary: counts.vocabulary)
    let verification = GradientVerification(objective: data.objective, events: events, at: zero)
    let best = verification.finiteDifferences.min { $0.maxAbsError < $1.maxAbsError }
    section(
      "4. Gradient check at W = 0",
      [
        "analytic ∂L/∂W = (n_i·p̂_i − N_i)/T (P̂ − onehot, averaged) vs our autodiff: max |Δ| = "
          + String(format: "%.1e", verification.analyticVsAutodiff),
        "central finite differences agree best at h = \(String(format: "%.0e", best?.h ?? 0)) (max |Δ| = "
          + String(format: "%.1e", best?.maxAbsError ?? 0) + "); larger h: truncation, smaller h: round-off.",
      ])

    let taylor = TaylorVerification(objective: data.objective, at: zero)
    section(
      "5. Taylor",
      [
        "L(W + εD) ≈ L(W) + ε⟨∇L, D⟩ along D = −∇L/‖∇L‖; the error shrinks like ε²:",
        taylor.rows.map {
          "ε = \(String(format: "%.0e", $0.epsilon)): error/ε² = \(String(format: "%.6f", $0.errorOverEpsilonSquared))"
        }
        .joined(separator: ", "),
        "→ ½·DᵀHD = \(String(format: "%.6f", taylor.halfCurvature)) from the exact Hessian.",
      ])

    // λ = 0.01 gives the loss a true minimum, so its curvature there is defined.
    let regularized = BigramObjective(counts: counts, l2: 0.01)
    let optimum = try Optimum(objective: regularized)
    let sweep = LearningRateSweep(
      objective: regularized, initialWeights: zero, learningRates: [1, 10, 50, 150, 500], steps: 100, optimum: optimum)
    section(
      "6. Learning rates (gradient descent, 100 steps, λ = 0.01)",
      [
        sweep.runs.map { "η = \(Format.number($0.learningRate)): \($0.verdict.rawValue)" }.joined(separator: ", "),
        "why: the steepest curvature λ_max of the Hessian bounds a stable step, η < 2/λ_max = "
          + "\(String(format: "%.0f", sweep.startCurvature.stabilityBound)) at the start,",
        "but only \(String(format: "%.1f", sweep.optimumCurvature.stabilityBound)) near the optimum, where the loss is more curved.",
      ])

    var generator = SplitMix64(seed: seedOptions.seed)
    let known = Set(corpus.words)
    let countSamples = Sampler(model: counts.probabilities(smoothing: 1)).sample(count: 8, using: &generator)
    generator = SplitMix64(seed: seedOptions.seed)
    let net = SoftmaxBigram(vocabulary: counts.vocabulary, weights: trainer.state.weights)
    let netSamples = Sampler(model: net.probabilities).sample(count: 8, using: &generator)
    section(
      "7. Samples (seed \(seedOptions.seed); * = not in the data)",
      [
        "counts: " + countSamples.map { known.contains($0) ? $0 : "\($0)*" }.joined(separator: " "),
        "net:    " + netSamples.map { known.contains($0) ? $0 : "\($0)*" }.joined(separator: " "),
      ])
    print("Next: bigram counts | sample | score | train | gradcheck | taylor | lr-sweep | race | derive | heatmap")
  }

  private func section(_ title: String, _ lines: [String]) {
    print(title)
    for line in lines { print("   " + line) }
    print("")
  }
}
