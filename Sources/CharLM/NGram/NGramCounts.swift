import Foundation

/// The counts of every N-gram of a corpus's padded chains `.ᴺ⁻¹ w₁ … wₙ .`, stored sparsely: one
/// entry per distinct N-gram seen, never Vᴺ (order 10 over 1,024 symbols fits in memory).
///
/// An N-gram is a packed key, b = ``bitsPerSymbol(vocabularySize:)`` bits a symbol, the oldest
/// symbol highest; index 0 is the padding `<s>` in a context position and the end `</s>` in the
/// last. Its k-symbol suffix is `key mod 2ᵏᵇ`, its context `key >> b`. The counts total the
/// number of events T = Σ (length + 1), whatever the order.
public struct NGramCounts: Sendable, Equatable {
  /// The longest n-gram counted.
  public static let maximumOrder = 10

  /// N, the symbols in each counted n-gram (the context is N − 1 of them).
  public let order: Int
  /// The symbols, `.` first.
  public let vocabulary: Vocabulary
  /// b, the bits a symbol takes in a key.
  public let bitsPerSymbol: Int
  /// The distinct N-grams as packed keys, ascending (so the N-grams of one context are adjacent).
  public let keys: [UInt128]
  /// The count of each N-gram of `keys`, ≥ 1.
  public let counts: [Int]
  /// The words counted, and blank lines skipped when read from a file.
  public let words: Int
  public let blankLines: Int

  /// The bits a symbol index takes so that no packed key is all ones: ⌈log₂(V + 1)⌉.
  public static func bitsPerSymbol(vocabularySize: Int) -> Int {
    Int.bitWidth - vocabularySize.leadingZeroBitCount
  }

  /// Counts the `order`-grams of `corpus` in `vocabulary` (by default the corpus's own).
  ///
  /// - Precondition: 1 ≤ order ≤ ``maximumOrder``.
  /// - Throws: ``VocabularyError`` when a word holds a character outside `vocabulary`.
  public init(corpus: Corpus, order: Int, vocabulary: Vocabulary? = nil) throws(VocabularyError) {
    let vocabulary = vocabulary ?? corpus.vocabulary
    let bits = Self.bitsPerSymbol(vocabularySize: vocabulary.count)
    func count<Key: FixedWidthInteger & UnsignedInteger>(_: Key.Type) throws(VocabularyError) -> NGramCounts {
      var tally = NGramTally<Key>(order: order, bits: bits, vocabulary: vocabulary)
      try tally.add(words: corpus.words)
      return NGramCounts(order: order, vocabulary: vocabulary, bits: bits, tally: tally)
    }
    Self.checkOrder(order)
    self = order * bits <= 64 ? try count(UInt64.self) : try count(UInt128.self)
  }

  /// Counts the `order`-grams of a word-list file in one streaming pass per core (4 MB blocks, so
  /// memory is the table, not the file). Without `vocabulary`, a first pass (the bigram counter)
  /// finds the file's own; with it, a character outside it is an error naming the line.
  ///
  /// - Throws: ``CorpusError``, as ``Corpus/init(contentsOfFile:)``, plus
  ///   ``CorpusError/unknownCharacter(path:line:character:)``.
  public init(contentsOfFile path: String, order: Int, vocabulary: Vocabulary? = nil) throws(CorpusError) {
    Self.checkOrder(order)
    let vocabulary = try Self.vocabulary(vocabulary, of: path)
    let bits = Self.bitsPerSymbol(vocabularySize: vocabulary.count)
    func count<Key: FixedWidthInteger & UnsignedInteger>(_: Key.Type) throws(CorpusError) -> NGramCounts {
      let tallies = try BigramCounts.tallyLines(ofFile: path) { reader, first, last throws(CorpusError) in
        try reader.tally(
          NGramTally<Key>(order: order, bits: bits, vocabulary: vocabulary), from: first, to: last,
          blockSize: BigramCounts.blockSize)
      }
      var merged: NGramTally<Key>?
      for result in tallies {
        switch result {
        case .success(let tally):
          if merged == nil { merged = tally } else { merged?.merge(tally) }
        case .failure(let error): throw error.movingLine(by: merged?.lines ?? 0)
        }
      }
      guard let merged, merged.words > 0 else { throw .onlyBlankLines(path: path, lines: merged?.blankLines ?? 0) }
      return NGramCounts(order: order, vocabulary: vocabulary, bits: bits, tally: merged)
    }
    self = order * bits <= 64 ? try count(UInt64.self) : try count(UInt128.self)
  }

