/// The project's seeded random number generator: SplitMix64 (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014).
///
/// The algorithm is fully specified here, so a seed yields the same stream on every platform
/// and Swift version (Swift's `SystemRandomNumberGenerator` is not seedable, and the standard
/// library's `random(in:)` may change its mapping between versions). Everything random in
/// bigram draws its bits from ``next()`` and maps them with the specified conversions in
/// `RandomNumberGenerator+Draws.swift`:
///
///     state ← state + 0x9E3779B97F4A7C15
///     z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
///     z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
///     return z ⊕ (z ≫ 31)
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable, Hashable, Codable {
  /// The generator's whole state; saving and restoring it resumes the stream exactly.
  public var state: UInt64

  /// Creates a generator whose stream is determined by `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
