import Autodiff
import Foundation

/// The state Adam and AdamW carry between steps: the step count t and, per parameter tensor, the
/// exponential moving averages m (of g) and v (of g²), each stored as the tensor's row-major scalars.
public struct AdamState: Codable, Sendable, Equatable {
  /// The number of steps taken so far, t.
  public private(set) var step = 0
  /// The first moments m, one array per parameter tensor; empty before the first step.
  public private(set) var firstMoments: [[Double]] = []
  /// The second moments v, one array per parameter tensor; empty before the first step.
  public private(set) var secondMoments: [[Double]] = []

  // The update shared by Adam and AdamW (Kingma & Ba 2015, Algorithm 1), in PyTorch's order:
  // g ← ∇L + l2·θ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
  // θ ← θ − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
  mutating func apply(
    to parameters: inout [Tensor], along gradients: [Tensor], learningRate: Double, beta1: Double,
    beta2: Double, epsilon: Double, l2: Double
  ) {
    if firstMoments.isEmpty {
      firstMoments = parameters.map { Array(repeating: 0, count: $0.count) }
      secondMoments = firstMoments
    }
    step += 1
    let stepSize = learningRate / (1 - pow(beta1, Double(step)))
    let biasCorrection2Root = (1 - pow(beta2, Double(step))).squareRoot()
    for i in parameters.indices {
      for j in parameters[i].scalars.indices {
        let g = gradients[i].scalars[j] + l2 * parameters[i].scalars[j]
        firstMoments[i][j] = beta1 * firstMoments[i][j] + (1 - beta1) * g
        secondMoments[i][j] = beta2 * secondMoments[i][j] + (1 - beta2) * g * g
        let denominator = secondMoments[i][j].squareRoot() / biasCorrection2Root + epsilon
        parameters[i].scalars[j] -= stepSize * firstMoments[i][j] / denominator
      }
    }
  }

  // PyTorch rejects the same ranges with ValueError; here they are programming errors.
  static func checkHyperparameters(
    _ learningRate: Double, _ beta1: Double, _ beta2: Double, _ epsilon: Double, _ weightDecay: Double,
    name: String
  ) {
    precondition(learningRate >= 0, "\(name): learning rate \(learningRate) must be ≥ 0")
    precondition((0..<1).contains(beta1), "\(name): beta1 \(beta1) must be in [0, 1)")
    precondition((0..<1).contains(beta2), "\(name): beta2 \(beta2) must be in [0, 1)")
    precondition(epsilon >= 0, "\(name): epsilon \(epsilon) must be ≥ 0")
    precondition(weightDecay >= 0, "\(name): weight decay \(weightDecay) must be ≥ 0")
  }
}
