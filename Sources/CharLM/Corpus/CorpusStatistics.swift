/// What a corpus holds: its size, duplicates, bigram events and word lengths.
public struct CorpusStatistics: Sendable, Equatable, Codable {
  /// The number of words (lines that are not blank), duplicates included.
  public let words: Int
  /// The number of distinct words.
  public let uniqueWords: Int
  /// Words that repeat an earlier one: `words − uniqueWords`.
  public let duplicates: Int
  /// Bigram events T = Σ (length + 1): each word contributes its characters and the end token.
  public let bigrams: Int
  /// The shortest word, in characters.
  public let minimumLength: Int
  /// The longest word, in characters.
  public let maximumLength: Int
  /// Blank lines skipped while reading.
  public let blankLines: Int
  /// The symbols in index order, boundary first.
  public let vocabulary: String
  /// The number of symbols V.
  public let vocabularySize: Int

  /// Computes the statistics of `corpus`.
  public init(corpus: Corpus) {
    let lengths = corpus.words.map { $0.unicodeScalars.count }
    words = corpus.words.count
    uniqueWords = Set(corpus.words).count
    duplicates = words - uniqueWords
    bigrams = lengths.reduce(0, +) + words
    minimumLength = lengths.min() ?? 0
    maximumLength = lengths.max() ?? 0
    blankLines = corpus.blankLines
    let vocabulary = corpus.vocabulary
    self.vocabulary = vocabulary.string
    vocabularySize = vocabulary.count
  }

  /// Statistics gathered elsewhere (by a streaming pass); `duplicates` is `words − uniqueWords`.
  public init(
    words: Int, uniqueWords: Int, bigrams: Int, minimumLength: Int, maximumLength: Int, blankLines: Int,
    vocabulary: Vocabulary
  ) {
    self.words = words
    self.uniqueWords = uniqueWords
    duplicates = words - uniqueWords
    self.bigrams = bigrams
    self.minimumLength = minimumLength
    self.maximumLength = maximumLength
    self.blankLines = blankLines
    self.vocabulary = vocabulary.string
    vocabularySize = vocabulary.count
  }
}
