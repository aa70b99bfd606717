import Autodiff

/// Adam with decoupled weight decay, step for step as `torch.optim.AdamW`: first θ ← θ·(1 − η·wd),
/// then the Adam step on the plain gradient, θ ← θ − η·m̂/(√v̂ + ε).
///
/// Loshchilov and Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019).
public struct AdamW: Optimizer, Equatable {
  /// The step size η.
  public var learningRate: Double
  /// The decay rate β₁ of the first-moment average.
  public let beta1: Double
  /// The decay rate β₂ of the second-moment average.
  public let beta2: Double
  /// The ε added to √v̂ in the denominator.
  public let epsilon: Double
  /// The decoupled decay coefficient wd; each step shrinks θ by the factor 1 − η·wd.
  public let weightDecay: Double
  /// The step count and moment estimates.
  public private(set) var state = AdamState()

  /// Creates the optimizer with PyTorch's defaults (η 1e-3, β 0.9/0.999, ε 1e-8, wd 0.01).
  ///
  /// - Precondition: η ≥ 0, 0 ≤ β₁, β₂ < 1, ε ≥ 0, wd ≥ 0.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
    weightDecay: Double = 0.01
  ) {
    AdamState.checkHyperparameters(learningRate, beta1, beta2, epsilon, weightDecay, name: "AdamW")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Applies the decoupled decay θ ← θ·(1 − η·wd), then one Adam step on the plain gradient.
  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    checkShapes(of: parameters, against: gradients, stateSizes: state.firstMoments.map(\.count))
    let decay = 1 - learningRate * weightDecay
    for i in parameters.indices {
      for j in parameters[i].scalars.indices { parameters[i].scalars[j] *= decay }
    }
    state.apply(
      to: &parameters, along: gradients, learningRate: learningRate, beta1: beta1, beta2: beta2,
      epsilon: epsilon, l2: 0)
  }
}
