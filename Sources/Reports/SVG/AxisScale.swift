import Foundation

/// A chart axis: its domain, how a value maps onto it (linear or log₁₀), and labelled ticks at
/// "nice" values — multiples of 1, 2 or 5 × 10ᵏ on a linear axis; on a log axis m × 10ᵏ with
/// m in 1…9 within one decade, 1, 2, 5 within two, and powers of ten beyond.
struct AxisScale: Equatable, Sendable {
  /// How values are spaced along the axis.
  enum Kind: Equatable, Sendable {
    case linear
    case logarithmic
  }

  /// The spacing.
  let kind: Kind
  /// The value at the start (bottom or left) of the axis.
  let lower: Double
  /// The value at the end (top or right) of the axis.
  let upper: Double
  /// The tick values, increasing, all within `lower...upper`.
  let ticks: [Double]
  /// One label per tick.
  let labels: [String]

  /// Roughly this many intervals between ticks; the 1-2-5 rounding decides the exact count.
  static let targetIntervals = 5.0
  /// Values beyond ±10³⁰⁰ are treated like infinities: a span between two of them overflows.
  static let largestPlaceable = 1e300

  /// A linear axis: `fixed` exactly when given, else the smallest range of whole tick steps
  /// covering the finite `values` (or 0…1 when there are none).
  ///
  /// - Precondition: `fixed`, when given, has finite bounds.
  static func linear(covering values: [Double], fixed: ClosedRange<Double>? = nil) -> AxisScale {
    precondition(
      fixed.map { abs($0.lowerBound) <= largestPlaceable && abs($0.upperBound) <= largestPlaceable } ?? true,
      "a linear axis needs finite bounds, got \(String(describing: fixed))")
    let finite = values.filter { abs($0) <= largestPlaceable }
    var (low, high) = fixed.map { ($0.lowerBound, $0.upperBound) } ?? (finite.min() ?? 0, finite.max() ?? 1)
    if low == high {
      // A flat series still needs a visible axis around its one value.
      let pad = low == 0 ? 1 : abs(low) / 10
      (low, high) = (low - pad, high + pad)
    }
    let step = niceStep(for: (high - low) / targetIntervals)
    // Fitting widens to whole steps, a fixed range keeps the steps inside it; the tolerance keeps
    // 0.30000000000000004 / 0.1 counting as 3, not as just above it.
    let first = Int(fixed == nil ? (low / step + 1e-9).rounded(.down) : (low / step - 1e-9).rounded(.up))
    let last = Int(fixed == nil ? (high / step - 1e-9).rounded(.up) : (high / step + 1e-9).rounded(.down))
    let ticks = first <= last ? (first...last).map { Double($0) * step } : []
    let (lower, upper) = fixed == nil ? (Double(first) * step, Double(last) * step) : (low, high)
    let decimals = max(0, -Int(log10(step).rounded(.down)))
    let scientific = step < 1e-4 || ticks.contains { abs($0) >= 1e6 }
    let labels = ticks.map {
      scientific ? String(format: "%.3g", $0) : String(format: "%.\(decimals)f", $0 == 0 ? 0 : $0)
    }
    return AxisScale(kind: .linear, lower: lower, upper: upper, ticks: ticks, labels: labels)
  }

  /// A log₁₀ axis: `fixed` exactly when given, else the smallest range between two ticks that
  /// covers the finite positive `values` (or 1…10 when there are none); non-positive values
  /// cannot be placed and are ignored.
  ///
  /// - Precondition: `fixed`, when given, lies in the positive numbers.
  static func logarithmic(covering values: [Double], fixed: ClosedRange<Double>? = nil) -> AxisScale {
    precondition(
      fixed.map { $0.lowerBound > 0 && $0.upperBound <= largestPlaceable } ?? true,
      "a log axis needs a positive, finite range, got \(String(describing: fixed))")
    let positive = values.filter { $0 > 0 && $0 <= largestPlaceable }
    var (low, high) = fixed.map { ($0.lowerBound, $0.upperBound) } ?? (positive.min() ?? 1, positive.max() ?? 10)
    if low == high { (low, high) = (low / 2, high * 2) }
    let decades = log10(high) - log10(low)
    // Within a decade only the mantissas 1…9 give several ticks; up to two decades 1, 2 and 5
    // suffice; beyond that powers of ten, and beyond eight decades only every stride-th one.
    let mantissas: [Double] = decades <= 1 ? (1...9).map(Double.init) : decades <= 2 ? [1, 2, 5] : [1]
    let firstDecade = Int((log10(low) + 1e-9).rounded(.down))
    let stride = mantissas.count == 1 ? max(1, Int(decades.rounded(.up) + 7) / 8) : 1
    var candidates: [(value: Double, label: String)] = []
    var decade = firstDecade
    repeat {
      for mantissa in mantissas {
        let label =
          (-4...5).contains(decade)
          ? String(format: "%.\(max(0, -decade))f", mantissa * pow(10, Double(decade))) : "\(Int(mantissa))e\(decade)"
        candidates.append((mantissa * pow(10, Double(decade)), label))
      }
      decade += stride
    } while (candidates.last?.value ?? 0) < high * (1 - 1e-9)
    let lower = fixed == nil ? (candidates.last { $0.value <= low * (1 + 1e-9) }?.value ?? low) : low
    let upper = fixed == nil ? (candidates.first { $0.value >= high * (1 - 1e-9) }?.value ?? high) : high
    let visible = candidates.filter { $0.value >= lower * (1 - 1e-9) && $0.value <= upper * (1 + 1e-9) }
    return AxisScale(
      kind: .logarithmic, lower: lower, upper: upper, ticks: visible.map(\.value), labels: visible.map(\.label))
  }

  /// The smallest 1, 2, 5 or 10 × 10ᵏ at least `raw`.
  static func niceStep(for raw: Double) -> Double {
    let magnitude = pow(10, log10(raw).rounded(.down))
    let residual = raw / magnitude
    // The slack absorbs rounding in raw / magnitude (0.2 / 0.1 is 2.0000000000000004).
    let factor: Double = [1, 2, 5].first { residual <= $0 * (1 + 1e-9) } ?? 10
    return factor * magnitude
  }

  /// Where `value` lies along the axis: 0 at `lower`, 1 at `upper` (outside 0…1 beyond them).
  func fraction(of value: Double) -> Double {
    switch kind {
    case .linear: (value - lower) / (upper - lower)
    case .logarithmic: (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }

  /// Whether `value` lies on the drawn stretch of the axis, `lower...upper`.
  func contains(_ value: Double) -> Bool {
    canPlace(value) && (-1e-9...(1 + 1e-9)).contains(fraction(of: value))
  }

  /// Whether `value` can be placed on this axis at all: within ±10³⁰⁰ (so not NaN or infinite),
  /// and positive on a log axis.
  func canPlace(_ value: Double) -> Bool {
    abs(value) <= Self.largestPlaceable && (kind == .linear || value > 0)
  }
}
