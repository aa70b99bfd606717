import Foundation
import TestSupport
import Testing

/// The built `bigram` binary run on real files, good and bad.
@Suite struct BinaryTests {
  private func json(_ result: BigramBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8), options: [.fragmentsAllowed])
    return try #require(object as? [String: Any])
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func countsJSONOnNamesTxt() throws {
    let names = try #require(SharedData.namesURL).path
    let result = try BigramBinary.run(["counts", "-i", names, "--json", "--split", "80,10,10"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try json(result)
    #expect(object["words"] as? Int == 32_033)
    #expect(object["uniqueWords"] as? Int == 29_494)
    #expect(object["bigrams"] as? Int == 228_146)
    #expect(object["vocabulary"] as? String == ".abcdefghijklmnopqrstuvwxyz")
    #expect(object["smoothing"] as? Double == 1)
    // Figures quoted in the foundation issue (Utilities/Reference/bigram_counts.py reproduces them).
    #expect(abs((object["nll"] as? Double ?? 0) - 2.4545768) < 1e-7)
    #expect((object["perplexity"] as? Double ?? 0) > 11.6)
    #expect(object["seconds"] is Double)
    for part in ["train", "dev", "test"] {
      let entry = try #require(object[part] as? [String: Any])
      #expect((entry["words"] as? Int ?? 0) > 0)
      #expect((entry["bigrams"] as? Int ?? 0) > 0)
      #expect(entry["nll"] is Double)
    }
  }

  @Test func noArgumentsRunsTheTourOnTheBuiltInCorpus() throws {
    let directory = try TemporaryDirectory()
    let result = try BigramBinary.run([], in: directory.url)
    #expect(result.status == 0, "\(result.standardError)")
    for step in ["1. Counts", "3. The neural net", "4. Gradient check", "5. Taylor", "6. Learning rates", "7. Samples"]
    {
      #expect(result.standardOutput.contains(step), "\(step)")
    }
    #expect(result.standardOutput.contains("built-in"))
    #expect(result.standardOutput.contains("bigram-report.html"))
    #expect(result.standardError.isEmpty)
    let report = try String(
      contentsOf: directory.url.appendingPathComponent("bigram-report.html"), encoding: .utf8)
    #expect(report.contains("<svg"))
  }

  @Test func tourJSON() throws {
    let directory = try TemporaryDirectory()
    let result = try BigramBinary.run(["--no-report", "--json"], in: directory.url)
    #expect(result.status == 0, "\(result.standardError)")
    let object = try json(result)
    let rates = try #require(object["learningRates"] as? [[String: Any]])
    #expect(rates.compactMap { $0["verdict"] as? String }.contains("divergent"))
    #expect(object["report"] == nil)
    #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("bigram-report.html").path))
  }

  @Test func sampleIsDeterministicAcrossRuns() throws {
    let first = try BigramBinary.run(["sample", "-n", "20", "--seed", "123", "--json"])
    let second = try BigramBinary.run(["sample", "-n", "20", "--seed", "123", "--json"])
    #expect(first.status == 0)
    #expect(first.standardOutput == second.standardOutput)
    let samples = try #require(try json(first)["samples"] as? [[String: Any]])
    #expect(samples.count == 20)
    #expect(samples.allSatisfy { $0["word"] is String && $0["inTrainingData"] is Bool })
  }

  @Test func scoreJSONAndUnknownCharacters() throws {
    let ok = try BigramBinary.run(["score", "anna", "--json"])
    #expect(ok.status == 0)
    let scores = try #require(try json(ok)["scores"] as? [[String: Any]])
    #expect(scores.first?["word"] as? String == "anna")
    #expect(scores.first?["events"] as? Int == 5)
    let bad = try BigramBinary.run(["score", "an9a"])
    #expect(bad.status == 65)
    #expect(bad.standardError.contains("\"an9a\"") && bad.standardError.contains("'9'"))
  }

  @Test func infiniteNLLIsReportedNotNaN() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("tiny.txt", text: "ab\nba\n")
    let result = try BigramBinary.run(["score", "-i", path, "--smoothing", "0", "aa", "--json"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("\"-Infinity\""))
    #expect(!result.standardOutput.contains("NaN"))
  }

  /// Each bad input: one clear message naming the file, a non-zero exit, never a trap.
  @Test func badInputs() throws {
    let directory = try TemporaryDirectory()
    let cases: [(arguments: [String], status: Int32, message: String)] = [
      (["counts", "-i", directory.url.appendingPathComponent("missing.txt").path], 66, "no such file"),
      (["counts", "-i", directory.url.path], 66, "is a directory"),
      (["counts", "-i", try directory.file("empty.txt", bytes: [])], 65, "empty"),
      (["counts", "-i", try directory.file("blank.txt", text: "\n  \n\n")], 65, "blank"),
      (
        ["counts", "-i", try directory.file("latin1.txt", bytes: [0x61, 0x0A, 0xE9, 0x0A])], 65, ":2: not valid UTF-8"
      ),
      (["counts", "-i", try directory.file("binary.bin", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2])], 65, "binary"),
      (
        ["counts", "-i", try directory.file("long.txt", text: String(repeating: "a", count: 1_000_000))], 65,
        "1000000 characters"
      ),
      (["counts", "-i", try directory.file("dots.txt", text: "ann\nst.john\n")], 65, ":2:"),
      (["counts", "--smoothing", "-1"], 64, "--smoothing"),
      (["counts", "--split", "80,10"], 64, "--split"),
    ]
    for (arguments, status, message) in cases {
      let result = try BigramBinary.run(arguments)
      #expect(result.status == status, "\(arguments): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(arguments)")
      if let path = arguments.dropFirst(2).first, status != 64 {
        #expect(result.standardError.contains(path), "message should name \(path): \(result.standardError)")
      }
    }
  }
}

