import Autodiff
import CharLM
import Optimization

/// Full-batch gradient descent W ← W − η∇L from W = 0 at several learning rates, with the
/// curvature that explains which of them converge: GD on a quadratic with Hessian H is stable
/// iff η < 2/λ_max(H).
///
/// λ_max of the block-diagonal Hessian is the largest eigenvalue over its row blocks
/// H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) + (2λ/V²)·I. At W = 0 every p̂_i is uniform, so
/// λ_max = max_i n_i/(T·V) + 2λ/V²; as training sharpens p̂ the curvature grows and the bound falls.
public struct LearningRateStudy: Sendable {
  /// One gradient-descent run.
  public struct Run: Sendable {
    /// The learning rate η.
    public let learningRate: Double
    /// L(W_k) after k = 0, 1, … updates; it stops early where the loss stopped being finite.
    public let losses: [Double]
    /// The update that made the loss non-finite, or nil when every step stayed finite.
    public let divergedAt: Int?

    /// How many updates raised the loss, L(W_k) > L(W_{k−1}).
    public var rises: Int {
      zip(losses, losses.dropFirst()).filter { $1 > $0 }.count
    }

    /// The last finite loss.
    public var finalLoss: Double { losses.last ?? .nan }

    /// Whether the run ended above where it started (or stopped being finite): it diverged.
    public var diverged: Bool { divergedAt != nil || finalLoss > (losses.first ?? .infinity) }
  }

  /// The runs, in the order of the learning rates given.
  public let runs: [Run]
  /// λ_max of ∇²L at W = 0.
  public let largestEigenvalueAtStart: Double

  /// The stability bound at the start, 2/λ_max(W = 0).
  public var stabilityBoundAtStart: Double { 2 / largestEigenvalueAtStart }

  /// Runs `steps` updates of gradient descent from W = 0 on `objective` at each of `learningRates`.
  ///
  /// - Precondition: every learning rate is positive and finite, `steps ≥ 1`.
  public init(objective: BigramObjective, learningRates: [Double], steps: Int) {
    precondition(
      learningRates.allSatisfy { $0 > 0 && $0.isFinite }, "learning rates must be positive, got \(learningRates)")
    precondition(steps >= 1, "a learning-rate study needs at least one step, got \(steps)")
    let zeros = Tensor(zeros: [objective.size, objective.size])
    largestEigenvalueAtStart = Self.largestEigenvalue(of: objective, at: zeros)
    runs = learningRates.map { rate in
      var options = TrainingOptions()
      options.method = .gd
      options.learningRate = rate
      options.steps = steps
      options.l2 = objective.l2
      var trainer = Trainer(objective: objective, events: nil, options: options, initialWeights: zeros)
      var divergedAt: Int?
      do throws(TrainingError) {
        _ = try trainer.run()
      } catch {
        // Only Newton's line search fails any other way, and these runs are plain GD.
        guard case .nonFiniteLoss(let step, _) = error else { preconditionFailure("gradient descent failed: \(error)") }
        divergedAt = step
      }
      return Run(learningRate: rate, losses: trainer.state.history.records.map(\.loss), divergedAt: divergedAt)
    }
  }

  /// λ_max of ∇²L at `weights`: the largest eigenvalue over the Hessian's row blocks H_i.
  public static func largestEigenvalue(of objective: BigramObjective, at weights: Tensor) -> Double {
    objective.hessianBlocks(at: weights).map { SymmetricEigendecomposition($0).eigenvalues.last ?? 0 }.max() ?? 0
  }
}
