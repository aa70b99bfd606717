import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import BigramCLI

/// `bigram lr-sweep` and `bigram race`: parsing in-process, and the built binary on names.txt.
@Suite struct LabCommandTests {
  private func json(_ result: BigramBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try #require(object as? [String: Any])
  }

  private func isClose(_ value: Any?, _ expected: Double, relative: Double) -> Bool {
    guard let value = value as? Double else { return false }
    return abs(value - expected) <= relative * abs(expected)
  }

  @Test func lrSweepOptions() throws {
    let defaults = try #require(try BigramCommand.parseAsRoot(["lr-sweep"]) as? LRSweepCommand)
    #expect(defaults.lowest == 0.1 && defaults.highest == 500 && defaults.count == 12 && defaults.steps == 100)
    let command = try #require(
      try BigramCommand.parseAsRoot([
        "lr-sweep", "-i", "names.txt", "--l2", "0.01", "--init", "normal", "--seed", "3", "--steps", "50", "--from",
        "1", "--to", "10", "--count", "2", "--json",
      ]) as? LRSweepCommand)
    #expect(command.corpusOptions.input == "names.txt" && command.weightOptions.l2 == 0.01)
    #expect(command.weightOptions.initialization == "normal" && command.seedOptions.seed == 3)
    #expect(command.steps == 50 && command.lowest == 1 && command.highest == 10 && command.count == 2)
    #expect(command.output.json)
  }

  @Test(arguments: [
    ["--from", "0"], ["--from", "-1"], ["--from", "10", "--to", "1"], ["--to", "inf"], ["--count", "0"],
    ["--steps", "0"], ["--l2", "-1"],
  ])
  func badSweepsAreRefused(arguments: [String]) {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["lr-sweep"] + arguments) }
  }

  @Test func raceOptions() throws {
    let defaults = try #require(try BigramCommand.parseAsRoot(["race"]) as? RaceCommand)
    #expect(defaults.steps == 2000 && defaults.l2 == 0.01 && defaults.overrides.isEmpty)
    let command = try #require(
      try BigramCommand.parseAsRoot(["race", "--steps", "10", "--l2", "0.1", "--rate", "gd=50", "--rate", "adam=0.3"])
        as? RaceCommand)
    #expect(command.steps == 10 && command.l2 == 0.1)
    #expect(command.overrides.map(\.name) == ["gd", "adam"] && command.overrides.map(\.rate) == [50, 0.3])
  }

  @Test(arguments: [
    ["--rate", "newton=1"], ["--rate", "sgd=1"], ["--rate", "gd=-1"], ["--rate", "gd"], ["--rate", "gd=fast"],
    ["--steps", "0"], ["--l2", "nan"],
  ])
  func badRacesAreRefused(arguments: [String]) {
    #expect(throws: (any Error).self) { try BigramCommand.parseAsRoot(["race"] + arguments) }
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func sweepJSONOnNames() throws {
    let names = try #require(SharedData.namesURL).path
    let result = try BigramBinary.run(["lr-sweep", "-i", names, "--l2", "0.01", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(!result.standardOutput.contains("NaN"))
    let object = try json(result)
    let reference = try Golden.load("softmax_bigram")
    // Utilities/Reference/softmax_bigram.py: λ_max and 2/λ_max at W = 0 and at W*, and L*.
    for (key, path) in [
      ("lambdaMaxStart", ["hessianLargestEigenvalue", "zero"]),
      ("lambdaMaxOptimum", ["hessianLargestEigenvalue", "optimum"]),
      ("stabilityBoundStart", ["gradientDescentStabilityBound", "zero"]),
      ("stabilityBoundOptimum", ["gradientDescentStabilityBound", "optimum"]),
      ("optimumLoss", ["newton", "loss"]),
    ] {
      let expected = try Golden.number(reference, path[0], path[1])
      #expect(isClose(object[key], expected, relative: 1e-9), "\(key): \(String(describing: object[key]))")
    }
    let runs = try #require(object["runs"] as? [[String: Any]])
    #expect(runs.count == 12)
    var verdicts: [Double: String] = [:]
    for run in runs {
      let rate = try #require(run["learningRate"] as? Double)
      verdicts[rate] = run["verdict"] as? String
      #expect((run["finalLoss"] as? Double)?.isFinite == true)
      #expect(run["lossCurve"] is [[String: Any]])
    }
    // The issue: η = 0.1 is too small and η = 500 divergent on names.txt with λ = 0.01.
    #expect(verdicts[0.1] == "too-small")
    #expect(verdicts[500] == "divergent")
    #expect(Set(verdicts.values) == ["too-small", "good", "oscillating", "divergent"])
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func sweepTextExplainsWithTheBounds() throws {
    let names = try #require(SharedData.namesURL).path
    let result = try BigramBinary.run([
      "lr-sweep", "-i", names, "--l2", "0.01", "--from", "0.1", "--to", "500", "--count", "4", "--steps", "30",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    for phrase in ["2/λ_max = 362", "2/λ_max = 74.5", "too-small", "divergent", "η = 500 is above 362"] {
      #expect(result.standardOutput.contains(phrase), "missing \(phrase)")
    }
  }

  @Test func aNonFiniteRunPrintsNoNaN() throws {
    // With λ = 1 the penalty's own curvature 2λ/V² makes η = 10⁷ blow up within a few dozen steps.
    let sweep = try BigramBinary.run([
      "lr-sweep", "--l2", "1", "--from", "1e7", "--to", "1e7", "--count", "1", "--steps", "300", "--json",
    ])
    #expect(sweep.status == 0, "\(sweep.standardError)")
    #expect(!sweep.standardOutput.contains("NaN"))
    let run = try #require((try json(sweep)["runs"] as? [[String: Any]])?.first)
    #expect(run["verdict"] as? String == "divergent")
    #expect(run["nonFiniteStep"] is Int && run["divergedAtStep"] as? Int == run["nonFiniteStep"] as? Int)
    #expect((run["finalLoss"] as? Double)?.isFinite == true)

    let race = try BigramBinary.run(["race", "--l2", "1", "--rate", "gd=1e7", "--steps", "300", "--json"])
    #expect(race.status == 0, "\(race.standardError)")
    #expect(!race.standardOutput.contains("NaN"))
    let gd = try #require((try json(race)["results"] as? [[String: Any]])?.first)
    #expect(gd["optimizer"] as? String == "gd")
    #expect((gd["failure"] as? String)?.contains("non-finite") == true)
    #expect((gd["finalLoss"] as? Double)?.isFinite == true)
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func raceJSONOnNames() throws {
    let names = try #require(SharedData.namesURL).path
    // A budget of 300 steps keeps the debug binary quick; every entrant needs fewer than 200.
    let result = try BigramBinary.run(["race", "-i", names, "--l2", "0.01", "--steps", "300", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try json(result)
    #expect(isClose(object["optimumLoss"], 2.4803990490, relative: 1e-9))
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(
      results.compactMap { $0["optimizer"] as? String } == [
        "gd", "momentum", "nesterov", "adam", "clipped-gd", "newton",
      ])
    for entry in results {
      let name = entry["optimizer"] as? String ?? "?"
      for key in ["finalLoss", "steps", "stepsTo1e-3", "stepsTo1e-6", "seconds"] {
        #expect(entry.keys.contains(key), "\(name) lacks \(key)")
      }
      #expect(entry["stepsTo1e-3"] is Int, "\(name) did not reach L* + 1e-3")
      #expect(entry["stepsTo1e-6"] is Int || entry["stepsTo1e-6"] is NSNull, "\(name)")
      #expect(entry["failure"] is NSNull, "\(name)")
    }
  }
}
