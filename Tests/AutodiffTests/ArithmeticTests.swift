import Autodiff
import Testing

@Suite struct ArithmeticTests {
  enum Operator: String, CaseIterable, Sendable {
    case add, subtract, multiply, divide

    func callAsFunction(_ a: Variable, _ b: Variable) -> Variable {
      switch self {
      case .add: a + b
      case .subtract: a - b
      case .multiply: a * b
      case .divide: a / b
      }
    }
  }

  /// 1×1, equal shapes (square and not), a row as [n] and [1, n], a column, a scalar as rank 0
  /// and as one element, each on either side, and a column against a row.
  static let shapePairs: [[[Int]]] = [
    [[1, 1], [1, 1]], [[3, 4], [3, 4]], [[5], [5]], [[3, 4], [4]], [[3, 4], [1, 4]], [[3, 4], [3, 1]],
    [[3, 4], []], [[2, 3], [1]], [[4], [3, 4]], [[1, 4], [3, 4]], [[3, 1], [3, 4]], [[], [2, 3]],
    [[3, 1], [1, 4]],
  ]

  @Test(arguments: Operator.allCases, shapePairs)
  func gradientsMatchFiniteDifferences(operation: Operator, shapes: [[Int]]) {
    for seed in Fixtures.seeds {
      let a = Fixtures.normal(shapes[0], seed: seed)
      // Denominators stay in [0.5, 1.5) so the quotient is smooth where it is probed.
      let b =
        operation == .divide
        ? Fixtures.positive(shapes[1], seed: seed + 100) : Fixtures.normal(shapes[1], seed: seed + 100)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [a, b]) { p in
        Fixtures.projected(operation(p[0], p[1]), seed: seed)
      }
    }
  }

  @Test func closedFormsAtAPoint() {
    let point = [Tensor(3), Tensor(4)]
    #expect(valueWithGradient(at: point) { $0[0] + $0[1] }.gradients == [Tensor(1), Tensor(1)])
    #expect(valueWithGradient(at: point) { $0[0] - $0[1] }.gradients == [Tensor(1), Tensor(-1)])
    #expect(valueWithGradient(at: point) { $0[0] * $0[1] }.gradients == [Tensor(4), Tensor(3)])
    // d(a/b)/da = 1/b = 0.25, d(a/b)/db = −a/b² = −3/16.
    #expect(valueWithGradient(at: point) { $0[0] / $0[1] }.gradients == [Tensor(0.25), Tensor(-3.0 / 16)])
  }

  @Test func aBroadcastOperandsGradientSumsOverTheRepeatedAxis() {
    let matrix = Tensor(zeros: [2, 3])
    let f: ([Variable]) -> Variable = { ($0[0] + $0[1]).sum() }
    #expect(
      valueWithGradient(at: [matrix, Tensor(zeros: [3])], of: f).gradients[1] == Tensor(repeating: 2, shape: [3]))
    #expect(valueWithGradient(at: [matrix, Tensor(zeros: [2, 1])], of: f).gradients[1] == Tensor(rows: [[3], [3]]))
    #expect(valueWithGradient(at: [matrix, Tensor(0)], of: f).gradients[1] == Tensor(6))
  }

  @Test func aConstantOperandGetsNoGradientButPassesItsValue() {
    let (value, gradient) = valueWithGradient(at: Tensor(shape: [2], scalars: [1, 2])) { x in
      (x * x.tape.constant(Tensor(shape: [2], scalars: [5, 7]))).sum()
    }
    #expect(value == 19)
    #expect(gradient.scalars == [5, 7])
  }

  @Test func operandsFromDifferentTapesAreAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      var other: Variable?
      _ = valueWithGradient(at: Tensor(1)) { x in
        other = x
        return x
      }
      _ = valueWithGradient(at: Tensor(1)) { x in
        guard let other else { return x }
        return x + other
      }
    }
  }
}
