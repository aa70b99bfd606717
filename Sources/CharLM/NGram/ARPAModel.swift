import Foundation

/// A back-off n-gram model read from an ARPA file whose tokens are characters: ours
/// (`bigram counts --arpa`) or KenLM's `lmplz` run over space-separated characters.
///
/// `<s>` is the padding (a context token only), `</s>` the word end (the symbol `.`), `<unk>` is
/// ignored; every other token must be one character other than `.`. The probability is the ARPA
/// back-off rule, with log₁₀ values from the file:
///
///     P(w | h) = P(hw)                  if hw is listed,
///              = bow(h) · P(w | h′)     else (bow = 1 for a context not listed),
///
/// h′ being h without its oldest token. A file made by lmplz starts words with one `<s>`; our
/// N − 1 padding tokens back off to it, since `<s> <s>` is not listed there.
///
/// The reader is bounded and distrustful: at most ``maximumBytes``, ``NGramCounts/maximumOrder``,
/// ``maximumEntries`` n-grams (each filed as it is read) and 1,024 symbols; section counts must match the header; numbers
/// must be finite (log P ≤ 0) except `-inf`/`-99` as log P; duplicates and n-grams over unknown
/// characters are refused, each error naming the line.
public struct ARPAModel: ContextLanguageModel {
  /// The largest file read: 256 MiB.
  public static let maximumBytes = 256 << 20
  /// The most n-grams accepted over all orders.
  public static let maximumEntries = 10_000_000

  public let vocabulary: Vocabulary
  public let contextLength: Int
  /// The n-gram counts of the header, per order.
  public let ngrams: [Int]
  /// Where the model came from.
  public let source: String
  private let bits: UInt128
  // For each order k (index k − 1): log₁₀ P of the listed k-grams whose last token is predicted,
  // and log₁₀ bow of the listed k-grams usable as a context (every token a context token).
  private let probabilities: [[UInt128: Double]]
  private let backoffs: [[UInt128: Double]]

