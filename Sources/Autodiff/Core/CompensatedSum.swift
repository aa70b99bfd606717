/// Neumaier's compensated sum: the rounding error of each addition is kept in a second term, so
/// the total of many nearly equal terms (a mean loss over 228,146 events) is accurate to about one
/// rounding instead of growing with the number of terms.
package struct CompensatedSum {
  /// An empty sum.
  package init() {}

  /// The running sum, without the compensation.
  package private(set) var sum = 0.0
  /// The accumulated rounding errors.
  package private(set) var compensation = 0.0

  /// Adds `term`.
  @inline(__always)
  package mutating func add(_ term: Double) {
    let next = sum + term
    compensation += Swift.abs(sum) >= Swift.abs(term) ? (sum - next) + term : (term - next) + sum
    sum = next
  }

  /// Adds another compensated sum (of terms that come after this one's).
  package mutating func add(_ other: CompensatedSum) {
    add(other.sum)
    add(other.compensation)
  }

  /// The compensated total.
  package var value: Double { sum + compensation }
}
