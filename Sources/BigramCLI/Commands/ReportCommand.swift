import ArgumentParser
import CharLM
import Foundation
import Reports

/// `bigram report`: the whole story on one corpus as a single self-contained HTML page.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one self-contained HTML page telling the whole story on a corpus.",
    discussion: """
      Corpus statistics, the N and P heat maps, samples from the counts and the trained net, ∂L/∂W at \
      W = 0, gradient descent at several learning rates with the stability bound 2/λ_max, the Taylor \
      table, the gradient check and the counts ↔ net comparison. Inline SVG, CSS and one small inline \
      script for the "Try it" controls (α, temperature and top-k, η with GD/momentum/Adam, ε), which \
      recompute the CLI's own figures; no external files, no network. Without --timings the page \
      holds no wall-clock time, so the same input gives the same bytes.
      """)

  @OptionGroup var corpusOptions: CorpusOptions
  @Option(name: [.customShort("o"), .customLong("output")], help: "The HTML file to write (atomically).")
  var outputPath: String
  @OptionGroup var seedOptions: SeedOptions
  @Option(
    parsing: .unconditional,
    help: "L2 weight λ of the penalty λ·mean(W²); λ ≥ 0 (default 0.01 in every command; 0 = the count model's limit).")
  var l2 = WeightOptions.defaultL2
  @Option(
    name: [.customLong("samples"), .customShort("n"), .customLong("count"), .customLong("num-samples")],
    help: "How many words each model draws (-n and --count as in `bigram sample`).")
  var sampleCount = 20
  @Flag(help: "Show the optimizer race's wall-clock times (the page then differs from run to run).")
  var timings = false
  @OptionGroup var output: OutputOptions
  @Option(help: "A work directory of `bigram train --model mlp -o DIR`: add its learning curves and embedding plot.")
  var mlp: String?
  @Option(
    name: .customLong("mlp-steps"),
    help: "Add an MLP with context N − 1 to the longer-contexts table and chart, trained for this many updates.")
  var mlpSteps: Int?

  /// The JSON shape: the file written, its section titles in order, and its size.
  struct Summary: Encodable {
    let path: String
    let sections: [String]
    let bytes: Int
  }

  func validate() throws {
    if let mlpSteps, !(1...100_000_000).contains(mlpSteps) {
      throw ValidationError("--mlp-steps must be between 1 and 100000000; got \(mlpSteps)")
    }
    guard l2 >= 0, l2.isFinite else { throw ValidationError("--l2 must be a number ≥ 0; got \(l2)") }
    guard (0...1_000).contains(sampleCount) else {
      throw ValidationError("--samples must be between 0 and 1000; got \(sampleCount)")
    }
  }

  func run() throws {
    let corpus = try corpusOptions.load()
    var options = BigramStory.Options()
    options.seed = seedOptions.seed
    options.l2 = l2
    options.sampleCount = sampleCount
    options.showsTimings = timings
    options.contextMLPSteps = mlpSteps
    let story = try BigramStory(corpus: corpus, options: options)
    let report =
      try mlp.map { HTMLReport(story: story, mlp: try WorkDirectory(path: $0).loadMLPCheckpoint(), source: $0) }
      ?? HTMLReport(story: story)
    let html = report.html
    try AtomicFile.write(html, to: URL(fileURLWithPath: outputPath))
    let summary = Summary(path: outputPath, sections: report.sectionTitles, bytes: html.utf8.count)
    if output.json {
      try JSONOutput.print(summary)
    } else {
      print("wrote \(outputPath) (\(summary.bytes) bytes) on \(corpus.source):")
      for (index, title) in summary.sections.enumerated() { print("  \(index + 1). \(title)") }
    }
  }
}
