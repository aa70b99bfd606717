import ArgumentParser
import CharLM
import Foundation

/// `--order N` and `--kneser-ney`: the n-gram model of `counts`, `sample` and `score`.
struct NGramOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "N: predict each character from the N − 1 before it (1…10, default 2, the bigram); contexts are padded with '.'.",
      valueName: "N"))
  var order: Int?
  @Flag(
    name: .customLong("kneser-ney"),
    help: "Interpolated modified Kneser-Ney smoothing (Chen & Goodman; KenLM's conventions) instead of add-α.")
  var kneserNey = false

  func validate() throws {
    if let order, !(1...NGramCounts.maximumOrder).contains(order) {
      throw ValidationError(
        "--order must be between 1 and \(NGramCounts.maximumOrder) (2 is the bigram model); got \(order)")
    }
  }

  /// N: the order given, else 2.
  var resolvedOrder: Int { order ?? 2 }

  /// Whether an n-gram flag was given, so the command uses the n-gram model rather than the bigram table.
  var isGiven: Bool { order != nil || kneserNey }

  /// Refuses `--kneser-ney` together with `--smoothing`: Kneser-Ney has its own discounts.
  func refuseConflicts(with smoothing: SmoothingOptions) throws {
    if kneserNey && smoothing.given != nil {
      throw ValidationError(
        "--kneser-ney and --smoothing cannot be combined: Kneser-Ney discounts the counts itself; drop one of them")
    }
  }
}

/// `--train FILE --dev FILE [--test FILE]`: explicit parts instead of `-i FILE --split`.
struct PartFilesOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Train on this word list (with --dev, instead of -i and --split).", valueName: "FILE"))
  var train: String?
  @Option(help: ArgumentHelp("Score this word list as the dev part (needs --train).", valueName: "FILE"))
  var dev: String?
  @Option(help: ArgumentHelp("Score this word list as the test part (needs --train and --dev).", valueName: "FILE"))
  var test: String?

  /// Refuses parts given twice or half: `--train` with `-i`/`--split`, `--train` without `--dev`,
  /// `--dev`/`--test` without `--train`.
  func refuseConflicts(input: String?, split: Split?) throws {
    if train != nil {
      if input != nil || split != nil {
        throw ValidationError("--train gives the parts itself: drop -i/--input and --split")
      }
      if dev == nil { throw ValidationError("--train needs --dev FILE (and optionally --test FILE)") }
    } else if dev != nil || test != nil {
      throw ValidationError("--dev and --test need --train FILE (or use -i FILE --split 80,10,10)")
    }
  }
}

/// `--arpa FILE` for `sample` and `score`: read a back-off model from an ARPA file.
struct ARPAInputOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Use the back-off model in this ARPA file (written by `bigram counts --arpa`, or KenLM's lmplz over space-separated characters).",
      valueName: "FILE"))
  var arpa: String?

  /// Refuses flags that would describe a different model than the file's.
  func refuseConflicts(with smoothing: SmoothingOptions, ngram: NGramOptions, model: ModelOptions) throws {
    guard arpa != nil else { return }
    if smoothing.given != nil {
      throw ValidationError("--arpa and --smoothing cannot be combined: the ARPA file holds its own probabilities")
    }
    if ngram.isGiven {
      throw ValidationError(
        "--arpa cannot be combined with --order or --kneser-ney: the ARPA file sets the model and its order")
    }
    if model.model != nil { throw ValidationError("--arpa and --model cannot be combined: pick one model") }
  }
}

/// The n-gram model `sample` and `score` use when `--order`, `--kneser-ney` or `--arpa` is given:
/// counted from the corpus (`-i FILE` or the built-in names), or read from the ARPA file.
struct NGramModelChoice {
  let model: any ContextLanguageModel
  /// The words samples are compared with ("in data"), and their source.
  let known: Set<String>
  let source: String
  let description: String
  let order: Int

  /// The model the flags describe, or nil when none of them was given (the bigram table then).
  static func load(
    corpusOptions: CorpusOptions, smoothing: SmoothingOptions, ngram: NGramOptions, arpa: ARPAInputOptions
  ) throws -> NGramModelChoice? {
    if let path = arpa.arpa {
      let model = try ARPAModel(contentsOfFile: path)
      let corpus = try corpusOptions.input.map { _ in try corpusOptions.load() }
      return NGramModelChoice(
        model: model, known: Set(corpus?.words ?? []), source: corpus?.source ?? "no word list (-i) given",
        description: "ARPA model \(path) (order \(model.contextLength + 1))", order: model.contextLength + 1)
    }
    guard ngram.isGiven else { return nil }
    let corpus = try corpusOptions.load()
    let counts = try NGramCounts(corpus: corpus, order: ngram.resolvedOrder)
    let model: any ContextLanguageModel
    let description: String
    if ngram.kneserNey {
      model = KneserNeyNGram(counts: counts)
      description = "order-\(counts.order) Kneser-Ney model"
    } else {
      model = AddAlphaNGram(counts: counts, smoothing: smoothing.smoothing)
      description = "order-\(counts.order) count model, α = \(Format.number(smoothing.smoothing))"
    }
    return NGramModelChoice(
      model: model, known: Set(corpus.words), source: corpus.source, description: description, order: counts.order)
  }
}
