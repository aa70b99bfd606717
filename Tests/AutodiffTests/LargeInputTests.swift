import Testing

@testable import Autodiff

/// The chunked, multi-core paths of the ops a T×V training step uses (gatherRows, the fused
/// softmax cross-entropy), on inputs large enough to take them, against the composed primitives
/// and hand-computed sums.
@Suite struct LargeInputTests {
  /// 12,000 events of a 27-symbol table: many softmax chunks, several gather chunks, both on all cores.
  private static let (rows, columns) = (12_000, 27)

  @Test func chunksAreFixedByTheShapeAlone() {
    let softmax = SoftmaxChunks(rows: Self.rows, columns: Self.columns)
    #expect(softmax.count > 1 && softmax.rows(ofChunk: softmax.count - 1).upperBound == Self.rows)
    let gather = IndexChunks(count: Self.rows, width: Self.columns)
    #expect(gather.count > 1 && gather.range(ofChunk: gather.count - 1).upperBound == Self.rows)
    #expect(Self.rows * Self.columns >= Parallel.minimumWork)
  }

  @Test func fusedCrossEntropyOfGatheredRowsEqualsTheComposedPrimitives() {
    let table = 3 * Fixtures.normal([Self.columns, Self.columns], seed: 11)
    let indices = Fixtures.indices(count: Self.rows, below: Self.columns, seed: 12)
    let targets = Fixtures.indices(count: Self.rows, below: Self.columns, seed: 13)
    let fused = valueWithGradient(at: table) { softmaxCrossEntropy(logits: gatherRows($0, indices), targets: targets) }
    let composed = valueWithGradient(at: table) { crossEntropy(logits: gatherRows($0, indices), targets: targets) }
    #expect(abs(fused.value - composed.value) < 1e-12)
    #expect(fused.gradient.maxAbsDifference(composed.gradient) < 1e-12)
  }

  @Test func fusedCrossEntropyAddsIntoAGradientThatAlreadyHoldsAShare() {
    // The logits are used twice, so their gradient is not P̂'s to take over: it is added in.
    let logits = Fixtures.normal([Self.rows, 5], seed: 14)
    let targets = Fixtures.indices(count: Self.rows, below: 5, seed: 15)
    let both = valueWithGradient(at: logits) { softmaxCrossEntropy(logits: $0, targets: targets) + $0.sum() }
    let alone = valueWithGradient(at: logits) { softmaxCrossEntropy(logits: $0, targets: targets) }
    #expect(both.gradient.maxAbsDifference(alone.gradient + 1) < 1e-15)
  }

  @Test func gatherRowsScatterAddsEveryRowOnce() {
    let indices = Fixtures.indices(count: Self.rows, below: 7, seed: 16)
    let weights = Fixtures.normal([Self.rows, 3], seed: 17)
    let (_, gradient) = valueWithGradient(at: Tensor(zeros: [7, 3])) { table in
      let gathered = gatherRows(table, indices)
      return (gathered * gathered.tape.constant(weights)).sum()
    }
    var expected = Tensor(zeros: [7, 3])
    for (b, row) in indices.enumerated() {
      for j in 0..<3 { expected[row, j] += weights[b, j] }
    }
    #expect(gradient.maxAbsDifference(expected) < 1e-11)
  }
}
