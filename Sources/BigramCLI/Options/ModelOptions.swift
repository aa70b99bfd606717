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

extension ModelOptions {
  /// With `--model DIR` holding an MLP run: its last model, vocabulary, the words "in data" tags
  /// compare with (`-i FILE`, else the run's training data) and a description; nil otherwise.
  func loadMLP(corpusOptions: CorpusOptions) throws -> (MLPModel, Vocabulary, Corpus, String)? {
    guard let model, WorkDirectory(path: model).holdsMLP else { return nil }
    let checkpoint = try WorkDirectory(path: model).loadMLPCheckpoint()
    let corpus: Corpus
    if corpusOptions.input != nil || checkpoint.data.train == Corpus.builtIn.source {
      corpus = try corpusOptions.load()
    } else {
      corpus = try Corpus(contentsOfFile: checkpoint.data.train)
    }
    let configuration = checkpoint.state.model.configuration
    return (
      checkpoint.state.model, checkpoint.vocabulary, corpus,
      "MLP in \(model) (context \(configuration.context), step \(checkpoint.state.step))"
    )
  }
}
