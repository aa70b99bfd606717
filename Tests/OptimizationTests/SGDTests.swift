import Autodiff
import Optimization
import Testing

@Suite("SGD")
struct SGDTests {
  @Test("a plain step is θ − η·g on every tensor")
  func plainStep() {
    var sgd = SGD(learningRate: 0.1)
    var parameters = [Tensor(rows: [[1, -2], [0.5, 4]]), Tensor(shape: [1], scalars: [3])]
    let gradients = [Tensor(rows: [[0.3, -0.1], [2, 0]]), Tensor(shape: [1], scalars: [-5])]
    sgd.update(&parameters, along: gradients)
    // θ − 0.1·g by hand.
    #expect(maximumDifference(parameters[0].scalars, [0.97, -1.99, 0.3, 4]) <= 1e-15)
    #expect(maximumDifference(parameters[1].scalars, [3.5]) <= 1e-15)
    #expect(sgd.momentumBuffers.isEmpty)
  }

  @Test("weight decay adds wd·θ to the gradient")
  func weightDecay() {
    var sgd = SGD(learningRate: 0.5, weightDecay: 0.2)
    var parameters = [Tensor(shape: [2], scalars: [2, -1])]
    sgd.update(&parameters, along: [Tensor(shape: [2], scalars: [1, 1])])
    // θ − 0.5·(g + 0.2·θ): 2 − 0.5·1.4 = 1.3, −1 − 0.5·0.8 = −1.4.
    #expect(maximumDifference(parameters[0].scalars, [1.3, -1.4]) <= 1e-15)
  }

  @Test("momentum with dampening: b₁ = g₁, b₂ = μb₁ + (1 − d)g₂")
  func momentumWithDampening() {
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.1)
    var parameters = [Tensor(shape: [1], scalars: [1])]
    sgd.update(&parameters, along: [Tensor(shape: [1], scalars: [2])])
    // b₁ = 2 (no dampening on the first step), θ₁ = 1 − 0.1·2 = 0.8.
    #expect(isClose(parameters[0].scalars[0], 0.8, tolerance: 1e-15))
    #expect(sgd.momentumBuffers == [[2]])
    sgd.update(&parameters, along: [Tensor(shape: [1], scalars: [-1])])
    // b₂ = 0.9·2 + 0.9·(−1) = 0.9, θ₂ = 0.8 − 0.1·0.9 = 0.71.
    #expect(isClose(sgd.momentumBuffers[0][0], 0.9, tolerance: 1e-15))
    #expect(isClose(parameters[0].scalars[0], 0.71, tolerance: 1e-15))
  }

  @Test("Nesterov momentum steps along g + μb")
  func nesterov() {
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
    var parameters = [Tensor(shape: [1], scalars: [1])]
    sgd.update(&parameters, along: [Tensor(shape: [1], scalars: [2])])
    // b₁ = 2, step g + μb = 2 + 1.8 = 3.8, θ₁ = 1 − 0.38 = 0.62.
    #expect(isClose(parameters[0].scalars[0], 0.62, tolerance: 1e-15))
    sgd.update(&parameters, along: [Tensor(shape: [1], scalars: [-1])])
    // b₂ = 0.9·2 − 1 = 0.8, step −1 + 0.72 = −0.28, θ₂ = 0.62 + 0.028 = 0.648.
    #expect(isClose(parameters[0].scalars[0], 0.648, tolerance: 1e-15))
  }

  @Test("plain SGD converges on a quadratic below η = 2/λ_max and diverges above it")
  func quadraticStabilityBound() {
    // f(θ) = ½ Σ a_i θ_i² − b·θ with a = (1, 4, 10): minimum θ* = b / a, λ_max = 10.
    let a = [1.0, 4, 10]
    let b = [1.0, -2, 5]
    func run(learningRate: Double, steps: Int) -> [Double] {
      var sgd = SGD(learningRate: learningRate)
      var parameters = [Tensor(zeros: [3])]
      for _ in 0..<steps {
        let g = (0..<3).map { a[$0] * parameters[0].scalars[$0] - b[$0] }
        sgd.update(&parameters, along: [Tensor(shape: [3], scalars: g)])
      }
      return parameters[0].scalars
    }
    let minimum = [1.0, -0.5, 0.5]
    #expect(maximumDifference(run(learningRate: 0.19, steps: 2000), minimum) <= 1e-12)
    #expect(maximumDifference(run(learningRate: 0.21, steps: 200), minimum) > 1)
  }

  @Test("momentum and Nesterov reach Rosenbrock's minimum where plain SGD is still far away")
  func rosenbrock() {
    var momentum = SGD(learningRate: 1e-3, momentum: 0.9)
    var nesterov = SGD(learningRate: 1e-3, momentum: 0.9, nesterov: true)
    var plain = SGD(learningRate: 1e-3)
    #expect(Rosenbrock.distanceToMinimum(Rosenbrock.minimize(with: &momentum, steps: 10_000)) <= 1e-10)
    #expect(Rosenbrock.distanceToMinimum(Rosenbrock.minimize(with: &nesterov, steps: 10_000)) <= 1e-10)
    #expect(Rosenbrock.distanceToMinimum(Rosenbrock.minimize(with: &plain, steps: 10_000)) > 1e-3)
  }

  @Test("encode → decode → continue gives bit-identical steps")
  func resume() throws {
    try expectResumesBitIdentically(SGD(learningRate: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01))
    try expectResumesBitIdentically(SGD(learningRate: 0.05, momentum: 0.8, nesterov: true))
  }
}
