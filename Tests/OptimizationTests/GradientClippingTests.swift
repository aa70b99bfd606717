import Autodiff
import Optimization
import Testing

@Suite("Gradient clipping")
struct GradientClippingTests {
  @Test("the global norm spans all tensors and is returned before clipping")
  func clipsByGlobalNorm() {
    var gradients = [Tensor(rows: [[3, 0], [0, 0]]), Tensor(shape: [1], scalars: [-4])]
    let norm = clipGradientNorm(&gradients, maxNorm: 1)
    #expect(norm == 5)
    // Scaled by maxNorm / (‖g‖ + 1e-6), as torch.nn.utils.clip_grad_norm_.
    let factor = 1 / (5 + 1e-6)
    #expect(maximumDifference(gradients[0].scalars, [3 * factor, 0, 0, 0]) <= 1e-16)
    #expect(maximumDifference(gradients[1].scalars, [-4 * factor]) <= 1e-16)
    let clippedNorm = Tensor(shape: [2], scalars: [gradients[0].norm, gradients[1].norm]).norm
    #expect(clippedNorm < 1 && clippedNorm > 1 - 1e-6)
  }

  @Test("gradients below the limit are left bit for bit unchanged")
  func leavesSmallGradients() {
    let original = [Tensor(shape: [3], scalars: [0.1, -0.2, 0.3])]
    var gradients = original
    let norm = clipGradientNorm(&gradients, maxNorm: 10)
    #expect(isClose(norm, (0.14 as Double).squareRoot(), tolerance: 1e-15))
    #expect(gradients == original)
  }

  @Test("a norm exactly at the limit is still scaled by maxNorm/(norm + 1e-6), as PyTorch")
  func normAtLimit() {
    var gradients = [Tensor(shape: [2], scalars: [3, 4])]
    clipGradientNorm(&gradients, maxNorm: 5)
    let factor: Double = 5 / (5 + 1e-6)
    #expect(gradients[0].scalars == [3 * factor, 4 * factor])
  }

  @Test("zero gradients give norm 0 and stay zero")
  func zeroGradients() {
    var gradients = [Tensor(zeros: [2, 2])]
    #expect(clipGradientNorm(&gradients, maxNorm: 1) == 0)
    #expect(gradients == [Tensor(zeros: [2, 2])])
  }

  @Test("a NaN or ∞ entry is reported and the gradients are left alone")
  func nonFinite() {
    let withNaN = [Tensor(shape: [2], scalars: [.nan, .nan]), Tensor(shape: [1], scalars: [100])]
    var gradients = withNaN
    #expect(clipGradientNorm(&gradients, maxNorm: 1).isNaN)
    #expect(gradients[1].scalars == [100])
    gradients = [Tensor(shape: [2], scalars: [.infinity, 1])]
    #expect(clipGradientNorm(&gradients, maxNorm: 1) == .infinity)
    #expect(gradients[0].scalars == [.infinity, 1])
  }

  @Test("value clipping clamps each entry to [−limit, limit] and keeps NaN")
  func clipsValues() {
    var gradients = [Tensor(shape: [5], scalars: [-3, 0.5, 2, -1, .nan]), Tensor(shape: [1], scalars: [1.5])]
    clipGradientValues(&gradients, limit: 1)
    #expect(Array(gradients[0].scalars.prefix(4)) == [-1, 0.5, 1, -1])
    #expect(gradients[0].scalars[4].isNaN)
    #expect(gradients[1].scalars == [1])
  }
}
