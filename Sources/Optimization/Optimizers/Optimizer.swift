import Autodiff

/// A first-order update rule θ ← θ − η·u(∇L, state) applied to a list of parameter tensors, in the
/// style of tensorflow/swift-apis; its state (momentum buffers, moments, step count) lives in the
/// value and is `Codable`, so a checkpoint resumes training bit for bit.
public protocol Optimizer: Codable, Sendable {
  /// The step size η used by the next ``update(_:along:)``; a schedule may change it between steps.
  var learningRate: Double { get set }

  /// Applies one step to `parameters`, where `gradients[i]` is ∂L/∂parameters[i] (same count, same shapes).
  mutating func update(_ parameters: inout [Tensor], along gradients: [Tensor])
}

extension Optimizer {
  // Shared by every optimizer: a gradient list that does not line up with the parameters, or
  // state built for a different parameter list, is a programming error, not bad data.
  // `stateSizes` are the scalar counts of one state buffer per parameter (empty before the first step).
  func checkShapes(of parameters: [Tensor], against gradients: [Tensor], stateSizes: [Int]) {
    precondition(
      parameters.count == gradients.count,
      "\(Self.self).update: \(parameters.count) parameters but \(gradients.count) gradients")
    for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() {
      precondition(
        parameter.shape == gradient.shape,
        "\(Self.self).update: parameter \(index) has shape \(parameter.shape), its gradient \(gradient.shape)")
    }
    precondition(
      stateSizes.isEmpty || stateSizes == parameters.map(\.count),
      "\(Self.self).update: state was built for tensors of sizes \(stateSizes), got \(parameters.map(\.count))")
  }
}
