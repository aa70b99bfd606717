import Autodiff
import Optimization

/// Trains an ``MLPModel`` as makemore part 3 does: mini-batches drawn uniformly with replacement
/// from the training windows by the seeded generator, one first-order update per batch (any
/// optimizer, schedule and clipping of ``TrainingOptions``), BatchNorm's running statistics moved
/// after each update, and a full train/dev evaluation every `evaluateEvery` updates and at the end.
///
/// Kept apart from the model so that the model is only "parameters, loss and gradients on a batch,
/// NLL in evaluation mode, sampling" and any trainer can drive it.
public struct MLPTrainer: Sendable {
  /// The run's optimizer, schedule, clipping, steps, batch size and seed.
  public let options: TrainingOptions
  /// Evaluate every this many updates (and at the end).
  public let evaluateEvery: Int
  /// The data.
  public let data: MLPDataSplits
  /// The run's state; save it to resume.
  public private(set) var state: MLPTrainingState
  /// Wall seconds spent in evaluations by this trainer (not saved: a measurement, not state).
  public private(set) var evaluationSeconds = 0.0
  private let trainGroups: GroupedWindows
  private let devGroups: GroupedWindows

  /// The mini-batch size of an MLP run: `batchSize`, or the lecture's 32.
  public static func batchSize(_ options: TrainingOptions) -> Int { options.batchSize ?? 32 }

  /// Starts a run from `model`.
  ///
  /// - Precondition: `options.method` is not Newton; the training set is not empty.
  public init(model: MLPModel, data: MLPDataSplits, options: TrainingOptions, evaluateEvery: Int) {
    let state = MLPTrainingState(
      step: 0, model: model, optimizer: OptimizerState(options: options), schedule: ScheduleState(options: options),
      generator: SplitMix64(seed: options.seed), history: [], evaluations: [], best: nil, bestEvaluation: nil,
      stopReason: nil)
    self.init(resuming: state, data: data, options: options, evaluateEvery: evaluateEvery)
  }

  /// Continues a saved run where it stopped; a finished run goes on when `options.steps` exceeds
  /// its step.
  public init(resuming state: MLPTrainingState, data: MLPDataSplits, options: TrainingOptions, evaluateEvery: Int) {
    precondition(options.method != .newton, "the MLP trains with first-order methods only")
    precondition(data.train.count > 0, "the MLP needs training windows")
    precondition(evaluateEvery >= 1, "evaluateEvery must be at least 1")
    self.options = options
    self.evaluateEvery = evaluateEvery
    self.data = data
    self.state = state
    if state.stopReason == .interrupted || options.steps > state.step { self.state.stopReason = nil }
    trainGroups = data.train.grouped()
    devGroups = data.dev.grouped()
  }

  /// Whether the run has stopped.
  public var isFinished: Bool { state.stopReason != nil }

  /// Runs until done or until `shouldStop` says so between two updates; `onStep` sees each
  /// update's record and the latest evaluation.
  ///
  /// - Throws: ``TrainingError/nonFiniteLoss(step:learningRate:)`` when a batch loss, gradient or
  ///   update is not finite; the state keeps the last finite model.
  public mutating func run(
    shouldStop: () -> Bool = { false }, onStep: (MLPStepRecord?, MLPEvaluation?) -> Void = { _, _ in }
  ) throws(TrainingError) -> StopReason {
    while state.stopReason == nil {
      if shouldStop() {
        state.stopReason = .interrupted
        break
      }
      let record = try advance()
      onStep(record, state.evaluations.last)
    }
    return state.stopReason ?? .completed
  }

  /// Evaluates when due, then makes one update (nil when the run just completed).
  public mutating func advance() throws(TrainingError) -> MLPStepRecord? {
    precondition(state.stopReason == nil, "advance() after the run stopped")
    let k = state.step
    if k % evaluateEvery == 0 || k >= options.steps { evaluateIfNeeded() }
    if k >= options.steps {
      state.stopReason = .completed
      return nil
    }
    if let target = options.targetLoss, let dev = state.evaluations.last?.dev, dev <= target {
      state.stopReason = .targetReached
      return nil
    }
    let rate = state.schedule.learningRate(at: k)
    let batchSize = Self.batchSize(options)
    var rows = [Int](repeating: 0, count: batchSize)
    var generator = state.generator
    for index in 0..<batchSize { rows[index] = generator.nextInt(below: data.train.count) }
    let (contexts, targets) = data.train.batch(rows)
    let result = state.model.lossAndGradients(contexts: contexts, targets: targets)
    guard result.loss.isFinite, result.gradients.allSatisfy(Self.isFinite) else {
      throw .nonFiniteLoss(step: k, learningRate: rate)
    }
    var gradients = result.gradients
    if let limit = options.clipValue { clipGradientValues(&gradients, limit: limit) }
    if let maxNorm = options.clipNorm { _ = clipGradientNorm(&gradients, maxNorm: maxNorm) }
    // Updated in place (a copy of the model would be copied again on write, every step); finite
    // gradients give finite parameters unless a step overflows, which is checked after.
    state.optimizer.update(&state.model.parameters, along: gradients, rate: rate)
    guard state.model.parameters.allSatisfy(Self.isFinite) else {
      throw .nonFiniteLoss(step: k + 1, learningRate: rate)
    }
    state.model.updateRunningStatistics(with: result)
    state.generator = generator
    let record = MLPStepRecord(step: k, loss: result.loss, learningRate: rate)
    state.history.append(record)
    if case .plateau = state.schedule { state.schedule.observe(loss: result.loss) }
    state.step = k + 1
    return record
  }

  /// Whether every scalar is finite (one vectorized pass, `DenseKernels.allFinite`).
  private static func isFinite(_ tensor: Tensor) -> Bool {
    tensor.scalars.withUnsafeBufferPointer { DenseKernels.allFinite($0) }
  }

  /// Evaluates the current model unless this step already was (a resumed run), and keeps it as
  /// the best when its dev NLL is the lowest so far.
  private mutating func evaluateIfNeeded() {
    guard state.evaluations.last?.step != state.step else { return }
    let clock = ContinuousClock()
    let start = clock.now
    let evaluation = evaluate()
    let elapsed = clock.now - start
    evaluationSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    state.evaluations.append(evaluation)
    if let dev = evaluation.dev, dev < (state.bestEvaluation?.dev ?? .infinity) {
      state.best = state.model
      state.bestEvaluation = evaluation
    }
  }

  /// Train and dev NLL of the current model in evaluation mode.
  public func evaluate() -> MLPEvaluation {
    MLPEvaluation(
      step: state.step, train: state.model.negativeLogLikelihood(of: trainGroups),
      dev: data.dev.count > 0 ? state.model.negativeLogLikelihood(of: devGroups) : nil)
  }
}
