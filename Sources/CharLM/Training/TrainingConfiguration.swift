/// A training run described once, by typed values: the optimizer with its own parameters, the
/// learning-rate schedule with its own, clipping and weight decay as explicit parts, and what the
/// run trains on (loss path, batches, steps, target, seed).
///
/// ``validate()`` is the one place that checks ranges and combinations; every run (the CLI's, the
/// sweep's, the race's, a checkpoint's) goes through it, so a value that cannot work is refused with
/// a ``ConfigurationError`` naming the setting, never clamped or ignored. The checkpoint stores this
/// value. ``TrainingOptions`` is the same run as a flat list of named settings (what the command
/// line and the JSON output speak).
public struct TrainingConfiguration: Sendable, Equatable, Codable {
  /// The update rule, each case with exactly the parameters it uses.
  public enum Optimizer: Sendable, Equatable, Codable {
    /// Full-batch gradient descent W ← W − η∇L, optionally with an Armijo line search from t = η.
    case gradientDescent(learningRate: Double, lineSearch: Bool)
    /// Stochastic gradient descent W ← W − η∇L_B on mini-batches B.
    case sgd(learningRate: Double)
    /// Heavy-ball momentum: v ← μv + ∇L, W ← W − ηv.
    case momentum(learningRate: Double, momentum: Double)
    /// Nesterov momentum: v ← μv + ∇L, W ← W − η(∇L + μv).
    case nesterov(learningRate: Double, momentum: Double)
    /// Adam with the L2 weight decay folded into the gradient.
    case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    /// AdamW: Adam with decoupled weight decay.
    case adamW(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    /// Newton's method on the Hessian blocks: (H + δI)d = −g, the step t·d with t from an Armijo
    /// search starting at the full step t = 1 (or t = 1 without a search); it has no learning rate.
    /// δ starts at `damping` and adapts (Levenberg–Marquardt): ×10 after a failed search, ÷10 after
    /// a full step, never below `damping`.
    case newton(damping: Double, lineSearch: Bool)

    /// The base learning rate η (Newton: 1, the full step its search tries first).
    public var learningRate: Double {
      switch self {
      case .gradientDescent(let rate, _), .sgd(let rate), .momentum(let rate, _), .nesterov(let rate, _):
        rate
      case .adam(let rate, _, _, _), .adamW(let rate, _, _, _): rate
      case .newton: 1
      }
    }

    /// Whether the update is a line search (the trainer then picks the step length itself).
    public var searchesLine: Bool {
      switch self {
      case .gradientDescent(_, let search), .newton(_, let search): search
      default: false
      }
    }
  }

  /// How the learning rate changes over the steps, each case with its own parameters.
  public enum Schedule: Sendable, Equatable, Codable {
    /// η_k = η.
    case constant
    /// η_k = η·γ^⌊k / stepSize⌋.
    case step(stepSize: Int, gamma: Double)
    /// η_k = η·γ^k.
    case exponential(gamma: Double)
    /// Cosine annealing from η to the floor over the run's steps.
    case cosine(minimumLearningRate: Double)
    /// Linear warm-up, then cosine annealing to the floor.
    case warmupCosine(warmupSteps: Int, minimumLearningRate: Double)
    /// PyTorch's one-cycle policy over the run's steps (peak η).
    case oneCycle
    /// Multiply by `factor` after more than `patience` steps without improvement.
    case plateau(patience: Int, factor: Double)

    /// Whether the schedule is planned over the run's length (so a finished run cannot be extended).
    public var isPlannedOverTheRun: Bool {
      switch self {
      case .cosine, .warmupCosine, .oneCycle: true
      default: false
      }
    }
  }

  /// Gradient clipping applied before a first-order update (norm after value, as PyTorch users do).
  public struct Clipping: Sendable, Equatable, Codable {
    /// Clip the global norm ‖g‖ to this, if set.
    public var norm: Double?
    /// Clip every entry to ±this, if set.
    public var value: Double?

    /// Clipping with the given limits (nil: none).
    public init(norm: Double? = nil, value: Double? = nil) {
      self.norm = norm
      self.value = value
    }

    /// Whether any clipping is on.
    public var isActive: Bool { norm != nil || value != nil }
  }

  /// The largest number of steps a run may have (the CLI's limit, also checked in checkpoints).
  public static let maximumSteps = 100_000_000

