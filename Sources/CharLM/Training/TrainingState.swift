import Autodiff
import Optimization

/// Everything a training run has in flight, so that a checkpoint resumes it bit for bit:
/// the weights, the step, the optimizer's and the schedule's state, and the data order.
public struct TrainingState: Sendable, Equatable, Codable {
  /// The number of updates made.
  public var step: Int
  /// The current weights W.
  public var weights: Tensor
  /// The optimizer with its buffers (momentum, Adam moments).
  public var optimizer: OptimizerState
  /// The learning-rate schedule with its state (reduce-on-plateau).
  public var schedule: ScheduleState
  /// The generator state at the start of the current epoch's shuffle (mini-batch SGD): the epoch's
  /// order is re-derived from it on resume instead of being stored.
  public var epochGenerator: SplitMix64
  /// The next position in the current epoch's order.
  public var epochPosition: Int
  /// How many epochs have started.
  public var epoch: Int
  /// The history so far, one record per step from 0.
  public var history: TrainingHistory
  /// Why the run stopped, once it has.
  public var stopReason: StopReason?
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

  /// The optimizer of `options`.
  public init(options: TrainingOptions) {
    let rate = options.learningRate
    switch options.method {
    case .gd, .sgd:
      self = .sgd(SGD(learningRate: rate, weightDecay: options.weightDecay ?? 0))
    case .momentum:
      self = .sgd(SGD(learningRate: rate, momentum: options.momentum, weightDecay: options.weightDecay ?? 0))
    case .nesterov:
      self = .sgd(
        SGD(learningRate: rate, momentum: options.momentum, nesterov: true, weightDecay: options.weightDecay ?? 0))
    case .adam:
      self = .adam(
        Adam(
          learningRate: rate, beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon,
          weightDecay: options.weightDecay ?? 0))
    case .adamw:
      self = .adamW(
        AdamW(
          learningRate: rate, beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon,
          weightDecay: options.weightDecay ?? 0.01))
    case .newton:
      self = .newton(
        NewtonMethod(damping: options.damping, lineSearch: options.usesLineSearch ? BacktrackingLineSearch() : nil))
    }
  }

  /// Applies one first-order update with learning rate `rate`.
  ///
  /// - Precondition: not Newton (the trainer steps Newton itself).
  mutating func update(_ weights: inout Tensor, along gradient: Tensor, rate: Double) {
    var parameters = [weights]
    switch self {
    case .sgd(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: [gradient])
      self = .sgd(optimizer)
    case .adam(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: [gradient])
      self = .adam(optimizer)
    case .adamW(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: [gradient])
      self = .adamW(optimizer)
    case .newton:
      preconditionFailure("Newton's method is stepped by the trainer, not through update")
    }
    weights = parameters[0]
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

  /// The schedule of `options` (cosine and one-cycle span `options.steps`).
  public init(options: TrainingOptions) {
    let rate = options.learningRate
    switch options.schedule {
    case .constant: self = .constant(ConstantSchedule(rate: rate))
    case .step: self = .step(StepDecaySchedule(initialRate: rate, stepSize: options.stepSize, gamma: options.gamma))
    case .exponential: self = .exponential(ExponentialDecaySchedule(initialRate: rate, gamma: options.gamma))
    case .cosine:
      self = .cosine(
        CosineAnnealingSchedule(initialRate: rate, maximumStep: options.steps, minimumRate: options.minimumLearningRate)
      )
    case .warmupCosine:
      self = .warmupCosine(
        WarmupCosineSchedule(
          peakRate: rate, warmupSteps: options.warmupSteps, totalSteps: options.steps,
          minimumRate: options.minimumLearningRate))
    case .oneCycle: self = .oneCycle(OneCycleSchedule(maximumRate: rate, totalSteps: options.steps))
    case .plateau:
      self = .plateau(ReduceOnPlateauSchedule(initialRate: rate, factor: options.factor, patience: options.patience))
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
