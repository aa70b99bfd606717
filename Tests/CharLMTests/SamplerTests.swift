import Autodiff
import Foundation
import Testing

@testable import CharLM

@Suite struct SamplerTests {
  private let model: BigramProbabilities

  init() throws {
    model = try BigramCounts(corpus: Corpus(words: ["emma", "ava", "olivia", "mia", "noah", "liam"]))
      .probabilities(smoothing: 0.5)
  }

  @Test func sameSeedSameWords() {
    let sampler = Sampler(model: model)
    var first = SplitMix64(seed: 7)
    var second = SplitMix64(seed: 7)
    #expect(sampler.sample(count: 50, using: &first) == sampler.sample(count: 50, using: &second))
    var third = SplitMix64(seed: 8)
    var fourth = SplitMix64(seed: 7)
    #expect(sampler.sample(count: 50, using: &third) != sampler.sample(count: 50, using: &fourth))
  }

  @Test func topOneIsTheGreedyChain() {
    // With k = 1 every step takes the row's most likely symbol: a deterministic word.
    let sampler = Sampler(model: model, topK: 1)
    var generator = SplitMix64(seed: 1)
    let words = Set(sampler.sample(count: 20, using: &generator))
    #expect(words.count == 1)
    var previous = 0
    var greedy: [Int] = []
    while greedy.count < Sampler.maximumLength {
      let row = model.matrix.row(previous)
      let next = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0
      if next == 0 { break }
      greedy.append(next)
      previous = next
    }
    #expect(words.first == model.vocabulary.decode(greedy))
  }

  @Test func frequenciesMatchTheModel() {
    // The first symbol of a word is drawn from row 0; over many draws its frequency must
    // match P within 5 standard errors.
    let sampler = Sampler(model: model)
    var generator = SplitMix64(seed: 2024)
    let draws = 40_000
    var firsts = [Int](repeating: 0, count: model.vocabulary.count)
    for _ in 0..<draws {
      firsts[sampler.nextSymbol(after: 0, u: generator.nextDouble())] += 1
    }
    for j in 0..<model.vocabulary.count {
      let p = model[0, j]
      let standardError = (p * (1 - p) / Double(draws)).squareRoot()
      #expect(abs(Double(firsts[j]) / Double(draws) - p) <= 5 * standardError + 1e-12)
    }
  }

  @Test func temperatureSharpensAndFlattens() {
    let row = [0.5, 0.3, 0.2, 0]
    let cold = Sampler.reshapedRow(row, temperature: 0.5, topK: nil)
    let hot = Sampler.reshapedRow(row, temperature: 2, topK: nil)
    // p^(1/T) normalised, closed form.
    #expect(abs(cold[0] - 0.25 / 0.38) < 1e-15)
    #expect(abs(hot[0] - 0.5.squareRoot() / (0.5.squareRoot() + 0.3.squareRoot() + 0.2.squareRoot())) < 1e-15)
    #expect(cold[3] == 0 && hot[3] == 0)
    #expect(Sampler.reshapedRow(row, temperature: 1, topK: 2) == [0.5 / 0.8, 0.3 / 0.8, 0, 0])
  }

  /// Tiny temperatures tend to the greedy row (issue 14, item 3: they fell back to T = 1), and
  /// ties at the top share it.
  @Test func tinyTemperatureIsGreedy() {
    // At T = 0.002 the runner-up keeps e^{log(0.3/0.5)/0.002} ≈ 10⁻¹¹¹: greedy to all purposes.
    let nearlyGreedy = Sampler.reshapedRow([0.2, 0.5, 0.3, 0], temperature: 0.002, topK: nil)
    #expect(nearlyGreedy[1] == 1 && nearlyGreedy[2] < 1e-100 && nearlyGreedy[2] > 0)
    for temperature in [1e-10, 1e-300, Double.leastNonzeroMagnitude] {
      #expect(Sampler.reshapedRow([0.2, 0.5, 0.3, 0], temperature: temperature, topK: nil) == [0, 1, 0, 0])
      #expect(Sampler.reshapedRow([0.4, 0.2, 0.4], temperature: temperature, topK: nil) == [0.5, 0, 0.5])
      #expect(Sampler.reshapedRow([1e-300, 0x1p-1030, 0], temperature: temperature, topK: 1) == [1, 0, 0])
    }
  }

  @Test func boundaryNeverAppearsInsideAWord() {
    let sampler = Sampler(model: model, temperature: 3)
    var generator = SplitMix64(seed: 3)
    for word in sampler.sample(count: 200, using: &generator) {
      #expect(!word.contains("."))
      #expect(word.unicodeScalars.count <= Sampler.maximumLength)
    }
  }

  /// The search is the inverse CDF: the first j whose left-to-right cumulative probability exceeds
  /// u, checked against a linear scan at random u, at every cumulative value itself (ties) and 0.
  @Test func nextSymbolIsTheFirstCumulativeValueAboveU() {
    let sampler = Sampler(model: model)
    var generator = SplitMix64(seed: 9)
    let v = model.vocabulary.count
    for row in 0..<v {
      var cumulative: [Double] = []
      var sum = 0.0
      for j in 0..<v {
        sum += model[row, j]
        cumulative.append(sum)
      }
      let draws = (0..<200).map { _ in generator.nextDouble() } + cumulative.filter { $0 < 1 } + [0]
      for u in draws {
        let expected = cumulative.firstIndex { u < $0 } ?? (0..<v).last { model[row, $0] > 0 }
        #expect(sampler.nextSymbol(after: row, u: u) == expected, "row \(row), u = \(u)")
      }
    }
  }

  @Test func wordsAreTheDecodedIndexWalks() {
    let sampler = Sampler(model: model, temperature: 1.5)
    var words = SplitMix64(seed: 10)
    var indices = SplitMix64(seed: 10)
    for _ in 0..<100 {
      #expect(sampler.sample(using: &words) == model.vocabulary.decode(sampler.sampleIndices(using: &indices)))
    }
  }
}
