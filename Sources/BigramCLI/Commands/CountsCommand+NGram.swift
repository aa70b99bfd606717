import ArgumentParser
import CharLM
import Foundation

extension CountsCommand {
  /// `bigram counts` with `--order`, `--kneser-ney`, `--tune-smoothing`, `--train` or `--arpa`:
  /// the sparse n-gram counts and their smoothed model, scored on each part.
  func runNGram() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let order = ngramOptions.resolvedOrder
    let data = try NGramParts.load(
      corpusOptions: corpusOptions, split: split, seed: seedOptions.seed, parts: parts, order: order)
    let seconds = (clock.now - start).seconds
    let smoothing: NGramSmoothing =
      ngramOptions.kneserNey || arpa != nil
      ? .kneserNey : tuneSmoothing ? .tunedAddAlpha : .addAlpha(smoothingOptions.smoothing)
    let evaluation = NGramEvaluation(train: data.train, dev: data.dev, test: data.test, smoothing: smoothing)
    if let arpa, let model = evaluation.kneserNey {
      try AtomicFile.write(model.arpaText, to: URL(fileURLWithPath: arpa))
    }
    let report = NGramCountsReport(
      source: data.source, counts: data.train, evaluation: evaluation, seconds: seconds,
      split: split.map { SplitReport.Settings(percentages: $0.percentages, seed: seedOptions.seed) },
      hasParts: data.dev != nil, arpa: arpa)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}

/// The counts of train, dev and test for an n-gram model: from explicit files (the vocabulary is
/// train's), from a seeded split of one corpus (the vocabulary is the whole corpus's, as for the
/// bigram split), or the whole corpus as train, streamed from its file.
struct NGramParts {
  let source: String
  let train: NGramCounts
  let dev: NGramCounts?
  let test: NGramCounts?

  static func load(
    corpusOptions: CorpusOptions, split: Split?, seed: UInt64, parts: PartFilesOptions, order: Int
  ) throws -> NGramParts {
    try loader(corpusOptions: corpusOptions, split: split, seed: seed, parts: parts)(order)
  }

  /// The parts at any order: a split corpus is read and split once, files are streamed at each order.
  static func loader(
    corpusOptions: CorpusOptions, split: Split?, seed: UInt64, parts: PartFilesOptions
  ) throws -> (Int) throws -> NGramParts {
    if let split, parts.train == nil {
      let corpus = try corpusOptions.load()
      let pieces = CorpusSplit(corpus: corpus, percentages: split.percentages, seed: seed)
      let vocabulary = corpus.vocabulary
      return { order in
        func count(_ part: Corpus) throws -> NGramCounts {
          try NGramCounts(corpus: part, order: order, vocabulary: vocabulary)
        }
        return NGramParts(
          source: corpus.source, train: try count(pieces.train), dev: try count(pieces.dev),
          test: try count(pieces.test))
      }
    }
    return { order in try load(corpusOptions: corpusOptions, parts: parts, order: order) }
  }

  /// The parts from files, or the whole corpus as train.
  private static func load(corpusOptions: CorpusOptions, parts: PartFilesOptions, order: Int) throws -> NGramParts {
    let (dev, test) = (parts.dev, parts.test)
    if let train = parts.train {
      let trainCounts = try NGramCounts(contentsOfFile: train, order: order)
      let vocabulary = trainCounts.vocabulary
      return NGramParts(
        source: train, train: trainCounts,
        dev: try dev.map { try NGramCounts(contentsOfFile: $0, order: order, vocabulary: vocabulary) },
        test: try test.map { try NGramCounts(contentsOfFile: $0, order: order, vocabulary: vocabulary) })
    }
    if let input = corpusOptions.input {
      return NGramParts(source: input, train: try NGramCounts(contentsOfFile: input, order: order), dev: nil, test: nil)
    }
    let corpus = try corpusOptions.load()
    return NGramParts(source: corpus.source, train: try NGramCounts(corpus: corpus, order: order), dev: nil, test: nil)
  }
}

/// What `bigram counts` prints for an n-gram model.
struct NGramCountsReport: Encodable {
  let source: String
  let counts: NGramCounts
  let evaluation: NGramEvaluation
  let seconds: Double
  let split: SplitReport.Settings?
  let hasParts: Bool
  let arpa: String?

  struct Tried: Encodable {
    let alpha: Double
    let devNLL: Double?
  }

