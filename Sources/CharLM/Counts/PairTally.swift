/// Bigram counts of raw symbols (Unicode scalar values, 0 for the boundary) gathered in one pass
/// over the bytes of a word list, before the vocabulary is known, with what ``Corpus`` would have
/// found line by line: the same trimming, blank lines and errors.
///
/// The bytes go in blocks of whole lines. A block of plain lines (printable ASCII other than space
/// and `.`, LF endings, no line over the word limit — every block of names.txt) is checked with
/// 16-byte vector compares, then counted with one table lookup per byte: each overlapping pair of
/// bytes, read as a 16-bit number, indexes a table of pair codes, and the pair's count goes up by
/// one. A line break is the boundary, so (x, LF) counts an end and (LF, y) a start. Any other
/// block is read line by line, and lines that are not plain are re-read by `Corpus.parseLine`,
/// so validation and error messages are Corpus's own.
struct PairTally: Sendable, LineTally {
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

  /// Bytes per block: large enough to amortise the checks, small enough to stay in the L2 cache
  /// between the check and the count.
  static let blockLength = 1 << 16

  // The pair code of two bytes b0 b1 read as the little-endian number b0 | b1 << 8: the index
  // code(b0) << 7 | code(b1) of the pair in `ascii`, where an LF is the boundary 0. A pair with any
  // other byte (one the careful path must see) goes to the slot of (DEL, DEL), which no word can
  // hold (DEL is a control character), so a count there means the block was not plain.
  private static let poisoned = 0x7F << 7 | 0x7F
  private static let pairCodes: [UInt16] = {
    let codes: [Int?] = byteCodes.indices.map { byte in byte == 0x0A ? 0 : byteCodes[byte] < 0x80 ? byte : nil }
    return (0..<65_536).map { pair in
      guard let first = codes[pair & 0xFF], let second = codes[pair >> 8] else { return UInt16(poisoned) }
      return UInt16(first << 7 | second)
    }
  }()

  /// Counts every line of `bytes`: lines end with LF, CRLF or a lone CR, and only the last may lack
  /// its break (it is then the end of the input). Errors name the line counted from this tally's first.
  ///
  /// - Precondition: `bytes` does not end between the CR and the LF of a CRLF.
  mutating func count(lines bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
    var start = 0
    while start < bytes.count {
      // A block of whole lines: up to the last LF of the next 64 KB, or everything left when that
      // holds none (the line-by-line path must see each line whole).
      var end = bytes.count
      if start + Self.blockLength < bytes.count {
        var lastBreak = start + Self.blockLength - 1
        while lastBreak >= start, bytes[lastBreak] != 0x0A { lastBreak -= 1 }
        if lastBreak >= start { end = lastBreak + 1 }
      }
      let block = UnsafeBufferPointer(rebasing: bytes[start..<end])
      if !Self.mayHoldLongLines(block), countPlainBlock(block) {
        start = end
        continue
      }
      try count(lineByLine: block, source: source)
      start = end
    }
  }

  /// Whether a line of `block` may be longer than a word can be: false when an LF comes at least
  /// every ~900 bytes, checked 8 bytes at a time (SWAR: SIMD within a 64-bit register).
  private static func mayHoldLongLines(_ block: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = block.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    var index = 0
    var lastLineFeed = 0
    while index &+ 8 <= block.count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
      // The high bit of each byte that was an LF (now zero), exactly: no borrows cross bytes.
      let lineFeeds = ~(((word & low7) &+ low7) | word | low7)
      if lineFeeds != 0 {
        lastLineFeed = index
      } else if index - lastLineFeed > Corpus.maximumWordLength - 64 {
        // A line of L bytes has a word at least L − 14 bytes past the one with the LF before it,
        // so every line over the limit lands here (and a few shorter ones, which the careful path
        // accepts all the same).
        return true
      }
      index &+= 8
    }
    return false
  }

  /// Counts a block by the pair-code table, one lookup per byte; if the block turns out not to be
  /// plain (a count in the poisoned slot), takes every count back and returns false.
  private mutating func countPlainBlock(_ block: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !block.isEmpty else { return true }
    // Every line of the block ends in exactly one (x, boundary) pair, counted in column 0, and a
    // blank one in (boundary, boundary): the line tallies come from those two before and after.
    let endsBefore = endsCounted
    let blanksBefore = ascii[0]
    Self.pairCodes.withUnsafeBufferPointer { codes in
      ascii.withUnsafeMutableBufferPointer { table in Self.addPairs(of: block, codes: codes, table: table, by: 1) }
    }
    guard ascii[Self.poisoned] == 0 else {
      Self.pairCodes.withUnsafeBufferPointer { codes in
        ascii.withUnsafeMutableBufferPointer { table in Self.addPairs(of: block, codes: codes, table: table, by: -1) }
      }
      return false
    }
    let newLines = endsCounted - endsBefore
    // (boundary, boundary) pairs are blank lines, not bigrams: take them out of the counts.
    let blanks = ascii[0] - blanksBefore
    ascii[0] = blanksBefore
    lines += newLines
    blankLines += blanks
    words += newLines - blanks
    return true
  }

  /// The number of (x, boundary) pairs counted so far: column 0 of `ascii`.
  private var endsCounted: Int {
    stride(from: 0, to: ascii.count, by: 128).reduce(0) { $0 + ascii[$1] }
  }

  /// Adds `amount` to the count of every pair of a block of whole lines: (boundary, first byte),
  /// each overlapping pair of bytes, and (last byte, boundary) when the last line lacks its LF.
  private static func addPairs(
    of block: UnsafeBufferPointer<UInt8>, codes: UnsafeBufferPointer<UInt16>, table: UnsafeMutableBufferPointer<Int>,
    by amount: Int
  ) {
    guard let base = block.baseAddress else { return }
    let raw = UnsafeRawPointer(base)
    let n = block.count
    table[Int(codes[0x0A | Int(base[0]) << 8])] &+= amount
    var index = 0
    // (Wrapping arithmetic: the indices stay in bounds, and overflow checks would slow the loop.)
    while index &+ 4 < n {
      let a = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)))
      let b = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self)))
      let c = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 2, as: UInt16.self)))
      let d = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 3, as: UInt16.self)))
      table[Int(codes[a])] &+= amount
      table[Int(codes[b])] &+= amount
      table[Int(codes[c])] &+= amount
      table[Int(codes[d])] &+= amount
      index &+= 4
    }
    while index &+ 1 < n {
      let pair = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)))
      table[Int(codes[pair])] &+= amount
      index &+= 1
    }
    if base[n - 1] != 0x0A { table[Int(codes[Int(base[n - 1]) | 0x0A << 8])] &+= amount }
  }

  /// Counts the lines of `bytes` one at a time.
  private mutating func count(lineByLine bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
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
