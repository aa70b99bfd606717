import Foundation
import TestSupport
import Testing

/// The training engine through the built binary (issue 10, and items 2, 6, 9 of issue 14): no
/// setting silently ignored, divergence reported, persistence in one place.
@Suite struct TrainingEngineTests {
  private let words = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nharper\nevelyn\nabigail\n"

  /// A short run of `words.txt` saved in `run`, and the directory holding both.
  private func savedRun(_ extra: [String] = []) throws -> (TemporaryDirectory, String, String) {
    let directory = try TemporaryDirectory()
    let input = try directory.file("words.txt", text: words)
    let run = directory.url.appendingPathComponent("run").path
    let result = try BigramBinary.run(["train", "-i", input, "--steps", "10", "-o", run, "--quiet"] + extra)
    try #require(result.status == 0, "\(result.standardError)")
    return (directory, input, run)
  }

  // MARK: No setting silently ignored

  @Test func resumeRefusesSettingsThatContradictTheSavedRun() throws {
    let (directory, input, run) = try savedRun()
    defer { withExtendedLifetime(directory) {} }
    let cases: [([String], String)] = [
      (["--optimizer", "adam", "--learning-rate", "1"], "--optimizer adam contradicts the run saved in \(run) (gd)"),
      (["--learning-rate", "1"], "--learning-rate 1.0 contradicts the run saved in \(run) (50.0)"),
      (["--l2", "0.5"], "--l2 0.5 contradicts"),
      (["--schedule", "cosine"], "--schedule cosine contradicts"),
      (["--clip-norm", "1"], "--clip-norm 1.0 contradicts"),
      (["--seed", "7"], "--seed 7 contradicts"),
      (["--init", "normal"], "--init normal contradicts --resume"),
    ]
    for (options, message) in cases {
      let result = try BigramBinary.run(["train", "--resume", run, "-i", input, "--quiet"] + options)
      #expect(result.status == 64, "\(options): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(options): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(options)")
    }
    // Repeating the saved value is no contradiction, and --steps extends.
    let same = try BigramBinary.run(
      ["train", "--resume", run, "-i", input, "--optimizer", "gd", "--learning-rate", "50", "--steps", "12", "--json"])
    #expect(same.status == 0, "\(same.standardError)")
    let final = try #require(try same.jsonObject()["final"] as? [String: Any])
    #expect(final["step"] as? Int == 12)
  }

  @Test func settingsWithoutEffectAreRefused() throws {
    let cases: [([String], String)] = [
      (["--beta1", "0.5"], "--beta1 has no effect with --optimizer gd"),
      (["--optimizer", "adam", "--momentum", "0.5"], "--momentum has no effect with --optimizer adam"),
      (["--optimizer", "newton", "--learning-rate", "5"], "--learning-rate has no effect with --optimizer newton"),
      (["--gamma", "0.3"], "--gamma has no effect"),
      (["--damping", "1e-3"], "--damping has no effect"),
      (["--optimizer", "adam", "--line-search"], "--line-search and --optimizer cannot be combined"),
      (["--line-search", "--clip-norm", "1"], "--line-search and --clip-norm cannot be combined"),
      (["--line-search", "--weight-decay", "0.1"], "--line-search and --weight-decay cannot be combined"),
      (["--optimizer", "newton", "--clip-value", "1"], "--optimizer and --clip-value cannot be combined"),
      (["--optimizer", "newton", "--batch-size", "8"], "--optimizer and --batch-size cannot be combined"),
    ]
    for (options, message) in cases {
      let result = try BigramBinary.run(["train", "--steps", "2"] + options)
      #expect(result.status == 64, "\(options): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(options): \(result.standardError)")
    }
  }

