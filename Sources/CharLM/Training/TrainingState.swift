import Autodiff
import Optimization

/// The softmax bigram's training state.
public typealias TrainingState = ModelTrainingState<SoftmaxBigram>

/// Everything a training run has in flight, so that a checkpoint resumes it bit for bit: the model
/// (parameters and untrained state), the step, the optimizer's and the schedule's state, and the data
/// order. Its size is O(parameters): the history is kept beside it in memory and saved apart
/// (`history.jsonl`), never encoded with it.
public struct ModelTrainingState<Model: TrainableModel>: Sendable, Equatable, Codable {
  /// The number of updates made.
  public var step: Int
  /// The model being trained.
  public var model: Model
  /// The optimizer with its buffers (momentum, Adam moments, Newton's current damping).
  public var optimizer: OptimizerState
  /// The learning-rate schedule with its state (reduce-on-plateau).
  public var schedule: ScheduleState
  /// The generator state at the start of the current epoch's shuffle (mini-batches): the epoch's
  /// order is re-derived from it on resume instead of being stored.
  public var epochGenerator: SplitMix64
  /// The next position in the current epoch's order.
  public var epochPosition: Int
  /// How many epochs have started.
  public var epoch: Int
  /// The loss at step 0, to tell a run that ended above where it started.
  public var initialLoss: Double?
  /// Why the run stopped, once it has.
  public var stopReason: StopReason?
  /// The history so far, one record per step from 0 (not encoded: saved as `history.jsonl`).
  public var history = TrainingHistory()

  private enum CodingKeys: String, CodingKey {
    case step, model, optimizer, schedule, epochGenerator, epochPosition, epoch, initialLoss, stopReason
  }

  /// A state.
  public init(
    step: Int, model: Model, optimizer: OptimizerState, schedule: ScheduleState, epochGenerator: SplitMix64,
    epochPosition: Int, epoch: Int, initialLoss: Double? = nil, stopReason: StopReason? = nil,
    history: TrainingHistory = TrainingHistory()
  ) {
    self.step = step
    self.model = model
    self.optimizer = optimizer
    self.schedule = schedule
    self.epochGenerator = epochGenerator
    self.epochPosition = epochPosition
    self.epoch = epoch
    self.initialLoss = initialLoss
    self.stopReason = stopReason
    self.history = history
  }
}

extension ModelTrainingState where Model == SoftmaxBigram {
  /// The softmax bigram's W.
  public var weights: Tensor {
    get { model.weights }
    set { model.weights = newValue }
  }
}

/// Why a training run stopped.
public enum StopReason: String, Sendable, Equatable, Codable {
  /// All the requested steps were made.
  case completed
  /// The loss reached `--target-loss`.
  case targetReached = "target-reached"
  /// The user interrupted it (SIGINT/SIGTERM); it can be resumed.
  case interrupted
}

/// The optimizer of a run, one case per update rule, so its state can be saved with the run.
public enum OptimizerState: Sendable, Equatable, Codable {
  /// SGD, with or without (Nesterov) momentum.
  case sgd(SGD)
  /// Adam.
  case adam(Adam)
  /// AdamW.
  case adamW(AdamW)
  /// Newton's method on the Hessian blocks (stateless between steps).
  case newton(NewtonMethod)

  /// The optimizer of flat `options` (the MLP's trainer), with empty buffers.
  public init(options: TrainingOptions) {
    self.init(configuration: options.unvalidatedConfiguration)
  }

