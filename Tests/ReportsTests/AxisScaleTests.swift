import Testing

@testable import Reports

/// Expected ticks are worked out by hand from the 1-2-5 rule: step = the smallest 1, 2, 5 or
/// 10 × 10ᵏ ≥ span / 5, bounds widened to whole steps.
@Suite("AxisScale")
struct AxisScaleTests {
  @Test(
    "niceStep rounds up to 1, 2 or 5 × 10ᵏ",
    arguments: [(0.2, 0.2), (0.21, 0.5), (3, 5), (7, 10), (1, 1), (0.046, 0.05), (39.8, 50), (20, 20), (1234, 2000)])
  func niceStep(raw: Double, expected: Double) {
    #expect(abs(AxisScale.niceStep(for: raw) - expected) <= 1e-12 * expected)
  }

  @Test(
    "linear axes fit whole steps around the data",
    arguments: [
      ([0, 199], 0, 200, ["0", "50", "100", "150", "200"]),
      ([2.45, 3.45], 2.4, 3.6, ["2.4", "2.6", "2.8", "3.0", "3.2", "3.4", "3.6"]),
      ([0.1, 0.3], 0.1, 0.3, ["0.10", "0.15", "0.20", "0.25", "0.30"]),
      ([-3, 7], -4, 8, ["-4", "-2", "0", "2", "4", "6", "8"]),
      ([5, 5], 4.4, 5.6, ["4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"]),
      ([], 0, 1, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
      ([.nan, 1, .infinity, 3], 1, 3, ["1.0", "1.5", "2.0", "2.5", "3.0"]),
      ([0, 3e6], 0, 3e6, ["0", "1e+06", "2e+06", "3e+06"]),
    ] as [([Double], Double, Double, [String])])
  func linear(values: [Double], lower: Double, upper: Double, labels: [String]) {
    let axis = AxisScale.linear(covering: values)
    #expect(abs(axis.lower - lower) < 1e-9 && abs(axis.upper - upper) < 1e-9, "\(axis.lower)…\(axis.upper)")
    #expect(axis.labels == labels)
    #expect(axis.ticks.count == labels.count)
  }

  @Test("a fixed linear range is kept exactly, with only the ticks inside it")
  func linearFixed() {
    let axis = AxisScale.linear(covering: [50], fixed: 0...6763)
    #expect(axis.lower == 0 && axis.upper == 6763)
    #expect(axis.labels == ["0", "2000", "4000", "6000"])
  }

  @Test(
    "log axes use 1…9 within a decade, 1-2-5 within two, powers of ten beyond",
    arguments: [
      ([2.45, 3.45], 2, 4, ["2", "3", "4"]),
      ([1.5, 80], 1, 100, ["1", "2", "5", "10", "20", "50", "100"]),
      ([0.01, 10], 0.01, 10, ["0.01", "0.1", "1", "10"]),
      ([0.015, 8, 0, -1, .nan], 0.01, 10, ["0.01", "0.1", "1", "10"]),
      ([1e-12, 1e6], 1e-12, 1e6, ["1e-12", "1e-9", "1e-6", "0.001", "1", "1000", "1e6"]),
    ] as [([Double], Double, Double, [String])])
  func logarithmic(values: [Double], lower: Double, upper: Double, labels: [String]) {
    let axis = AxisScale.logarithmic(covering: values)
    #expect(abs(axis.lower / lower - 1) < 1e-9 && abs(axis.upper / upper - 1) < 1e-9, "\(axis.lower)…\(axis.upper)")
    #expect(axis.labels == labels)
  }

  @Test("a fixed log range keeps its bounds and the 1-2-5 ticks inside")
  func logarithmicFixed() {
    let axis = AxisScale.logarithmic(covering: [], fixed: 0.5...50)
    #expect(axis.lower == 0.5 && axis.upper == 50)
    #expect(axis.labels == ["0.5", "1", "2", "5", "10", "20", "50"])
  }

  @Test("positions: linear by difference, log by ratio")
  func fractions() {
    #expect(AxisScale.linear(covering: [0, 199]).fraction(of: 50) == 0.25)
    #expect(abs(AxisScale.logarithmic(covering: [1, 100]).fraction(of: 10) - 0.5) < 1e-12)
  }
}
