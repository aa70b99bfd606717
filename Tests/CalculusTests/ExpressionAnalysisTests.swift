import Autodiff
import Foundation
import Testing

@testable import Calculus

/// `DerivativeAnalysis`: the design doc's example exactly, Hessians and Newton steps against
/// closed forms and finite differences, the Taylor table, and points where things do not exist.
@Suite struct DerivativeAnalysisTests {
  @Test func theDesignDocExample() throws {
    let analysis = try DerivativeAnalysis(of: parsed("x^2 + 3*y"), at: ["x": 2, "y": 5])
    #expect(analysis.expression == "x^2 + 3*y")
    #expect(analysis.variables == ["x", "y"])
    #expect(analysis.point == [2, 5])
    #expect(analysis.value == 19)
    #expect(analysis.partialDerivatives == ["2*x", "3"])
    #expect(analysis.gradient == [4, 3])
    #expect(analysis.gradientNorm == 5)
    #expect(analysis.gradientDirection == [0.8, 0.6])
    #expect(analysis.finiteDifferenceSteps == [1e-6 * 2, 1e-6 * 5])
    #expect(try #require(analysis.finiteDifferenceMaxAbsError) < 1e-8)
    #expect(analysis.hessian == [[2, 0], [0, 0]])
    #expect(analysis.hessianIssue == nil)
    // H is singular (f is linear in y), so there is no Newton step.
    #expect(analysis.newtonStep == nil)
    #expect(analysis.taylor == nil)
  }

  @Test(arguments: [
    "x*y + sin(x*y)/y", "exp(-x^2)*cos(3*y)", "sigmoid(w*x + b)", "log(1 + x^2) - sqrt(x^2 + y^2)", "x^y",
    "tanh(x)^3/(1 + abs(y))", "(x - y)/(x + y)", "2^x*x^2", "relu(x - y)^2 + abs(x*y)", "sqrt(x)^y",
  ])
  func autodiffAgreesWithSymbolicAndFiniteDifferences(text: String) throws {
    let f = try parsed(text)
    var generator = SplitMix64(seed: 11)
    for _ in 0..<3 {
      // Coordinates in [0.3, 2] with x ≥ y + 0.2 keep powers defined and relu/abs off their kinks.
      var point = Dictionary(uniqueKeysWithValues: f.variables.map { ($0, 0.3 + 1.7 * generator.nextDouble()) })
      if let y = point["y"] { point["x"] = y + 0.2 + generator.nextDouble() }
      let analysis = try DerivativeAnalysis(of: f, at: point)
      let hessian = try #require(analysis.hessian)
      for (i, name) in f.variables.enumerated() {
        let partial = f.derivative(withRespectTo: name)
        #expect(isClose(analysis.gradient[i], try partial.evaluate(at: point), tolerance: 1e-13), "∂/∂\(name)")
        for (j, other) in f.variables.enumerated() {
          let second = try partial.derivative(withRespectTo: other).evaluate(at: point)
          #expect(isClose(hessian[i][j], second, tolerance: 1e-12), "∂²/∂\(name)∂\(other)")
          // Hessian column j from central differences of the autodiff gradient.
          let numeric = try centralDifference(
            step: 1e-5,
            { try DerivativeAnalysis(of: f, at: point.merging([other: $0]) { $1 }).gradient[i] },
            at: point[other] ?? 0)
          #expect(isClose(hessian[i][j], numeric, tolerance: 1e-6), "\(text): H[\(i)][\(j)] vs differences")
        }
      }
      #expect(try #require(analysis.finiteDifferenceMaxAbsError) < 1e-7)
    }
  }

  @Test func newtonLandsOnTheMinimumOfAConvexQuadraticInOneStep() throws {
    // ∇f = (6x + 2y − 4, 2x + 4y + 1) = 0 at (0.9, −0.7); H = [[6, 2], [2, 4]] is positive definite.
    let f = try parsed("3*x^2 + 2*x*y + 2*y^2 - 4*x + y + 7")
    for start in [(0.0, 0.0), (5.0, -3.0), (-100.0, 42.0)] {
      let analysis = try DerivativeAnalysis(of: f, at: ["x": start.0, "y": start.1])
      let step = try #require(analysis.newtonStep)
      #expect(isClose(start.0 + step[0], 0.9, tolerance: 1e-12) && isClose(start.1 + step[1], -0.7, tolerance: 1e-12))
      let there = try DerivativeAnalysis(of: f, at: ["x": start.0 + step[0], "y": start.1 + step[1]])
      #expect(there.gradientNorm < 1e-10)
    }
  }

