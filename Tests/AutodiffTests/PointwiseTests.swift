import Foundation
import Testing

@testable import Autodiff

@Suite struct PointwiseTests {
  enum Function: String, CaseIterable, Sendable {
    case exp, log, tanh, relu, square, cube, squareRoot, reciprocal, sin, cos, sqrt, abs, sigmoid

    func callAsFunction(_ x: Variable) -> Variable {
      switch self {
      case .exp: Autodiff.exp(x)
      case .log: Autodiff.log(x)
      case .tanh: Autodiff.tanh(x)
      case .relu: Autodiff.relu(x)
      case .square: pow(x, 2)
      case .cube: pow(x, 3)
      case .squareRoot: pow(x, 0.5)
      case .reciprocal: pow(x, -1)
      case .sin: Autodiff.sin(x)
      case .cos: Autodiff.cos(x)
      case .sqrt: Autodiff.sqrt(x)
      case .abs: Autodiff.abs(x)
      case .sigmoid: Autodiff.sigmoid(x)
      }
    }

    /// Whether the function needs positive inputs.
    var needsPositiveInputs: Bool { [.log, .squareRoot, .reciprocal, .sqrt].contains(self) }
  }

  @Test(arguments: Function.allCases, [[1, 1], [3, 4], [4, 3], [6], []])
  func gradientsMatchFiniteDifferences(function: Function, shape: [Int]) {
    for seed in Fixtures.seeds {
      let x = function.needsPositiveInputs ? Fixtures.positive(shape, seed: seed) : Fixtures.normal(shape, seed: seed)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) { Fixtures.projected(function($0[0]), seed: seed) }
    }
  }

  /// d/dx f at x: the derivative of f at a scalar point by autodiff.
  func derivative(at x: Double, of f: (Variable) -> Variable) -> Double {
    valueWithGradient(at: Tensor(x), of: f).gradient.scalar
  }

  @Test func derivativesAtKnownPoints() {
    #expect(derivative(at: 3) { pow($0, 2) } == 6)
    #expect(derivative(at: 3) { $0 * $0 } == 6)
    #expect(derivative(at: 2) { pow($0, 3) } == 12)
    #expect(derivative(at: 4) { pow($0, 0.5) } == 0.25)
    #expect(derivative(at: 2) { pow($0, -1) } == -0.25)
    #expect(derivative(at: 0) { exp($0) } == 1)
    #expect(abs(derivative(at: 1) { exp($0) } - M_E) < 1e-15)
    #expect(derivative(at: 2) { log($0) } == 0.5)
    #expect(derivative(at: 0) { tanh($0) } == 1)
    // tanh′ = sech² x = 4 / (eˣ + e⁻ˣ)².
    let sech = 2 / (Foundation.exp(0.5) + Foundation.exp(-0.5))
    #expect(abs(derivative(at: 0.5) { tanh($0) } - sech * sech) < 1e-15)
    #expect(derivative(at: 2) { relu($0) } == 1)
    #expect(derivative(at: -1) { relu($0) } == 0)
    #expect(derivative(at: 0) { relu($0) } == 0)
    #expect(derivative(at: 0) { sin($0) } == 1)
    #expect(derivative(at: .pi / 3) { cos($0) } == -Foundation.sin(.pi / 3))
    #expect(derivative(at: 4) { sqrt($0) } == 0.25)
    #expect(derivative(at: -2) { abs($0) } == -1)
    #expect(derivative(at: 0) { abs($0) } == 0)
    #expect(derivative(at: 0) { sigmoid($0) } == 0.25)
    // σ′(x) = e⁻ˣ/(1 + e⁻ˣ)².
    let e = Foundation.exp(-1.5)
    #expect(abs(derivative(at: 1.5) { sigmoid($0) } - e / ((1 + e) * (1 + e))) < 1e-16)
  }

  @Test func valuesAtKnownPoints() {
    let x = Tensor(shape: [3], scalars: [-1, 0, 2])
    #expect(value(at: x) { relu($0).sum() } == 2)
    #expect(value(at: x) { pow($0, 2).sum() } == 5)
    #expect(value(at: Tensor(1)) { log(exp($0)) } == 1)
    #expect(value(at: x) { abs($0).sum() } == 3)
    #expect(value(at: Tensor(2)) { sqrt($0) } == 2.squareRoot())
    #expect(value(at: Tensor(-1000)) { sigmoid($0) } == 0)
    #expect(value(at: Tensor(.pi / 2)) { sin($0) + cos($0) } == 1 + Foundation.cos(.pi / 2))
  }
}
