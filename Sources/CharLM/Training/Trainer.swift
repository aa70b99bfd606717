import Autodiff
import Optimization

/// Trains the softmax bigram: full-batch or mini-batch first-order methods, or Newton's method,
/// recording after every update the loss, NLL, gradient norm and learning rate.
///
/// Step k evaluates L at W_k (the weights after k updates) on the full training data, records it,
/// then makes update k+1 with rate η_k. A non-finite loss stops training with
/// ``TrainingError/nonFiniteLoss(step:learningRate:)``, and ``state`` keeps the last finite weights.
public struct Trainer: Sendable {
  /// The loss being minimised.
  public let objective: BigramObjective
  /// The events behind the counts (needed by the tape paths and mini-batches).
  public let events: BigramEvents?
  /// The run's settings.
  public let options: TrainingOptions
  /// The run's state; save it to resume.
  public private(set) var state: TrainingState
  // The current epoch's event order (mini-batches), re-derived from `state.epochGenerator`.
  private var order: [Int] = []

  /// Starts a run at `initialWeights`.
  ///
  /// - Precondition: the weights are V×V; the tape paths and mini-batches need `events`.
  public init(objective: BigramObjective, events: BigramEvents?, options: TrainingOptions, initialWeights: Tensor) {
    precondition(
      initialWeights.shape == [objective.size, objective.size],
      "initial weights \(initialWeights.shape) do not match V = \(objective.size)")
    let state = TrainingState(
      step: 0, weights: initialWeights, optimizer: OptimizerState(options: options),
      schedule: ScheduleState(options: options), epochGenerator: SplitMix64(seed: options.seed), epochPosition: 0,
      epoch: 0, history: TrainingHistory(), stopReason: nil)
    self.init(objective: objective, events: events, options: options, resuming: state)
  }

  /// Continues a saved run exactly where it stopped; a finished run goes on when `options.steps`
  /// exceeds its step.
  public init(
    objective: BigramObjective, events: BigramEvents?, options: TrainingOptions, resuming state: TrainingState
  ) {
    precondition(
      (options.path == .counts && options.effectiveBatchSize == nil) || events != nil,
      "the \(options.path) path and mini-batches need the bigram events")
    self.objective = objective
    self.events = events
    self.options = options
    self.state = state
    // A finished run given more steps goes on; its last record evaluated the final point without
    // an update, and advance() evaluates that point again, so the record is dropped first.
    let extended = state.stopReason != .interrupted && options.steps > state.step
    if state.stopReason != nil, extended, state.history.records.count == state.step + 1 {
      self.state.history.removeLast()
    }
    if state.stopReason == .interrupted || extended { self.state.stopReason = nil }
    if options.effectiveBatchSize != nil, state.epoch > 0 { order = shuffledOrder(from: state.epochGenerator).order }
  }

  /// Whether the run has stopped (completed, reached its target, or was interrupted).
  public var isFinished: Bool { state.stopReason != nil }

  /// Runs until done or until `shouldStop` says so between two steps (then the state is
  /// consistent and ``StopReason/interrupted``); `onRecord` sees each history record.
  ///
  /// - Throws: ``TrainingError`` on a non-finite loss or a failed line search.
  public mutating func run(
    shouldStop: () -> Bool = { false }, onRecord: (TrainingRecord) -> Void = { _ in }
  ) throws(TrainingError) -> StopReason {
    while state.stopReason == nil {
      if shouldStop() {
        state.stopReason = .interrupted
        break
      }
      onRecord(try advance())
    }
    return state.stopReason ?? .completed
  }

  /// Evaluates the current point, records it, and (unless the run is done) makes one update.
  public mutating func advance() throws(TrainingError) -> TrainingRecord {
    precondition(state.stopReason == nil, "advance() after the run stopped")
    let k = state.step
    let rate = state.schedule.learningRate(at: k)
    // The history's loss is always the full-batch loss, so mini-batch runs compare with GD.
    let path = options.effectiveBatchSize == nil ? options.path : .counts
    let evaluation = objective.evaluate(at: state.weights, path: path, events: events)
    guard evaluation.loss.isFinite, evaluation.gradient.isFinite else {
      throw .nonFiniteLoss(step: k, learningRate: k > 0 ? state.history.records[k - 1].learningRate : rate)
    }
    var record = TrainingRecord(
      step: k, loss: evaluation.loss, nll: evaluation.nll, gradNorm: evaluation.gradient.norm, learningRate: rate)
    if k >= options.steps {
      state.stopReason = .completed
    } else if let target = options.targetLoss, evaluation.loss <= target {
      state.stopReason = .targetReached
    } else {
      let previous = state
      if case .newton(let newton) = state.optimizer {
        record.learningRate = try newtonUpdate(newton, evaluation: evaluation)
      } else {
        firstOrderUpdate(evaluation: evaluation, rate: rate)
      }
      // Never keep a non-finite point: the error names the update that produced it.
      guard state.weights.isFinite else {
        state = previous
        state.history.append(record)
        state.step = k
        throw .nonFiniteLoss(step: k + 1, learningRate: record.learningRate)
      }
      // Reduce-on-plateau must see every update, whatever made it (Newton and the line search
      // too), or it cannot give the rate of the next step.
      if case .plateau = state.schedule {
        state.schedule.observe(loss: objective.evaluate(at: state.weights, gradient: false).loss)
      }
      state.step = k + 1
    }
    state.history.append(record)
    return record
  }

