import Autodiff
import Foundation

/// The minimiser W* of the softmax-bigram loss and L* = L(W*), found by damped Newton with an Armijo
/// line search (the ``Trainer`` with method `.newton`) from W = 0 until ‖∇L(W*)‖ < `tolerance`.
///
/// With λ > 0 the loss is strictly convex and W* is unique. With λ = 0 it has no minimiser: a bigram
/// never seen pushes its logit to −∞. The infimum is then the count model P = N/n, so W* is the limit
/// W_ij = log N_ij (−∞ where N_ij = 0) and L* the count model's NLL, −(1/T) Σ_ij N_ij log(N_ij/n_i).
public struct Optimum: Sendable {
  /// W*, V×V (with −∞ entries when ``isLimit``).
  public let weights: Tensor
  /// L* = L(W*).
  public let loss: Double
  /// ‖∇L(W*)‖ (0 for the λ = 0 limit).
  public let gradientNorm: Double
  /// The Newton iterations made (0 for the λ = 0 limit).
  public let iterations: Int
  /// Whether W* is only a limit (λ = 0), approached by training but never reached.
  public let isLimit: Bool

  /// Finds the optimum of `objective`.
  ///
  /// - Precondition: `tolerance > 0`, `maximumIterations ≥ 0`.
  /// - Throws: ``OptimumError`` when Newton's method stops short of the tolerance.
  public init(objective: BigramObjective, tolerance: Double = 1e-12, maximumIterations: Int = 100)
    throws(OptimumError)
  {
    precondition(tolerance > 0, "Optimum: tolerance \(tolerance) must be > 0")
    precondition(maximumIterations >= 0, "Optimum: maximumIterations \(maximumIterations) must be ≥ 0")
    let v = objective.size
    guard objective.l2 > 0 else {
      let logCounts = objective.counts.counts.map { $0 > 0 ? log(Double($0)) : -.infinity }
      weights = Tensor(shape: [v, v], scalars: logCounts)
      // Only the NLL part: the penalty would be 0·∞. Unseen bigrams have N = 0 and add nothing.
      loss = objective.evaluate(at: weights, gradient: false).nll
      gradientNorm = 0
      iterations = 0
      isLimit = true
      return
    }
    var options = TrainingOptions()
    options.method = .newton
    options.l2 = objective.l2
    options.steps = maximumIterations
    var trainer = Trainer(objective: objective, events: nil, options: options, initialWeights: Tensor(zeros: [v, v]))
    // The test runs before each update rather than on the trainer's record (made before its update):
    // at the optimum the next step's decrease is below rounding, and its line search could fail.
    var evaluation = objective.evaluate(at: trainer.state.weights)
    while !(evaluation.gradient.norm < tolerance) {
      guard trainer.state.step < maximumIterations else {
        throw .notConverged(iterations: trainer.state.step, gradientNorm: evaluation.gradient.norm)
      }
      do {
        _ = try trainer.advance()
      } catch {
        throw .trainingFailed(error)
      }
      evaluation = objective.evaluate(at: trainer.state.weights)
    }
    weights = trainer.state.weights
    loss = evaluation.loss
    gradientNorm = evaluation.gradient.norm
    iterations = trainer.state.step
    isLimit = false
  }
}

/// Why Newton's method did not deliver the optimum.
public enum OptimumError: Error, Equatable, CustomStringConvertible {
  /// ‖∇L‖ was still `gradientNorm` after `iterations` Newton steps.
  case notConverged(iterations: Int, gradientNorm: Double)
  /// A Newton step failed (line search) or the loss became non-finite.
  case trainingFailed(TrainingError)

  /// What happened and what to do.
  public var description: String {
    switch self {
    case .notConverged(let iterations, let gradientNorm):
      return "Newton's method did not find the optimum: ‖∇L‖ = \(gradientNorm) after \(iterations) iterations; "
        + "a larger --l2 makes the loss better conditioned"
    case .trainingFailed(let error):
      return "Newton's method could not find the optimum: \(error.description)"
    }
  }
}
