/// The record of one computation for reverse-mode differentiation: every value computed from
/// the parameters, in order, with the operation that made it.
///
/// Nodes live in one contiguous array; an op's inputs always precede it, so walking the array
/// backwards is a reverse topological order. Gradient buffers are allocated only for nodes that
/// a gradient reaches, and are accumulated in place (`+=`), so a value used twice receives
/// both contributions. Use it through ``valueWithGradient(at:of:)``; inside `f`, reach it through
/// a variable's `tape` to add constants.
///
/// Large values and gradients come from, and go back to, a ``BufferPool`` shared by all tapes, so
/// recording the same computation step after step reuses the same memory.
public final class Tape {
  struct Node {
    var value: Tensor
    var operation: Operation
    var requiresGradient: Bool
    /// Whether an op computed the value (false for the caller's parameters and constants).
    var isComputed = true
  }

  /// The recorded nodes, inputs before the ops that use them.
  private(set) var nodes: [Node] = []
  /// ∂output/∂node for each node after `backward(from:)`; empty where no gradient arrived.
  private var gradients: [[Double]] = []

  init() {}

  deinit {
    // Parameters and constants belong to the caller; everything computed here can be reused.
    for index in nodes.indices where nodes[index].isComputed {
      BufferPool.shared.give(&nodes[index].value.scalars)
    }
    for index in gradients.indices { BufferPool.shared.give(&gradients[index]) }
  }

  /// A buffer for the `count` scalars of a new value, reused from earlier tapes when one of that
  /// size is free; its contents are unspecified, so the op must write every scalar.
  func makeScalars(count: Int) -> [Double] {
    BufferPool.shared.take(count: count)
      ?? [Double](unsafeUninitializedCapacity: count) { _, initialized in
        initialized = count
      }
  }

  /// Records `value` as a constant: no gradient is ever computed for it or through it alone.
  public func constant(_ value: Tensor) -> Variable {
    let variable = record(value, .leaf, requiresGradient: false)
    nodes[variable.index].isComputed = false
    return variable
  }

  /// Records `value` as a parameter: the gradient is computed with respect to it.
  func parameter(_ value: Tensor) -> Variable {
    let variable = record(value, .leaf, requiresGradient: true)
    nodes[variable.index].isComputed = false
    return variable
  }

  /// Appends a node. An op none of whose inputs needs a gradient is recorded as a leaf, so it
  /// keeps nothing for backward.
  func record(_ value: Tensor, _ operation: Operation, requiresGradient: Bool) -> Variable {
    nodes.append(
      Node(value: value, operation: requiresGradient ? operation : .leaf, requiresGradient: requiresGradient))
    return Variable(tape: self, index: nodes.count - 1)
  }

  /// ∂output/∂variable after `backward(from:)`, zeros where the output does not depend on it.
  func gradient(of variable: Variable) -> Tensor {
    let value = nodes[variable.index].value
    let gradient = variable.index < gradients.count ? gradients[variable.index] : []
    return gradient.isEmpty ? Tensor(zeros: value.shape) : Tensor(shape: value.shape, scalars: gradient)
  }

  /// Sets ∂output/∂output = 1 and walks the tape backwards, each node adding its share into
  /// its inputs' gradients.
  ///
  /// - Precondition: `output` is on this tape and holds one element.
  func backward(from output: Variable) {
    precondition(output.tape === self, "backward(from:) got a variable from another tape")
    let shape = nodes[output.index].value.shape
    precondition(shape.reduce(1, *) == 1, "the differentiated function must return one element, got shape \(shape)")
    gradients = Array(repeating: [], count: nodes.count)
    guard nodes[output.index].requiresGradient else { return }
    gradients[output.index] = [1]
    for index in stride(from: output.index, through: 0, by: -1) where !gradients[index].isEmpty {
      propagate(from: index)
    }
  }

