import Autodiff
import Testing

@Suite struct AffineTests {
  static let conveniences: [(name: String, apply: @Sendable (Variable) -> Variable)] = [
    ("-x", { -$0 }), ("c * x", { 2.5 * $0 }), ("x * c", { $0 * -1.5 }), ("x / c", { $0 / 4 }),
    ("x + c", { $0 + 3 }), ("c + x", { 3 + $0 }), ("x - c", { $0 - 3 }), ("c - x", { 3 - $0 }),
    ("c / x", { 2 / $0 }),
  ]

  @Test(arguments: [[1, 1], [3, 4], [5], []])
  func gradientsMatchFiniteDifferences(shape: [Int]) {
    for (name, apply) in Self.conveniences {
      for seed in Fixtures.seeds {
        let x = name == "c / x" ? Fixtures.positive(shape, seed: seed) : Fixtures.normal(shape, seed: seed)
        Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) { Fixtures.projected(apply($0[0]), seed: seed) }
      }
    }
  }

  @Test func valuesAndDerivativesAtAPoint() {
    let x = Tensor(2)
    // (value, derivative) of each convenience at x = 2, worked by hand.
    let expected: [(Double, Double)] = [
      (-2, -1), (5, 2.5), (-3, -1.5), (0.5, 0.25), (5, 1), (5, 1), (-1, 1), (1, -1), (1, -0.5),
    ]
    for ((name, apply), (value, derivative)) in zip(Self.conveniences, expected) {
      let result = valueWithGradient(at: x, of: apply)
      #expect(result.value == value, "\(name)")
      #expect(result.gradient == Tensor(derivative), "\(name)")
    }
  }
}
