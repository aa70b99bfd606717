import Foundation
import TestSupport
import Testing

/// `bigram train --model mlp` and the commands that read its runs, through the built binary.
@Suite struct MLPCommandTests {
  private func json(_ result: BigramBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try #require(object as? [String: Any])
  }

  @Test func trainsReportsResumesSamplesAndScores() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run").path
    let small = ["--context", "2", "--embedding", "3", "--hidden", "8", "--eval-every", "50", "--quiet"]
    let result = try BigramBinary.run(["train", "--model", "mlp", "--steps", "100", "-o", run, "--json"] + small)
    #expect(result.status == 0, "\(result.standardError)")
    let report = try json(result)
    let history = try #require(report["history"] as? [[String: Any]])
    #expect(history.count == 100)
    #expect(Set(history[0].keys) == ["step", "loss", "learningRate"])
    #expect(history[49]["learningRate"] as? Double == 0.1)
    #expect(abs((history[50]["learningRate"] as? Double ?? 0) - 0.01) < 1e-15)
    let evaluations = try #require(report["evaluations"] as? [[String: Any]])
    #expect(evaluations.map { $0["step"] as? Int } == [0, 50, 100])
    #expect(evaluations.allSatisfy { $0["train"] is Double && $0["dev"] is Double })
    let final = try #require(report["final"] as? [String: Any])
    for key in ["step", "train", "dev", "test", "parameters", "seconds"] { #expect(final[key] != nil, "\(key)") }
    #expect(final["step"] as? Int == 100)
    // C 27×3, W1 6×8, γ1, β1 8 each, W_out 8×27, b_out 27.
    #expect(final["parameters"] as? Int == 81 + 48 + 16 + 216 + 27)

    // Extending the finished run continues from its state; the history grows to 150.
    let resumed = try BigramBinary.run(["train", "--resume", run, "--steps", "150", "--json", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect((try json(resumed)["history"] as? [Any])?.count == 150)

    let sample = try BigramBinary.run(["sample", "--model", run, "-n", "5", "--json", "--top-k", "5"])
    #expect(sample.status == 0, "\(sample.standardError)")
    #expect((try json(sample)["samples"] as? [Any])?.count == 5)
    let score = try BigramBinary.run(["score", "--model", run, "emma", "--json"])
    #expect(score.status == 0, "\(score.standardError)")
    let entry = try #require((try json(score)["scores"] as? [[String: Any]])?.first)
    #expect(entry["events"] as? Int == 5)

    // The report gains the MLP's curves and its embedding scatter (one dot per character).
    let page = directory.url.appendingPathComponent("report.html").path
    let written = try BigramBinary.run(["report", "-o", page, "--mlp", run, "--samples", "2"])
    #expect(written.status == 0, "\(written.standardError)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("MLP learning curves") && html.contains("principal axes"))
    // 27 dots, plus one per studied learning rate (4) on the stability strip of section 5.
    #expect(html.components(separatedBy: "<circle").count - 1 == 27 + 4)

    // A softmax command given the MLP run, and the reverse: 65 with the reason.
    let softmax = try BigramBinary.run(["train", "--model", "softmax", "--resume", run])
    #expect(softmax.status == 65)
    #expect(softmax.standardError.contains("mlp model"))
    let bigramRun = directory.url.appendingPathComponent("bigram").path
    #expect(try BigramBinary.run(["train", "--steps", "2", "-o", bigramRun]).status == 0)
    let mlp = try BigramBinary.run(["train", "--model", "mlp", "--resume", bigramRun])
    #expect(mlp.status == 65)
    #expect(mlp.standardError.contains("softmax model"))
  }

  @Test(arguments: [
    ["--context", "0"], ["--hierarchical", "--context", "6"], ["--hidden", "0"], ["--embedding", "0"],
    ["--optimizer", "newton"], ["--split", "80,20"], ["--batch-size", "1"], ["--eval-every", "0"],
    ["--train", "x.txt"], ["--hierarchical", "--context", "8", "--layers", "2"],
    ["--save-npy", "w.npy"], ["--init", "normal"], ["--l2", "0.1"], ["--path", "onehot"],
  ])
  func badMLPFlagsExit64WithTheReason(flags: [String]) throws {
    let result = try BigramBinary.run(["train", "--model", "mlp"] + flags)
    #expect(result.status == 64, "\(flags): \(result.standardError)")
    #expect(result.standardError.contains("Error:"))
  }

  @Test func mlpFlagsAreRefusedForTheSoftmaxModel() throws {
    let result = try BigramBinary.run(["train", "--hidden", "10"])
    #expect(result.status == 64)
    #expect(result.standardError.contains("--hidden applies to --model mlp only"))
  }

  @Test func gradcheckRefusesFlagsOfTheOtherModel() throws {
    #expect(try BigramBinary.run(["gradcheck", "--hidden", "5"]).status == 64)
    #expect(try BigramBinary.run(["gradcheck", "--model", "mlp", "--l2", "0.1"]).status == 64)
    #expect(try BigramBinary.run(["gradcheck", "--model", "mlp", "--hierarchical", "--context", "3"]).status == 64)
  }

  @Test func gradcheckPrintsEveryTensor() throws {
    let result = try BigramBinary.run(["gradcheck", "--model", "mlp", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let tensors = try #require(try json(result)["tensors"] as? [[String: Any]])
    #expect(tensors.map { $0["name"] as? String } == ["C", "W1", "γ1", "β1", "W_out", "b_out"])
    #expect(tensors.allSatisfy { ($0["maxAbsError"] as? Double ?? 1) < 1e-9 })
  }

  /// SIGINT, then `--resume`: the work directory equals that of the run left alone, byte for byte
  /// (model, running statistics, optimizer state, mini-batch generator, history, evaluations).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
  func sigintThenResumeEqualsAnUninterruptedRun() throws {
    let directory = try TemporaryDirectory()
    let interrupted = directory.url.appendingPathComponent("interrupted").path
    let straight = directory.url.appendingPathComponent("straight").path
    let run = [
      "train", "--model", "mlp", "--steps", "4000", "--context", "2", "--embedding", "3", "--hidden", "8",
      "--eval-every", "500", "--optimizer", "momentum", "--seed", "7", "--quiet",
    ]
    let process = try BigramBinary.start(run + ["-o", interrupted])
    try #require(process.waitUntilCatching(SIGINT), "the run ended before it could be interrupted")
    process.send(SIGINT)
    let stopped = process.wait()
    #expect(stopped.status == 130, "\(stopped.standardError)")
    #expect(stopped.standardError.contains("resume with: bigram train --resume \(interrupted)"))
    let resumed = try BigramBinary.run(["train", "--resume", interrupted, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    let reference = try BigramBinary.run(run + ["-o", straight])
    #expect(reference.status == 0, "\(reference.standardError)")
    for file in ["checkpoint.bigram", "history.csv", "evaluations.csv"] {
      let same =
        try Data(contentsOf: URL(fileURLWithPath: interrupted).appendingPathComponent(file))
        == Data(contentsOf: URL(fileURLWithPath: straight).appendingPathComponent(file))
      #expect(same, "\(file) differs")
    }
  }

  @Test func contextsWithMLPRowsBesideTheCounts() throws {
    let result = try BigramBinary.run(["contexts", "--mlp", "--steps", "60", "--max-order", "3", "--json", "--quiet"])
    #expect(result.status == 0, "\(result.standardError)")
    let rows = try #require(try json(result)["rows"] as? [[String: Any]])
    let mlpRows = rows.filter { $0["model"] as? String == "mlp" }
    #expect(mlpRows.map { $0["order"] as? Int } == [2, 3])
    // C 27×10, W1 (N−1)·10×200, γ, β, W_out 200×27, b_out 27.
    #expect(
      mlpRows.map { $0["parameters"] as? Int } == [270 + 2_000 + 400 + 5_400 + 27, 270 + 4_000 + 400 + 5_400 + 27])
    #expect(mlpRows.allSatisfy { (($0["dev"] as? [String: Any])?["nll"] as? Double ?? 0) > 0 })
    #expect(rows.filter { $0["model"] as? String == "kneser-ney" }.count == 3)
    #expect(try BigramBinary.run(["contexts", "--steps", "5"]).status == 64)
  }

  @Test func reportChartsTheMLPBesideTheCountModels() throws {
    let directory = try TemporaryDirectory()
    let page = directory.url.appendingPathComponent("report.html").path
    let result = try BigramBinary.run(["report", "-o", page, "--mlp-steps", "40", "--samples", "1"])
    #expect(result.status == 0, "\(result.standardError)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    // The table has a row per N ≥ 2 and the chart a series named like them.
    #expect(html.components(separatedBy: "MLP (context N − 1)").count - 1 >= 3)
    #expect(try BigramBinary.run(["report", "-o", page, "--mlp-steps", "0"]).status == 64)
  }
}
