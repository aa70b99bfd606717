import Foundation
import Testing

@testable import Autodiff

@Suite struct SoftmaxTests {
  /// 1×1, one row, tall, wide, and a row of 27 classes as the bigram model has.
  static let shapes: [[Int]] = [[1, 1], [1, 5], [4, 3], [3, 7], [2, 27]]

  @Test(arguments: shapes)
  func compositesAndTheFusedOpMatchFiniteDifferences(shape: [Int]) {
    for seed in Fixtures.seeds {
      let logits = Fixtures.normal(shape, seed: seed)
      let targets = Fixtures.indices(count: shape[0], below: shape[1], seed: seed + 100)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [logits]) { Fixtures.projected(logSoftmax($0[0]), seed: seed) }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [logits]) { Fixtures.projected(softmax($0[0]), seed: seed) }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [logits]) { crossEntropy(logits: $0[0], targets: targets) }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [logits]) {
        softmaxCrossEntropy(logits: $0[0], targets: targets)
      }
    }
  }

  @Test(arguments: shapes)
  func fusedEqualsComposedInValueAndGradient(shape: [Int]) {
    for seed in Fixtures.seeds {
      // Scaled up so some rows are far from uniform.
      let logits = 3 * Fixtures.normal(shape, seed: seed)
      let targets = Fixtures.indices(count: shape[0], below: shape[1], seed: seed + 100)
      let fused = valueWithGradient(at: logits) { softmaxCrossEntropy(logits: $0, targets: targets) }
      let composed = valueWithGradient(at: logits) { crossEntropy(logits: $0, targets: targets) }
      #expect(abs(fused.value - composed.value) < 1e-12)
      #expect(fused.gradient.maxAbsDifference(composed.gradient) < 1e-12)
    }
  }

  @Test func uniformLogitsGiveLogNAndTheClosedFormGradient() {
    // Zero logits: P̂ = 1/n everywhere, L = log n, ∂L/∂x = (1/n − onehot)/m.
    let (m, n) = (2, 4)
    let targets = [3, 0]
    let expectedGradient = (Tensor(repeating: 1.0 / 4, shape: [m, n]) - Tensor(oneHot: targets, depth: n)) / 2
    for loss in [crossEntropy(logits:targets:), softmaxCrossEntropy(logits:targets:)] {
      let (value, gradient) = valueWithGradient(at: Tensor(zeros: [m, n])) { loss($0, targets) }
      #expect(abs(value - Foundation.log(4)) < 1e-15)
      #expect(gradient.maxAbsDifference(expectedGradient) < 1e-15)
    }
  }

  @Test func softmaxRowsArePositiveAndSumToOne() {
    let probabilities = value(at: Fixtures.normal([4, 6], seed: 5)) { x in
      let p = softmax(x)
      #expect(p.value.scalars.allSatisfy { $0 > 0 })
      #expect(p.sum(alongAxis: 1).value.scalars.allSatisfy { abs($0 - 1) < 1e-15 })
      return p.sum()
    }
    #expect(abs(probabilities - 4) < 1e-14)
  }

  @Test func hugeLogitsStayFinite() {
    // Without the max shift exp(1000) would be +∞ and the loss NaN.
    let logits = Tensor(rows: [[1000, 0, -1000]])
    let logProbabilities = value(at: logits) { x in
      let y = logSoftmax(x)
      // log(1 + e⁻¹⁰⁰⁰ + e⁻²⁰⁰⁰) rounds to 0, so each entry is exactly x − 1000.
      #expect(y.value.scalars == [0, -1000, -2000])
      return y.sum()
    }
    #expect(logProbabilities == -3000)
    for loss in [crossEntropy(logits:targets:), softmaxCrossEntropy(logits:targets:)] {
      let (value, gradient) = valueWithGradient(at: logits) { loss($0, [1]) }
      #expect(value == 1000)
      #expect(gradient == Tensor(rows: [[1, -1, 0]]))
    }
  }

  @Test func aTargetOutsideTheClassesIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = value(at: Tensor(zeros: [1, 3])) { softmaxCrossEntropy(logits: $0, targets: [3]) }
    }
  }
}
