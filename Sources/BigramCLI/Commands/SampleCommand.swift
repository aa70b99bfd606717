import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// `bigram sample`: seeded words from the count model, each tagged as in the data or new.
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Draw words from the count model with a seeded generator.")

  @OptionGroup var corpusOptions: CorpusOptions
  @Option(name: [.customShort("n"), .customLong("count"), .customLong("num-samples")], help: "How many words to draw.")
  var count = 10
  @OptionGroup var seedOptions: SeedOptions
  @OptionGroup var smoothingOptions: SmoothingOptions
  @Option(help: "Temperature T > 0: P^(1/T) renormalised; below 1 is bolder, above 1 wilder.")
  var temperature = 1.0
  @Option(
    name: .customLong("top-k"), parsing: .unconditional,
    help: "Keep only the k most likely next symbols at each step (-1, as in makemore: all of them).")
  var topKOption: Int?
  /// The k of top-k, or nil for all symbols (`--top-k -1` is makemore's spelling of "off").
  var topK: Int? { topKOption == -1 ? nil : topKOption }
  @OptionGroup var modelOptions: ModelOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard count >= 0 && count <= 1_000_000 else {
      throw ValidationError("--count must be between 0 and 1000000; got \(count)")
    }
    guard temperature > 0, temperature.isFinite else {
      throw ValidationError(
        "--temperature must be a positive number (1 samples the model as it is); got \(temperature)")
    }
    if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1, or -1 for all symbols; got \(topK)") }
  }

  func run() throws {
    let (model, corpus, description) = try modelOptions.load(
      corpusOptions: corpusOptions, smoothing: smoothingOptions.smoothing)
    let sampler = Sampler(model: model, temperature: temperature, topK: topK)
    var generator = SplitMix64(seed: seedOptions.seed)
    let known = Set(corpus.words)
    let samples = sampler.sample(count: count, using: &generator).map {
      SampleReport.Sample(word: $0, inTrainingData: known.contains($0))
    }
    let report = SampleReport(
      source: corpus.source, model: description, seed: seedOptions.seed, smoothing: smoothingOptions.smoothing,
      temperature: temperature, topK: topK, samples: samples)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(report.text)
    }
  }
}

/// What `bigram sample` prints.
struct SampleReport: Encodable {
  struct Sample: Encodable {
    let word: String
    let inTrainingData: Bool
  }

  let source: String
  let model: String
  let seed: UInt64
  let smoothing: Double
  let temperature: Double
  let topK: Int?
  let samples: [Sample]

  var text: String {
    let width = max(8, samples.map { $0.word.count }.max() ?? 0)
    let lines = samples.map { sample in
      let shown = sample.word.isEmpty ? "(empty)" : sample.word
      return shown.padding(toLength: width + 2, withPad: " ", startingAt: 0)
        + (sample.inTrainingData ? "in data" : "new")
    }
    let fresh = samples.filter { !$0.inTrainingData }.count
    return (lines + ["", "\(fresh) of \(samples.count) are new (not in \(source)); \(model), seed \(seed)"]).joined(
      separator: "\n")
  }
}
