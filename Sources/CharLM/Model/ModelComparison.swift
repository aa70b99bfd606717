import Autodiff
import Foundation

/// How close two bigram models are: the trained net's P̂ against the count model's P.
///
/// KL is weighted by how often each row is used: KL(P ‖ P̂) = Σ_i (n_i/T) Σ_j P_ij log(P_ij / P̂_ij),
/// the extra NLL per event the net pays over the count model on data distributed as P (terms
/// with P_ij = 0 contribute 0). With λ = 0 and P the unsmoothed counts, KL = NLL(P̂) − NLL(P) ≥ 0,
/// so training drives it to 0 from above.
public struct ModelComparison: Sendable, Equatable, Codable {
  /// max_ij |P_ij − P̂_ij|.
  public let maxAbsDifference: Double
  /// The row-weighted KL(P ‖ P̂) in nats.
  public let klDivergence: Double
  /// Mean NLL of the training data under P (the reference, e.g. the count model).
  public let referenceNLL: Double
  /// Mean NLL of the training data under P̂ (the model compared, e.g. the net).
  public let modelNLL: Double

  /// Compares `model` (P̂) with `reference` (P) on the rows weighted by `counts`.
  ///
  /// - Precondition: both models and the counts share one vocabulary.
  public init(model: BigramProbabilities, reference: BigramProbabilities, counts: BigramCounts) {
    precondition(
      model.vocabulary == reference.vocabulary && counts.vocabulary == model.vocabulary,
      "comparing models of different vocabularies")
    let v = counts.size
    let t = Double(counts.total)
    let rowTotals = counts.rowTotals
    var largest = 0.0
    var kl = 0.0
    var modelLog = 0.0
    var referenceLog = 0.0
    for i in 0..<v {
      for j in 0..<v {
        let p = reference[i, j]
        let q = model[i, j]
        largest = max(largest, abs(p - q))
        // Where q underflows to 0 the model's log matrix (if any) still knows log q.
        if p > 0 { kl += Double(rowTotals[i]) / t * p * (q > 0 ? log(p / q) : log(p) - model.logProbability(i, j)) }
        let n = Double(counts[i, j])
        if n > 0 {
          modelLog += n * model.logProbability(i, j)
          referenceLog += n * reference.logProbability(i, j)
        }
      }
    }
    maxAbsDifference = largest
    klDivergence = kl
    // 0 − x, not −x, so a certain model scores 0, not −0 (as Likelihood.mean).
    referenceNLL = (0 - referenceLog) / t
    modelNLL = (0 - modelLog) / t
  }
}
