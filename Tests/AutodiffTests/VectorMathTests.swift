import Foundation
import Testing

@testable import Autodiff

/// The vectorized exp and log against Foundation's (glibc's correctly rounded-or-nearly libm).
@Suite struct VectorMathTests {
  /// |a − b| in units in the last place of b (subnormal results counted in the smallest subnormal).
  private static func ulps(_ a: Double, _ b: Double) -> Double {
    if a == b || (a.isNaN && b.isNaN) { return 0 }
    guard a.isFinite, b.isFinite else { return .infinity }
    return abs(a - b) / max(b.ulp, Double.leastNonzeroMagnitude)
  }

  private static func uniform(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextDouble() }
  }

  @Test(arguments: [-745.0...709.7, -20.0...1.0, -1.0...1.0, -746.0...(-700.0), 700.0...709.78])
  func expIsWithinOneUlpOfFoundation(range: ClosedRange<Double>) {
    var x = Self.uniform(20_000, in: range, seed: 1)
    let expected = x.map { Foundation.exp($0) }
    x.withUnsafeMutableBufferPointer { VectorMath.exp($0) }
    let worst = zip(x, expected).map(Self.ulps).max() ?? 0
    #expect(worst <= 1, "worst error \(worst) ulp over \(range)")
  }

  @Test func logIsWithinOneUlpOfFoundation() {
    var x =
      Self.uniform(20_000, in: -700...700, seed: 2).map { Foundation.exp($0) }
      + Self.uniform(2_000, in: 0.5...2, seed: 3) + [
        // A subnormal built from its exponent: the literal 1e-310 draws an underflow warning.
        Double.leastNonzeroMagnitude, Double(sign: .plus, exponent: -1030, significand: 1), .greatestFiniteMagnitude,
      ]
    let expected = x.map { Foundation.log($0) }
    x.withUnsafeMutableBufferPointer { VectorMath.log($0) }
    let worst = zip(x, expected).map(Self.ulps).max() ?? 0
    #expect(worst <= 1, "worst error \(worst) ulp")
  }

  @Test func specialValuesFollowLibm() {
    let inputs: [Double] = [0, -0.0, 1, .infinity, -.infinity, .nan, 709.79, -745.2, -1]
    var exponentials = inputs
    exponentials.withUnsafeMutableBufferPointer { VectorMath.exp($0) }
    #expect(exponentials[0] == 1 && exponentials[1] == 1 && Self.ulps(exponentials[2], M_E) <= 1)
    #expect(exponentials[3] == .infinity && exponentials[4] == 0)
    #expect(exponentials[5].isNaN && exponentials[6] == .infinity && exponentials[7] == 0)
    var logarithms = inputs
    logarithms.withUnsafeMutableBufferPointer { VectorMath.log($0) }
    #expect(logarithms[0] == -.infinity && logarithms[1] == -.infinity && logarithms[2] == 0)
    #expect(logarithms[3] == .infinity && logarithms[4].isNaN && logarithms[5].isNaN && logarithms[8].isNaN)
  }

  /// Buffers of every length up to two vectors and a bit: the tail past the last full 8 lanes too.
  @Test func everyBufferLengthIsCovered() {
    for count in 0...19 {
      var x = Self.uniform(count, in: -3...3, seed: UInt64(count))
      let expected = x.map { Foundation.exp($0) }
      x.withUnsafeMutableBufferPointer { VectorMath.exp($0) }
      #expect(zip(x, expected).allSatisfy { Self.ulps($0, $1) <= 1 }, "length \(count)")
    }
  }
}
