import ArgumentParser
import CharLM

/// The update rule, its hyper-parameters, the schedule and clipping: everything `train` shares
/// with `lr-sweep` and `race`.
struct OptimizerOptions: ParsableArguments {
  @Option(help: "The update rule.")
  var optimizer: TrainingOptions.Method = .gd
  @Option(
    name: [.customShort("l"), .customLong("learning-rate")], parsing: .unconditional,
    help: "Learning rate η (default: 50 for gd, 5 for sgd/momentum/nesterov, 0.1 for adam/adamw, 1 for newton).")
  var learningRate: Double?
  // Optional, so that `--resume DIR` can tell an explicit --steps (extend the run) from the default.
  @Option(
    name: [.customLong("steps"), .customLong("max-steps")],
    help: "Number of updates (default 100; with --resume, extend the saved run to this many).")
  var steps: Int?
  @Option(
    help:
      "How loss and gradient are computed: from the counts in O(V²), by row lookup W[x] on the tape, or by one-hot·W.")
  var path: LossPath = .counts
  @Option(help: "Momentum μ of momentum/nesterov.")
  var momentum = 0.9
  @Option(help: "Adam's β₁.")
  var beta1 = 0.9
  @Option(help: "Adam's β₂.")
  var beta2 = 0.999
  @Option(help: "Adam's ε.")
  var epsilon = 1e-8
  @Option(
    name: [.customShort("w"), .customLong("weight-decay")],
    help: "Weight decay (AdamW decoupled, default 0.01; others add wd·W).")
  var weightDecay: Double?
  @Option(
    name: [.customShort("b"), .customLong("batch-size")],
    help: "Events per mini-batch (default 32 for sgd; full batch otherwise).")
  var batchSize: Int?
  // Optional, so that the MLP can tell an explicit --schedule from its default (η/10 at half way).
  @Option(help: "The learning-rate schedule (default constant).")
  var schedule: TrainingOptions.Schedule?
  @Option(name: .customLong("step-size"), help: "Step schedule: decay every this many steps.")
  var stepSize = 100
  @Option(help: "Decay factor γ of the step and exponential schedules.")
  var gamma = 0.5
  @Option(name: .customLong("min-learning-rate"), help: "Floor of the cosine schedules.")
  var minimumLearningRate = 0.0
  @Option(name: .customLong("warmup-steps"), help: "Linear warm-up steps of warmup-cosine.")
  var warmupSteps = 10
  @Option(help: "Plateau schedule: non-improving steps tolerated before reducing.")
  var patience = 10
  @Option(help: "Plateau schedule: factor applied on a plateau.")
  var factor = 0.1
  @Option(name: .customLong("clip-norm"), help: "Clip the gradient's global norm to this.")
  var clipNorm: Double?
  @Option(name: .customLong("clip-value"), help: "Clip every gradient entry to ±this.")
  var clipValue: Double?
  @Option(help: "Newton damping δ: solve (H + δI)d = −g.")
  var damping = 0.0
  @Flag(
    name: .customLong("line-search"), inversion: .prefixedNo,
    help: "Backtracking (Armijo) line search for gd and newton (default: on for newton only).")
  var lineSearch: Bool?
  @Option(name: .customLong("target-loss"), help: "Stop as soon as the loss is at or below this.")
  var targetLoss: Double?

  /// The number of updates of a new run.
  var stepCount: Int { steps ?? 100 }

  func validate() throws {
    let steps = stepCount
    if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
      throw ValidationError("--learning-rate must be a positive number; got \(learningRate)")
    }
    guard steps >= 0 && steps <= 100_000_000 else { throw ValidationError("--steps must be between 0 and 100000000") }
    guard momentum >= 0 && momentum < 1 else { throw ValidationError("--momentum must be in [0, 1); got \(momentum)") }
    guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
      throw ValidationError("--beta1/--beta2 must be in [0, 1)")
    }
    guard epsilon >= 0 else { throw ValidationError("--epsilon must be ≥ 0") }
    if let weightDecay, !(weightDecay >= 0 && weightDecay.isFinite) {
      throw ValidationError("--weight-decay must be ≥ 0")
    }
    if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1; got \(batchSize)") }
    guard stepSize >= 1 else { throw ValidationError("--step-size must be at least 1") }
    guard gamma > 0 && gamma.isFinite else { throw ValidationError("--gamma must be positive") }
    guard minimumLearningRate >= 0 else { throw ValidationError("--min-learning-rate must be ≥ 0") }
    guard factor > 0 && factor < 1 else { throw ValidationError("--factor must be in (0, 1); got \(factor)") }
    guard patience >= 0 else { throw ValidationError("--patience must be ≥ 0") }
    if let clipNorm, !(clipNorm > 0) { throw ValidationError("--clip-norm must be positive") }
    if let clipValue, !(clipValue > 0) { throw ValidationError("--clip-value must be positive") }
    guard damping >= 0 && damping.isFinite else { throw ValidationError("--damping must be ≥ 0") }
    if schedule == .warmupCosine, !(warmupSteps >= 1 && warmupSteps < steps) {
      throw ValidationError("warmup-cosine needs 1 ≤ --warmup-steps < --steps")
    }
    if let schedule, schedule == .cosine || schedule == .oneCycle, steps < 2 {
      throw ValidationError("the \(schedule.rawValue) schedule needs --steps ≥ 2")
    }
    if schedule == .oneCycle, Double(steps) * 0.3 == 1 {
      throw ValidationError("one-cycle needs 30% of --steps to differ from 1 step; choose another --steps")
    }
    if path != .counts, batchSize != nil || optimizer == .sgd {
      throw ValidationError("--path applies to full-batch training; mini-batches always use the lookup path")
    }
  }

  /// The default learning rate of each update rule, tuned on names.txt.
  static func defaultLearningRate(for method: TrainingOptions.Method) -> Double {
    switch method {
    case .gd: 50
    case .sgd, .momentum, .nesterov: 5
    case .adam, .adamw: 0.1
    case .newton: 1
    }
  }

  /// The library's options for these flags, with λ and the seed.
  func trainingOptions(l2: Double, seed: UInt64) -> TrainingOptions {
    var options = TrainingOptions()
    options.method = optimizer
    options.path = path
    options.learningRate = learningRate ?? Self.defaultLearningRate(for: optimizer)
    options.steps = stepCount
    options.l2 = l2
    options.momentum = momentum
    options.beta1 = beta1
    options.beta2 = beta2
    options.epsilon = epsilon
    options.weightDecay = weightDecay
    options.batchSize = batchSize
    options.schedule = schedule ?? .constant
    options.stepSize = stepSize
    options.gamma = gamma
    options.minimumLearningRate = minimumLearningRate
    options.warmupSteps = warmupSteps
    options.patience = patience
    options.factor = factor
    options.clipNorm = clipNorm
    options.clipValue = clipValue
    options.damping = damping
    options.lineSearch = lineSearch
    options.targetLoss = targetLoss
    options.seed = seed
    return options
  }
}

extension TrainingOptions.Method: ExpressibleByArgument {}
extension TrainingOptions.Schedule: ExpressibleByArgument {}
extension LossPath: ExpressibleByArgument {}
