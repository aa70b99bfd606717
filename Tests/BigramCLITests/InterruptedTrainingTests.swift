import Foundation
import TestSupport
import Testing

/// `bigram train -o DIR` stopped by SIGINT or SIGTERM and continued with `--resume DIR`, end to
/// end through the built binary: the resumed run's work directory is byte for byte that of an
/// uninterrupted run (history, weights, and the checkpoint with the optimizer's buffers and the
/// mini-batch order), and a diverging run keeps its last finite state.
@Suite struct InterruptedTrainingTests {
  /// Whether a test can see when the process has installed its signal handlers (Linux's /proc).
  static let canWatchSignalHandlers = FileManager.default.fileExists(atPath: "/proc/self/status")

  @Test(.enabled(if: canWatchSignalHandlers && SharedData.isAvailableOrRequired))
  func sigintThenResumeEqualsAnUninterruptedMiniBatchSGDRun() throws {
    try interruptAndResume(signal: SIGINT, status: 130, options: ["--optimizer", "sgd", "--batch-size", "32"])
  }

  @Test(.enabled(if: canWatchSignalHandlers && SharedData.isAvailableOrRequired))
  func sigtermThenResumeEqualsAnUninterruptedMiniBatchAdamRun() throws {
    try interruptAndResume(signal: SIGTERM, status: 143, options: ["--optimizer", "adam", "--batch-size", "32"])
  }

  /// Issue 14, item 11: SIGHUP (the terminal closed) killed the run and lost it; it now stops at a
  /// step boundary and checkpoints like SIGTERM.
  @Test(.enabled(if: canWatchSignalHandlers && SharedData.isAvailableOrRequired))
  func sighupThenResumeEqualsAnUninterruptedRun() throws {
    try interruptAndResume(signal: SIGHUP, status: 129, options: ["--optimizer", "sgd", "--batch-size", "32"])
  }

  /// Trains on names.txt with `options`, signals the run once its handlers are in place, resumes
  /// it, and compares its work directory with that of the same run left alone.
  private func interruptAndResume(signal: Int32, status: Int32, options: [String]) throws {
    let names = try #require(SharedData.namesURL).path
    let directory = try TemporaryDirectory()
    let interrupted = directory.url.appendingPathComponent("interrupted").path
    let straight = directory.url.appendingPathComponent("straight").path
    // 3000 steps take seconds in a debug build; the signal lands within milliseconds of the start.
    let steps = 3_000
    let run = ["train", "-i", names, "--steps", "\(steps)", "--seed", "7", "--quiet"] + options

    let process = try BigramBinary.start(run + ["-o", interrupted])
    try #require(process.waitUntilCatching(signal), "the run ended before it could be interrupted")
    process.send(signal)
    let stopped = process.wait()
    #expect(stopped.status == status, "\(stopped.standardError)")
    #expect(stopped.standardOutput.isEmpty)
    let message = try #require(
      stopped.standardError.firstMatch(
        of: /bigram: interrupted after step (\d+); checkpoint in (.+); resume with: (.+)\n/),
      "\(stopped.standardError)")
    let step = try #require(Int(message.1))
    #expect(step < steps)
    #expect(message.2 == interrupted)
    #expect(message.3 == "bigram train --resume \(interrupted)")
    // The history holds steps 0…step − 1: the point reached is evaluated when the run goes on.
    #expect(try lines(interrupted, "history.csv").count == 1 + step)

