/// A value recorded on a ``Tape``: a lightweight handle (the tape and a node index) that the
/// differentiable operators take and return.
///
/// Copying a `Variable` copies the handle, not the value; every variable of one computation
/// must come from the same tape.
public struct Variable {
  /// The tape this variable's node lives on.
  public let tape: Tape
  /// The node's position on the tape.
  let index: Int

  /// The tensor this variable holds.
  public var value: Tensor { tape.nodes[index].value }

  /// The shape of ``value``.
  public var shape: [Int] { tape.nodes[index].value.shape }

  /// Whether gradients flow into this node (it depends on a parameter).
  var requiresGradient: Bool { tape.nodes[index].requiresGradient }

  /// The tape shared by two operands.
  ///
  /// - Precondition: both come from the same tape.
  static func sharedTape(_ lhs: Variable, _ rhs: Variable) -> Tape {
    precondition(
      lhs.tape === rhs.tape, "operands come from different tapes (nodes \(lhs.index) and \(rhs.index))")
    return lhs.tape
  }
}
