import Autodiff
import Optimization

/// The softmax bigram's objective for the ``ModelTrainer``: examples are the bigram events, the
/// only parameter is W (V×V), and the full-batch loss comes from the counts (O(V²)) or the tape.
public struct BigramTrainingObjective: TrainingObjective {
  /// The loss L(W) = mean NLL + λ·mean(W²).
  public let objective: BigramObjective
  /// The events (needed by the tape paths and mini-batches).
  public let events: BigramEvents?
  /// How the full-batch loss is computed.
  public let path: LossPath

  /// The objective computing full-batch losses by `path`.
  ///
  /// - Precondition: the tape paths need `events`.
  public init(objective: BigramObjective, events: BigramEvents?, path: LossPath = .counts) {
    precondition(path == .counts || events != nil, "the \(path) path needs the bigram events")
    self.objective = objective
    self.events = events
    self.path = path
  }

  public var exampleCount: Int { events?.count ?? objective.events }

  public func evaluate(_ model: SoftmaxBigram) -> ObjectiveEvaluation {
    let evaluation = objective.evaluate(at: model.weights, path: path, events: events)
    return ObjectiveEvaluation(loss: evaluation.loss, nll: evaluation.nll, gradients: [evaluation.gradient])
  }

  /// - Precondition: mini-batches need the events.
  public func evaluate(_ model: inout SoftmaxBigram, examples: ArraySlice<Int>) -> ObjectiveEvaluation {
    guard let events else { preconditionFailure("mini-batches need the bigram events") }
    let evaluation = objective.evaluate(
      at: model.weights, batchInputs: examples.map { events.inputs[$0] },
      batchTargets: examples.map { events.targets[$0] })
    return ObjectiveEvaluation(loss: evaluation.loss, nll: evaluation.nll, gradients: [evaluation.gradient])
  }

  public func loss(of model: SoftmaxBigram) -> Double { objective.evaluate(at: model.weights, gradient: false).loss }

  public func hessianBlocks(of model: SoftmaxBigram) -> [Tensor]? { objective.hessianBlocks(at: model.weights) }

  public func softmaxHessianBlocks(of model: SoftmaxBigram) -> [SoftmaxHessianBlock]? {
    objective.softmaxHessianBlocks(at: model.weights)
  }
}

extension SoftmaxBigram: TrainableModel {
  /// [W].
  public var parameters: [Tensor] {
    get { [weights] }
    set {
      precondition(newValue.count == 1 && newValue[0].shape == weights.shape, "the softmax bigram has one V×V tensor")
      weights = newValue[0]
    }
  }

  private enum CodingKeys: String, CodingKey { case vocabulary, weights }

  /// Decodes a model, refusing weights whose shape does not fit the vocabulary.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let vocabulary = try container.decode(Vocabulary.self, forKey: .vocabulary)
    let weights = try container.decode(Tensor.self, forKey: .weights)
    guard weights.shape == [vocabulary.count, vocabulary.count] else {
      throw DecodingError.dataCorruptedError(
        forKey: .weights, in: container,
        debugDescription: "weights of shape \(weights.shape) for \(vocabulary.count) symbols")
    }
    self.init(vocabulary: vocabulary, weights: weights)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(vocabulary, forKey: .vocabulary)
    try container.encode(weights, forKey: .weights)
  }
}
