import Autodiff

/// The MLP's backpropagated gradient against central finite differences, tensor by tensor:
/// for every entry θ of every parameter, (L(θ + h) − L(θ − h)) / 2h on the same mini-batch in
/// training mode (BatchNorm with that batch's statistics), compared with ∂L/∂θ from the tape.
public struct MLPGradientCheck: Sendable, Codable, Equatable {
  /// One parameter tensor's agreement.
  public struct Entry: Sendable, Codable, Equatable {
    /// The tensor's name (C, W1, γ1, …).
    public let name: String
    /// Its shape.
    public let shape: [Int]
    /// max |analytic − numeric| over its entries.
    public let maxAbsError: Double
    /// max |analytic − numeric| / max(|analytic|, |numeric|, 10⁻⁸) over its entries.
    public let maxRelError: Double
  }

  /// The finite-difference step h.
  public let h: Double
  /// The batch loss at the checked point.
  public let loss: Double
  /// One entry per parameter tensor, in parameter order.
  public let tensors: [Entry]

  /// Checks `model` on the windows `rows` of `windows` with step `h`.
  public init(model: MLPModel, windows: ContextWindows, rows: [Int], h: Double = 1e-5) {
    let (contexts, targets) = windows.batch(rows)
    let result = model.lossAndGradients(contexts: contexts, targets: targets)
    self.h = h
    loss = result.loss
    var entries: [Entry] = []
    for (index, name) in model.parameterNames.enumerated() {
      var maxAbs = 0.0
      var maxRel = 0.0
      var shifted = model.parameters
      for k in 0..<shifted[index].count {
        let original = shifted[index].scalars[k]
        shifted[index].scalars[k] = original + h
        let plus = model.loss(at: shifted, contexts: contexts, targets: targets)
        shifted[index].scalars[k] = original - h
        let minus = model.loss(at: shifted, contexts: contexts, targets: targets)
        shifted[index].scalars[k] = original
        let numeric = (plus - minus) / (2 * h)
        let analytic = result.gradients[index].scalars[k]
        let error = abs(analytic - numeric)
        maxAbs = max(maxAbs, error)
        maxRel = max(maxRel, error / max(abs(analytic), abs(numeric), 1e-8))
      }
      entries.append(Entry(name: name, shape: model.parameters[index].shape, maxAbsError: maxAbs, maxRelError: maxRel))
    }
    tensors = entries
  }
}
