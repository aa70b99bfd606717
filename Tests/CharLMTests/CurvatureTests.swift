import Autodiff
import Foundation
import Optimization
import TestSupport
import Testing

@testable import CharLM

/// λ_max of the block Hessian and the stability bound 2/λ_max.
@Suite struct CurvatureTests {
  private let counts: BigramCounts

  init() throws {
    counts = try BigramCounts(corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam", "emma"]))
  }

  @Test(arguments: [0.0, 0.3])
  func closedFormAtZero(l2: Double) throws {
    // At W = 0 every row is uniform, so H_i = (n_i/T)(I/V − 11ᵀ/V²) + (2λ/V²)I has the eigenvalue
    // n_i/(T·V) + 2λ/V² on the V − 1 directions orthogonal to 1 (and 2λ/V² along 1).
    let v = Double(counts.size)
    let rowTotals = counts.rowTotals
    let busiest = try #require(rowTotals.indices.max { rowTotals[$0] < rowTotals[$1] })
    let expected = Double(rowTotals[busiest]) / (Double(counts.total) * v) + 2 * l2 / (v * v)
    let curvature = Curvature(
      objective: BigramObjective(counts: counts, l2: l2), at: Tensor(zeros: [counts.size, counts.size]))
    #expect(abs(curvature.largestEigenvalue - expected) < 1e-14 * expected)
    #expect(curvature.stiffestRow == busiest)
    #expect(curvature.stabilityBound == 2 / curvature.largestEigenvalue)
  }

  @Test func noDirectionIsStifferThanLambdaMax() {
    let objective = BigramObjective(counts: counts, l2: 0.05)
    let v = counts.size
    var generator = SplitMix64(seed: 11)
    let weights = Tensor(shape: [v, v], scalars: (0..<(v * v)).map { _ in generator.nextNormal() })
    let curvature = Curvature(objective: objective, at: weights)
    // The Rayleigh quotient DᵀHD/‖D‖², from the direct per-row formula of halfCurvature, never
    // exceeds λ_max…
    for _ in 0..<50 {
      let direction = Tensor(shape: [v, v], scalars: (0..<(v * v)).map { _ in generator.nextNormal() })
      let quotient = 2 * objective.halfCurvature(at: weights, along: direction) / (direction.norm * direction.norm)
      #expect(quotient <= curvature.largestEigenvalue * (1 + 1e-12))
    }
    // …and reaches it along the top eigenvector of the stiffest row's block.
    let block = objective.hessianBlocks(at: weights)[curvature.stiffestRow]
    let decomposition = SymmetricEigendecomposition(block)
    var direction = Tensor(zeros: [v, v])
    for j in 0..<v { direction.scalars[curvature.stiffestRow * v + j] = decomposition.eigenvectors[j, v - 1] }
    let quotient = 2 * objective.halfCurvature(at: weights, along: direction)
    #expect(abs(quotient - curvature.largestEigenvalue) < 1e-12 * curvature.largestEigenvalue)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func referenceFiguresOnNames() throws {
    let fixture = try NamesFixture.shared.get()
    let reference = try Golden.load("softmax_bigram")
    #expect(try Golden.number(reference, "hessianLargestEigenvalue", "lambda") == NamesFixture.lambda)
    let points = [("zero", Tensor(zeros: [27, 27])), ("optimum", fixture.optimum.weights)]
    for (name, weights) in points {
      let curvature = Curvature(objective: fixture.objective, at: weights)
      let lambdaMax = try Golden.number(reference, "hessianLargestEigenvalue", name)
      let bound = try Golden.number(reference, "gradientDescentStabilityBound", name)
      #expect(abs(curvature.largestEigenvalue - lambdaMax) < 1e-9 * lambdaMax, "\(name)")
      #expect(abs(curvature.stabilityBound - bound) < 1e-9 * bound, "\(name)")
    }
    // The figures the issue quotes: 2/λ_max ≈ 362 at W = 0 and ≈ 74.5 at W*.
    #expect(abs(Curvature(objective: fixture.objective, at: Tensor(zeros: [27, 27])).stabilityBound - 362) < 0.5)
    #expect(abs(Curvature(objective: fixture.objective, at: fixture.optimum.weights).stabilityBound - 74.5) < 0.05)
  }

  /// The secular-equation λ_max equals the Jacobi sweep's: random logits, λ = 0 and λ > 0, and the
  /// λ = 0 limit W = log N, whose −∞ logits give zero probabilities.
  @Test(arguments: [0.0, 0.05]) func secularEquationEqualsJacobi(l2: Double) {
    let objective = BigramObjective(counts: counts, l2: l2)
    let v = counts.size
    var generator = SplitMix64(seed: 5)
    let random = Tensor(shape: [v, v], scalars: (0..<(v * v)).map { _ in 2 * generator.nextNormal() })
    let logCounts = Tensor(shape: [v, v], scalars: counts.counts.map { log(Double($0)) })
    for weights in [random, logCounts, Tensor(zeros: [v, v])] {
      let fast = Curvature(objective: objective, at: weights)
      let jacobi = Curvature.byEigendecomposition(objective: objective, at: weights)
      #expect(abs(fast.largestEigenvalue - jacobi.largestEigenvalue) <= 1e-12 * jacobi.largestEigenvalue)
      #expect(fast.stiffestRow == jacobi.stiffestRow)
    }
  }
}
