import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The one-pass counter against the reference it must equal: `BigramCounts(corpus: Corpus(...))`,
/// for the counts, the vocabulary and every error (with its line number).
@Suite struct BigramCountsReadingTests {
  private static func viaCorpus(_ bytes: [UInt8]) -> Result<BigramCounts, CorpusError> {
    Result { () throws(CorpusError) in
      let corpus = try Corpus(parsing: Data(bytes), source: "test.txt")
      // A corpus's own vocabulary always encodes its words.
      guard let counts = try? BigramCounts(corpus: corpus) else { preconditionFailure("own vocabulary") }
      return counts
    }
  }

  private static func streamed(_ bytes: [UInt8]) -> Result<BigramCounts, CorpusError> {
    Result { () throws(CorpusError) in try BigramCounts(parsing: Data(bytes), source: "test.txt") }
  }

  /// Inputs that exercise every branch of the fast and careful paths, good and bad.
  static let inputs: [[UInt8]] =
    [
      "emma\nolivia\nava", "ann\r\nbob\r\ncy\r\n", "ann\rbob\rcy", "ann\n\r\nbob", "  ann \n\n\t\nbob\t\n   \n",
      "mary ann\njo\n", "zoë\nchloé\nemma\n", "名前\nemma\n", "a\nb\nc\n\n\n", "x", "\n\nx\n\n",
      String(repeating: "a", count: Corpus.maximumWordLength), "emma\n" + String(repeating: "b", count: 1_001),
      "ann\nst.john\n", "a\u{07}b", "ok\n  \u{0B}x\n", "\n  \n\t\n", "", "emma\nava\u{00A0}\n",
    ].map { Array($0.utf8) } + [
      [0x61, 0x0A, 0xC3, 0x28], [0x61, 0x00, 0x62], [0xFF, 0xFE, 0x61, 0x00], [0xFF, 0xFE, 0x00, 0x00],
      [0xEF, 0xBB, 0xBF] + Array("ann\nbob".utf8), Array("ok\n".utf8) + [0x80] + Array("\nbad".utf8),
    ]

  @Test(arguments: inputs) func equalsTheCorpusPath(bytes: [UInt8]) {
    #expect(Self.streamed(bytes) == Self.viaCorpus(bytes), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
  }

  @Test func countsByHand() throws {
    let counts = try BigramCounts(parsing: Data("emma\nava\nemma\nbo\n".utf8), source: "test.txt")
    #expect(counts.vocabulary.string == ".abemov")
    #expect(counts[".", "e"] == 2 && counts["m", "m"] == 2 && counts["a", "."] == 3 && counts["o", "."] == 1)
    #expect(counts.total == 17)
  }

  @Test func tooManySymbols() {
    let words = (0..<Corpus.maximumSymbols).map { String(Character(UnicodeScalar(0x4E00 + $0) ?? "a")) }
    let bytes = Array(words.joined(separator: "\n").utf8)
    #expect(Self.streamed(bytes) == .failure(.tooManySymbols(path: "test.txt", count: 1_025, limit: 1_024)))
    #expect(Self.streamed(bytes) == Self.viaCorpus(bytes))
  }

  /// A corpus big enough to be split across cores, with CRLFs, blank lines and non-ASCII words.
  private static func largeCorpus(lines: Int) -> [UInt8] {
    var generator = SplitMix64(seed: 7)
    // Long words: few lines per megabyte keep the reference Corpus path quick in debug builds.
    let words = [
      "emmaolivia" + String(repeating: "x", count: 30), "zoëchloé" + String(repeating: "y", count: 30),
      "mary ann" + String(repeating: "z", count: 30), "", "  bo" + String(repeating: "q", count: 30) + "  ", "名前",
    ]
    var text = ""
    for _ in 0..<lines {
      text += words[generator.nextInt(below: words.count)] + (generator.nextInt(below: 5) == 0 ? "\r\n" : "\n")
    }
    return Array(text.utf8)
  }

  @Test func parallelRunsMergeExactly() {
    let bytes = Self.largeCorpus(lines: 40_000)
    #expect(bytes.count >= BigramCounts.parallelThreshold)
    #expect(Self.streamed(bytes) == Self.viaCorpus(bytes))
  }

