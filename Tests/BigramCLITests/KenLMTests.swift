import CharLM
import Foundation
import TestSupport
import Testing

/// The ARPA file `bigram counts --arpa` writes, loaded by KenLM (its Python module, `pip install
/// kenlm`): KenLM's dev NLL (`Utilities/Reference/kenlm_score.py`) is the one `bigram counts` prints.
/// Skipped with a note where kenlm is not installed, unless `BIGRAM_REQUIRE_KENLM=1` (CI) makes it run.
@Suite(.enabled(if: KenLM.isAvailableOrRequired)) struct KenLMTests {
  @Test(arguments: [2, 3, 4, 6]) func kenLMScoresTheDevWordsAsWeDo(order: Int) throws {
    try KenLM.compare(order: order)
  }

  /// A model made by KenLM's own lmplz (`Utilities/Reference/golden/lmplz-3.arpa`, one `<s>`, `<unk>`):
  /// `bigram score --arpa` gives KenLM's log-likelihood of each word.
  @Test func lmplzModelScoresAsInKenLM() throws {
    let arpa = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/golden/lmplz-3.arpa").path
    let words = Array(Corpus.builtIn.words.enumerated().filter { $0.offset % 8 == 4 }.map(\.element).prefix(200))
    let folder = try TemporaryDirectory()
    let list = try folder.file("words.txt", text: words.joined(separator: "\n") + "\n")
    let run = try BigramBinary.run(["score", "--arpa", arpa, "--json"] + words)
    #expect(run.status == 0, "\(run.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let scores = try #require(json["scores"] as? [[String: Any]])
    let total = scores.compactMap { $0["logLikelihood"] as? Double }.reduce(0, +)
    let events = scores.compactMap { $0["events"] as? Int }.reduce(0, +)
    #expect(scores.count == words.count && events == words.reduce(0) { $0 + $1.count + 1 })
    let script = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/kenlm_score.py").path
    let kenlm = try KenLM.python([script, arpa, "3", list])
    #expect(kenlm.status == 0, "\(kenlm.error)")
    let first = kenlm.output.split(separator: " ").first.map { String($0) } ?? ""
    let theirs = try #require(Double(first), "kenlm_score.py printed \(kenlm.output.debugDescription)")
    let ours = -total / Double(events)
    #expect(abs(theirs - ours) <= 1e-6 * ours, "KenLM \(theirs), bigram \(ours)")
  }
}

/// Python's kenlm module, run as a separate process.
enum KenLM {
  static var isAvailableOrRequired: Bool {
    if ProcessInfo.processInfo.environment["BIGRAM_REQUIRE_KENLM"] == "1" { return true }
    let available = (try? python(["-c", "import kenlm"]).status) == 0
    if !available {
      FileHandle.standardError.write(
        Data("note: Python's kenlm module is missing; the ARPA/KenLM tests are skipped (pip install kenlm)\n".utf8))
    }
    return available
  }

  static func python(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
  }

  /// KenLM cannot load a unigram model ("assumes at least a bigram model"), so orders start at 2.
  static func compare(order: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kenlm-\(order)-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let split = CorpusSplit(corpus: .builtIn, percentages: [80, 20, 0], seed: 42)
    let train = folder.appendingPathComponent("train.txt")
    let dev = folder.appendingPathComponent("dev.txt")
    try Data((split.train.words.joined(separator: "\n") + "\n").utf8).write(to: train)
    try Data((split.dev.words.joined(separator: "\n") + "\n").utf8).write(to: dev)
    let arpa = folder.appendingPathComponent("model.arpa")
    let run = try BigramBinary.run([
      "counts", "--train", train.path, "--dev", dev.path, "--order", String(order), "--arpa", arpa.path, "--json",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let ours = try #require((json["dev"] as? [String: Any])?["nll"] as? Double)
    let script = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/kenlm_score.py").path
    let kenlm = try python([script, arpa.path, String(order), dev.path])
    #expect(kenlm.status == 0, "\(kenlm.error)")
    let fields = kenlm.output.split(separator: " ")
    let first = fields.first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    let theirs = try #require(Double(first), "kenlm_score.py printed \(kenlm.output.debugDescription)")
    #expect(abs(theirs - ours) <= 1e-6 * ours, "KenLM \(theirs), bigram \(ours)")
    #expect(
      Int(fields.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        == split.dev.words.reduce(0) { $0 + $1.count + 1 })
  }
}
