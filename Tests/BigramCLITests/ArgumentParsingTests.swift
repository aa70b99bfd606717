import ArgumentParser
import Testing

@testable import BigramCLI

@Suite struct ArgumentParsingTests {
  @Test func noArgumentsRunsTheTour() throws {
    let command = try BigramCommand.parseAsRoot([])
    #expect(command is TourCommand)
  }

  @Test func countsOptions() throws {
    let command = try #require(
      try BigramCommand.parseAsRoot([
        "counts", "-i", "names.txt", "--smoothing", "0.5", "--split", "70,20,10", "--seed", "7", "--json",
      ])
        as? CountsCommand)
    #expect(command.corpusOptions.input == "names.txt")
    #expect(command.smoothingOptions.smoothing == 0.5)
    #expect(command.split?.percentages == [70, 20, 10])
    #expect(command.seedOptions.seed == 7)
    #expect(command.output.json)
  }

  @Test func ngramCountsOptions() throws {
    let command = try #require(
      try BigramCommand.parseAsRoot([
        "counts", "--order", "5", "--kneser-ney", "--train", "a.txt", "--dev", "b.txt", "--arpa", "m.arpa",
      ])
        as? CountsCommand)
    #expect(command.ngramOptions.resolvedOrder == 5 && command.ngramOptions.kneserNey)
    #expect(command.parts.train == "a.txt" && command.parts.dev == "b.txt" && command.parts.test == nil)
    #expect(command.arpa == "m.arpa" && command.smoothingOptions.given == nil)
    let contexts = try #require(try BigramCommand.parseAsRoot(["contexts", "--max-order", "8"]) as? ContextsCommand)
    #expect(contexts.maxOrder == 8)
    let defaults = try #require(try BigramCommand.parseAsRoot(["counts"]) as? CountsCommand)
    #expect(!defaults.ngramOptions.isGiven && defaults.smoothingOptions.smoothing == 1)
  }

  @Test(arguments: [
    ["counts", "--order", "0"], ["counts", "--order", "11"], ["counts", "--kneser-ney", "--smoothing", "1"],
    ["counts", "--arpa", "m.arpa", "--smoothing", "1"], ["counts", "--train", "a.txt"],
    ["counts", "--train", "a.txt", "--dev", "b.txt", "-i", "c.txt"], ["counts", "--tune-smoothing", "--kneser-ney"],
    ["score", "--arpa", "m.arpa", "--kneser-ney", "emma"], ["sample", "--order", "3", "--model", "dir"],
    ["contexts", "--max-order", "11"], ["contexts", "--split", "90,0,10"],
  ]) func ngramConflictsAreRefused(arguments: [String]) {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(arguments) }
  }

  @Test(arguments: ["80,10", "80,10,5", "a,b,c", "0,50,50", "90,-5,15", "80,10,10,0"])
  func badSplitsAreRefused(split: String) {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["counts", "--split", split]) }
  }

  @Test func negativeSmoothingIsRefused() {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["counts", "--smoothing", "-1"]) }
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["counts", "--smoothing", "nan"]) }
  }

  @Test func sampleOptions() throws {
    let command = try #require(
      try BigramCommand.parseAsRoot(["sample", "-n", "5", "--temperature", "0.5", "--top-k", "3"]) as? SampleCommand)
    #expect(command.count == 5 && command.temperature == 0.5 && command.topK == 3)
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["sample", "--temperature", "0"]) }
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["sample", "--top-k", "0"]) }
  }

  @Test func scoreNeedsWords() throws {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["score"]) }
    let command = try #require(try BigramCommand.parseAsRoot(["score", "emma", "zoe"]) as? ScoreCommand)
    #expect(command.words == ["emma", "zoe"])
  }
}
