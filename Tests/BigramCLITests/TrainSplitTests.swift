import Foundation
import TestSupport
import Testing

/// `bigram train --split` and `--train/--dev/--test` for the softmax bigram, through the built binary.
@Suite struct TrainSplitTests {
  private let names = "../shared/data/names.txt"

  private func json(_ result: BigramBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try #require(object as? [String: Any])
  }

  @Test func splitAddsDevAndTestOnlyWhenAsked() throws {
    let split = try BigramBinary.run([
      "train", "-i", names, "--split", "80,10,10", "--steps", "20", "--json", "--quiet",
    ])
    #expect(split.status == 0, "\(split.standardError)")
    let report = try json(split)
    let final = try #require(report["final"] as? [String: Any])
    let dev = try #require(final["dev"] as? Double)
    let test = try #require(final["test"] as? Double)
    // Held-out words score worse than nothing but near the train NLL after 20 steps of GD.
    let nll = try #require(final["nll"] as? Double)
    #expect(dev.isFinite && test.isFinite && abs(dev - nll) < 0.2 && dev != nll)
    let heldOut = try #require(report["heldOut"] as? [String: Any])
    #expect(heldOut["split"] as? [Int] == [80, 10, 10] && heldOut["splitSeed"] as? Int == 42)

    let whole = try BigramBinary.run(["train", "-i", names, "--steps", "20", "--json", "--quiet"])
    #expect(whole.status == 0, "\(whole.standardError)")
    let plain = try json(whole)
    let plainFinal = try #require(plain["final"] as? [String: Any])
    #expect(plainFinal["dev"] == nil && plainFinal["test"] == nil && plain["heldOut"] == nil)
    // Trained on 80 % of the words, the train NLL differs from the whole corpus's run.
    #expect(plainFinal["nll"] as? Double != nll)

    let text = try BigramBinary.run(["train", "-i", names, "--split", "80,10,10", "--steps", "20", "--quiet"])
    #expect(text.status == 0, "\(text.standardError)")
    #expect(
      text.standardOutput.contains("dev NLL") && text.standardOutput.contains("held out (split 80/10/10, seed 42"))
    let plainText = try BigramBinary.run(["train", "-i", names, "--steps", "20", "--quiet"])
    #expect(!plainText.standardOutput.contains("dev NLL") && !plainText.standardOutput.contains("held out"))
  }

  /// The dev NLL of the trained W equals −Σ log P / T of the dev words scored by `bigram score --model DIR`.
  @Test func devNLLMatchesScoringTheDevWordsWithTheSavedNet() throws {
    let directory = try TemporaryDirectory()
    let lines = try String(contentsOfFile: names, encoding: .utf8).split(separator: "\n").map(String.init)
    let trainWords = Array(lines[0..<3000])
    let known = Set(trainWords.joined())
    let devWords = lines[3000..<3100].filter { Set($0).isSubset(of: known) }
    let train = directory.url.appendingPathComponent("train.txt").path
    let dev = directory.url.appendingPathComponent("dev.txt").path
    try (trainWords.joined(separator: "\n") + "\n").write(toFile: train, atomically: true, encoding: .utf8)
    try (devWords.joined(separator: "\n") + "\n").write(toFile: dev, atomically: true, encoding: .utf8)
    let run = directory.url.appendingPathComponent("run").path
    let trained = try BigramBinary.run([
      "train", "--train", train, "--dev", dev, "--steps", "30", "-o", run, "--json", "--quiet", "--log-every", "10",
    ])
    #expect(trained.status == 0, "\(trained.standardError)")
    let report = try json(trained)
    let final = try #require(report["final"] as? [String: Any])
    let devNLL = try #require(final["dev"] as? Double)
    #expect(final["test"] == nil)

    let scored = try BigramBinary.run(["score", "--model", run, "--json"] + devWords)
    #expect(scored.status == 0, "\(scored.standardError)")
    let scores = try #require(try json(scored)["scores"] as? [[String: Any]])
    #expect(scores.count == devWords.count)
    let logLikelihood = scores.reduce(0.0) { $0 + ($1["logLikelihood"] as? Double ?? .nan) }
    let events = scores.reduce(0) { $0 + ($1["events"] as? Int ?? 0) }
    #expect(abs(devNLL - (-logLikelihood / Double(events))) < 1e-9, "\(devNLL) vs \(-logLikelihood / Double(events))")

    // Resuming keeps the saved parts; a different part is refused, naming the flag.
    let resumed = try BigramBinary.run(["train", "--resume", run, "--steps", "40", "--json", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    let resumedFinal = try #require(try json(resumed)["final"] as? [String: Any])
    #expect(resumedFinal["dev"] is Double && resumedFinal["step"] as? Int == 40)
    let other = try BigramBinary.run(["train", "--resume", run, "--train", dev, "--dev", dev, "--steps", "50"])
    #expect(other.status == 64 && other.standardError.contains("--train"), "\(other.standardError)")
  }

  @Test func resumeRefusesADifferentSplit() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run").path
    let whole = directory.url.appendingPathComponent("whole").path
    #expect(try BigramBinary.run(["train", "--split", "80,10,10", "--steps", "5", "-o", run, "--quiet"]).status == 0)
    let same = try BigramBinary.run(["train", "--resume", run, "--split", "80,10,10", "--steps", "8", "--quiet"])
    #expect(same.status == 0, "\(same.standardError)")
    let other = try BigramBinary.run(["train", "--resume", run, "--split", "70,20,10", "--steps", "10"])
    #expect(other.status == 64 && other.standardError.contains("--split"), "\(other.standardError)")
    #expect(try BigramBinary.run(["train", "--steps", "5", "-o", whole, "--quiet"]).status == 0)
    let added = try BigramBinary.run(["train", "--resume", whole, "--split-seed", "3", "--steps", "10"])
    #expect(added.status == 64 && added.standardError.contains("--split-seed"), "\(added.standardError)")
  }

  @Test func badHeldOutInputIsRefused() throws {
    let directory = try TemporaryDirectory()
    let train = directory.url.appendingPathComponent("train.txt").path
    let dev = directory.url.appendingPathComponent("dev.txt").path
    try "anna\nemma\nzoe\n".write(toFile: train, atomically: true, encoding: .utf8)
    try "anna\nzoë\n".write(toFile: dev, atomically: true, encoding: .utf8)
    let unknown = try BigramBinary.run(["train", "--train", train, "--dev", dev, "--steps", "2"])
    #expect(unknown.status == 65)
    #expect(unknown.standardError.contains("dev.txt:2") && unknown.standardError.contains("'ë'"))
    let short = try BigramBinary.run(["train", "--split", "80,10", "--steps", "2"])
    #expect(short.status == 64 && short.standardError.contains("--split"))
    let both = try BigramBinary.run(["train", "-i", train, "--train", train, "--dev", dev])
    #expect(both.status == 64)
    let noDev = try BigramBinary.run(["train", "--train", train])
    #expect(noDev.status == 64)
  }
}
