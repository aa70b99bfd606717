import Autodiff
import Calculus
import Testing

/// Parses `text`, recording a test failure (not crashing) when it does not parse.
func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Expression {
  do {
    return try Expression(parsing: text)
  } catch {
    Issue.record("\(text.debugDescription) did not parse: \(error.rendered())", sourceLocation: sourceLocation)
    throw error
  }
}

/// The central difference (f(x + h) − f(x − h)) / 2h: error O(h²·f‴) + O(ε·|f|/h).
func centralDifference(step h: Double, _ f: (Double) throws -> Double, at x: Double) rethrows -> Double {
  (try f(x + h) - f(x - h)) / (2 * h)
}

/// |a − b| ≤ tolerance · max(1, |a|, |b|): absolute near zero, relative for large values.
func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
