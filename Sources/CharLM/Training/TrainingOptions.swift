/// A training run as a flat list of named settings: what the command line sets and the JSON output
/// shows. ``configuration()`` turns it into the typed ``TrainingConfiguration`` (validating it), and
/// ``init(_:)`` turns a configuration back into these settings.
public struct TrainingOptions: Sendable, Equatable, Codable {
  /// The update rule.
  public enum Method: String, Sendable, Codable, CaseIterable {
    /// Full-batch gradient descent W ← W − η∇L.
    case gd
    /// Stochastic gradient descent on mini-batches of bigram events.
    case sgd
    /// Gradient descent with (heavy-ball) momentum.
    case momentum
    /// Gradient descent with Nesterov momentum.
    case nesterov
    /// Adam (L2 folded into the gradient).
    case adam
    /// AdamW (decoupled weight decay).
    case adamw
    /// Newton's method on the per-row Hessian blocks.
    case newton
  }

  /// How the learning rate changes over the steps.
  public enum Schedule: String, Sendable, Codable, CaseIterable {
    case constant, step, exponential, cosine
    case warmupCosine = "warmup-cosine"
    case oneCycle = "one-cycle"
    case plateau
  }

  /// The update rule (default: full-batch gradient descent).
  public var method: Method = .gd
  /// How loss and gradient are computed on the full batch.
  public var path: LossPath = .counts
  /// The base learning rate η.
  public var learningRate = 50.0
  /// The number of updates.
  public var steps = 100
  /// λ of the penalty λ·mean(W²).
  public var l2 = 0.0
  /// The momentum factor μ (momentum, nesterov, and sgd when > 0).
  public var momentum = 0.9
  /// Adam's β₁.
  public var beta1 = 0.9
  /// Adam's β₂.
  public var beta2 = 0.999
  /// Adam's ε.
  public var epsilon = 1e-8
  /// Weight decay of SGD/Adam (added to the gradient) or AdamW (decoupled); nil: PyTorch's
  /// default (0.01 for AdamW, 0 otherwise).
  public var weightDecay: Double?
  /// Events per mini-batch; nil: 32 for sgd, the full batch otherwise.
  public var batchSize: Int?
  /// The learning-rate schedule.
  public var schedule: Schedule = .constant
  /// Step decay: multiply by γ every `stepSize` steps.
  public var stepSize = 100
  /// The decay factor γ of the step and exponential schedules.
  public var gamma = 0.5
  /// The floor of the cosine schedules.
  public var minimumLearningRate = 0.0
  /// Linear warm-up steps of warmup-cosine.
  public var warmupSteps = 10
  /// Reduce-on-plateau: non-improving steps tolerated.
  public var patience = 10
  /// Reduce-on-plateau: the factor applied on a plateau.
  public var factor = 0.1
  /// Clip the gradient's global norm to this, if set.
  public var clipNorm: Double?
  /// Clip every gradient entry to ±this, if set.
  public var clipValue: Double?
  /// Damping δ of Newton's method, (H + δI)d = −g.
  public var damping = 0.0
  /// Backtracking (Armijo) line search for gd and newton; nil: on for Newton, off for gd.
  public var lineSearch: Bool?
  /// Stop as soon as the loss is at or below this.
  public var targetLoss: Double?
  /// The seed of the mini-batch shuffles.
  public var seed: UInt64 = 42

  /// The default learning rate of each update rule, tuned on names.txt (Newton has none: 1 is
  /// its full step).
  public static func defaultLearningRate(for method: Method) -> Double {
    switch method {
    case .gd: 50
    case .sgd, .momentum, .nesterov: 5
    case .adam, .adamw: 0.1
    case .newton: 1
    }
  }

  /// The default options: full-batch GD from the counts, η = 50, 100 steps, λ = 0.
  public init() {}

  /// The mini-batch size in force, or nil for full-batch training.
  public var effectiveBatchSize: Int? {
    method == .newton ? nil : batchSize ?? (method == .sgd ? 32 : nil)
  }

  /// Whether Newton or GD backtracks: Newton does by default (pure Newton diverges from W = 0).
  public var usesLineSearch: Bool { lineSearch ?? (method == .newton) }

  /// The typed configuration of these settings, validated.
  ///
  /// - Throws: ``ConfigurationError`` naming the setting that is out of range or cannot combine.
  public func configuration() throws(ConfigurationError) -> TrainingConfiguration {
    if usesLineSearch, method != .gd, method != .newton {
      throw ConfigurationError(
        fields: [.lineSearch, .method], reason: "a line search is available for gd and newton only")
    }
    if method == .newton, batchSize != nil {
      throw ConfigurationError(fields: [.method, .batchSize], reason: "Newton's method needs the full batch")
    }
    let configuration = unvalidatedConfiguration
    try configuration.validate()
    return configuration
  }

