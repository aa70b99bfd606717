import Autodiff

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay, step for step as `torch.optim.SGD`: g ← ∇L + wd·θ; b₁ = g, b_t = μ·b_{t−1} + (1−dampening)·g;
/// g ← g + μ·b_t (Nesterov) or g ← b_t; θ ← θ − η·g.
///
/// Momentum: Polyak, "Some methods of speeding up the convergence of iteration methods" (1964);
/// Nesterov form as in Sutskever, Martens, Dahl and Hinton, "On the importance of initialization and
/// momentum in deep learning" (ICML 2013).
public struct SGD: Optimizer, Equatable {
  /// The step size η.
  public var learningRate: Double
  /// The momentum factor μ ∈ [0, 1); 0 turns momentum off.
  public let momentum: Double
  /// The dampening d of the momentum buffer update b ← μ·b + (1−d)·g (not applied on the first step).
  public let dampening: Double
  /// Whether to use Nesterov momentum, g ← g + μ·b.
  public let nesterov: Bool
  /// The L2 penalty coefficient wd added to the gradient as wd·θ.
  public let weightDecay: Double
  /// One momentum buffer b per parameter tensor (row-major, as its scalars); empty until the first
  /// step with μ ≠ 0.
  public private(set) var momentumBuffers: [[Double]] = []

  /// Creates the optimizer; the defaults are PyTorch's (no momentum, no dampening, no decay).
  ///
  /// - Precondition: η ≥ 0, μ ≥ 0, wd ≥ 0, and Nesterov needs μ > 0 with dampening 0 (as PyTorch).
  public init(
    learningRate: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
    weightDecay: Double = 0
  ) {
    precondition(learningRate >= 0, "SGD: learning rate \(learningRate) must be ≥ 0")
    precondition(momentum >= 0, "SGD: momentum \(momentum) must be ≥ 0")
    precondition(weightDecay >= 0, "SGD: weight decay \(weightDecay) must be ≥ 0")
    precondition(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum \(momentum), dampening \(dampening)")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  /// Applies θ ← θ − η·g with g built from ∇L, the weight decay and the momentum buffer as above.
  public mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor]) {
    checkShapes(of: parameters, against: gradients, stateSizes: momentumBuffers.map(\.count))
    let isFirstStep = momentumBuffers.isEmpty
    for i in parameters.indices {
      var g = gradients[i].scalars
      if weightDecay != 0 {
        for j in g.indices { g[j] += weightDecay * parameters[i].scalars[j] }
      }
      if momentum != 0 {
        // PyTorch starts the buffer at the first gradient itself (no dampening), not at zero.
        if isFirstStep {
          momentumBuffers.append(g)
        } else {
          for j in g.indices { momentumBuffers[i][j] = momentum * momentumBuffers[i][j] + (1 - dampening) * g[j] }
        }
        if nesterov {
          for j in g.indices { g[j] += momentum * momentumBuffers[i][j] }
        } else {
          g = momentumBuffers[i]
        }
      }
      // Through buffer pointers: indexing `parameters[i].scalars[j]` checks uniqueness per entry.
      let rate = learningRate
      parameters[i].scalars.withUnsafeMutableBufferPointer { theta in
        g.withUnsafeBufferPointer { g in
          for j in 0..<g.count { theta[j] -= rate * g[j] }
        }
      }
    }
  }
}
