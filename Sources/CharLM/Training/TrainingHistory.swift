/// One row of a training history: the state after `step` updates.
public struct TrainingRecord: Sendable, Equatable, Codable {
  /// The number of updates made so far (0 = the starting point).
  public let step: Int
  /// L(W) = mean NLL + λ·mean(W²) on the full training data.
  public let loss: Double
  /// The mean negative log-likelihood part of the loss.
  public let nll: Double
  /// ‖∇L‖ (Frobenius) at this point, before any clipping.
  public let gradNorm: Double
  /// The learning rate the next update uses (PyTorch's `get_last_lr()` after `step` scheduler
  /// steps); for Newton's method, the step length its line search accepted.
  public var learningRate: Double

  /// Creates a record.
  public init(step: Int, loss: Double, nll: Double, gradNorm: Double, learningRate: Double) {
    self.step = step
    self.loss = loss
    self.nll = nll
    self.gradNorm = gradNorm
    self.learningRate = learningRate
  }
}

/// The records of a training run, one per step from 0.
public struct TrainingHistory: Sendable, Equatable, Codable {
  /// The records in step order.
  public private(set) var records: [TrainingRecord] = []

  /// An empty history.
  public init() {}

  /// The history made of `records` (steps 0, 1, … in order).
  public init(records: [TrainingRecord]) {
    self.records = records
  }

  /// Appends the record of the next step.
  public mutating func append(_ record: TrainingRecord) {
    records.append(record)
  }

  /// Removes the last record (a finished run's final evaluation, made again when it is extended).
  public mutating func removeLast() {
    records.removeLast()
  }

  /// Every `k`-th record (steps 0, k, 2k, …) and always the last one, for long runs.
  ///
  /// - Precondition: `k ≥ 1`.
  public func thinned(every k: Int) -> [TrainingRecord] {
    precondition(k >= 1, "thinning needs k ≥ 1, got \(k)")
    guard k > 1 else { return records }
    var kept = records.filter { $0.step % k == 0 }
    if let last = records.last, kept.last?.step != last.step { kept.append(last) }
    return kept
  }
}
