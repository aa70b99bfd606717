import Foundation
import Reports
import Testing

@Suite("JSONLines")
struct JSONLinesTests {
  struct Record: Codable, Equatable {
    var step: Int
    var loss: Double
    var note: String
  }

  @Test("one compact object per line with sorted keys, newlines in strings escaped")
  func encoding() throws {
    let records = [Record(step: 1, loss: 2.5, note: "a/b"), Record(step: 2, loss: 0.125, note: "two\nlines")]
    let text = String(decoding: try JSONLines.encode(records), as: UTF8.self)
    #expect(
      text == "{\"loss\":2.5,\"note\":\"a/b\",\"step\":1}\n{\"loss\":0.125,\"note\":\"two\\nlines\",\"step\":2}\n")
    #expect(try JSONLines.decode(Record.self, from: Data(text.utf8)) == records)
  }

  @Test("non-finite losses of a divergent run are written as strings and read back")
  func nonFinite() throws {
    let records = [Record(step: 7, loss: .infinity, note: ""), Record(step: 8, loss: -.infinity, note: "")]
    let data = try JSONLines.encode(records + [Record(step: 9, loss: .nan, note: "")])
    #expect(String(decoding: data, as: UTF8.self).contains("\"loss\":\"NaN\""))
    let decoded = try JSONLines.decode(Record.self, from: data)
    #expect(Array(decoded.prefix(2)) == records)
    #expect(decoded[2].loss.isNaN)
  }

  @Test("a line that does not decode is reported by its number; blank lines are skipped")
  func badLine() throws {
    let data = Data("{\"loss\":1,\"note\":\"\",\"step\":1}\n\n{\"loss\":1,\"step\":2}\n".utf8)
    let error = try #require(throws: JSONLines.LineError.self) { try JSONLines.decode(Record.self, from: data) }
    #expect(error.line == 3)
    #expect(error.description.hasPrefix("line 3: "))
  }

  @Test(
    "Python's json module reads every line",
    .enabled(if: Python.isAvailable, "python3 not found: json cross-check skipped"))
  func pythonReadsBack() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("history.jsonl")
    try JSONLines.write(
      [Record(step: 1, loss: 3.25, note: "é ∑ \"q\""), Record(step: 2, loss: 2.5, note: "")], to: url)
    let script = """
      import json, sys
      rows = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
      assert rows == [{'step': 1, 'loss': 3.25, 'note': 'é ∑ "q"'}, {'step': 2, 'loss': 2.5, 'note': ''}], rows
      print('ok')
      """
    let result = try Python.run(script, arguments: [url.path])
    #expect(result.status == 0 && result.output == "ok\n", "\(result.output)")
  }
}
