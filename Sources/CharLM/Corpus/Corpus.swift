import Foundation

/// A list of words, one per line of a UTF-8 text file, and what reading it found.
///
/// Lines end with LF, CRLF or a lone CR; the last line may lack a line break. Each line is
/// trimmed of leading and trailing whitespace, and blank lines are skipped (and counted).
/// Duplicates are kept: every occurrence of a word is a sample of the data.
public struct Corpus: Sendable, Equatable {
  /// The longest word accepted, in characters; a longer line is almost surely not a word list.
  public static let maximumWordLength = 1_000
  /// Above this many symbols a warning is given: heat maps stop being readable and the neural
  /// model's V² weights grow past 16k.
  public static let symbolWarningThreshold = 128
  /// The most symbols allowed: V² = 1M weights (8 MB a matrix) is the most a bigram table needs.
  public static let maximumSymbols = 1_024
  /// The largest file read, 256 MiB (names.txt has 0.2 MB): beyond it the input is surely not a
  /// word list, and an endless source such as `/dev/zero` stops here instead of filling memory.
  public static let maximumBytes = 256 << 20

  /// The words in file order, duplicates included.
  public let words: [String]
  /// Where the words came from: a path, or a name such as `built-in`.
  public let source: String
  /// How many blank lines were skipped.
  public let blankLines: Int

  /// Creates a corpus from words already in memory.
  ///
  /// - Precondition: no word is empty or holds the boundary `.` (file data is checked with an error).
  public init(words: [String], source: String = "words", blankLines: Int = 0) {
    precondition(
      words.allSatisfy { !$0.isEmpty && !$0.unicodeScalars.contains(Vocabulary.boundary) },
      "corpus words must be non-empty and free of '.'")
    self.words = words
    self.source = source
    self.blankLines = blankLines
  }

  /// The corpus that ships with bigram, used when no file is given.
  public static let builtIn: Corpus = {
    let words = BuiltInNames.text.split(separator: "\n").map { String($0) }
    return Corpus(words: words, source: "built-in names")
  }()

  /// Reads a corpus from a text file.
  ///
  /// - Throws: ``CorpusError`` naming the file (and line) for a missing, unreadable, empty,
  ///   binary, non-UTF-8 or otherwise unusable file.
  public init(contentsOf url: URL) throws(CorpusError) {
    try self.init(contentsOfFile: url.path)
  }

