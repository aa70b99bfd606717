import Foundation

/// How an n-gram model is smoothed.
public enum NGramSmoothing: Sendable, Equatable {
  /// Add-α with this α ≥ 0.
  case addAlpha(Double)
  /// Add-α with α picked on the dev part from ``NGramEvaluation/smoothingGrid``.
  case tunedAddAlpha
  /// Interpolated modified Kneser-Ney.
  case kneserNey
}

/// How well a model predicts one part of the data.
public struct NGramPartScore: Sendable, Equatable, Encodable {
  /// The words of the part.
  public let words: Int
  /// Its events T = Σ (length + 1).
  public let events: Int
  /// The mean NLL over the events in nats (+∞ when some event has probability 0; nil for no events).
  public let nll: Double?
  /// exp(nll).
  public let perplexity: Double?
  /// The events the model gives probability 0.
  public let zeroProbabilityEvents: Int
}

/// An n-gram model fitted on train counts and scored on train, dev and test counts.
public struct NGramEvaluation: Sendable {
  /// The α tried by ``NGramSmoothing/tunedAddAlpha``: 10⁻³ … 10 in quarter decades (17 values).
  public static let smoothingGrid: [Double] = (0...16).map { Foundation.pow(10, -3 + Double($0) / 4) }

  /// N.
  public let order: Int
  /// The smoothing used: α (tuned or given) or Kneser-Ney.
  public let smoothing: NGramSmoothing
  /// The α used, for add-α.
  public let alpha: Double?
  /// The dev NLL of every α of the grid, when α was tuned.
  public let tuning: [(alpha: Double, devNLL: Double?)]?
  /// The fitted model.
  public let model: any ContextLanguageModel
  /// The distinct n-grams of the train part for each order 1…N.
  public let ngrams: [Int]
  /// The scores of each part (dev and test when given).
  public let train: NGramPartScore
  public let dev: NGramPartScore?
  public let test: NGramPartScore?

  /// Fits the model on `train` and scores each part (all of one order and vocabulary).
  ///
  /// - Precondition: the counts share order and vocabulary; `.tunedAddAlpha` needs `dev`.
  public init(train: NGramCounts, dev: NGramCounts?, test: NGramCounts?, smoothing: NGramSmoothing) {
    precondition(smoothing != .tunedAddAlpha || dev != nil, "tuning α needs a dev part")
    order = train.order
    self.smoothing = smoothing
    ngrams = train.distinctNGrams
    func score(_ model: any ContextLanguageModel, _ counts: NGramCounts) -> NGramPartScore {
      let likelihood = model.negativeLogLikelihood(of: counts)
      return NGramPartScore(
        words: counts.words, events: likelihood.events, nll: likelihood.mean, perplexity: likelihood.perplexity,
        zeroProbabilityEvents: likelihood.zeroProbabilityEvents)
    }
    switch smoothing {
    case .kneserNey:
      model = KneserNeyNGram(counts: train)
      alpha = nil
      tuning = nil
    case .addAlpha(let value):
      model = AddAlphaNGram(counts: train, smoothing: value)
      alpha = value
      tuning = nil
    case .tunedAddAlpha:
      let tried = Self.smoothingGrid.map { alpha in
        (alpha: alpha, devNLL: dev.flatMap { score(AddAlphaNGram(counts: train, smoothing: alpha), $0).nll })
      }
      // The lowest dev NLL; ties go to the smaller α.
      let best = tried.min { ($0.devNLL ?? .infinity) < ($1.devNLL ?? .infinity) } ?? tried[0]
      model = AddAlphaNGram(counts: train, smoothing: best.alpha)
      alpha = best.alpha
      tuning = tried
    }
    let fitted = model
    self.train = score(fitted, train)
    self.dev = dev.map { score(fitted, $0) }
    self.test = test.map { score(fitted, $0) }
  }

  /// The Kneser-Ney model, when that is the smoothing.
  public var kneserNey: KneserNeyNGram? { model as? KneserNeyNGram }
}
