import Autodiff
import Foundation
import TestSupport
import Testing

@testable import CharLM

/// names.txt against the figures of `Utilities/Reference/bigram_counts.py` and
/// `softmax_bigram.py` (NumPy, float64), stored in `Utilities/Reference/golden/`.
@Suite(.enabled(if: SharedData.isAvailableOrRequired)) struct GoldenFigureTests {
  private let corpus: Corpus
  private let counts: BigramCounts
  private let golden: [String: Any]

  init() throws {
    corpus = try Corpus(contentsOf: try #require(SharedData.namesURL))
    counts = try BigramCounts(corpus: corpus)
    golden = try Golden.load("bigram_counts")
  }

  @Test func countMatrixAndEvents() throws {
    let rows = try #require(try Golden.value(golden, "counts") as? [[Int]])
    #expect(rows.flatMap { $0 } == counts.counts)
    #expect(counts.total == Int(try Golden.number(golden, "bigramEvents")))
    #expect(corpus.vocabulary.symbols.map { String($0) } == (try Golden.value(golden, "vocabulary") as? [String]))
  }

  @Test(arguments: ["0", "0.1", "1", "10"])
  func meanNLLForEachSmoothing(alpha: String) throws {
    let expected = try Golden.number(golden, "meanNLL", alpha)
    let likelihood = try counts.probabilities(smoothing: try #require(Double(alpha))).negativeLogLikelihood(
      of: corpus.words)
    #expect(abs(try #require(likelihood.mean) - expected) < 1e-12)
    #expect(abs(try #require(likelihood.perplexity) - (try Golden.number(golden, "perplexity", alpha))) < 1e-10)
  }

  @Test func wordScores() throws {
    for alpha in ["1", "0"] {
      let model = counts.probabilities(smoothing: try #require(Double(alpha)))
      let table = try #require(try Golden.value(golden, "wordScores", alpha) as? [String: [String: Any]])
      for (word, expected) in table {
        let score = try model.score(word)
        if let total = expected["totalNLL"] as? Double {
          #expect(abs(-score.logLikelihood - total) < 1e-12, "\(word) α=\(alpha)")
        } else {
          // The script writes null for +∞ (a bigram never seen with α = 0).
          #expect(score.logLikelihood == -.infinity, "\(word) α=\(alpha)")
        }
      }
    }
  }

  @Test func splitMatchesTheReference() throws {
    let reference = try #require(try Golden.value(golden, "split") as? [String: Any])
    let seed = UInt64(try Golden.number(reference, "seed"))
    let split = CorpusSplit(corpus: corpus, percentages: [80, 10, 10], seed: seed)
    let model = try BigramCounts(corpus: split.train, vocabulary: corpus.vocabulary).probabilities(smoothing: 1)
    for (name, part) in [("train", split.train), ("dev", split.dev), ("test", split.test)] {
      #expect(part.words.count == Int(try Golden.number(reference, name, "words")))
      let likelihood = try model.negativeLogLikelihood(of: part.words)
      #expect(likelihood.events == Int(try Golden.number(reference, name, "bigramEvents")))
      #expect(abs(try #require(likelihood.mean) - (try Golden.number(reference, name, "meanNLL"))) < 1e-12)
      if let first = try Golden.value(reference, name, "firstWords") as? [String] {
        #expect(Array(part.words.prefix(first.count)) == first)
      }
    }
  }

  @Test(arguments: [("plain", 1.0, nil), ("temperature0.5", 0.5, nil), ("topK3", 1.0, 3)] as [(String, Double, Int?)])
  func samplesMatchTheReference(variant: String, temperature: Double, topK: Int?) throws {
    let reference = try #require(try Golden.value(golden, "samples", variant) as? [[String: Any]])
    let sampler = Sampler(model: counts.probabilities(smoothing: 1), temperature: temperature, topK: topK)
    var generator = SplitMix64(seed: 42)
    let words = sampler.sample(count: reference.count, using: &generator)
    #expect(words == reference.compactMap { $0["name"] as? String })
    let known = Set(corpus.words)
    #expect(words.map { known.contains($0) } == reference.compactMap { $0["inCorpus"] as? Bool })
  }

  @Test func gradientDescentTrajectory() throws {
    let reference = try Golden.load("softmax_bigram")
    let expected = try #require(try Golden.value(reference, "gradientDescent", "loss") as? [Double])
    let learningRate = try Golden.number(reference, "gradientDescent", "learningRate")
    let objective = BigramObjective(counts: counts, l2: try Golden.number(reference, "gradientDescent", "lambda"))
    var weights = Tensor(zeros: [27, 27])
    for k in expected.indices {
      let evaluation = objective.evaluate(at: weights)
      #expect(abs(evaluation.loss - expected[k]) < 1e-9, "step \(k)")
      weights.scalars = zip(weights.scalars, evaluation.gradient.scalars).map { $0 - learningRate * $1 }
    }
  }

  @Test func curvatureAtZero() throws {
    let reference = try Golden.load("softmax_bigram")
    let objective = BigramObjective(counts: counts, l2: try Golden.number(reference, "taylorAtZero", "lambda"))
    let zero = Tensor(zeros: [27, 27])
    let gradient = objective.evaluate(at: zero).gradient
    let norm = gradient.norm
    #expect(abs(norm - (try Golden.number(reference, "taylorAtZero", "gradientNorm"))) < 1e-12)
    let direction = Tensor(shape: gradient.shape, scalars: gradient.scalars.map { -$0 / norm })
    let half = objective.halfCurvature(at: zero, along: direction)
    #expect(abs(half - (try Golden.number(reference, "taylorAtZero", "halfDirectionalCurvature"))) < 1e-12)
    #expect(abs(half - 0.0016941852) < 1e-10)
  }
}
