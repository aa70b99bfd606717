// Plain (untracked) element-wise arithmetic on tensors. Tensor–tensor operators broadcast as
// the tape's operators do (see Broadcast), so the tape's forward passes reuse them.

extension Tensor {
  /// Element-wise sum a + b, broadcasting a row, a column or a one-element operand.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    combining(lhs, rhs, Broadcast(lhs.shape, rhs.shape)) { $0 + $1 }
  }

  /// Element-wise difference a − b, broadcasting a row, a column or a one-element operand.
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    combining(lhs, rhs, Broadcast(lhs.shape, rhs.shape)) { $0 - $1 }
  }

  /// Element-wise product a · b, broadcasting a row, a column or a one-element operand.
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    combining(lhs, rhs, Broadcast(lhs.shape, rhs.shape)) { $0 * $1 }
  }

  /// Element-wise quotient a / b, broadcasting a row, a column or a one-element operand.
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    combining(lhs, rhs, Broadcast(lhs.shape, rhs.shape)) { $0 / $1 }
  }

  /// Every scalar plus `rhs`: xᵢ + c.
  public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs.mappingScalars { $0 + rhs } }

  /// `lhs` plus every scalar: c + xᵢ.
  public static func + (lhs: Double, rhs: Tensor) -> Tensor { rhs.mappingScalars { lhs + $0 } }

  /// Every scalar minus `rhs`: xᵢ − c.
  public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs.mappingScalars { $0 - rhs } }

  /// `lhs` minus every scalar: c − xᵢ.
  public static func - (lhs: Double, rhs: Tensor) -> Tensor { rhs.mappingScalars { lhs - $0 } }

  /// Every scalar times `rhs`: xᵢ · c.
  public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs.mappingScalars { $0 * rhs } }

  /// `lhs` times every scalar: c · xᵢ.
  public static func * (lhs: Double, rhs: Tensor) -> Tensor { rhs.mappingScalars { lhs * $0 } }

  /// Every scalar divided by `rhs`: xᵢ / c.
  public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs.mappingScalars { $0 / rhs } }

  /// `lhs` divided by every scalar: c / xᵢ.
  public static func / (lhs: Double, rhs: Tensor) -> Tensor { rhs.mappingScalars { lhs / $0 } }

  /// Every scalar negated: −xᵢ.
  public static prefix func - (operand: Tensor) -> Tensor { operand.mappingScalars { -$0 } }

  /// The sum of all scalars, Σᵢ xᵢ (0 for an empty tensor).
  public func sum() -> Double {
    scalars.withUnsafeBufferPointer { x in
      var total = 0.0
      for value in x { total += value }
      return total
    }
  }

  /// The inner product ⟨a, b⟩ = Σᵢ aᵢ bᵢ of two tensors of the same shape.
  public func dot(_ other: Tensor) -> Double {
    precondition(shape == other.shape, "dot needs equal shapes, got \(shape) and \(other.shape)")
    return scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        var total = 0.0
        for k in 0..<a.count { total += a[k] * b[k] }
        return total
      }
    }
  }

  /// The largest |aᵢ − bᵢ| between two tensors of the same shape (0 for empty tensors; NaN if
  /// any difference is NaN, so a comparison against a tolerance fails).
  public func maxAbsDifference(_ other: Tensor) -> Double {
    precondition(shape == other.shape, "maxAbsDifference needs equal shapes, got \(shape) and \(other.shape)")
    return scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        var largest = 0.0
        for k in 0..<a.count {
          let difference = abs(a[k] - b[k])
          // `max` would drop a NaN; a NaN must poison the result instead.
          if difference.isNaN { return .nan }
          largest = Swift.max(largest, difference)
        }
        return largest
      }
    }
  }

  /// The tensor of `transform(xᵢ)` for every scalar, same shape.
  @inline(__always)
  func mappingScalars(_ transform: (Double) -> Double) -> Tensor {
    let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
      scalars.withUnsafeBufferPointer { x in
        for k in 0..<x.count { output[k] = transform(x[k]) }
      }
      initialized = count
    }
    return Tensor(shape: shape, scalars: result)
  }

  /// The tensor of `combine(aᵢ, bⱼ)` over `broadcast`'s output, with each operand's entry
  /// picked by its strides.
  @inline(__always)
  static func combining(
    _ lhs: Tensor, _ rhs: Tensor, _ broadcast: Broadcast, _ combine: (Double, Double) -> Double
  ) -> Tensor {
    let count = broadcast.rows * broadcast.columns
    let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
      lhs.scalars.withUnsafeBufferPointer { a in
        rhs.scalars.withUnsafeBufferPointer { b in
          broadcast.forEachIndex { k, l, r in output[k] = combine(a[l], b[r]) }
        }
      }
      initialized = count
    }
    return Tensor(shape: broadcast.shape, scalars: result)
  }
}
