import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import BigramCLI

/// makemore's flags, `--version`, mistyped commands, and the small kindnesses of `train`: in-process
/// parsing, the argument translation, and the built binary.
@Suite struct MakemoreArgumentsTests {
  @Test func makemoreAliasesParseToTheSameOptions() throws {
    let command = try #require(
      try BigramCommand.parseAsRoot([
        "train", "--input-file", "names.txt", "--work-dir", "out", "--max-steps", "7", "-l", "3", "-b", "8", "-w",
        "0.1", "--optimizer", "sgd",
      ]) as? TrainCommand)
    #expect(command.corpusOptions.input == "names.txt" && command.workDirectory == "out")
    #expect(command.optimizerOptions.steps == 7 && command.optimizerOptions.learningRate == 3)
    #expect(command.optimizerOptions.batchSize == 8 && command.optimizerOptions.weightDecay == 0.1)
    let sample = try #require(
      try BigramCommand.parseAsRoot(["sample", "--num-samples", "4", "--top-k", "-1"]) as? SampleCommand)
    #expect(sample.count == 4 && sample.topK == nil)
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["sample", "--top-k", "-2"]) }
    let report = try #require(try BigramCommand.parseAsRoot(["report", "-o", "r.html", "-n", "6"]) as? ReportCommand)
    #expect(report.sampleCount == 6)
  }

  @Test func lambdaHasOneDefaultEverywhere() throws {
    #expect((try BigramCommand.parseAsRoot(["train"]) as? TrainCommand)?.weightOptions.l2 == 0.01)
    #expect((try BigramCommand.parseAsRoot(["lr-sweep"]) as? LRSweepCommand)?.weightOptions.l2 == 0.01)
    #expect((try BigramCommand.parseAsRoot(["taylor"]) as? TaylorCommand)?.weightOptions.l2 == 0.01)
    #expect((try BigramCommand.parseAsRoot(["gradcheck"]) as? GradcheckCommand)?.weightOptions.l2 == 0.01)
    #expect((try BigramCommand.parseAsRoot(["race"]) as? RaceCommand)?.l2 == 0.01)
    #expect((try BigramCommand.parseAsRoot(["report", "-o", "r.html"]) as? ReportCommand)?.l2 == 0.01)
  }

  @Test func resumeAsAFlagTakesTheWorkDirectory() throws {
    #expect(
      try MakemoreArguments.normalized(["train", "--resume", "--work-dir", "out", "--steps", "9"])
        == ["train", "--resume", "out", "--work-dir", "out", "--steps", "9"])
    #expect(
      try MakemoreArguments.normalized(["train", "-o", "out", "--resume"]) == ["train", "-o", "out", "--resume", "out"])
    // The old spelling is left alone.
    #expect(try MakemoreArguments.normalized(["train", "--resume", "run"]) == ["train", "--resume", "run"])
    #expect(throws: (any Error).self) { try MakemoreArguments.normalized(["train", "--resume"]) }
  }

  @Test func sampleOnlyBecomesSampleFromTheWorkDirectory() throws {
    #expect(
      try MakemoreArguments.normalized(["train", "--sample-only", "--work-dir=out", "-n", "3", "--seed", "7"])
        == ["sample", "--model", "out", "-n", "3", "--seed", "7"])
    #expect(throws: (any Error).self) { try MakemoreArguments.normalized(["train", "--sample-only"]) }
  }

  @Test func mistypedCommandsGetASuggestion() throws {
    #expect(MakemoreArguments.editDistance(Array("trian"), Array("train")) == 1)
    #expect(MakemoreArguments.suggestion(for: "trian") == "train")
    #expect(MakemoreArguments.suggestion(for: "lr-swep") == "lr-sweep")
    #expect(MakemoreArguments.suggestion(for: "rep") == "report")
    #expect(MakemoreArguments.suggestion(for: "xyzzy") == nil)
    // Options and known commands pass through untouched.
    #expect(try MakemoreArguments.normalized(["--version"]) == ["--version"])
    #expect(try MakemoreArguments.normalized(["help", "train"]) == ["help", "train"])
    #expect(try MakemoreArguments.normalized(["counts", "-i", "x"]) == ["counts", "-i", "x"])
  }

  @Test func binaryVersionAndMistypedCommand() throws {
    let version = try BigramBinary.run(["--version"])
    #expect(version.status == 0 && version.standardOutput == BigramCommand.version + "\n")
    let typo = try BigramBinary.run(["trian", "-i", "names.txt"])
    #expect(typo.status == 64)
    #expect(typo.standardError.contains("unknown command 'trian'; did you mean 'train'?"))
    #expect(!typo.standardError.contains("tour") || typo.standardError.contains("commands: tour"))
    #expect(typo.standardOutput.isEmpty)
  }

  @Test func helpListsEachEnumsValuesOnce() throws {
    let help = TrainCommand.helpMessage(columns: 200)
    // argument-parser lists the values itself; the help texts no longer repeat them.
    #expect(!help.contains("gd|sgd") && !help.contains("constant|step"))
    for values in [
      "values: gd, sgd, momentum", "values: constant, step, exponential", "values: counts, lookup, onehot",
    ] {
      #expect(help.ranges(of: values).count == 1, "\(values)")
    }
  }

  @Test func trainLogsTenRowsSaysWhatIsKeptAndWhenResumeHasNothingToDo() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("words.txt", text: "anna\nbob\ncarla\nemma\n")
    let unsaved = try BigramBinary.run(["train", "-i", input, "--steps", "100", "--quiet"])
    #expect(unsaved.status == 0, "\(unsaved.standardError)")
    let rows = unsaved.standardOutput.split(separator: "\n").filter {
      $0.range(of: #"^ +\d+ +\d"#, options: .regularExpression) != nil
    }
    #expect(rows.count == 11)
    #expect(unsaved.standardOutput.contains("nothing was kept: give -o DIR"))
    let work = directory.url.appendingPathComponent("run").path
    let saved = try BigramBinary.run(["train", "-i", input, "--max-steps", "20", "--work-dir", work, "--quiet"])
    #expect(saved.status == 0 && !saved.standardOutput.contains("nothing was kept"))
    let again = try BigramBinary.run(["train", "-i", input, "--resume", "--work-dir", work, "--quiet"])
    #expect(again.status == 0, "\(again.standardError)")
    #expect(again.standardOutput.hasPrefix("nothing to do: the run in \(work) is finished (20 of 20 steps)"))
    // --log-every is saved with the run: extending it logs every 7th step without being told again.
    let logged = directory.url.appendingPathComponent("logged").path
    #expect(
      try BigramBinary.run(["train", "-i", input, "--steps", "14", "--log-every", "7", "-o", logged]).status == 0)
    let extended = try BigramBinary.run(["train", "-i", input, "--resume", logged, "--steps", "28", "--quiet"])
    let steps = extended.standardOutput.split(separator: "\n").compactMap { line -> Int? in
      line.range(of: #"^ +\d+ +\d"#, options: .regularExpression) != nil
        ? Int(line.split(separator: " ").first ?? "") : nil
    }
    #expect(steps == [0, 7, 14, 21, 28])
    let words = try BigramBinary.run(["train", "--sample-only", "-o", work, "-n", "3", "--json"])
    #expect(words.status == 0, "\(words.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(words.standardOutput.utf8)) as? [String: Any])
    #expect((object["samples"] as? [Any])?.count == 3)
  }
}