  /// `given`, or the vocabulary of the file at `path` read by the (validating) bigram counter.
  private static func vocabulary(_ given: Vocabulary?, of path: String) throws(CorpusError) -> Vocabulary {
    if let given { return given }
    return try BigramCounts(contentsOfFile: path).vocabulary
  }

  private static func checkOrder(_ order: Int) {
    precondition((1...maximumOrder).contains(order), "an n-gram order is 1…\(maximumOrder), got \(order)")
  }

  /// The counts of a finished tally, sorted by key.
  private init<Key>(order: Int, vocabulary: Vocabulary, bits: Int, tally: NGramTally<Key>) {
    var pairs: [(UInt128, Int)] = []
    pairs.reserveCapacity(tally.table.count)
    tally.table.forEach { pairs.append((UInt128($0), $1)) }
    pairs.sort { $0.0 < $1.0 }
    self.order = order
    self.vocabulary = vocabulary
    bitsPerSymbol = bits
    keys = pairs.map(\.0)
    counts = pairs.map(\.1)
    words = tally.words
    blankLines = tally.blankLines
  }

  /// T, the number of events (every character and every word end).
  public var events: Int { counts.reduce(0, +) }

  /// The packed key of `symbols` (any length up to the order).
  public func key<Symbols: Sequence<Int>>(of symbols: Symbols) -> UInt128 {
    symbols.reduce(0) { $0 << bitsPerSymbol | UInt128($1) }
  }

  /// The `length` symbols of a packed key, oldest first.
  public func symbols(of key: UInt128, length: Int) -> [Int] {
    let mask = (UInt128(1) << bitsPerSymbol) - 1
    return (0..<length).reversed().map {
      Int(truncatingIfNeeded: (key >> (UInt128($0) * UInt128(bitsPerSymbol))) & mask)
    }
  }

  /// The count of the N-gram `symbols` (exactly `order` of them; 0 when never seen).
  public func count(of symbols: [Int]) -> Int {
    precondition(symbols.count == order, "an \(order)-gram has \(order) symbols, got \(symbols.count)")
    return count(ofKey: key(of: symbols))
  }

  /// The n-grams of every order 1…N with their raw counts and continuation counts (see ``NGramLevel``).
  public var levels: [NGramLevel] {
    var levels = [NGramLevel(order: order, keys: keys, raw: counts, continuation: counts)]
    for _ in 1..<order {
      levels.insert(levels[0].suffixes(bits: bitsPerSymbol), at: 0)
    }
    return levels
  }

  /// The distinct n-grams stored for each order 1…N.
  public var distinctNGrams: [Int] { levels.map(\.keys.count) }
}

/// The n-grams of one order k with two counts each: the raw count c(g) (how often g ends an
/// event), and the continuation count N₁₊(•g) = |{x : c(xg) > 0}| (how many distinct symbols
/// precede it in the order k + 1; equal to c(g) at the top order, where it is not used).
public struct NGramLevel: Sendable, Equatable {
  /// k.
  public let order: Int
  /// The packed keys of the n-grams, ascending.
  public let keys: [UInt128]
  /// c(g) for each key.
  public let raw: [Int]
  /// N₁₊(•g) for each key.
  public let continuation: [Int]

  /// The level of the (k − 1)-symbol suffixes of this level's n-grams.
  func suffixes(bits: Int) -> NGramLevel {
    let mask = (UInt128(1) << UInt128((order - 1) * bits)) - 1
    var index: [UInt128: Int] = [:]
    var suffixKeys: [UInt128] = []
    var raw: [Int] = []
    var continuation: [Int] = []
    for (position, key) in keys.enumerated() {
      let suffix = key & mask
      if let found = index[suffix] {
        raw[found] += self.raw[position]
        continuation[found] += 1
      } else {
        index[suffix] = suffixKeys.count
        suffixKeys.append(suffix)
        raw.append(self.raw[position])
        continuation.append(1)
      }
    }
    let order = (0..<suffixKeys.count).sorted { suffixKeys[$0] < suffixKeys[$1] }
    return NGramLevel(
      order: self.order - 1, keys: order.map { suffixKeys[$0] }, raw: order.map { raw[$0] },
      continuation: order.map { continuation[$0] })
  }
}
