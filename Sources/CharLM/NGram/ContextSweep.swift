import Foundation

/// How much longer contexts help: for N = 1 … maxOrder, each model kind fitted on train and scored
/// on train, dev and test, with the distinct n-grams it stores and a one-line reading of the trend.
///
/// The kinds are add-α with α tuned on dev (``NGramEvaluation/smoothingGrid``) and interpolated
/// modified Kneser-Ney; another kind (a neural model with a fixed context) adds rows of its own
/// ``ModelKind`` through ``init(rows:unseenDevShare:)``.
public struct ContextSweep: Sendable {
  /// A family of models compared across N.
  public enum ModelKind: String, Sendable, CaseIterable, Encodable {
    case addAlpha = "add-alpha"
    case kneserNey = "kneser-ney"
    /// The MLP of Bengio et al. with context N − 1 (`bigram contexts --mlp`).
    case mlp

    /// The name in text and charts.
    public var displayName: String {
      switch self {
      case .addAlpha: return "add-α (α tuned on dev)"
      case .kneserNey: return "Kneser-Ney"
      case .mlp: return "MLP (context N − 1)"
      }
    }
  }

  /// One model at one order.
  public struct Row: Sendable {
    /// N.
    public let order: Int
    /// Which model.
    public let model: ModelKind
    /// α for add-α, nil for a model without one.
    public let smoothing: Double?
    /// The scores of the parts (test nil when there is no test part).
    public let train: NGramPartScore
    public let dev: NGramPartScore
    public let test: NGramPartScore?
    /// The distinct n-grams stored per order 1…N (empty for the MLP).
    public let ngrams: [Int]
    /// The trained scalars of a neural row (nil for the count models).
    public let parameters: Int?

    /// A row made elsewhere.
    public init(
      order: Int, model: ModelKind, smoothing: Double?, train: NGramPartScore, dev: NGramPartScore,
      test: NGramPartScore?, ngrams: [Int], parameters: Int? = nil
    ) {
      self.parameters = parameters
      self.order = order
      self.model = model
      self.smoothing = smoothing
      self.train = train
      self.dev = dev
      self.test = test
      self.ngrams = ngrams
    }
  }

  /// The rows, by order then model.
  public let rows: [Row]
  /// For each N, the share of dev events whose N-gram never occurs in train (index N − 1).
  public let unseenDevShare: [Double]

  /// Rows computed elsewhere (e.g. with more model kinds).
  public init(rows: [Row], unseenDevShare: [Double]) {
    self.rows = rows
    self.unseenDevShare = unseenDevShare
  }

  /// Counts every part at each N = 1 … `maxOrder` with `parts(N)` and fits both count models.
  public init(
    maxOrder: Int, parts: (Int) throws -> (train: NGramCounts, dev: NGramCounts, test: NGramCounts?)
  ) rethrows {
    var rows: [Row] = []
    var unseen: [Double] = []
    for order in 1...maxOrder {
      let (train, dev, test) = try parts(order)
      for (kind, smoothing) in [(ModelKind.addAlpha, NGramSmoothing.tunedAddAlpha), (.kneserNey, .kneserNey)] {
        let fit = NGramEvaluation(train: train, dev: dev, test: test, smoothing: smoothing)
        rows.append(
          Row(
            order: order, model: kind, smoothing: fit.alpha, train: fit.train, dev: fit.dev ?? fit.train,
            test: fit.test, ngrams: fit.ngrams))
      }
      var missing = 0
      for (key, count) in zip(dev.keys, dev.counts) where train.count(ofKey: key) == 0 { missing += count }
      unseen.append(dev.events > 0 ? Double(missing) / Double(dev.events) : 0)
    }
    self.init(rows: rows, unseenDevShare: unseen)
  }

  /// The row of the lowest dev NLL of one model kind.
  public func best(_ kind: ModelKind) -> Row? {
    rows.filter { $0.model == kind }.min { ($0.dev.nll ?? .infinity) < ($1.dev.nll ?? .infinity) }
  }

  /// One line on the trend: where dev stops improving and why.
  public var reading: String {
    guard let kneserNey = best(.kneserNey), let devNLL = kneserNey.dev.nll else {
      return "no dev words to read the trend from: give a split with a dev share, or --dev FILE"
    }
    let maxOrder = rows.map(\.order).max() ?? 1
    let others = ModelKind.allCases.filter { $0 != .kneserNey }.compactMap { kind -> String? in
      guard let row = best(kind), let nll = row.dev.nll else { return nil }
      return "\(kind.displayName) is best at N = \(row.order) (\(String(format: "%.4f", nll)))"
    }.joined(separator: ", ")
    let lead =
      "Dev NLL is lowest at N = \(kneserNey.order) for Kneser-Ney (\(String(format: "%.4f", devNLL)) nats)"
      + (others.isEmpty ? "" : "; \(others)")
    guard kneserNey.order < maxOrder else {
      return lead + ", still falling at the largest N tried: longer contexts may help further (raise --max-order)."
    }
    let next = kneserNey.order + 1
    let share = unseenDevShare[next - 1] * 100
    return lead
      + ". Beyond it the counts run out: \(String(format: "%.0f", share))% of dev \(next)-grams never occur in train, "
      + "so a longer context is mostly unseen and its few counts add more noise than information."
  }
}

extension NGramCounts {
  /// The count of the N-gram with packed key `key` (0 when never seen).
  public func count(ofKey key: UInt128) -> Int {
    var low = 0
    var high = keys.count
    while low < high {
      let middle = (low + high) / 2
      if keys[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low < keys.count && keys[low] == key ? counts[low] : 0
  }
}