  @Test func newtonNeedsPivotingAndSpotsSingularHessians() throws {
    // H = [[0, 1], [1, 0]]: the first pivot is 0, so only a row swap solves it; the step to the
    // saddle of x·y at (0, 0) is (−x, −y).
    let saddle = try DerivativeAnalysis(of: parsed("x*y"), at: ["x": 3, "y": -2])
    #expect(saddle.newtonStep == [-3, 2])
    #expect(GaussianElimination.solve([[1, 2], [2, 4 + 1e-13]], [1, 1]) == nil)
    #expect(GaussianElimination.solve([[0, 0], [0, 0]], [1, 1]) == nil)
    #expect(GaussianElimination.solve([[2, 1, 1], [4, -6, 0], [-2, 7, 2]], [5, -2, 9]) == [1, 1, 2])
  }

  @Test func taylorErrorOverEpsilonSquaredSettlesAtHalfTheCurvature() throws {
    let (x, y, d) = (0.3, 0.7, [1.0, -2.0])
    let analysis = try DerivativeAnalysis(
      of: parsed("exp(x)*sin(y) + x*y^2"), at: ["x": x, "y": y], along: ["x": d[0], "y": d[1]])
    let taylor = try #require(analysis.taylor)
    // The closed-form Hessian of eˣ sin y + x y².
    let h = [
      [Foundation.exp(x) * Foundation.sin(y), Foundation.exp(x) * Foundation.cos(y) + 2 * y],
      [Foundation.exp(x) * Foundation.cos(y) + 2 * y, -Foundation.exp(x) * Foundation.sin(y) + 2 * x],
    ]
    let half = 0.5 * (d[0] * d[0] * h[0][0] + 2 * d[0] * d[1] * h[0][1] + d[1] * d[1] * h[1][1])
    #expect(isClose(try #require(taylor.halfCurvature), half, tolerance: 1e-13))
    #expect(taylor.rows.map(\.epsilon) == [1, 1e-1, 1e-2, 1e-3, 1e-4])
    let ratios = taylor.rows.compactMap(\.firstOrderErrorOverEpsilonSquared)
    #expect(ratios.count == 5)
    // The gap to ½dᵀHd shrinks like ε (the cubic term) until round-off.
    #expect(abs(ratios[3] - half) < 1e-2 * abs(half))
    #expect(abs(ratios[3] - half) < abs(ratios[1] - half))
    let cubic = taylor.rows.compactMap(\.secondOrderErrorOverEpsilonCubed)
    #expect(abs(cubic[3] - cubic[2]) < 0.05 * abs(cubic[2]), "error/ε³ settles: \(cubic)")
    for row in taylor.rows {
      #expect(row.firstOrder == analysis.value + row.epsilon * taylor.slope)
      #expect(row.firstOrderError == (row.value ?? .nan) - row.firstOrder)
    }
  }

  @Test func undefinedThingsAreSaidInWords() throws {
    let logError = #expect(throws: DerivativeAnalysisError.self) {
      try DerivativeAnalysis(of: parsed("log(x)"), at: ["x": -1])
    }
    #expect(logError?.description.contains("log(x) needs x > 0, but x = -1") == true)

