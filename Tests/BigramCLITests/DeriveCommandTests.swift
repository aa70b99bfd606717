import Foundation
import TestSupport
import Testing

@testable import BigramCLI

@Suite struct DeriveCommandTests {
  @Test func assignmentsParse() throws {
    #expect(try Assignments.parse("x=2,y=5") == ["x": 2, "y": 5])
    #expect(try Assignments.parse("dx=1, dy=-0.5") == ["dx": 1, "dy": -0.5])
    for bad in ["x", "x=", "=2", "x=2,x=3", "x=nan", "x=abc"] {
      #expect(throws: (any Error).self, "\(bad)") { try Assignments.parse(bad) }
    }
  }

  /// The seed's section 2 example: x² + 3y at (2, 5) has partials 4 and 3, Hessian [[2, 0], [0, 0]]
  /// (singular, so no Newton step).
  @Test func jsonContractOnTheSeedExample() throws {
    let result = try BigramBinary.run(["derive", "x^2 + 3*y", "--at", "x=2,y=5", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["variables"] as? [String] == ["x", "y"])
    #expect(object["value"] as? Double == 19)
    #expect(object["gradient"] as? [String: Double] == ["x": 4, "y": 3])
    #expect(object["hessian"] as? [[Double]] == [[2, 0], [0, 0]])
    #expect(object["newtonStep"] is NSNull)
    let finite = try #require(object["finiteDifference"] as? [String: Double])
    #expect(abs((finite["x"] ?? 0) - 4) < 1e-6 && abs((finite["y"] ?? 0) - 3) < 1e-6)
  }

  @Test func newtonStepOfAConvexQuadratic() throws {
    // f = (x−1)² + 2(y+3)² at (0, 0): the Newton step lands on the minimum, (1, −3).
    let result = try BigramBinary.run(["derive", "(x-1)^2 + 2*(y+3)^2", "--at", "x=0,y=0", "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let step = try #require(object["newtonStep"] as? [String: Double])
    #expect(abs((step["x"] ?? 0) - 1) < 1e-12 && abs((step["y"] ?? 0) + 3) < 1e-12)
  }

  @Test func badExpressionsPointAtTheError() throws {
    let result = try BigramBinary.run(["derive", "x^2 + * y", "--at", "x=2"])
    #expect(result.status == 65)
    #expect(result.standardError.contains("x^2 + * y\n      ^"))
    // Too deep (300 nested parentheses) and too long (20,000 characters): refused, never a crash.
    for count in [300, 10_000] {
      let deep = String(repeating: "(", count: count) + "x" + String(repeating: ")", count: count)
      let refused = try BigramBinary.run(["derive", deep, "--at", "x=1"])
      #expect(refused.status == 65, "\(count)")
      #expect(refused.standardError.contains("^"), "\(count)")
    }
  }

  @Test func taylorTableAndDotFile() throws {
    let directory = try TemporaryDirectory()
    let dot = directory.url.appendingPathComponent("graph.dot").path
    let result = try BigramBinary.run([
      "derive", "exp(x)*sin(y)", "--at", "x=0.3,y=0.7", "--direction", "dx=1,dy=-2", "--dot", dot, "--json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let taylor = try #require(object["taylor"] as? [String: Any])
    #expect((taylor["rows"] as? [Any])?.count == 5)
    let graph = try String(contentsOfFile: dot, encoding: .utf8)
    #expect(graph.hasPrefix("digraph"))
  }
}
