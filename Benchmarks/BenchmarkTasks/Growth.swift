import Autodiff
import CharLM
import Foundation

/// How each cost grows with the corpus size and the vocabulary, measured at three points each:
/// counting is O(bytes), a full-batch step from counts O(V²) whatever the corpus size, a
/// mini-batch step O(B·V), and a full-batch step on the tape O(T·V).
public enum Growth {
  /// One measured point.
  public struct Point: Sendable {
    /// What is measured, e.g. "count (in memory)".
    public let cost: String
    /// The size varied, e.g. "25 MB".
    public let size: String
    /// The median seconds of one call.
    public let seconds: Double
    /// A derived figure (throughput, per-unit time), or empty.
    public let note: String
  }

  /// The median of `repeatCount` timed calls of `operation`, after one warm-up call.
  static func median(_ repeatCount: Int, _ operation: () -> Void) -> Double {
    let clock = ContinuousClock()
    operation()
    let samples = (0..<repeatCount).map { _ in
      let start = clock.now
      operation()
      let elapsed = clock.now - start
      return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }.sorted()
    return samples[samples.count / 2]
  }

  /// Measures every point on `workload` (names.txt).
  public static func measure(_ workload: Workload) throws -> [Point] {
    var points: [Point] = []
    for megabytes in [2.5, 25, 250] {
      let (data, _) = workload.synthetic(megabytes: megabytes)
      let seconds = median(megabytes > 100 ? 3 : 7) { _ = try? BigramCounts(parsing: data, source: "synthetic") }
      points.append(
        Point(
          cost: "count (in memory, all cores)", size: "\(megabytes) MB", seconds: seconds,
          note: String(format: "%.2f GB/s", Double(data.count) / seconds / 1e9)))
    }
    for copies in [1, 10, 100] {
      var counts = workload.counts
      for _ in 1..<copies { counts.merge(workload.counts) }
      let seconds = stepFromCounts(counts)
      points.append(
        Point(
          cost: "full-batch step from counts", size: "T = \(counts.total) (V = 27)", seconds: seconds,
          note: "independent of T"))
    }
    for v in [27, 108, 432] {
      let counts = randomCounts(symbols: v, events: 228_146, seed: UInt64(v))
      let seconds = stepFromCounts(counts)
      points.append(
        Point(
          cost: "full-batch step from counts", size: "V = \(v)", seconds: seconds,
          note: String(format: "%.1f ns per V² entry", seconds / Double(v * v) * 1e9)))
    }
    for (batch, v) in [(32, 27), (128, 27), (512, 27), (32, 108), (32, 432)] {
      let counts = v == 27 ? workload.counts : randomCounts(symbols: v, events: 228_146, seed: UInt64(v))
      let events = v == 27 ? workload.events : try randomEvents(counts)
      let seconds = miniBatchStep(counts, events, batch: batch)
      points.append(
        Point(
          cost: "mini-batch step (tape)", size: "B = \(batch), V = \(v)", seconds: seconds,
          note: String(format: "%.1f ns per B·V", seconds / Double(batch * v) * 1e9)))
    }
    for copies in [1, 2, 4] {
      let inputs = Array(repeatElement(workload.events.inputs, count: copies).joined())
      let targets = Array(repeatElement(workload.events.targets, count: copies).joined())
      let objective = BigramObjective(counts: workload.counts, l2: BenchmarkTask.l2)
      let weights = Tensor(zeros: [27, 27])
      let seconds = median(5) {
        _ = objective.evaluate(at: weights, batchInputs: inputs, batchTargets: targets)
      }
      points.append(
        Point(
          cost: "full-batch step (tape, lookup)", size: "T = \(inputs.count)", seconds: seconds,
          note: String(format: "%.2f ns per T·V", seconds / Double(inputs.count * 27) * 1e9)))
    }
    return points
  }

  /// The median time of one step W ← W − η∇L from the counts, into a reused gradient.
  private static func stepFromCounts(_ counts: BigramCounts) -> Double {
    let objective = BigramObjective(counts: counts, l2: BenchmarkTask.l2)
    var weights = Tensor(zeros: [counts.size, counts.size])
    var gradient = Tensor(zeros: [counts.size, counts.size])
    return median(counts.size > 100 ? 200 : 2_000) {
      _ = objective.evaluate(at: weights, gradient: &gradient)
      for k in weights.scalars.indices { weights.scalars[k] -= BenchmarkTask.learningRate * gradient.scalars[k] }
    }
  }

  /// The median time of one mini-batch step of `batch` events drawn inside the step.
  private static func miniBatchStep(_ counts: BigramCounts, _ events: BigramEvents, batch: Int) -> Double {
    let objective = BigramObjective(counts: counts, l2: BenchmarkTask.l2)
    var weights = Tensor(zeros: [counts.size, counts.size])
    var generator = SplitMix64(seed: BenchmarkTask.seed)
    return median(2_000) {
      var inputs = [Int](repeating: 0, count: batch)
      var targets = [Int](repeating: 0, count: batch)
      for b in 0..<batch {
        let event = generator.nextInt(below: events.count)
        inputs[b] = events.inputs[event]
        targets[b] = events.targets[event]
      }
      let gradient = objective.evaluate(at: weights, batchInputs: inputs, batchTargets: targets).gradient
      for k in weights.scalars.indices { weights.scalars[k] -= BenchmarkTask.learningRate * gradient.scalars[k] }
    }
  }

  /// The vocabulary of `symbols` symbols: the boundary, then letters from U+0100 on.
  private static func vocabulary(symbols: Int) -> Vocabulary {
    Vocabulary(symbols: [Vocabulary.boundary] + (1..<symbols).compactMap { Unicode.Scalar(0x100 + $0) })
  }

  /// Counts of random words over a vocabulary of `symbols` symbols, about `events` events.
  private static func randomCounts(symbols: Int, events: Int, seed: UInt64) -> BigramCounts {
    var counts = BigramCounts(vocabulary: vocabulary(symbols: symbols))
    for chain in randomChains(symbols: symbols, events: events, seed: seed) { counts.add(chain: chain) }
    return counts
  }

  /// The events of the same random words as ``randomCounts(symbols:events:seed:)``.
  private static func randomEvents(_ counts: BigramCounts) throws -> BigramEvents {
    let words = randomChains(symbols: counts.size, events: 228_146, seed: UInt64(counts.size)).map {
      counts.vocabulary.decode($0)
    }
    return try BigramEvents(corpus: Corpus(words: words), vocabulary: counts.vocabulary)
  }

  /// Random words as bigram chains `0 w₁ … wₙ 0` (lengths 2–10) totalling about `events` events.
  private static func randomChains(symbols: Int, events: Int, seed: UInt64) -> [[Int]] {
    var generator = SplitMix64(seed: seed)
    var chains: [[Int]] = []
    var total = 0
    while total < events {
      let length = 2 + generator.nextInt(below: 9)
      chains.append([0] + (0..<length).map { _ in 1 + generator.nextInt(below: symbols - 1) } + [0])
      total += length + 1
    }
    return chains
  }
}
