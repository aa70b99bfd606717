import Autodiff
import Calculus
import Foundation
import Testing

/// `Expression.build(on:variables:)`: the tape computes the evaluator's values and the symbolic
/// derivative's gradients, for every function and for powers of each kind.
@Suite struct ExpressionBuildingTests {
  @Test(arguments: ExpressionFunction.allCases)
  func everyFunctionOnTheTape(function: ExpressionFunction) throws {
    let f = try parsed("\(function.rawValue)(x*y - 0.5)")
    for (x, y) in [(1.3, 0.9), (0.2, -1.5), (2.0, 1.7)] {
      let point = ["x": x, "y": y]
      guard let expected = try? f.evaluate(at: point) else { continue }
      let (value, gradients) = valueWithGradient(at: [Tensor(x), Tensor(y)]) { inputs in
        f.build(on: inputs[0].tape, variables: ["x": inputs[0], "y": inputs[1]])
      }
      #expect(value == expected, "\(function) at \(point)")
      for (gradient, name) in zip(gradients, ["x", "y"]) {
        let symbolic = try f.derivative(withRespectTo: name).evaluate(at: point)
        #expect(isClose(gradient.scalar, symbolic, tolerance: 1e-15), "∂\(function)/∂\(name) at \(point)")
      }
    }
  }

  /// A variable-free exponent (even x^(4/2) at x < 0) is the primitive xᵖ; 2^x is e^(x·ln 2).
  @Test(
    arguments: [
      ("x^3", -1.5, 3 * 2.25), ("x^(4/2)", -3, -6), ("x^0", 0, 0),
      ("2^x", 1.5, 2 * 2.0.squareRoot() * Foundation.log(2)),
    ] as [(String, Double, Double)])
  func powers(text: String, x: Double, derivative: Double) throws {
    let f = try parsed(text)
    let (value, gradient) = valueWithGradient(at: Tensor(x)) { f.build(on: $0.tape, variables: ["x": $0]) }
    #expect(isClose(value, try f.evaluate(at: ["x": x]), tolerance: 1e-15))
    #expect(isClose(gradient.scalar, derivative, tolerance: 1e-15))
  }
}
