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
    precondition(weights.shape == [v, v], "weights shape \(weights.shape), expected [\(v), \(v)]")
    let t = Double(events)
    let decay = 2 * l2 / Double(v * v)
    var probabilities = weights.scalars
    var gradient = wantsGradient ? [Double](repeating: 0, count: v * v) : []
    var nll = 0.0
    var squares = 0.0
    for i in 0..<v {
      let logSumExp = RowSoftmax.normalize(&probabilities, row: i, columns: v)
      for j in 0..<v {
        let index = i * v + j
        let w = weights.scalars[index]
        squares += w * w
        let n = countsAsDoubles[index]
        // 0·log 0 is 0 here: a zero count contributes nothing, even where P̂ underflowed to 0.
        if n > 0 { nll -= n * (w - logSumExp) }
        if wantsGradient {
          gradient[index] = (rowTotals[i] * probabilities[index] - n) / t + decay * w
        }
      }
    }
    nll /= t
    return Evaluation(
      loss: nll + l2 * squares / Double(v * v), nll: nll,
      gradient: wantsGradient ? Tensor(shape: [v, v], scalars: gradient) : Tensor(zeros: [0]))
  }

  /// The Hessian block of row i, H_i = (n_i/T)(diag p̂_i − p̂_i p̂_iᵀ) + (2λ/V²)·I, V×V.
  public func hessianBlocks(at weights: Tensor) -> [Tensor] {
    let v = size
    let p = SoftmaxBigram(vocabulary: counts.vocabulary, weights: weights).probabilities.matrix
    let t = Double(events)
    let decay = 2 * l2 / Double(v * v)
    return (0..<v).map { i in
      let scale = rowTotals[i] / t
      var block = [Double](repeating: 0, count: v * v)
      for a in 0..<v {
        for b in 0..<v {
          block[a * v + b] = -scale * p[i, a] * p[i, b]
        }
        block[a * v + a] += scale * p[i, a] + decay
      }
      return Tensor(shape: [v, v], scalars: block)
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
