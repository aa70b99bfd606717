import Foundation
import Testing

@testable import Autodiff

@Suite struct TaylorCheckTests {
  @Test func aQuadraticLeavesExactlyEpsilonSquaredTimesTheDirectionsNorm() {
    // f = Σ x²: f(x + εd) − f(x) − ε⟨2x, d⟩ = ε²|d|², so error/ε² = |d|² at every ε.
    let x = Fixtures.normal([3, 2], seed: 1)
    let d = Fixtures.normal([3, 2], seed: 2)
    let report = TaylorCheck().run(at: x, along: d) { ($0 * $0).sum() }
    let squaredNorm = d.dot(d)
    #expect(report.rows.map(\.epsilon) == [1, 1e-1, 1e-2, 1e-3, 1e-4])
    #expect(abs(report.directionalDerivative - 2 * x.dot(d)) < 1e-12)
    for row in report.rows {
      #expect(abs(row.errorOverEpsilonSquared - squaredNorm) < 1e-5 * squaredNorm, "ε = \(row.epsilon)")
      #expect(row.error == row.value - row.linear)
    }
  }

  @Test func errorOverEpsilonSquaredSettlesOnHalfTheCurvature() {
    // f = Σ eˣ: the error is ½ε² Σ eˣⁱ dᵢ² + O(ε³).
    let x = Fixtures.normal([4], seed: 3)
    let d = Fixtures.normal([4], seed: 4)
    let report = TaylorCheck().run(at: [x], along: [d]) { exp($0[0]).sum() }
    let exponentials = Tensor(shape: [4], scalars: x.scalars.map { Foundation.exp($0) })
    let halfCurvature = 0.5 * (exponentials * d).dot(d)
    #expect(abs(report.value - exponentials.sum()) < 1e-12)
    #expect(abs(report.directionalDerivative - exponentials.dot(d)) < 1e-12)
    let ratios = report.rows.map(\.errorOverEpsilonSquared)
    // The O(ε) correction shrinks tenfold per row: off by ≲ 10% at ε = 0.1, ≲ 0.1% at 1e-3.
    #expect(abs(ratios[1] - halfCurvature) < 0.2 * halfCurvature)
    #expect(abs(ratios[3] - halfCurvature) < 2e-3 * halfCurvature)
  }

  @Test func reportsRoundTripThroughJSON() throws {
    let report = TaylorCheck(epsilons: [0.5]).run(at: Tensor(1), along: Tensor(1)) { tanh($0) }
    let data = try JSONEncoder().encode(report)
    let text = String(decoding: data, as: UTF8.self)
    #expect(["\"epsilon\"", "\"linear\"", "\"error\"", "\"errorOverEpsilonSquared\""].allSatisfy(text.contains))
    #expect(try JSONDecoder().decode(TaylorCheck.Report.self, from: data) == report)
  }
}
