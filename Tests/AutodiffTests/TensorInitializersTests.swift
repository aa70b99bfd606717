import Autodiff
import Testing

@Suite struct TensorInitializersTests {
  @Test func oneHotRowsHaveASingleOneAtTheIndex() {
    let t = Tensor(oneHot: [1, 0, 3], depth: 4)
    #expect(t == Tensor(rows: [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]))
    #expect(Tensor(oneHot: [], depth: 5).shape == [0, 5])
  }

  @Test func oneHotIndexOutOfRangeIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(oneHot: [0, 4], depth: 4)
    }
  }

  @Test func randomNormalIsTheGeneratorsNormalStreamInRowMajorOrder() {
    var generator = SplitMix64(seed: 42)
    let t = Tensor.randomNormal(shape: [2, 3], using: &generator)
    var replay = SplitMix64(seed: 42)
    #expect(t.shape == [2, 3])
    #expect(t.scalars == (0..<6).map { _ in replay.nextNormal() })
    #expect(generator == replay)
  }

  @Test func randomNormalHasStandardMoments() {
    var generator = SplitMix64(seed: 7)
    let t = Tensor.randomNormal(shape: [20_000], using: &generator)
    let mean = t.sum() / 20_000
    let variance = (t - mean).dot(t - mean) / 20_000
    // Standard errors for 20 000 draws: 0.007 for the mean, 0.01 for the variance.
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.04)
  }
}
