import CharLM
import Foundation
import FuzzSupport

FuzzDriver.run { fuzzCorpus($0, $1) }

/// The word-list reader on arbitrary bytes: it throws a ``CorpusError``, or every word it returns
/// keeps the reader's promises and counting the words agrees with their lengths.
func fuzzCorpus(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  guard let corpus = try? Corpus(parsing: Data(FuzzCheck.bytes(start, count)), source: "fuzz") else { return 0 }
  FuzzCheck.expect(!corpus.words.isEmpty, "a corpus without words was accepted")
  for word in corpus.words {
    let scalars = word.unicodeScalars
    FuzzCheck.expect(
      !scalars.isEmpty && scalars.count <= Corpus.maximumWordLength, "word of \(scalars.count) characters accepted")
    FuzzCheck.expect(!scalars.contains(Vocabulary.boundary), "the word \(word.debugDescription) holds '.'")
    FuzzCheck.expect(
      !scalars.contains { $0.properties.generalCategory == .control },
      "the word \(word.debugDescription) holds a control")
    FuzzCheck.expect(
      word == word.trimmingCharacters(in: .whitespaces), "the word \(word.debugDescription) is untrimmed")
  }
  FuzzCheck.expect(corpus.vocabulary.count <= Corpus.maximumSymbols, "\(corpus.vocabulary.count) symbols accepted")
  // Every command counts the corpus it read, and prints its statistics and warnings.
  do {
    let counts = try BigramCounts(corpus: corpus)
    let events = corpus.words.reduce(0) { $0 + $1.unicodeScalars.count + 1 }
    FuzzCheck.expect(counts.total == events, "counted \(counts.total) bigrams, the words have \(events)")
    FuzzCheck.expect(counts.rowTotals[0] == corpus.words.count, "not every word starts exactly once")
  } catch {
    FuzzCheck.expect(false, "the corpus's own vocabulary cannot encode it: \(error)")
  }
  _ = corpus.statistics
  _ = corpus.warnings
  return 0
}
