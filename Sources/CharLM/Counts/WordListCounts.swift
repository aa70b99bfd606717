import Foundation

/// The bigram counts and corpus statistics of a word-list file, streamed: what
/// `BigramCounts(corpus:)` and `CorpusStatistics(corpus:)` give for `Corpus(contentsOfFile:)`,
/// without holding the words.
///
/// Memory is one 4 MB block per core plus the distinct words (a hash set of their bytes:
/// 29,494 words, ~0.5 MB, for names.txt however often it repeats); time is one pass over the bytes.
public struct WordListCounts: Sendable {
  /// The bigram counts N_ij.
  public let counts: BigramCounts
  /// Words, distinct words, bigram events, lengths, blank lines and vocabulary.
  public let statistics: CorpusStatistics

  /// Reads the word list at `path` in one streaming pass (in parallel for files over 1 MB).
  ///
  /// - Throws: ``CorpusError`` naming the file (and line) for a missing, unreadable, empty,
  ///   binary, non-UTF-8 or otherwise unusable file, as ``Corpus/init(contentsOfFile:)``; unlike
  ///   it, no size limit (memory does not grow with the file).
  public init(contentsOfFile path: String) throws(CorpusError) {
    let tallies = try BigramCounts.tallyLines(ofFile: path) { reader, first, last throws(CorpusError) in
      try reader.tally(WordListTally(), from: first, to: last, blockSize: BigramCounts.blockSize)
    }
    var merged = WordListTally()
    for result in tallies {
      switch result {
      case .success(let tally): try merged.merge(tally, source: path)
      case .failure(let error): throw error.movingLine(by: merged.lines)
      }
    }
    let counts = try BigramCounts(merged: merged.pairs, source: path)
    let words = merged.pairs.words
    let uniqueWords = try merged.uniqueWords(source: path)
    self.counts = counts
    statistics = CorpusStatistics(
      words: words, uniqueWords: uniqueWords, bigrams: counts.counts.reduce(0, +), minimumLength: merged.shortest,
      maximumLength: merged.longest, blankLines: merged.pairs.blankLines, vocabulary: counts.vocabulary)
  }
}
