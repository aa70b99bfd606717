import Autodiff
import Calculus
import Foundation
import FuzzSupport

FuzzDriver.run { fuzzExpression($0, $1) }

/// The expression parser on arbitrary text, then what `bigram derive` does with what it parsed:
/// evaluation and ``DerivativeAnalysis`` at a point, along a direction.
///
/// Checked: a parse error renders; a parsed expression prints as text that parses back to the
/// same tree; evaluation throws or gives a finite number; the analysis throws or holds no NaN.
func fuzzExpression(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let text = String(decoding: FuzzCheck.bytes(start, count), as: UTF8.self)
  let expression: Calculus.Expression
  do {
    expression = try Calculus.Expression(parsing: text)
  } catch {
    FuzzCheck.expect((0...text.count).contains(error.offset), "error offset \(error.offset) outside the input")
    _ = error.rendered()
    return 0
  }
  let printed = expression.description
  FuzzCheck.expect(
    (try? Calculus.Expression(parsing: printed)) == expression,
    "\(text.debugDescription) prints as \(printed.debugDescription), which does not parse back to it")

  // A point that is neither 0 nor 1 for most variables, so few rules are special-cased away.
  let coordinates = [0.5, -1.25, 2, 0, 3.5, -0.75, 1e-3, 7]
  let variables = expression.variables
  let point = [String: Double](
    uniqueKeysWithValues: variables.enumerated().map { ($1, coordinates[$0 % coordinates.count]) })
  if let value = try? expression.evaluate(at: point) {
    FuzzCheck.expect(value.isFinite, "\(printed) evaluates to \(value)")
  }
  let direction = point.mapValues { _ in 1.0 }
  guard let analysis = try? DerivativeAnalysis(of: expression, at: point, along: direction) else { return 0 }
  let encoder = JSONEncoder()
  // A marker no expression can print, so any NaN in the analysis shows up in its JSON.
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "§NaN§")
  let json = (try? encoder.encode(analysis)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  FuzzCheck.expect(!json.contains("§NaN§"), "the analysis of \(printed) holds NaN: \(json)")
  return 0
}
