import Foundation
import Reports
import Testing

@Suite("CSVTable")
struct CSVTableTests {
  struct Step {
    var step: Int
    var loss: Double
    var note: String
  }

  static let awkward = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "crlf\r\n", "", " padded "]

  @Test("quotes exactly the fields RFC 4180 requires, doubling inner quotes, and ends lines with CRLF")
  func quoting() {
    var table = CSVTable(header: ["name", "value"])
    for field in Self.awkward {
      table.append([field, "1"])
    }
    // Written by hand from RFC 4180 §2: fields with comma, quote, CR or LF are quoted.
    let expected =
      "name,value\r\nplain,1\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\",1\r\n\"two\nlines\",1\r\n\"cr\r\",1\r\n"
      + "\"crlf\r\n\",1\r\n,1\r\n padded ,1\r\n"
    #expect(table.text == expected)
  }

  @Test("builds rows from any element type through named columns")
  func columns() {
    let steps = [Step(step: 0, loss: 3.29, note: "start"), Step(step: 100, loss: 2.48, note: "lr=10, no decay")]
    let table = CSVTable(
      steps,
      columns: [
        CSVColumn("step") { "\($0.step)" }, CSVColumn("loss") { "\($0.loss)" }, CSVColumn("note") { $0.note },
      ])
    #expect(table.header == ["step", "loss", "note"])
    #expect(table.rows == [["0", "3.29", "start"], ["100", "2.48", "lr=10, no decay"]])
    #expect(table.text == "step,loss,note\r\n0,3.29,start\r\n100,2.48,\"lr=10, no decay\"\r\n")
  }

  @Test(
    "Python's csv module reads back exactly the cells written",
    .enabled(if: Python.isAvailable, "python3 not found: csv cross-check skipped"))
  func pythonReadsBack() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var table = CSVTable(header: ["cell", "index"])
    for (index, field) in (Self.awkward + ["ünï,cødé ∑"]).enumerated() {
      table.append([field, String(index)])
    }
    let url = directory.file("cells.csv")
    try table.write(to: url)

    let script = """
      import csv, json, sys
      with open(sys.argv[1], newline='', encoding='utf-8') as f:
          print(json.dumps(list(csv.reader(f))))
      """
    let result = try Python.run(script, arguments: [url.path])
    try #require(result.status == 0, "\(result.output)")
    let parsed = try JSONDecoder().decode([[String]].self, from: Data(result.output.utf8))
    #expect(parsed == [table.header] + table.rows)
  }
}