  @Test func anErrorLateInAParallelRunNamesItsLineInTheFile() {
    var bytes = Self.largeCorpus(lines: 40_000)
    bytes += Array("ok\nst.john\n".utf8)
    #expect(Self.streamed(bytes) == .failure(.containsBoundary(path: "test.txt", line: 40_002, word: "st.john")))
  }

  private static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-counts-\(UUID().uuidString).txt")
    try Data(bytes).write(to: url)
    return url
  }

  @Test func fileEqualsInMemory() throws {
    for bytes in Self.inputs + [Self.largeCorpus(lines: 40_000)] where !bytes.isEmpty {
      let url = try Self.temporaryFile(bytes)
      defer { try? FileManager.default.removeItem(at: url) }
      let fromFile = Result { () throws(CorpusError) in try BigramCounts(contentsOfFile: url.path) }
      switch (fromFile, Self.streamed(bytes)) {
      case (.success(let counts), .success(let expected)): #expect(counts == expected)
      case (.failure(let error), .failure(let expected)):
        #expect(error.description.replacingOccurrences(of: url.path, with: "test.txt") == expected.description)
      default: Issue.record("file \(fromFile) differs from memory \(Self.streamed(bytes))")
      }
    }
  }

  /// Small blocks force lines across block boundaries (the carried tail) and CRs at block ends.
  @Test(arguments: [12, 13, 16, 64]) func smallBlocksCarryLinesAcross(blockSize: Int) throws {
    let bytes = Array("emma\r\nolivia\rava\n\nzoë\r\n  mary ann \nbo".utf8)
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    let file = try FileHandle(forReadingFrom: url)
    defer { try? file.close() }
    let reader = BlockReader(descriptor: file.fileDescriptor, path: "test.txt")
    let tally = try reader.tally(PairTally(), from: 0, to: bytes.count, blockSize: blockSize)
    var reference = PairTally()
    try bytes.withUnsafeBufferPointer { try reference.count(lines: $0, source: "test.txt") }
    #expect(tally.ascii == reference.ascii && tally.other == reference.other)
    #expect(tally.lines == 7 && tally.blankLines == 1 && tally.words == 6)
  }

  /// A line longer than a block (and than Corpus's byte limit) is streamed to find Corpus's error for it.
  @Test(arguments: [
    Array("ok\n".utf8) + Array(repeating: 0x61, count: 5_000) + Array("\nnext".utf8),
    Array("ok\n".utf8) + Array(repeating: 0x61, count: 5_000) + [0x00, 0x0A],
    Array("ok\n".utf8) + Array(repeating: 0x61, count: 5_000) + [0xC3, 0x28, 0x0A],
    Array("ok\n".utf8) + Array(String(repeating: "é", count: 3_000).utf8),
  ]) func longLinesGiveCorpusErrors(bytes: [UInt8]) throws {
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    let file = try FileHandle(forReadingFrom: url)
    defer { try? file.close() }
    let reader = BlockReader(descriptor: file.fileDescriptor, path: "test.txt")
    let expected = Self.viaCorpus(bytes)
    #expect(throws: (any Error).self) { try expected.get() }
    do {
      _ = try reader.tally(PairTally(), from: 0, to: bytes.count, blockSize: 16)
      Issue.record("expected \(expected)")
    } catch {
      #expect(.failure(error) == expected)
    }
  }

  @Test func filesystemErrors() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-counts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(throws: CorpusError.isDirectory(path: directory.path)) { try BigramCounts(contentsOfFile: directory.path) }
    let missing = directory.appendingPathComponent("missing.txt").path
    #expect(throws: CorpusError.fileNotFound(path: missing)) { try BigramCounts(contentsOfFile: missing) }
    let empty = directory.appendingPathComponent("empty.txt")
    try Data().write(to: empty)
    #expect(throws: CorpusError.empty(path: empty.path)) { try BigramCounts(contentsOfFile: empty.path) }
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesTxt() throws {
    let url = try #require(SharedData.namesURL)
    let streamed = try BigramCounts(contentsOfFile: url.path)
    #expect(streamed == (try BigramCounts(corpus: try Corpus(contentsOf: url))))
    #expect(streamed.total == 228_146)
  }
}
