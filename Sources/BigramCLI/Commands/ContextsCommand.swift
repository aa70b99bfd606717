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
  @OptionGroup var output: OutputOptions

  func validate() throws {
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
    let sweep = try ContextSweep(maxOrder: maxOrder) { order in
      let loaded = try load(order)
      source = loaded.source
      guard let dev = loaded.dev else { throw CommandFailure(message: "no dev part to score", exitCode: 64) }
      return (loaded.train, dev, loaded.test)
    }
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

/// What `bigram contexts` prints.
struct ContextsReport: Encodable {
  let source: String
  let split: SplitReport.Settings?
  let maxOrder: Int
  let sweep: ContextSweep

  struct Row: Encodable {
    let row: ContextSweep.Row

    enum CodingKeys: String, CodingKey { case order, model, smoothing, train, dev, test, ngrams }

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
          + left(String(row.ngrams.last ?? 0), 10)
          + left(String(format: "%.1f%%", sweep.unseenDevShare[row.order - 1] * 100), 12))
    }
    lines += ["", sweep.reading]
    return lines.joined(separator: "\n")
  }
}
