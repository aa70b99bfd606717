import Foundation

// Fused softmax + cross-entropy, as llm.c's crossentropy_softmax_backward.
// Forward: logits [m, n], targets [m] → loss [], L = (1/m) Σᵢ (logsumexpᵢ − xᵢ,targetᵢ), with
// logsumexpᵢ = maxᵢ + log Σⱼ exp(xᵢⱼ − maxᵢ) (the max shift as in `logSoftmax`), saving the
// probabilities P̂ᵢⱼ = exp(xᵢⱼ − maxᵢ) / Σⱼ exp(xᵢⱼ − maxᵢ).
// Backward: ∂xᵢⱼ += g · (P̂ᵢⱼ − 1[j = targetᵢ]) / m, written straight from P̂ with no graph of
// intermediate nodes.

/// The mean negative log-likelihood of the target classes under the row softmax of `logits`, in
/// one op: [m, n] and [m] targets → [], L = (1/m) Σᵢ (log Σⱼ exp xᵢⱼ − xᵢ,targetᵢ);
/// ∂L/∂xᵢⱼ = (P̂ᵢⱼ − 1[j = targetᵢ]) / m. Equal to `crossEntropy(logits:targets:)`.
///
/// - Precondition: `logits` is a matrix with at least one row and column, one target per row,
///   each in `0..<n`.
public func softmaxCrossEntropy(logits: Variable, targets: [Int]) -> Variable {
  let x = logits.value
  precondition(x.rank == 2, "softmaxCrossEntropy needs [m, n] logits, shape is \(x.shape)")
  let (m, n) = (x.shape[0], x.shape[1])
  precondition(m > 0 && n > 0, "softmaxCrossEntropy needs at least one row and one class, shape is \(x.shape)")
  precondition(
    targets.count == m, "softmaxCrossEntropy needs one target per row: \(targets.count) for shape \(x.shape)")
  // P̂ is only kept when a gradient will need it.
  let keepsProbabilities = logits.requiresGradient
  var probabilities = [Double](repeating: 0, count: keepsProbabilities ? m * n : 0)
  // Neumaier-compensated sum: the mean of 228,146 nearly equal terms loses ~1e-11 to naive
  // summation, and the loss must agree with the counts formulation to 1e-12.
  var total = 0.0
  var compensation = 0.0
  x.scalars.withUnsafeBufferPointer { x in
    probabilities.withUnsafeMutableBufferPointer { p in
      for i in 0..<m {
        let row = i * n
        let target = targets[i]
        precondition((0..<n).contains(target), "softmaxCrossEntropy: target \(target) for row \(i) is outside 0..<\(n)")
        var rowMaximum = x[row]
        // Wrapping index arithmetic (&+, &*): indices stay below the buffers' counts, and overflow
        // checks in an inner loop would keep it from vectorizing.
        for j in 1..<n { rowMaximum = max(rowMaximum, x[row &+ j]) }
        var sumOfExponentials = 0.0
        for j in 0..<n {
          let exponential = Foundation.exp(x[row &+ j] - rowMaximum)
          sumOfExponentials += exponential
          if keepsProbabilities { p[row &+ j] = exponential }
        }
        let term = rowMaximum + Foundation.log(sumOfExponentials) - x[row + target]
        let sum = total + term
        compensation += abs(total) >= abs(term) ? (total - sum) + term : (term - sum) + total
        total = sum
        if keepsProbabilities {
          for j in 0..<n { p[row &+ j] /= sumOfExponentials }
        }
      }
    }
  }
  return logits.tape.record(
    Tensor((total + compensation) / Double(m)),
    .softmaxCrossEntropy(logits.index, targets: targets, probabilities: probabilities),
    requiresGradient: logits.requiresGradient)
}

extension Tape {
  /// ∂xᵢⱼ += g · (P̂ᵢⱼ − 1[j = targetᵢ]) / m.
  func softmaxCrossEntropyBackward(
    _ g: UnsafeBufferPointer<Double>, _ logits: Int, _ targets: [Int], _ probabilities: [Double]
  ) {
    let m = targets.count
    let n = probabilities.count / m
    let scale = g[0] / Double(m)
    accumulateGradient(of: logits) { gx in
      probabilities.withUnsafeBufferPointer { p in
        for k in 0..<p.count { gx[k] += scale * p[k] }
      }
      for (i, target) in targets.enumerated() { gx[i * n + target] -= scale }
    }
  }
}
