import Foundation

/// The two-phase one-cycle policy as PyTorch's `OneCycleLR` (cosine annealing, `three_phase` off):
/// from η_init = η_max / divFactor up to η_max over steps 0…e₁ with e₁ = pctStart·total − 1, then down
/// to η_min = η_init / finalDivFactor at step total − 1; each phase follows
/// anneal(a, b, p) = b + (a − b)·(1 + cos πp) / 2 with p the fraction of the phase elapsed.
///
/// Smith and Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning
/// Rates" (2017). The defaults are PyTorch's: pctStart 0.3, divFactor 25, finalDivFactor 1e4.
public struct OneCycleSchedule: LearningRateSchedule, Equatable {
  /// The peak rate η_max.
  public let maximumRate: Double
  /// The number of steps in the cycle; steps 0…total are defined (PyTorch raises beyond).
  public let totalSteps: Int
  /// The fraction of the cycle spent increasing the rate.
  public let pctStart: Double
  /// η_init = η_max / divFactor.
  public let divFactor: Double
  /// η_min = η_init / finalDivFactor.
  public let finalDivFactor: Double

  /// Creates the schedule.
  ///
  /// - Precondition: `totalSteps > 0`, pctStart ∈ [0, 1] and neither phase has zero length
  ///   (pctStart·total ≠ 1; PyTorch would divide by zero).
  public init(
    maximumRate: Double, totalSteps: Int, pctStart: Double = 0.3, divFactor: Double = 25,
    finalDivFactor: Double = 1e4
  ) {
    precondition(totalSteps > 0, "OneCycleSchedule: totalSteps \(totalSteps) must be > 0")
    precondition((0...1).contains(pctStart), "OneCycleSchedule: pctStart \(pctStart) must be in [0, 1]")
    precondition(
      pctStart * Double(totalSteps) != 1 && pctStart != 1,
      "OneCycleSchedule: pctStart \(pctStart) × totalSteps \(totalSteps) gives a phase of zero length")
    self.maximumRate = maximumRate
    self.totalSteps = totalSteps
    self.pctStart = pctStart
    self.divFactor = divFactor
    self.finalDivFactor = finalDivFactor
  }

  /// Returns the annealed rate of the phase containing step k (the last phase also covers k = total).
  ///
  /// - Precondition: 0 ≤ k ≤ totalSteps.
  public func learningRate(at step: Int) -> Double {
    checkStep(step, in: "OneCycleSchedule")
    precondition(step <= totalSteps, "OneCycleSchedule: step \(step) is past totalSteps \(totalSteps)")
    let initialRate = maximumRate / divFactor
    let minimumRate = initialRate / finalDivFactor
    let k = Double(step)
    // Phase boundaries exactly as PyTorch's: end steps are floats, the second phase starts where
    // the first ends, and a step at or before the first end step belongs to the first phase.
    let firstEnd = pctStart * Double(totalSteps) - 1
    let lastEnd = Double(totalSteps - 1)
    if k <= firstEnd {
      return Self.anneal(from: initialRate, to: maximumRate, fraction: k / firstEnd)
    }
    return Self.anneal(from: maximumRate, to: minimumRate, fraction: (k - firstEnd) / (lastEnd - firstEnd))
  }

  // PyTorch's `_annealing_cos`: b + (a − b)/2·(cos πp + 1), in that order of operations.
  private static func anneal(from start: Double, to end: Double, fraction: Double) -> Double {
    end + (start - end) / 2 * (cos(Double.pi * fraction) + 1)
  }
}
