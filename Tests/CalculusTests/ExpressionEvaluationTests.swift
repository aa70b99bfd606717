import Autodiff
import Calculus
import Foundation
import Testing

/// `Expression.evaluate(at:)`: values against closed forms, and domain errors said in words.
@Suite struct ExpressionEvaluationTests {
  @Test func everyFunctionMatchesItsClosedForm() throws {
    let closedForms: [ExpressionFunction: (Double) -> Double] = [
      .exp: { Foundation.exp($0) }, .log: { Foundation.log($0) }, .sqrt: { Foundation.sqrt($0) },
      .tanh: { Foundation.sinh($0) / Foundation.cosh($0) }, .sigmoid: { 1 / (1 + Foundation.exp(-$0)) },
      .relu: { Swift.max(0, $0) }, .sin: { Foundation.sin($0) }, .cos: { Foundation.cos($0) },
      .abs: { Swift.abs($0) }, .sign: { $0 == 0 ? 0 : $0 / Swift.abs($0) }, .heaviside: { $0 > 0 ? 1 : 0 },
    ]
    #expect(Set(closedForms.keys) == Set(ExpressionFunction.allCases))
    for (function, closedForm) in closedForms {
      for x in [-2.5, -0.3, 0, 0.7, 3.1] where function.rawValue != "log" || x > 0 {
        guard function != .sqrt || x >= 0 else { continue }
        let value = try parsed("\(function.rawValue)(x)").evaluate(at: ["x": x])
        #expect(isClose(value, closedForm(x), tolerance: 1e-15), "\(function)(\(x))")
      }
    }
  }

  @Test func sigmoidIsStableFarFromZero() throws {
    let sigmoid = try parsed("sigmoid(x)")
    #expect(try sigmoid.evaluate(at: ["x": -1000]) == 0)
    #expect(try sigmoid.evaluate(at: ["x": 1000]) == 1)
    #expect(
      isClose(try sigmoid.evaluate(at: ["x": -30]), Foundation.exp(-30) / (1 + Foundation.exp(-30)), tolerance: 1e-15))
  }

  @Test func aCompositeExpression() throws {
    let f = try parsed("x^2 + 3*y - exp(-x*y)/sqrt(abs(y))")
    let (x, y) = (1.5, -2.0)
    let expected = x * x + 3 * y - Foundation.exp(-x * y) / Foundation.sqrt(Swift.abs(y))
    #expect(isClose(try f.evaluate(at: ["x": x, "y": y]), expected, tolerance: 1e-15))
    #expect(try parsed("(-2)^3").evaluate(at: [:]) == -8)
    #expect(try parsed("0^0").evaluate(at: [:]) == 1)
  }

  @Test func domainErrorsNameThePartAndTheValue() throws {
    let error = #expect(throws: Expression.EvaluationError.self) { try parsed("log(x)").evaluate(at: ["x": -2]) }
    #expect(error == .outsideDomain(expression: "log(x)", requirement: "x > 0", argument: "x", value: -2))
    #expect(error?.description == "log(x) needs x > 0, but x = -2 at this point")

    let cases: [(String, [String: Double], String)] = [
      ("log(x - 1)", ["x": 1], "log(x - 1) needs x - 1 > 0, but x - 1 = 0"),
      ("1 + sqrt(x*y)", ["x": 2, "y": -0.5], "sqrt(x*y) needs x*y ≥ 0, but x*y = -1"),
      ("y/(x - 1)", ["x": 1, "y": 2], "y/(x - 1) needs x - 1 ≠ 0, but x - 1 = 0"),
      ("x^0.5", ["x": -4], "x^0.5 needs x ≥ 0 (or a whole-number exponent), but x = -4"),
      ("x^-1", ["x": 0], "x^-1 needs x ≠ 0 (the exponent is negative), but x = 0"),
      ("exp(x)", ["x": 1000], "exp(x) overflows"),
      ("x*y", ["x": 1e200, "y": 1e200], "x*y overflows"),
      ("x + z", ["x": 1], "the variable z has no value"),
      ("x", ["x": .nan], "the variable x is nan"),
    ]
    for (text, point, message) in cases {
      let error = #expect(throws: Expression.EvaluationError.self) { try parsed(text).evaluate(at: point) }
      #expect(error?.description.hasPrefix(message) == true, "\(text): \(error?.description ?? "no error")")
    }
  }

  @Test func theFirstProblemFromTheLeftIsReported() throws {
    let error = #expect(throws: Expression.EvaluationError.self) {
      try parsed("log(x) + sqrt(x)").evaluate(at: ["x": -1])
    }
    #expect(error?.description.hasPrefix("log(x)") == true)
  }
}
