import Foundation
import TestSupport
import Testing

@testable import CharLM

@Suite struct CorpusTests {
  private func parse(_ bytes: [UInt8]) throws(CorpusError) -> Corpus {
    try Corpus(parsing: Data(bytes), source: "test.txt")
  }

  private func parse(_ text: String) throws(CorpusError) -> Corpus {
    try parse(Array(text.utf8))
  }

  @Test func lineEndingsAndTheLastLine() throws {
    #expect(try parse("ann\nbob\ncy").words == ["ann", "bob", "cy"])
    #expect(try parse("ann\r\nbob\r\ncy\r\n").words == ["ann", "bob", "cy"])
    #expect(try parse("ann\rbob\rcy").words == ["ann", "bob", "cy"])
    #expect(try parse("ann\n\r\nbob").words == ["ann", "bob"])
  }

  @Test func blankLinesAreSkippedAndCountedAndWhitespaceTrimmed() throws {
    let corpus = try parse("  ann \n\n\t\nbob\t\n   \n")
    #expect(corpus.words == ["ann", "bob"])
    #expect(corpus.blankLines == 3)
  }

  @Test func duplicatesAreKept() throws {
    let corpus = try parse("ann\nann\nbob\n")
    #expect(corpus.words.count == 3)
    #expect(corpus.statistics.uniqueWords == 2)
    #expect(corpus.statistics.duplicates == 1)
  }

  @Test func utf8ByteOrderMarkIsSkipped() throws {
    #expect(try parse([0xEF, 0xBB, 0xBF] + Array("ann\nbob".utf8)).words == ["ann", "bob"])
  }

  @Test func badInputsAreNamedErrors() {
    #expect(throws: CorpusError.empty(path: "test.txt")) { try parse("") }
    #expect(throws: CorpusError.onlyBlankLines(path: "test.txt", lines: 3)) { try parse("\n  \n\t\n") }
    #expect(throws: CorpusError.invalidUTF8(path: "test.txt", line: 2)) { try parse([0x61, 0x0A, 0xC3, 0x28]) }
    #expect(throws: CorpusError.wrongEncoding(path: "test.txt", encoding: "UTF-16")) {
      try parse([0xFF, 0xFE, 0x61, 0x00])
    }
    #expect(throws: CorpusError.binary(path: "test.txt", line: 1)) { try parse([0x61, 0x00, 0x62]) }
    #expect(throws: CorpusError.containsBoundary(path: "test.txt", line: 2, word: "st.john")) {
      try parse("ann\nst.john\n")
    }
    #expect(throws: CorpusError.controlCharacter(path: "test.txt", line: 1, character: "\u{07}")) {
      try parse("a\u{07}b")
    }
    let long = String(repeating: "a", count: Corpus.maximumWordLength + 1)
    #expect(
      throws: CorpusError.lineTooLong(
        path: "test.txt", line: 1, characters: long.count, limit: Corpus.maximumWordLength)
    ) {
      try parse(long)
    }
  }

  @Test func filesystemErrors() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-corpus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(throws: CorpusError.isDirectory(path: directory.path)) { try Corpus(contentsOfFile: directory.path) }
    let missing = directory.appendingPathComponent("missing.txt").path
    #expect(throws: CorpusError.fileNotFound(path: missing)) { try Corpus(contentsOfFile: missing) }
    let file = directory.appendingPathComponent("names.txt")
    try Data("emma\nolivia".utf8).write(to: file)
    #expect(try Corpus(contentsOfFile: file.path).words == ["emma", "olivia"])
  }

  @Test func statisticsOfASmallCorpus() throws {
    let statistics = try parse("emma\nava\nemma\nbo").statistics
    #expect(statistics.words == 4)
    #expect(statistics.uniqueWords == 3)
    #expect(statistics.bigrams == 5 + 4 + 5 + 3)
    #expect(statistics.minimumLength == 2 && statistics.maximumLength == 4)
    #expect(statistics.vocabulary == ".abemov")
  }

  @Test func builtInCorpusIsUsable() {
    let corpus = Corpus.builtIn
    #expect(corpus.words.count >= 1_000)
    #expect(corpus.vocabulary.count == 27)
    #expect(corpus.warnings.isEmpty)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesTxtStatistics() throws {
    let url = try #require(SharedData.namesURL)
    let statistics = try Corpus(contentsOf: url).statistics
    #expect(statistics.words == 32_033)
    #expect(statistics.duplicates == 2_539)
    #expect(statistics.bigrams == 228_146)
    #expect(statistics.vocabularySize == 27)
    #expect(statistics.minimumLength == 2 && statistics.maximumLength == 15)
  }

  @Test func manySymbolsWarn() throws {
    let words = (0..<200).map { String(UnicodeScalar(0x4E00 + $0).map(Character.init) ?? "a") }
    let corpus = try parse(words.joined(separator: "\n"))
    #expect(corpus.warnings.count == 1)
    #expect(corpus.warnings[0].contains("201 symbols"))
  }
}
