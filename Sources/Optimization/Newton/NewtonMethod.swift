import Autodiff

/// Damped Newton's method for a loss whose Hessian is block-diagonal: block i couples only the
/// scalars i·n ..< (i+1)·n of the (row-major) parameters, as each row of the bigram's W does.
///
/// The step solves each block independently, d_i = −(H_i + δI)⁺g_i, through the eigen-decomposition
/// of H_i, so a singular block (with δ = 0, the bigram's H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) is
/// singular along the all-ones direction) gets the pseudo-inverse step in the complement of its
/// null space instead of a division by ~0. An optional backtracking line search then picks the step
/// length. Nocedal and Wright, *Numerical Optimization*, 2nd ed., §3.3 and §3.4 (Newton with
/// Hessian modification); Levenberg (1944) for the damping δI.
public struct NewtonMethod: Sendable, Codable, Equatable {
  /// The damping δ ≥ 0 added to every Hessian block's diagonal.
  public var damping: Double
  /// The relative tolerance below which a block eigenvalue counts as zero; nil uses n·ε.
  public var relativeTolerance: Double?
  /// The line search choosing t in x + t·d, or nil for the pure Newton step t = 1.
  public var lineSearch: BacktrackingLineSearch?

  /// Creates the method; by default undamped, with an Armijo backtracking line search.
  ///
  /// - Precondition: `damping ≥ 0`.
  public init(
    damping: Double = 0, relativeTolerance: Double? = nil,
    lineSearch: BacktrackingLineSearch? = BacktrackingLineSearch()
  ) {
    precondition(damping >= 0, "NewtonMethod: damping \(damping) must be ≥ 0")
    self.damping = damping
    self.relativeTolerance = relativeTolerance
    self.lineSearch = lineSearch
  }

  /// The direction d_i = −(H_i + δI)⁺g_i, where g_i is the i-th run of n scalars of `gradient` and
  /// H_i = `hessianBlocks[i]` (n×n, symmetric).
  ///
  /// - Precondition: the blocks are square of one size n and `gradient.count == blocks · n`.
  public func direction(gradient: Tensor, hessianBlocks: [Tensor]) -> NewtonDirection {
    let n = hessianBlocks.first?.shape.first ?? 0
    precondition(
      hessianBlocks.allSatisfy { $0.shape == [n, n] },
      "NewtonMethod: Hessian blocks must all be \(n)×\(n), got shapes \(hessianBlocks.map(\.shape))")
    precondition(
      gradient.count == hessianBlocks.count * n,
      "NewtonMethod: gradient has \(gradient.count) scalars, \(hessianBlocks.count) blocks of size \(n) cover \(hessianBlocks.count * n)"
    )
    var d = Tensor(zeros: gradient.shape)
    var singularBlocks: [Int] = []
    var smallest = Double.infinity
    var largest = -Double.infinity
    for (i, block) in hessianBlocks.enumerated() {
      let decomposition = SymmetricEigendecomposition(block)
      let g = Array(gradient.scalars[(i * n)..<((i + 1) * n)])
      let solved = decomposition.solve(g, shift: damping, relativeTolerance: relativeTolerance)
      if solved.isSingular { singularBlocks.append(i) }
      smallest = min(smallest, decomposition.eigenvalues.first ?? .infinity)
      largest = max(largest, decomposition.eigenvalues.last ?? -.infinity)
      for j in 0..<n { d.scalars[i * n + j] = -solved.solution[j] }
    }
    return NewtonDirection(
      direction: d, singularBlocks: singularBlocks, smallestEigenvalue: smallest, largestEigenvalue: largest)
  }