  /// Gradient descent with a line search and a schedule combine: the search starts at η_k.
  @Test func lineSearchStartsAtTheScheduledRate() throws {
    let result = try BigramBinary.run(
      ["train", "--line-search", "--schedule", "exponential", "--gamma", "0.5", "--steps", "3", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let history = try #require(try result.jsonObject()["history"] as? [[String: Any]])
    // The recorded rate of a line-search step is the accepted t ≤ η_k = 50·0.5^k.
    for record in history.dropLast() {
      let step = try #require(record["step"] as? Int)
      let rate = try #require(record["learningRate"] as? Double)
      #expect(rate > 0 && rate <= 50 * pow(0.5, Double(step)) + 1e-12, "step \(step): \(rate)")
    }
  }

  // MARK: Divergence

  @Test func aRunEndingAboveItsStartIsADivergence() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run").path
    let result = try BigramBinary.run(
      // λ = 0, as in the report: with a penalty the loss overflows first (a non-finite loss,
      // tested elsewhere) instead of ending finite and above its start.
      ["train", "--optimizer", "sgd", "--learning-rate", "1e9", "--steps", "50", "--l2", "0", "-o", run, "--quiet"])
    #expect(result.status == 1, "\(result.standardError)")
    for phrase in ["the run diverged", "(step 50)", "learning rate 1000000000", "bigram lr-sweep", "saved in \(run)"] {
      #expect(result.standardError.contains(phrase), "\(phrase): \(result.standardError)")
    }
    #expect(result.standardOutput.isEmpty)
    // The last state is saved and usable.
    let sample = try BigramBinary.run(["sample", "--model", run, "-n", "2"])
    #expect(sample.status == 0, "\(sample.standardError)")
  }

  // MARK: Persistence

  @Test func resumeWithOtherDataOfTheSameSizeIsRefused() throws {
    let (directory, _, run) = try savedRun()
    let reversed = words.split(separator: "\n").map { String($0.reversed()) }.joined(separator: "\n") + "\n"
    let other = try directory.file("reversed.txt", text: reversed)
    let result = try BigramBinary.run(["train", "--resume", run, "-i", other, "--steps", "20"])
    #expect(result.status == 65, "\(result.standardError)")
    #expect(
      result.standardError.contains("is not the data the run in \(run) was trained on"), "\(result.standardError)")
  }

  @Test func theCheckpointDoesNotGrowWithTheStepsAndTheHistoryIsBesideIt() throws {
    let directory = try TemporaryDirectory()
    var sizes: [Int] = []
    for steps in [5, 5_000] {
      let run = directory.url.appendingPathComponent("run\(steps)")
      let result = try BigramBinary.run(["train", "--steps", "\(steps)", "-o", run.path, "--quiet"])
      #expect(result.status == 0, "\(result.standardError)")
      let attributes = try FileManager.default.attributesOfItem(
        atPath: run.appendingPathComponent("checkpoint.bigram").path)
      sizes.append(try #require(attributes[.size] as? Int))
      let history = try String(contentsOf: run.appendingPathComponent("history.jsonl"), encoding: .utf8)
      #expect(history.split(separator: "\n").count == steps + 1)
    }
    // Before, the 5,000 records (about 110 bytes each) were inside the checkpoint; now only the
    // weights' digits differ (V = 27: 729 numbers of at most 24 characters).
    #expect(sizes[1] < sizes[0] + 729 * 24 && sizes[1] < 60_000, "\(sizes)")
  }

  /// A crash between appending the history and writing the checkpoint leaves lines the checkpoint
  /// does not count (here a cut-off one): the checkpoint's count rules, and the files are rewritten.
  @Test func historyLinesBeyondTheCheckpointAreDropped() throws {
    let (directory, input, run) = try savedRun()
    let straight = directory.url.appendingPathComponent("straight").path
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: run + "/history.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"step\":11,\"loss\":1}\n{\"step\":12,\"lo".utf8))
    try handle.close()
    let resumed = try BigramBinary.run(["train", "--resume", run, "-i", input, "--steps", "20", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    let fresh = try BigramBinary.run(["train", "-i", input, "--steps", "20", "-o", straight, "--quiet"])
    #expect(fresh.status == 0, "\(fresh.standardError)")
    for file in ["history.jsonl", "history.csv"] {
      let a = try String(contentsOfFile: run + "/" + file, encoding: .utf8)
      let b = try String(contentsOfFile: straight + "/" + file, encoding: .utf8)
      #expect(a == b, "\(file)")
    }
  }

  @Test func aSecondRunOnTheSameDirectoryIsRefusedAndAStaleLockIsTakenOver() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    let lock = run.appendingPathComponent("lock")
    // Held by a live process: this test's own.
    let live = ProcessInfo.processInfo.processIdentifier
    try Data("\(live)\n".utf8).write(to: lock)
    let refused = try BigramBinary.run(["train", "--steps", "2", "-o", run.path, "--quiet"])
    #expect(refused.status == 75, "\(refused.standardError)")
    #expect(refused.standardError.contains("in use by another training run (process \(live))"))
    #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoint.bigram").path))
    // Held by a process that has ended: stale, taken over, and released at the end.
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    try Data("\(ended.processIdentifier)\n".utf8).write(to: lock)
    let taken = try BigramBinary.run(["train", "--steps", "2", "-o", run.path, "--quiet"])
    #expect(taken.status == 0, "\(taken.standardError)")
    #expect(!FileManager.default.fileExists(atPath: lock.path))
  }

