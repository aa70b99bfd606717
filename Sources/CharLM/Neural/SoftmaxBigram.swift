import Autodiff
import Foundation

/// The neural bigram model: a one-hot input times a V×V weight matrix W, then softmax.
///
/// logits = onehot(i) · W = W_i (row i of W), and P̂(j | i) = e^{W_ij} / Σ_k e^{W_ik}. Because the
/// input is one-hot, W is a table of log-counts: with W_ij = log N_ij + c_i the model *is* the
/// count model, which is where training by gradient descent leads.
public struct SoftmaxBigram: Sendable, Equatable {
  /// The symbols indexing rows and columns.
  public let vocabulary: Vocabulary
  /// The logits table W, V×V.
  public var weights: Tensor

  /// Creates a model from its weights.
  ///
  /// - Precondition: `weights` is V×V for the vocabulary's V.
  public init(vocabulary: Vocabulary, weights: Tensor) {
    precondition(
      weights.shape == [vocabulary.count, vocabulary.count],
      "weights shape \(weights.shape) does not match a vocabulary of \(vocabulary.count)")
    self.vocabulary = vocabulary
    self.weights = weights
  }

  /// W = 0: every row uniform, loss log V.
  public static func zeros(vocabulary: Vocabulary) -> SoftmaxBigram {
    SoftmaxBigram(vocabulary: vocabulary, weights: Tensor(zeros: [vocabulary.count, vocabulary.count]))
  }

  /// W with standard normal entries from `generator`, as the lecture's `torch.randn`.
  public static func normal(vocabulary: Vocabulary, using generator: inout some RandomNumberGenerator) -> SoftmaxBigram
  {
    let v = vocabulary.count
    return SoftmaxBigram(
      vocabulary: vocabulary,
      weights: Tensor(shape: [v, v], scalars: (0..<(v * v)).map { _ in generator.nextNormal() }))
  }

  /// P̂ = softmax(W) row by row, as a probability table (stable: the row max is subtracted), with
  /// log P̂ = W_ij − log Σ_k e^{W_ik}, which stays finite where P̂ underflows.
  public var probabilities: BigramProbabilities {
    let v = vocabulary.count
    var p = weights.scalars
    var logP = weights.scalars
    for i in 0..<v {
      let logNormalizer = RowSoftmax.normalize(&p, row: i, columns: v)
      for j in 0..<v { logP[i * v + j] -= logNormalizer }
    }
    return BigramProbabilities(
      vocabulary: vocabulary, matrix: Tensor(shape: [v, v], scalars: p),
      logMatrix: Tensor(shape: [v, v], scalars: logP))
  }
}

/// Softmax of one row of a row-major buffer, in place.
enum RowSoftmax {
  /// Replaces `buffer[row·n ..< (row+1)·n]` by its softmax; returns log Σ e^{x} (log-sum-exp).
  ///
  /// The row max is subtracted before exponentiating so e^{x} never overflows (x − max ≤ 0) and
  /// the largest term is exactly 1, so the sum never underflows to zero.
  @discardableResult
  static func normalize(_ buffer: inout [Double], row: Int, columns n: Int) -> Double {
    buffer.withUnsafeMutableBufferPointer { b in
      let base = row * n
      var largest = -Double.infinity
      for j in 0..<n { largest = max(largest, b[base + j]) }
      var sum = 0.0
      for j in 0..<n {
        let e = exp(b[base + j] - largest)
        b[base + j] = e
        sum += e
      }
      for j in 0..<n { b[base + j] /= sum }
      return largest + log(sum)
    }
  }
}
