import Foundation
import Optimization
import TestSupport
import Testing

/// The reference rate sequences written by Utilities/Reference/schedules.py (an independent
/// simulation of PyTorch's chainable schedulers) to Utilities/Reference/golden/schedules.json.
struct ScheduleGolden: Decodable {
  struct Case: Decodable {
    let kind: String
    let parameters: [String: Double]
    let losses: [Double]?
    /// rates[k] is PyTorch's get_last_lr() after k scheduler steps.
    let rates: [Double]

    func parameter(_ name: String) throws -> Double {
      try #require(parameters[name], "golden case \(kind) has no parameter \(name)")
    }
  }

  let cases: [Case]

  /// The golden cases of one schedule kind (failing the test when there are none).
  static func cases(of kind: String) throws -> [Case] {
    let url = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/golden/schedules.json")
    let golden = try JSONDecoder().decode(ScheduleGolden.self, from: Data(contentsOf: url))
    let matching = golden.cases.filter { $0.kind == kind }
    try #require(!matching.isEmpty, "no golden cases of kind \(kind) in \(url.path)")
    return matching
  }
}

/// Expects `schedule.learningRate(at: k)` to match `golden.rates[k]` within 1e-12 at every step.
func expectMatchesGolden(_ schedule: some LearningRateSchedule, _ golden: ScheduleGolden.Case) {
  var worst = (step: 0, difference: 0.0)
  for (k, expected) in golden.rates.enumerated() {
    let difference = abs(schedule.learningRate(at: k) - expected)
    if !(difference <= worst.difference) { worst = (k, difference) }
  }
  #expect(
    worst.difference <= 1e-12, "\(golden.kind) \(golden.parameters): step \(worst.step) is off by \(worst.difference)")
}
