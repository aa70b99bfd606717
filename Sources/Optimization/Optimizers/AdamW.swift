import Autodiff

/// Adam with decoupled weight decay, step for step as `torch.optim.AdamW`: first θ ← θ·(1 − η·wd),
/// then the plain Adam step on the gradient, θ ← θ − η·m̂/(√v̂ + ε).
///
/// Loshchilov and Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019).
public struct AdamW: Optimizer, Equatable {
  /// The Adam step taken after the decay (with no L2 term of its own).
  public private(set) var adam: Adam
  /// The decoupled decay coefficient wd; each step shrinks θ by the factor 1 − η·wd.
  public let weightDecay: Double

  /// Creates the optimizer with PyTorch's defaults (η 1e-3, β 0.9/0.999, ε 1e-8, wd 0.01).
  ///
  /// - Precondition: η ≥ 0, 0 ≤ β₁, β₂ < 1, ε ≥ 0, wd ≥ 0.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
    weightDecay: Double = 0.01
  ) {
    AdamState.checkHyperparameters(learningRate, beta1, beta2, epsilon, weightDecay, name: "AdamW")
    adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    self.weightDecay = weightDecay
  }

  /// The step size η.
  public var learningRate: Double {
    get { adam.learningRate }
    set { adam.learningRate = newValue }
  }

  /// The step count and moment estimates.
  public var state: AdamState { adam.state }

  /// Applies the decoupled decay θ ← θ·(1 − η·wd), then one Adam step on the plain gradient.
  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    checkShapes(of: parameters, against: gradients, stateSizes: state.firstMoments.map(\.count))
    let decay = 1 - learningRate * weightDecay
    for i in parameters.indices {
      for j in parameters[i].scalars.indices { parameters[i].scalars[j] *= decay }
    }
    adam.update(&parameters, along: gradients)
  }
}
