import Autodiff

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
    var shifts = [Double](repeating: 0, count: v)
    var logSums = [Double](repeating: 0, count: v)
    p.withUnsafeMutableBufferPointer { buffer in
      shifts.withUnsafeMutableBufferPointer { shifts in
        logSums.withUnsafeMutableBufferPointer {
          RowSoftmax.normalizeRows(buffer, columns: v, shifts: shifts, logSums: $0)
        }
      }
    }
    // log P̂ straight from the logits, (W_ij − s_i) − log Σ_k e^{W_ik − s_i}: finite even where P̂
    // underflows to 0, and log V for a uniform row however large.
    var logP = weights.scalars
    for i in 0..<v {
      for j in 0..<v { logP[i * v + j] = (logP[i * v + j] - shifts[i]) - logSums[i] }
    }
    return BigramProbabilities(
      vocabulary: vocabulary, matrix: Tensor(shape: [v, v], scalars: p),
      logMatrix: Tensor(shape: [v, v], scalars: logP))
  }
}
