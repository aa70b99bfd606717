/// The symbols a character-level model predicts: the boundary token `.` at index 0, then every
/// character (Unicode scalar) of the data in code-point order, as Python's `sorted(set(...))`.
///
/// The boundary token marks both the start and the end of a word, so a word `w` becomes the
/// chain `. w₁ w₂ … wₙ .` of n + 1 bigram events.
public struct Vocabulary: Sendable, Equatable, Hashable, Codable {
  /// The boundary token that marks the start and end of every word.
  public static let boundary: Unicode.Scalar = "."

  /// The symbols in index order; `symbols[0]` is the boundary.
  public let symbols: [Unicode.Scalar]

  // An ASCII fast path (a table lookup per byte) and a dictionary for everything else.
  private let asciiIndex: [Int16]
  private let otherIndex: [Unicode.Scalar: Int]

  /// Creates a vocabulary from the characters of `words` (the boundary is added at index 0).
  ///
  /// - Precondition: no word contains the boundary (``Corpus`` rejects such data with an error).
  public init<Words: Sequence>(words: Words) where Words.Element: StringProtocol {
    var seen = Set<Unicode.Scalar>()
    for word in words {
      for scalar in word.unicodeScalars { seen.insert(scalar) }
    }
    precondition(!seen.contains(Self.boundary), "the words contain the boundary token '.'")
    self.init(symbols: [Self.boundary] + seen.sorted { $0.value < $1.value })
  }

  /// Creates a vocabulary from symbols in index order.
  ///
  /// - Precondition: `symbols[0]` is the boundary and no symbol repeats (a checkpoint loader
  ///   checks this before calling).
  public init(symbols: [Unicode.Scalar]) {
    precondition(symbols.first == Self.boundary, "a vocabulary starts with the boundary '.'")
    precondition(Set(symbols).count == symbols.count, "a vocabulary has no repeated symbols")
    self.symbols = symbols
    var ascii = [Int16](repeating: -1, count: 128)
    var other: [Unicode.Scalar: Int] = [:]
    for (index, symbol) in symbols.enumerated() {
      if symbol.value < 128 {
        ascii[Int(symbol.value)] = Int16(truncatingIfNeeded: index)
      } else {
        other[symbol] = index
      }
    }
    asciiIndex = ascii
    otherIndex = other
  }

  /// The number of symbols V, boundary included (27 for names.txt).
  public var count: Int { symbols.count }

  /// The symbols as one string in index order, e.g. `.abcdefghijklmnopqrstuvwxyz`.
  public var string: String {
    var result = String.UnicodeScalarView()
    result.append(contentsOf: symbols)
    return String(result)
  }

  /// The index of `symbol`, or nil when it is not in the vocabulary.
  @inlinable
  public func index(of symbol: Unicode.Scalar) -> Int? {
    lookup(symbol)
  }

  @usableFromInline
  func lookup(_ symbol: Unicode.Scalar) -> Int? {
    if symbol.value < 128 {
      let index = asciiIndex[Int(symbol.value)]
      return index < 0 ? nil : Int(index)
    }
    return otherIndex[symbol]
  }

  /// The bigram chain of `word` as indices: `[0] + indices of its characters + [0]`.
  ///
  /// - Throws: ``VocabularyError/unknownCharacter(word:character:)`` naming the word and the
  ///   character that the vocabulary does not hold.
  public func encode<Word: StringProtocol>(_ word: Word) throws(VocabularyError) -> [Int] {
    var chain = [0]
    chain.reserveCapacity(word.unicodeScalars.count + 2)
    for scalar in word.unicodeScalars {
      guard scalar != Self.boundary, let index = lookup(scalar) else {
        throw .unknownCharacter(word: String(word), character: scalar)
      }
      chain.append(index)
    }
    chain.append(0)
    return chain
  }

  /// The word spelled by `indices` (boundary tokens are dropped).
  ///
  /// - Precondition: every index is in `0..<count`.
  public func decode<Indices: Sequence<Int>>(_ indices: Indices) -> String {
    var scalars = String.UnicodeScalarView()
    for index in indices where index != 0 {
      precondition(index > 0 && index < symbols.count, "index \(index) outside the vocabulary of \(symbols.count)")
      scalars.append(symbols[index])
    }
    return String(scalars)
  }

  /// A printable name for symbol `index`: the character itself, or `U+XXXX` for invisible ones.
  public func displayName(of index: Int) -> String {
    let symbol = symbols[index]
    // Invisible or reordering symbols (controls, spaces, bidi formatting such as U+202E) by code.
    let category = symbol.properties.generalCategory
    if category == .control || category == .format || symbol.properties.isWhitespace {
      return "U+" + String(symbol.value, radix: 16, uppercase: true)
    }
    return String(Character(symbol))
  }

  // MARK: Codable (the symbols as a string, the lookup tables are rebuilt)

  private enum CodingKeys: String, CodingKey { case symbols }

  /// Decodes a vocabulary from its symbols string, refusing a malformed one.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let text = try container.decode(String.self, forKey: .symbols)
    let symbols = Array(text.unicodeScalars)
    guard symbols.first == Self.boundary, Set(symbols).count == symbols.count else {
      throw DecodingError.dataCorruptedError(
        forKey: .symbols, in: container,
        debugDescription: "a vocabulary must start with '.' and have no repeated symbols, got \(text.debugDescription)")
    }
    self.init(symbols: symbols)
  }

  /// Encodes the vocabulary as its symbols string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(string, forKey: .symbols)
  }

  /// Two vocabularies are equal when they hold the same symbols in the same order.
  public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool { lhs.symbols == rhs.symbols }

  /// Hashes the symbols.
  public func hash(into hasher: inout Hasher) { hasher.combine(symbols) }
}

/// A word that a vocabulary cannot encode.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
  /// `word` holds `character`, which the model's vocabulary does not.
  case unknownCharacter(word: String, character: Unicode.Scalar)

  /// What went wrong and what to do.
  public var description: String {
    switch self {
    case .unknownCharacter(let word, let character):
      let shown =
        character == Vocabulary.boundary
        ? "'.' (the start/end marker)"
        : "'\(Character(character))' (U+\(String(character.value, radix: 16, uppercase: true)))"
      return "the word \(word.debugDescription) contains \(shown), which is not in the model's vocabulary; "
        + "score words made of the training data's characters, or train on data that has it"
    }
  }
}
