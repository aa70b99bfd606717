import CKernels
import Foundation

/// Everything `bigram counts` reports about a word list, gathered in one streaming pass over its
/// bytes: the bigram pairs (a ``PairTally``), the shortest and longest word and the distinct words.
///
/// Plain lines (printable ASCII other than space and `.`, LF endings, within the word limit) go
/// through one C loop that counts each pair, measures the line and inserts its bytes into a
/// ``WordSet``; any other line is read by `Corpus.parseLine`, so validation and error messages are
/// Corpus's own. ASCII words from either path share the byte set; words with other scalars go to a
/// `Set<String>`, whose equality is Unicode canonical equivalence as in ``CorpusStatistics``.
struct WordListTally: LineTally {
  private(set) var pairs = PairTally()
  /// The shortest and longest word, in Unicode scalars (`Int.max` and 0 before any word).
  private(set) var shortest = Int.max
  private(set) var longest = 0
  /// The distinct all-ASCII words.
  let asciiWords = WordSet()
  /// The distinct words that hold a non-ASCII scalar.
  private(set) var otherWords: Set<String> = []

  var lines: Int { pairs.lines }

  mutating func count(lines bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError) {
    guard let base = bytes.baseAddress else { return }
    var position = 0
    while position < bytes.count {
      var tallies = [0, 0, shortest, longest]
      let rest = bytes.count - position
      let handle = asciiWords.handle
      let stop = pairs.withASCIITable { table in
        tallies.withUnsafeMutableBufferPointer { tallies in
          ck_tally_plain_lines(base + position, rest, Corpus.maximumWordLength, table, handle, tallies.baseAddress)
        }
      }
      pairs.addCountedLines(tallies[0], blankLines: tallies[1])
      (shortest, longest) = (tallies[2], tallies[3])
      guard stop >= 0 else { throw Self.outOfMemory(source) }
      position += stop
      if position < bytes.count {
        // A line that is not plain: read by Corpus.parseLine, as Corpus reads every line.
        let (next, word) = try pairs.countCarefully(lineAt: position, in: bytes, source: source)
        if let word { try add(word: word, source: source) }
        position = next
      }
    }
  }

  /// Measures a word read by the careful path and adds it to the distinct words.
  private mutating func add(word: String, source: String) throws(CorpusError) {
    let length = word.unicodeScalars.count
    shortest = Swift.min(shortest, length)
    longest = Swift.max(longest, length)
    if word.utf8.allSatisfy({ $0 < 0x80 }) {
      guard Array(word.utf8).withUnsafeBufferPointer({ asciiWords.insert($0) }) != nil else {
        throw Self.outOfMemory(source)
      }
    } else {
      otherWords.insert(word)
    }
  }

  /// Adds the tallies of `other`, read from the bytes after this one's.
  mutating func merge(_ other: WordListTally, source: String) throws(CorpusError) {
    pairs.merge(other.pairs)
    shortest = Swift.min(shortest, other.shortest)
    longest = Swift.max(longest, other.longest)
    guard asciiWords.formUnion(other.asciiWords) else { throw Self.outOfMemory(source) }
    otherWords.formUnion(other.otherWords)
  }

  /// The number of distinct words as `Set<String>` counts them: a non-ASCII word whose canonical
  /// composition (NFC) is ASCII, such as the Kelvin sign K, equals that ASCII word.
  func uniqueWords(source: String) throws(CorpusError) -> Int {
    var others = 0
    for word in otherWords {
      let composed = word.precomposedStringWithCanonicalMapping
      if composed.utf8.allSatisfy({ $0 < 0x80 }) {
        guard Array(composed.utf8).withUnsafeBufferPointer({ asciiWords.insert($0) }) != nil else {
          throw Self.outOfMemory(source)
        }
      } else {
        others += 1
      }
    }
    return asciiWords.count + others
  }

  private static func outOfMemory(_ source: String) -> CorpusError {
    .unreadable(path: source, reason: "out of memory while collecting its distinct words")
  }
}
