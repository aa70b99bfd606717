import Autodiff

/// Adam with L2 weight decay folded into the gradient, step for step as `torch.optim.Adam`:
/// g ← ∇L + wd·θ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
///
/// Kingma and Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015).
public struct Adam: Optimizer, Equatable {
  /// The step size η.
  public var learningRate: Double
  /// The decay rate β₁ of the first-moment average.
  public let beta1: Double
  /// The decay rate β₂ of the second-moment average.
  public let beta2: Double
  /// The ε added to √v̂ in the denominator.
  public let epsilon: Double
  /// The L2 coefficient wd added to the gradient as wd·θ (0 in PyTorch's default).
  public let weightDecay: Double
  /// The step count and moment estimates.
  public private(set) var state = AdamState()

  /// Creates the optimizer with PyTorch's defaults (η 1e-3, β 0.9/0.999, ε 1e-8, wd 0).
  ///
  /// - Precondition: η ≥ 0, 0 ≤ β₁, β₂ < 1, ε ≥ 0, wd ≥ 0.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
    weightDecay: Double = 0
  ) {
    AdamState.checkHyperparameters(learningRate, beta1, beta2, epsilon, weightDecay, name: "Adam")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Applies one Adam step with the L2 term wd·θ added to each gradient.
  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    checkShapes(of: parameters, against: gradients, stateSizes: state.firstMoments.map(\.count))
    state.apply(
      to: &parameters, along: gradients, learningRate: learningRate, beta1: beta1, beta2: beta2,
      epsilon: epsilon, l2: weightDecay)
  }
}
