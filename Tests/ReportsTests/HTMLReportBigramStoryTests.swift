import Autodiff
import CharLM
import Foundation
import TestSupport
import Testing

@testable import Reports

/// The figures of the report on names.txt against the NumPy reference scripts
/// (`Utilities/Reference/bigram_counts.py`, `softmax_bigram.py`), and on a wide vocabulary.
@Suite struct BigramStoryTests {
  /// The default story on names.txt, computed once (a debug build takes a few seconds).
  static let names = Result { () throws -> BigramStory in
    try BigramStory(corpus: Corpus(contentsOf: try #require(SharedData.namesURL)))
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func samplesMatchTheReferenceSampler() throws {
    let story = try Self.names.get()
    // bigram_counts.py: ten names from one SplitMix64(42) generator, α = 1; the story draws 20
    // from the same generator, so its first ten are these.
    let golden = try #require(
      try Golden.value(try Golden.load("bigram_counts"), "samples", "plain") as? [[String: Any]])
    let first = story.countSamples.prefix(10)
    #expect(first.map { $0.word } == golden.compactMap { $0["name"] as? String })
    #expect(first.map { $0.isInCorpus } == golden.compactMap { $0["inCorpus"] as? Bool })
    #expect(story.netSamples.count == 20)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func gradientTaylorAndTrainingMatchTheReference() throws {
    let story = try Self.names.get()
    let golden = try Golden.load("softmax_bigram")
    let gradient = try #require(try Golden.value(golden, "gradientAtZeroLambda0") as? [[Double]])
    #expect(story.gradientAtZero.maxAbsDifference(Tensor(rows: gradient)) < 1e-15)

    let taylor = try #require(try Golden.value(golden, "taylorAtZero", "rows") as? [[String: Any]])
    #expect(story.taylor.rows.count == taylor.count)
    for (row, reference) in zip(story.taylor.rows, taylor) {
      let loss = try Golden.number(reference, "loss")
      #expect(abs(row.value - loss) < 1e-12)
    }
    let curvature = try Golden.number(golden, "taylorAtZero", "halfDirectionalCurvature")
    #expect(abs(story.taylor.halfCurvature - curvature) < 1e-12)

    // 500 steps of η = 50: the backtracking never shortens a step on names.txt, so the net follows
    // the reference's plain gradient descent.
    let losses = try #require(try Golden.value(golden, "gradientDescent", "loss") as? [Double])
    let nlls = try #require(try Golden.value(golden, "gradientDescent", "meanNLL") as? [Double])
    let final = try #require(story.trainingHistory.records.last)
    #expect(final.step == 500)
    #expect(abs(final.loss - losses[500]) < 1e-9)
    #expect(abs(story.unsmoothedComparison.modelNLL - nlls[500]) < 1e-9)
    let countModelNLL = try Golden.number(golden, "lambda0", "countModelMeanNLL")
    #expect(abs(story.unsmoothedComparison.referenceNLL - countModelNLL) < 1e-12)

    let check = try #require(story.gradientCheck)
    #expect(check.analyticVsAutodiff < 1e-12 && check.analyticVsOneHot < 1e-12)
    #expect(check.checkedEntries == 27 * 27)
  }

  @Test func moreSymbolsThanAReportShowsAreRefused() {
    let words = (0..<128).compactMap { Unicode.Scalar(0x100 + $0).map { String(Character($0)) } }
    #expect(throws: BigramStoryError.tooManySymbols(source: "wide", count: 129, limit: 128)) {
      try BigramStory(corpus: Corpus(words: words, source: "wide"))
    }
  }

  @Test func wideVocabularySkipsTheGradientCheckAndShrinksTheHeatMaps() throws {
    // 64 letters and '.': one symbol above the 64 whose every-entry finite differences the report runs.
    let letters: [String] = (0..<64).compactMap { Unicode.Scalar(0x100 + $0).map { String(Character($0)) } }
    let words: [String] = (0..<64).map { (i: Int) -> String in
      letters[i] + letters[(i * 7 + 3) % 64] + letters[(i * 5 + 1) % 64]
    }
    var options = BigramStory.Options()
    options.trainingSteps = 5
    options.studiedLearningRates = [1]
    options.studySteps = 2
    options.sampleCount = 3
    let story = try BigramStory(corpus: Corpus(words: words), options: options)
    #expect(story.data.counts.size == 65)
    #expect(story.gradientCheck == nil)
    let html = HTMLReport(story: story).html
    #expect(html.contains("Skipped: the finite-difference sweep"))
    // 1080 / 65 → 16 px cells, too small for text: only tooltips remain.
    let start = try #require(html.range(of: "<svg"))
    let end = try #require(html.range(of: "</svg>"))
    let cells = try SVGTree.parse(String(html[start.lowerBound..<end.upperBound])).elements(ofClass: "cell")
    #expect(cells.count == 65 * 65)
    #expect(cells.allSatisfy { $0.elements(named: "text").isEmpty && $0.elements(named: "title").count == 1 })
    #expect(cells.allSatisfy { $0.elements(named: "rect").first?.attributes["width"] == "16" })
  }
}