  /// The optimizer of `configuration` (its weight decay included), with empty buffers.
  public init(configuration: TrainingConfiguration) {
    let decay = configuration.weightDecay
    switch configuration.optimizer {
    case .gradientDescent(let rate, _), .sgd(let rate):
      self = .sgd(SGD(learningRate: rate, weightDecay: decay))
    case .momentum(let rate, let momentum):
      self = .sgd(SGD(learningRate: rate, momentum: momentum, weightDecay: decay))
    case .nesterov(let rate, let momentum):
      self = .sgd(SGD(learningRate: rate, momentum: momentum, nesterov: true, weightDecay: decay))
    case .adam(let rate, let beta1, let beta2, let epsilon):
      self = .adam(Adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay))
    case .adamW(let rate, let beta1, let beta2, let epsilon):
      self = .adamW(AdamW(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay))
    case .newton(let damping, let lineSearch):
      self = .newton(NewtonMethod(damping: damping, lineSearch: lineSearch ? BacktrackingLineSearch() : nil))
    }
  }

  /// Whether this saved state belongs to a run of `configuration` on parameters of `sizes`
  /// scalars: the same kind and settings, and buffers (momentum, Adam's moments) of those sizes.
  /// Newton's damping may have grown from the configured floor, never below it.
  func fits(_ configuration: TrainingConfiguration, parameterSizes sizes: [Int]) -> Bool {
    func fits(_ adam: AdamState) -> Bool {
      adam.step >= 0
        && (adam.firstMoments.isEmpty && adam.secondMoments.isEmpty
          || adam.firstMoments.map(\.count) == sizes && adam.secondMoments.map(\.count) == sizes)
    }
    func same(_ a: Adam, _ b: Adam) -> Bool {
      a.beta1 == b.beta1 && a.beta2 == b.beta2 && a.epsilon == b.epsilon && a.weightDecay == b.weightDecay
    }
    switch (self, OptimizerState(configuration: configuration)) {
    case (.sgd(let sgd), .sgd(let fresh)):
      return sgd.momentum == fresh.momentum && sgd.nesterov == fresh.nesterov && sgd.weightDecay == fresh.weightDecay
        && sgd.dampening == fresh.dampening
        && (sgd.momentumBuffers.isEmpty || sgd.momentumBuffers.map(\.count) == sizes)
    case (.adam(let adam), .adam(let fresh)):
      return same(adam, fresh) && fits(adam.state)
    case (.adamW(let adamW), .adamW(let fresh)):
      return same(adamW.adam, fresh.adam) && adamW.weightDecay == fresh.weightDecay && fits(adamW.adam.state)
    case (.newton(let newton), .newton(let fresh)):
      return newton.damping >= fresh.damping && newton.damping.isFinite && newton.lineSearch == fresh.lineSearch
        && newton.relativeTolerance == fresh.relativeTolerance
    default:
      return false
    }
  }

  /// Applies one first-order update with learning rate `rate`.
  ///
  /// - Precondition: not Newton (the trainer steps Newton itself).
  mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor], rate: Double) {
    switch self {
    case .sgd(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .sgd(optimizer)
    case .adam(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .adam(optimizer)
    case .adamW(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .adamW(optimizer)
    case .newton:
      preconditionFailure("Newton's method is stepped by the trainer, not through update")
    }
  }
}

/// The learning-rate schedule of a run, one case per kind, so its state can be saved with the run.
public enum ScheduleState: Sendable, Equatable, Codable {
  case constant(ConstantSchedule)
  case step(StepDecaySchedule)
  case exponential(ExponentialDecaySchedule)
  case cosine(CosineAnnealingSchedule)
  case warmupCosine(WarmupCosineSchedule)
  case oneCycle(OneCycleSchedule)
  case plateau(ReduceOnPlateauSchedule)

  /// The schedule of flat `options` (the MLP's trainer).
  public init(options: TrainingOptions) {
    self.init(configuration: options.unvalidatedConfiguration)
  }

  /// The schedule of `configuration` (cosine and one-cycle span its steps).
  public init(configuration: TrainingConfiguration) {
    let rate = configuration.learningRate
    let steps = configuration.steps
    switch configuration.schedule {
    case .constant: self = .constant(ConstantSchedule(rate: rate))
    case .step(let stepSize, let gamma):
      self = .step(StepDecaySchedule(initialRate: rate, stepSize: stepSize, gamma: gamma))
    case .exponential(let gamma): self = .exponential(ExponentialDecaySchedule(initialRate: rate, gamma: gamma))
    case .cosine(let floor):
      self = .cosine(CosineAnnealingSchedule(initialRate: rate, maximumStep: steps, minimumRate: floor))
    case .warmupCosine(let warmup, let floor):
      self = .warmupCosine(
        WarmupCosineSchedule(peakRate: rate, warmupSteps: warmup, totalSteps: steps, minimumRate: floor))
    case .oneCycle: self = .oneCycle(OneCycleSchedule(maximumRate: rate, totalSteps: steps))
    case .plateau(let patience, let factor):
      self = .plateau(ReduceOnPlateauSchedule(initialRate: rate, factor: factor, patience: patience))
    }
  }

  /// The rate for scheduler step k.
  func learningRate(at step: Int) -> Double {
    switch self {
    case .constant(let schedule): schedule.learningRate(at: step)
    case .step(let schedule): schedule.learningRate(at: step)
    case .exponential(let schedule): schedule.learningRate(at: step)
    case .cosine(let schedule): schedule.learningRate(at: step)
    case .warmupCosine(let schedule): schedule.learningRate(at: step)
    case .oneCycle(let schedule): schedule.learningRate(at: step)
    case .plateau(let schedule): schedule.learningRate(at: step)
    }
  }

  /// Feeds the loss after an update (only reduce-on-plateau listens).
  mutating func observe(loss: Double) {
    if case .plateau(var schedule) = self {
      schedule.observe(loss: loss)
      self = .plateau(schedule)
    }
  }
}
