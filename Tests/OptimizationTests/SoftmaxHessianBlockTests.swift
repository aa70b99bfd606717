import Autodiff
import Foundation
import Testing

@testable import Optimization

/// The O(n) Sherman–Morrison / pseudo-inverse solve and the secular-equation λ_max of a block
/// a(diag p − p pᵀ) + cI, against the general path: the Jacobi eigen-decomposition of the dense block.
@Suite struct SoftmaxHessianBlockTests {
  /// A softmax of n normal logits times `spread` (large spread: nearly one-hot).
  private static func probabilities(_ n: Int, spread: Double, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    let logits = (0..<n).map { _ in spread * generator.nextNormal() }
    let top = logits.max() ?? 0
    let weights = logits.map { exp($0 - top) }
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }

  private static func gradient(_ n: Int, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<n).map { _ in generator.nextNormal() }
  }

  /// Cases: (scale a, probabilities, ridge c, damping δ); every one the fast path must take.
  static let cases: [(Double, [Double], Double, Double)] = [
    (0.03, probabilities(27, spread: 1, seed: 1), 2 * 0.01 / 729, 0),  // the bigram's rows, λ = 0.01
    (0.03, probabilities(27, spread: 1, seed: 2), 0, 0),  // λ = 0: singular along 1, pseudo-inverse
    (0.03, probabilities(27, spread: 1, seed: 3), 0, 1e-3),  // λ = 0 with damping
    (0.2, probabilities(27, spread: 1, seed: 4), 2 * 0.01 / 729, 0.5),  // ridge and damping
    (0.05, probabilities(27, spread: 3, seed: 5), 2 * 0.01 / 729, 0),  // nearly one-hot
    (0.05, probabilities(27, spread: 2, seed: 6), 0, 0),  // nearly one-hot, λ = 0
    (0, probabilities(27, spread: 1, seed: 7), 2 * 0.01 / 729, 0),  // n_i = 0: only the ridge
    (0, probabilities(27, spread: 1, seed: 8), 0, 0),  // n_i = 0 and λ = 0: the zero matrix
    (0, probabilities(27, spread: 1, seed: 9), 0, 1e-2),  // n_i = 0, damping only
    (1, [1.0 / 3, 1.0 / 3, 1.0 / 3], 0, 0),  // ties everywhere
    (1, [0.5, 0.5, 0], 1e-3, 0),  // a zero probability, with a ridge
    (0.7, [1], 0.1, 0),  // one symbol
  ]

  private static func maximumDifference(_ x: [Double], _ y: [Double]) -> Double {
    zip(x, y).map { abs($0 - $1) }.max() ?? 0
  }

  @Test(arguments: cases.indices) func solveEqualsTheEigendecompositionPath(index: Int) throws {
    let (scale, p, ridge, damping) = Self.cases[index]
    let block = SoftmaxHessianBlock(scale: scale, probabilities: p, ridge: ridge)
    let b = Self.gradient(p.count, seed: UInt64(100 + index))
    let fast = try #require(block.solve(b, shift: damping))
    let reference = SymmetricEigendecomposition(block.dense).solve(b, shift: damping)
    let size: Double = max(1, reference.solution.map { abs($0) }.max() ?? 0)
    #expect(Self.maximumDifference(fast.solution, reference.solution) <= 1e-12 * size, "case \(index)")
    #expect(fast.rank == reference.rank, "case \(index)")
    #expect(abs(fast.threshold - reference.threshold) <= 1e-12 * max(1, reference.threshold), "case \(index)")
  }

  @Test(arguments: cases.indices) func eigenvaluesEqualJacobi(index: Int) {
    let (scale, p, ridge, _) = Self.cases[index]
    let block = SoftmaxHessianBlock(scale: scale, probabilities: p, ridge: ridge)
    let eigenvalues = SymmetricEigendecomposition(block.dense).eigenvalues
    let largest = eigenvalues.last ?? 0
    #expect(abs(block.largestEigenvalue - largest) <= 1e-12 * max(1e-3, largest), "case \(index)")
    #expect(abs(block.smallestEigenvalue - (eigenvalues.first ?? 0)) <= 1e-14, "case \(index)")
  }

  /// Where the block is ill-conditioned (nearly one-hot, λ = 0: condition ~1e8) the two paths part
  /// by cond·ε; the O(n) solution is then the more accurate: its residual ‖(H + δI)x − b̃‖ (b̃ the
  /// part of b in the range) is at most the Jacobi solution's, and ≤ 1e-15·‖H‖·‖x‖.
  @Test(arguments: [3.0, 4.0]) func illConditionedBlocksSolveToTheirResidual(spread: Double) throws {
    let p = Self.probabilities(27, spread: spread, seed: 6)
    let block = SoftmaxHessianBlock(scale: 0.05, probabilities: p, ridge: 0)
    let b = Self.gradient(27, seed: 7)
    let mean = b.reduce(0, +) / 27
    let range = b.map { $0 - mean }
    let dense = block.dense
    func residual(_ x: [Double]) -> Double {
      (0..<27).map { i in abs((0..<27).reduce(0) { $0 + dense[i, $1] * x[$1] } - range[i]) }.max() ?? 0
    }
    let fast = try #require(block.solve(b)).solution
    let jacobi = SymmetricEigendecomposition(dense).solve(b).solution
    let size: Double = fast.map { abs($0) }.max() ?? 0
    #expect(residual(fast) <= residual(jacobi))
    #expect(residual(fast) <= 1e-15 * block.largestEigenvalue * size * 27)
  }

  /// Without a ridge, a zero (or vanishing) probability makes more null directions: the fast path
  /// declines, and the Newton direction comes from the decomposition, equal either way.
  @Test func nearZeroProbabilitiesWithoutARidgeFallBack() {
    let blocks = [
      SoftmaxHessianBlock(scale: 0.1, probabilities: [0.5, 0.5, 0], ridge: 0),
      SoftmaxHessianBlock(scale: 0.1, probabilities: [1 - 1e-20, 1e-20, 0], ridge: 0),
      SoftmaxHessianBlock(scale: 0.1, probabilities: [0.2, 0.3, 0.5], ridge: 0),
    ]
    #expect(blocks[0].solve([1, 2, 3]) == nil && blocks[1].solve([1, 2, 3]) == nil)
    #expect(blocks[2].solve([1, 2, 3]) != nil)
    let gradient = Tensor(shape: [3, 3], scalars: [1, -2, 0.5, 0.3, 0.2, -0.1, 2, 1, -3])
    for method in [NewtonMethod(), NewtonMethod(damping: 1e-3)] {
      let fast = method.direction(gradient: gradient, softmaxBlocks: blocks)
      let dense = method.direction(gradient: gradient, hessianBlocks: blocks.map { $0.dense })
      #expect(fast.singularBlocks == dense.singularBlocks)
      #expect(Self.maximumDifference(fast.direction.scalars, dense.direction.scalars) <= 1e-12)
      #expect(abs(fast.largestEigenvalue - dense.largestEigenvalue) <= 1e-14)
      #expect(abs(fast.smallestEigenvalue - dense.smallestEigenvalue) <= 1e-14)
    }
  }

  /// The whole Newton direction over 27 bigram-like rows, λ > 0 and λ = 0, with and without damping.
  static let settings: [(ridge: Double, damping: Double)] = [
    (2 * 0.01 / 729, 0), (0, 0), (0, 1e-4), (2 * 0.01 / 729, 0.1),
  ]

  @Test(arguments: settings.indices) func directionEqualsTheDensePath(index: Int) {
    let (ridge, damping) = Self.settings[index]
    let v = 27
    var blocks: [SoftmaxHessianBlock] = []
    for i in 0..<v {
      let scale: Double = i == 3 ? 0 : Double(i + 1) / 400
      let p = Self.probabilities(v, spread: 1.5, seed: UInt64(i))
      blocks.append(SoftmaxHessianBlock(scale: scale, probabilities: p, ridge: ridge))
    }
    let gradient = Tensor(shape: [v, v], scalars: Self.gradient(v * v, seed: 42))
    let method = NewtonMethod(damping: damping)
    let fast = method.direction(gradient: gradient, softmaxBlocks: blocks)
    let dense = method.direction(gradient: gradient, hessianBlocks: blocks.map { $0.dense })
    let size: Double = max(1, dense.direction.scalars.map { abs($0) }.max() ?? 0)
    #expect(Self.maximumDifference(fast.direction.scalars, dense.direction.scalars) <= 1e-12 * size)
    #expect(fast.singularBlocks == dense.singularBlocks)
    #expect(abs(fast.largestEigenvalue - dense.largestEigenvalue) <= 1e-12 * dense.largestEigenvalue)
  }
}
