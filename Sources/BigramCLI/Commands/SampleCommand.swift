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
  @Option(
    name: .customLong("max-length"),
    help: "Cut a word off after this many characters, 1…100000 (a cut word is marked). (default: 256)")
  var maximumLength = Sampler.maximumLength
  @OptionGroup var modelOptions: ModelOptions
  @OptionGroup var ngramOptions: NGramOptions
  @OptionGroup var arpaOptions: ARPAInputOptions
  @OptionGroup var output: OutputOptions

  /// The most symbols the drawn words may hold together, --count × --max-length.
  static let largestOutput = 256_000_000

  func validate() throws {
    try modelOptions.refuseConflicts(smoothing: smoothingOptions, ngram: ngramOptions, arpa: arpaOptions)
    guard count >= 0 && count <= 1_000_000 else {
      throw ValidationError("--count must be between 0 and 1000000; got \(count)")
    }
    guard temperature > 0, temperature.isFinite else {
      throw ValidationError(
        "--temperature must be a positive number (1 samples the model as it is); got \(temperature)")
    }
    if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1, or -1 for all symbols; got \(topK)") }
    guard (1...Sampler.largestMaximumLength).contains(maximumLength) else {
      throw ValidationError("--max-length must be between 1 and \(Sampler.largestMaximumLength); got \(maximumLength)")
    }
    // The words are held until printed: at most 1,000,000 × 256 symbols, as before the flag existed.
    guard count * maximumLength <= Self.largestOutput else {
      throw ValidationError(
        "--count × --max-length may be at most \(Self.largestOutput) symbols (about 1 GB of words at worst); "
          + "got \(count) × \(maximumLength)")
    }
  }

  func run() throws {
    if let choice = try NGramModelChoice.load(
      corpusOptions: corpusOptions, smoothing: smoothingOptions, ngram: ngramOptions, arpa: arpaOptions)
    {
      var sampler = ContextSampler(
        model: choice.model, temperature: temperature, topK: topK, maximumLength: maximumLength)
      var generator = SplitMix64(seed: seedOptions.seed)
      let samples = sampler.draw(count: count, using: &generator).map {
        SampleReport.Sample(word: $0.word, inTrainingData: choice.known.contains($0.word), cut: $0.isCut)
      }
      let report = SampleReport(
        source: choice.source, model: choice.description, seed: seedOptions.seed,
        smoothing: smoothingOptions.smoothing, temperature: temperature, topK: topK, maxLength: maximumLength,
        samples: samples, order: choice.order)
      return try output.json ? JSONOutput.print(report) : print(report.text)
    }
    if let (mlp, vocabulary, corpus, description) = try modelOptions.loadMLP(corpusOptions: corpusOptions) {
      var generator = SplitMix64(seed: seedOptions.seed)
      let known = Set(corpus.words)
      let samples = mlp.sample(
        count: count, vocabulary: vocabulary, temperature: temperature, topK: topK, maximumLength: maximumLength,
        using: &generator
      ).map { SampleReport.Sample(word: $0.word, inTrainingData: known.contains($0.word), cut: $0.isCut) }
      let report = SampleReport(
        source: corpus.source, model: description, seed: seedOptions.seed, smoothing: smoothingOptions.smoothing,
        temperature: temperature, topK: topK, maxLength: maximumLength, samples: samples, order: nil)
      return output.json ? try JSONOutput.print(report) : print(report.text)
    }
    let (model, corpus, source, description) = try modelOptions.load(
      corpusOptions: corpusOptions, smoothing: smoothingOptions.smoothing)
    let sampler = Sampler(model: model, temperature: temperature, topK: topK, maximumLength: maximumLength)
    var generator = SplitMix64(seed: seedOptions.seed)
    let known = corpus.map { Set($0.words) }
    let samples = sampler.draw(count: count, using: &generator).map {
      SampleReport.Sample(word: $0.word, inTrainingData: known?.contains($0.word), cut: $0.isCut)
    }
    let report = SampleReport(
      source: source, model: description, seed: seedOptions.seed, smoothing: smoothingOptions.smoothing,
      temperature: temperature, topK: topK, maxLength: maximumLength, samples: samples, order: nil)
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
    /// nil when the training data is unavailable (`--model DIR` whose corpus has moved).
    let inTrainingData: Bool?
    /// Whether the word was cut off at --max-length before the model ended it.
    let cut: Bool
  }

  let source: String
  let model: String
  let seed: UInt64
  let smoothing: Double
  let temperature: Double
  let topK: Int?
  /// The cut-off of --max-length.
  let maxLength: Int
  let samples: [Sample]
  /// N, for an n-gram model (absent for the bigram table, whose output is unchanged).
  let order: Int?

  var text: String {
    let width = max(8, samples.map { $0.word.count }.max() ?? 0)
    let lines = samples.map { sample in
      let shown = sample.word.isEmpty ? "(empty)" : sample.word
      let cutNote = sample.cut ? " (cut at \(maxLength) characters)" : ""
      guard let inData = sample.inTrainingData else { return shown + cutNote }
      return shown.padding(toLength: width + 2, withPad: " ", startingAt: 0) + (inData ? "in data" : "new") + cutNote
    }
    let fresh = samples.filter { $0.inTrainingData == false }.count
    var closing =
      samples.allSatisfy({ $0.inTrainingData != nil })
      ? ["", "\(fresh) of \(samples.count) are new (not in \(source)); \(model), seed \(seed)"]
      : ["", "\(samples.count) samples; \(model), seed \(seed)"]
    let cut = samples.filter(\.cut).count
    if cut > 0 {
      closing.append(
        "\(cut) of \(samples.count) reached --max-length \(maxLength) before the model ended them and were cut there")
    }
    return (lines + closing).joined(separator: "\n")
  }
}
