import Foundation
import Testing

@testable import Autodiff

@Suite struct GradientCheckTests {
  /// A smooth function with sizeable higher derivatives: Σ exp(x) ⊙ W + Σ x³.
  static func smooth(_ x: Variable) -> Variable {
    Fixtures.projected(exp(x), seed: 4) + pow(x, 3).sum()
  }

  @Test func theStepSweepShowsTruncationFallThenRoundOffRise() {
    let report = GradientCheck().run(at: Fixtures.normal([3, 4], seed: 4), of: Self.smooth)
    #expect(report.rows.map(\.h) == [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8])
    #expect(report.checkedEntries == 12)
    let error = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.h, $0.maxAbsError) })
    let (coarse, middle, fine) = (error[1e-2] ?? 0, error[1e-5] ?? .infinity, error[1e-8] ?? 0)
    // Truncation error ∝ h² dominates at 1e-2 (≈ 1e-4), round-off ∝ ε/h at 1e-8 (≈ 1e-8).
    #expect(middle < coarse)
    #expect(middle < fine)
    #expect(middle < 1e-8)
  }

  @Test func aDisagreementIsReported() {
    // At the kink of relu autodiff says 0 (as micrograd), the central difference (h − 0)/2h says ½.
    let report = GradientCheck(stepSizes: [1e-3, 1e-6]).run(at: Tensor(shape: [1], scalars: [0])) { relu($0).sum() }
    #expect(report.rows.map(\.maxAbsError) == [0.5, 0.5])
    #expect(report.rows.map(\.maxRelError) == [1, 1])
  }

  @Test func largeParametersAreSampledWithoutRepeats() {
    var evaluated: [Int] = []
    let check = GradientCheck(stepSizes: [1e-5], maxEntries: 10, seed: 3)
    let parameters = [Fixtures.normal([3], seed: 1), Fixtures.normal([20, 30], seed: 2)]
    let report = check.run(at: parameters) { p in
      // Record which entry of the big parameter differs from its original (one at a time).
      let probed = p[1].value.scalars
      if let changed = probed.indices.first(where: { probed[$0] != parameters[1].scalars[$0] }) {
        evaluated.append(changed)
      }
      return (p[0] * p[0]).sum() + Fixtures.projected(p[1], seed: 2)
    }
    #expect(report.checkedEntries == 3 + 10)
    #expect(report.rows[0].maxRelError < Fixtures.relativeTolerance)
    // Each sampled entry is evaluated twice (above and below), and ten distinct ones are sampled.
    #expect(evaluated.count == 20)
    #expect(Set(evaluated).count == 10)
    #expect(check.run(at: parameters) { ($0[0] * $0[0]).sum() + Fixtures.projected($0[1], seed: 2) } == report)
  }

  @Test func reportsRoundTripThroughJSON() throws {
    let report = GradientCheck(stepSizes: [1e-3]).run(at: Tensor(shape: [2], scalars: [1, 2])) { pow($0, 2).sum() }
    let data = try JSONEncoder().encode(report)
    let text = String(decoding: data, as: UTF8.self)
    #expect(["\"h\"", "\"maxAbsError\"", "\"maxRelError\"", "\"rows\""].allSatisfy(text.contains))
    #expect(try JSONDecoder().decode(GradientCheck.Report.self, from: data) == report)
  }
}
