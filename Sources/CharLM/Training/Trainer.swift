import Autodiff
import Optimization

/// The softmax bigram's trainer.
public typealias Trainer = ModelTrainer<BigramTrainingObjective>

/// Trains any ``TrainableModel`` on its ``TrainingObjective``: full-batch or mini-batch first-order
/// methods (with clipping and weight decay), gradient descent with a line search, or Newton's
/// method, recording after every update the loss, NLL, gradient norm and learning rate.
///
/// Step k evaluates L at θ_k (the parameters after k updates) on the full training data, records
/// it, then makes update k+1 with rate η_k. A non-finite loss stops training with
/// ``TrainingError/nonFiniteLoss(step:learningRate:)`` and ``state`` keeps the last finite point;
/// a failed line search is ``TrainingError/lineSearchFailed(step:reason:)``. A run that ends above
/// its starting loss is reported by ``endedAboveStart`` (data: the caller decides what it means).
public struct ModelTrainer<Objective: TrainingObjective>: Sendable {
  /// The loss being minimised and its data.
  public let objective: Objective
  /// The run's settings (validated).
  public let configuration: TrainingConfiguration
  /// The run's state; save it to resume.
  public private(set) var state: ModelTrainingState<Objective.Model>
  // The current epoch's example order (mini-batches), re-derived from `state.epochGenerator`.
  private var order: [Int] = []

  /// Starts a run at `model`.
  ///
  /// - Throws: ``TrainingError/unsupported(_:)`` when the model cannot be trained this way (Newton
  ///   without a Hessian).
  /// - Precondition: `configuration` is valid (``TrainingConfiguration/validate()``).
  public init(objective: Objective, configuration: TrainingConfiguration, model: Objective.Model)
    throws(TrainingError)
  {
    let state = ModelTrainingState(
      step: 0, model: model, optimizer: OptimizerState(configuration: configuration),
      schedule: ScheduleState(configuration: configuration), epochGenerator: SplitMix64(seed: configuration.seed),
      epochPosition: 0, epoch: 0)
    try self.init(objective: objective, configuration: configuration, resuming: state)
  }

  /// Continues a saved run exactly where it stopped; a finished run goes on when
  /// `configuration.steps` exceeds its step. `state.history` is the history so far (possibly
  /// empty when it was not kept: the new records are then the only ones).
  public init(
    objective: Objective, configuration: TrainingConfiguration, resuming state: ModelTrainingState<Objective.Model>
  ) throws(TrainingError) {
    do {
      try configuration.validate()
    } catch {
      preconditionFailure("invalid training configuration: \(error)")
    }
    if case .newton = configuration.optimizer {
      guard state.model.parameters.count == 1, objective.hessianBlocks(of: state.model) != nil else {
        throw .unsupported("Newton's method needs the model's Hessian, which this model does not provide")
      }
    }
    self.objective = objective
    self.configuration = configuration
    self.state = state
    // A finished run given more steps goes on; its last record evaluated the final point without
    // an update, and advance() evaluates that point again, so the record is dropped first.
    let extended = state.stopReason != .interrupted && configuration.steps > state.step
    if state.stopReason != nil, extended, state.history.records.last?.step == state.step {
      self.state.history.removeLast()
    }
    if state.stopReason == .interrupted || extended { self.state.stopReason = nil }
    if configuration.batchSize != nil, state.epoch > 0 { order = shuffledOrder(from: state.epochGenerator).order }
  }

  /// Whether the run has stopped (completed, reached its target, or was interrupted).
  public var isFinished: Bool { state.stopReason != nil }

  /// The loss at step 0 and the last loss, when the run has ended above where it started: a run
  /// that made things worse diverged even if every loss stayed finite.
  public var endedAboveStart: (initialLoss: Double, finalLoss: Double, learningRate: Double)? {
    guard state.stopReason == .completed || state.stopReason == .targetReached,
      let initial = state.initialLoss, let last = state.history.records.last, last.loss > initial
    else { return nil }
    return (initial, last.loss, configuration.learningRate)
  }

