import Foundation
import Testing

@testable import Autodiff

@Suite struct BatchNormTests {
  /// [m, h]: three rows (with two, x̂ = ±1/√2 whatever x, and ∂x is round-off), one column,
  /// wider batches. (The checker covers at most 100 entries a tensor.)
  @Test(arguments: [[3, 1], [3, 3], [5, 4], [12, 7], [9, 11]])
  func gradientsMatchFiniteDifferences(extents: [Int]) {
    let (m, h) = (extents[0], extents[1])
    for seed in Fixtures.seeds {
      let x = Fixtures.normal([m, h], seed: seed)
      let gain = Fixtures.positive([h], seed: seed + 100)
      let bias = Fixtures.normal([h], seed: seed + 200)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x, gain, bias]) { p in
        Fixtures.projected(batchNorm(p[0], gain: p[1], bias: p[2]).output, seed: seed)
      }
    }
  }

  @Test func normalizesEachColumnWithTheUnbiasedVariance() {
    let x = Tensor(rows: [[1, 10], [2, 20], [6, 60]])
    var result: (mean: [Double], variance: [Double], y: [Double]) = ([], [], [])
    _ = value(at: [x, Tensor(shape: [2], scalars: [1, 2]), Tensor(shape: [2], scalars: [0, 1])]) { p in
      let normalized = batchNorm(p[0], gain: p[1], bias: p[2], epsilon: 1e-5)
      result = (normalized.mean, normalized.variance, normalized.output.value.scalars)
      return normalized.output.sum()
    }
    #expect(result.mean == [3, 30])
    // Σ(x − μ)² = 4 + 1 + 9 = 14 over m − 1 = 2.
    #expect(result.variance == [7, 700])
    let y = result.y
    let s0 = 1 / (7 + 1e-5).squareRoot()
    #expect(abs(y[0] - (1 - 3) * s0) < 1e-15)
    let s1 = 1 / (700 + 1e-5).squareRoot()
    #expect(abs(y[1] - (2 * (10 - 30) * s1 + 1)) < 1e-14)
  }

  /// The op against the same formulas composed from primitive ops (mean, variance, division).
  @Test func equalsTheComposedFormula() {
    let (m, h) = (6, 4)
    let x = Fixtures.normal([m, h], seed: 8)
    let gain = Fixtures.positive([h], seed: 9)
    let bias = Fixtures.normal([h], seed: 10)
    let fused = valueWithGradient(at: [x, gain, bias]) { p in
      Fixtures.projected(batchNorm(p[0], gain: p[1], bias: p[2]).output, seed: 2)
    }
    let composed = valueWithGradient(at: [x, gain, bias]) { p in
      let mean = p[0].sum(alongAxis: 0) / Double(m)
      let centered = p[0] - mean
      let variance = (centered * centered).sum(alongAxis: 0) / Double(m - 1)
      let y = p[1] * centered / sqrt(variance + 1e-5) + p[2]
      return Fixtures.projected(y, seed: 2)
    }
    #expect(abs(fused.value - composed.value) < 1e-12)
    for (lhs, rhs) in zip(fused.gradients, composed.gradients) {
      #expect(zip(lhs.scalars, rhs.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    }
  }
}

@Suite struct ReshapeTests {
  @Test(arguments: [[4, 3, 2], [8, 5, 4], [2, 1, 2], [6, 2, 1]])
  func flattenConsecutiveGradientsMatchFiniteDifferences(extents: [Int]) {
    let (m, d, n) = (extents[0], extents[1], extents[2])
    for seed in Fixtures.seeds {
      let x = Fixtures.normal([m, d], seed: seed)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) { p in
        let flat = flattenConsecutive(p[0], n)
        return Fixtures.projected(tanh(flat) * flat, seed: seed)
      }
    }
  }

  @Test func flattenConsecutiveConcatenatesRows() {
    let x = Tensor(rows: [[1, 2], [3, 4], [5, 6], [7, 8]])
    let y = value(at: [x]) { p in
      let flat = flattenConsecutive(p[0], 2)
      #expect(flat.shape == [2, 4])
      #expect(flat.value.scalars == [1, 2, 3, 4, 5, 6, 7, 8])
      return flat.sum()
    }
    #expect(y == 36)
  }
}

@Suite struct VectorTanhTests {
  @Test func matchesLibmWithinAFewUlps() {
    var generator = SplitMix64(seed: 3)
    var values: [Double] = [0, -0.0, 1e-300, 1e-8, 0.124_999, 0.125, 0.125_001, 0.5, 1, 3, 19.9, 20, 25, 710, 1e308]
    values += (0..<4000).map { _ in (generator.nextDouble() - 0.5) * 12 }
    values += (0..<1000).map { _ in (generator.nextDouble() - 0.5) * 0.5 }
    values += values.map { -$0 }
    var output = values
    output.withUnsafeMutableBufferPointer { VectorMath.tanh($0) }
    for (x, y) in zip(values, output) {
      let expected = Foundation.tanh(x)
      // Below |x| ≈ 0.3 the difference 1 − 2/(e^2x + 1) costs up to one ulp of 1 in absolute terms.
      #expect(abs(y - expected) <= 1.2e-16 + 4e-16 * abs(expected), "tanh(\(x)) = \(y), libm \(expected)")
    }
    var special: [Double] = [.nan, .infinity, -.infinity]
    special.withUnsafeMutableBufferPointer { VectorMath.tanh($0) }
    #expect(special[0].isNaN && special[1] == 1 && special[2] == -1)
  }
}

@Suite struct BatchNormKernelTests {
  /// The C loops and the portable Swift loops, forward and backward: the same bits.
  @Test(arguments: [[2, 1], [32, 200], [7, 13], [128, 24], [3, 9]])
  func nativeEqualsPortableBitForBit(extents: [Int]) {
    let (m, h) = (extents[0], extents[1])
    let x = Fixtures.normal([m, h], seed: 21).scalars.map { $0 * 3 + 1 }
    let gamma = Fixtures.positive([h], seed: 22).scalars
    let beta = Fixtures.normal([h], seed: 23).scalars
    let g = Fixtures.normal([m, h], seed: 24).scalars
    let initial = Fixtures.normal([m, h], seed: 25).scalars
    func run(_ implementation: DenseKernels.Implementation) -> [[Double]] {
      var (mean, variance, inverse) = (
        [Double](repeating: 0, count: h), [Double](repeating: 0, count: h), [Double](repeating: 0, count: h)
      )
      var (xhat, y) = ([Double](repeating: 0, count: m * h), [Double](repeating: 0, count: m * h))
      DenseKernels.batchNormForward(
        x, gamma: gamma, beta: beta, m: m, h: h, epsilon: 1e-5, mean: &mean, variance: &variance, inverse: &inverse,
        normalized: &xhat, output: &y, using: implementation)
      var (sumG, sumGX, scratch) = (
        [Double](repeating: 0, count: h), [Double](repeating: 0, count: h), [Double](repeating: 0, count: h)
      )
      var gx = initial
      DenseKernels.batchNormBackward(
        g, normalized: xhat, gamma: gamma, inverse: inverse, m: m, h: h, sumG: &sumG, sumGX: &sumGX,
        coefficient: &scratch, gx: &gx, using: implementation)
      return [mean, variance, inverse, xhat, y, sumG, sumGX, gx]
    }
    let (native, portable) = (run(.native), run(.portable))
    for (lhs, rhs) in zip(native, portable) {
      #expect(lhs.map(\.bitPattern) == rhs.map(\.bitPattern))
    }
  }
}
