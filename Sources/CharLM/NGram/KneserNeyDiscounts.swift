/// The three discounts of modified Kneser-Ney for one order (Chen & Goodman 1998), from that
/// order's count-of-counts t_j (the n-grams whose adjusted count is exactly j):
/// Y = t₁ / (t₁ + 2t₂), D_j = j − (j + 1) Y t_{j+1} / t_j for j = 1, 2, 3 (D₃ serves every count ≥ 3).
///
/// When some t₁…t₄ is 0, or a discount falls outside [0, j], the closed form does not apply and
/// the discounts are KenLM's `--discount_fallback` values 0.5, 1.0, 1.5.
public struct KneserNeyDiscounts: Sendable, Equatable, Encodable {
  /// The order k.
  public let order: Int
  /// D₁, D₂ and D₃₊.
  public let d1: Double
  public let d2: Double
  public let d3Plus: Double
  /// t₁, t₂, t₃, t₄.
  public let countOfCounts: [Int]
  /// Whether the fallback values were used.
  public let fallback: Bool

  /// The discounts for order `order` from the adjusted counts of its n-grams.
  public init<Counts: Sequence<Int>>(order: Int, adjustedCounts: Counts) {
    var t = [0, 0, 0, 0]
    for count in adjustedCounts where (1...4).contains(count) { t[count - 1] += 1 }
    self.order = order
    countOfCounts = t
    var d = [0.5, 1.0, 1.5]
    var fallback = t.contains(0)
    if !fallback {
      let y = Double(t[0]) / (Double(t[0]) + 2 * Double(t[1]))
      let closed = (1...3).map { j in Double(j) - Double(j + 1) * y * Double(t[j]) / Double(t[j - 1]) }
      if closed.enumerated().allSatisfy({ $0.element >= 0 && $0.element <= Double($0.offset + 1) }) {
        d = closed
      } else {
        fallback = true
      }
    }
    self.fallback = fallback
    d1 = d[0]
    d2 = d[1]
    d3Plus = d[2]
  }

  /// The discount of an n-gram with adjusted count `count` ≥ 1.
  @inline(__always)
  public func discount(forCount count: Int) -> Double {
    count == 1 ? d1 : count == 2 ? d2 : d3Plus
  }
}
