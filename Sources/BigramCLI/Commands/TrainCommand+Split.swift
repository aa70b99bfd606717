import ArgumentParser
import Autodiff
import CharLM
import Foundation

/// The held-out words of a softmax bigram run: `--split a,b,c [--split-seed S]` of `-i`, or the
/// files `--train/--dev/--test` (the MLP's flags, with the same meaning).
struct HeldOutBigramParts {
  /// The words trained on.
  let train: Corpus
  /// The vocabulary of the run: the whole corpus's for a split (as `counts --split` and the MLP
  /// do), train's for files (a dev or test character outside it is refused, naming file and line).
  let vocabulary: Vocabulary
  /// The dev and test losses −(1/T) Σ N_ij log softmax(W)_ij over their bigram counts (nil when
  /// the part is absent or empty): O(V²) per evaluation whatever the part's size.
  let dev: BigramObjective?
  let test: BigramObjective?
  /// Where the parts came from, saved with the checkpoint so `--resume` rebuilds them.
  let source: MLPCheckpoint.DataSource

  /// The part's mean NLL of the net with logits `weights` (V×V).
  static func nll(_ part: BigramObjective?, weights: Tensor) -> Double? {
    part.map { $0.evaluate(at: weights, gradient: false).nll }
  }

  /// The parts described by `source` (a new run's flags, or a resumed run's checkpoint).
  static func load(_ source: MLPCheckpoint.DataSource, corpusOptions: CorpusOptions) throws -> HeldOutBigramParts {
    if let percentages = source.split {
      let corpus =
        source.train == Corpus.builtIn.source ? Corpus.builtIn : try Corpus(contentsOfFile: source.train)
      if corpusOptions.input != nil { for warning in corpus.warnings { warn(warning) } }
      let pieces = CorpusSplit(corpus: corpus, percentages: percentages, seed: source.splitSeed ?? 42)
      guard !pieces.train.words.isEmpty else {
        throw CommandFailure(
          message: "\(corpus.source): no training words after the \(percentages) split; use a larger corpus",
          exitCode: 65)
      }
      let vocabulary = corpus.vocabulary
      func part(_ words: Corpus) throws -> BigramObjective? {
        words.words.isEmpty ? nil : BigramObjective(counts: try BigramCounts(corpus: words, vocabulary: vocabulary))
      }
      return HeldOutBigramParts(
        train: pieces.train, vocabulary: vocabulary, dev: try part(pieces.dev), test: try part(pieces.test),
        source: source)
    }
    let train = try Corpus(contentsOfFile: source.train)
    let vocabulary = train.vocabulary
    func part(_ path: String?) throws -> BigramObjective? {
      guard let path else { return nil }
      // Read first as order-2 counts in train's vocabulary: an unknown character is refused (65)
      // naming the file, the line and the character, as `counts --train/--dev` does.
      _ = try NGramCounts(contentsOfFile: path, order: 2, vocabulary: vocabulary)
      return BigramObjective(counts: try BigramCounts(corpus: try Corpus(contentsOfFile: path), vocabulary: vocabulary))
    }
    return HeldOutBigramParts(
      train: train, vocabulary: vocabulary, dev: try part(source.dev), test: try part(source.test), source: source)
  }

  private static func warn(_ warning: String) {
    StandardStreams.error("bigram: warning: \(TerminalText.message(warning))\n")
  }
}

extension TrainCommand {
  /// The split flags of `MLPOptions` that the softmax bigram uses too.
  static let splitFlags: Set<String> = ["--split", "--split-seed", "--train", "--dev", "--test"]

  /// The held-out data the flags ask for, or nil when none of them was given.
  func requestedHeldOut() throws -> MLPCheckpoint.DataSource? {
    let options = mlpOptions
    if let train = options.trainFile {
      return MLPCheckpoint.DataSource(
        train: Self.absolutePath(train), dev: options.devFile.map(Self.absolutePath),
        test: options.testFile.map(Self.absolutePath), split: nil, splitSeed: nil)
    }
    guard options.split != nil || options.splitSeed != nil else { return nil }
    return MLPCheckpoint.DataSource(
      train: corpusOptions.input.map(Self.absolutePath) ?? Corpus.builtIn.source, dev: nil, test: nil,
      split: try options.percentages(), splitSeed: options.splitSeed ?? 42)
  }

  /// The held-out data of a resumed run: the saved one; a typed split flag must agree with it.
  func resumedHeldOut(saved: MLPCheckpoint.DataSource?, in directory: String) throws -> MLPCheckpoint.DataSource? {
    guard let flag = mlpOptions.givenFlags.first(where: Self.splitFlags.contains) else { return saved }
    let requested = try requestedHeldOut()
    let agrees: Bool
    if let saved, let requested {
      agrees =
        saved.split == nil
        ? (mlpOptions.trainFile == nil || requested.train == saved.train)
          && (mlpOptions.devFile == nil || requested.dev == saved.dev)
          && (mlpOptions.testFile == nil || requested.test == saved.test)
        : requested.split == saved.split && requested.splitSeed == saved.splitSeed
          && (corpusOptions.input == nil || requested.train == saved.train)
    } else {
      agrees = false
    }
    guard agrees else {
      let description =
        saved.map { saved in
          saved.split.map {
            "split \($0.map(String.init).joined(separator: ",")) of \(saved.train), seed \(saved.splitSeed ?? 42)"
          }
            ?? "trained on \(saved.train)"
        } ?? "trained on all its words"
      throw CommandFailure(
        message: "\(flag) contradicts the run saved in \(directory) (\(description)); resume without it "
          + "(the run keeps its parts), or start a new run with -o OTHER_DIR",
        exitCode: 64)
    }
    return saved
  }

  static func absolutePath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
