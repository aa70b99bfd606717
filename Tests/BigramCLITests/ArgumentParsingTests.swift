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
