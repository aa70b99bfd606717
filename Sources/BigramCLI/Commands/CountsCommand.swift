import ArgumentParser
import CharLM
import Foundation

/// `bigram counts`: corpus statistics, the count model's NLL and perplexity, and a seeded split.
struct CountsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "counts",
    abstract: "Count the bigrams of a corpus and score the smoothed count model.")

  @OptionGroup var corpusOptions: CorpusOptions
  @OptionGroup var smoothingOptions: SmoothingOptions
  @Option(
    help: "Split the words train,dev,test by these percentages (e.g. 80,10,10) and score each part.",
    transform: Split.init(parsing:))
  var split: Split?
  @OptionGroup var seedOptions: SeedOptions
  @OptionGroup var ngramOptions: NGramOptions
  @Flag(
    name: .customLong("tune-smoothing"),
    help: "Pick α on the dev part from a log-spaced grid (10⁻³ … 10, quarter decades) and say which.")
  var tuneSmoothing = false
  @OptionGroup var parts: PartFilesOptions
  @Option(
    help: ArgumentHelp(
      "Write the Kneser-Ney model (implied) as an ARPA back-off file that KenLM and other toolkits load.",
      valueName: "FILE"))
  var arpa: String?
  @OptionGroup var output: OutputOptions

  func validate() throws {
    try ngramOptions.refuseConflicts(with: smoothingOptions)
    if arpa != nil && smoothingOptions.given != nil {
      throw ValidationError(
        "--arpa and --smoothing cannot be combined: the ARPA file holds a Kneser-Ney model; drop --smoothing")
    }
    if tuneSmoothing {
      if smoothingOptions.given != nil {
        throw ValidationError("--tune-smoothing picks α itself: drop --smoothing")
      }
      if ngramOptions.kneserNey || arpa != nil {
        throw ValidationError("--tune-smoothing tunes add-α; it cannot be combined with --kneser-ney or --arpa")
      }
      if parts.dev == nil && (split?.percentages[1] ?? 0) == 0 {
        throw ValidationError(
          "--tune-smoothing needs a dev part to tune on: add --split 80,10,10 or --train FILE --dev FILE")
      }
    }
    try parts.refuseConflicts(input: corpusOptions.input, split: split)
  }

  func run() throws {
    if ngramOptions.isGiven || tuneSmoothing || parts.train != nil || arpa != nil {
      return try runNGram()
    }
    let clock = ContinuousClock()
    let start = clock.now
    let corpus = try corpusOptions.load()
    let counts = try BigramCounts(corpus: corpus)
    let seconds = (clock.now - start).seconds
    let statistics = corpus.statistics
    let model = counts.probabilities(smoothing: smoothingOptions.smoothing)
    let likelihood = try model.negativeLogLikelihood(of: corpus.words)
    let parts = try split.map {
      try SplitReport(corpus: corpus, split: $0, seed: seedOptions.seed, smoothing: smoothingOptions.smoothing)
    }
    let report = CountsReport(
      source: corpus.source, statistics: statistics, smoothing: smoothingOptions.smoothing,
      likelihood: likelihood, seconds: seconds, topBigrams: Self.topBigrams(counts, limit: 10), split: parts)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }

  static func topBigrams(_ counts: BigramCounts, limit: Int) -> [CountsReport.BigramCount] {
    let v = counts.size
    let order = counts.counts.indices.sorted {
      counts.counts[$0] > counts.counts[$1] || (counts.counts[$0] == counts.counts[$1] && $0 < $1)
    }
    return order.prefix(limit).map { index in
      CountsReport.BigramCount(
        bigram: counts.vocabulary.displayName(of: index / v) + counts.vocabulary.displayName(of: index % v),
        count: counts.counts[index])
    }
  }
}

/// `--split a,b,c`: three whole percentages summing to 100.
struct Split: Equatable {
  let percentages: [Int]

  init(parsing argument: String) throws {
    let values = argument.split(separator: ",", omittingEmptySubsequences: false).map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard values.count == 3, let train = values[0], let dev = values[1], let test = values[2],
      train > 0, dev >= 0, test >= 0, train + dev + test == 100
    else {
      throw ValidationError(
        "--split takes three whole percentages train,dev,test that sum to 100 (train > 0), like 80,10,10")
    }
    percentages = [train, dev, test]
  }
}

/// What `bigram counts` prints.
struct CountsReport: Encodable {
  struct BigramCount: Encodable {
    let bigram: String
    let count: Int
  }

