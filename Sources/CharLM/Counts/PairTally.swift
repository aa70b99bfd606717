/// Bigram counts of raw symbols (Unicode scalar values, 0 for the boundary) gathered in one pass
/// over the bytes of a word list, before the vocabulary is known, with what ``Corpus`` would have
/// found line by line: the same trimming, blank lines and errors.
///
/// Lines made only of printable ASCII other than space and `.` (every line of names.txt) take a
/// fast path: one table lookup per byte and one increment per bigram. Any other line is re-read
/// by `Corpus.parseLine`, so validation and error messages are Corpus's own.
struct PairTally: Sendable {
  /// Pairs of ASCII symbols and the boundary: `ascii[a << 7 | b]` counts a followed by b.
  private(set) var ascii = [Int](repeating: 0, count: 128 * 128)
  /// Pairs in which a non-ASCII scalar takes part, keyed `a << 32 | b`.
  private(set) var other: [UInt64: Int] = [:]
  /// Lines read, blank lines among them, and words (non-blank lines).
  private(set) var lines = 0
  private(set) var blankLines = 0
  private(set) var words = 0

  // What each byte is to the fast path: a plain ASCII symbol (the byte itself, < 0x80), a line
  // break, or anything that needs the careful path (space, tab, '.', controls, NUL, non-ASCII).
  private static let lineFeed: UInt8 = 0x80
  private static let carriageReturn: UInt8 = 0x81
  private static let careful: UInt8 = 0xFF
  private static let byteCodes: [UInt8] = (0..<256).map { byte in
    switch byte {
    case 0x0A: return lineFeed
    case 0x0D: return carriageReturn
    case 0x21...0x7E where byte != 0x2E: return UInt8(byte)
    default: return careful
    }
  }

  /// Counts every line of `bytes`: lines end with LF, CRLF or a lone CR, and only the last may lack
  /// its break (it is then the end of the input). Errors name the line counted from this tally's first.
  ///
  /// - Precondition: `bytes` does not end between the CR and the LF of a CRLF.
  mutating func count(lines bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
    var position = 0
    while position < bytes.count {
      var found = (lines: lines, blankLines: blankLines, words: words)
      position = Self.byteCodes.withUnsafeBufferPointer { codes in
        ascii.withUnsafeMutableBufferPointer { table in
          Self.countPlainLines(bytes, from: position, codes: codes, table: table, found: &found)
        }
      }
      (lines, blankLines, words) = found
      if position < bytes.count { position = try countCarefully(lineAt: position, in: bytes, source: source) }
    }
  }

  /// Counts lines from `start` while they are plain; returns where the first other line starts
  /// (or the end). One table lookup per byte and one increment per pair, nothing else per byte.
  private static func countPlainLines(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, codes: UnsafeBufferPointer<UInt8>,
    table: UnsafeMutableBufferPointer<Int>, found: inout (lines: Int, blankLines: Int, words: Int)
  ) -> Int {
    let end = bytes.count
    var index = start
    while index < end {
      let lineStart = index
      var previous = 0
      var code = Int(careful)
      // (Wrapping arithmetic: indices stay in bounds, and overflow checks would slow the hot loop.)
      while index < end {
        code = Int(codes[Int(bytes[index])])
        if code >= 0x80 { break }
        table[previous &<< 7 | code] &+= 1
        previous = code
        index &+= 1
      }
      let isPlainEnd = index == end || code != Int(careful)
      guard isPlainEnd, index - lineStart <= Corpus.maximumWordLength else {
        // The careful path re-reads the whole line (and reports any error), so take its pairs back.
        uncount(UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), table: table)
        return lineStart
      }
      if previous == 0 {
        found.blankLines += 1
      } else {
        table[previous &<< 7] &+= 1
        found.words += 1
      }
      found.lines += 1
      if index < end {
        index &+= 1
        if code == Int(carriageReturn), index < end, bytes[index] == 0x0A { index &+= 1 }
      }
    }
    return index
  }

  /// Removes the pairs that a plain prefix of a line added: the boundary, then each byte in turn.
  private static func uncount(_ prefix: UnsafeBufferPointer<UInt8>, table: UnsafeMutableBufferPointer<Int>) {
    var previous = 0
    for byte in prefix {
      table[previous << 7 | Int(byte)] -= 1
      previous = Int(byte)
    }
  }

  /// Reads one line with `Corpus.parseLine` and counts its word; returns where the next line starts.
  private mutating func countCarefully(
    lineAt start: Int, in bytes: UnsafeBufferPointer<UInt8>, source: String
  ) throws(CorpusError) -> Int {
    let end = bytes.count
    var lineEnd = start
    while lineEnd < end, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
    lines += 1
    let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
    if let word = try Corpus.parseLine(line, number: lines, byteLimit: Corpus.lineByteLimit, source: source) {
      add(word: word)
    } else {
      blankLines += 1
    }
    // CRLF is one line break; a lone CR or LF is one too.
    var index = lineEnd
    if index < end, bytes[index] == 0x0D { index += 1 }
    if index < end, bytes[index] == 0x0A, index == lineEnd || bytes[index - 1] == 0x0D { index += 1 }
    return index
  }

  /// Counts the chain `. w₁ … wₙ .` of one word.
  mutating func add(word: String) {
    var previous: UInt32 = 0
    for scalar in word.unicodeScalars {
      add(previous, scalar.value)
      previous = scalar.value
    }
    add(previous, 0)
    words += 1
  }

  private mutating func add(_ first: UInt32, _ second: UInt32) {
    if first < 128, second < 128 {
      ascii[Int(first) << 7 | Int(second)] += 1
    } else {
      other[UInt64(first) << 32 | UInt64(second), default: 0] += 1
    }
  }

  /// Adds the counts and line tallies of `tally`, read from the bytes after this one's.
  mutating func merge(_ tally: PairTally) {
    for index in ascii.indices { ascii[index] += tally.ascii[index] }
    other.merge(tally.other, uniquingKeysWith: +)
    lines += tally.lines
    blankLines += tally.blankLines
    words += tally.words
  }

  /// The scalars that occur, in code-point order (the boundary excluded).
  var symbols: [UInt32] {
    var seen = Set<UInt32>()
    for first in 0..<128 {
      for second in 0..<128 where ascii[first << 7 | second] > 0 {
        seen.insert(UInt32(first))
        seen.insert(UInt32(second))
      }
    }
    for key in other.keys {
      seen.insert(UInt32(key >> 32))
      seen.insert(UInt32(truncatingIfNeeded: key))
    }
    seen.remove(0)
    return seen.sorted()
  }

  /// Calls `body(first, second, count)` for every pair counted at least once.
  func forEachPair(_ body: (UInt32, UInt32, Int) -> Void) {
    for index in ascii.indices where ascii[index] > 0 {
      body(UInt32(index >> 7), UInt32(index & 127), ascii[index])
    }
    for (key, count) in other where count > 0 {
      body(UInt32(key >> 32), UInt32(truncatingIfNeeded: key), count)
    }
  }
}
