import Autodiff
import Optimization
import Testing

@Suite("BacktrackingLineSearch")
struct BacktrackingLineSearchTests {
  // f(x) = x², ∇f = 2x.
  static func square(_ x: Tensor) -> Double { x.scalars[0] * x.scalars[0] }
  static let one = Tensor(shape: [1], scalars: [1])
  static let slope2 = Tensor(shape: [1], scalars: [2])

  @Test("an overshooting direction is halved until Armijo holds")
  func halves() throws {
    // From x = 1 along d = −10: t = 1, ½, ¼ land at −9, −4, −1.5 (f = 81, 16, 2.25 > 1 − 2e-4·t·10);
    // t = ⅛ lands at −0.25 with f = 0.0625 ≤ 1 − 1e-4·⅛·20.
    let result = try BacktrackingLineSearch().search(
      from: Self.one, value: 1, gradient: Self.slope2, direction: Tensor(shape: [1], scalars: [-10]), loss: Self.square)
    #expect(result.stepSize == 0.125)
    #expect(result.evaluations == 4)
    #expect(result.point.scalars == [-0.25])
    #expect(result.value == 0.0625)
  }

  @Test("a good full step is accepted with one evaluation")
  func fullStep() throws {
    let result = try BacktrackingLineSearch().search(
      from: Self.one, value: 1, gradient: Self.slope2, direction: Tensor(shape: [1], scalars: [-1]), loss: Self.square)
    #expect(result.stepSize == 1)
    #expect(result.evaluations == 1)
    #expect(result.value == 0)
  }

  @Test("a NaN trial counts as rejected")
  func nanTrial() throws {
    let result = try BacktrackingLineSearch().search(
      from: Self.one, value: 1, gradient: Self.slope2, direction: Tensor(shape: [1], scalars: [-10])
    ) { x in abs(x.scalars[0]) > 5 ? .nan : Self.square(x) }
    #expect(result.stepSize == 0.125)
  }

  @Test("an uphill direction throws notADescentDirection with its slope")
  func uphill() {
    #expect(throws: LineSearchError.notADescentDirection(slope: 2)) {
      try BacktrackingLineSearch().search(
        from: Self.one, value: 1, gradient: Self.slope2, direction: Tensor(shape: [1], scalars: [1]), loss: Self.square)
    }
    #expect(LineSearchError.notADescentDirection(slope: 2).description.contains("damping"))
  }

  @Test("a loss that never decreases exhausts the bounded backtracking")
  func exhausted() {
    let search = BacktrackingLineSearch(maximumBacktracks: 3)
    #expect(throws: LineSearchError.noSufficientDecrease(evaluations: 4, smallestStep: 0.125)) {
      try search.search(
        from: Self.one, value: 1, gradient: Self.slope2, direction: Tensor(shape: [1], scalars: [-1])
      ) { _ in 2 }
    }
  }
}
