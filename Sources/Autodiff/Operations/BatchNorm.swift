// Batch normalization in training mode (Ioffe & Szegedy 2015), as makemore part 3 writes it,
// with the variance's Bessel correction (the lecture's `x.var(0)`).
// Forward: x [m, h], γ [h], β [h] → y [m, h]:
//   μⱼ = (1/m) Σᵢ xᵢⱼ,  vⱼ = 1/(m−1) Σᵢ (xᵢⱼ − μⱼ)²,  sⱼ = 1/√(vⱼ + ε),  x̂ᵢⱼ = (xᵢⱼ − μⱼ)·sⱼ,
//   yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ.
// Backward (makemore part 4's one-line form, the n/(n−1) from the Bessel correction):
//   ∂γⱼ += Σᵢ gᵢⱼ x̂ᵢⱼ,  ∂βⱼ += Σᵢ gᵢⱼ,
//   ∂xᵢⱼ += γⱼ sⱼ/m · (m·gᵢⱼ − Σₖ gₖⱼ − m/(m−1)·x̂ᵢⱼ Σₖ gₖⱼ x̂ₖⱼ).
// x̂ and s are saved for the backward.

/// The normalized batch and the statistics it was normalized with (for the running averages).
public struct BatchNormOutput {
  /// y = γ·x̂ + β, [m, h].
  public let output: Variable
  /// The batch mean μ of each column, [h].
  public let mean: [Double]
  /// The batch variance v of each column with Bessel's correction (divided by m − 1), [h].
  public let variance: [Double]
}

/// Batch normalization of the rows of x in training mode: [m, h] with γ, β [h] → [m, h],
/// yᵢⱼ = γⱼ (xᵢⱼ − μⱼ)/√(vⱼ + ε) + βⱼ with the batch mean μ and unbiased variance v.
///
/// - Precondition: x is [m, h] with m ≥ 2 (one row has no variance); γ and β are [h]; ε > 0.
public func batchNorm(_ x: Variable, gain: Variable, bias: Variable, epsilon: Double = 1e-5) -> BatchNormOutput {
  let tape = Variable.sharedTape(x, gain)
  precondition(bias.tape === tape, "batchNorm: the bias comes from another tape")
  let xv = x.value
  precondition(xv.rank == 2 && xv.shape[0] >= 2, "batchNorm needs x [m, h] with m ≥ 2, got \(xv.shape)")
  let (m, h) = (xv.shape[0], xv.shape[1])
  precondition(
    gain.value.shape == [h] && bias.value.shape == [h],
    "batchNorm: γ \(gain.value.shape) and β \(bias.value.shape) for \(h) columns")
  precondition(epsilon > 0, "batchNorm: ε must be positive, got \(epsilon)")
  var mean = [Double](repeating: 0, count: h)
  var variance = [Double](repeating: 0, count: h)
  var inverseDeviation = [Double](repeating: 0, count: h)
  var normalized = tape.makeScalars(count: m * h)
  var output = tape.makeScalars(count: m * h)
  let (gamma, beta) = (gain.value.scalars, bias.value.scalars)
  xv.scalars.withUnsafeBufferPointer { xs in
    mean.withUnsafeMutableBufferPointer { mean in
      variance.withUnsafeMutableBufferPointer { variance in
        inverseDeviation.withUnsafeMutableBufferPointer { inverse in
          normalized.withUnsafeMutableBufferPointer { xhat in
            output.withUnsafeMutableBufferPointer { y in
              gamma.withUnsafeBufferPointer { gamma in
                beta.withUnsafeBufferPointer { beta in
                  guard let xs = xs.baseAddress, let gamma = gamma.baseAddress, let beta = beta.baseAddress,
                    let mean = mean.baseAddress, let variance = variance.baseAddress, let inverse = inverse.baseAddress,
                    let xhat = xhat.baseAddress, let y = y.baseAddress
                  else { return }  // h = 0: nothing to normalize.
                  DenseKernels.batchNormForward(
                    xs, gamma: gamma, beta: beta, m: m, h: h, epsilon: epsilon, mean: mean, variance: variance,
                    inverse: inverse, normalized: xhat, output: y)
                }
              }
            }
          }
        }
      }
    }
  }
  let requiresGradient = x.requiresGradient || gain.requiresGradient || bias.requiresGradient
  let variable = tape.record(
    Tensor(shape: [m, h], scalars: output),
    .batchNorm(
      x.index, gain: gain.index, bias: bias.index, normalized: requiresGradient ? normalized : [],
      inverseDeviation: inverseDeviation),
    requiresGradient: requiresGradient)
  if !requiresGradient { BufferPool.shared.give(&normalized) }
  return BatchNormOutput(output: variable, mean: mean, variance: variance)
}

extension Tape {
  /// ∂γ += Σᵢ g·x̂, ∂β += Σᵢ g, ∂x += γ s/m · (m g − Σg − m/(m−1) x̂ Σ(g x̂)).
  func batchNormBackward(
    _ g: UnsafeBufferPointer<Double>, _ input: Int, _ gain: Int, _ bias: Int, _ normalized: [Double],
    _ inverseDeviation: [Double]
  ) {
    let (m, h) = (nodes[input].value.shape[0], nodes[input].value.shape[1])
    var sumG = [Double](repeating: 0, count: h)
    var sumGX = [Double](repeating: 0, count: h)
    var coefficient = [Double](repeating: 0, count: h)
    let gamma = nodes[gain].value.scalars
    let needsInput = nodes[input].requiresGradient
    normalized.withUnsafeBufferPointer { xhat in
      gamma.withUnsafeBufferPointer { gamma in
        inverseDeviation.withUnsafeBufferPointer { inverse in
          sumG.withUnsafeMutableBufferPointer { sumG in
            sumGX.withUnsafeMutableBufferPointer { sumGX in
              coefficient.withUnsafeMutableBufferPointer { coefficient in
                guard let gs = g.baseAddress, let xhat = xhat.baseAddress, let gamma = gamma.baseAddress,
                  let inverse = inverse.baseAddress, let sumG = sumG.baseAddress, let sumGX = sumGX.baseAddress,
                  let coefficient = coefficient.baseAddress
                else { return }
                func run(_ gx: UnsafeMutablePointer<Double>?) {
                  DenseKernels.batchNormBackward(
                    gs, normalized: xhat, gamma: gamma, inverse: inverse, m: m, h: h, sumG: sumG, sumGX: sumGX,
                    coefficient: coefficient, gx: gx)
                }
                if needsInput {
                  accumulateGradient(of: input) { gx in run(gx.baseAddress) }
                } else {
                  run(nil)
                }
              }
            }
          }
        }
      }
    }
    accumulateGradient(of: gain) { gg in
      for j in 0..<h { gg[j] += sumGX[j] }
    }
    accumulateGradient(of: bias) { gb in
      for j in 0..<h { gb[j] += sumG[j] }
    }
  }
}
