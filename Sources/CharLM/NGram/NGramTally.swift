/// The top-order n-grams of word-list lines in a known vocabulary, counted into a hash table as
/// the lines stream past: each word is the chain `.ᴺ⁻¹ w₁ … wₙ .` (N − 1 padding symbols, the end
/// symbol), and every position from w₁ to the end adds one to its N-gram.
///
/// An N-gram is packed as a number, b bits a symbol, oldest symbol highest:
/// key ← (key << b | symbol) mod 2ᴺᵇ, starting from 0 (all padding, as the padding is index 0).
/// A plain line (printable ASCII other than space and `.`, within the word limit) is counted with
/// one table lookup a byte; any other line goes through `Corpus.parseLine`, so its trimming,
/// validation and errors are Corpus's own, and a character outside the vocabulary is an error
/// naming the line.
struct NGramTally<Key: FixedWidthInteger & UnsignedInteger>: LineTally, @unchecked Sendable {
  /// The counts of the N-grams, keyed as above.
  let table: NGramHashTable<Key>
  private let order: Int
  private let bits: Int
  private let mask: Key
  private let vocabulary: Vocabulary
  // Byte → symbol index for plain ASCII symbols of the vocabulary; `careful` for everything else.
  private let codes: [UInt16]
  private static var careful: UInt16 { 0xFFFF }

  /// Lines read, blank lines among them, words, and events (Σ length + 1).
  private(set) var lines = 0
  private(set) var blankLines = 0
  private(set) var words = 0
  private(set) var events = 0

  /// An empty tally of `order`-grams over `vocabulary`, `bits` bits a symbol.
  init(order: Int, bits: Int, vocabulary: Vocabulary) {
    precondition(order * bits <= Key.bitWidth, "\(order) symbols of \(bits) bits do not fit a \(Key.bitWidth)-bit key")
    self.order = order
    self.bits = bits
    mask = order * bits == Key.bitWidth ? Key.max : (Key(1) << (order * bits)) - 1
    self.vocabulary = vocabulary
    codes = (0..<256).map { byte in
      guard (0x21...0x7E).contains(byte), byte != 0x2E, let index = vocabulary.index(of: Unicode.Scalar(UInt8(byte)))
      else { return Self.careful }
      return UInt16(index)
    }
    table = NGramHashTable()
  }

  /// Adds the N-grams of one encoded word (symbol indices without the boundaries).
  @inline(__always)
  private func add<Symbols: Sequence<Int>>(word symbols: Symbols) {
    var key: Key = 0
    for symbol in symbols {
      key = ((key << bits) | Key(truncatingIfNeeded: symbol)) & mask
      table.add(key)
    }
    table.add((key << bits) & mask)
  }

  /// Adds the N-grams of every word of an in-memory list.
  ///
  /// - Throws: ``VocabularyError`` for a word holding a character outside the vocabulary.
  mutating func add(words list: [String]) throws(VocabularyError) {
    for word in list {
      let chain = try vocabulary.encode(word)
      add(word: chain.dropFirst().dropLast())
      words += 1
      events += chain.count - 1
    }
    lines += list.count
  }

  mutating func count(lines bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
    let n = bytes.count
    var index = 0
    try codes.withUnsafeBufferPointer { (codes) throws(CorpusError) in
      while index < n {
        var end = index
        var plain = true
        while end < n {
          let byte = bytes[end]
          if byte == 0x0A || byte == 0x0D { break }
          if codes[Int(byte)] == Self.careful { plain = false }
          end &+= 1
        }
        lines += 1
        let length = end - index
        if plain && length > 0 && length <= Corpus.maximumWordLength {
          var key: Key = 0
          for position in index..<end {
            key = ((key << bits) | Key(truncatingIfNeeded: codes[Int(bytes[position])])) & mask
            table.add(key)
          }
          table.add((key << bits) & mask)
          words += 1
          events += length + 1
        } else if length == 0 {
          blankLines += 1
        } else {
          try countCarefully(UnsafeBufferPointer(rebasing: bytes[index..<end]), source: source)
        }
        // CRLF is one line break; a lone CR or LF is one too.
        index = end
        if index < n, bytes[index] == 0x0D { index += 1 }
        if index < n, bytes[index] == 0x0A, index == end || bytes[index - 1] == 0x0D { index += 1 }
      }
    }
  }

  /// One line that is not plain, read by Corpus's own line parser.
  private mutating func countCarefully(_ line: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
    guard let word = try Corpus.parseLine(line, number: lines, byteLimit: Corpus.lineByteLimit, source: source)
    else {
      blankLines += 1
      return
    }
    var symbols: [Int] = []
    for scalar in word.unicodeScalars {
      guard let symbol = vocabulary.index(of: scalar) else {
        throw .unknownCharacter(path: source, line: lines, character: scalar)
      }
      symbols.append(symbol)
    }
    add(word: symbols)
    words += 1
    events += symbols.count + 1
  }

  /// Adds the counts and line tallies of `other` (a later run of the same file).
  mutating func merge(_ other: NGramTally<Key>) {
    table.merge(other.table)
    lines += other.lines
    blankLines += other.blankLines
    words += other.words
    events += other.events
  }
}
