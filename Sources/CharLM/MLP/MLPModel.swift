import Autodiff

/// A character MLP language model (Bengio et al. 2003; makemore parts 2–5): its parameter tensors
/// in a fixed order, the BatchNorm running statistics, and the forward passes in training mode (on
/// the tape, for loss and gradients) and evaluation mode (plain loops, running statistics).
///
/// Parameters, in order (see ``parameterNames``): C [V, d]; per hidden layer ℓ = 1…K, Wℓ
/// [inℓ, H] then either bℓ [H] (no BatchNorm) or γℓ, βℓ [H]; W_out [H, V], b_out [V]; with
/// direct connections U [context·d, V]. inℓ is context·d for the first flat layer, 2d for the
/// first hierarchical level, 2H for later levels, H for later flat layers.
///
/// Initialization as the lecture fixes it: C ~ N(0, 1); hidden W ~ N(0, 1)·(5/3)/√fan_in (Kaiming
/// for tanh); W_out and U ~ N(0, 1)/√fan_in·0.1; biases 0; γ = 1, β = 0; running mean 0, variance 1.
public struct MLPModel: Sendable, Equatable, Codable {
  /// The architecture.
  public let configuration: MLPConfiguration
  /// V, the number of symbols.
  public let vocabularySize: Int
  /// The parameter tensors in ``parameterNames`` order.
  public var parameters: [Tensor]
  /// BatchNorm's running mean per hidden layer (empty without BatchNorm).
  public var runningMean: [[Double]]
  /// BatchNorm's running variance per hidden layer (empty without BatchNorm).
  public var runningVariance: [[Double]]

  /// Where each hidden layer's tensors sit in ``parameters``.
  struct Layer: Sendable {
    let weight: Int
    let bias: Int?
    let gain: Int?
    let shift: Int?
    let inputWidth: Int
  }

  /// A freshly initialized model.
  ///
  /// - Precondition: the configuration has no ``MLPConfiguration/problem`` and V ≥ 1.
  public init(configuration: MLPConfiguration, vocabularySize: Int, using generator: inout some RandomNumberGenerator) {
    precondition(configuration.problem == nil, "MLP configuration: \(configuration.problem ?? "")")
    precondition(vocabularySize >= 1, "an MLP needs at least one symbol")
    self.configuration = configuration
    self.vocabularySize = vocabularySize
    let shapes = Self.parameterShapes(configuration, vocabularySize)
    let layers = Self.layers(configuration)
    var parameters: [Tensor] = []
    for (index, shape) in shapes.enumerated() {
      let name = Self.names(configuration)[index]
      if name == "C" {
        parameters.append(Tensor.randomNormal(shape: shape, using: &generator))
      } else if name.hasPrefix("W") || name == "U" {
        let fanIn = Double(shape[0])
        let gain = name.hasPrefix("W_out") || name == "U" ? 0.1 : 5.0 / 3.0
        let drawn = Tensor.randomNormal(shape: shape, using: &generator)
        parameters.append(Tensor(shape: shape, scalars: drawn.scalars.map { $0 * gain / fanIn.squareRoot() }))
      } else if name.hasPrefix("γ") {
        parameters.append(Tensor(shape: shape, scalars: [Double](repeating: 1, count: shape[0])))
      } else {
        parameters.append(Tensor(zeros: shape))
      }
    }
    self.parameters = parameters
    let normalized = configuration.batchNorm ? layers.count : 0
    runningMean = [[Double]](repeating: [Double](repeating: 0, count: configuration.hidden), count: normalized)
    runningVariance = [[Double]](repeating: [Double](repeating: 1, count: configuration.hidden), count: normalized)
  }

  /// The names of the parameter tensors, in order: C, W1, b1 (or γ1, β1), …, W_out, b_out, U.
  public var parameterNames: [String] { Self.names(configuration) }

  /// The number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Whether the shapes match the configuration and every scalar is finite (for loaded files).
  public var inconsistency: String? {
    let shapes = Self.parameterShapes(configuration, vocabularySize)
    guard parameters.map(\.shape) == shapes else {
      return "parameter shapes \(parameters.map(\.shape)) do not match the configuration's \(shapes)"
    }
    let normalized = configuration.batchNorm ? Self.layers(configuration).count : 0
    guard runningMean.count == normalized, runningVariance.count == normalized,
      (runningMean + runningVariance).allSatisfy({ $0.count == configuration.hidden })
    else { return "BatchNorm running statistics do not match the configuration" }
    guard parameters.allSatisfy(\.isFinite), (runningMean + runningVariance).allSatisfy({ $0.allSatisfy(\.isFinite) })
    else { return "the parameters hold NaN or infinity" }
    guard runningVariance.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else { return "a negative running variance" }
    return nil
  }

  static func names(_ configuration: MLPConfiguration) -> [String] {
    var names = ["C"]
    for layer in 1...configuration.hiddenLayerCount {
      names += configuration.batchNorm ? ["W\(layer)", "γ\(layer)", "β\(layer)"] : ["W\(layer)", "b\(layer)"]
    }
    names += ["W_out", "b_out"]
    if configuration.direct { names.append("U") }
    return names
  }

  /// The number of trainable scalars of a model of `configuration` over `vocabularySize` symbols,
  /// known before any is allocated (the largest accepted configuration has 4·10⁹).
  public static func parameterCount(configuration: MLPConfiguration, vocabularySize: Int) -> Double {
    parameterShapes(configuration, vocabularySize).reduce(0) { $0 + $1.reduce(1) { $0 * Double($1) } }
  }

  static func parameterShapes(_ configuration: MLPConfiguration, _ vocabularySize: Int) -> [[Int]] {
    let h = configuration.hidden
    var shapes = [[vocabularySize, configuration.embedding]]
    for layer in layers(configuration) {
      shapes.append([layer.inputWidth, h])
      shapes += configuration.batchNorm ? [[h], [h]] : [[h]]
    }
    shapes += [[h, vocabularySize], [vocabularySize]]
    if configuration.direct { shapes.append([configuration.context * configuration.embedding, vocabularySize]) }
    return shapes
  }

  static func layers(_ configuration: MLPConfiguration) -> [Layer] {
    var layers: [Layer] = []
    var next = 1
    for index in 0..<configuration.hiddenLayerCount {
      let inputWidth: Int
      if configuration.hierarchical {
        inputWidth = 2 * (index == 0 ? configuration.embedding : configuration.hidden)
      } else {
        inputWidth = index == 0 ? configuration.context * configuration.embedding : configuration.hidden
      }
      if configuration.batchNorm {
        layers.append(Layer(weight: next, bias: nil, gain: next + 1, shift: next + 2, inputWidth: inputWidth))
        next += 3
      } else {
        layers.append(Layer(weight: next, bias: next + 1, gain: nil, shift: nil, inputWidth: inputWidth))
        next += 2
      }
    }
    return layers
  }

  /// The indices of W_out, b_out and U (nil without direct connections) in ``parameters``.
  var outputIndices: (weight: Int, bias: Int, direct: Int?) {
    let weight = 1 + Self.layers(configuration).count * (configuration.batchNorm ? 3 : 2)
    return (weight, weight + 1, configuration.direct ? weight + 2 : nil)
  }
}
