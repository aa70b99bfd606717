/// Element-wise eˣ and ln x on eight `Double` lanes at a time, accurate to about one ulp, for the
/// loops where a scalar libm call per element would dominate (softmax over T×V logits).
///
/// Both use only +, −, ×, ÷ and bit manipulation, which every x86-64 and arm64 vector unit has,
/// so the loops vectorize without FMA or a vector libm. Special values follow libm: e^NaN = NaN,
/// e^−∞ = 0, e^x = +∞ past x ≈ 709.78; ln of a negative number or NaN is NaN, ln 0 = −∞,
/// ln +∞ = +∞, and subnormal inputs and outputs are handled.
public enum VectorMath {
  // Constants are computed properties, not stored `static let`s: a stored global is read through a
  // lazy-initialisation check on every call, which keeps the loops from being straight-line code.
  /// 1.5·2⁵²: adding it rounds a double of magnitude < 2⁵¹ to an integer held in the low mantissa bits.
  @usableFromInline static var shifter: Double { 6_755_399_441_055_744.0 }
  /// ln 2 split so that k·ln2High is exact for |k| < 2¹¹ (fdlibm's split).
  @usableFromInline static var ln2High: Double { 6.931_471_803_691_238_164_90e-01 }
  @usableFromInline static var ln2Low: Double { 1.908_214_929_270_587_700_02e-10 }