    let resumed = try BigramBinary.run(["train", "--resume", interrupted, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    let reference = try BigramBinary.run(run + ["-o", straight])
    #expect(reference.status == 0, "\(reference.standardError)")
    #expect(try lines(interrupted, "history.csv").count == 1 + steps + 1)
    try expectSameWorkDirectories(interrupted, straight)
  }

  @Test func aFinishedRunExtendedByResumeEqualsALongerRun() throws {
    let directory = try TemporaryDirectory()
    let extended = directory.url.appendingPathComponent("extended").path
    let straight = directory.url.appendingPathComponent("straight").path
    let run = ["train", "--optimizer", "momentum", "--learning-rate", "5", "--quiet"]
    #expect(try BigramBinary.run(run + ["--steps", "60", "-o", extended]).status == 0)
    let resumed = try BigramBinary.run(["train", "--resume", extended, "--steps", "150", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(try BigramBinary.run(run + ["--steps", "150", "-o", straight]).status == 0)
    try expectSameWorkDirectories(extended, straight)
  }

  /// Schedules that once trapped or could not be saved: reduce-on-plateau under Newton and under
  /// the line search, a plateau run saved at step 0 (its best loss is still +∞), and a one-cycle
  /// run resumed with more steps (it ends where it was planned to).
  @Test func schedulesSurviveSavingAndResuming() throws {
    let directory = try TemporaryDirectory()
    let lineSearch = try BigramBinary.run([
      "train", "--schedule", "plateau", "--steps", "3", "--quiet", "--line-search",
    ])
    #expect(lineSearch.status == 0, "\(lineSearch.standardError)")
    // Newton picks its own step lengths: a schedule would be silently ignored, so it is refused.
    let newton = try BigramBinary.run(["train", "--schedule", "plateau", "--steps", "3", "--optimizer", "newton"])
    #expect(newton.status == 64, "\(newton.standardError)")
    #expect(newton.standardError.contains("--optimizer and --schedule cannot be combined"), "\(newton.standardError)")
    let plateau = directory.url.appendingPathComponent("plateau").path
    let saved = try BigramBinary.run(["train", "--schedule", "plateau", "--steps", "0", "-o", plateau, "--quiet"])
    #expect(saved.status == 0, "\(saved.standardError)")
    let continued = try BigramBinary.run(["train", "--resume", plateau, "--steps", "3", "--quiet"])
    #expect(continued.status == 0, "\(continued.standardError)")
    #expect(try lines(plateau, "history.csv").count == 1 + 4)
    let cycle = directory.url.appendingPathComponent("cycle").path
    #expect(try BigramBinary.run(["train", "--schedule", "one-cycle", "--steps", "10", "-o", cycle]).status == 0)
    let resumed = try BigramBinary.run(["train", "--resume", cycle, "--steps", "20", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(try lines(cycle, "history.csv").count == 1 + 11)
  }

  /// The two runs' work directories hold the same bytes, file for file.
  private func expectSameWorkDirectories(_ first: String, _ second: String) throws {
    for file in ["history.csv", "history.jsonl", "weights.npy", "checkpoint.bigram"] {
      // Compared as a Bool: on a mismatch #expect would diff the two files byte by byte, slowly.
      let same = try contents(first, file) == contents(second, file)
      let firstDifference = try zip(lines(first, file), lines(second, file)).first { $0 != $1 }
      #expect(same, "\(file) differs: \(firstDifference.map { "\($0)" } ?? "")")
    }
  }

  private func contents(_ directory: String, _ file: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
  }

  /// The lines of a file (history.csv ends its lines with CRLF, as RFC 4180 says).
  private func lines(_ directory: String, _ file: String) throws -> [Substring] {
    String(decoding: try contents(directory, file), as: UTF8.self).split(whereSeparator: \.isNewline)
  }

  @Test func divergentRunNamesStepAndRateAndKeepsTheLastFiniteState() throws {
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run").path
    let result = try BigramBinary.run(
      ["train", "--learning-rate", "1e6", "--l2", "1e9", "--steps", "100", "-o", run, "--quiet"])
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    let message = try #require(
      result.standardError.firstMatch(of: /the loss became non-finite at step (\d+) \(learning rate ([0-9.e+]+)\)/),
      "\(result.standardError)")
    #expect(Double(message.2) == 1e6)
    #expect(result.standardError.contains("(last finite state saved in \(run))"))
    // One history row per finite step before the one named, every number in it finite.
    let rows = try lines(run, "history.csv").dropFirst()
    #expect(rows.count == Int(message.1))
    #expect(rows.allSatisfy { $0.split(separator: ",").allSatisfy { Double($0)?.isFinite == true } })
    // The checkpoint loads (its weights are checked finite) and the net it holds samples.
    let sampled = try BigramBinary.run(["sample", "--model", run, "-n", "3", "--json"])
    #expect(sampled.status == 0, "\(sampled.standardError)")
    #expect(!sampled.standardOutput.contains("\"NaN\""))
  }
}
