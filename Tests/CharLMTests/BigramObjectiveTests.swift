import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

@Suite struct BigramObjectiveTests {
  private let counts: BigramCounts

  init() throws {
    counts = try BigramCounts(corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam", "emma"]))
  }

  private func randomWeights(seed: UInt64, scale: Double = 1) -> Tensor {
    var generator = SplitMix64(seed: seed)
    let v = counts.size
    return Tensor(shape: [v, v], scalars: (0..<(v * v)).map { _ in scale * generator.nextNormal() })
  }

  @Test func lossAtZeroIsLogV() {
    let objective = BigramObjective(counts: counts, l2: 0.3)
    let evaluation = objective.evaluate(at: Tensor(zeros: [counts.size, counts.size]))
    #expect(abs(evaluation.loss - log(Double(counts.size))) < 1e-14)
    #expect(evaluation.nll == evaluation.loss)
  }

  /// Softmax is invariant to a constant added to a row, so a uniform W has NLL log V however large
  /// (issue 14, item 4: 10¹⁷ gave 0, 10¹⁶⁰ NaN), on every path, and the |x| < 700 fast path agrees
  /// with the shifted one: W and W + c (c pushing every |x| past 700) give the same loss.
  @Test func lossIsShiftInvariant() throws {
    let v = counts.size
    let events = try BigramEvents(
      corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam", "emma"]),
      vocabulary: counts.vocabulary)
    let objective = BigramObjective(counts: counts)
    for value in [0, 699.9, 700, -700, 1e16, 1e17, 1e160, 1e300, -1e300, 1.7e308] {
      let uniform = Tensor(shape: [v, v], scalars: Array(repeating: value, count: v * v))
      for path in [LossPath.counts, .lookup, .onehot] {
        let evaluation = objective.evaluate(at: uniform, path: path, events: events)
        #expect(abs(evaluation.nll - log(Double(v))) < 1e-12, "W = \(value), \(path): \(evaluation.nll)")
        let finite = evaluation.gradient.scalars.allSatisfy { $0.isFinite }
        #expect(finite, "W = \(value), \(path)")
      }
      let (onTape, _) = valueWithGradient(at: [uniform]) { objective.loss(onTape: $0[0]) }
      #expect(abs(onTape - log(Double(v))) < 1e-12, "W = \(value), on the tape: \(onTape)")
      let model = SoftmaxBigram(vocabulary: counts.vocabulary, weights: uniform).probabilities
      let logP = try #require(model.logMatrix)
      #expect(logP.scalars.allSatisfy { abs($0 + log(Double(v))) < 1e-12 }, "W = \(value)")
    }
    let weights = randomWeights(seed: 4, scale: 3)
    for shift in [800.0, -800, 1e6] {
      let shifted = Tensor(shape: [v, v], scalars: weights.scalars.map { $0 + shift })
      for path in [LossPath.counts, .lookup, .onehot] {
        let plain = objective.evaluate(at: weights, path: path, events: events)
        let moved = objective.evaluate(at: shifted, path: path, events: events)
        // The shift itself rounds W by up to ulp(c)/2: 1e6 moves each logit by ≤ 6e-11.
        #expect(abs(plain.loss - moved.loss) < (shift == 1e6 ? 1e-9 : 1e-12), "c = \(shift), \(path)")
        #expect(plain.gradient.maxAbsDifference(moved.gradient) < (shift == 1e6 ? 1e-9 : 1e-12), "c = \(shift)")
      }
    }
  }

  @Test(arguments: [(UInt64(1), 0.0), (2, 0.01), (3, 5)])
  func gradientMatchesFiniteDifferences(seed: UInt64, l2: Double) {
    let objective = BigramObjective(counts: counts, l2: l2)
    let weights = randomWeights(seed: seed)
    let gradient = objective.evaluate(at: weights).gradient
    let h = 1e-5
    var worst = 0.0
    for index in weights.scalars.indices {
      var plus = weights
      var minus = weights
      plus.scalars[index] += h
      minus.scalars[index] -= h
      let numeric =
        (objective.evaluate(at: plus, gradient: false).loss - objective.evaluate(at: minus, gradient: false).loss)
        / (2 * h)
      worst = max(worst, abs(numeric - gradient.scalars[index]))
    }
    #expect(worst < 1e-9)
  }

  @Test func hessianBlocksMatchFiniteDifferencesOfTheGradient() {
    let objective = BigramObjective(counts: counts, l2: 0.2)
    let weights = randomWeights(seed: 9)
    let blocks = objective.hessianBlocks(at: weights)
    let v = counts.size
    let h = 1e-6
    var worst = 0.0
    for i in [0, 1, v - 1] {
      for b in 0..<v {
        var plus = weights
        var minus = weights
        plus[i, b] += h
        minus[i, b] -= h
        let gPlus = objective.evaluate(at: plus).gradient
        let gMinus = objective.evaluate(at: minus).gradient
        for a in 0..<v {
          worst = max(worst, abs((gPlus[i, a] - gMinus[i, a]) / (2 * h) - blocks[i][a, b]))
        }
      }
    }
    #expect(worst < 1e-8)
  }

  @Test func halfCurvatureMatchesTheBlocks() {
    let objective = BigramObjective(counts: counts, l2: 0.05)
    let weights = randomWeights(seed: 4)
    let direction = randomWeights(seed: 5)
    let blocks = objective.hessianBlocks(at: weights)
    let v = counts.size
    var quadratic = 0.0
    for i in 0..<v {
      for a in 0..<v {
        for b in 0..<v { quadratic += direction[i, a] * blocks[i][a, b] * direction[i, b] }
      }
    }
    #expect(abs(objective.halfCurvature(at: weights, along: direction) - quadratic / 2) < 1e-12)
  }

  @Test func extremeLogitsStayFinite() {
    let objective = BigramObjective(counts: counts, l2: 0)
    let evaluation = objective.evaluate(at: randomWeights(seed: 6, scale: 1e6))
    #expect(evaluation.loss.isFinite)
    #expect(evaluation.gradient.isFinite)
  }

  @Test func theInPlaceEvaluationMatchesAndReusesItsBuffer() {
    let objective = BigramObjective(counts: counts, l2: 0.01)
    var gradient = Tensor(zeros: [0])
    for seed in UInt64(20)..<23 {
      let weights = randomWeights(seed: seed, scale: 2)
      let (loss, nll) = objective.evaluate(at: weights, gradient: &gradient)
      let storage = gradient.scalars.withUnsafeBufferPointer { $0.baseAddress }
      let reference = objective.evaluate(at: weights)
      #expect(loss == reference.loss && nll == reference.nll && gradient == reference.gradient)
      #expect(objective.evaluate(at: weights, gradient: false).loss == loss)
      _ = objective.evaluate(at: weights, gradient: &gradient)
      #expect(gradient.scalars.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }
  }
}