  @Test func twoRunsAtOnceOnOneDirectory() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run").path
    // Long enough to still hold the lock when the second run starts (within the memory budget).
    let first = try BigramBinary.start(["train", "--steps", "1000000", "-o", run, "--quiet"])
    // Wait until the first run holds the lock (it writes its pid first).
    var waited = 0
    while !FileManager.default.fileExists(atPath: run + "/lock"), waited < 500 {
      usleep(10_000)
      waited += 1
    }
    let second = try BigramBinary.run(["train", "--steps", "2", "-o", run, "--quiet"])
    first.send(SIGTERM)
    let firstResult = first.wait()
    #expect(second.status == 75, "\(second.standardError)")
    #expect(second.standardError.contains("in use by another training run"))
    #expect(firstResult.status == 143, "\(firstResult.standardError)")
  }

  @Test func aModelDirectoryNeedsNothingButItself() throws {
    let (directory, input, run) = try savedRun()
    defer { withExtendedLifetime(directory) {} }
    try FileManager.default.removeItem(atPath: input)
    let sample = try BigramBinary.run(["sample", "--model", run, "-n", "4"])
    #expect(sample.status == 0, "\(sample.standardError)")
    #expect(sample.standardError.components(separatedBy: "warning").count == 2, "\(sample.standardError)")
    #expect(sample.standardError.contains("not tagged new / in data"))
    #expect(!sample.standardOutput.contains("in data") && !sample.standardOutput.contains(" new"))
    let score = try BigramBinary.run(["score", "--model", run, "emma", "--json"])
    #expect(score.status == 0, "\(score.standardError)")
    let scores = try #require(try score.jsonObject()["scores"] as? [[String: Any]])
    let entry = try #require(scores.first)
    #expect(entry["inTrainingData"] == nil)
    #expect(entry["nll"] is Double)
  }

  /// `--smoothing` sets the count model's α; with `--model DIR` it would have no effect, so it is
  /// refused rather than silently ignored (sample and score, bigram net and MLP alike).
  @Test func smoothingWithATrainedModelIsRefused() throws {
    let (directory, _, run) = try savedRun()
    defer { withExtendedLifetime(directory) {} }
    for command in [["sample", "-n", "2"], ["score", "emma"]] {
      let result = try BigramBinary.run(command + ["--model", run, "--smoothing", "0.5"])
      #expect(result.status == 64, "\(command[0]): \(result.standardError)")
      #expect(result.standardError.contains("--smoothing 0.5"), "\(command[0]): \(result.standardError)")
      #expect(result.standardOutput.isEmpty)
    }
  }

  // MARK: Issue 14

  /// Item 6: Newton's method with its defaults converges on names.txt and the built-in names.
  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func newtonWithItsDefaultsConverges() throws {
    let names = try #require(SharedData.namesURL).path
    for input in [["-i", names], []] {
      let result = try BigramBinary.run(["train", "--optimizer", "newton", "--steps", "8", "--json"] + input)
      #expect(result.status == 0, "\(input): \(result.standardError)")
      let history = try #require(try result.jsonObject()["history"] as? [[String: Any]])
      let losses = history.compactMap { $0["loss"] as? Double }
      #expect(losses.count == 9)
      #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 <= $0 }, "\(losses)")
      #expect(losses.last! < losses.first! - 0.5, "\(losses)")
    }
  }

  /// Item 9: every floating flag refuses NaN, and infinities where they make no sense.
  @Test func everyFloatingFlagRefusesNaN() throws {
    let train: [[String]] = [
      ["--learning-rate", "nan"], ["--l2", "nan"], ["--l2", "inf"], ["--target-loss", "nan"],
      ["--target-loss", "inf"], ["--target-loss", "-inf"], ["--optimizer", "momentum", "--momentum", "nan"],
      ["--optimizer", "adam", "--beta1", "nan"], ["--optimizer", "adam", "--beta2", "nan"],
      ["--optimizer", "adam", "--epsilon", "nan"], ["--optimizer", "adam", "--epsilon", "inf"],
      ["--weight-decay", "nan"], ["--schedule", "step", "--gamma", "nan"],
      ["--schedule", "exponential", "--gamma", "inf"], ["--schedule", "cosine", "--min-learning-rate", "nan"],
      ["--schedule", "plateau", "--factor", "nan"], ["--clip-norm", "nan"], ["--clip-value", "inf"],
      ["--optimizer", "newton", "--damping", "nan"], ["--optimizer", "newton", "--damping", "inf"],
    ]
    let others: [[String]] = [
      ["counts", "--smoothing", "nan"], ["sample", "--temperature", "nan"], ["sample", "--smoothing", "inf"],
      ["lr-sweep", "--from", "nan"], ["lr-sweep", "--to", "inf"], ["race", "--l2", "nan"], ["report", "--l2", "nan"],
      ["gradcheck", "--l2", "inf"], ["taylor", "--l2", "nan"], ["derive", "x", "--at", "x=nan"],
    ]
    for arguments in train.map({ ["train", "--steps", "2"] + $0 }) + others {
      let result = try BigramBinary.run(arguments)
      #expect(result.status == 64, "\(arguments): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(arguments)")
    }
  }
}
