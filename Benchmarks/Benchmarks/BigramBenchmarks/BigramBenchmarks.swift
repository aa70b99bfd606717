// The package-benchmark suite of bigram: every task of `BenchmarkTask` (counting, the full-batch
// steps from counts and on the tape, the mini-batch step, sampling, Newton), one benchmark per
// variant, with wall clock, allocations and peak memory.
//
//   swift package --package-path Benchmarks benchmark
import Benchmark
import BenchmarkTasks
import Foundation

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(2),
    maxIterations: 1_000)
  let workload: Workload
  do {
    workload = try Workload()
  } catch {
    FileHandle.standardError.write(
      Data("BigramBenchmarks: cannot read names.txt (\(error)); set BIGRAM_NAMES to its path\n".utf8))
    return
  }
  for task in BenchmarkTask.allCases {
    for variant in task.variants(on: workload) {
      Benchmark("\(task.rawValue) \(variant.name)") { (benchmark: Benchmark, operation: () -> Void) in
        for _ in benchmark.scaledIterations { operation() }
      } setup: { () throws -> () -> Void in
        let operation = try variant.prepare()
        // A variant whose work differs from the reference's must not be timed.
        _ = try variant.check()
        return operation
      }
    }
  }
}
