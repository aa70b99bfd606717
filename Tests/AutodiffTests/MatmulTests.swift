import Autodiff
import Testing

@Suite struct MatmulTests {
  /// [m, k, n]: 1×1, non-square both ways, outer and inner products, square.
  @Test(arguments: [[1, 1, 1], [2, 3, 4], [4, 1, 3], [1, 5, 1], [3, 3, 3]])
  func gradientsMatchFiniteDifferences(extents: [Int]) {
    let (m, k, n) = (extents[0], extents[1], extents[2])
    for seed in Fixtures.seeds {
      let a = Fixtures.normal([m, k], seed: seed)
      let b = Fixtures.normal([k, n], seed: seed + 100)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [a, b]) { p in
        Fixtures.projected(matmul(p[0], p[1]), seed: seed)
      }
    }
  }

  @Test func closedFormGradients() {
    // For L = Σ A·B: ∂L/∂A = 1·Bᵀ (row sums of B in each row), ∂L/∂B = Aᵀ·1 (column sums of A).
    let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let b = Tensor(rows: [[7, 8], [9, 10], [11, 12]])
    let (value, gradients) = valueWithGradient(at: [a, b]) { matmul($0[0], $0[1]).sum() }
    #expect(value == 58 + 64 + 139 + 154)
    #expect(gradients[0] == Tensor(rows: [[15, 19, 23], [15, 19, 23]]))
    #expect(gradients[1] == Tensor(rows: [[5, 5], [7, 7], [9, 9]]))
  }

  @Test func aOneHotProductMatchesGatherRowsExactly() {
    let w = Fixtures.normal([5, 3], seed: 9)
    let indices = [4, 0, 4, 2]
    let viaMatmul = valueWithGradient(at: w) { w in
      Fixtures.projected(matmul(w.tape.constant(Tensor(oneHot: indices, depth: 5)), w), seed: 9)
    }
    let viaGather = valueWithGradient(at: w) { w in Fixtures.projected(gatherRows(w, indices), seed: 9) }
    #expect(viaMatmul.value == viaGather.value)
    #expect(viaMatmul.gradient == viaGather.gradient)
  }
}
