import Autodiff
import Optimization
import Testing

@Suite("PseudoInverseSolution")
struct PseudoInverseSolutionTests {
  @Test("a positive definite system is solved with full rank")
  func regular() {
    let spectrum = (1...27).map { Double($0) / 3 }
    let (matrix, _) = householderMatrix(spectrum: spectrum, seed: 4)
    let b = (0..<27).map { Double($0 % 5) - 2 }
    let result = SymmetricEigendecomposition(matrix).solve(b)
    #expect(result.rank == 27)
    #expect(!result.isSingular)
    #expect(maximumDifference(multiply(matrix, result.solution), b) <= 1e-13)
  }

  @Test("the singular softmax Hessian is reported, and b ⟂ 1 is solved with Σx = 0")
  func singular() {
    let n = 27
    let (_, hessian) = softmaxHessian(size: n, seed: 8)
    let decomposition = SymmetricEigendecomposition(hessian)
    // b = e₀ − e₁ lies in the range of H (it is orthogonal to the null vector 1).
    var b = Array(repeating: 0.0, count: n)
    b[0] = 1
    b[1] = -1
    let result = decomposition.solve(b)
    #expect(result.isSingular)
    #expect(result.rank == n - 1)
    #expect(maximumDifference(multiply(hessian, result.solution), b) <= 1e-10)
    // The minimum-norm solution has no component along the null direction 1.
    #expect(abs(result.solution.reduce(0, +)) <= 1e-10)
  }

  @Test("a right-hand side along the null space gives x = 0 instead of a division by ~0")
  func nullRightHandSide() {
    let (_, hessian) = softmaxHessian(size: 6, seed: 2)
    let result = SymmetricEigendecomposition(hessian).solve(Array(repeating: 1, count: 6))
    #expect(result.rank == 5)
    #expect(result.solution.allSatisfy { abs($0) <= 1e-13 })
  }

  @Test("a shift δ solves (H + δI)x = b with full rank")
  func shifted() {
    let (_, hessian) = softmaxHessian(size: 10, seed: 3)
    let b = (0..<10).map { Double($0) }
    let delta = 0.05
    let result = SymmetricEigendecomposition(hessian).solve(b, shift: delta)
    #expect(!result.isSingular)
    let lhs = zip(multiply(hessian, result.solution), result.solution).map { $0 + delta * $1 }
    #expect(maximumDifference(lhs, b) <= 1e-12)
  }

  @Test("the zero matrix has rank 0 and solution 0")
  func zeroMatrix() {
    let result = SymmetricEigendecomposition(Tensor(zeros: [3, 3])).solve([1, 2, 3])
    #expect(result.rank == 0)
    #expect(result.solution == [0, 0, 0])
  }
}
