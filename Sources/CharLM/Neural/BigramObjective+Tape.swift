import Autodiff

extension BigramObjective {
  /// L(W), its NLL part and ∂L/∂W along `path`: from the counts, or on the autodiff tape per
  /// event, by row lookup W[x] or by the lecture's one-hot(x)·W. All three agree to rounding.
  ///
  /// - Precondition: `events` are the events the counts were made from (needed by the tape paths).
  public func evaluate(at weights: Tensor, path: LossPath, events: BigramEvents?) -> Evaluation {
    switch path {
    case .counts:
      return evaluate(at: weights)
    case .lookup, .onehot:
      guard let events else { preconditionFailure("the \(path) path needs the bigram events") }
      precondition(events.count == self.events, "events (\(events.count)) do not match the counts (\(self.events))")
      return evaluateOnTape(at: weights, inputs: events.inputs, targets: events.targets, oneHot: path == .onehot)
    }
  }

  /// Loss, NLL and gradient of a batch of events on the tape by row lookup (mini-batch SGD):
  /// L_B = −(1/B) Σ_{t∈B} log P̂(y_t | x_t) + λ·mean(W²).
  public func evaluate(at weights: Tensor, batchInputs: [Int], batchTargets: [Int]) -> Evaluation {
    evaluateOnTape(at: weights, inputs: batchInputs, targets: batchTargets, oneHot: false)
  }

  private func evaluateOnTape(at weights: Tensor, inputs: [Int], targets: [Int], oneHot: Bool) -> Evaluation {
    let v = size
    precondition(weights.shape == [v, v], "weights shape \(weights.shape), expected [\(v), \(v)]")
    let l2 = self.l2
    let (loss, gradients) = valueWithGradient(at: [weights]) { parameters in
      let w = parameters[0]
      let logits =
        oneHot ? matmul(w.tape.constant(Tensor(oneHot: inputs, depth: v)), w) : gatherRows(w, inputs)
      let nll = softmaxCrossEntropy(logits: logits, targets: targets)
      return l2 > 0 ? nll + l2 * (w * w).mean() : nll
    }
    // mean(W²) as Σ(W/V)², finite wherever it is; no penalty at all with λ = 0 (not 0·∞ = NaN).
    let inverseSize = 1 / Double(v)
    let penalty = l2 > 0 ? l2 * weights.scalars.reduce(0) { $0 + ($1 * inverseSize) * ($1 * inverseSize) } : 0
    return Evaluation(loss: loss, nll: loss - penalty, gradient: gradients[0])
  }
}

extension BigramObjective {
  /// The counts formulation built from tape primitives, L = −(1/T)·sum(N ⊙ logSoftmax(W)) + λ·mean(W²):
  /// O(V²) per evaluation, so finite differences over every entry of W stay cheap.
  public func loss(onTape weights: Variable) -> Variable {
    let v = size
    let counts = weights.tape.constant(Tensor(shape: [v, v], scalars: self.counts.counts.map(Double.init)))
    let nll = (counts * logSoftmax(weights)).sum() * (-1 / Double(events))
    return l2 > 0 ? nll + l2 * (weights * weights).mean() : nll
  }
}
