import ArgumentParser
import CharLM
import Foundation

/// `bigram contexts`: how the count models fare as the context grows, N = 1 … --max-order.
struct ContextsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contexts",
    abstract: "Train/dev/test NLL of add-α (α tuned on dev) and Kneser-Ney for N = 1 … --max-order.",
    discussion: """
      Each row fits one model on train and scores every part; the reading says where dev stops \
      improving and why. The parts are a seeded split of -i FILE (default 80,10,10) or explicit \
      --train/--dev/--test files.
      """)

  @OptionGroup var corpusOptions: CorpusOptions
  @Option(
    help: "Split the words train,dev,test by these percentages (default 80,10,10).",
    transform: Split.init(parsing:))
  var split: Split?
  @OptionGroup var seedOptions: SeedOptions
  @Option(name: .customLong("max-order"), help: ArgumentHelp("The largest N (1…10).", valueName: "N"))
  var maxOrder = 6
  @OptionGroup var parts: PartFilesOptions
  @Flag(
    help: "Also train, for each N ≥ 2, an MLP with context N − 1 (d = 10, H = 200, BatchNorm; SGD as lecture part 3).")
  var mlp = false
  @Option(help: "With --mlp: mini-batch updates per MLP (default 200000; η = 0.1, then 0.01 after half).")
  var steps: Int?
  @Flag(help: "No progress lines for the MLPs.")
  var quiet = false
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let steps {
      guard mlp else { throw ValidationError("--steps sets the MLPs' training: give it with --mlp") }
      guard (1...100_000_000).contains(steps) else {
        throw ValidationError("--steps must be between 1 and 100000000; got \(steps)")
      }
    }
    guard (1...NGramCounts.maximumOrder).contains(maxOrder) else {
      throw ValidationError("--max-order must be between 1 and \(NGramCounts.maximumOrder); got \(maxOrder)")
    }
    try parts.refuseConflicts(input: corpusOptions.input, split: split)
    if let split, split.percentages[1] == 0 {
      throw ValidationError("contexts tunes α and reads the trend on dev: give the split a dev share, e.g. 80,10,10")
    }
  }

  func run() throws {
    let settings = try parts.train == nil ? split ?? Split(parsing: "80,10,10") : nil
    let load = try NGramParts.loader(
      corpusOptions: corpusOptions, split: settings, seed: seedOptions.seed, parts: parts)
    var source = ""
    var sweep = try ContextSweep(maxOrder: maxOrder) { order in
      let loaded = try load(order)
      source = loaded.source
      guard let dev = loaded.dev else { throw CommandFailure(message: "no dev part to score", exitCode: 64) }
      return (loaded.train, dev, loaded.test)
    }
    if mlp { sweep = try addingMLPs(to: sweep, split: settings) }
    let report = ContextsReport(
      source: source, split: settings.map { SplitReport.Settings(percentages: $0.percentages, seed: seedOptions.seed) },
      maxOrder: maxOrder, sweep: sweep)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}

extension ContextsCommand {
  /// The sweep with an MLP row per N ≥ 2, trained on the same train words the counts saw.
  func addingMLPs(to sweep: ContextSweep, split: Split?) throws -> ContextSweep {
    let (train, dev, test): ([String], [String], [String]?)
    if let trainFile = parts.train {
      train = try Corpus(contentsOfFile: trainFile).words
      dev = try parts.dev.map { try Corpus(contentsOfFile: $0).words } ?? []
      test = try parts.test.map { try Corpus(contentsOfFile: $0).words }
    } else {
      // The same seeded split the counts were made from.
      let percentages = try (split ?? Split(parsing: "80,10,10")).percentages
      let pieces = CorpusSplit(corpus: try corpusOptions.load(), percentages: percentages, seed: seedOptions.seed)
      (train, dev, test) = (pieces.train.words, pieces.dev.words, pieces.test.words)
    }
    let options = TrainingOptions.mlpLecture(steps: steps ?? TrainCommand.mlpDefaultSteps, seed: seedOptions.seed)
    do {
      return try sweep.addingMLPs(
        train: train, dev: dev, test: test, vocabulary: Vocabulary(words: train + dev + (test ?? [])),
        options: options
      ) { order in
        if !quiet { FileHandle.standardError.write(Data("training the MLP with context \(order - 1)…\n".utf8)) }
      }
    } catch let error as TrainingError {
      throw CommandFailure(message: error.description, exitCode: 1)
    }
  }
}

/// What `bigram contexts` prints.
struct ContextsReport: Encodable {
  let source: String
  let split: SplitReport.Settings?
  let maxOrder: Int
  let sweep: ContextSweep

  struct Row: Encodable {
    let row: ContextSweep.Row

    enum CodingKeys: String, CodingKey { case order, model, smoothing, train, dev, test, ngrams, parameters }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(row.order, forKey: .order)
      try container.encode(row.model, forKey: .model)
      if let alpha = row.smoothing {
        try container.encode(alpha, forKey: .smoothing)
      } else {
        try container.encode(row.model.rawValue, forKey: .smoothing)
      }
      try container.encode(row.train, forKey: .train)
      try container.encode(row.dev, forKey: .dev)
      try container.encodeIfPresent(row.test, forKey: .test)
      try container.encode(row.ngrams, forKey: .ngrams)
      try container.encodeIfPresent(row.parameters, forKey: .parameters)
    }
  }

  enum CodingKeys: String, CodingKey { case source, split, maxOrder, rows, unseenDevShare, reading }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(source, forKey: .source)
    try container.encodeIfPresent(split, forKey: .split)
    try container.encode(maxOrder, forKey: .maxOrder)
    try container.encode(sweep.rows.map(Row.init), forKey: .rows)
    try container.encode(sweep.unseenDevShare, forKey: .unseenDevShare)
    try container.encode(sweep.reading, forKey: .reading)
  }

  var text: String {
    func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
    func left(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - text.count)) + text
    }
    var lines = [
      "corpus \(source)"
        + (split.map { ", split \($0.percentages.map(String.init).joined(separator: "/")) (seed \($0.seed))" } ?? "")
        + "; each model counted on train only",
      "",
      pad("N", 4) + pad("model", 24) + left("α", 8) + left("train", 10) + left("dev", 10) + left("test", 10)
        + left("n-grams", 10) + left("dev unseen", 12),
    ]
    for row in sweep.rows {
      lines.append(
        pad(String(row.order), 4) + pad(row.model.displayName, 24)
          + left(row.smoothing.map { String(format: "%.3g", $0) } ?? "—", 8) + left(Format.optional(row.train.nll), 10)
          + left(Format.optional(row.dev.nll), 10) + left(row.test.map { Format.optional($0.nll) } ?? "—", 10)
          + left(row.parameters.map { "\($0) θ" } ?? String(row.ngrams.last ?? 0), 10)
          + left(String(format: "%.1f%%", sweep.unseenDevShare[row.order - 1] * 100), 12))
    }
    lines += ["", sweep.reading]
    return lines.joined(separator: "\n")
  }
}