  /// Reads the ARPA file at `path`.
  ///
  /// - Throws: ``ARPAError`` naming the file and line.
  public init(contentsOfFile path: String) throws(ARPAError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw .fileNotFound(path: path)
    }
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
      defer { try? handle.close() }
      data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
    } catch {
      throw .unreadable(path: path, reason: error.posixCode.map { String(cString: strerror($0)) } ?? "\(error)")
    }
    guard data.count <= Self.maximumBytes else { throw .tooLarge(path: path, limit: Self.maximumBytes) }
    try self.init(parsing: data, source: path)
  }

  /// Parses the bytes of an ARPA file; `source` names it in errors.
  ///
  /// - Throws: ``ARPAError/malformed(path:line:reason:)`` naming the line.
  public init(parsing data: Data, source: String) throws(ARPAError) {
    self.source = source
    var lines = ARPALines(data: data)
    func fail(_ reason: String, line: Int? = nil) -> ARPAError {
      // Line 1 for an empty file, which has no line 0.
      .malformed(path: source, line: Swift.max(line ?? lines.number, 1), reason: reason)
    }
    // The header: \data\ then "ngram k=count" for k = 1, 2, … in order.
    guard let first = try lines.nextNonBlank(source: source) else { throw fail("the file is empty") }
    guard first == "\\data\\" else { throw fail("expected the header line \\data\\, found \(Self.shown(first))") }
    var counts: [Int] = []
    var unigramHeaderLine = 1
    var pending: String?
    while let line = try lines.nextNonBlank(source: source) {
      guard line.hasPrefix("ngram ") else {
        pending = line
        break
      }
      let parts = line.dropFirst(6).split(separator: "=", omittingEmptySubsequences: false)
      guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
        let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
      else { throw fail("expected \"ngram K=COUNT\", found \(Self.shown(line))") }
      guard k == counts.count + 1 else {
        throw fail("expected the count of order \(counts.count + 1), found order \(k)")
      }
      guard k <= NGramCounts.maximumOrder else {
        throw fail("order \(k) is more than the \(NGramCounts.maximumOrder) bigram models")
      }
      guard count >= 0, count <= Self.maximumEntries, counts.reduce(0, +) + count <= Self.maximumEntries else {
        throw fail("\(count) \(k)-grams: counts must be 0…\(Self.maximumEntries) in all")
      }
      counts.append(count)
      if k == 1 { unigramHeaderLine = lines.number }
    }
    guard !counts.isEmpty else { throw fail("the header lists no \"ngram K=COUNT\" lines") }
    guard counts[0] > 0 else { throw fail("the header lists no unigrams", line: lines.number) }
    // The unigrams name the symbols, so at most one per symbol plus <s>, </s> and <unk>.
    guard counts[0] <= Corpus.maximumSymbols + 2 else {
      throw fail(
        "\(counts[0]) unigrams: a character model has at most \(Corpus.maximumSymbols + 2)", line: unigramHeaderLine)
    }
    typealias Entry = (line: Int, logP: Double, tokens: [Substring], bow: Double?)
    var unigrams: [Entry] = []
    var vocabulary = Vocabulary(symbols: [Vocabulary.boundary])
    var bits: UInt128 = 1
    var probabilities: [[UInt128: Double]] = []
    var backoffs: [[UInt128: Double]] = []
    // Files an entry under its packed key: its log P if it predicts a symbol, its bow if it can be a context.
    func store(_ entry: Entry, order k: Int) throws(ARPAError) {
      if entry.tokens.contains("<unk>") { return }
      var key: UInt128 = 0
      var isContext = true
      for (position, token) in entry.tokens.enumerated() {
        let symbol: Int
        switch token {
        case "<s>":
          guard entry.tokens[0...position].allSatisfy({ $0 == "<s>" }) else {
            throw fail("<s> may only begin an n-gram (it pads the start of a word)", line: entry.line)
          }
          symbol = 0
        case "</s>":
          guard position == k - 1 else { throw fail("</s> may only end an n-gram", line: entry.line) }
          symbol = 0
          isContext = false
        default:
          let scalar = try Self.character(token, line: entry.line, source: source)
          guard let found = vocabulary.index(of: scalar) else {
            throw fail("the character \(Self.shown(String(token))) is not among the unigrams", line: entry.line)
          }
          symbol = found
        }
        key = key << bits | UInt128(symbol)
      }
      let last = entry.tokens[k - 1]
      let twice = fail(
        "the \(k)-gram \(Self.shown(entry.tokens.joined(separator: " "))) is listed twice", line: entry.line)
      if last != "<s>" {
        guard probabilities[k - 1].updateValue(entry.logP, forKey: key) == nil else { throw twice }
      }
      if isContext, let bow = entry.bow {
        guard backoffs[k - 1].updateValue(bow, forKey: key) == nil || last != "<s>" else { throw twice }
      }
    }
    // The sections, each "\k-grams:" then exactly count[k−1] entries, filed as they are read (only
    // the unigrams wait, for the vocabulary they define).
    for k in 1...counts.count {
      var header = pending
      if header == nil { header = try lines.nextNonBlank(source: source) }
      pending = nil
      guard let header, header == "\\\(k)-grams:" else {
        throw fail(
          "expected the section header \\\(k)-grams:, found \(header.map(Self.shown) ?? "the end of the file")")
      }
      probabilities.append([:])
      backoffs.append([:])
      for index in 0..<counts[k - 1] {
        guard let line = try lines.nextNonBlank(source: source) else {
          throw fail(
            "the file ends inside \\\(k)-grams: after \(index) of the \(counts[k - 1]) entries the header lists")
        }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == k + 1 || fields.count == k + 2 else {
          throw fail(
            "a \(k)-gram line holds log10 P, \(k) tokens and an optional back-off weight; found \(fields.count) fields"
              + (line.hasPrefix("\\")
                ? " (\(Self.shown(line)): the section has fewer entries than the header says)" : ""))
        }
        guard let logP = Self.logProbability(fields[0]) else {
          throw fail("log10 P must be a number ≤ 0 (or -inf), found \(Self.shown(String(fields[0])))")
        }
        var bow: Double?
        if fields.count == k + 2 {
          guard let value = Double(fields[k + 1]), value.isFinite, abs(value) <= 99 else {
            throw fail("the back-off weight must be a number within ±99, found \(Self.shown(String(fields[k + 1])))")
          }
          bow = value
        }
        let entry = (lines.number, logP, Array(fields[1...k]), bow)
        if k == 1 { unigrams.append(entry) } else { try store(entry, order: k) }
      }
      if k == 1 {
        // The vocabulary: every unigram that is a character.
        var characters = Set<Unicode.Scalar>()
        var hasEnd = false
        for entry in unigrams {
          let token = entry.tokens[0]
          switch token {
          case "<s>", "<unk>": continue
          case "</s>": hasEnd = true
          default: characters.insert(try Self.character(token, line: entry.line, source: source))
          }
        }
        guard hasEnd else { throw fail("the unigrams lack </s>, the end of a word", line: unigrams.first?.line ?? 1) }
        guard characters.count + 1 <= Corpus.maximumSymbols else {
          throw fail(
            "\(characters.count + 1) symbols, more than the \(Corpus.maximumSymbols) allowed", line: unigramHeaderLine)
        }
        vocabulary = Vocabulary(symbols: [Vocabulary.boundary] + characters.sorted { $0.value < $1.value })
        bits = UInt128(NGramCounts.bitsPerSymbol(vocabularySize: vocabulary.count))
        for entry in unigrams { try store(entry, order: 1) }
      }
    }
    guard let end = try lines.nextNonBlank(source: source), end == "\\end\\" else {
      throw fail("expected \\end\\ after the last section (more entries than the header says?)")
    }
    self.vocabulary = vocabulary
    contextLength = counts.count - 1
    ngrams = counts
    self.bits = bits
    self.probabilities = probabilities
    self.backoffs = backoffs
  }

  /// log₁₀ P: a finite number ≤ 0, or −∞ (`-inf`); nil otherwise.
  private static func logProbability(_ field: Substring) -> Double? {
    if field == "-inf" || field == "-Infinity" { return -.infinity }
    guard let value = Double(field), value.isFinite, value <= 0 else { return nil }
    return value
  }

  /// The one character a token stands for.
  private static func character(_ token: Substring, line: Int, source: String) throws(ARPAError) -> Unicode.Scalar {
    let scalars = token.unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first else {
      throw .malformed(
        path: source, line: line,
        reason: "the token \(shown(String(token))) is not one character (nor <s>, </s>, <unk>): "
          + "bigram reads character models, e.g. lmplz over space-separated characters")
    }
    guard scalar != Vocabulary.boundary, scalar.properties.generalCategory != .control else {
      throw .malformed(
        path: source, line: line,
        reason: "the token \(shown(String(token))) is reserved or invisible ('.' marks word ends in bigram)")
    }
    return scalar
  }

  /// A line or token as shown in a message: quoted, at most 60 characters.
  private static func shown(_ text: String) -> String {
    (text.count > 60 ? String(text.prefix(60)) + "…" : text).debugDescription
  }

  public func probability(of symbol: Int, after context: [Int]) -> Double {
    precondition(context.count == contextLength, "a context of \(contextLength) symbols, got \(context.count)")
    var logBackoff = 0.0
    var contextKey: UInt128 = 0
    var keys: [UInt128] = [0]
    for (length, previous) in context.reversed().enumerated() {
      contextKey |= UInt128(previous) << (UInt128(length) * bits)
      keys.append(contextKey)
    }
    // From the longest context down: the first listed n-gram wins, after the back-offs of the
    // longer contexts that were not.
    for length in stride(from: contextLength, through: 0, by: -1) {
      let h = keys[length]
      if let logP = probabilities[length][h << bits | UInt128(symbol)] {
        return Foundation.pow(10, logBackoff + logP)
      }
      if length > 0 { logBackoff += backoffs[length - 1][h] ?? 0 }
    }
    return 0
  }

  /// P(· | context) renormalised over the V symbols: an lmplz model keeps some mass for `<unk>`,
  /// which bigram never predicts.
  public func distribution(after context: [Int]) -> [Double] {
    let raw = (0..<vocabulary.count).map { probability(of: $0, after: context) }
    let total = raw.reduce(0, +)
    return total > 0 ? raw.map { $0 / total } : raw
  }
}

/// The lines of an ARPA file, each checked as UTF-8 and at most 4 KB, with their numbers.
struct ARPALines {
  private let bytes: [UInt8]
  private var index = 0
  /// The number of the line last returned (1-based).
  private(set) var number = 0

  init(data: Data) { bytes = Array(data) }

  /// The next line that is not blank, trimmed; nil at the end.
  mutating func nextNonBlank(source: String) throws(ARPAError) -> String? {
    while index < bytes.count {
      var end = index
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      number += 1
      let slice = bytes[index..<end]
      index = end + 1
      guard slice.count <= 4_096 else {
        throw .malformed(path: source, line: number, reason: "the line is \(slice.count) bytes long, more than 4,096")
      }
      guard !slice.contains(0) else {
        throw .malformed(path: source, line: number, reason: "the line holds NUL bytes, so this is a binary file")
      }
      guard let line = String(validating: slice, as: UTF8.self) else {
        throw .malformed(path: source, line: number, reason: "the line is not valid UTF-8")
      }
      let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.isEmpty { return trimmed }
    }
    return nil
  }
}