  /// The update rule.
  public var optimizer: Optimizer
  /// The learning-rate schedule.
  public var schedule: Schedule
  /// Gradient clipping.
  public var clipping: Clipping
  /// Weight decay: decoupled for AdamW, added to the gradient (wd·W) for the others; 0 for none.
  public var weightDecay: Double
  /// λ of the penalty λ·mean(W²) that is part of the loss.
  public var l2: Double
  /// How the softmax bigram's full-batch loss is computed (other models ignore it).
  public var path: LossPath
  /// Examples per mini-batch, or nil for full-batch training.
  public var batchSize: Int?
  /// The number of updates.
  public var steps: Int
  /// Stop as soon as the loss is at or below this.
  public var targetLoss: Double?
  /// The seed of the mini-batch shuffles.
  public var seed: UInt64

  /// A configuration; call ``validate()`` before training with it.
  public init(
    optimizer: Optimizer, schedule: Schedule = .constant, clipping: Clipping = Clipping(), weightDecay: Double = 0,
    l2: Double = 0, path: LossPath = .counts, batchSize: Int? = nil, steps: Int = 100, targetLoss: Double? = nil,
    seed: UInt64 = 42
  ) {
    self.optimizer = optimizer
    self.schedule = schedule
    self.clipping = clipping
    self.weightDecay = weightDecay
    self.l2 = l2
    self.path = path
    self.batchSize = batchSize
    self.steps = steps
    self.targetLoss = targetLoss
    self.seed = seed
  }

  /// The base learning rate η.
  public var learningRate: Double { optimizer.learningRate }

  /// Checks every range and every combination.
  ///
  /// - Throws: ``ConfigurationError`` naming the setting(s) and the reason.
  public func validate() throws(ConfigurationError) {
    typealias Field = TrainingOptions.Field
    func require(_ condition: Bool, _ field: Field, _ reason: String) throws(ConfigurationError) {
      if !condition { throw ConfigurationError(fields: [field], reason: reason) }
    }
    func refuse(_ fields: [Field], _ reason: String) throws(ConfigurationError) {
      throw ConfigurationError(fields: fields, reason: reason)
    }
    let rate = learningRate
    try require(rate > 0 && rate.isFinite, .learningRate, "must be a positive finite number; got \(rate)")
    try require(
      steps >= 0 && steps <= Self.maximumSteps, .steps, "must be between 0 and \(Self.maximumSteps); got \(steps)")
    try require(l2 >= 0 && l2.isFinite, .l2, "must be a finite number ≥ 0; got \(l2)")
    try require(
      weightDecay >= 0 && weightDecay.isFinite, .weightDecay, "must be a finite number ≥ 0; got \(weightDecay)")
    if let batchSize { try require(batchSize >= 1, .batchSize, "must be at least 1; got \(batchSize)") }
    if let norm = clipping.norm {
      try require(norm > 0 && norm.isFinite, .clipNorm, "must be a positive finite number; got \(norm)")
    }
    if let value = clipping.value {
      try require(value > 0 && value.isFinite, .clipValue, "must be a positive finite number; got \(value)")
    }
    if let targetLoss { try require(targetLoss.isFinite, .targetLoss, "must be a finite number; got \(targetLoss)") }
    try validateOptimizer()
    try validateSchedule()
    // Combinations: each setting either acts or is refused with the reason.
    if path != .counts, batchSize != nil {
      try refuse([.path, .batchSize], "the loss path applies to full-batch training; mini-batches use the lookup path")
    }
    if case .newton = optimizer {
      if batchSize != nil {
        try refuse([.method, .batchSize], "Newton's method needs the full-batch Hessian, not mini-batches")
      }
      if clipping.isActive {
        try refuse(
          [.method, clipping.norm != nil ? .clipNorm : .clipValue],
          "Newton's method scales its step by its line search, so clipping would be ignored")
      }
      if weightDecay != 0 {
        try refuse(
          [.method, .weightDecay], "Newton's method minimises the loss itself; use --l2 for a penalty it sees")
      }
      if schedule != .constant {
        try refuse([.method, .schedule], "Newton's method picks its step lengths itself; a schedule would be ignored")
      }
    }
    if optimizer.searchesLine {
      if batchSize != nil {
        try refuse([.lineSearch, .batchSize], "a line search compares full-batch losses; mini-batches cannot")
      }
      if clipping.isActive {
        try refuse(
          [.lineSearch, clipping.norm != nil ? .clipNorm : .clipValue],
          "a line search picks the step length along −∇L itself, so clipping would be ignored")
      }
      if weightDecay != 0 {
        try refuse(
          [.lineSearch, .weightDecay],
          "a line search measures the loss, which weight decay does not change; use --l2 for a penalty it sees")
      }
    }
  }

