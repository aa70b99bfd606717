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
        inverseDeviation.withUnsafeMutableBufferPointer { inverseDeviation in
          normalized.withUnsafeMutableBufferPointer { xhat in
            output.withUnsafeMutableBufferPointer { y in
              gamma.withUnsafeBufferPointer { gamma in
                beta.withUnsafeBufferPointer { beta in
                  // Row by row, so each inner loop walks a contiguous row and vectorizes.
                  for i in 0..<m {
                    for j in 0..<h { mean[j] += xs[i &* h &+ j] }
                  }
                  let scale = 1 / Double(m)
                  for j in 0..<h { mean[j] *= scale }
                  for i in 0..<m {
                    for j in 0..<h {
                      let d = xs[i &* h &+ j] - mean[j]
                      variance[j] += d * d
                    }
                  }
                  let bessel = 1 / Double(m - 1)
                  for j in 0..<h {
                    variance[j] *= bessel
                    inverseDeviation[j] = 1 / (variance[j] + epsilon).squareRoot()
                  }
                  for i in 0..<m {
                    for j in 0..<h {
                      let value = (xs[i &* h &+ j] - mean[j]) * inverseDeviation[j]
                      xhat[i &* h &+ j] = value
                      y[i &* h &+ j] = gamma[j] * value + beta[j]
                    }
                  }
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
    var gxCoefficient = [Double](repeating: 0, count: h)
    let gamma = nodes[gain].value.scalars
    let count = Double(m)
    let correction = count / (count - 1)
    normalized.withUnsafeBufferPointer { xhat in
      sumG.withUnsafeMutableBufferPointer { sumG in
        sumGX.withUnsafeMutableBufferPointer { sumGX in
          for i in 0..<m {
            for j in 0..<h {
              let gij = g[i &* h &+ j]
              sumG[j] += gij
              sumGX[j] += gij * xhat[i &* h &+ j]
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
      guard nodes[input].requiresGradient else { return }
      for j in 0..<h {
        coefficient[j] = gamma[j] * inverseDeviation[j] / count
        gxCoefficient[j] = correction * sumGX[j]
      }
      coefficient.withUnsafeBufferPointer { coefficient in
        gxCoefficient.withUnsafeBufferPointer { gxCoefficient in
          sumG.withUnsafeBufferPointer { sumG in
            accumulateGradient(of: input) { gx in
              for i in 0..<m {
                for j in 0..<h {
                  let k = i &* h &+ j
                  gx[k] += coefficient[j] * (count * g[k] - sumG[j] - xhat[k] * gxCoefficient[j])
                }
              }
            }
          }
        }
      }
    }
  }
}