  /// Runs until done or until `shouldStop` says so between two steps (then the state is
  /// consistent and ``StopReason/interrupted``); `onRecord` sees each history record, and
  /// `beforeStep` the state each record is evaluated at (θ_k before update k+1: held-out data is
  /// scored there without a copy of the parameters).
  ///
  /// - Throws: ``TrainingError`` on a non-finite loss or a failed line search.
  public mutating func run(
    shouldStop: () -> Bool = { false }, onRecord: (TrainingRecord) -> Void = { _ in },
    beforeStep: (ModelTrainingState<Objective.Model>) -> Void = { _ in }
  ) throws(TrainingError) -> StopReason {
    while state.stopReason == nil {
      if shouldStop() {
        state.stopReason = .interrupted
        break
      }
      beforeStep(state)
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
    let evaluation = objective.evaluate(state.model)
    guard evaluation.loss.isFinite, evaluation.gradients.allSatisfy(\.isFinite) else {
      throw .nonFiniteLoss(step: k, learningRate: state.history.records.last?.learningRate ?? rate)
    }
    if k == 0 || state.initialLoss == nil { state.initialLoss = state.initialLoss ?? evaluation.loss }
    var record = TrainingRecord(
      step: k, loss: evaluation.loss, nll: evaluation.nll, gradNorm: evaluation.gradientNorm, learningRate: rate)
    if k >= configuration.steps {
      state.stopReason = .completed
    } else if let target = configuration.targetLoss, evaluation.loss <= target {
      state.stopReason = .targetReached
    } else {
      let previous = state
      switch configuration.optimizer {
      case .newton:
        record.learningRate = try newtonUpdate(evaluation: evaluation)
      case .gradientDescent(_, lineSearch: true):
        record.learningRate = try lineSearchUpdate(evaluation: evaluation, rate: rate)
      default:
        firstOrderUpdate(evaluation: evaluation, rate: rate)
      }
      // Never keep a non-finite point: the error names the update that produced it.
      guard state.model.parameters.allSatisfy(\.isFinite) else {
        state = previous
        state.history.append(record)
        state.step = k
        throw .nonFiniteLoss(step: k + 1, learningRate: record.learningRate)
      }
      // Reduce-on-plateau must see every update, whatever made it (Newton and the line search
      // too), or it cannot give the rate of the next step.
      if case .plateau = state.schedule {
        state.schedule.observe(loss: objective.loss(of: state.model))
      }
      state.step = k + 1
    }
    state.history.append(record)
    return record
  }

  private mutating func firstOrderUpdate(evaluation: ObjectiveEvaluation, rate: Double) {
    var gradients = evaluation.gradients
    if let batchSize = configuration.batchSize {
      gradients = miniBatchGradients(size: batchSize)
    }
    if let limit = configuration.clipping.value { clipGradientValues(&gradients, limit: limit) }
    if let maxNorm = configuration.clipping.norm { _ = clipGradientNorm(&gradients, maxNorm: maxNorm) }
    var parameters = state.model.parameters
    state.optimizer.update(&parameters, along: gradients, rate: rate)
    state.model.parameters = parameters
  }

  /// Gradient descent with an Armijo backtracking search along −∇L starting at t = η; returns the
  /// accepted t.
  private mutating func lineSearchUpdate(evaluation: ObjectiveEvaluation, rate: Double) throws(TrainingError)
    -> Double
  {
    let search = BacktrackingLineSearch(initialStep: rate)
    let shapes = state.model.parameters.map(\.shape)
    let point = Self.flatten(state.model.parameters)
    let gradient = Self.flatten(evaluation.gradients)
    let direction = Tensor(shape: gradient.shape, scalars: gradient.scalars.map { -$0 })
    let objective = self.objective
    let model = state.model
    do {
      let result = try search.search(
        from: point, value: evaluation.loss, gradient: gradient, direction: direction,
        loss: { candidate in
          var trial = model
          trial.parameters = Self.unflatten(candidate, shapes: shapes)
          return objective.loss(of: trial)
        })
      state.model.parameters = Self.unflatten(result.point, shapes: shapes)
      return result.stepSize
    } catch {
      throw .lineSearchFailed(step: state.step + 1, reason: String(describing: error))
    }
  }

  /// Levenberg–Marquardt damping bounds: δ grows ×10 from at least ``smallestDamping`` after each
  /// failed search, and gives up above ``largestDamping`` (the step is then a tiny gradient step
  /// that still found no decrease: the loss is flat to rounding or its Hessian is wrong).
  static var smallestDamping: Double { 1e-6 }
  static var largestDamping: Double { 1e8 }

  /// One Newton step (H + δI)d = −g with an Armijo search on t·d; δ adapts as documented on
  /// ``TrainingConfiguration/Optimizer/newton(damping:lineSearch:)``. Returns t.
  private mutating func newtonUpdate(evaluation: ObjectiveEvaluation) throws(TrainingError) -> Double {
    // The structured blocks solve in O(V) a row; the dense ones (any other objective) by eigen-decomposition.
    let structured = objective.softmaxHessianBlocks(of: state.model)
    let dense = structured == nil ? objective.hessianBlocks(of: state.model) : nil
    guard case .newton(var newton) = state.optimizer, case .newton(let floor, _) = configuration.optimizer,
      structured != nil || dense != nil
    else { preconditionFailure("Newton's method without its state or Hessian") }
    let objective = self.objective
    let model = state.model
    let loss = { (candidate: Tensor) -> Double in
      var trial = model
      trial.parameters = [candidate]
      return objective.loss(of: trial)
    }
    var lastError = ""
    while true {
      do {
        let (point, gradient) = (state.model.parameters[0], evaluation.gradients[0])
        let step =
          if let structured {
            try newton.step(
              from: point, value: evaluation.loss, gradient: gradient, softmaxBlocks: structured, loss: loss)
          } else {
            try newton.step(
              from: point, value: evaluation.loss, gradient: gradient, hessianBlocks: dense ?? [], loss: loss)
          }
        state.model.parameters = [step.point]
        // A full step means the quadratic model was trusted: trust it more next time. A step the
        // search had to shorten means it was not: damp more, which bends d toward −g/δ.
        if step.stepSize == (newton.lineSearch?.initialStep ?? 1) {
          newton.damping = newton.damping / 10 < Self.smallestDamping ? floor : max(floor, newton.damping / 10)
        } else if newton.lineSearch != nil, step.stepSize < 0.5 {
          newton.damping = min(Self.largestDamping, max(newton.damping * 10, Self.smallestDamping))
        }
        state.optimizer = .newton(newton)
        return step.stepSize
      } catch {
        lastError = String(describing: error)
      }
      guard newton.lineSearch != nil, newton.damping < Self.largestDamping else {
        throw .lineSearchFailed(step: state.step + 1, reason: lastError + " (damping δ = \(newton.damping))")
      }
      newton.damping = max(newton.damping * 10, Self.smallestDamping)
    }
  }

  /// The gradients of the next mini-batch of the epoch's shuffled order (a new epoch reshuffles).
  private mutating func miniBatchGradients(size: Int) -> [Tensor] {
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
    return objective.evaluate(&state.model, examples: batch).gradients
  }

  /// The Fisher–Yates order of the examples drawn from `generator`, and the generator after it.
  private func shuffledOrder(from generator: SplitMix64) -> (order: [Int], next: SplitMix64) {
    var generator = generator
    var order = Array(0..<objective.exampleCount)
    if order.count > 1 {
      for i in stride(from: order.count - 1, through: 1, by: -1) {
        order.swapAt(i, generator.nextInt(below: i + 1))
      }
    }
    return (order, generator)
  }

  /// All tensors' scalars in one vector (the line search's point).
  private static func flatten(_ tensors: [Tensor]) -> Tensor {
    if tensors.count == 1 { return tensors[0] }
    let scalars = tensors.flatMap(\.scalars)
    return Tensor(shape: [scalars.count], scalars: scalars)
  }

  /// The inverse of ``flatten(_:)`` for tensors of `shapes`.
  private static func unflatten(_ flat: Tensor, shapes: [[Int]]) -> [Tensor] {
    if shapes.count == 1 { return [Tensor(shape: shapes[0], scalars: flat.scalars)] }
    var offset = 0
    return shapes.map { shape in
      let count = shape.reduce(1, *)
      defer { offset += count }
      return Tensor(shape: shape, scalars: Array(flat.scalars[offset..<(offset + count)]))
    }
  }
}

extension ModelTrainer where Objective == BigramTrainingObjective {
  /// Starts a softmax-bigram run from flat ``TrainingOptions`` built in code.
  ///
  /// - Precondition: the options are valid (the CLI validates user input before it gets here).
  public init(objective: BigramObjective, events: BigramEvents?, options: TrainingOptions, initialWeights: Tensor) {
    let configuration = Self.configuration(options)
    precondition(
      initialWeights.shape == [objective.size, objective.size],
      "initial weights \(initialWeights.shape) do not match V = \(objective.size)")
    let model = SoftmaxBigram(vocabulary: objective.counts.vocabulary, weights: initialWeights)
    do {
      try self.init(
        objective: BigramTrainingObjective(objective, events: events, configuration: configuration),
        configuration: configuration, model: model)
    } catch {
      preconditionFailure("\(error)")
    }
  }

