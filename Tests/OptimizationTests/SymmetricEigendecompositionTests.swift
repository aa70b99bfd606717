import Autodiff
import Foundation
import Optimization
import Testing

@Suite("SymmetricEigendecomposition")
struct SymmetricEigendecompositionTests {
  @Test("a 2×2 matrix matches (a + c)/2 ± √(((a − c)/2)² + b²)")
  func twoByTwo() {
    let (a, b, c) = (2.0, -0.75, -1.0)
    let decomposition = SymmetricEigendecomposition(Tensor(rows: [[a, b], [b, c]]))
    let radius = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
    #expect(maximumDifference(decomposition.eigenvalues, [(a + c) / 2 - radius, (a + c) / 2 + radius]) <= 1e-15)
  }

  @Test("27×27 Q·diag(λ)·Qᵀ from a Householder reflection gives back λ to 1e-13", arguments: [1, 2, 3] as [UInt64])
  func knownSpectrum(seed: UInt64) {
    // λ from −1.85 to 7.77 in steps of 0.37, with one eigenvalue repeated and one exactly zero.
    var spectrum = (0..<27).map { Double($0) * 0.37 - 1.85 }
    spectrum[5] = 0
    spectrum[12] = spectrum[11]
    let (matrix, _) = householderMatrix(spectrum: spectrum, seed: seed)
    let decomposition = SymmetricEigendecomposition(matrix)
    #expect(maximumDifference(decomposition.eigenvalues, spectrum.sorted()) <= 1e-13)
    #expect(decomposition.sweeps <= 15)
  }

  @Test("eigenvectors are orthonormal and satisfy A·q = λ·q to 1e-13")
  func eigenvectors() {
    let spectrum = (0..<27).map { sin(Double($0)) * 5 }
    let (matrix, _) = householderMatrix(spectrum: spectrum, seed: 9)
    let decomposition = SymmetricEigendecomposition(matrix)
    let n = 27
    let q = decomposition.eigenvectors
    var worstResidual = 0.0
    var worstOrthogonality = 0.0
    for k in 0..<n {
      let column = (0..<n).map { q[$0, k] }
      let residual = zip(multiply(matrix, column), column).map { $0 - decomposition.eigenvalues[k] * $1 }
      worstResidual = max(worstResidual, residual.map(abs).max() ?? 0)
      for l in 0..<n {
        let dot = (0..<n).reduce(0) { $0 + q[$1, k] * q[$1, l] }
        worstOrthogonality = max(worstOrthogonality, abs(dot - (k == l ? 1 : 0)))
      }
    }
    #expect(worstResidual <= 1e-13)
    #expect(worstOrthogonality <= 1e-13)
  }

  @Test("the softmax Hessian diag(p) − ppᵀ has a zero eigenvalue along the all-ones direction")
  func softmaxHessianNullSpace() {
    let n = 27
    let (p, hessian) = softmaxHessian(size: n, seed: 5)
    let decomposition = SymmetricEigendecomposition(hessian)
    #expect(abs(decomposition.eigenvalues[0]) <= 1e-16)
    #expect(decomposition.eigenvalues[1] > 1e-6)
    let null = (0..<n).map { decomposition.eigenvectors[$0, 0] }
    let sign = null[0] > 0 ? 1.0 : -1.0
    #expect(maximumDifference(null.map { $0 * sign }, Array(repeating: 1 / Double(n).squareRoot(), count: n)) <= 1e-13)
    // The trace Σλ = Σp − Σp² is invariant.
    let trace = p.reduce(0, +) - p.reduce(0) { $0 + $1 * $1 }
    #expect(isClose(decomposition.eigenvalues.reduce(0, +), trace, tolerance: 1e-15))
  }

  @Test("a slightly asymmetric matrix (a finite-difference Hessian) is decomposed by its symmetric part")
  func symmetricPart() {
    let decomposition = SymmetricEigendecomposition(Tensor(rows: [[2, 1 + 1e-9], [1 - 1e-9, 2]]))
    // The symmetric part [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    #expect(maximumDifference(decomposition.eigenvalues, [1, 3]) <= 1e-15)
  }

  @Test("a diagonal matrix needs no rotation and its eigenvalues come back sorted")
  func diagonal() {
    let decomposition = SymmetricEigendecomposition(Tensor(rows: [[3, 0, 0], [0, -1, 0], [0, 0, 2]]))
    #expect(decomposition.eigenvalues == [-1, 2, 3])
    #expect(decomposition.sweeps == 1)
    #expect(decomposition.eigenvectors == Tensor(rows: [[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
  }

  @Test("a NaN entry makes every eigenvalue NaN instead of looking finite")
  func nonFinite() {
    let decomposition = SymmetricEigendecomposition(Tensor(rows: [[1, .nan], [.nan, 1]]))
    #expect(decomposition.eigenvalues.allSatisfy { $0.isNaN })
  }
}
