import Autodiff
import CharLM
import Foundation
import Testing

@testable import Reports

/// The data behind the report's controls: its slider positions land exactly on the CLI's own
/// settings, so the browser test (Utilities/explorable-test.py) can compare like with like.
@Suite struct ExplorableDataTests {
  @Test func everyFourthRateIsARateOfTheDefaultSweep() {
    let rates = LearningRateSweep.geometricRates(
      from: LearningRateSweep.defaultLowestRate, to: LearningRateSweep.defaultHighestRate,
      count: ExplorableData.rateCount)
    let sweep = LearningRateSweep.geometricRates(
      from: LearningRateSweep.defaultLowestRate, to: LearningRateSweep.defaultHighestRate,
      count: LearningRateSweep.defaultCount)
    #expect(stride(from: 0, to: rates.count, by: 4).map { rates[$0] } == sweep)
  }

  @Test func theWholeDecadesOfEpsilonAreTheTaylorTablesOwn() {
    let decades = stride(from: 0, to: ExplorableData.epsilons.count, by: 4).map { ExplorableData.epsilons[$0] }
    #expect(Array(decades.prefix(TaylorCheck.defaultEpsilons.count)) == TaylorCheck.defaultEpsilons)
    #expect(zip(ExplorableData.epsilons, ExplorableData.epsilons.dropFirst()).allSatisfy { $0 > $1 })
  }

  @Test func jsonHasNoMarkupAndRoundTripsTheCorpus() throws {
    let words = ["<b>&amp;</b>", "]]>", "anna", "bob"]
    var options = BigramStory.Options()
    options.trainingSteps = 10
    options.studySteps = 10
    options.raceSteps = 10
    let story = try BigramStory(corpus: Corpus(words: words, source: "test"), options: options)
    let json = try ExplorableData(story: story).json()
    for character in ["<", ">", "&"] { #expect(!json.contains(character)) }
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["words"] as? String)?.split(separator: "\n").map(String.init) == Set(words).sorted())
    #expect(object["counts"] as? [Int] == story.data.counts.counts)
    #expect(object["seed"] as? String == "42")
  }

  @Test func theScriptStaysInsideItsCDATASectionAndNamesNoURL() {
    #expect(!ExplorableScript.source.contains("]]>"))
    #expect(!ExplorableScript.source.contains("http"))
    #expect(!ExplorableScript.source.contains("console."))
  }
}