  /// Continues a softmax-bigram run from flat ``TrainingOptions`` built in code.
  public init(
    objective: BigramObjective, events: BigramEvents?, options: TrainingOptions, resuming state: TrainingState
  ) {
    let configuration = Self.configuration(options)
    do {
      try self.init(
        objective: BigramTrainingObjective(objective, events: events, configuration: configuration),
        configuration: configuration, resuming: state)
    } catch {
      preconditionFailure("\(error)")
    }
  }

  private static func configuration(_ options: TrainingOptions) -> TrainingConfiguration {
    do {
      return try options.configuration()
    } catch {
      preconditionFailure("invalid training options: \(error)")
    }
  }
}

extension BigramTrainingObjective {
  /// The objective a run of `configuration` needs: mini-batch runs record the full-batch loss from
  /// the counts, full-batch runs use the configured path.
  public init(_ objective: BigramObjective, events: BigramEvents?, configuration: TrainingConfiguration) {
    self.init(objective: objective, events: events, path: configuration.batchSize == nil ? configuration.path : .counts)
  }
}

/// Why training stopped early with an error (facts only; the CLI says which flags to change).
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss (or the parameters) became NaN or infinite at `step`; `learningRate` made that update.
  case nonFiniteLoss(step: Int, learningRate: Double)
  /// A line search (gradient descent's or Newton's) found no step that decreases the loss for
  /// update `step`.
  case lineSearchFailed(step: Int, reason: String)
  /// The model cannot be trained with this configuration.
  case unsupported(String)

  /// What happened.
  public var description: String {
    switch self {
    case .nonFiniteLoss(let step, let learningRate):
      return "the loss became non-finite at step \(step) (learning rate \(learningRate)): the run diverged; "
        + "the last finite weights were kept"
    case .lineSearchFailed(let step, let reason):
      return "the line search failed at step \(step): \(reason)"
    case .unsupported(let reason):
      return reason
    }
  }
}
