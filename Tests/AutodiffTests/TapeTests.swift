import Testing

@testable import Autodiff

@Suite struct TapeTests {
  struct Failure: Error, Equatable {}

  @Test func gradientsAccumulateWhenAValueIsUsedTwice() {
    // b = a + a, c = b·b = 4a², so dc/da = 8a; every step is exact in binary floating point.
    let a = Tensor(shape: [3], scalars: [-1.5, 0.25, 2])
    let (value, gradient) = valueWithGradient(at: a) { a in
      let b = a + a
      return (b * b).sum()
    }
    #expect(value == 4 * (2.25 + 0.0625 + 4))
    #expect(gradient == 8 * a)
  }

  /// Every op's backward, run while its input's gradient already holds another use's share.
  static let opsOnASquareMatrix: [(name: String, apply: @Sendable (Variable) -> Variable)] = [
    ("x + x", { $0 + $0 }), ("x - 2x", { $0 - 2 * $0 }), ("x * x", { $0 * $0 }),
    ("x / (x² + 1)", { $0 / (pow($0, 2) + 1) }),
    ("matmul(x, x)", { matmul($0, $0) }), ("exp", { exp($0) }), ("log(x² + 1)", { log(pow($0, 2) + 1) }),
    ("tanh", { tanh($0) }), ("relu", { relu($0) }), ("sum", { $0.sum(alongAxis: 1) }),
    ("max", { $0.max(alongAxis: 0) }),
    ("gatherRows", { gatherRows($0, [2, 0, 2]) }), ("pick", { pick($0, [1, 2, 1]) }),
    ("softmaxCrossEntropy", { softmaxCrossEntropy(logits: $0, targets: [0, 2, 2]) }),
  ]

  @Test(arguments: opsOnASquareMatrix.map(\.name))
  func everyOpAccumulatesIntoAGradientThatAlreadyHoldsAShare(name: String) {
    let apply = Self.opsOnASquareMatrix.first { $0.name == name }?.apply ?? { $0 }
    for seed in Fixtures.seeds {
      // Backward visits the later `tanh` use first, so the op under test adds to its share.
      Fixtures.expectGradientsMatchFiniteDifferences(at: [Fixtures.normal([3, 3], seed: seed)]) { p in
        Fixtures.projected(apply(p[0]), seed: seed) + Fixtures.projected(tanh(p[0]), seed: seed + 1)
      }
    }
  }

  @Test func gradientsComeInParameterOrderWithZerosForUnusedParameters() {
    let x = Tensor(shape: [2], scalars: [1, -2])
    let unused = Tensor(rows: [[5, 6], [7, 8]])
    let y = Tensor(shape: [3], scalars: [0.5, 1, 1.5])
    let (value, gradients) = valueWithGradient(at: [x, unused, y]) { p in
      (p[0] * p[0]).sum() + 3 * p[2].sum()
    }
    #expect(value == 5 + 9)
    #expect(gradients == [2 * x, Tensor(zeros: [2, 2]), Tensor(repeating: 3, shape: [3])])
  }

  @Test func singleParameterOverloadsAgreeWithTheArrayForms() {
    let x = Tensor(rows: [[0.5, -1], [2, 0.25]])
    let f: (Variable) -> Variable = { (tanh($0) * $0).sum() }
    let single = valueWithGradient(at: x, of: f)
    let many = valueWithGradient(at: [x]) { f($0[0]) }
    #expect(single.value == many.value)
    #expect(single.gradient == many.gradients[0])
    #expect(value(at: x, of: f) == single.value)
    #expect(value(at: [x]) { f($0[0]) } == single.value)
  }

  @Test func constantsAndWhatDependsOnlyOnThemGetNoGradientWork() {
    var tape: Tape?
    _ = valueWithGradient(at: Tensor(2)) { w in
      tape = w.tape
      let c = w.tape.constant(Tensor(shape: [2], scalars: [3, 4]))
      let constantOnly = exp(c) * c
      return (w * constantOnly).sum()
    }
    guard let tape else {
      Issue.record("f did not run")
      return
    }
    // Nodes: w, c, exp(c), exp(c)·c, w·…, sum.
    #expect(tape.nodes.map(\.requiresGradient) == [true, false, false, false, true, true])
    #expect(tape.nodes[1...3].allSatisfy { if case .leaf = $0.operation { true } else { false } })
    #expect(tape.gradient(of: Variable(tape: tape, index: 1)) == Tensor(zeros: [2]))
  }

  @Test func evaluatingAloneRecordsOnlyLeaves() {
    var operations: [Operation] = []
    let result = value(at: [Tensor(rows: [[1, 2]]), Tensor(shape: [2], scalars: [3, 4])]) { p in
      let loss = softmaxCrossEntropy(logits: matmul(p[0].tape.constant(Tensor(rows: [[1]])), p[0]) + p[1], targets: [1])
      operations = loss.tape.nodes.map(\.operation)
      return loss
    }
    #expect(result.isFinite)
    #expect(operations.count == 6)
    #expect(operations.allSatisfy { if case .leaf = $0 { true } else { false } })
  }

  @Test func errorsThrownByTheFunctionPropagate() {
    #expect(throws: Failure()) {
      _ = try valueWithGradient(at: Tensor(1)) { (_: Variable) -> Variable in throw Failure() }
    }
    #expect(throws: Failure()) {
      _ = try value(at: Tensor(1)) { (_: Variable) -> Variable in throw Failure() }
    }
  }

  @Test func aNonScalarResultIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = valueWithGradient(at: Tensor(zeros: [2])) { $0 }
    }
  }
}
