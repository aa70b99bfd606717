import ArgumentParser
import CharLM

/// The update rule, its hyper-parameters, the schedule and clipping of `bigram train`.
///
/// Every setting is optional here so that the command knows which ones were typed: a setting that
/// has no effect on the chosen optimizer or schedule is refused, and with `--resume` a setting that
/// contradicts the saved run is refused, each naming the flag. Ranges are checked in one place,
/// ``TrainingConfiguration/validate()``.
struct OptimizerOptions: ParsableArguments {
  @Option(help: "The update rule.")
  var optimizer: TrainingOptions.Method?
  @Option(
    name: [.customShort("l"), .customLong("learning-rate")], parsing: .unconditional,
    help: ArgumentHelp(
      "Learning rate η (default: 50 for gd, 5 for sgd/momentum/nesterov, 0.1 for adam/adamw; "
        + "newton has none: its line search starts at the full step)."))
  var learningRate: Double?
  // Optional, so that `--resume DIR` can tell an explicit --steps (extend the run) from the default.
  @Option(
    name: [.customLong("steps"), .customLong("max-steps")],
    help: "Number of updates (default 100; with --resume, extend the saved run to this many).")
  var steps: Int?
  @Option(
    help:
      "How loss and gradient are computed: from the counts in O(V²), by row lookup W[x] on the tape, or by one-hot·W.")
  var path: LossPath?
  @Option(parsing: .unconditional, help: "Momentum μ of momentum/nesterov (default 0.9).")
  var momentum: Double?
  @Option(parsing: .unconditional, help: "Adam's β₁ (default 0.9).")
  var beta1: Double?
  @Option(parsing: .unconditional, help: "Adam's β₂ (default 0.999).")
  var beta2: Double?
  @Option(parsing: .unconditional, help: "Adam's ε (default 1e-8).")
  var epsilon: Double?
  @Option(
    name: [.customShort("w"), .customLong("weight-decay")], parsing: .unconditional,
    help: "Weight decay (AdamW decoupled, default 0.01; others add wd·W).")
  var weightDecay: Double?
  @Option(
    name: [.customShort("b"), .customLong("batch-size")],
    help: "Events per mini-batch (default 32 for sgd; full batch otherwise).")
  var batchSize: Int?
  // Optional, so that the MLP can tell an explicit --schedule from its default (η/10 at half way).
  @Option(help: "The learning-rate schedule (default constant).")
  var schedule: TrainingOptions.Schedule?
  @Option(name: .customLong("step-size"), help: "Step schedule: decay every this many steps (default 100).")
  var stepSize: Int?
  @Option(parsing: .unconditional, help: "Decay factor γ of the step and exponential schedules (default 0.5).")
  var gamma: Double?
  @Option(
    name: .customLong("min-learning-rate"), parsing: .unconditional, help: "Floor of the cosine schedules (default 0).")
  var minimumLearningRate: Double?
  @Option(name: .customLong("warmup-steps"), help: "Linear warm-up steps of warmup-cosine (default 10).")
  var warmupSteps: Int?
  @Option(help: "Plateau schedule: non-improving steps tolerated before reducing (default 10).")
  var patience: Int?
  @Option(parsing: .unconditional, help: "Plateau schedule: factor applied on a plateau (default 0.1).")
  var factor: Double?
  @Option(name: .customLong("clip-norm"), parsing: .unconditional, help: "Clip the gradient's global norm to this.")
  var clipNorm: Double?
  @Option(name: .customLong("clip-value"), parsing: .unconditional, help: "Clip every gradient entry to ±this.")
  var clipValue: Double?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Newton's smallest damping δ in (H + δI)d = −g (default 0); δ grows ×10 when the line search fails "
        + "and shrinks back after full steps (Levenberg–Marquardt)."))
  var damping: Double?
  @Flag(
    name: .customLong("line-search"), inversion: .prefixedNo,
    help: "Backtracking (Armijo) line search for gd and newton (default: on for newton only).")
  var lineSearch: Bool?
  @Option(
    name: .customLong("target-loss"), parsing: .unconditional, help: "Stop as soon as the loss is at or below this.")
  var targetLoss: Double?

  /// The number of updates of a new run.
  var stepCount: Int { steps ?? 100 }

  /// The flag of each setting.
  static func flag(_ field: TrainingOptions.Field) -> String {
    switch field {
    case .method: "--optimizer"
    case .path: "--path"
    case .learningRate: "--learning-rate"
    case .steps: "--steps"
    case .l2: "--l2"
    case .momentum: "--momentum"
    case .beta1: "--beta1"
    case .beta2: "--beta2"
    case .epsilon: "--epsilon"
    case .weightDecay: "--weight-decay"
    case .batchSize: "--batch-size"
    case .schedule: "--schedule"
    case .stepSize: "--step-size"
    case .gamma: "--gamma"
    case .minimumLearningRate: "--min-learning-rate"
    case .warmupSteps: "--warmup-steps"
    case .patience: "--patience"
    case .factor: "--factor"
    case .clipNorm: "--clip-norm"
    case .clipValue: "--clip-value"
    case .damping: "--damping"
    case .lineSearch: "--line-search"
    case .targetLoss: "--target-loss"
    case .seed: "--seed"
    }
  }

  /// A configuration error in the words of the command line.
  static func message(_ error: ConfigurationError) -> String {
    let flags = error.fields.map(flag)
    return flags.count == 1
      ? "\(flags[0]) \(error.reason)" : "\(flags.joined(separator: " and ")) cannot be combined: \(error.reason)"
  }

  /// The settings typed on the command line (with λ and the seed when given), excluding --steps.
  func explicitFields(l2: Double?, seed: UInt64?) -> [TrainingOptions.Field] {
    let given: [(TrainingOptions.Field, Bool)] = [
      (.method, optimizer != nil), (.path, path != nil), (.learningRate, learningRate != nil), (.l2, l2 != nil),
      (.momentum, momentum != nil), (.beta1, beta1 != nil), (.beta2, beta2 != nil), (.epsilon, epsilon != nil),
      (.weightDecay, weightDecay != nil), (.batchSize, batchSize != nil), (.schedule, schedule != nil),
      (.stepSize, stepSize != nil), (.gamma, gamma != nil), (.minimumLearningRate, minimumLearningRate != nil),
      (.warmupSteps, warmupSteps != nil), (.patience, patience != nil), (.factor, factor != nil),
      (.clipNorm, clipNorm != nil), (.clipValue, clipValue != nil), (.damping, damping != nil),
      (.lineSearch, lineSearch != nil), (.targetLoss, targetLoss != nil), (.seed, seed != nil),
    ]
    return given.filter(\.1).map(\.0)
  }

  /// The library's options for these flags, with λ and the seed (defaults where a flag is absent).
  func trainingOptions(l2: Double, seed: UInt64) -> TrainingOptions {
    var options = TrainingOptions()
    options.method = optimizer ?? .gd
    options.path = path ?? options.path
    options.learningRate = learningRate ?? TrainingOptions.defaultLearningRate(for: options.method)
    options.steps = stepCount
    options.l2 = l2
    options.momentum = momentum ?? options.momentum
    options.beta1 = beta1 ?? options.beta1
    options.beta2 = beta2 ?? options.beta2
    options.epsilon = epsilon ?? options.epsilon
    options.weightDecay = weightDecay
    options.batchSize = batchSize
    options.schedule = schedule ?? options.schedule
    options.stepSize = stepSize ?? options.stepSize
    options.gamma = gamma ?? options.gamma
    options.minimumLearningRate = minimumLearningRate ?? options.minimumLearningRate
    options.warmupSteps = warmupSteps ?? options.warmupSteps
    options.patience = patience ?? options.patience
    options.factor = factor ?? options.factor
    options.clipNorm = clipNorm
    options.clipValue = clipValue
    options.damping = damping ?? options.damping
    options.lineSearch = lineSearch
    options.targetLoss = targetLoss
    options.seed = seed
    return options
  }

  /// The validated configuration of a new run, or the command-line error: every setting in range,
  /// every typed setting used by the chosen optimizer and schedule.
  func configuration(l2: Double, seed: UInt64, explicitL2: Double?, explicitSeed: UInt64?) throws
    -> (TrainingOptions, TrainingConfiguration)
  {
    let options = trainingOptions(l2: l2, seed: seed)
    let configuration: TrainingConfiguration
    do {
      configuration = try options.configuration()
    } catch {
      throw ValidationError(Self.message(error))
    }
    for field in explicitFields(l2: explicitL2, seed: explicitSeed) where !options.uses(field) {
      throw ValidationError(
        "\(Self.flag(field)) has no effect with --optimizer \(options.method.rawValue), --schedule "
          + "\(options.schedule.rawValue)\(options.effectiveBatchSize == nil ? " (full batch)" : " and mini-batches"); "
          + "remove it or choose a setting it applies to")
    }
    return (options, configuration)
  }
}

extension TrainingOptions.Method: ExpressibleByArgument {}
extension TrainingOptions.Schedule: ExpressibleByArgument {}
extension LossPath: ExpressibleByArgument {}
