import Foundation

// These conversions are part of the project's specification of randomness (see SplitMix64):
// they are written out rather than taken from the standard library so that a seed gives the
// same draws on every platform and Swift version.
extension RandomNumberGenerator {
  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in `0..<bound`, by Lemire's multiply-and-reject method (unbiased):
  /// m = x·b as 128 bits; accept unless low(m) < (2⁶⁴ − b) mod b; return high(m).
  ///
  /// - Precondition: `bound > 0`.
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold {
        product = next().multipliedFullWidth(by: b)
      }
    }
    return Int(product.high)
  }

  /// A standard normal draw by the Box–Muller transform on two ``nextDouble()`` draws
  /// (u₁ is taken from (0, 1] so the logarithm never sees zero): √(−2 ln u₁) · cos(2π u₂).
  public mutating func nextNormal() -> Double {
    let u1 = 1.0 - nextDouble()
    let u2 = nextDouble()
    return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
  }
}
