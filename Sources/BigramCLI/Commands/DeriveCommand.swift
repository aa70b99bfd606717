import ArgumentParser
import Autodiff
import Calculus
import CharLM
import Foundation

/// `bigram derive EXPR --at x=2,y=5`: value, partial derivatives, gradient, Hessian, Newton step
/// and Taylor table of any expression, from the same autodiff engine as the models.
struct DeriveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "derive",
    abstract: "Differentiate an expression at a point: partials, gradient, Hessian, Newton step, Taylor table.",
    discussion: """
      Numbers, variables, + - * / ^ (or **), unary minus, parentheses and exp, log, sqrt, tanh, sigmoid, relu,
      sin, cos, abs. Example: bigram derive "x^2 + 3*y" --at x=2,y=5 --direction dx=1,dy=0
      """)

  @Argument(help: "The expression, e.g. \"x^2 + 3*y\" (quote it for the shell).")
  var expression: String
  @Option(help: "The point, e.g. x=2,y=5 (variables not given are 0).", transform: Assignments.parse)
  var at: [String: Double] = [:]
  @Option(help: "A direction for the Taylor table, e.g. dx=1,dy=0.", transform: Assignments.parse)
  var direction: [String: Double]?
  @Option(help: "Write the computation graph with each node's value and gradient as Graphviz DOT.")
  var dot: String?
  @OptionGroup var output: OutputOptions

  func run() throws {
    let parsed: Calculus.Expression
    do {
      parsed = try Calculus.Expression(parsing: expression)
    } catch {
      // rendered() shows control characters as spaces, so its two lines are layout alone.
      throw CommandFailure(
        message: "cannot parse the expression:\n" + error.rendered(), exitCode: 65, isMultiline: true)
    }
    let variables = parsed.variables
    // Variables not given are 0, as --at's help says.
    let point = at.merging(variables.map { ($0, 0.0) }) { given, _ in given }
    // `dx=1` names the direction along x; plain `x=1` is accepted too.
    let along = direction.map { components in
      Dictionary(
        components.map { key, value in
          (
            key.hasPrefix("d") && !variables.contains(key) && variables.contains(String(key.dropFirst()))
              ? String(key.dropFirst()) : key, value
          )
        }, uniquingKeysWith: { $1 })
    }
    let analysis: DerivativeAnalysis
    do {
      analysis = try DerivativeAnalysis(of: parsed, at: point, along: along)
    } catch {
      throw CommandFailure(message: error.description, exitCode: 65)
    }
    if let dot {
      let graph = try DOTGraph(of: parsed, at: point)
      try AtomicFile.write(graph.source, to: URL(fileURLWithPath: dot))
    }
    if output.json {
      try JSONOutput.print(DeriveReport(analysis))
    } else {
      print(DeriveReport(analysis).text(analysis: analysis, dot: dot))
    }
  }
}

/// `name=value` pairs separated by commas.
enum Assignments {
  static func parse(_ text: String) throws -> [String: Double] {
    var result: [String: Double] = [:]
    for part in text.split(separator: ",") {
      let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard pieces.count == 2, !pieces[0].isEmpty, let value = Double(pieces[1]), value.isFinite else {
        throw ValidationError("expected name=number pairs separated by commas, like x=2,y=5; got '\(part)'")
      }
      guard result[pieces[0]] == nil else { throw ValidationError("\(pieces[0]) is given twice") }
      result[pieces[0]] = value
    }
    return result
  }
}

/// What `bigram derive` prints.
struct DeriveReport: Encodable {
  let expression: String
  let variables: [String]
  let value: Double
  let gradient: [String: Double]
  let partialDerivatives: [String: String]
  let gradientNorm: Double
  let gradientDirection: [String: Double]?
  let finiteDifference: [String: Double]?
  let finiteDifferenceMaxAbsError: Double?
  let hessian: [[Double]]?
  let newtonStep: [String: Double]?
  let taylor: DerivativeAnalysis.TaylorTable?