  /// The typed configuration of these settings, not yet validated (for runs whose settings were
  /// checked already, such as the MLP's).
  public var unvalidatedConfiguration: TrainingConfiguration {
    let rate = learningRate
    let optimizer: TrainingConfiguration.Optimizer
    switch method {
    case .gd: optimizer = .gradientDescent(learningRate: rate, lineSearch: usesLineSearch)
    case .sgd: optimizer = .sgd(learningRate: rate)
    case .momentum: optimizer = .momentum(learningRate: rate, momentum: momentum)
    case .nesterov: optimizer = .nesterov(learningRate: rate, momentum: momentum)
    case .adam: optimizer = .adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    case .adamw: optimizer = .adamW(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    case .newton: optimizer = .newton(damping: damping, lineSearch: usesLineSearch)
    }
    let schedule: TrainingConfiguration.Schedule
    switch self.schedule {
    case .constant: schedule = .constant
    case .step: schedule = .step(stepSize: stepSize, gamma: gamma)
    case .exponential: schedule = .exponential(gamma: gamma)
    case .cosine: schedule = .cosine(minimumLearningRate: minimumLearningRate)
    case .warmupCosine: schedule = .warmupCosine(warmupSteps: warmupSteps, minimumLearningRate: minimumLearningRate)
    case .oneCycle: schedule = .oneCycle
    case .plateau: schedule = .plateau(patience: patience, factor: factor)
    }
    return TrainingConfiguration(
      optimizer: optimizer, schedule: schedule, clipping: .init(norm: clipNorm, value: clipValue),
      weightDecay: weightDecay ?? (method == .adamw ? 0.01 : 0), l2: l2, path: path, batchSize: effectiveBatchSize,
      steps: steps, targetLoss: targetLoss, seed: seed)
  }

  /// The settings of `configuration` (those it does not use keep their defaults).
  public init(_ configuration: TrainingConfiguration) {
    if case .newton = configuration.optimizer {} else { learningRate = configuration.learningRate }
    switch configuration.optimizer {
    case .gradientDescent(_, let search):
      method = .gd
      lineSearch = search ? true : nil
    case .sgd: method = .sgd
    case .momentum(_, let mu):
      method = .momentum
      momentum = mu
    case .nesterov(_, let mu):
      method = .nesterov
      momentum = mu
    case .adam(_, let b1, let b2, let eps):
      method = .adam
      (beta1, beta2, epsilon) = (b1, b2, eps)
    case .adamW(_, let b1, let b2, let eps):
      method = .adamw
      (beta1, beta2, epsilon) = (b1, b2, eps)
    case .newton(let delta, let search):
      method = .newton
      damping = delta
      lineSearch = search ? nil : false
    }
    switch configuration.schedule {
    case .constant: schedule = .constant
    case .step(let size, let g): (schedule, stepSize, gamma) = (.step, size, g)
    case .exponential(let g): (schedule, gamma) = (.exponential, g)
    case .cosine(let floor): (schedule, minimumLearningRate) = (.cosine, floor)
    case .warmupCosine(let warmup, let floor):
      (schedule, warmupSteps, minimumLearningRate) = (.warmupCosine, warmup, floor)
    case .oneCycle: schedule = .oneCycle
    case .plateau(let p, let f): (schedule, patience, factor) = (.plateau, p, f)
    }
    clipNorm = configuration.clipping.norm
    clipValue = configuration.clipping.value
    let defaultDecay = method == .adamw ? 0.01 : 0
    weightDecay = configuration.weightDecay == defaultDecay ? nil : configuration.weightDecay
    l2 = configuration.l2
    path = configuration.path
    batchSize = method == .sgd && configuration.batchSize == 32 ? nil : configuration.batchSize
    steps = configuration.steps
    targetLoss = configuration.targetLoss
    seed = configuration.seed
  }
}

/// How loss and gradient of the softmax bigram are computed; all three give the same numbers.
public enum LossPath: String, Sendable, Codable, CaseIterable {
  /// From the counts N alone: O(V²) a step, independent of the corpus size.
  case counts
  /// Row lookup W[x] on the autodiff tape, one row per bigram event: O(T·V).
  case lookup
  /// The lecture's literal one-hot(x)·W matmul on the tape: O(T·V²).
  case onehot
}
