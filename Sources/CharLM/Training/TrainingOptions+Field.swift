extension TrainingOptions {
  /// One named setting of a run (the CLI maps each to its flag).
  public enum Field: String, Sendable, Equatable, CaseIterable {
    case method, path, learningRate, steps, l2, momentum, beta1, beta2, epsilon, weightDecay, batchSize
    case schedule, stepSize, gamma, minimumLearningRate, warmupSteps, patience, factor
    case clipNorm, clipValue, damping, lineSearch, targetLoss, seed
  }

  /// Whether `field` has an effect in these settings (a setting for another optimizer or schedule
  /// has none, and the CLI refuses it rather than ignore it).
  public func uses(_ field: Field) -> Bool {
    switch field {
    case .momentum: [.momentum, .nesterov].contains(method)
    case .beta1, .beta2, .epsilon: [.adam, .adamw].contains(method)
    case .damping: method == .newton
    case .learningRate: method != .newton
    case .lineSearch: [.gd, .newton].contains(method)
    case .stepSize: schedule == .step
    case .gamma: [.step, .exponential].contains(schedule)
    case .minimumLearningRate: [.cosine, .warmupCosine].contains(schedule)
    case .warmupSteps: schedule == .warmupCosine
    case .patience, .factor: schedule == .plateau
    case .path: effectiveBatchSize == nil
    default: true
    }
  }

  /// The value of `field` as text, to compare two runs and to quote in messages.
  public func value(of field: Field) -> String {
    func text(_ x: Double?) -> String { x.map { "\($0)" } ?? "none" }
    switch field {
    case .method: return method.rawValue
    case .path: return path.rawValue
    case .learningRate: return text(learningRate)
    case .steps: return "\(steps)"
    case .l2: return text(l2)
    case .momentum: return text(momentum)
    case .beta1: return text(beta1)
    case .beta2: return text(beta2)
    case .epsilon: return text(epsilon)
    case .weightDecay: return text(weightDecay ?? (method == .adamw ? 0.01 : 0))
    case .batchSize: return effectiveBatchSize.map { "\($0)" } ?? "full batch"
    case .schedule: return schedule.rawValue
    case .stepSize: return "\(stepSize)"
    case .gamma: return text(gamma)
    case .minimumLearningRate: return text(minimumLearningRate)
    case .warmupSteps: return "\(warmupSteps)"
    case .patience: return "\(patience)"
    case .factor: return text(factor)
    case .clipNorm: return text(clipNorm)
    case .clipValue: return text(clipValue)
    case .damping: return text(damping)
    case .lineSearch: return usesLineSearch ? "on" : "off"
    case .targetLoss: return text(targetLoss)
    case .seed: return "\(seed)"
    }
  }
}
