import CKernels

extension DenseKernels {
  /// BatchNorm in training mode over the rows of x [m, h] (m ≥ 2): μ, v (Bessel), s = 1/√(v + ε),
  /// x̂ = (x − μ)·s and y = γ·x̂ + β. Both implementations give the same bits.
  package static func batchNormForward(
    _ x: UnsafePointer<Double>, gamma: UnsafePointer<Double>, beta: UnsafePointer<Double>, m: Int, h: Int,
    epsilon: Double, mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>,
    inverse: UnsafeMutablePointer<Double>, normalized xhat: UnsafeMutablePointer<Double>,
    output y: UnsafeMutablePointer<Double>, using implementation: Implementation = preferred
  ) {
    if implementation == .native {
      ck_batchnorm_forward(x, gamma, beta, m, h, epsilon, mean, variance, inverse, xhat, y)
      return
    }
    mean.update(repeating: 0, count: h)
    variance.update(repeating: 0, count: h)
    // Row by row, so each inner loop walks a contiguous row.
    for i in 0..<m {
      for j in 0..<h { mean[j] += x[i &* h &+ j] }
    }
    let scale = 1 / Double(m)
    for j in 0..<h { mean[j] *= scale }
    for i in 0..<m {
      for j in 0..<h {
        let d = x[i &* h &+ j] - mean[j]
        variance[j] += d * d
      }
    }
    let bessel = 1 / Double(m - 1)
    for j in 0..<h {
      variance[j] *= bessel
      inverse[j] = 1 / (variance[j] + epsilon).squareRoot()
    }
    for i in 0..<m {
      for j in 0..<h {
        let value = (x[i &* h &+ j] - mean[j]) * inverse[j]
        xhat[i &* h &+ j] = value
        y[i &* h &+ j] = gamma[j] * value + beta[j]
      }
    }
  }

  /// BatchNorm's backward: Σᵢ g and Σᵢ g·x̂ per column and, when `gx` is given,
  /// ∂x += γ·s/m·(m·g − Σg − m/(m−1)·x̂·Σ(g·x̂)); `coefficient` is scratch of h scalars.
  package static func batchNormBackward(
    _ g: UnsafePointer<Double>, normalized xhat: UnsafePointer<Double>, gamma: UnsafePointer<Double>,
    inverse: UnsafePointer<Double>, m: Int, h: Int, sumG: UnsafeMutablePointer<Double>,
    sumGX: UnsafeMutablePointer<Double>, coefficient: UnsafeMutablePointer<Double>, gx: UnsafeMutablePointer<Double>?,
    using implementation: Implementation = preferred
  ) {
    if implementation == .native {
      ck_batchnorm_backward(g, xhat, gamma, inverse, m, h, sumG, sumGX, coefficient, gx)
      return
    }
    sumG.update(repeating: 0, count: h)
    sumGX.update(repeating: 0, count: h)
    for i in 0..<m {
      for j in 0..<h {
        let gij = g[i &* h &+ j]
        sumG[j] += gij
        sumGX[j] += gij * xhat[i &* h &+ j]
      }
    }
    guard let gx else { return }
    let count = Double(m)
    let correction = count / (count - 1)
    for j in 0..<h { coefficient[j] = gamma[j] * inverse[j] / count }
    for i in 0..<m {
      for j in 0..<h {
        let k = i &* h &+ j
        gx[k] += coefficient[j] * (count * g[k] - sumG[j] - xhat[k] * (correction * sumGX[j]))
      }
    }
  }
}
