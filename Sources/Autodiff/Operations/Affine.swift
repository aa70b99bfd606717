// Negation and the scalar conveniences, all one primitive y = s·x + c with a constant scale s
// and offset c. Shapes: x [any] → y [same]. Backward: ∂x += s·g.

extension Variable {
  /// −x element-wise; ∂/∂x = −1.
  public static prefix func - (operand: Variable) -> Variable { operand.affine(scale: -1, offset: 0) }

  /// c · x element-wise for a constant c; ∂/∂x = c.
  public static func * (lhs: Double, rhs: Variable) -> Variable { rhs.affine(scale: lhs, offset: 0) }

  /// x · c element-wise for a constant c; ∂/∂x = c.
  public static func * (lhs: Variable, rhs: Double) -> Variable { lhs.affine(scale: rhs, offset: 0) }

  /// x / c element-wise for a constant c, computed as x · (1/c); ∂/∂x = 1/c.
  public static func / (lhs: Variable, rhs: Double) -> Variable { lhs.affine(scale: 1 / rhs, offset: 0) }

  /// x + c element-wise for a constant c; ∂/∂x = 1.
  public static func + (lhs: Variable, rhs: Double) -> Variable { lhs.affine(scale: 1, offset: rhs) }

  /// c + x element-wise for a constant c; ∂/∂x = 1.
  public static func + (lhs: Double, rhs: Variable) -> Variable { rhs.affine(scale: 1, offset: lhs) }

  /// x − c element-wise for a constant c; ∂/∂x = 1.
  public static func - (lhs: Variable, rhs: Double) -> Variable { lhs.affine(scale: 1, offset: -rhs) }

  /// c − x element-wise for a constant c; ∂/∂x = −1.
  public static func - (lhs: Double, rhs: Variable) -> Variable { rhs.affine(scale: -1, offset: lhs) }

  /// c / x element-wise for a constant c, composed as c · x⁻¹ (as micrograd does); ∂/∂x = −c/x².
  public static func / (lhs: Double, rhs: Variable) -> Variable { lhs * pow(rhs, -1) }

  private func affine(scale: Double, offset: Double) -> Variable {
    tape.record(
      value.mappingScalars { scale * $0 + offset }, .affine(index, scale: scale), requiresGradient: requiresGradient)
  }
}

extension Tape {
  /// ∂x += s·g.
  func affineBackward(_ g: UnsafeBufferPointer<Double>, _ input: Int, _ scale: Double) {
    accumulateGradient(of: input) { gx in
      for k in 0..<g.count { gx[k] += scale * g[k] }
    }
  }
}
