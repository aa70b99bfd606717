import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// `bigram` with no arguments: the guided tour on the built-in corpus (or `-i FILE`).
struct TourCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tour",
    abstract: "The guided tour: counts, probabilities, likelihood and samples on one corpus.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var seedOptions: SeedOptions

  func run() throws {
    let corpus = try corpusOptions.load()
    let statistics = corpus.statistics
    let counts = try BigramCounts(corpus: corpus)
    print("1. Counts. \(statistics.words) words from \(corpus.source), \(statistics.bigrams) bigram events,")
    print("   \(statistics.vocabularySize) symbols ('.' marks the start and end of a word): \(statistics.vocabulary)")
    let top = CountsCommand.topBigrams(counts, limit: 5).map { "\($0.bigram) \($0.count)" }.joined(separator: ", ")
    print("   N is \(counts.size)×\(counts.size); the most common bigrams: \(top)")
    print("")
    let model = counts.probabilities(smoothing: 1)
    let likelihood = try model.negativeLogLikelihood(of: corpus.words)
    let raw = try counts.probabilities(smoothing: 0).negativeLogLikelihood(of: corpus.words)
    print("2. Probabilities. P(j|i) = (N_ij + 1) / Σ_k (N_ik + 1), each row sums to 1.")
    print("   mean NLL \(Format.nll(likelihood)) (perplexity \(Format.optional(likelihood.perplexity)));")
    print(
      "   with α = 0 it is \(Format.nll(raw)); a uniform guess scores log \(counts.size) = \(Format.fixed(log(Double(counts.size))))."
    )
    print("")
    var generator = SplitMix64(seed: seedOptions.seed)
    let known = Set(corpus.words)
    let samples = Sampler(model: model).sample(count: 8, using: &generator)
    print(
      "3. Samples (seed \(seedOptions.seed)): "
        + samples.map { known.contains($0) ? $0 : "\($0)*" }.joined(separator: " "))
    print("   (* = new, not in the data)")
  }
}