  private func validateOptimizer() throws(ConfigurationError) {
    func fraction(_ x: Double, _ field: TrainingOptions.Field) throws(ConfigurationError) {
      guard x >= 0 && x < 1 else { throw ConfigurationError(fields: [field], reason: "must be in [0, 1); got \(x)") }
    }
    switch optimizer {
    case .gradientDescent, .sgd: break
    case .momentum(_, let momentum), .nesterov(_, let momentum): try fraction(momentum, .momentum)
    case .adam(_, let beta1, let beta2, let epsilon), .adamW(_, let beta1, let beta2, let epsilon):
      try fraction(beta1, .beta1)
      try fraction(beta2, .beta2)
      guard epsilon >= 0 && epsilon.isFinite else {
        throw ConfigurationError(fields: [.epsilon], reason: "must be a finite number ≥ 0; got \(epsilon)")
      }
    case .newton(let damping, _):
      guard damping >= 0 && damping.isFinite else {
        throw ConfigurationError(fields: [.damping], reason: "must be a finite number ≥ 0; got \(damping)")
      }
    }
  }

  private func validateSchedule() throws(ConfigurationError) {
    switch schedule {
    case .constant, .oneCycle: break
    case .step(let stepSize, let gamma):
      guard stepSize >= 1 else { throw ConfigurationError(fields: [.stepSize], reason: "must be at least 1") }
      try Self.positive(gamma, .gamma)
    case .exponential(let gamma): try Self.positive(gamma, .gamma)
    case .cosine(let floor): try Self.nonNegative(floor, .minimumLearningRate)
    case .warmupCosine(let warmup, let floor):
      try Self.nonNegative(floor, .minimumLearningRate)
      guard warmup >= 1 && warmup < steps else {
        throw ConfigurationError(
          fields: [.warmupSteps, .steps], reason: "warmup-cosine needs 1 ≤ warm-up steps < steps; got \(warmup)")
      }
    case .plateau(let patience, let factor):
      guard patience >= 0 else { throw ConfigurationError(fields: [.patience], reason: "must be ≥ 0") }
      guard factor > 0 && factor < 1 else {
        throw ConfigurationError(fields: [.factor], reason: "must be in (0, 1); got \(factor)")
      }
    }
    switch schedule {
    case .cosine, .oneCycle:
      guard steps >= 2 else {
        throw ConfigurationError(fields: [.schedule, .steps], reason: "this schedule needs at least 2 steps")
      }
    default: break
    }
    if schedule == .oneCycle, Double(steps) * 0.3 == 1 {
      throw ConfigurationError(
        fields: [.schedule, .steps], reason: "one-cycle needs 30% of the steps to differ from 1 step")
    }
  }

  private static func positive(_ x: Double, _ field: TrainingOptions.Field) throws(ConfigurationError) {
    guard x > 0 && x.isFinite else {
      throw ConfigurationError(fields: [field], reason: "must be a positive finite number; got \(x)")
    }
  }

  private static func nonNegative(_ x: Double, _ field: TrainingOptions.Field) throws(ConfigurationError) {
    guard x >= 0 && x.isFinite else {
      throw ConfigurationError(fields: [field], reason: "must be a finite number ≥ 0; got \(x)")
    }
  }
}

/// A training configuration that cannot run: the settings involved (as ``TrainingOptions`` fields,
/// which the CLI maps to its flags) and why.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The settings at fault; the first one is the one whose value is out of range.
  public let fields: [TrainingOptions.Field]
  /// Why, without naming the settings ("must be in [0, 1); got 1.5").
  public let reason: String

  /// Creates the error.
  public init(fields: [TrainingOptions.Field], reason: String) {
    self.fields = fields
    self.reason = reason
  }

  /// "momentum must be in [0, 1); got 1.5", or "lineSearch and clipNorm: <reason>".
  public var description: String {
    fields.count == 1
      ? "\(fields[0].rawValue) \(reason)" : "\(fields.map(\.rawValue).joined(separator: " and ")): \(reason)"
  }
}
