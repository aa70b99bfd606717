import Autodiff
import Foundation
import Testing

@testable import Calculus

/// `DOTGraph`: well-formed DOT with one record per value, the values and gradients of the tape,
/// and escaped labels.
@Suite struct DOTGraphTests {
  @Test func aSmallExpression() throws {
    let source = try DOTGraph(of: parsed("x*x + 3*y"), at: ["x": 2, "y": 5]).source
    let lines = source.split(separator: "\n").map(String.init)
    #expect(lines.first == "digraph computation {" && lines.last == "}")
    #expect(source.filter { $0 == "{" }.count == source.filter { $0 == "}" }.count)
    // Values on the tape: x, y, x*x, 3, 3*y, the sum; ops: *, *, +.
    let records = lines.filter { $0.contains("[shape=record") }
    let ops = lines.filter { $0.hasSuffix("_op [label=\"*\"];") || $0.hasSuffix("_op [label=\"+\"];") }
    #expect(records.count == 6 && ops.count == 3)
    #expect(records.contains("  n0 [shape=record, label=\"{ x | data 2 | grad 4 }\"];"))
    #expect(records.contains("  n1 [shape=record, label=\"{ y | data 5 | grad 3 }\"];"))
    #expect(records.contains("  n5 [shape=record, label=\"{ x*x + 3*y | data 19 | grad 1 }\"];"))
    // x*x draws one edge from x, as micrograd's edge set does.
    #expect(lines.filter { $0 == "  n0 -> n2_op;" }.count == 1)
    // Every edge joins defined nodes.
    let defined = Set(
      lines.compactMap { $0.split(separator: " ").first(where: { $0.hasPrefix("n") && !$0.contains("->") }) }
        .map(String.init))
    for edge in lines where edge.contains("->") {
      let ends = edge.trimmingCharacters(in: .whitespaces).dropLast().components(separatedBy: " -> ")
      #expect(ends.count == 2 && ends.allSatisfy(defined.contains), "\(edge)")
    }
  }

  @Test func labelsAreEscaped() {
    // Through Autodiff's public recording entry point: one input, returned as the output (∂/∂x = 1).
    let source = DOTGraph(at: [Tensor(1)]) { inputs, label in
      label(inputs[0], #"a|b{c}<d>"e\"#)
      return inputs[0]
    }.source
    #expect(source.contains(#"label="{ a\|b\{c\}\<d\>\"e\\ | data 1 | grad 1 }""#))
  }

  @Test func unknownVariablesAndUndefinedValuesAreRefused() throws {
    #expect(throws: DerivativeAnalysisError.unknownVariable(name: "z", variables: ["x"])) {
      try DOTGraph(of: parsed("x"), at: ["x": 1, "z": 2])
    }
    #expect(throws: DerivativeAnalysisError.self) { try DOTGraph(of: parsed("log(x)"), at: ["x": 0]) }
  }
}
