import Autodiff
import Calculus
import Foundation
import Testing

/// `Expression.derivative(withRespectTo:)`: the design doc's example, closed forms, central
/// differences, simplification, and the deepest legal expressions.
@Suite struct ExpressionDerivativeTests {
  @Test func theDesignDocExample() throws {
    let f = try parsed("x^2 + 3*y")
    #expect(f.derivative(withRespectTo: "x") == .product(2, .variable("x")))
    #expect(f.derivative(withRespectTo: "y") == 3)
    #expect(f.derivative(withRespectTo: "z") == 0)
    #expect(f.derivative(withRespectTo: "x").derivative(withRespectTo: "x") == 2)
  }

  @Test func everyFunctionsDerivativeMatchesItsClosedForm() throws {
    let closedForms: [ExpressionFunction: (Double) -> Double] = [
      .exp: { Foundation.exp($0) }, .log: { 1 / $0 }, .sqrt: { 0.5 / Foundation.sqrt($0) },
      .tanh: { 1 / (Foundation.cosh($0) * Foundation.cosh($0)) },
      .sigmoid: { Foundation.exp(-$0) / ((1 + Foundation.exp(-$0)) * (1 + Foundation.exp(-$0))) },
      .relu: { $0 > 0 ? 1 : 0 }, .sin: { Foundation.cos($0) }, .cos: { -Foundation.sin($0) },
      .abs: { $0 > 0 ? 1 : -1 }, .sign: { _ in 0 }, .heaviside: { _ in 0 },
    ]
    #expect(Set(closedForms.keys) == Set(ExpressionFunction.allCases))
    for (function, closedForm) in closedForms {
      let f = try parsed("\(function.rawValue)(x)")
      let derivative = f.derivative(withRespectTo: "x")
      for x in [-2.5, -0.3, 0.2, 0.7, 3.1] where (function != .log && function != .sqrt) || x > 0 {
        let exact = try derivative.evaluate(at: ["x": x])
        #expect(isClose(exact, closedForm(x), tolerance: 1e-14), "\(function)′(\(x))")
        let numeric = try centralDifference(step: 1e-6, { try f.evaluate(at: ["x": $0]) }, at: x)
        #expect(isClose(exact, numeric, tolerance: 1e-8), "\(function)′(\(x)) vs central difference")
      }
    }
  }

  @Test func kinksTakeTheSubgradientZero() throws {
    for text in ["abs(x)", "relu(x)", "sign(x)", "heaviside(x)"] {
      #expect(try parsed(text).derivative(withRespectTo: "x").evaluate(at: ["x": 0]) == 0, "\(text)")
    }
  }

  @Test(arguments: [
    "x*y + sin(x*y)/y", "exp(-x^2)*cos(3*y)", "sigmoid(w*x + b)", "log(1 + x^2) - sqrt(x^2 + y^2)",
    "x^y", "tanh(x)^3/(1 + abs(y))", "(x - y)/(x + y)", "2^x*x^2", "relu(x - y)^2 + abs(x*y)",
    "y^-2 + x^-1.5", "-x^2*y/(1 + exp(x))", "sqrt(x)^y",
  ])
  func gradientsAndHessiansMatchCentralDifferences(text: String) throws {
    let f = try parsed(text)
    var generator = SplitMix64(seed: 7)
    for _ in 0..<5 {
      // Positive coordinates keep x^y and sqrt defined; abs and relu stay away from their kinks.
      var point: [String: Double] = [:]
      for name in f.variables { point[name] = 0.3 + 1.7 * generator.nextDouble() }
      for name in f.variables {
        let partial = f.derivative(withRespectTo: name)
        let numeric = try centralDifference(
          step: 1e-6, { try f.evaluate(at: point.merging([name: $0]) { $1 }) }, at: point[name] ?? 0)
        #expect(isClose(try partial.evaluate(at: point), numeric, tolerance: 1e-7), "∂(\(text))/∂\(name) at \(point)")
        for other in f.variables {
          let second = partial.derivative(withRespectTo: other)
          let numericSecond = try centralDifference(
            step: 1e-5, { try partial.evaluate(at: point.merging([other: $0]) { $1 }) }, at: point[other] ?? 0)
          #expect(
            isClose(try second.evaluate(at: point), numericSecond, tolerance: 1e-6),
            "∂²(\(text))/∂\(name)∂\(other) at \(point)")
          let mixed = f.derivative(withRespectTo: other).derivative(withRespectTo: name)
          #expect(isClose(try second.evaluate(at: point), try mixed.evaluate(at: point), tolerance: 1e-12))
        }
      }
    }
  }

  @Test(arguments: [
    ("sin(x)", "cos(x)"), ("cos(x)", "-sin(x)"), ("x^3", "3*x^2"), ("exp(2*x)", "exp(2*x)*2"),
    ("log(x)", "1/x"), ("3*y + 4", "0"), ("x*y", "y"), ("x/4", "0.25"), ("-x", "-1"),
    ("2^x", "2^x*\(Foundation.log(2.0))"),
    ("abs(x)", "sign(x)"), ("relu(x)", "heaviside(x)"), ("x - x", "0"),
  ])
  func derivativesAreLightlySimplified(text: String, derivative: String) throws {
    #expect(try parsed(text).derivative(withRespectTo: "x").description == derivative)
  }

  @Test func foldingKeepsUndefinedConstants() throws {
    // 1/0 must stay an expression so evaluating the derivative still reports the division.
    let derivative = try parsed("x/0").derivative(withRespectTo: "x")
    #expect(derivative == .quotient(1, 0))
    #expect(throws: Expression.EvaluationError.self) { try derivative.evaluate(at: ["x": 1]) }
  }

  /// The deepest chains of calls the parser accepts, differentiated: the recursion stays shallow
  /// enough for a test thread, the values match central differences, and the derivative prints
  /// in a form that parses back (it is deeper than the parser would accept, so compare values).
  @Test(arguments: [("sin(", 1), ("exp(-", 2), ("sqrt(1 + ", 2)])
  func theDeepestLegalChainsDifferentiate(unit: String, levelsPerUnit: Int) throws {
    let units = (Expression.maximumDepth - 1) / levelsPerUnit
    let f = try parsed(String(repeating: unit, count: units) + "x" + String(repeating: ")", count: units))
    let derivative = f.derivative(withRespectTo: "x")
    let numeric = try centralDifference(step: 1e-6, { try f.evaluate(at: ["x": $0]) }, at: 0.5)
    #expect(isClose(try derivative.evaluate(at: ["x": 0.5]), numeric, tolerance: 1e-8))
    #expect(derivative.description.count > f.description.count)
  }

  /// The deepest product chain, x·x·…·x = x²⁰⁰: ∂/∂x = 200·x¹⁹⁹.
  @Test func theDeepestLegalProductDifferentiates() throws {
    let n = Expression.maximumDepth
    let f = try parsed(String(repeating: "x*", count: n - 1) + "x")
    let x = 1.01
    let exact = Double(n) * Foundation.pow(x, Double(n - 1))
    #expect(isClose(try f.derivative(withRespectTo: "x").evaluate(at: ["x": x]), exact, tolerance: 1e-12))
  }
}
