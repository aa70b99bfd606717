import Autodiff
import Optimization
import Testing

@Suite("AdamW")
struct AdamWTests {
  @Test("the first step decays θ by 1 − η·wd, then takes Adam's step on the plain gradient")
  func firstStep() {
    var adamW = AdamW(learningRate: 0.1, weightDecay: 0.2)
    let theta = [1.0, -2, 3]
    let g = [0.5, -4, 0]
    var parameters = [Tensor(shape: [3], scalars: theta)]
    adamW.update(&parameters, along: [Tensor(shape: [3], scalars: g)])
    let expected = (0..<3).map { (i: Int) -> Double in
      let decayed: Double = theta[i] * (1 - 0.1 * 0.2)
      return decayed - 0.1 * g[i] / (abs(g[i]) + 1e-8)
    }
    #expect(maximumDifference(parameters[0].scalars, expected) <= 1e-15)
  }

  @Test("with wd = 0 AdamW and Adam take bit-identical steps")
  func zeroDecayIsAdam() {
    var adamW = AdamW(learningRate: 0.05, weightDecay: 0)
    var adam = Adam(learningRate: 0.05)
    var a = [Tensor(shape: [3], scalars: [0.1, 0.2, -0.3])]
    var b = a
    for gradients in seededGradients(shapes: [[3]], steps: 5, seed: 3) {
      adamW.update(&a, along: gradients)
      adam.update(&b, along: gradients)
    }
    #expect(a == b)
  }

  @Test("AdamW's default decay is PyTorch's 0.01, and it pulls Rosenbrock's minimizer toward 0")
  func rosenbrock() {
    var adamW = AdamW(learningRate: 0.02)
    #expect(adamW.weightDecay == 0.01)
    let point = Rosenbrock.minimize(with: &adamW, steps: 5000)
    // Close to (1, 1), but the decoupled decay leaves a bias toward the origin that Adam lacks.
    #expect(Rosenbrock.distanceToMinimum(point) <= 0.02)
    #expect(point.scalars[0] < 1 - 1e-3 && point.scalars[1] < 1 - 1e-3)
  }

  @Test("encode → decode → continue gives bit-identical steps")
  func resume() throws {
    try expectResumesBitIdentically(AdamW(learningRate: 0.01))
  }
}