    let sqrtError = #expect(throws: DerivativeAnalysisError.self) {
      try DerivativeAnalysis(of: parsed("sqrt(x)"), at: ["x": 0])
    }
    guard case .undefinedGradient(let variable, let reason) = sqrtError else {
      Issue.record("expected an undefined gradient, got \(String(describing: sqrtError))")
      return
    }
    #expect(variable == "x" && reason.contains("2*sqrt(x) ≠ 0"))

    // x^y at x < 0 has a value for whole y, but no derivative along y.
    let powerError = #expect(throws: DerivativeAnalysisError.self) {
      try DerivativeAnalysis(of: parsed("x^y"), at: ["x": -2, "y": 2])
    }
    #expect(powerError?.description.contains("log(x) needs x > 0") == true)

    let unknown = #expect(throws: DerivativeAnalysisError.self) {
      try DerivativeAnalysis(of: parsed("x + y"), at: ["x": 1, "y": 2, "z": 3])
    }
    #expect(unknown == .unknownVariable(name: "z", variables: ["x", "y"]))
    #expect(throws: DerivativeAnalysisError.invalidDirection(reason: "is zero")) {
      try DerivativeAnalysis(of: parsed("x"), at: ["x": 1], along: ["x": 0])
    }
  }

  @Test func partialResultsWhereOnlyHigherDerivativesFail() throws {
    // x^1.5 at 0: value 0, gradient 0, but the second derivative 0.75·x^-0.5 is infinite.
    let power = try DerivativeAnalysis(of: parsed("x^1.5"), at: ["x": 0])
    #expect(power.value == 0 && power.gradient == [0])
    #expect(power.hessian == nil && power.newtonStep == nil)
    #expect(power.hessianIssue?.contains("needs x ≠ 0") == true)

    // √x just right of 0: the probe x − h is negative.
    let root = try DerivativeAnalysis(of: parsed("sqrt(x)"), at: ["x": 1e-7])
    #expect(root.finiteDifferenceGradient == nil && root.finiteDifferenceMaxAbsError == nil)
    #expect(root.finiteDifferenceIssue?.contains("sqrt(x) needs x ≥ 0") == true)

    // log x from 0.5 along −1: the step ε = 1 lands at −0.5.
    let log = try DerivativeAnalysis(of: parsed("log(x)"), at: ["x": 0.5], along: ["x": -1])
    let rows = try #require(log.taylor?.rows)
    #expect(rows[0].value == nil && rows[0].firstOrderError == nil)
    #expect(rows[0].issue?.contains("log(x) needs x > 0") == true)
    #expect(rows.dropFirst().allSatisfy { $0.value != nil && $0.issue == nil })
  }

  /// The deepest legal chain: its symbolic derivative, three times as deep, goes on the tape for
  /// the Hessian without exhausting a test thread's stack.
  @Test func theDeepestLegalChain() throws {
    let units = (Expression.maximumDepth - 1) / 2
    let f = try parsed(String(repeating: "sqrt(1 + ", count: units) + "x" + String(repeating: ")", count: units))
    let analysis = try DerivativeAnalysis(of: f, at: ["x": 0.5], along: ["x": 1])
    let first = f.derivative(withRespectTo: "x")
    let second = try centralDifference(step: 1e-5, { try first.evaluate(at: ["x": $0]) }, at: 0.5)
    #expect(isClose(try #require(analysis.hessian)[0][0], second, tolerance: 1e-8))
    #expect(try #require(analysis.finiteDifferenceMaxAbsError) < 1e-9)

    // x·x·…·x = x²⁰⁰, whose exact Hessian is 200·199·x¹⁹⁸.
    let n = Expression.maximumDepth
    let power = try DerivativeAnalysis(of: parsed(String(repeating: "x*", count: n - 1) + "x"), at: ["x": 1.01])
    let exact = Double(n * (n - 1)) * Foundation.pow(1.01, Double(n - 2))
    #expect(isClose(try #require(power.hessian)[0][0], exact, tolerance: 1e-12))
  }

  @Test func constantsAndRoundTrips() throws {
    let constant = try DerivativeAnalysis(of: parsed("2 + 3*4"), at: [:])
    #expect(constant.value == 14 && constant.gradient.isEmpty && constant.gradientDirection == nil)
    #expect(constant.hessian == [] && constant.newtonStep == [])

    let analysis = try DerivativeAnalysis(
      of: parsed("x^2*y + relu(y)"), at: ["x": 1, "y": 2], along: ["x": 1])
    let data = try JSONEncoder().encode(analysis)
    #expect(try JSONDecoder().decode(DerivativeAnalysis.self, from: data) == analysis)
    #expect(analysis.taylor?.direction == [1, 0])
  }
}