  let source: String
  let statistics: CorpusStatistics
  let smoothing: Double
  let likelihood: Likelihood
  let seconds: Double
  let topBigrams: [BigramCount]
  let split: SplitReport?

  enum CodingKeys: String, CodingKey {
    case source, words, uniqueWords, duplicates, bigrams, vocabulary, vocabularySize, minLength, maxLength
    case blankLines, smoothing, nll, perplexity, zeroProbabilityEvents, seconds, topBigrams, split, train, dev, test
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(source, forKey: .source)
    try container.encode(statistics.words, forKey: .words)
    try container.encode(statistics.uniqueWords, forKey: .uniqueWords)
    try container.encode(statistics.duplicates, forKey: .duplicates)
    try container.encode(statistics.bigrams, forKey: .bigrams)
    try container.encode(statistics.vocabulary, forKey: .vocabulary)
    try container.encode(statistics.vocabularySize, forKey: .vocabularySize)
    try container.encode(statistics.minimumLength, forKey: .minLength)
    try container.encode(statistics.maximumLength, forKey: .maxLength)
    try container.encode(statistics.blankLines, forKey: .blankLines)
    try container.encode(smoothing, forKey: .smoothing)
    try container.encode(likelihood.mean, forKey: .nll)
    try container.encode(likelihood.perplexity, forKey: .perplexity)
    try container.encode(likelihood.zeroProbabilityEvents, forKey: .zeroProbabilityEvents)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(topBigrams, forKey: .topBigrams)
    if let split {
      try container.encode(split.settings, forKey: .split)
      try container.encode(split.train, forKey: .train)
      try container.encode(split.dev, forKey: .dev)
      try container.encode(split.test, forKey: .test)
    }
  }

  var text: String {
    let s = statistics
    var lines = [
      "corpus      \(source)",
      "words       \(s.words) (\(s.uniqueWords) unique, \(s.duplicates) duplicates, \(s.blankLines) blank lines skipped)",
      "lengths     \(s.minimumLength)–\(s.maximumLength) characters",
      "bigrams     \(s.bigrams) events",
      "vocabulary  \(s.vocabularySize) symbols: \(s.vocabulary)",
      "most common " + topBigrams.map { "\($0.bigram) \($0.count)" }.joined(separator: ", "),
      "",
      "count model P(j|i) = (N_ij + \(Format.number(smoothing))) / Σ_k (N_ik + \(Format.number(smoothing)))",
      "  mean NLL    \(Format.nll(likelihood))",
      "  perplexity  \(Format.optional(likelihood.perplexity)) (a uniform guess over \(s.vocabularySize) symbols has \(s.vocabularySize))",
    ]
    if likelihood.zeroProbabilityEvents > 0 {
      lines.append(
        "  \(likelihood.zeroProbabilityEvents) events have probability 0 under α = 0, so the NLL is infinite")
    }
    if let split {
      lines.append("")
      lines.append(
        "split \(split.settings.percentages.map(String.init).joined(separator: "/")) (seed \(split.settings.seed)), counts from train only:"
      )
      for (name, part) in [("train", split.train), ("dev", split.dev), ("test", split.test)] {
        lines.append(
          "  \(name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(part.words) words, \(part.bigrams) bigrams, NLL \(Format.optional(part.nll))"
        )
      }
    }
    lines.append("")
    lines.append("read and counted in \(Format.seconds(seconds))")
    return lines.joined(separator: "\n")
  }
}

/// The count model fitted on the train part and scored on each part of a split.
struct SplitReport: Encodable {
  struct Settings: Encodable {
    let percentages: [Int]
    let seed: UInt64
  }

  struct Part: Encodable {
    let words: Int
    let bigrams: Int
    let nll: Double?
    let perplexity: Double?
  }

  let settings: Settings
  let train: Part
  let dev: Part
  let test: Part

  init(corpus: Corpus, split: Split, seed: UInt64, smoothing: Double) throws {
    let parts = CorpusSplit(corpus: corpus, percentages: split.percentages, seed: seed)
    // The vocabulary is the whole corpus's, so dev and test never hold an unknown character.
    let model = try BigramCounts(corpus: parts.train, vocabulary: corpus.vocabulary).probabilities(smoothing: smoothing)
    func score(_ part: Corpus) throws -> Part {
      let likelihood = try model.negativeLogLikelihood(of: part.words)
      return Part(
        words: part.words.count, bigrams: likelihood.events, nll: likelihood.mean, perplexity: likelihood.perplexity)
    }
    settings = Settings(percentages: split.percentages, seed: seed)
    train = try score(parts.train)
    dev = try score(parts.dev)
    test = try score(parts.test)
  }
}