/// `bigram train` through the binary: the JSON contract and the work directory.
@Suite struct TrainBinaryTests {
  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func trainJSONOnNamesTxt() throws {
    let names = try #require(SharedData.namesURL).path
    let directory = try TemporaryDirectory()
    let work = directory.url.appendingPathComponent("run").path
    let result = try BigramBinary.run([
      "train", "-i", names, "--l2", "0.01", "--learning-rate", "50", "--steps", "100", "--json", "-o", work,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let history = try #require(object["history"] as? [[String: Any]])
    #expect(history.count == 101)
    #expect(history.enumerated().allSatisfy { $0.element["step"] as? Int == $0.offset })
    for key in ["loss", "nll", "gradNorm", "learningRate"] { #expect(history[0][key] is Double, "\(key)") }
    // The reference figures (Utilities/Reference/softmax_bigram.py).
    #expect(abs((history[1]["loss"] as? Double ?? 0) - 3.051065) < 5e-7)
    #expect(abs((history[100]["loss"] as? Double ?? 0) - 2.486796) < 5e-7)
    let final = try #require(object["final"] as? [String: Any])
    #expect(final["step"] as? Int == 100)
    #expect(final["seconds"] is Double)
    for file in ["checkpoint.bigram", "history.csv", "history.jsonl", "weights.npy"] {
      #expect(FileManager.default.fileExists(atPath: work + "/" + file), "\(file)")
    }
    let csv = try String(contentsOfFile: work + "/history.csv", encoding: .utf8)
    #expect(csv.split(whereSeparator: \.isNewline).count == 102)
    let sample = try BigramBinary.run(["sample", "--model", work, "-n", "3", "--json"])
    #expect(sample.status == 0, "\(sample.standardError)")
    let thinned = try BigramBinary.run(["train", "-i", names, "--steps", "100", "--log-every", "30", "--json"])
    let steps = try #require(
      (try JSONSerialization.jsonObject(with: Data(thinned.standardOutput.utf8)) as? [String: Any])?["history"]
        as? [[String: Any]]
    ).compactMap { $0["step"] as? Int }
    #expect(steps == [0, 30, 60, 90, 100])
  }

  @Test func saveAndInitFromNumPy() throws {
    let directory = try TemporaryDirectory()
    let npy = directory.url.appendingPathComponent("w.npy").path
    let first = try BigramBinary.run(["train", "--steps", "5", "--save-npy", npy, "--json"])
    #expect(first.status == 0, "\(first.standardError)")
    let second = try BigramBinary.run(["train", "--steps", "0", "--init", npy, "--json"])
    #expect(second.status == 0, "\(second.standardError)")
    func finalLoss(_ result: BigramBinary.Result) throws -> Double? {
      ((try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])?["final"]
        as? [String: Any])?["loss"] as? Double
    }
    // Starting from the saved W gives exactly the loss where the first run ended.
    #expect(try finalLoss(first) == (try finalLoss(second)))
    let wrong = try directory.file("wrong.npy", bytes: Array("not numpy".utf8))
    let refused = try BigramBinary.run(["train", "--init", wrong])
    #expect(refused.status == 65)
    #expect(refused.standardError.contains("wrong.npy"))
  }

  @Test func resumeKeepsTheSavedStepsUnlessToldOtherwise() throws {
    let directory = try TemporaryDirectory()
    let work = directory.url.appendingPathComponent("run").path
    #expect(try BigramBinary.run(["train", "--steps", "20", "-o", work, "--json"]).status == 0)
    func finalStep(_ arguments: [String]) throws -> Int? {
      let result = try BigramBinary.run(arguments)
      let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
      return (object?["final"] as? [String: Any])?["step"] as? Int
    }
    // The default --steps (100) must not silently extend a 20-step run.
    #expect(try finalStep(["train", "--resume", work, "--json"]) == 20)
    #expect(try finalStep(["train", "--resume", work, "--steps", "30", "--json"]) == 30)
  }
}