  init(_ analysis: DerivativeAnalysis) {
    let names = analysis.variables
    func byName(_ values: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, values)) }
    expression = analysis.expression
    variables = names
    value = analysis.value
    gradient = byName(analysis.gradient)
    partialDerivatives = Dictionary(uniqueKeysWithValues: zip(names, analysis.partialDerivatives))
    gradientNorm = analysis.gradientNorm
    gradientDirection = analysis.gradientDirection.map(byName)
    finiteDifference = analysis.finiteDifferenceGradient.map(byName)
    finiteDifferenceMaxAbsError = analysis.finiteDifferenceMaxAbsError
    hessian = analysis.hessian
    newtonStep = analysis.newtonStep.map(byName)
    taylor = analysis.taylor
  }

  // `newtonStep` is written as null (not left out) when H is singular, as the contract says.
  enum CodingKeys: String, CodingKey {
    case expression, variables, value, gradient, partialDerivatives, gradientNorm, gradientDirection
    case finiteDifference, finiteDifferenceMaxAbsError, hessian, newtonStep, taylor
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(expression, forKey: .expression)
    try container.encode(variables, forKey: .variables)
    try container.encode(value, forKey: .value)
    try container.encode(gradient, forKey: .gradient)
    try container.encode(partialDerivatives, forKey: .partialDerivatives)
    try container.encode(gradientNorm, forKey: .gradientNorm)
    try container.encode(gradientDirection, forKey: .gradientDirection)
    try container.encode(finiteDifference, forKey: .finiteDifference)
    try container.encode(finiteDifferenceMaxAbsError, forKey: .finiteDifferenceMaxAbsError)
    try container.encode(hessian, forKey: .hessian)
    try container.encode(newtonStep, forKey: .newtonStep)
    try container.encodeIfPresent(taylor, forKey: .taylor)
  }

  func text(analysis: DerivativeAnalysis, dot: String?) -> String {
    let point = zip(variables, analysis.point).map { "\($0) = \(Format.number($1))" }.joined(separator: ", ")
    var lines = ["f = \(expression) at \(point)", "", "f = \(Format.number(value))", ""]
    for (index, name) in variables.enumerated() {
      lines.append(
        "∂f/∂\(name) = \(analysis.partialDerivatives[index]) = \(Format.number(analysis.gradient[index]))"
          + (finiteDifference.map { "   (finite difference \(Format.number($0[name] ?? .nan)))" } ?? ""))
    }
    lines.append("")
    lines.append(
      "‖∇f‖ = \(Format.number(gradientNorm))"
        + (analysis.gradientDirection.map {
          ", steepest ascent along (" + $0.map { Format.number($0) }.joined(separator: ", ") + ")"
        } ?? " (a stationary point: no direction of ascent)"))
    if let error = finiteDifferenceMaxAbsError {
      lines.append("autodiff vs central finite differences: max |Δ| = \(String(format: "%.1e", error))")
    }
    if let hessian {
      lines.append("")
      lines.append("Hessian (rows and columns in the order \(variables.joined(separator: ", "))):")
      for row in hessian {
        lines.append("  [" + row.map { String(format: "%10.6g", $0) }.joined(separator: " ") + " ]")
      }
      if let step = analysis.newtonStep {
        lines.append(
          "Newton step −H⁻¹∇f = (" + step.map { Format.number($0) }.joined(separator: ", ")
            + "): the minimum of the local quadratic model")
      } else {
        lines.append("Newton step: undefined, H is singular (no unique minimum of the quadratic model)")
      }
    } else if let issue = analysis.hessianIssue {
      lines.append("Hessian: \(issue)")
    }
    if let taylor {
      lines.append("")
      lines.append(
        "Taylor along d = (" + taylor.direction.map { Format.number($0) }.joined(separator: ", ")
          + "): slope ⟨∇f, d⟩ = "
          + Format.number(taylor.slope) + (taylor.halfCurvature.map { ", ½dᵀHd = \(Format.number($0))" } ?? ""))
      lines.append("       ε     f(x+εd)    1st order    2nd order   1st error   2nd error   1st err/ε²   2nd err/ε³")
      for row in taylor.rows {
        func cell(_ value: Double?, _ format: String) -> String {
          value.map { String(format: format, $0) } ?? "         —"
        }
        lines.append(
          String(format: "  %6.0e", row.epsilon) + " " + cell(row.value, "%11.6g") + "  "
            + cell(row.firstOrder, "%11.6g")
            + "  " + cell(row.secondOrder, "%11.6g") + " " + cell(row.firstOrderError, "%11.3e") + " "
            + cell(row.secondOrderError, "%11.3e") + "  " + cell(row.firstOrderErrorOverEpsilonSquared, "%11.6g") + "  "
            + cell(row.secondOrderErrorOverEpsilonCubed, "%11.6g"))
      }
    }
    if let dot { lines.append("\ncomputation graph written to \(dot) (render with: dot -Tsvg \(dot) -o graph.svg)") }
    return lines.joined(separator: "\n")
  }
}
