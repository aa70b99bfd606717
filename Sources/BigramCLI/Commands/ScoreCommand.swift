import ArgumentParser
import CharLM
import Foundation

/// `bigram score WORD...`: how likely the count model finds each word, bigram by bigram.
struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Score words under the count model: log-likelihood, mean NLL and each bigram's probability.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var smoothingOptions: SmoothingOptions
  @Argument(help: "The words to score.")
  var words: [String]
  @OptionGroup var modelOptions: ModelOptions
  @OptionGroup var ngramOptions: NGramOptions
  @OptionGroup var arpaOptions: ARPAInputOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    try modelOptions.refuseConflicts(smoothing: smoothingOptions, ngram: ngramOptions, arpa: arpaOptions)
    guard !words.isEmpty else { throw ValidationError("give at least one word to score, e.g. bigram score emma") }
  }

  func run() throws {
    if let choice = try NGramModelChoice.load(
      corpusOptions: corpusOptions, smoothing: smoothingOptions, ngram: ngramOptions, arpa: arpaOptions)
    {
      let scores = try words.map { word in
        ScoreReport.Entry(score: try choice.model.score(word), inTrainingData: choice.known.contains(word))
      }
      let report = ScoreReport(
        source: choice.source, model: choice.description, smoothing: smoothingOptions.smoothing, scores: scores,
        order: choice.order)
      return try output.json ? JSONOutput.print(report) : print(report.text)
    }
    if let (mlp, vocabulary, corpus, description) = try modelOptions.loadMLP(corpusOptions: corpusOptions) {
      let known = Set(corpus.words)
      let scores = try words.map { word in
        ScoreReport.Entry(score: try mlp.score(word, vocabulary: vocabulary), inTrainingData: known.contains(word))
      }
      let report = ScoreReport(
        source: corpus.source, model: description, smoothing: smoothingOptions.smoothing, scores: scores, order: nil)
      return output.json ? try JSONOutput.print(report) : print(report.text)
    }
    let (model, corpus, source, description) = try modelOptions.load(
      corpusOptions: corpusOptions, smoothing: smoothingOptions.smoothing)
    let known = corpus.map { Set($0.words) }
    let scores = try words.map { word in
      ScoreReport.Entry(score: try model.score(word), inTrainingData: known?.contains(word))
    }
    let report = ScoreReport(
      source: source, model: description, smoothing: smoothingOptions.smoothing, scores: scores,
      order: nil)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}

/// What `bigram score` prints.
struct ScoreReport: Encodable {
  struct Entry: Encodable {
    let score: WordScore
    /// nil when the training data is unavailable (`--model DIR` whose corpus has moved).
    let inTrainingData: Bool?

    enum CodingKeys: String, CodingKey {
      case word, logLikelihood, nll, events, inTrainingData, unseenBigrams, transitions
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(score.word, forKey: .word)
      try container.encode(score.logLikelihood, forKey: .logLikelihood)
      try container.encode(score.meanNegativeLogLikelihood, forKey: .nll)
      try container.encode(score.events, forKey: .events)
      try container.encodeIfPresent(inTrainingData, forKey: .inTrainingData)
      try container.encode(score.unseenBigrams, forKey: .unseenBigrams)
      try container.encode(score.transitions, forKey: .transitions)
    }
  }

  let source: String
  let model: String
  let smoothing: Double
  let scores: [Entry]
  /// N, for an n-gram model (absent for the bigram table, whose output is unchanged).
  let order: Int?

  var text: String {
    scores.map { entry in
      let score = entry.score
      var lines = [
        "\(score.word)  log-likelihood \(Format.fixed(score.logLikelihood, digits: 4)), "
          + "mean NLL \(Format.fixed(score.meanNegativeLogLikelihood, digits: 4)) over \(score.events) \(order.map { "events of order \($0)" } ?? "bigrams")"
          + (entry.inTrainingData.map { $0 ? " (in the data)" : " (not in the data)" } ?? "")
      ]
      lines += score.transitions.map {
        "  \($0.bigram)  P = \(Format.fixed($0.probability, digits: 4))  log P = \(Format.fixed($0.logProbability, digits: 4))"
      }
      if !score.unseenBigrams.isEmpty {
        lines.append("  never seen with α = 0: \(score.unseenBigrams.joined(separator: ", ")), so the likelihood is 0")
      }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }
}
