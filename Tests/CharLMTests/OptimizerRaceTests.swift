import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The optimizer race: every standard entrant reaches L* + 1e-3 on names.txt, and failures are kept.
@Suite struct OptimizerRaceTests {
  @Test func theStandardEntrants() {
    let entrants = RaceEntrant.standard(l2: 0.01, steps: 123)
    #expect(entrants.map(\.name) == ["gd", "momentum", "nesterov", "adam", "clipped-gd", "newton"])
    #expect(entrants.allSatisfy { $0.options.steps == 123 && $0.options.l2 == 0.01 })
    #expect(entrants.map(\.options.method) == [.gd, .momentum, .nesterov, .adam, .gd, .newton])
    #expect(entrants.filter { $0.options.clipNorm != nil }.map(\.name) == ["clipped-gd"])
  }

  @Test(.enabled(if: SharedData.isAvailableOrRequired)) func everyOptimizerReachesTheCoarseGapOnNames() throws {
    let fixture = try NamesFixture.shared.get()
    // 300 steps, not the default 2000, keep the debug build fast; the slowest entrant (clipped GD)
    // needs about 170 (Utilities/Reference/softmax_bigram.py's gradient descent needs 230 at η = 50).
    let race = OptimizerRace(
      objective: fixture.objective, entrants: RaceEntrant.standard(l2: NamesFixture.lambda, steps: 300),
      optimum: fixture.optimum)
    let target = fixture.optimum.loss + OptimizerRace.coarseGap
    for result in race.results {
      #expect(result.failure == nil, "\(result.entrant.name)")
      let milestone = try #require(result.withinCoarseGap, "\(result.entrant.name) never reached L* + 1e-3")
      let records = result.history.records
      // The first step within the gap, not just any.
      #expect(records[milestone.step].loss <= target)
      #expect(milestone.step == 0 || records[milestone.step - 1].loss > target)
      #expect(result.finalLoss >= fixture.optimum.loss - 1e-12)
      // A run that reached L* + 1e-6 stopped there.
      if let fine = result.withinFineGap { #expect(result.steps == fine.step, "\(result.entrant.name)") }
    }
    let newton = try #require(race.results.last)
    #expect(newton.entrant.name == "newton")
    #expect(try #require(newton.withinFineGap).step <= 20)
  }

  @Test func aFailedRunKeepsItsHistory() throws {
    let counts = try BigramCounts(corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam"]))
    let objective = BigramObjective(counts: counts, l2: 1)
    var options = TrainingOptions()
    options.learningRate = 1e6
    options.steps = 200
    let race = OptimizerRace(
      objective: objective, entrants: [RaceEntrant(name: "reckless", options: options)],
      optimum: try Optimum(objective: objective))
    let result = try #require(race.results.first)
    guard case .nonFiniteLoss(let step, let rate) = result.failure else {
      Issue.record("expected a non-finite loss, got \(String(describing: result.failure))")
      return
    }
    #expect(rate == 1e6 && step < 200)
    #expect(result.finalLoss.isFinite)
    #expect(result.withinCoarseGap == nil && result.withinFineGap == nil)
  }
}