  /// Reads a corpus from the text file at `path`; messages name the path as given.
  ///
  /// - Throws: ``CorpusError``, as ``init(contentsOf:)``.
  public init(contentsOfFile path: String) throws(CorpusError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      // A link to nothing still shows in a directory listing, where "no such file" would puzzle.
      if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
        throw .danglingSymbolicLink(path: path, target: target)
      }
      throw .fileNotFound(path: path)
    }
    guard !isDirectory.boolValue else { throw .isDirectory(path: path) }
    // A file handle, not Data(contentsOf:), which refuses pipes and devices such as /dev/stdin
    // with a false "permission denied".
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
      defer { try? handle.close() }
      // One byte past the limit tells a file at the limit from a longer one.
      data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
    } catch {
      throw .unreadable(path: path, reason: Self.reason(for: error, path: path))
    }
    guard data.count <= Self.maximumBytes else { throw .tooLarge(path: path, limit: Self.maximumBytes) }
    try self.init(parsing: data, source: path)
  }

  /// Why `path` could not be read, in the system's words: Foundation's own message is often just
  /// "The operation could not be completed", so the POSIX error beneath it is used.
  private static func reason(for error: any Error, path: String) -> String {
    if (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeSocket {
      return "it is a socket, not a file"
    }
    return error.posixCode.map { String(cString: strerror($0)) } ?? error.localizedDescription
  }

  /// Parses the bytes of a word list; `source` names it in error messages.
  public init(parsing data: Data, source: String) throws(CorpusError) {
    guard !data.isEmpty else { throw .empty(path: source) }
    // Data.withUnsafeBytes rethrows untyped errors, so the typed error travels in a Result.
    let parsed = try data.withUnsafeBytes { raw in
      Result { () throws(CorpusError) in try Self.parseLines(raw.bindMemory(to: UInt8.self), source: source) }
    }.get()
    // No line at all (a byte-order mark and nothing else) is an empty file, not "all 0 lines blank".
    guard !parsed.0.isEmpty else {
      throw parsed.1 == 0 ? .empty(path: source) : .onlyBlankLines(path: source, lines: parsed.1)
    }
    self.words = parsed.0
    self.source = source
    self.blankLines = parsed.1
    let symbols = Set(words.lazy.flatMap { $0.unicodeScalars }).count
    if symbols + 1 > Self.maximumSymbols {
      throw .tooManySymbols(path: source, count: symbols + 1, limit: Self.maximumSymbols)
    }
  }

  private static func parseLines(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) -> (
    [String], Int
  ) {
    var start = 0
    // A UTF-8 byte-order mark is harmless: skip it. UTF-16/32 marks mean the wrong encoding.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
      throw .wrongEncoding(path: source, encoding: "UTF-32")
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw .wrongEncoding(path: source, encoding: "UTF-16")
    }
    var words: [String] = []
    var blank = 0
    var lineNumber = 0
    var index = start
    let end = bytes.count
    let byteLimit = lineByteLimit
    while index < end {
      var lineEnd = index
      while lineEnd < end, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
      lineNumber += 1
      let line = UnsafeBufferPointer(rebasing: bytes[index..<lineEnd])
      if let word = try parseLine(line, number: lineNumber, byteLimit: byteLimit, source: source) {
        words.append(word)
      } else {
        blank += 1
      }
      // CRLF is one line break; a lone CR or LF is one too.
      index = lineEnd
      if index < end, bytes[index] == 0x0D { index += 1 }
      if index < end, bytes[index] == 0x0A, index == lineEnd || bytes[index - 1] == 0x0D { index += 1 }
    }
    return (words, blank)
  }

  /// The longest line worth decoding: a UTF-8 character is at most 4 bytes, plus some spaces.
  static let lineByteLimit = maximumWordLength * 4 + 256

  /// The word on one line (its bytes without the line break), or nil for a blank line; the
  /// streaming counter calls this for every line its fast path does not take.
  static func parseLine(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, byteLimit: Int, source: String
  ) throws(CorpusError) -> String? {
    if line.contains(0) { throw .binary(path: source, line: number) }
    guard let decoded = String(validating: line, as: UTF8.self) else {
      throw .invalidUTF8(path: source, line: number)
    }
    if line.count > byteLimit {
      throw .lineTooLong(path: source, line: number, characters: decoded.unicodeScalars.count, limit: maximumWordLength)
    }
    let word = decoded.trimmingCharacters(in: .whitespaces)
    if word.isEmpty { return nil }
    let length = word.unicodeScalars.count
    if length > maximumWordLength {
      throw .lineTooLong(path: source, line: number, characters: length, limit: maximumWordLength)
    }
    for scalar in word.unicodeScalars {
      if scalar == Vocabulary.boundary { throw .containsBoundary(path: source, line: number, word: word) }
      if scalar.properties.generalCategory == .control {
        throw .controlCharacter(path: source, line: number, character: scalar)
      }
    }
    return word
  }

  /// The vocabulary of this corpus: `.` then its characters in code-point order.
  public var vocabulary: Vocabulary { Vocabulary(words: words) }

  /// Counts of the corpus, for reports.
  public var statistics: CorpusStatistics { CorpusStatistics(corpus: self) }

  /// Warnings worth showing the user (none for an ordinary word list).
  public var warnings: [String] { Self.warnings(source: source, symbols: vocabulary.count) }

  /// The warnings for a corpus from `source` with `symbols` symbols, boundary included.
  public static func warnings(source: String, symbols: Int) -> [String] {
    guard symbols > Self.symbolWarningThreshold else { return [] }
    return [
      "\(source): \(symbols) symbols (more than \(Self.symbolWarningThreshold)): heat maps will be hard to read "
        + "and the neural model has \(symbols * symbols) weights; is this the data you meant?"
    ]
  }
}
