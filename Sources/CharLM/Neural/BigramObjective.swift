import Autodiff
import Foundation

/// The training loss of the softmax bigram on a corpus, and its derivatives.
///
/// L(W) = −(1/T) Σ_events log P̂(y | x) + λ·mean(W²). The data enter only through the counts N,
/// so the same loss is L = −(1/T) Σ_ij N_ij log softmax(W_i)_j + (λ/V²) Σ_ij W_ij², with gradient
///
///     ∂L/∂W_i = (n_i·p̂_i − N_i)/T + 2λ·W_i/V²        (n_i = Σ_j N_ij)
///
/// and a block-diagonal Hessian, one V×V block per row:
///
///     H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) + (2λ/V²)·I.
public struct BigramObjective: Sendable {
  /// The counts N of the training data.
  public let counts: BigramCounts
  /// λ, the weight of the L2 penalty λ·mean(W²).
  public let l2: Double
  /// T, the number of bigram events.
  public let events: Int
  // N and n as doubles, so the O(V²) loop does no conversions.
  private let countsAsDoubles: [Double]
  private let rowTotals: [Double]

  /// The objective for `counts` with L2 weight `l2`.
  ///
  /// - Precondition: λ ≥ 0 and at least one bigram event.
  public init(counts: BigramCounts, l2: Double = 0) {
    precondition(l2 >= 0 && l2.isFinite, "l2 must be a finite λ ≥ 0, got \(l2)")
    precondition(counts.total > 0, "the objective needs at least one bigram event")
    self.counts = counts
    self.l2 = l2
    events = counts.total
    countsAsDoubles = counts.counts.map(Double.init)
    rowTotals = counts.rowTotals.map(Double.init)
  }

  /// The number of symbols V.
  public var size: Int { counts.size }

  /// A loss value split into its parts.
  public struct Evaluation: Sendable, Equatable {
    /// L = NLL + λ·mean(W²).
    public var loss: Double
    /// The mean negative log-likelihood of the training events.
    public var nll: Double
    /// ∂L/∂W, V×V (empty when not requested).
    public var gradient: Tensor
  }

  /// L(W), its NLL part and ∂L/∂W from the counts alone, in O(V²).
  public func evaluate(at weights: Tensor, gradient wantsGradient: Bool = true) -> Evaluation {
    let v = size
    if wantsGradient {
      var gradient = Tensor(zeros: [v, v])
      let (loss, nll) = evaluate(at: weights, gradient: &gradient)
      return Evaluation(loss: loss, nll: nll, gradient: gradient)
    }
    precondition(weights.shape == [v, v], "weights shape \(weights.shape), expected [\(v), \(v)]")
    let (loss, nll) = withUnsafeTemporaryAllocation(of: Double.self, capacity: v * v) { work in
      weights.scalars.withUnsafeBufferPointer { w in evaluate(weights: w, work: work, writesGradient: false) }
    }
    return Evaluation(loss: loss, nll: nll, gradient: Tensor(zeros: [0]))
  }

  /// L(W) and its NLL part, with ∂L/∂W written into `gradient`, in O(V²) and without allocating once
  /// `gradient` holds V×V scalars (a training loop passes the same tensor every step).
  public func evaluate(at weights: Tensor, gradient: inout Tensor) -> (loss: Double, nll: Double) {
    let v = size
    // (Shapes compared entry by entry: an array literal such as [v, v] would be a heap allocation.)
    func isSquare(_ tensor: Tensor) -> Bool { tensor.rank == 2 && tensor.shape[0] == v && tensor.shape[1] == v }
    precondition(isSquare(weights), "weights shape \(weights.shape), expected [\(v), \(v)]")
    if !isSquare(gradient) { gradient = Tensor(zeros: [v, v]) }
    return weights.scalars.withUnsafeBufferPointer { w in
      gradient.scalars.withUnsafeMutableBufferPointer { g in evaluate(weights: w, work: g, writesGradient: true) }
    }
  }

