import Autodiff
import Foundation
import Optimization
import Testing

@Suite("Adam")
struct AdamTests {
  @Test("the first step is θ − η·g/(|g| + ε), since m̂₁ = g and v̂₁ = g²")
  func firstStep() {
    var adam = Adam(learningRate: 0.1)
    let theta = [1.0, -2, 3]
    let g = [0.5, -4, 1e-9]
    var parameters = [Tensor(shape: [3], scalars: theta)]
    adam.update(&parameters, along: [Tensor(shape: [3], scalars: g)])
    let expected = (0..<3).map { (i: Int) -> Double in theta[i] - 0.1 * g[i] / (abs(g[i]) + 1e-8) }
    #expect(maximumDifference(parameters[0].scalars, expected) <= 1e-15)
    // A gradient far below ε moves θ by only η·g/(g + ε) = η/11 here.
    #expect(isClose(parameters[0].scalars[2], 3 - 0.1 / 11, tolerance: 1e-15))
    #expect(adam.state.step == 1)
  }

  @Test("the second step follows the bias-corrected moments written out by hand")
  func secondStep() {
    let (lr, b1, b2, eps) = (0.01, 0.8, 0.95, 1e-6)
    var adam = Adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
    let g1 = 3.0
    let g2 = -1.0
    var parameters = [Tensor(shape: [1], scalars: [0.5])]
    adam.update(&parameters, along: [Tensor(shape: [1], scalars: [g1])])
    adam.update(&parameters, along: [Tensor(shape: [1], scalars: [g2])])
    let theta1 = 0.5 - lr * g1 / (abs(g1) + eps)
    let m2 = b1 * (1 - b1) * g1 + (1 - b1) * g2
    let v2 = b2 * (1 - b2) * g1 * g1 + (1 - b2) * g2 * g2
    let mHat = m2 / (1 - b1 * b1)
    let vHat = v2 / (1 - b2 * b2)
    let theta2 = theta1 - lr * mHat / (vHat.squareRoot() + eps)
    #expect(isClose(parameters[0].scalars[0], theta2, tolerance: 1e-15))
    #expect(isClose(adam.state.firstMoments[0][0], m2, tolerance: 1e-15))
    #expect(isClose(adam.state.secondMoments[0][0], v2, tolerance: 1e-15))
  }

  @Test("L2 weight decay enters the gradient: g ← g + wd·θ")
  func weightDecay() {
    var adam = Adam(learningRate: 0.1, weightDecay: 0.5)
    var parameters = [Tensor(shape: [2], scalars: [2, -4])]
    adam.update(&parameters, along: [Tensor(shape: [2], scalars: [-0.5, 1])])
    // g' = (−0.5 + 1, 1 − 2) = (0.5, −1); the first step moves by −η·g'/(|g'| + ε).
    let expected = [2 - 0.1 * 0.5 / (0.5 + 1e-8), -4 + 0.1 * 1 / (1 + 1e-8)]
    #expect(maximumDifference(parameters[0].scalars, expected) <= 1e-15)
  }

  @Test("Adam reaches Rosenbrock's minimum")
  func rosenbrock() {
    var adam = Adam(learningRate: 0.02)
    let point = Rosenbrock.minimize(with: &adam, steps: 5000)
    #expect(Rosenbrock.distanceToMinimum(point) <= 1e-8)
  }

  @Test("encode → decode → continue gives bit-identical steps")
  func resume() throws {
    try expectResumesBitIdentically(Adam(learningRate: 0.01, weightDecay: 0.1))
  }
}