  /// The direction over blocks of the form a(diag p − p pᵀ) + cI (the softmax bigram's rows):
  /// the same d_i = −(H_i + δI)⁺g_i and eigenvalue bounds as ``direction(gradient:hessianBlocks:)``
  /// in O(n) a block by Sherman–Morrison and the secular equation, each block the fast formulas
  /// cannot vouch for (near-zero probabilities without a ridge) solved through its eigen-decomposition.
  ///
  /// - Precondition: the blocks have one size n and `gradient.count == blocks · n`.
  public func direction(gradient: Tensor, softmaxBlocks: [SoftmaxHessianBlock]) -> NewtonDirection {
    let n = softmaxBlocks.first?.size ?? 0
    precondition(
      softmaxBlocks.allSatisfy { $0.size == n } && gradient.count == softmaxBlocks.count * n,
      "NewtonMethod: \(softmaxBlocks.count) blocks of size \(n) do not cover a gradient of \(gradient.count) scalars")
    var d = Tensor(zeros: gradient.shape)
    var singularBlocks: [Int] = []
    var smallest = Double.infinity
    var largest = -Double.infinity
    for (i, block) in softmaxBlocks.enumerated() {
      let g = Array(gradient.scalars[(i * n)..<((i + 1) * n)])
      let solved: PseudoInverseSolution
      if let fast = block.solve(g, shift: damping, relativeTolerance: relativeTolerance) {
        solved = fast
        smallest = min(smallest, block.smallestEigenvalue)
        largest = max(largest, block.largestEigenvalue)
      } else {
        let decomposition = SymmetricEigendecomposition(block.dense)
        solved = decomposition.solve(g, shift: damping, relativeTolerance: relativeTolerance)
        smallest = min(smallest, decomposition.eigenvalues.first ?? .infinity)
        largest = max(largest, decomposition.eigenvalues.last ?? -.infinity)
      }
      if solved.isSingular { singularBlocks.append(i) }
      for j in 0..<n { d.scalars[i * n + j] = -solved.solution[j] }
    }
    return NewtonDirection(
      direction: d, singularBlocks: singularBlocks, smallestEigenvalue: smallest, largestEigenvalue: largest)
  }

  /// Takes one Newton step from `point` x with f(x) = `value`, ∇f(x) = `gradient` (x's shape) and
  /// the Hessian blocks of f at x; `loss` evaluates f at trial points.
  ///
  /// Without a line search the full step x + d is taken and `loss` is called once to report its value.
  /// - Throws: a ``LineSearchError`` when the line search finds no acceptable step (for example when
  ///   a block is indefinite and d points uphill), and whatever `loss` throws.
  public func step(
    from point: Tensor, value: Double, gradient: Tensor, hessianBlocks: [Tensor],
    loss: (Tensor) throws -> Double
  ) throws -> NewtonStep {
    try step(
      from: point, value: value, gradient: gradient,
      direction: direction(gradient: gradient, hessianBlocks: hessianBlocks), loss: loss)
  }

  /// ``step(from:value:gradient:hessianBlocks:loss:)`` over softmax blocks, each solved in O(n).
  public func step(
    from point: Tensor, value: Double, gradient: Tensor, softmaxBlocks: [SoftmaxHessianBlock],
    loss: (Tensor) throws -> Double
  ) throws -> NewtonStep {
    try step(
      from: point, value: value, gradient: gradient,
      direction: direction(gradient: gradient, softmaxBlocks: softmaxBlocks), loss: loss)
  }

  private func step(
    from point: Tensor, value: Double, gradient: Tensor, direction newton: NewtonDirection,
    loss: (Tensor) throws -> Double
  ) throws -> NewtonStep {
    precondition(
      point.shape == gradient.shape, "NewtonMethod: point \(point.shape) and gradient \(gradient.shape) differ")
    guard let lineSearch else {
      var next = point
      for j in next.scalars.indices { next.scalars[j] += newton.direction.scalars[j] }
      return NewtonStep(point: next, value: try loss(next), stepSize: 1, evaluations: 1, direction: newton)
    }
    let accepted = try lineSearch.search(
      from: point, value: value, gradient: gradient, direction: newton.direction, loss: loss)
    return NewtonStep(
      point: accepted.point, value: accepted.value, stepSize: accepted.stepSize,
      evaluations: accepted.evaluations, direction: newton)
  }
}
