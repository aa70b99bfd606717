import Autodiff
import Optimization

/// One update of an MLP run: the mini-batch loss it was computed on and the rate it used.
public struct MLPStepRecord: Sendable, Equatable, Codable {
  /// The update's index (0-based).
  public let step: Int
  /// The mean cross-entropy of the mini-batch (training mode).
  public let loss: Double
  /// The learning rate of the update.
  public let learningRate: Double
}

/// A full evaluation in evaluation mode (BatchNorm running statistics) after `step` updates.
public struct MLPEvaluation: Sendable, Equatable, Codable {
  /// Updates made before the evaluation.
  public let step: Int
  /// Mean NLL over every training window.
  public let train: Double
  /// Mean NLL over every dev window (nil when the dev set is empty).
  public let dev: Double?
}

/// Everything an MLP run has in flight, so a checkpoint resumes it bit for bit: the model (with
/// BatchNorm's running statistics), the optimizer and schedule state, the mini-batch generator,
/// the history, the evaluations and the best-by-dev model.
public struct MLPTrainingState: Sendable, Equatable, Codable {
  /// The number of updates made.
  public var step: Int
  /// The current model.
  public var model: MLPModel
  /// The optimizer with its buffers.
  public var optimizer: OptimizerState
  /// The schedule with its state.
  public var schedule: ScheduleState
  /// The generator the next mini-batch is drawn from.
  public var generator: SplitMix64
  /// One record per update.
  public var history: [MLPStepRecord]
  /// The evaluations so far.
  public var evaluations: [MLPEvaluation]
  /// The model with the lowest dev NLL seen at an evaluation, and that evaluation.
  public var best: MLPModel?
  /// The evaluation that chose ``best``.
  public var bestEvaluation: MLPEvaluation?
  /// Why the run stopped, once it has.
  public var stopReason: StopReason?
}
