import Autodiff
import CharLM
import Foundation
import TestSupport
import Testing

@testable import Reports

/// The figures of the report on names.txt against the NumPy reference scripts
/// (`Utilities/Reference/bigram_counts.py`, `softmax_bigram.py`), and on a wide vocabulary.
@Suite struct BigramStoryTests {
  /// The default story on names.txt, computed once, with a short race (not compared here; it
  /// costs a debug build several seconds).
  static let names = Result { () throws -> BigramStory in
    var options = BigramStory.Options()
    options.raceSteps = 50
    return try BigramStory(corpus: Corpus(contentsOf: try #require(SharedData.namesURL)), options: options)
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

  /// The chart's four runs (η = 1, 50, 150, 500, 200 steps, λ = 0.01) against
  /// `Utilities/Reference/learning_rates.py`, and the four verdicts the defaults were chosen for.
  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func learningRatesMatchTheReference() throws {
    let sweep = try Self.names.get().sweep
    let golden = try Golden.load("learning_rates")
    let runs = try #require(try Golden.value(golden, "runs") as? [[String: Any]])
    #expect(try sweep.runs.map(\.learningRate) == runs.map { try Golden.number($0, "learningRate") })
    let expected = try Golden.number(golden, "largestEigenvalueAtZero")
    #expect(abs(sweep.startCurvature.largestEigenvalue - expected) <= 1e-12 * expected)
    for (run, reference) in zip(sweep.runs, runs) {
      let losses = try #require(reference["loss"] as? [Double])
      let ours = run.history.records.map(\.loss)
      #expect(ours.count == losses.count)
      // Above the stability bound the iteration is chaotic: a rounding difference grows about
      // tenfold every five steps (measured against the reference), so only the first 20 steps of
      // the unstable runs can agree to 1e-9; the stable ones agree all the way.
      let compared = run.rises == 0 ? losses.count : 20
      let worst = zip(ours, losses).prefix(compared).map { abs($0 - $1) }.max() ?? .infinity
      #expect(worst < 1e-9, "η = \(run.learningRate): max |Δloss| = \(worst) over \(compared) steps")
    }
    #expect(sweep.runs.map(\.verdict) == [.tooSmall, .good, .oscillating, .divergent])
  }

  @Test func moreSymbolsThanAReportShowsAreRefused() {
    let words = (0..<128).compactMap { Unicode.Scalar(0x100 + $0).map { String(Character($0)) } }
    #expect(throws: BigramStoryError.tooManySymbols(source: "wide", count: 129, limit: 128)) {
      try BigramStory(corpus: Corpus(words: words, source: "wide"))
    }
  }

  @Test func wideVocabularyWithoutPenaltySkipsTheGradientCheckAndShrinksTheHeatMaps() throws {
    // 64 letters and '.': one symbol above the 64 whose every-entry finite differences the report runs.
    let letters: [String] = (0..<64).compactMap { Unicode.Scalar(0x100 + $0).map { String(Character($0)) } }
    let words: [String] = (0..<64).map { (i: Int) -> String in
      letters[i] + letters[(i * 7 + 3) % 64] + letters[(i * 5 + 1) % 64]
    }
    var options = BigramStory.Options()
    options.trainingSteps = 5
    options.studiedLearningRates = [1]
    options.studySteps = 2
    options.raceSteps = 2
    // λ = 0 also takes the limit path: W* = log N needs no Newton iterations (each would decompose
    // 65 blocks of 65×65, slow in a debug build).
    options.l2 = 0
    options.sampleCount = 3
    let story = try BigramStory(corpus: Corpus(words: words), options: options)
    #expect(story.data.counts.size == 65)
    #expect(story.gradientCheck == nil)
    let html = HTMLReport(story: story).html
    #expect(html.contains("Skipped: the finite-difference sweep"))
    #expect(story.optimum.isLimit && html.contains("at the limit W = log N"))
    // 1080 / 65 → 16 px cells, too small for text: only tooltips remain.
    let start = try #require(html.range(of: "<svg"))
    let end = try #require(html.range(of: "</svg>"))
    let cells = try SVGTree.parse(String(html[start.lowerBound..<end.upperBound])).elements(ofClass: "cell")
    #expect(cells.count == 65 * 65)
    #expect(cells.allSatisfy { $0.elements(named: "text").isEmpty && $0.elements(named: "title").count == 1 })
    #expect(cells.allSatisfy { $0.elements(named: "rect").first?.attributes["width"] == "16" })
  }
}
