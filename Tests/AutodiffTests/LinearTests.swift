import Testing

@testable import Autodiff

@Suite struct LinearTests {
  /// [m, k, n]: 1×1, non-square both ways, widths that leave vector tails (11 = 8 + 3), square.
  @Test(arguments: [[1, 1, 1], [2, 3, 4], [4, 1, 3], [3, 5, 11], [3, 3, 3]])
  func gradientsMatchFiniteDifferences(extents: [Int]) {
    let (m, k, n) = (extents[0], extents[1], extents[2])
    for seed in Fixtures.seeds {
      let x = Fixtures.normal([m, k], seed: seed)
      let w = Fixtures.normal([k, n], seed: seed + 100)
      let b = Fixtures.normal([n], seed: seed + 200)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x, w, b]) { p in
        Fixtures.projected(linear(p[0], p[1], bias: p[2]), seed: seed)
      }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x, w]) { p in
        Fixtures.projected(linear(p[0], p[1]), seed: seed)
      }
    }
  }

  @Test func equalsMatmulPlusBroadcastBias() {
    let x = Fixtures.normal([6, 5], seed: 4)
    let w = Fixtures.normal([5, 7], seed: 5)
    let b = Fixtures.normal([7], seed: 6)
    let fused = valueWithGradient(at: [x, w, b]) { p in Fixtures.projected(linear(p[0], p[1], bias: p[2]), seed: 1) }
    let composed = valueWithGradient(at: [x, w, b]) { p in
      Fixtures.projected(matmul(p[0], p[1]) + p[2], seed: 1)
    }
    #expect(abs(fused.value - composed.value) <= 1e-12 * max(1, abs(composed.value)))
    for (lhs, rhs) in zip(fused.gradients, composed.gradients) {
      #expect(zip(lhs.scalars, rhs.scalars).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
    }
  }

  /// The C kernels (whatever clone this CPU dispatches to) against the portable Swift loops: equal
  /// up to the fused multiply-adds of the AVX-512 clone (a few ulps of each partial sum).
  @Test(arguments: [
    [1, 1, 1], [32, 30, 200], [32, 200, 27], [7, 13, 9], [128, 48, 128], [5, 7, 30], [3, 4, 5], [6, 2, 8], [9, 3, 17],
  ])
  func nativeKernelsMatchThePortablePath(extents: [Int]) {
    let (m, k, n) = (extents[0], extents[1], extents[2])
    let a = Fixtures.normal([m, k], seed: 11).scalars
    let b = Fixtures.normal([k, n], seed: 12).scalars
    let bias = Fixtures.normal([n], seed: 13).scalars
    let g = Fixtures.normal([m, n], seed: 14).scalars
    let initialA = Fixtures.normal([m, k], seed: 15).scalars
    let initialB = Fixtures.normal([k, n], seed: 16).scalars
    func run(_ implementation: DenseKernels.Implementation) -> [[Double]] {
      var forward = [Double](repeating: .nan, count: m * n)
      var forwardNoBias = [Double](repeating: .nan, count: m * n)
      var gb = initialB
      var ga = initialA
      DenseKernels.linearForward(a, b, bias: bias, into: &forward, m: m, k: k, n: n, using: implementation)
      DenseKernels.linearForward(a, b, bias: nil, into: &forwardNoBias, m: m, k: k, n: n, using: implementation)
      DenseKernels.accumulateTransposedProduct(a, g, into: &gb, m: m, k: k, n: n, using: implementation)
      DenseKernels.accumulateProductWithTranspose(g, b, into: &ga, m: m, k: k, n: n, using: implementation)
      return [forward, forwardNoBias, gb, ga]
    }
    let native = run(.native)
    let portable = run(.portable)
    for (lhs, rhs) in zip(native, portable) {
      // Each entry is a sum of at most max(k, m, n) products of standard normals: bound the
      // rounding difference by the sum's scale.
      let scale = Double(max(k, m, n))
      for (x, y) in zip(lhs, rhs) { #expect(abs(x - y) <= 1e-14 * scale * max(1, abs(y))) }
    }
  }

  /// The C tanh runs VectorMath.tanh's operations without contraction: the same bits.
  @Test func nativeTanhEqualsThePortablePathBitForBit() {
    var generator = SplitMix64(seed: 5)
    var values: [Double] = [
      0, -0.0, 0.125, -0.125, 20, -20, 21, 1e308, .nan, .infinity, -.infinity, .leastNonzeroMagnitude,
    ]
    values += (0..<3000).map { _ in (generator.nextDouble() - 0.5) * 50 }
    values += (0..<1000).map { _ in (generator.nextDouble() - 0.5) * 0.3 }
    var native = values
    var portable = values
    native.withUnsafeMutableBufferPointer { DenseKernels.tanh($0, using: .native) }
    portable.withUnsafeMutableBufferPointer { DenseKernels.tanh($0, using: .portable) }
    for (index, (lhs, rhs)) in zip(native, portable).enumerated() {
      #expect(lhs.bitPattern == rhs.bitPattern || (lhs.isNaN && rhs.isNaN), "tanh(\(values[index])): \(lhs) vs \(rhs)")
    }
  }

  @Test func allFiniteAgreesWithThePortablePath() {
    for bad in [Double.nan, .infinity, -.infinity, -Double.nan] {
      for position in [0, 7, 8, 100] {
        var values = (0..<101).map { Double($0) - 50 }
        values[position] = bad
        values.withUnsafeBufferPointer { x in
          #expect(!DenseKernels.allFinite(x, using: .native))
          #expect(!DenseKernels.allFinite(x, using: .portable))
        }
      }
    }
    let good: [Double] = [0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
    good.withUnsafeBufferPointer { #expect(DenseKernels.allFinite($0, using: .native)) }
    [Double]().withUnsafeBufferPointer { #expect(DenseKernels.allFinite($0, using: .native)) }
  }

  @Test func dispatchNamesAClone() {
    #expect(["avx512f", "avx2", "baseline"].contains(DenseKernels.dispatchedClone))
  }
}
