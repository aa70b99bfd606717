import Foundation
import TestSupport
import Testing

@testable import CharLM

@Suite struct BigramCountsTests {
  private let corpus = Corpus(words: ["emma", "ava", "emma", "bo"])

  @Test func countsByHand() throws {
    let counts = try BigramCounts(corpus: corpus)
    // Chains: .emma. twice, .ava., .bo.
    #expect(counts[".", "e"] == 2)
    #expect(counts["m", "m"] == 2)
    #expect(counts["a", "."] == 3)
    #expect(counts["v", "a"] == 1)
    #expect(counts["o", "."] == 1)
    #expect(counts["b", "a"] == 0)
    #expect(counts["q", "a"] == nil)
  }

  @Test func totalIsTheNumberOfBigramEvents() throws {
    let counts = try BigramCounts(corpus: corpus)
    #expect(counts.total == corpus.statistics.bigrams)
    #expect(counts.rowTotals.reduce(0, +) == counts.total)
    // Every word starts once and ends once.
    #expect(counts.rowTotals[0] == corpus.words.count)
    #expect((0..<counts.size).map { counts[$0, 0] }.reduce(0, +) == corpus.words.count)
  }

  @Test(arguments: [0.0, 0.1, 1, 10])
  func rowsSumToOne(alpha: Double) throws {
    let model = try BigramCounts(corpus: corpus).probabilities(smoothing: alpha)
    for i in 0..<model.vocabulary.count {
      #expect(abs(model.matrix.row(i).reduce(0, +) - 1) < 1e-12)
    }
  }

  /// α → ∞ tends to the uniform model; Σ(N + α) overflowing at 10³⁰⁷ made every P zero (issue 14).
  @Test(arguments: [1e300, 1e307, Double.greatestFiniteMagnitude])
  func hugeSmoothingIsUniform(alpha: Double) throws {
    let counts = try BigramCounts(corpus: corpus)
    let p = counts.probabilities(smoothing: alpha).matrix
    let v = Double(counts.size)
    #expect(p.scalars.allSatisfy { abs($0 * v - 1) < 1e-14 }, "α = \(alpha)")
  }

  @Test func mergeIsExact() throws {
    var left = try BigramCounts(corpus: Corpus(words: ["emma", "ava"]), vocabulary: corpus.vocabulary)
    let right = try BigramCounts(corpus: Corpus(words: ["emma", "bo"]), vocabulary: corpus.vocabulary)
    left.merge(right)
    #expect(left == (try BigramCounts(corpus: corpus)))
  }

  @Test func unsmoothedModelGivesInfiniteNotNaN() throws {
    let model = try BigramCounts(corpus: corpus).probabilities(smoothing: 0)
    let likelihood = try model.negativeLogLikelihood(of: ["emma", "mb"])
    #expect(likelihood.mean == .infinity)
    #expect(likelihood.perplexity == .infinity)
    #expect(likelihood.zeroProbabilityEvents == 3)  // .m, mb and b. were never seen
    let score = try model.score("mb")
    #expect(score.unseenBigrams == [".m", "mb", "b."])
    #expect(score.logLikelihood == -.infinity)
  }

  @Test func scoreByHand() throws {
    let model = try BigramCounts(corpus: corpus).probabilities(smoothing: 0)
    // P(b|.) = 1/4, P(o|b) = 1, P(.|o) = 1.
    let score = try model.score("bo")
    #expect(abs(score.logLikelihood - log(0.25)) < 1e-15)
    #expect(score.events == 3)
    #expect(abs(score.meanNegativeLogLikelihood - log(4) / 3) < 1e-15)
  }

  @Test func outOfVocabularyIsAnError() throws {
    let model = try BigramCounts(corpus: corpus).probabilities()
    #expect(throws: VocabularyError.unknownCharacter(word: "zed", character: "z")) { try model.score("zed") }
  }

  // Figures quoted in the foundation issue, reproduced by Utilities/Reference/bigram_counts.py.
  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesTxtGoldenFigures() throws {
    let corpus = try Corpus(contentsOf: try #require(SharedData.namesURL))
    let counts = try BigramCounts(corpus: corpus)
    #expect(counts.total == 228_146)
    #expect(counts[".", "a"] == 4_410)
    let smoothed = try counts.probabilities(smoothing: 1).negativeLogLikelihood(of: corpus.words)
    let raw = try counts.probabilities(smoothing: 0).negativeLogLikelihood(of: corpus.words)
    #expect(abs(try #require(smoothed.mean) - 2.4545768) < 1e-7)
    #expect(abs(try #require(raw.mean) - 2.4540145) < 1e-7)
  }
}
