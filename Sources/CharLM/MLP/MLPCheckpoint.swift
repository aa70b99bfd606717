import Foundation
import Optimization

/// A saved MLP run: the vocabulary, the options, the full training state (model with running
/// statistics, optimizer, schedule, mini-batch generator, history, evaluations, best model) and
/// where its data came from, with a fingerprint of that data.
///
/// Framed like every checkpoint (``CheckpointEnvelope``) under the tag `bigram-mlp-checkpoint`,
/// so a softmax command given an MLP run (or the reverse) says which kind it found.
public struct MLPCheckpoint: Sendable, Equatable, Codable {
  /// The format version written by this build.
  public static let version = 1
  /// The header tag.
  static let tag = "bigram-mlp-checkpoint"

  /// Where the train, dev and test words came from.
  public struct DataSource: Sendable, Equatable, Codable {
    /// The training words' file (or the whole corpus when `split` is set).
    public let train: String
    /// The dev words' file (nil when split from `train`).
    public let dev: String?
    /// The test words' file (nil when split from `train`).
    public let test: String?
    /// The percentages the corpus was split by, when it was.
    public let split: [Int]?
    /// The seed of that split.
    public let splitSeed: UInt64?

    /// A description of the data.
    public init(train: String, dev: String?, test: String?, split: [Int]?, splitSeed: UInt64?) {
      self.train = train
      self.dev = dev
      self.test = test
      self.split = split
      self.splitSeed = splitSeed
    }
  }

  /// The model's symbols.
  public let vocabulary: Vocabulary
  /// The optimizer, schedule, clipping, steps, batch size and seed.
  public let options: TrainingOptions
  /// Evaluate every this many updates.
  public let evaluateEvery: Int
  /// The run's state.
  public let state: MLPTrainingState
  /// The data's origin.
  public let data: DataSource
  /// ``MLPDataSplits/fingerprint`` of the data trained on.
  public let fingerprint: String

  /// A checkpoint of `state`.
  public init(
    vocabulary: Vocabulary, options: TrainingOptions, evaluateEvery: Int, state: MLPTrainingState,
    data: DataSource, fingerprint: String
  ) {
    self.vocabulary = vocabulary
    self.options = options
    self.evaluateEvery = evaluateEvery
    self.state = state
    self.data = data
    self.fingerprint = fingerprint
  }

  /// The checkpoint's bytes.
  public func encoded() throws -> Data {
    CheckpointEnvelope.seal(try CheckpointEnvelope.encode(self), tag: Self.tag, version: Self.version)
  }

  /// Reads and verifies an MLP checkpoint; `source` names it in errors.
  ///
  /// - Throws: ``CheckpointError`` as for ``Checkpoint``, and for shapes or values that do not fit.
  public init(decoding data: Data, source: String) throws(CheckpointError) {
    let payload = try CheckpointEnvelope.open(data, tag: Self.tag, version: Self.version, source: source)
    let checkpoint = try CheckpointEnvelope.decode(MLPCheckpoint.self, from: payload, source: source)
    if let problem = checkpoint.inconsistency { throw .malformed(path: source, reason: problem) }
    self = checkpoint
  }

  /// Why the contents cannot be used, or nil.
  var inconsistency: String? {
    let models = [state.model] + (state.best.map { [$0] } ?? [])
    for model in models {
      if let problem = model.configuration.problem { return problem }
      guard model.vocabularySize == vocabulary.count else {
        return "a model for \(model.vocabularySize) symbols with a vocabulary of \(vocabulary.count)"
      }
      if let problem = model.inconsistency { return problem }
    }
    guard state.step >= 0, state.history.count == state.step else {
      return "step \(state.step) does not match its \(state.history.count) history records"
    }
    guard evaluateEvery >= 1, options.method != .newton else { return "options an MLP cannot train with" }
    guard state.history.allSatisfy({ $0.loss.isFinite && $0.learningRate.isFinite }) else {
      return "the history holds NaN or infinity"
    }
    let sizes = state.model.parameters.map(\.count)
    let optimizerFits: Bool
    switch state.optimizer {
    case .sgd(let sgd): optimizerFits = sgd.momentumBuffers.isEmpty || sgd.momentumBuffers.map(\.count) == sizes
    case .adam(let adam): optimizerFits = Self.fits(adam.state, sizes: sizes)
    case .adamW(let adamW): optimizerFits = Self.fits(adamW.state, sizes: sizes)
    case .newton: optimizerFits = false
    }
    guard optimizerFits else { return "the optimizer's state does not fit the model" }
    guard Checkpoint.isValid(state.schedule, step: state.step, steps: max(options.steps, state.step)) else {
      return "the learning-rate schedule does not fit the run"
    }
    let batchSize = MLPTrainer.batchSize(options)
    guard batchSize >= (state.model.configuration.batchNorm ? 2 : 1), batchSize <= 1 << 20,
      (options.clipNorm ?? 0) >= 0, (options.clipValue ?? 0) >= 0
    else { return "batch size \(batchSize) or clipping out of range for this model" }
    return nil
  }

  /// Adam's moments: none yet, or one m and one v per parameter tensor.
  private static func fits(_ adam: AdamState, sizes: [Int]) -> Bool {
    adam.step >= 0
      && (adam.firstMoments.isEmpty && adam.secondMoments.isEmpty
        || adam.firstMoments.map(\.count) == sizes && adam.secondMoments.map(\.count) == sizes)
  }
}