  /// eˣ lane by lane, fdlibm's method: x = k·ln 2 + r with |r| ≤ ½ ln 2 (ln 2 in two parts),
  /// e^r = 1 + 2r/(R(r²) − r) through fdlibm's minimax c = r − r²·P(r²), then scaled by 2^k.
  @inlinable @inline(__always)
  public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
    // k = round(x/ln 2) by the shifter; |x| < 709 keeps it far inside the shifter's range.
    let shifted = x * 1.442_695_040_888_963_4 + shifter
    let kd = shifted - shifter
    let high = x - kd * ln2High
    let low = kd * ln2Low
    let r = high - low
    let t = r * r
    // c = r − t·P(t), t = r², by Horner; each step typed so the expression type-checks quickly.
    var p = SIMD8<Double>(repeating: 4.138_136_797_057_238_460_39e-08)
    p = p * t - 1.653_390_220_546_525_153_90e-06
    p = p * t + 6.613_756_321_437_934_361_17e-05
    p = p * t - 2.777_777_777_701_559_338_42e-03
    p = p * t + 1.666_666_666_666_660_190_37e-01
    let c = r - t * p
    let expR = 1 - ((low - (r * c) / (2 - c)) - high)
    let k = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- Int64(shifter.bitPattern)
    // Multiplying by 2^k is adding k to the exponent field, exact while the result is normal.
    let fast = unsafeBitCast(unsafeBitCast(expR, to: SIMD8<Int64>.self) &+ (k &<< 52), to: SIMD8<Double>.self)
    // Near overflow, near underflow and NaN take the careful path (rare: softmax feeds x ≤ 0).
    let isUnusual = (x .< -708) .| (x .> 709) .| (x .!= x)
    return any(isUnusual) ? exp(unusual: x) : fast
  }

  /// eˣ for lanes that may overflow, underflow to subnormals or be NaN: x clamped to [−746, 710]
  /// and 2^k applied as two normal powers of two 2^(k>>1)·2^(k − k>>1), so no step overflows early.
  @usableFromInline @inline(never)
  static func exp(unusual x: SIMD8<Double>) -> SIMD8<Double> {
    var result = SIMD8<Double>()
    for lane in 0..<8 where !x[lane].isNaN {
      let clamped = Swift.min(Swift.max(x[lane], -746), 710)
      let kd = (clamped * 1.442_695_040_888_963_4).rounded()
      let lanes = exp(SIMD8(repeating: (clamped - kd * ln2High) - kd * ln2Low))
      let k = Int(kd)
      let half = k >> 1
      result[lane] =
        lanes[0] * Double(sign: .plus, exponent: half, significand: 1)
        * Double(sign: .plus, exponent: k - half, significand: 1)
    }
    return result.replacing(with: x, where: x .!= x)
  }

  /// ln x lane by lane, fdlibm's method: x = 2^k·m with m ∈ [√½, √2), f = m − 1, s = f/(2 + f),
  /// ln(1 + f) = f − f²/2 + s(f²/2 + R(s²)) with fdlibm's minimax R, plus k·ln 2 in two parts.
  @inlinable @inline(__always)
  public static func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
    // Subnormals are scaled by 2⁵⁴ into the normal range first.
    let isSubnormal = x .< 2.225_073_858_507_201_4e-308
    let scaled = x.replacing(with: x * 18_014_398_509_481_984.0, where: isSubnormal)
    let bits = unsafeBitCast(scaled, to: SIMD8<Int64>.self)
    var k = (bits &>> 52) &- 1023
    k.replace(with: k &- 54, where: isSubnormal)
    // The mantissa with the exponent of 1.0: m ∈ [1, 2); above √2 it is halved so f stays small.
    var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
    let isLarge = m .> 1.414_213_562_373_095_1
    m.replace(with: m * 0.5, where: isLarge)
    k.replace(with: k &+ 1, where: isLarge)
    let f = m - 1
    let s = f / (2 + f)
    let z = s * s
    let w = z * z
    let t1 =
      w * (3.999_999_999_940_941_908e-01 + w * (2.222_219_843_214_978_396e-01 + w * 1.531_383_769_920_937_332e-01))
    let t2 =
      z
      * (6.666_666_666_666_735_130e-01
        + w * (2.857_142_874_366_239_149e-01 + w * (1.818_357_216_161_805_012e-01 + w * 1.479_819_860_511_658_591e-01)))
    let halfSquare = 0.5 * f * f
    // k as a double by the same shifter trick as in exp (|k| < 2¹¹).
    let kd = unsafeBitCast(k &+ Int64(shifter.bitPattern), to: SIMD8<Double>.self) - shifter
    var result = kd * ln2High - ((halfSquare - (s * (halfSquare + t1 + t2) + kd * ln2Low)) - f)
    result.replace(with: x, where: x .== .infinity)
    result.replace(with: -.infinity, where: x .== 0)
    result.replace(with: .nan, where: x .< 0 .| x .!= x)
    return result
  }

  /// tanh x lane by lane, within 1.2·10⁻¹⁶ + 4·10⁻¹⁶·|tanh x| of libm: tanh|x| = 1 − 2/(e^(2|x|) + 1)
  /// through `exp` for |x| ≥ 1/8 (the difference costs up to an ulp of 1); below 1/8 the odd Taylor
  /// series x − x³/3 + 2x⁵/15 − … to x¹⁵ (the next term is below 10⁻¹⁹ relative). |x| is clamped
  /// to 20, where 2/(e⁴⁰ + 1) < ulp(1)/2 and the result is ±1; NaN stays NaN.
  @inlinable @inline(__always)
  public static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let a = (x.replacing(with: -x, where: x .< 0)).replacing(with: 20, where: x .> 20 .| x .< -20)
    let e = exp(2 * a.replacing(with: 0, where: a .!= a))
    let large = 1 - 2 / (e + 1)
    let t = a * a
    var p = SIMD8<Double>(repeating: -929_569.0 / 638_512_875.0)
    p = p * t + 21_844.0 / 6_081_075.0
    p = p * t - 1_382.0 / 155_925.0
    p = p * t + 62.0 / 2_835.0
    p = p * t - 17.0 / 315.0
    p = p * t + 2.0 / 15.0
    p = p * t - 1.0 / 3.0
    let small = a + a * (t * p)
    let magnitude = large.replacing(with: small, where: a .< 0.125)
    return magnitude.replacing(with: -magnitude, where: x .< 0).replacing(with: x, where: x .!= x)
  }

  /// Replaces every element of `buffer` by its hyperbolic tangent.
  public static func tanh(_ buffer: UnsafeMutableBufferPointer<Double>) {
    apply(buffer) { tanh($0) }
  }

  /// Replaces every element of `buffer` by its exponential (the tail past a multiple of eight too).
  public static func exp(_ buffer: UnsafeMutableBufferPointer<Double>) {
    apply(buffer) { exp($0) }
  }

  /// Replaces every element of `buffer` by its natural logarithm.
  public static func log(_ buffer: UnsafeMutableBufferPointer<Double>) {
    apply(buffer) { log($0) }
  }

  @inline(__always)
  private static func apply(_ buffer: UnsafeMutableBufferPointer<Double>, _ function: (SIMD8<Double>) -> SIMD8<Double>)
  {
    guard let base = buffer.baseAddress else { return }
    let count = buffer.count
    var index = 0
    // Unaligned 8-lane loads and stores through a raw pointer: Double buffers are only 8-byte aligned.
    let raw = UnsafeMutableRawPointer(base)
    while index &+ 8 <= count {
      let lanes = raw.loadUnaligned(fromByteOffset: index &* 8, as: SIMD8<Double>.self)
      raw.storeBytes(of: function(lanes), toByteOffset: index &* 8, as: SIMD8<Double>.self)
      index &+= 8
    }
    if index < count {
      // The last few elements go through the same lanes, padded with ones (finite for both functions).
      var lanes = SIMD8<Double>(repeating: 1)
      for lane in 0..<(count &- index) { lanes[lane] = base[index &+ lane] }
      let result = function(lanes)
      for lane in 0..<(count &- index) { base[index &+ lane] = result[lane] }
    }
  }
}
