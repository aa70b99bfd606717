import ArgumentParser
import CharLM
import Foundation

/// `-i/--input FILE`: the word list to read, or the built-in names when absent.
struct CorpusOptions: ParsableArguments {
  @Option(
    name: [.short, .customLong("input"), .customLong("input-file")],
    help: "A UTF-8 text file with one word per line (default: built-in names).")
  var input: String?

  /// Reads the corpus and writes its warnings (if any) to stderr.
  func load() throws -> Corpus {
    let corpus = try input.map { try Corpus(contentsOfFile: $0) } ?? .builtIn
    for warning in corpus.warnings {
      StandardStreams.error("bigram: warning: \(TerminalText.message(warning))\n")
    }
    return corpus
  }
}

/// `--smoothing A`: the add-α pseudo-count of the count model.
struct SmoothingOptions: ParsableArguments {
  // `.unconditional` so that `--smoothing -1` reaches validate() and gets a clear message; optional
  // so that the commands can tell "not given" (1) from a value that cannot combine with other flags.
  @Option(
    name: .customLong("smoothing"), parsing: .unconditional,
    help: "Add-α smoothing of the counts: P(j|i) = (N_ij + α) / Σ_k (N_ik + α). α ≥ 0 (default: 1).")
  var given: Double?

  /// α: the value given, else 1 (add-one).
  var smoothing: Double { given ?? 1 }

  func validate() throws {
    guard smoothing >= 0, smoothing.isFinite else {
      throw ValidationError("--smoothing must be a number ≥ 0 (1 is add-one, 0 is the raw counts); got \(smoothing)")
    }
  }
}

/// `--seed S`: the seed of the project's SplitMix64 generator.
struct SeedOptions: ParsableArguments {
  // Optional, so that `train --resume` can tell a typed seed from the default.
  @Option(
    name: .customLong("seed"),
    help: "Seed of the random generator (SplitMix64): the same seed gives the same result everywhere (default 42).")
  var typedSeed: UInt64?

  /// The seed in force.
  var seed: UInt64 { typedSeed ?? 42 }
}

/// `--json`: one JSON object on stdout instead of text.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Print one JSON object (full precision) instead of text.")
  var json = false
}