  /// Calls the backward function of node `index`'s operation with its gradient.
  private func propagate(from index: Int) {
    let upstream = gradients[index]
    if case .softmaxCrossEntropy(let logits, let targets, var exponentials, let reciprocals) = nodes[index].operation {
      // The saved exponentials are needed by nothing else: release the node's reference so the
      // backward can turn them into the logits' gradient in place (backward runs once per tape).
      nodes[index].operation = .leaf
      softmaxCrossEntropyBackward(upstream[0], logits, targets, &exponentials, reciprocals)
      return
    }
    upstream.withUnsafeBufferPointer { upstream in
      switch nodes[index].operation {
      case .leaf: break
      case .add(let lhs, let rhs, let broadcast): addBackward(upstream, lhs, rhs, broadcast)
      case .subtract(let lhs, let rhs, let broadcast): subtractBackward(upstream, lhs, rhs, broadcast)
      case .multiply(let lhs, let rhs, let broadcast): multiplyBackward(upstream, lhs, rhs, broadcast)
      case .divide(let lhs, let rhs, let broadcast): divideBackward(upstream, index, lhs, rhs, broadcast)
      case .affine(let input, let scale): affineBackward(upstream, input, scale)
      case .matmul(let lhs, let rhs): matmulBackward(upstream, lhs, rhs)
      case .linear(let input, let weight, let bias): linearBackward(upstream, input, weight, bias)
      case .batchNorm(let input, let gain, let bias, let normalized, let inverseDeviation):
        batchNormBackward(upstream, input, gain, bias, normalized, inverseDeviation)
      case .reshape(let input): reshapeBackward(upstream, input)
      case .exp(let input): expBackward(upstream, index, input)
      case .log(let input): logBackward(upstream, input)
      case .tanh(let input): tanhBackward(upstream, index, input)
      case .relu(let input): reluBackward(upstream, input)
      case .pow(let input, let exponent): powBackward(upstream, input, exponent)
      case .sin(let input): sinBackward(upstream, input)
      case .cos(let input): cosBackward(upstream, input)
      case .sqrt(let input): sqrtBackward(upstream, index, input)
      case .abs(let input): absBackward(upstream, input)
      case .sigmoid(let input): sigmoidBackward(upstream, index, input)
      case .sum(let input, let broadcast): sumBackward(upstream, input, broadcast)
      case .max(let input, let argmax): maxBackward(upstream, input, argmax)
      case .gatherRows(let table, let indices): gatherRowsBackward(upstream, table, indices)
      case .pick(let input, let indices): pickBackward(upstream, input, indices)
      case .softmaxCrossEntropy: preconditionFailure("handled above")
      }
    }
  }

  /// Runs `body` on the gradient buffer of node `index`, allocating it as zeros on first use;
  /// does nothing for a node that needs no gradient (a constant).
  @inline(__always)
  func accumulateGradient(of index: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
    guard nodes[index].requiresGradient else { return }
    if gradients[index].isEmpty {
      var zeros = makeScalars(count: nodes[index].value.count)
      zeros.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      gradients[index] = zeros
    }
    gradients[index].withUnsafeMutableBufferPointer { body($0) }
  }

  /// Whether node `index` needs a gradient that nothing has contributed to yet, so a whole
  /// buffer can be handed over with ``adoptGradient(of:_:)`` instead of added in.
  func awaitsFirstGradient(of index: Int) -> Bool {
    nodes[index].requiresGradient && gradients[index].isEmpty
  }

  /// Makes `buffer` (the node's size) the gradient of node `index`, which has none yet.
  func adoptGradient(of index: Int, _ buffer: [Double]) {
    precondition(awaitsFirstGradient(of: index) && buffer.count == nodes[index].value.count, "adopting a gradient")
    gradients[index] = buffer
  }

  /// Runs `body` on the scalars of node `index`'s value.
  @inline(__always)
  func withValue<Result>(of index: Int, _ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
    nodes[index].value.scalars.withUnsafeBufferPointer(body)
  }
}