  private mutating func firstOrderUpdate(evaluation: BigramObjective.Evaluation, rate: Double) {
    var gradient = evaluation.gradient
    if let batchSize = options.effectiveBatchSize {
      gradient = miniBatchGradient(size: batchSize)
    } else if options.usesLineSearch, options.method == .gd {
      lineSearchUpdate(evaluation: evaluation, rate: rate)
      return
    }
    var gradients = [gradient]
    if let limit = options.clipValue { clipGradientValues(&gradients, limit: limit) }
    if let maxNorm = options.clipNorm { _ = clipGradientNorm(&gradients, maxNorm: maxNorm) }
    state.optimizer.update(&state.weights, along: gradients[0], rate: rate)
  }

  /// Gradient descent with an Armijo backtracking search along −∇L starting at t = η.
  private mutating func lineSearchUpdate(evaluation: BigramObjective.Evaluation, rate: Double) {
    let search = BacktrackingLineSearch(initialStep: rate)
    let direction = Tensor(shape: evaluation.gradient.shape, scalars: evaluation.gradient.scalars.map { -$0 })
    let objective = self.objective
    if let result = try? search.search(
      from: state.weights, value: evaluation.loss, gradient: evaluation.gradient, direction: direction,
      loss: { objective.evaluate(at: $0, gradient: false).loss })
    {
      state.weights = result.point
    }
  }

  private mutating func newtonUpdate(
    _ newton: NewtonMethod, evaluation: BigramObjective.Evaluation
  ) throws(TrainingError) -> Double {
    let objective = self.objective
    do {
      let step = try newton.step(
        from: state.weights, value: evaluation.loss, gradient: evaluation.gradient,
        softmaxBlocks: objective.softmaxHessianBlocks(at: state.weights),
        loss: { objective.evaluate(at: $0, gradient: false).loss })
      state.weights = step.point
      return step.stepSize
    } catch {
      throw .lineSearchFailed(step: state.step, reason: String(describing: error))
    }
  }

  /// The gradient of the next mini-batch of the epoch's shuffled order (a new epoch reshuffles).
  private mutating func miniBatchGradient(size: Int) -> Tensor {
    guard let events else { preconditionFailure("mini-batches need the bigram events") }
    if order.isEmpty || state.epochPosition >= order.count {
      if state.epoch > 0 {
        state.epochGenerator = shuffledOrder(from: state.epochGenerator).next
      }
      order = shuffledOrder(from: state.epochGenerator).order
      state.epochPosition = 0
      state.epoch += 1
    }
    let end = min(state.epochPosition + size, order.count)
    let batch = order[state.epochPosition..<end]
    state.epochPosition = end
    return objective.evaluate(
      at: state.weights, batchInputs: batch.map { events.inputs[$0] }, batchTargets: batch.map { events.targets[$0] }
    ).gradient
  }

  /// The Fisher–Yates order of the events drawn from `generator`, and the generator after it.
  private func shuffledOrder(from generator: SplitMix64) -> (order: [Int], next: SplitMix64) {
    var generator = generator
    var order = Array(0..<(events?.count ?? 0))
    if order.count > 1 {
      for i in stride(from: order.count - 1, through: 1, by: -1) {
        order.swapAt(i, generator.nextInt(below: i + 1))
      }
    }
    return (order, generator)
  }
}

/// Why training stopped early with an error.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss (or the weights) became NaN or infinite at `step`; `learningRate` made that update.
  case nonFiniteLoss(step: Int, learningRate: Double)
  /// Newton's line search found no step that decreases the loss.
  case lineSearchFailed(step: Int, reason: String)

  /// What happened and what to do.
  public var description: String {
    switch self {
    case .nonFiniteLoss(let step, let learningRate):
      return "the loss became non-finite at step \(step) (learning rate \(learningRate)): the run diverged; "
        + "the last finite weights were kept; try a smaller --learning-rate (see `bigram lr-sweep`) or --clip-norm"
    case .lineSearchFailed(let step, let reason):
      return "Newton's line search failed at step \(step) (\(reason)); try --damping 1e-3"
    }
  }
}