  /// The loss from V×V `weights`, using `work` (V×V) for P̂ and, when asked, leaving ∂L/∂W in it:
  /// P̂ = softmax(W) row by row, then NLL = −(1/T) Σ_ij N_ij (W_ij − logsumexp_i) and
  /// ∂L/∂W_ij = (n_i·P̂_ij − N_ij)/T + (2λ/V²)·W_ij written over P̂_ij.
  private func evaluate(
    weights: UnsafeBufferPointer<Double>, work: UnsafeMutableBufferPointer<Double>, writesGradient: Bool
  ) -> (loss: Double, nll: Double) {
    let v = size
    let inverseEvents = 1 / Double(events)
    let decay = 2 * l2 / Double(v * v)
    // ‖W‖² is summed over W/V, so mean(W²) = Σ(W_ij/V)² stays finite wherever it is (W = 10¹⁵⁴
    // has Σ W² = ∞ but mean 10³⁰⁸); with λ = 0 the penalty is left out, not 0·∞ = NaN.
    let inverseSize = 1 / Double(v)
    _ = work.update(fromContentsOf: weights)
    // Four lanes per sum: a single running NLL or ‖W‖² would be a chain of dependent additions.
    var nllLanes = SIMD4<Double>()
    var squareLanes = SIMD4<Double>()
    countsAsDoubles.withUnsafeBufferPointer { counts in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * v) { scratch in
        let shifts = UnsafeMutableBufferPointer(rebasing: scratch[0..<v])
        let logSums = UnsafeMutableBufferPointer(rebasing: scratch[v..<(2 * v)])
        RowSoftmax.normalizeRows(work, columns: v, shifts: shifts, logSums: logSums)
        guard let w = weights.baseAddress, let n = counts.baseAddress, let p = work.baseAddress else { return }
        for i in 0..<v {
          let base = i &* v
          // −log P̂_ij = log Σe − (W_ij − s_i), in this order (see RowSoftmax): shift-invariant.
          let (shift, logSum) = (shifts[i], logSums[i])
          let rowTotal = rowTotals[i] * inverseEvents
          var j = 0
          while j &+ 4 <= v {
            let wLanes = UnsafeRawPointer(w + (base &+ j)).loadUnaligned(as: SIMD4<Double>.self)
            let nLanes = UnsafeRawPointer(n + (base &+ j)).loadUnaligned(as: SIMD4<Double>.self)
            let scaled = wLanes * inverseSize
            squareLanes += scaled * scaled
            // 0·log 0 is 0 here: a zero count contributes nothing, even where P̂ underflowed to 0.
            nllLanes += (nLanes * (logSum - (wLanes - shift))).replacing(with: 0, where: nLanes .<= 0)
            if writesGradient {
              let pLanes = UnsafeRawPointer(p + (base &+ j)).loadUnaligned(as: SIMD4<Double>.self)
              let gradient = (pLanes * rowTotal - nLanes * inverseEvents) + wLanes * decay
              UnsafeMutableRawPointer(p + (base &+ j)).storeBytes(of: gradient, as: SIMD4<Double>.self)
            }
            j &+= 4
          }
          while j < v {
            let index = base &+ j
            squareLanes[0] += (w[index] * inverseSize) * (w[index] * inverseSize)
            if n[index] > 0 { nllLanes[0] += n[index] * (logSum - (w[index] - shift)) }
            if writesGradient { p[index] = (p[index] * rowTotal - n[index] * inverseEvents) + w[index] * decay }
            j &+= 1
          }
        }
      }
    }
    var nll = (nllLanes[0] + nllLanes[1]) + (nllLanes[2] + nllLanes[3])
    let squares = (squareLanes[0] + squareLanes[1]) + (squareLanes[2] + squareLanes[3])
    nll *= inverseEvents
    return (l2 > 0 ? nll + l2 * squares : nll, nll)
  }

  /// The Hessian block of row i, H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) + (2λ/V²)·I, V×V.
  ///
  /// All V blocks hold V³ doubles (8.6 GB at V = 1,024); ``forEachHessianBlock(at:_:)`` holds one.
  public func hessianBlocks(at weights: Tensor) -> [Tensor] {
    var blocks: [Tensor] = []
    blocks.reserveCapacity(size)
    forEachHessianBlock(at: weights) { _, block in blocks.append(block) }
    return blocks
  }

  /// Calls `body(i, H_i)` for each row i in order, building one V×V block at a time (O(V²) memory).
  public func forEachHessianBlock(at weights: Tensor, _ body: (Int, Tensor) throws -> Void) rethrows {
    let v = size
    let p = SoftmaxBigram(vocabulary: counts.vocabulary, weights: weights).probabilities.matrix
    let t = Double(events)
    let decay = 2 * l2 / Double(v * v)
    for i in 0..<v {
      let scale = rowTotals[i] / t
      var block = [Double](repeating: 0, count: v * v)
      for a in 0..<v {
        for b in 0..<v {
          block[a * v + b] = -scale * p[i, a] * p[i, b]
        }
        block[a * v + a] += scale * p[i, a] + decay
      }
      try body(i, Tensor(shape: [v, v], scalars: block))
    }
  }

  /// ½·DᵀHD, the curvature of L along a direction D (V×V), from the exact block Hessian:
  /// per row, DᵢᵀHᵢDᵢ = (n_i/T)(Σ_j p̂_ij d_j² − (Σ_j p̂_ij d_j)²) + (2λ/V²)‖D_i‖².
  public func halfCurvature(at weights: Tensor, along direction: Tensor) -> Double {
    let v = size
    precondition(direction.shape == [v, v], "direction shape \(direction.shape), expected [\(v), \(v)]")
    let p = SoftmaxBigram(vocabulary: counts.vocabulary, weights: weights).probabilities.matrix
    let t = Double(events)
    let decay = 2 * l2 / Double(v * v)
    var total = 0.0
    for i in 0..<v {
      var mean = 0.0
      var meanSquare = 0.0
      var norm = 0.0
      for j in 0..<v {
        let d = direction[i, j]
        mean += p[i, j] * d
        meanSquare += p[i, j] * d * d
        norm += d * d
      }
      total += rowTotals[i] / t * (meanSquare - mean * mean) + decay * norm
    }
    return total / 2
  }
}
