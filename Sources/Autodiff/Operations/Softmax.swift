// Softmax, log-softmax and cross-entropy over the rows of a matrix, composed from primitives
// (their gradients come from the primitives'). Shapes: logits [m, n] → [m, n]; cross-entropy
// → []. The fused `softmaxCrossEntropy(logits:targets:)` computes the same loss in one op.

/// log softmax of each row: [m, n] → [m, n], yᵢⱼ = xᵢⱼ − log Σₖ exp xᵢₖ (computed stably).
public func logSoftmax(_ logits: Variable) -> Variable {
  let shifted = shiftedByRowMaximum(logits)
  return shifted - log(exp(shifted).sum(alongAxis: 1))
}

/// softmax of each row: [m, n] → [m, n], yᵢⱼ = exp xᵢⱼ / Σₖ exp xᵢₖ (computed stably); rows sum to 1.
public func softmax(_ logits: Variable) -> Variable {
  let exponentials = exp(shiftedByRowMaximum(logits))
  return exponentials / exponentials.sum(alongAxis: 1)
}

/// The mean negative log-likelihood of the target classes: [m, n] logits and [m] targets → [],
/// L = −(1/m) Σᵢ log softmax(xᵢ)[targetsᵢ].
///
/// - Precondition: one target per row, each in `0..<n`.
public func crossEntropy(logits: Variable, targets: [Int]) -> Variable {
  -pick(logSoftmax(logits), targets).mean()
}

/// xᵢⱼ − maxₖ xᵢₖ.
///
/// Subtracting the row maximum leaves softmax and log-softmax unchanged (a constant added to a
/// row cancels between numerator and denominator) but keeps every exponent ≤ 0: exp cannot
/// overflow to +∞ (it does past x ≈ 709.8), and the row's largest term is exactly 1, so the sum
/// cannot underflow to 0 and its log is finite. The gradient through the maximum is zero up to
/// rounding for the same reason.
private func shiftedByRowMaximum(_ logits: Variable) -> Variable {
  logits - logits.max(alongAxis: 1)
}
