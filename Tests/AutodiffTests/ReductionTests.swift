import Autodiff
import Testing

@Suite struct ReductionTests {
  @Test(arguments: [[1, 1], [3, 4], [4, 3], [5], []])
  func sumAndMeanOfEverythingMatchFiniteDifferences(shape: [Int]) {
    for seed in Fixtures.seeds {
      let x = Fixtures.normal(shape, seed: seed)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) { Fixtures.projected($0[0].sum(), seed: seed) }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) { Fixtures.projected($0[0].mean(), seed: seed) }
    }
  }

  @Test(arguments: [[1, 1], [3, 4], [4, 3], [1, 5], [5, 1]], [0, 1])
  func reductionsAlongAnAxisMatchFiniteDifferences(shape: [Int], axis: Int) {
    for seed in Fixtures.seeds {
      let x = Fixtures.normal(shape, seed: seed)
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) {
        Fixtures.projected($0[0].sum(alongAxis: axis), seed: seed)
      }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) {
        Fixtures.projected($0[0].mean(alongAxis: axis), seed: seed)
      }
      // Normal draws have no ties, so the maximum is differentiable where it is probed.
      Fixtures.expectGradientsMatchFiniteDifferences(at: [x]) {
        Fixtures.projected($0[0].max(alongAxis: axis), seed: seed)
      }
    }
  }

  @Test func valuesKeepTheReducedAxis() {
    let x = Tensor(rows: [[1, 2], [3, 4]])
    #expect(value(at: x) { $0.sum() } == 10)
    #expect(value(at: x) { $0.mean() } == 2.5)
    var shapes: [[Int]] = []
    _ = value(at: x) { x in
      let reduced = [x.sum(alongAxis: 0), x.sum(alongAxis: 1), x.mean(alongAxis: 0), x.max(alongAxis: 1)]
      shapes = reduced.map(\.shape)
      #expect(reduced.map(\.value.scalars) == [[4, 6], [3, 7], [2, 3], [2, 4]])
      return x.sum()
    }
    #expect(shapes == [[1, 2], [2, 1], [1, 2], [2, 1]])
  }

  @Test func meanGradientsAreOneOverTheCount() {
    #expect(
      valueWithGradient(at: Tensor(zeros: [2, 4])) { $0.mean() }.gradient == Tensor(repeating: 0.125, shape: [2, 4]))
    #expect(
      valueWithGradient(at: Tensor(zeros: [2, 4])) { $0.mean(alongAxis: 1).sum() }.gradient
        == Tensor(repeating: 0.25, shape: [2, 4]))
  }

  @Test func maxSendsItsGradientToTheFirstOfTiedMaxima() {
    let x = Tensor(rows: [[1, 3, 3], [2, 2, 0]])
    #expect(valueWithGradient(at: x) { $0.max(alongAxis: 1).sum() }.gradient == Tensor(rows: [[0, 1, 0], [1, 0, 0]]))
    #expect(valueWithGradient(at: x) { $0.max(alongAxis: 0).sum() }.gradient == Tensor(rows: [[0, 1, 1], [1, 0, 0]]))
  }

  @Test func anAxisOtherThanZeroOrOneIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = value(at: Tensor(zeros: [2, 2])) { $0.sum(alongAxis: 2).sum() }
    }
  }
}
