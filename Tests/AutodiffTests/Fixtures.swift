import Autodiff
import Testing

/// Seeded inputs and the finite-difference assertion shared by the operation suites.
enum Fixtures {
  /// The seeds every randomized check runs with.
  static let seeds: [UInt64] = [1, 2, 3]
  /// The finite-difference step of the gradient checks: near the sweet spot where truncation
  /// error (∝ h²) and round-off (∝ ε/h) are both ≈ 1e-10.
  static let step = 1e-5
  /// The largest relative error accepted between autodiff and finite differences at `step`.
  static let relativeTolerance = 1e-6

  /// Standard normal draws of the given shape.
  static func normal(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape: shape, using: &generator)
  }

  /// Uniform draws in [0.5, 1.5): safe for log, division and fractional powers.
  static func positive(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SplitMix64(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in 0.5 + generator.nextDouble() })
  }

  /// Uniform class indices in `0..<classes`.
  static func indices(count: Int, below classes: Int, seed: UInt64) -> [Int] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in generator.nextInt(below: classes) }
  }

  /// Σ y ⊙ W for a fixed random W shaped like y: a scalar whose gradient weighs every output
  /// entry differently, so a finite-difference check sees the whole Jacobian of y.
  static func projected(_ y: Variable, seed: UInt64) -> Variable {
    (y * y.tape.constant(normal(y.shape, seed: seed &+ 1000))).sum()
  }

  /// Expects autodiff and central finite differences at h = `step` to agree within
  /// `relativeTolerance` on every entry of every parameter.
  static func expectGradientsMatchFiniteDifferences(
    at parameters: [Tensor], sourceLocation: SourceLocation = #_sourceLocation, of f: ([Variable]) -> Variable
  ) {
    let report = GradientCheck(stepSizes: [step]).run(at: parameters, of: f)
    #expect(report.checkedEntries == parameters.reduce(0) { $0 + $1.count }, sourceLocation: sourceLocation)
    #expect(
      report.rows[0].maxRelError < relativeTolerance,
      "max relative error \(report.rows[0].maxRelError) (absolute \(report.rows[0].maxAbsError)) at h = \(step)",
      sourceLocation: sourceLocation)
  }
}
