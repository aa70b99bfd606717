import Autodiff
import CharLM
import Foundation
import TestSupport
import Testing

@testable import Reports

/// The gradient-descent runs and the stability bound behind the report's learning-rate chart.
@Suite struct LearningRateStudyTests {
  /// N of a tiny corpus counted by hand: ". a b ." and ". b a a .".
  private static let tinyWords = ["ab", "baa"]

  @Test func largestEigenvalueAtZeroHasItsClosedForm() throws {
    // At W = 0 each block is (n_i/T)(diag u − uuᵀ) + (2λ/V²)I with u uniform, whose largest
    // eigenvalue is (n_i/T)/V + 2λ/V². Rows: '.' → 2 events, 'a' → 3, 'b' → 2; T = 7, V = 3.
    let corpus = Corpus(words: Self.tinyWords)
    let objective = BigramObjective(counts: try BigramCounts(corpus: corpus), l2: 0.3)
    let expected = 3.0 / (7 * 3) + 2 * 0.3 / 9
    let study = LearningRateStudy(objective: objective, learningRates: [0.5], steps: 3)
    #expect(abs(study.largestEigenvalueAtStart - expected) < 1e-15)
    #expect(abs(study.stabilityBoundAtStart - 2 / expected) < 1e-12)
    #expect(study.runs.count == 1 && study.runs[0].losses.count == 4)
    #expect(abs(study.runs[0].losses[0] - log(3)) < 1e-15)
  }

  @Test func runMeasures() {
    let falling = LearningRateStudy.Run(learningRate: 1, losses: [3, 2, 1.5], divergedAt: nil)
    #expect(falling.rises == 0 && !falling.diverged && falling.finalLoss == 1.5)
    let bouncing = LearningRateStudy.Run(learningRate: 1, losses: [3, 2, 2.5, 1.9, 2.1], divergedAt: nil)
    #expect(bouncing.rises == 2 && !bouncing.diverged)
    let above = LearningRateStudy.Run(learningRate: 1, losses: [3, 4, 3.5], divergedAt: nil)
    #expect(above.diverged)
    let broken = LearningRateStudy.Run(learningRate: 1, losses: [3, 2], divergedAt: 2)
    #expect(broken.diverged && broken.finalLoss == 2)
  }

  /// names.txt, λ = 0.01, η = 1, 50, 150, 500 for 200 steps against
  /// `Utilities/Reference/learning_rates.py` (NumPy), and λ_max at W* against `softmax_bigram.py`.
  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func namesAgainstTheReference() throws {
    let corpus = try Corpus(contentsOf: try #require(SharedData.namesURL))
    let objective = BigramObjective(counts: try BigramCounts(corpus: corpus), l2: 0.01)
    let golden = try Golden.load("learning_rates")
    let runs = try #require(try Golden.value(golden, "runs") as? [[String: Any]])
    let rates = try runs.map { try Golden.number($0, "learningRate") }
    let study = LearningRateStudy(objective: objective, learningRates: rates, steps: 200)
    let expected = try Golden.number(golden, "largestEigenvalueAtZero")
    #expect(abs(study.largestEigenvalueAtStart - expected) <= 1e-12 * expected)
    for (run, reference) in zip(study.runs, runs) {
      let losses = try #require(reference["loss"] as? [Double])
      #expect(run.losses.count == losses.count)
      // Above the stability bound the iteration is chaotic: a rounding difference grows about
      // tenfold every five steps (measured against the reference), so only the first 20 steps of
      // the unstable runs can agree to 1e-9; the stable ones agree all the way.
      let compared = run.rises == 0 ? losses.count : 20
      let worst = zip(run.losses, losses).prefix(compared).map { abs($0 - $1) }.max() ?? .infinity
      #expect(worst < 1e-9, "η = \(run.learningRate): max |Δloss| = \(worst) over \(compared) steps")
      #expect((run.rises == 0) == (reference["rises"] as? Int == 0))
    }
    // The roles the report's defaults were chosen for (checked by the reference script too).
    #expect(study.runs.map(\.diverged) == [false, false, false, true])
    #expect(study.runs[2].rises > 0 && study.runs[0].rises == 0 && study.runs[1].rises == 0)

    let optimum = try Golden.load("softmax_bigram")
    let weights = try #require(try Golden.value(optimum, "newton", "W") as? [[Double]])
    let atOptimum = LearningRateStudy.largestEigenvalue(of: objective, at: Tensor(rows: weights))
    let reference = try Golden.number(optimum, "hessianLargestEigenvalue", "optimum")
    #expect(abs(atOptimum - reference) <= 1e-9 * reference)
  }
}
