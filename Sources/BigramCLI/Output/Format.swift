import CharLM
import Foundation

/// Number formatting for the text output (JSON keeps full precision).
enum Format {
  /// A number with up to 6 significant decimals, e.g. 2.454577 or 1.
  static func number(_ value: Double) -> String {
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.6g", value)
  }

  /// A loss-like number with 6 decimals; from 10¹⁵ on (a diverged loss) in scientific notation
  /// rather than as a hundred digits.
  static func fixed(_ value: Double, digits: Int = 6) -> String {
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if abs(value) >= 1e15 { return String(format: "%.\(digits)e", value) }
    return String(format: "%.\(digits)f", value)
  }

  /// A mean NLL, or ∞ / "no events".
  static func nll(_ likelihood: Likelihood) -> String {
    optional(likelihood.mean)
  }

  /// A fixed number or "n/a".
  static func optional(_ value: Double?) -> String {
    value.map { fixed($0) } ?? "n/a"
  }

  /// A duration in s, ms or µs.
  static func seconds(_ value: Double) -> String {
    if value >= 1 { return String(format: "%.2f s", value) }
    if value >= 1e-3 { return String(format: "%.1f ms", value * 1e3) }
    return String(format: "%.1f µs", value * 1e6)
  }
}

extension Duration {
  /// The duration in seconds as a Double.
  var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) * 1e-18
  }
}
