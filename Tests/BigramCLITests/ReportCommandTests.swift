import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import BigramCLI

/// `bigram report`: parsing in-process, and the built binary writing the page on a temporary
/// corpus that holds a hostile word.
@Suite struct ReportCommandTests {
  private static let corpus = "<script>alert(1)</script>\nalice\ntracie\npat\ncarl\nlisa\npierce\nclara\ntess\n"
  private static let titles = [
    "Corpus statistics", "Counts N and probabilities P", "Samples from the counts and from the net",
    "The gradient ∂L/∂W at W = 0", "Learning rates and the stability bound", "The optimizer race",
    "The Taylor expansion at W = 0", "Checking the gradient", "Counts and the net after training",
    "Longer contexts: n-gram count models",
  ]

  @Test func options() throws {
    let command = try #require(
      try BigramCommand.parseAsRoot([
        "report", "-i", "names.txt", "-o", "out.html", "--seed", "7", "--l2", "0.1", "--samples", "5", "--json",
      ]) as? ReportCommand)
    #expect(command.corpusOptions.input == "names.txt" && command.outputPath == "out.html")
    #expect(command.seedOptions.seed == 7 && command.l2 == 0.1 && command.sampleCount == 5 && command.output.json)
    let defaults = try #require(try BigramCommand.parseAsRoot(["report", "-o", "r.html"]) as? ReportCommand)
    #expect(defaults.l2 == 0.01 && defaults.sampleCount == 20 && defaults.corpusOptions.input == nil)
  }

  @Test(arguments: [
    ["report"], ["report", "-o", "r.html", "--l2", "-1"], ["report", "-o", "r.html", "--samples", "1001"],
  ])
  func badArgumentsAreRefused(arguments: [String]) {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(arguments) }
  }

  @Test func writesThePageAtomicallyAndSummarisesItAsJSON() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("hostile.txt", text: Self.corpus)
    let output = directory.url.appendingPathComponent("report.html")
    // An old page to replace: the write must swap the whole file, not append or truncate.
    try Data("old".utf8).write(to: output)
    let result = try BigramBinary.run(["report", "-i", input, "-o", output.path, "--samples", "5", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["path"] as? String == output.path)
    #expect(object["sections"] as? [String] == Self.titles)
    let page = try Data(contentsOf: output)
    #expect(object["bytes"] as? Int == page.count)
    let html = String(decoding: page, as: UTF8.self)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.lowercased().contains("<script>alert") && !html.contains("http://") && !html.contains("https://"))
    // The word reaches the controls' data only as JSON with \u escapes.
    #expect(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
    // No temporary file is left beside the page.
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
    #expect(entries == ["hostile.txt", "report.html"])
  }

  @Test func twoRunsWriteTheSameBytesUnlessTimingsAreAsked() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("words.txt", text: "anna\nbob\ncarla\nemma\nolivia\n")
    var pages: [Data] = []
    for name in ["a.html", "b.html", "timed.html"] {
      let output = directory.url.appendingPathComponent(name).path
      let result = try BigramBinary.run(
        ["report", "-i", input, "-o", output, "--samples", "3"] + (name == "timed.html" ? ["--timings"] : []))
      #expect(result.status == 0, "\(result.standardError)")
      pages.append(try Data(contentsOf: URL(fileURLWithPath: output)))
    }
    #expect(pages[0] == pages[1])
    #expect(!String(decoding: pages[0], as: UTF8.self).contains("time to L*"))
    #expect(String(decoding: pages[2], as: UTF8.self).contains("time to L* + 1e-6"))
  }

  @Test func textOutputListsTheSections() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("words.txt", text: "anna\nbob\ncarla\n")
    let output = directory.url.appendingPathComponent("r.html").path
    let result = try BigramBinary.run(["report", "-i", input, "-o", output, "--samples", "3"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("wrote \(output)"))
    #expect(result.standardOutput.contains("9. Counts and the net after training"))
  }

  @Test func unwritableDestinationFailsCleanly() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("words.txt", text: "anna\nbob\n")
    let output = directory.url.appendingPathComponent("missing/report.html").path
    let result = try BigramBinary.run(["report", "-i", input, "-o", output])
    #expect(result.status == 74)
    #expect(result.standardError.contains("does not exist") && result.standardError.contains(output))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func tooManySymbolsAreRefusedWithAHint() throws {
    let directory = try TemporaryDirectory()
    // 129 distinct letters and '.': V = 130, above the 128 a report shows.
    let words = (0..<129).compactMap { Unicode.Scalar(0x100 + $0).map { String(repeating: Character($0), count: 2) } }
    let input = try directory.file("wide.txt", text: words.joined(separator: "\n"))
    let output = directory.url.appendingPathComponent("report.html").path
    let result = try BigramBinary.run(["report", "-i", input, "-o", output])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(input): 130 symbols") && result.standardError.contains("filter"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func badCorpusIsRefusedBeforeAnythingIsWritten() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("dots.txt", text: "ann\nst.john\n")
    let output = directory.url.appendingPathComponent("report.html").path
    let result = try BigramBinary.run(["report", "-i", input, "-o", output])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(input):2:"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }
}
