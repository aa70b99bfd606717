import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The n-gram count models against `Utilities/Reference/ngram_models.py` (pure Python, written from
/// the formulas), stored in `Utilities/Reference/golden/ngram_models.json`, plus their invariants.
@Suite struct NGramModelTests {
  /// The train/dev/test parts of a corpus split 80/10/10 with seed 42, the vocabulary the whole corpus's.
  static func parts(_ corpus: Corpus) -> (CorpusSplit, Vocabulary) {
    (CorpusSplit(corpus: corpus, percentages: [80, 10, 10], seed: 42), corpus.vocabulary)
  }

  /// Compares every order 1…6 of one corpus with its golden rows.
  func compare(_ corpus: Corpus, goldenKey: String) throws {
    let golden = try Golden.load("ngram_models")
    let rows = try #require(try Golden.value(golden, goldenKey) as? [[String: Any]])
    let (split, vocabulary) = Self.parts(corpus)
    for row in rows {
      let order = Int(try Golden.number(row, "order"))
      let counts = try NGramCounts(corpus: split.train, order: order, vocabulary: vocabulary)
      let partCounts = try [split.train, split.dev, split.test].map {
        try NGramCounts(corpus: $0, order: order, vocabulary: vocabulary)
      }
      let kneserNey = KneserNeyNGram(counts: counts)
      for (name, part) in zip(["train", "dev", "test"], partCounts) {
        let expected = try Golden.number(row, "kneserNey", name)
        let got = try #require(kneserNey.negativeLogLikelihood(of: part).mean)
        #expect(abs(got - expected) < 1e-10, "order \(order) Kneser-Ney \(name): \(got) vs \(expected)")
        for alpha in ["1.0", "0.1"] {
          let expected = try Golden.number(row, "addAlpha", alpha, name)
          let model = AddAlphaNGram(counts: counts, smoothing: try #require(Double(alpha)))
          let got = try #require(model.negativeLogLikelihood(of: part).mean)
          #expect(abs(got - expected) < 1e-10, "order \(order) add-\(alpha) \(name): \(got) vs \(expected)")
        }
      }
      let discounts = try #require(try Golden.value(row, "discounts") as? [[String: Any]])
      for (mine, theirs) in zip(kneserNey.discounts, discounts) {
        #expect(abs(mine.d1 - (try Golden.number(theirs, "d1"))) < 1e-12)
        #expect(abs(mine.d2 - (try Golden.number(theirs, "d2"))) < 1e-12)
        #expect(abs(mine.d3Plus - (try Golden.number(theirs, "d3Plus"))) < 1e-12)
        #expect(mine.fallback == (try Golden.value(theirs, "fallback") as? Bool))
      }
      #expect(counts.distinctNGrams == (try discounts.map { Int(try Golden.number($0, "ngrams")) }))
    }
  }

  @Test func builtInCorpusMatchesTheReference() throws {
    try compare(.builtIn, goldenKey: "builtIn")
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesMatchTheReference() throws {
    try compare(try Corpus(contentsOf: try #require(SharedData.namesURL)), goldenKey: "names")
  }

  /// Every context seen in training, and contexts never seen, gives a distribution summing to 1.
  @Test(arguments: 1...6) func everyDistributionSumsToOne(order: Int) throws {
    let corpus = Corpus.builtIn
    let counts = try NGramCounts(corpus: corpus, order: order)
    let models: [any ContextLanguageModel] = [
      KneserNeyNGram(counts: counts), AddAlphaNGram(counts: counts, smoothing: 0.5),
      AddAlphaNGram(counts: counts, smoothing: 0),
    ]
    var contexts = Set(counts.keys.map { Array(counts.symbols(of: $0, length: order).dropLast()) })
    let v = corpus.vocabulary.count
    var generator = SplitMix64(seed: 7)
    for _ in 0..<50 { contexts.insert((0..<(order - 1)).map { _ in generator.nextInt(below: v) }) }
    for model in models {
      for context in contexts {
        let sum = model.distribution(after: context).reduce(0, +)
        #expect(abs(sum - 1) < 1e-12, "order \(order) \(type(of: model)) context \(context): Σ = \(sum)")
      }
    }
  }

  /// Edge cases: a one-letter alphabet, two words, and no training words at all (uniform 1/V).
  @Test(arguments: [["a"], ["ab", "ba"], ["a", "a", "a"], []]) func tinyCorporaStillSumToOne(words: [String]) throws {
    let vocabulary = Vocabulary(symbols: [".", "a", "b"])
    for order in [1, 2, 4, 10] {
      let counts = try NGramCounts(corpus: Corpus(words: words), order: order, vocabulary: vocabulary)
      let models: [any ContextLanguageModel] = [
        KneserNeyNGram(counts: counts), AddAlphaNGram(counts: counts, smoothing: 0),
      ]
      for model in models {
        for context in [[Int](repeating: 0, count: order - 1), [Int](repeating: 2, count: order - 1)] {
          let sum = model.distribution(after: context).reduce(0, +)
          #expect(abs(sum - 1) < 1e-12, "\(words) order \(order) \(type(of: model)): Σ = \(sum)")
        }
      }
    }
  }

  /// At order 2, add-α is the bigram count model, event by event.
  @Test func orderTwoAddAlphaIsTheBigramModel() throws {
    let corpus = Corpus.builtIn
    let ngram = AddAlphaNGram(counts: try NGramCounts(corpus: corpus, order: 2), smoothing: 1)
    let bigram = try BigramCounts(corpus: corpus).probabilities(smoothing: 1)
    let a = try #require(try ngram.negativeLogLikelihood(of: corpus.words).mean)
    let b = try #require(try bigram.negativeLogLikelihood(of: corpus.words).mean)
    #expect(abs(a - b) < 1e-12)
  }

  /// Counting from a file and from the corpus in memory agree, and the total is Σ (length + 1).
  @Test(arguments: [1, 3, 5, 10]) func fileAndMemoryCountsAgree(order: Int) throws {
    let corpus = Corpus.builtIn
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ngram-\(order)-\(UUID()).txt")
    try Data(("  " + corpus.words.joined(separator: "\r\n") + "\n\n").utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let fromFile = try NGramCounts(contentsOfFile: url.path, order: order)
    let inMemory = try NGramCounts(corpus: corpus, order: order)
    #expect(fromFile.keys == inMemory.keys && fromFile.counts == inMemory.counts)
    #expect(fromFile.words == corpus.words.count && fromFile.blankLines == 1)
    #expect(inMemory.events == corpus.words.reduce(0) { $0 + $1.count + 1 })
  }

  /// Order 10 over 1,024 symbols: storage grows with the distinct n-grams, not Vᴺ.
  @Test func orderTenOverAThousandSymbols() throws {
    var generator = SplitMix64(seed: 3)
    let letters = (0..<1_023).compactMap { Unicode.Scalar(0x4E00 + $0) }
    let words = (0..<2_000).map { _ in
      String(
        String.UnicodeScalarView(
          (0..<(3 + generator.nextInt(below: 8))).map { _ in letters[generator.nextInt(below: 1_023)] }))
    }
    let corpus = Corpus(words: words)
    #expect(corpus.vocabulary.count == 1_024)
    let counts = try NGramCounts(corpus: corpus, order: 10)
    #expect(counts.bitsPerSymbol == 11)
    #expect(counts.events == words.reduce(0) { $0 + $1.unicodeScalars.count + 1 })
    #expect(counts.keys.count <= counts.events)
    let model = KneserNeyNGram(counts: counts)
    let sum = model.distribution(after: Array(counts.symbols(of: counts.keys[0], length: 10).dropLast())).reduce(0, +)
    #expect(abs(sum - 1) < 1e-12)
    #expect(try model.negativeLogLikelihood(of: words).mean.map { $0.isFinite } == true)
  }

  /// A dev file with a character the training data lacks is refused, naming the line.
  @Test func unknownCharacterNamesTheLine() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ngram-dev-\(UUID()).txt")
    try Data("emma\n\nolivia\nzoë\n".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: CorpusError.unknownCharacter(path: url.path, line: 4, character: "ë")) {
      try NGramCounts(contentsOfFile: url.path, order: 3, vocabulary: Corpus.builtIn.vocabulary)
    }
  }
}
