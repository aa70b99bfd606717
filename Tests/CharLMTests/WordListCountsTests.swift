import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The streaming `bigram counts` path against the reference it must equal: the counts and
/// statistics of `Corpus(contentsOfFile:)`, and every error with its line number.
@Suite struct WordListCountsTests {
  private static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-words-\(UUID().uuidString).txt")
    try Data(bytes).write(to: url)
    return url
  }

  private struct Summary: Equatable {
    let counts: BigramCounts
    let statistics: CorpusStatistics
  }

  private static func viaCorpus(_ path: String) -> Result<Summary, CorpusError> {
    Result { () throws(CorpusError) in
      let corpus = try Corpus(contentsOfFile: path)
      guard let counts = try? BigramCounts(corpus: corpus) else { preconditionFailure("own vocabulary") }
      return Summary(counts: counts, statistics: corpus.statistics)
    }
  }

  private static func streamed(_ path: String) -> Result<Summary, CorpusError> {
    Result { () throws(CorpusError) in
      let summary = try WordListCounts(contentsOfFile: path)
      return Summary(counts: summary.counts, statistics: summary.statistics)
    }
  }

  /// Duplicates the fast path and the careful path must both find, canonically equivalent words
  /// (precomposed é and e + combining acute; the Kelvin sign K and K), and a word too long for
  /// the words held inline in the C set.
  static let inputs: [[UInt8]] =
    BigramCountsReadingTests.inputs.filter { !$0.isEmpty }
    + [
      "emma\nemma\n emma\nemma \r\nava\nava", "caf\u{E9}\ncafe\u{301}\ncafe\n", "\u{212A}im\nKim\nkim\n",
      "Kim\n\u{212A}im\n", "\u{212B}ngstr\u{F6}m\n\u{C5}ngstr\u{F6}m\n",
      String(repeating: "abcdefgh", count: 3) + "\n" + String(repeating: "abcdefgh", count: 3) + " \nx",
      "abcdefghijklmnop\nabcdefghijklmnopq\nabcdefghijklmnop\n",
    ].map { Array($0.utf8) } + [[0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x0A]]

  @Test(arguments: inputs) func equalsTheCorpusPath(bytes: [UInt8]) throws {
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(
      Self.streamed(url.path) == Self.viaCorpus(url.path), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
  }

  @Test func statisticsByHand() throws {
    let url = try Self.temporaryFile(Array("emma\nava\n\nemma\nbo\n\u{212A}o\nKo\n".utf8))
    defer { try? FileManager.default.removeItem(at: url) }
    let statistics = try WordListCounts(contentsOfFile: url.path).statistics
    #expect(statistics.words == 6 && statistics.uniqueWords == 4 && statistics.duplicates == 2)
    #expect(statistics.blankLines == 1 && statistics.minimumLength == 2 && statistics.maximumLength == 4)
    #expect(statistics.bigrams == 5 + 4 + 5 + 3 + 3 + 3)
  }

  /// Many runs in parallel, each with its own word set, merged: 75,000 lines of 6 words, CRLFs,
  /// blank lines and non-ASCII words, and 2,000 distinct ones so that the C set grows.
  @Test func parallelRunsMergeExactly() throws {
    var generator = SplitMix64(seed: 11)
    var text = ""
    for _ in 0..<75_000 {
      let word = ["emmaolivia" + String(repeating: "x", count: 30), "zoë", "mary ann", "", "名前", "\u{212A}im", "Kim"][
        generator.nextInt(below: 7)]
      text += word + String(generator.nextInt(below: 2_000)) + (generator.nextInt(below: 5) == 0 ? "\r\n" : "\n")
    }
    let bytes = Array(text.utf8)
    #expect(bytes.count >= BigramCounts.parallelThreshold)
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    let streamed = Self.streamed(url.path)
    #expect(streamed == Self.viaCorpus(url.path))
    #expect(try streamed.get().statistics.uniqueWords > 10_000)
  }

  @Test func filesystemErrorsAreCorpusErrors() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-words-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let link = directory.appendingPathComponent("link.txt").path
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: directory.appendingPathComponent("gone").path)
    for path in [directory.path, directory.appendingPathComponent("missing.txt").path, link] {
      #expect(Self.streamed(path) == Self.viaCorpus(path))
      #expect(throws: CorpusError.self) { try Self.streamed(path).get() }
    }
  }

  /// Σ N_ij log P_ij equals the word-by-word sum to rounding, and counts impossible events alike.
  @Test func likelihoodOfCountsEqualsScoringTheWords() throws {
    let corpus = Corpus(words: ["emma", "ava", "bob", "ab", "emma"])
    let counts = try BigramCounts(corpus: corpus)
    for smoothing in [0.0, 0.5, 1.0] {
      let model = counts.probabilities(smoothing: smoothing)
      let byWords = try model.negativeLogLikelihood(of: corpus.words)
      let byCounts = model.likelihood(ofCounts: counts)
      #expect(byCounts.events == byWords.events && byCounts.zeroProbabilityEvents == 0)
      #expect(abs(byCounts.logLikelihood - byWords.logLikelihood) <= 1e-13 * abs(byWords.logLikelihood))
    }
    // A model that rules out "mm": two events of probability 0 in the counts, as in the words.
    let model = counts.probabilities(smoothing: 0)
    var matrix = model.matrix
    let m = try #require(counts.vocabulary.index(of: "m"))
    matrix[m, m] = 0
    let ruled = BigramProbabilities(vocabulary: counts.vocabulary, matrix: matrix)
    let byWords = try ruled.negativeLogLikelihood(of: corpus.words)
    let byCounts = ruled.likelihood(ofCounts: counts)
    #expect(byCounts.zeroProbabilityEvents == 2 && byWords.zeroProbabilityEvents == 2)
    #expect(byCounts.logLikelihood == -.infinity && byWords.logLikelihood == -.infinity)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesTxt() throws {
    let url = try #require(SharedData.namesURL)
    let streamed = Self.streamed(url.path)
    #expect(streamed == Self.viaCorpus(url.path))
    let statistics = try streamed.get().statistics
    #expect(statistics.words == 32_033 && statistics.uniqueWords == 29_494 && statistics.bigrams == 228_146)
    let corpus = try Corpus(contentsOf: url)
    let model = try BigramCounts(corpus: corpus).probabilities(smoothing: 1)
    let summary = try WordListCounts(contentsOfFile: url.path)
    #expect(
      model.likelihood(ofCounts: summary.counts).mean == (try model.negativeLogLikelihood(of: corpus.words)).mean)
  }
}
