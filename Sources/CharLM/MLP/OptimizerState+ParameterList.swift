import Autodiff

extension OptimizerState {
  /// Applies one first-order update with learning rate `rate` to a list of parameter tensors
  /// (a model with several, such as the MLP).
  ///
  /// - Precondition: not Newton, which only the bigram's per-row Hessian supports.
  mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor], rate: Double) {
    switch self {
    case .sgd(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .sgd(optimizer)
    case .adam(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .adam(optimizer)
    case .adamW(var optimizer):
      optimizer.learningRate = rate
      optimizer.update(&parameters, along: gradients)
      self = .adamW(optimizer)
    case .newton:
      preconditionFailure("Newton's method needs the bigram's Hessian blocks; the MLP refuses it before training")
    }
  }
}
