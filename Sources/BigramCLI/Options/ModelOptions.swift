import ArgumentParser
import CharLM
import Foundation
import Reports

/// `--model DIR`: use the trained net saved by `bigram train -o DIR` instead of the count model.
struct ModelOptions: ParsableArguments {
  @Option(help: "A work directory written by `bigram train -o DIR`: use its trained net instead of the counts.")
  var model: String?

  /// The model to sample or score with, and the words it is compared with ("in data" tags).
  ///
  /// With `--model`, the words are `-i FILE` if given, else the checkpoint's own training data.
  func load(corpusOptions: CorpusOptions, smoothing: Double) throws -> (BigramProbabilities, Corpus, String) {
    guard let model else {
      let corpus = try corpusOptions.load()
      return (
        try BigramCounts(corpus: corpus).probabilities(smoothing: smoothing), corpus,
        "count model, α = \(Format.number(smoothing))"
      )
    }
    let checkpoint = try WorkDirectory(path: model).loadCheckpoint()
    let corpus: Corpus
    if corpusOptions.input != nil || checkpoint.source == Corpus.builtIn.source {
      corpus = try corpusOptions.load()
    } else {
      corpus = try Corpus(contentsOfFile: checkpoint.source)
    }
    return (checkpoint.model.probabilities, corpus, "trained net in \(model) (step \(checkpoint.state.step))")
  }
}