  enum CodingKeys: String, CodingKey {
    case source, words, blankLines, events, vocabulary, vocabularySize, order, smoothing, tuning, discounts, ngrams
    case nll, perplexity, zeroProbabilityEvents, seconds, split, train, dev, test, arpa
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(source, forKey: .source)
    try container.encode(counts.words, forKey: .words)
    try container.encode(counts.blankLines, forKey: .blankLines)
    try container.encode(evaluation.train.events, forKey: .events)
    try container.encode(counts.vocabulary.string, forKey: .vocabulary)
    try container.encode(counts.vocabulary.count, forKey: .vocabularySize)
    try container.encode(evaluation.order, forKey: .order)
    if let alpha = evaluation.alpha {
      try container.encode(alpha, forKey: .smoothing)
    } else {
      try container.encode("kneser-ney", forKey: .smoothing)
    }
    if let tuning = evaluation.tuning {
      try container.encode(tuning.map { Tried(alpha: $0.alpha, devNLL: $0.devNLL) }, forKey: .tuning)
    }
    if let model = evaluation.kneserNey { try container.encode(model.discounts, forKey: .discounts) }
    try container.encode(evaluation.ngrams, forKey: .ngrams)
    try container.encode(evaluation.train.nll, forKey: .nll)
    try container.encode(evaluation.train.perplexity, forKey: .perplexity)
    try container.encode(evaluation.train.zeroProbabilityEvents, forKey: .zeroProbabilityEvents)
    try container.encode(seconds, forKey: .seconds)
    try container.encodeIfPresent(split, forKey: .split)
    if hasParts {
      try container.encode(evaluation.train, forKey: .train)
      try container.encodeIfPresent(evaluation.dev, forKey: .dev)
      try container.encodeIfPresent(evaluation.test, forKey: .test)
    }
    try container.encodeIfPresent(arpa, forKey: .arpa)
  }

  var text: String {
    let v = counts.vocabulary.count
    let n = evaluation.order
    let orderNames = ["unigrams", "bigrams", "trigrams"]
    var lines = [
      "corpus      \(source)",
      "words       \(counts.words)" + (hasParts ? " in the train part" : " (\(counts.blankLines) blank lines skipped)"),
      "events      \(evaluation.train.events) (each character and each word end)",
      "vocabulary  \(v) symbols: \(counts.vocabulary.string)",
      "order       \(n): each symbol predicted from the \(n - 1) before it, words padded with \(n - 1) '.'",
      "n-grams     "
        + evaluation.ngrams.enumerated().map { k, count in
          "\(count) \(k < orderNames.count ? orderNames[k] : "\(k + 1)-grams")"
        }.joined(separator: ", ") + " (distinct, stored)",
      "",
    ]
    if let model = evaluation.kneserNey {
      lines.append("interpolated modified Kneser-Ney, discounts D1 / D2 / D3+ by order:")
      for d in model.discounts {
        lines.append(
          "  \(d.order)  \(Format.fixed(d.d1, digits: 4)) / \(Format.fixed(d.d2, digits: 4)) / "
            + "\(Format.fixed(d.d3Plus, digits: 4))" + (d.fallback ? "  (fallback: a count-of-count is 0)" : ""))
      }
    } else if let alpha = evaluation.alpha {
      lines.append(
        "add-α model P(w|h) = (N_hw + \(Format.number(alpha))) / (N_h + \(Format.number(alpha))·\(v))"
          + (evaluation.tuning != nil ? ", α tuned on dev (lowest dev NLL of 17 values from 0.001 to 10)" : ""))
    }
    lines.append("  mean NLL    \(Format.optional(evaluation.train.nll))" + (hasParts ? " (train)" : ""))
    lines.append("  perplexity  \(Format.optional(evaluation.train.perplexity)) (a uniform guess has \(v))")
    if evaluation.train.zeroProbabilityEvents > 0 {
      lines.append(
        "  \(evaluation.train.zeroProbabilityEvents) events have probability 0 under α = 0, so the NLL is infinite")
    }
    if hasParts {
      lines.append("")
      if let split {
        lines.append(
          "split \(split.percentages.map(String.init).joined(separator: "/")) (seed \(split.seed)), counts from train only:"
        )
      } else {
        lines.append("parts from files, counts from train only:")
      }
      for (name, part) in [("train", evaluation.train), ("dev", evaluation.dev), ("test", evaluation.test)] {
        guard let part else { continue }
        lines.append(
          "  \(name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(part.words) words, \(part.events) events, NLL \(Format.optional(part.nll))"
        )
      }
    }
    if let arpa { lines += ["", "wrote \(arpa) (ARPA, log10 probabilities; <s> is the padding, </s> the final '.')"] }
    lines.append("")
    lines.append("read and counted in \(Format.seconds(seconds))")
    return lines.joined(separator: "\n")
  }
}
