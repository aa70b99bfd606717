import ArgumentParser
import Autodiff
import CharLM
import Foundation
import Reports

/// `--l2 λ` and `--init zeros|normal|FILE.npy`: the point at which a softmax bigram starts.
struct WeightOptions: ParsableArguments {
  // Optional, so that `train --resume` can tell typed values from the defaults. One default for
  // every command (train, lr-sweep, gradcheck, taylor, race, report): with λ > 0 the optimum W*
  // exists; λ = 0 makes the count model a limit that training only approaches.
  @Option(
    name: .customLong("l2"), parsing: .unconditional,
    help: "L2 weight λ of the penalty λ·mean(W²); λ ≥ 0 (default 0.01 in every command; 0 = the count model's limit).")
  var typedL2: Double?
  /// The λ every command starts from unless `--l2` says otherwise.
  static let defaultL2 = 0.01
  @Option(
    name: .customLong("init"),
    help: "Initial W: zeros, normal (standard normal from --seed), or a V×V float64/float32 .npy file.")
  var typedInitialization: String?

  /// λ in force (default ``defaultL2``).
  var l2: Double { typedL2 ?? WeightOptions.defaultL2 }
  /// The initialization in force (default zeros).
  var initialization: String { typedInitialization ?? "zeros" }

  func validate() throws {
    guard l2 >= 0, l2.isFinite else { throw ValidationError("--l2 must be a number ≥ 0; got \(l2)") }
  }

  /// Refuses (exit 65) weights so large that a perturbation of `step` cannot change the largest of
  /// them: beyond 2⁵³·step the doubles are more than `step` apart, W + step rounds back to W, and a
  /// finite difference or Taylor table would print 0/0 or a confident fiction.
  func requireResolution(of weights: Tensor, step: Double, what: String) throws {
    let largest = weights.scalars.reduce(0) { max($0, abs($1)) }
    guard largest.ulp >= step else { return }
    throw CommandFailure(
      message: "\(initialization): W reaches \(String(format: "%.3g", largest)), where doubles are "
        + "\(String(format: "%.3g", largest.ulp)) apart, so \(what) of \(String(format: "%g", step)) cannot change it; "
        + "subtract each row's maximum from W (the softmax is unchanged)",
      exitCode: 65)
  }

  /// The initial weights for `vocabulary`.
  func initialWeights(vocabulary: Vocabulary, seed: UInt64) throws -> Tensor {
    let v = vocabulary.count
    switch initialization {
    case "zeros":
      return Tensor(zeros: [v, v])
    case "normal":
      var generator = SplitMix64(seed: seed)
      return SoftmaxBigram.normal(vocabulary: vocabulary, using: &generator).weights
    default:
      guard FileManager.default.fileExists(atPath: initialization) else {
        throw CommandFailure(
          message: "\(initialization): no such file; --init takes zeros, normal, or a V×V .npy file", exitCode: 66)
      }
      return try NumPyArray.read(from: URL(fileURLWithPath: initialization), shape: [v, v], requireFinite: true)
    }
  }
}
