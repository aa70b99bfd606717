import Testing

@testable import Autodiff

@Suite struct BufferPoolTests {
  private static let large = BufferPool.minimumCount

  @Test func aGivenBufferIsTakenBackForTheSameSize() {
    let pool = BufferPool()
    var buffer = [Double](repeating: 1, count: Self.large)
    let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
    pool.give(&buffer)
    #expect(buffer.isEmpty)
    #expect(pool.take(count: Self.large + 1) == nil)
    let taken = pool.take(count: Self.large)
    #expect(taken?.withUnsafeBufferPointer { $0.baseAddress } == storage)
    #expect(pool.take(count: Self.large) == nil)
  }

  @Test func smallBuffersAreLeftToMalloc() {
    let pool = BufferPool()
    var small = [Double](repeating: 0, count: Self.large - 1)
    pool.give(&small)
    #expect(small.count == Self.large - 1)
    #expect(pool.take(count: Self.large - 1) == nil)
  }

  @Test func aBufferStillHeldElsewhereIsCopiedOnWriteNotOverwritten() {
    let pool = BufferPool()
    let kept = [Double](repeating: 7, count: Self.large)
    var given = kept
    pool.give(&given)
    guard var reused = pool.take(count: Self.large) else {
      Issue.record("the buffer was not kept")
      return
    }
    reused.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    #expect(kept.allSatisfy { $0 == 7 })
    #expect(reused.allSatisfy { $0 == 0 })
  }

  @Test func theOldestBuffersGoPastTheCapacity() {
    let count = Self.large
    let pool = BufferPool(capacity: 2 * count)
    var first = [Double](repeating: 0, count: count)
    var second = [Double](repeating: 0, count: count)
    var third = [Double](repeating: 0, count: count)
    pool.give(&first)
    pool.give(&second)
    pool.give(&third)
    #expect(pool.take(count: count) != nil)
    #expect(pool.take(count: count) != nil)
    #expect(pool.take(count: count) == nil)
  }

  /// Two evaluations of the same large computation give the same numbers whether or not the
  /// second one reuses the first one's buffers.
  @Test func reusedTapeBuffersGiveTheSameResults() {
    let table = Fixtures.normal([27, 27], seed: 4)
    let indices = Fixtures.indices(count: 3_000, below: 27, seed: 5)
    let targets = Fixtures.indices(count: 3_000, below: 27, seed: 6)
    let f = { (w: Variable) in softmaxCrossEntropy(logits: gatherRows(w, indices), targets: targets) }
    let first = valueWithGradient(at: table, of: f)
    let second = valueWithGradient(at: table, of: f)
    #expect(first.value == second.value)
    #expect(first.gradient == second.gradient)
  }
}
