import Foundation

/// The computation graph of one evaluation and backward pass as Graphviz DOT, drawn as micrograd's
/// `draw_dot` draws it: a record node `{ label | data … | grad … }` per value on the tape, an
/// ellipse per operation, and edges input → operation → output. Render with `dot -Tsvg`.
///
/// `grad` is ∂f/∂node from reverse mode; a variable used twice is one node whose gradient holds
/// both contributions. Labels are whatever the recording gave (the expression calculator gives
/// the subexpression each node computes).
public struct DOTGraph: Sendable, Hashable, CustomStringConvertible {
  /// The DOT source.
  public let source: String

  /// The DOT source.
  public var description: String { source }

  /// The graph of a scalar function recorded on a fresh tape: one input per tensor of `point`,
  /// `record` builds the output from them (and may name any node with `label`), then reverse mode
  /// fills every node's gradient.
  public init(at point: [Tensor], record: (_ inputs: [Variable], _ label: (Variable, String) -> Void) -> Variable) {
    let tape = Tape()
    let inputs = point.map { tape.parameter($0) }
    var labels: [Int: String] = [:]
    let output = record(inputs) { variable, text in labels[variable.index] = text }
    tape.backward(from: output)
    self.init(tape: tape, labels: labels)
  }

  /// The graph of every node on `tape` after `backward(from:)`, with the given node labels.
  init(tape: Tape, labels: [Int: String]) {
    var lines = ["digraph computation {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
    for (index, node) in tape.nodes.enumerated() {
      let gradient = tape.gradient(of: Variable(tape: tape, index: index))
      let fields = [labels[index] ?? "", "data " + Self.format(node.value), "grad " + Self.format(gradient)]
      lines.append(
        "  n\(index) [shape=record, label=\"{ \(fields.map(Self.escapedRecordField).joined(separator: " | ")) }\"];")
      guard let (symbol, operands) = node.operation.drawn else { continue }
      lines.append("  n\(index)_op [label=\"\(Self.escaped(symbol))\"];")
      lines.append("  n\(index)_op -> n\(index);")
      // A node used twice by one op (x*x) gets one edge, as micrograd's edge set does.
      for operand in operands.reduce(into: [Int](), { if !$0.contains($1) { $0.append($1) } }) {
        lines.append("  n\(operand) -> n\(index)_op;")
      }
    }
    lines.append("}")
    source = lines.joined(separator: "\n") + "\n"
  }

  /// A scalar to six significant digits; a larger tensor by its shape.
  private static func format(_ tensor: Tensor) -> String {
    tensor.count == 1 ? String(format: "%.6g", tensor.scalars[0]) : "shape \(tensor.shape)"
  }

  /// Escapes the characters that quoted DOT strings give meaning to.
  private static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
  }

  /// Escapes, in addition, the characters that structure a record label: braces, bars, angle brackets.
  private static func escapedRecordField(_ text: String) -> String {
    escaped(text).unicodeScalars.reduce(into: "") { result, scalar in
      if "{}|<>".unicodeScalars.contains(scalar) { result.append("\\") }
      result.unicodeScalars.append(scalar)
    }
  }
}

/// A constant as an expression would print it: whole numbers without a fraction (`3`, `-2`),
/// others in Swift's shortest round-tripping form (`0.1`, `1e-05`).
private func number(_ value: Double) -> String {
  value.rounded() == value && Swift.abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}

extension Operation {
  /// The symbol of the op node and the indices of its inputs; nil for a leaf, which has no op node.
  fileprivate var drawn: (symbol: String, operands: [Int])? {
    switch self {
    case .leaf: nil
    case .add(let lhs, let rhs, _): ("+", [lhs, rhs])
    case .subtract(let lhs, let rhs, _): ("-", [lhs, rhs])
    case .multiply(let lhs, let rhs, _): ("*", [lhs, rhs])
    case .divide(let lhs, let rhs, _): ("/", [lhs, rhs])
    case .affine(let input, let scale): (scale == -1 ? "neg" : "affine ×\(number(scale))", [input])
    case .matmul(let lhs, let rhs): ("matmul", [lhs, rhs])
    case .linear(let input, let weight, let bias): ("linear", [input, weight] + (bias.map { [$0] } ?? []))
    case .batchNorm(let input, let gain, let bias, _, _): ("batchNorm", [input, gain, bias])
    case .reshape(let input): ("reshape", [input])
    case .exp(let input): ("exp", [input])
    case .log(let input): ("log", [input])
    case .tanh(let input): ("tanh", [input])
    case .relu(let input): ("relu", [input])
    case .pow(let input, let exponent): ("^\(number(exponent))", [input])
    case .sin(let input): ("sin", [input])
    case .cos(let input): ("cos", [input])
    case .sqrt(let input): ("sqrt", [input])
    case .abs(let input): ("abs", [input])
    case .sigmoid(let input): ("sigmoid", [input])
    case .sum(let input, _): ("sum", [input])
    case .max(let input, _): ("max", [input])
    case .gatherRows(let table, _): ("gatherRows", [table])
    case .pick(let input, _): ("pick", [input])
    case .softmaxCrossEntropy(let logits, _, _, _): ("softmaxCrossEntropy", [logits])
    }
  }
}
