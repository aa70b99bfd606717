import Autodiff
import CharLM
import Foundation

/// What the report's inline script needs to recompute the story as the reader drags a control: the
/// counts, the objective's settings, the positions of every control, and the figures it cannot
/// cheaply recompute (L* from Newton's method, λ_max from the eigen-decompositions).
///
/// The page recomputes everything else with the CLI's own formulas: P = (N + α)/Σ(N + α), the NLL,
/// gradient descent (GD, momentum, Adam) on the counts objective with the learning-rate lab's
/// verdict, the Taylor error along D = −∇L/‖∇L‖, and SplitMix64 inverse-CDF sampling. The browser
/// test (`Utilities/explorable-test.py`) checks the page's figures against the CLI's.
struct ExplorableData: Encodable {
  /// The smoothing values α of the α slider, in order.
  static let smoothings: [Double] = [0, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1_000]
  /// The sampling temperatures of the temperature slider.
  static let temperatures: [Double] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3]
  /// The η slider's positions: 45 rates from 0.1 to 500, geometric, so every fourth one is a rate of
  /// `bigram lr-sweep`'s default sweep (η₀·r^{4k/44} = η₀·r^{k/11}: the same double exponent).
  static let rateCount = 4 * (LearningRateSweep.defaultCount - 1) + 1
  /// The ε slider's positions: 10^(−k/4) for k = 0 … 24 (1 down to 1e-6).
  static let epsilons: [Double] = (0...24).map { (k: Int) -> Double in
    // The whole decades are the CLI's own literals (1, 0.1, …), so those rows match `bigram taylor`.
    let decades = TaylorCheck.defaultEpsilons
    if k % 4 == 0 && k / 4 < decades.count { return decades[k / 4] }
    return pow(10.0, -Double(k) / 4.0)
  }

  /// The symbols as they appear in words (the boundary as "").
  let symbols: [String]
  /// The symbols as the heat maps label them (the boundary as ".").
  let labels: [String]
  /// N, V×V, row-major.
  let counts: [Int]
  /// T, the number of bigram events.
  let events: Int
  /// λ of the penalty λ·mean(W²).
  let l2: Double
  /// The samplers' seed, as a decimal string (a UInt64 does not fit a JavaScript number).
  let seed: String
  /// How many words a sample draws.
  let sampleCount: Int
  /// The corpus's distinct words, newline-separated (empty when too large to embed).
  let words: String
  let smoothings: [Double]
  let smoothingIndex: Int
  let temperatures: [Double]
  let temperatureIndex: Int
  let rates: [Double]
  let rateIndex: Int
  /// Updates per run of the learning-rate lab (`bigram lr-sweep`'s default).
  let steps: Int
  /// L*, the optimum's loss (Newton's method), which the verdicts measure gaps to.
  let optimumLoss: Double
  /// 2/λ_max at W = 0 and at W*.
  let startBound: Double
  let optimumBound: Double
  let closingFraction: Double
  let riseTolerance: Double
  let momentum: Double
  let beta1: Double
  let beta2: Double
  let adamEpsilon: Double
  let epsilons: [Double]
  let epsilonIndex: Int
  /// The longest word a sampler draws.
  let maximumLength: Int

  /// The largest word list embedded for the "new / in data" tags of the live samples.
  static let largestEmbeddedWords = 1_000_000

  init(story: BigramStory) {
    let counts = story.data.counts
    let vocabulary = counts.vocabulary
    symbols = vocabulary.symbols.enumerated().map { $0.offset == 0 ? "" : String(Character($0.element)) }
    labels = (0..<counts.size).map { vocabulary.displayName(of: $0) }
    self.counts = counts.counts
    events = counts.total
    l2 = story.options.l2
    seed = String(story.options.seed)
    sampleCount = story.options.sampleCount
    let distinct = Set(story.corpus.words).sorted().joined(separator: "\n")
    words = distinct.utf8.count <= Self.largestEmbeddedWords ? distinct : ""
    smoothings = Self.smoothings
    smoothingIndex = Self.smoothings.firstIndex(of: 1) ?? 0
    temperatures = Self.temperatures
    temperatureIndex = Self.temperatures.firstIndex(of: 1) ?? 0
    let rates = LearningRateSweep.geometricRates(
      from: LearningRateSweep.defaultLowestRate, to: LearningRateSweep.defaultHighestRate, count: Self.rateCount)
    self.rates = rates
    // The slider opens at the rate nearest the story's η.
    let target = story.options.learningRate
    rateIndex = rates.indices.min { abs(log(rates[$0] / target)) < abs(log(rates[$1] / target)) } ?? 0
    steps = LearningRateSweep.defaultSteps
    optimumLoss = story.optimum.loss
    startBound = story.sweep.startCurvature.stabilityBound
    optimumBound = story.sweep.optimumCurvature.stabilityBound
    closingFraction = LearningRateSweep.closingFraction
    riseTolerance = LearningRateSweep.riseTolerance
    let defaults = TrainingOptions()
    momentum = defaults.momentum
    beta1 = defaults.beta1
    beta2 = defaults.beta2
    adamEpsilon = defaults.epsilon
    epsilons = Self.epsilons
    epsilonIndex = 4
    maximumLength = Sampler.maximumLength
  }

  /// The JSON for a `<script type="application/json">` element: `<`, `>` and `&` written as
  /// \u escapes (they occur only inside strings), so no corpus word can end the element or break
  /// the page's XML well-formedness.
  ///
  /// Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) in corpus words
  /// are written as \u escapes too, so none reaches the page's text unisolated.
  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // λ_max = 0 (a one-symbol corpus) makes a bound infinite; the script reads these with Number().
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "not a number")
    let text = String(decoding: try encoder.encode(self), as: UTF8.self)
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x26, 0x3C, 0x3E, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        let hex = String(scalar.value, radix: 16)
        escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}
