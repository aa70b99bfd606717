import Autodiff

/// One training-mode evaluation: the mini-batch loss, its gradient per parameter tensor, and each
/// BatchNorm layer's batch statistics (for the running averages).
public struct MLPBatchResult: Sendable {
  /// The mean cross-entropy of the batch.
  public let loss: Double
  /// ∂loss/∂parameter, in parameter order.
  public let gradients: [Tensor]
  /// The batch mean of each BatchNorm layer.
  public let means: [[Double]]
  /// The batch variance (Bessel-corrected) of each BatchNorm layer.
  public let variances: [[Double]]
}

extension MLPModel {
  /// The forward pass in training mode on the tape, from parameter variables `p` (in order):
  /// embeddings gathered, concatenated (or merged pairwise), hidden layers, logits, mean
  /// cross-entropy. Shapes: contexts [B·context] → loss []. `statistics` receives each BatchNorm's
  /// batch mean and variance.
  func trainingLoss(
    _ p: [Variable], contexts: [Int], targets: [Int], statistics: inout [(mean: [Double], variance: [Double])]
  ) -> Variable {
    let configuration = self.configuration
    let batch = targets.count
    let embedded = gatherRows(p[0], contexts)  // [B·context, d]
    let concatenated = reshaped(embedded, to: [batch, configuration.context * configuration.embedding])
    var h = configuration.hierarchical ? embedded : concatenated
    for layer in Self.layers(configuration) {
      if configuration.hierarchical { h = flattenConsecutive(h, 2) }
      if let gain = layer.gain, let shift = layer.shift {
        let normalized = batchNorm(
          linear(h, p[layer.weight]), gain: p[gain], bias: p[shift], epsilon: configuration.epsilon)
        statistics.append((normalized.mean, normalized.variance))
        h = tanh(normalized.output)
      } else {
        h = tanh(linear(h, p[layer.weight], bias: layer.bias.map { p[$0] }))
      }
    }
    let output = outputIndices
    var logits = linear(h, p[output.weight], bias: p[output.bias])
    if let direct = output.direct { logits = logits + linear(concatenated, p[direct]) }
    return softmaxCrossEntropy(logits: logits, targets: targets)
  }

  /// The loss and gradients on one mini-batch in training mode (BatchNorm with batch statistics).
  ///
  /// - Precondition: `contexts` holds `context` valid symbol indices per target; with BatchNorm
  ///   the batch has at least 2 windows.
  public func lossAndGradients(contexts: [Int], targets: [Int]) -> MLPBatchResult {
    var statistics: [(mean: [Double], variance: [Double])] = []
    let (loss, gradients) = valueWithGradient(at: parameters) { p in
      trainingLoss(p, contexts: contexts, targets: targets, statistics: &statistics)
    }
    return MLPBatchResult(
      loss: loss, gradients: gradients, means: statistics.map(\.mean), variances: statistics.map(\.variance))
  }

  /// The training-mode loss alone at other parameters (finite differences need only this).
  public func loss(at parameters: [Tensor], contexts: [Int], targets: [Int]) -> Double {
    var statistics: [(mean: [Double], variance: [Double])] = []
    return value(at: parameters) { p in trainingLoss(p, contexts: contexts, targets: targets, statistics: &statistics) }
  }

  /// Moves each running statistic toward the batch's: r ← (1 − m)·r + m·batch, m the momentum.
  public mutating func updateRunningStatistics(with result: MLPBatchResult) {
    let m = configuration.momentum
    for layer in runningMean.indices {
      for j in runningMean[layer].indices {
        runningMean[layer][j] = (1 - m) * runningMean[layer][j] + m * result.means[layer][j]
        runningVariance[layer][j] = (1 - m) * runningVariance[layer][j] + m * result.variances[layer][j]
      }
    }
  }
}
