/// The short loops over one row of a row-major table that the softmax and gather ops run T times
/// a step, written four lanes at a time with unaligned vector loads and stores.
///
/// The reductions keep four independent partial results: one running sum or maximum is a chain of
/// dependent additions, each waiting for the last, which would cost more than the rest of the row.
/// The sum is thus added in a different order than left to right (a few ulps apart).
package enum RowKernels {
  /// max of the `count` scalars at `x`. A NaN among them gives NaN or is passed over, as with
  /// `Swift.max`; either way exponentials shifted by it are NaN.
  @inlinable @inline(__always)
  package static func maximum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    let raw = UnsafeRawPointer(x)
    var lanes = SIMD4<Double>(repeating: x[0])
    var j = 0
    while j &+ 4 <= count {
      let next = raw.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      lanes.replace(with: next, where: next .> lanes)
      j &+= 4
    }
    var largest = max(max(lanes[0], lanes[1]), max(lanes[2], lanes[3]))
    while j < count {
      largest = max(largest, x[j])
      j &+= 1
    }
    return largest
  }

  /// Σ of the `count` scalars at `x`.
  @inlinable @inline(__always)
  package static func sum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    let raw = UnsafeRawPointer(x)
    var lanes = SIMD4<Double>()
    var j = 0
    while j &+ 4 <= count {
      lanes += raw.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      j &+= 4
    }
    var total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    while j < count {
      total += x[j]
      j &+= 1
    }
    return total
  }

  /// yⱼ = a·xⱼ + b for `count` scalars (y may be x).
  @inlinable @inline(__always)
  package static func affine(
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int, scale a: Double, offset b: Double
  ) {
    let source = UnsafeRawPointer(x)
    let destination = UnsafeMutableRawPointer(y)
    var j = 0
    while j &+ 4 <= count {
      let lanes = source.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      destination.storeBytes(of: lanes * a + b, toByteOffset: j &* 8, as: SIMD4<Double>.self)
      j &+= 4
    }
    while j < count {
      y[j] = a * x[j] + b
      j &+= 1
    }
  }

  /// yⱼ += a·xⱼ for `count` scalars.
  @inlinable @inline(__always)
  package static func add(
    _ x: UnsafePointer<Double>, scaledBy a: Double, to y: UnsafeMutablePointer<Double>, count: Int
  ) {
    let source = UnsafeRawPointer(x)
    let destination = UnsafeMutableRawPointer(y)
    var j = 0
    while j &+ 4 <= count {
      let lanes = source.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      let old = destination.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      destination.storeBytes(of: old + lanes * a, toByteOffset: j &* 8, as: SIMD4<Double>.self)
      j &+= 4
    }
    while j < count {
      y[j] += a * x[j]
      j &+= 1
    }
  }

  /// The widest row whose softmax may skip the max shift when every |x| < 700: a sum of n terms
  /// below e^700 ≈ 1.01·10³⁰⁴ stays finite up to n ≈ 17,700.
  package static let widestUnshiftedRow = 16_384

  /// Whether every one of the `count` scalars at `x` has |x| < 700, so e^x neither overflows nor
  /// underflows and a softmax needs no shift by the row maximum (false for a NaN).
  @inlinable @inline(__always)
  package static func isModerate(_ x: UnsafePointer<Double>, count: Int) -> Bool {
    let raw = UnsafeRawPointer(x)
    var moderate = SIMDMask<SIMD4<Int64>>(repeating: true)
    var j = 0
    while j &+ 4 <= count {
      let lanes = raw.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
      moderate .&= (lanes .< 700) .& (lanes .> -700)
      j &+= 4
    }
    while j < count {
      if !(Swift.abs(x[j]) < 700) { return false }
      j &+= 1
    }
    return all(moderate)
  }
}
