import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The learning-rate sweep: the geometric grid, the verdicts on names.txt, and divergence.
@Suite struct LearningRateSweepTests {
  @Test func geometricRatesHaveAConstantRatioAndExactEnds() {
    let rates = LearningRateSweep.geometricRates(from: 1, to: 1000, count: 4)
    let expected = [1.0, 10, 100, 1000]
    #expect(zip(rates, expected).allSatisfy { abs($0 - $1) < 1e-12 * $1 })
    #expect(rates.count == 4)
    #expect(LearningRateSweep.geometricRates(from: 0.3, to: 7, count: 1) == [0.3])
    let defaults = LearningRateSweep.geometricRates(
      from: LearningRateSweep.defaultLowestRate, to: LearningRateSweep.defaultHighestRate,
      count: LearningRateSweep.defaultCount)
    // The issue asks for a default sweep that contains 0.1 and 500.
    #expect(defaults.first == 0.1 && defaults.last == 500)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func defaultSweepOnNamesShowsEveryVerdict() throws {
    let fixture = try NamesFixture.shared.get()
    let sweep = LearningRateSweep(
      objective: fixture.objective, initialWeights: Tensor(zeros: [27, 27]),
      learningRates: LearningRateSweep.geometricRates(
        from: LearningRateSweep.defaultLowestRate, to: LearningRateSweep.defaultHighestRate,
        count: LearningRateSweep.defaultCount),
      steps: LearningRateSweep.defaultSteps, optimum: fixture.optimum)
    let verdicts = Dictionary(uniqueKeysWithValues: sweep.runs.map { ($0.learningRate, $0.verdict) })
    // The issue: η = 0.1 is too small and η = 500 divergent on names.txt with λ = 0.01.
    #expect(verdicts[0.1] == .tooSmall)
    #expect(verdicts[500] == .divergent)
    #expect(Set(verdicts.values) == Set(LearningRateVerdict.allCases))
    let startBound = sweep.startCurvature.stabilityBound
    let optimumBound = sweep.optimumCurvature.stabilityBound
    for run in sweep.runs {
      #expect(run.finalLoss.isFinite)
      // The curvature explains the verdicts: below 2/λ_max(W*) GD never went up, between the two
      // bounds it went up without diverging, above 2/λ_max(W₀) it ended above the start.
      if run.learningRate < optimumBound { #expect(run.rises == 0, "η = \(run.learningRate)") }
      if run.learningRate > optimumBound && run.learningRate < startBound {
        #expect(run.verdict == .oscillating, "η = \(run.learningRate)")
      }
      if run.learningRate > startBound { #expect(run.verdict == .divergent, "η = \(run.learningRate)") }
    }
    let best = try #require(sweep.bestRun)
    #expect(best.verdict == .good && best.learningRate < optimumBound)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func oneRunFollowsTheReferenceTrajectory() throws {
    let fixture = try NamesFixture.shared.get()
    let reference = try Golden.load("softmax_bigram")
    let expected = try #require(try Golden.value(reference, "gradientDescent", "loss") as? [Double])
    let rate = try Golden.number(reference, "gradientDescent", "learningRate")
    let sweep = LearningRateSweep(
      objective: fixture.objective, initialWeights: Tensor(zeros: [27, 27]), learningRates: [rate],
      steps: expected.count - 1, optimum: fixture.optimum)
    let run = try #require(sweep.runs.first)
    #expect(run.history.records.count == expected.count)
    for (record, loss) in zip(run.history.records, expected) {
      #expect(abs(record.loss - loss) < 1e-9, "step \(record.step)")
    }
    // A lone run is its own best; η = 50 < 74.5 falls at every step.
    #expect(run.verdict == .good && run.rises == 0 && run.divergedAtStep == nil)
    let gap = sweep.startLoss - fixture.optimum.loss
    #expect(abs(run.gapClosed - (sweep.startLoss - expected[expected.count - 1]) / gap) < 1e-9)
  }

  @Test func aNonFiniteRunReportsItsLastFiniteLoss() throws {
    let counts = try BigramCounts(corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam"]))
    let objective = BigramObjective(counts: counts, l2: 1)
    let v = counts.size
    // η·2λ/V² = 2·10⁴ ≫ 2: the penalty alone multiplies W by about −2·10⁴ a step until it overflows.
    let sweep = LearningRateSweep(
      objective: objective, initialWeights: Tensor(zeros: [v, v]), learningRates: [1, 1e6], steps: 200,
      optimum: try Optimum(objective: objective))
    let blownUp = sweep.runs[1]
    let step = try #require(blownUp.nonFiniteStep)
    #expect(step < 200)
    #expect(blownUp.verdict == .divergent && blownUp.divergedAtStep == step)
    #expect(blownUp.finalLoss.isFinite && blownUp.finalLoss > sweep.startLoss)
    #expect(blownUp.history.records.count == step)
    #expect(sweep.runs[0].nonFiniteStep == nil && sweep.runs[0].verdict == .good)
  }
}
