import ArgumentParser
import CharLM
import Foundation
import Reports

/// `--model DIR`: use the trained net saved by `bigram train -o DIR` instead of the count model.
struct ModelOptions: ParsableArguments {
  @Option(help: "A work directory written by `bigram train -o DIR`: use its trained net instead of the counts.")
  var model: String?

  /// The model to sample or score with, the words it is compared with ("in data" tags), the name
  /// of those words' source, and a description of the model.
  ///
  /// With `--model`, the words are `-i FILE` if given, else the checkpoint's own training data; when
  /// that file is gone the model still works: the words are nil, and a warning says once that the
  /// new / in-data tags are unavailable.
  func load(corpusOptions: CorpusOptions, smoothing: Double) throws -> (
    model: BigramProbabilities, corpus: Corpus?, source: String, description: String
  ) {
    guard let model else {
      let corpus = try corpusOptions.load()
      return (
        try BigramCounts(corpus: corpus).probabilities(smoothing: smoothing), corpus, corpus.source,
        "count model, α = \(Format.number(smoothing))"
      )
    }
    let checkpoint = try WorkDirectory(path: model).loadCheckpoint()
    let description = "trained net in \(model) (step \(checkpoint.state.step))"
    let corpus: Corpus?
    if corpusOptions.input != nil || checkpoint.source == Corpus.builtIn.source {
      corpus = try corpusOptions.load()
    } else {
      do {
        corpus = try Corpus(contentsOfFile: checkpoint.source)
      } catch {
        FileHandle.standardError.write(
          Data(
            ("bigram: warning: the training data \(checkpoint.source) cannot be read (\(error)); the words are not "
              + "tagged new / in data (pass -i FILE to compare with a word list)\n").utf8))
        corpus = nil
      }
    }
    return (checkpoint.model.probabilities, corpus, corpus?.source ?? checkpoint.source, description)
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

extension ModelOptions {
  /// Refuses (exit 64) the count-model settings that cannot apply together with the model chosen:
  /// n-gram and ARPA conflicts, `--order`/`--kneser-ney` with a trained net, and `--smoothing` with
  /// `--model DIR` (a trained model has no α, so the flag would be silently ignored).
  func refuseConflicts(smoothing: SmoothingOptions, ngram: NGramOptions, arpa: ARPAInputOptions) throws {
    try ngram.refuseConflicts(with: smoothing)
    try arpa.refuseConflicts(with: smoothing, ngram: ngram, model: self)
    if ngram.isGiven && model != nil {
      throw ValidationError("--model is a trained bigram net: it cannot be combined with --order or --kneser-ney")
    }
    if let alpha = smoothing.given, let model {
      throw ValidationError(
        "--smoothing \(alpha) sets the count model's α, but --model \(model) uses a trained model, which has no α; "
          + "drop --smoothing, or drop --model to use the count model")
    }
  }
}
