import Autodiff
import CharLM
import Foundation
import Optimization

/// The tasks timed against the Python peers (`Benchmarks/peers/*.py`), with the peers' names,
/// settings and checks: λ = 0.01, η = 50, 100 checked steps from W = 0, batch 32, 10,000 names.
public enum BenchmarkTask: String, CaseIterable, Sendable {
  /// Building N from the bytes of a corpus.
  case count
  /// One full-batch gradient step from the counts.
  case stepCounts = "step-counts"
  /// One full-batch gradient step over every event on the autodiff tape.
  case stepOnehot = "step-onehot"
  /// One mini-batch (32 events) gradient step on the tape.
  case stepMinibatch = "step-minibatch"
  /// Drawing 10,000 names from the add-one count model.
  case sample
  /// Newton's method from W = 0 to the optimum L*.
  case newton

  /// λ of the penalty λ·mean(W²).
  public static let l2 = 0.01
  /// The learning rate η.
  public static let learningRate = 50.0
  /// Steps run from W = 0 to check a step against the reference.
  public static let checkSteps = 100
  /// The loss after 100 steps from W = 0 (`Utilities/Reference/softmax_bigram.py`).
  public static let lossAfterCheckSteps = 2.486_795_955
  /// L* reached by Newton's method (`Utilities/Reference/softmax_bigram.py`).
  public static let newtonOptimum = 2.480_399_049_0
  /// The mini-batch size.
  public static let batchSize = 32
  /// Names drawn by the sampling task.
  public static let sampleCount = 10_000
  /// The lecture's generator seed, used for the mini-batch draws and sampling.
  public static let seed: UInt64 = 2_147_483_647

  /// Timed samples per variant when not given (the peers' defaults).
  public var defaultRepeat: Int {
    switch self {
    case .count: 5
    case .stepCounts, .stepMinibatch: 500
    case .stepOnehot, .newton: 20
    case .sample: 3
    }
  }

  /// The variants of this task on `workload`; `syntheticMegabytes` sizes the repeated corpus.
  public func variants(on workload: Workload, syntheticMegabytes: Double = 25) -> [Variant] {
    switch self {
    case .count: Self.countVariants(workload, syntheticMegabytes: syntheticMegabytes)
    case .stepCounts: [Self.stepCountsVariant(workload)]
    case .stepOnehot:
      [Self.fullBatchTapeVariant(workload, path: .lookup), Self.fullBatchTapeVariant(workload, path: .onehot)]
    case .stepMinibatch: [Self.miniBatchVariant(workload)]
    case .sample: [Self.sampleVariant(workload)]
    case .newton: [Self.newtonVariant(workload)]
    }
  }
}

/// Mutable state shared by a variant's timed operation across calls.
private final class Box<Value> {
  var value: Value
  init(_ value: Value) { self.value = value }
}

extension BenchmarkTask {
  private static func countVariants(_ workload: Workload, syntheticMegabytes: Double) -> [Variant] {
    let synthetic = workload.synthetic(megabytes: syntheticMegabytes)
    let file = Box<URL?>(nil)
    func expect(_ counts: BigramCounts, copies: Int) throws -> Double? {
      guard counts.vocabulary == workload.counts.vocabulary,
        counts.counts == workload.counts.counts.map({ $0 * copies })
      else { throw CheckFailure("N differs from \(copies) × the counts of \(workload.path)") }
      return nil
    }
    func extras(_ bytes: Int, copies: Int) -> [String: Double] {
      ["corpus_bytes": Double(bytes), "events": Double(workload.counts.total * copies)]
    }
    let names = workload.data
    let path = workload.path
    return [
      Variant(
        name: "bytes", notes: "bytes in memory → N in one pass (BigramCounts(parsing:source:)); file reading not timed",
        extras: extras(names.count, copies: 1),
        prepare: { { _ = try? BigramCounts(parsing: names, source: path) } },
        check: { try expect(try BigramCounts(parsing: names, source: path), copies: 1) }),
      Variant(
        name: "bytes-synthetic",
        notes:
          "names.txt × \(synthetic.copies) (\(synthetic.data.count / 1_000_000) MB) in memory → N, split across cores",
        extras: extras(synthetic.data.count, copies: synthetic.copies),
        prepare: { { _ = try? BigramCounts(parsing: synthetic.data, source: "synthetic") } },
        check: { try expect(try BigramCounts(parsing: synthetic.data, source: "synthetic"), copies: synthetic.copies) }),
      Variant(
        name: "file", notes: "BigramCounts(contentsOfFile:): open, stream in 4 MB blocks, count (page cache warm)",
        extras: extras(names.count, copies: 1),
        prepare: { { _ = try? BigramCounts(contentsOfFile: path) } },
        check: { try expect(try BigramCounts(contentsOfFile: path), copies: 1) }),
      Variant(
        name: "file-synthetic", notes: "the synthetic corpus streamed from a temporary file, split across cores",
        extras: extras(synthetic.data.count, copies: synthetic.copies),
        prepare: {
          let url = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-synthetic-\(getpid()).txt")
          try synthetic.data.write(to: url)
          file.value = url
          return { _ = try? BigramCounts(contentsOfFile: url.path) }
        },
        check: {
          guard let url = file.value else { return nil }
          defer { try? FileManager.default.removeItem(at: url) }
          return try expect(try BigramCounts(contentsOfFile: url.path), copies: synthetic.copies)
        }),
      Variant(
        name: "corpus-words", notes: "the word-list path: Corpus(parsing:) builds [String], then BigramCounts(corpus:)",
        extras: extras(names.count, copies: 1),
        prepare: { { _ = try? BigramCounts(corpus: Corpus(parsing: names, source: path)) } },
        check: { try expect(try BigramCounts(corpus: Corpus(parsing: names, source: path)), copies: 1) }),
    ]
  }

  /// W ← W − η·g in place.
  private static func descend(_ weights: inout Tensor, along gradient: Tensor) {
    weights.scalars.withUnsafeMutableBufferPointer { w in
      gradient.scalars.withUnsafeBufferPointer { g in
        for k in 0..<w.count { w[k] -= learningRate * g[k] }
      }
    }
  }

  /// Fails unless the loss after 100 steps of `step` from W = 0 is the reference's.
  private static func checkTrajectory(
    _ objective: BigramObjective, tolerance: Double = 1e-9, step: (inout Tensor) -> Void
  ) throws -> Double {
    var weights = Tensor(zeros: [objective.size, objective.size])
    for _ in 0..<checkSteps { step(&weights) }
    let loss = objective.evaluate(at: weights, gradient: false).loss
    guard abs(loss - lossAfterCheckSteps) <= tolerance else {
      throw CheckFailure("loss after \(checkSteps) steps = \(loss), expected \(lossAfterCheckSteps) ± \(tolerance)")
    }
    return loss
  }

  private static func stepCountsVariant(_ workload: Workload) -> Variant {
    let objective = BigramObjective(counts: workload.counts, l2: l2)
    let v = objective.size
    func step(_ weights: inout Tensor, _ gradient: inout Tensor) {
      _ = objective.evaluate(at: weights, gradient: &gradient)
      descend(&weights, along: gradient)
    }
    return Variant(
      name: "analytic",
      notes: "one step = loss + analytic gradient from N (\(v)×\(v)) into a reused buffer + update, float64",
      prepare: {
        let (weights, gradient) = (Box(Tensor(zeros: [v, v])), Box(Tensor(zeros: [v, v])))
        return { step(&weights.value, &gradient.value) }
      },
      check: {
        var gradient = Tensor(zeros: [v, v])
        return try checkTrajectory(objective) { step(&$0, &gradient) }
      })
  }

  private static func fullBatchTapeVariant(_ workload: Workload, path: LossPath) -> Variant {
    let objective = BigramObjective(counts: workload.counts, l2: l2)
    let events = workload.events
    let v = objective.size
    func step(_ weights: inout Tensor) {
      descend(&weights, along: objective.evaluate(at: weights, path: path, events: events).gradient)
    }
    let how =
      path == .lookup
      ? "gatherRows(W, xs) → fused softmaxCrossEntropy → backward"
      : "constant one-hot(xs) (T×V) · W → fused softmaxCrossEntropy → backward"
    return Variant(
      name: "tape-\(path.rawValue)",
      notes: "all \(events.count) events per step on the autodiff tape, float64: \(how), + λ·mean(W²), update",
      prepare: {
        let weights = Box(Tensor(zeros: [v, v]))
        return { step(&weights.value) }
      },
      check: { try checkTrajectory(objective, step: step) })
  }

  private static func miniBatchVariant(_ workload: Workload) -> Variant {
    let objective = BigramObjective(counts: workload.counts, l2: l2)
    let events = workload.events
    let v = objective.size
    func step(_ weights: inout Tensor, _ generator: inout SplitMix64) {
      var inputs = [Int](repeating: 0, count: batchSize)
      var targets = [Int](repeating: 0, count: batchSize)
      for b in 0..<batchSize {
        let event = generator.nextInt(below: events.count)
        inputs[b] = events.inputs[event]
        targets[b] = events.targets[event]
      }
      descend(&weights, along: objective.evaluate(at: weights, batchInputs: inputs, batchTargets: targets).gradient)
    }
    return Variant(
      name: "tape-lookup",
      notes: "batch \(batchSize) drawn by SplitMix64(seed: \(seed)) inside the step, gatherRows → softmaxCrossEntropy "
        + "→ backward → update, float64; final_loss = full-data loss after 100 such steps from W = 0",
      prepare: {
        let (weights, generator) = (Box(Tensor(zeros: [v, v])), Box(SplitMix64(seed: seed)))
        return { step(&weights.value, &generator.value) }
      },
      check: {
        var weights = Tensor(zeros: [v, v])
        var generator = SplitMix64(seed: seed)
        for _ in 0..<checkSteps { step(&weights, &generator) }
        return objective.evaluate(at: weights, gradient: false).loss
      })
  }

  private static func sampleVariant(_ workload: Workload) -> Variant {
    let sampler = Sampler(model: workload.counts.probabilities(smoothing: 1))
    let meanLength = Box(0.0)
    return Variant(
      name: "sampler",
      notes: "\(sampleCount) names from P = (N+1)/rowsum by binary search in precomputed cumulative rows, "
        + "SplitMix64; the sampler is built outside the timed region",
      prepare: {
        let generator = Box(SplitMix64(seed: seed))
        return {
          let names = sampler.sample(count: sampleCount, using: &generator.value)
          meanLength.value = Double(names.reduce(0) { $0 + $1.unicodeScalars.count }) / Double(names.count)
        }
      },
      check: {
        var generator = SplitMix64(seed: seed)
        let names = sampler.sample(count: sampleCount, using: &generator)
        // Each name is a chain of length + 1 events; the model's mean chain is n₀/… ≈ 7.6 characters.
        let mean = Double(names.reduce(0) { $0 + $1.unicodeScalars.count }) / Double(names.count)
        guard (5...10).contains(mean) else { throw CheckFailure("mean name length \(mean) is not the model's") }
        return nil
      })
  }

  private static func newtonVariant(_ workload: Workload) -> Variant {
    let objective = BigramObjective(counts: workload.counts, l2: l2)
    let v = objective.size
    func solve() -> (loss: Double, iterations: Int) {
      var weights = Tensor(zeros: [v, v])
      var evaluation = objective.evaluate(at: weights)
      var iterations = 0
      let loss = { (point: Tensor) in objective.evaluate(at: point, gradient: false).loss }
      while evaluation.gradient.norm >= 1e-12, iterations < 100 {
        // What `bigram train --method newton` solves: O(V) per row block (Sherman–Morrison).
        let blocks = objective.softmaxHessianBlocks(at: weights)
        // Near the optimum the decrease falls below rounding in L; the full step is then right.
        let step =
          (try? NewtonMethod().step(
            from: weights, value: evaluation.loss, gradient: evaluation.gradient, softmaxBlocks: blocks, loss: loss))
          ?? (try? NewtonMethod(lineSearch: nil).step(
            from: weights, value: evaluation.loss, gradient: evaluation.gradient, softmaxBlocks: blocks, loss: loss))
        guard let step else { break }
        weights = step.point
        evaluation = objective.evaluate(at: weights)
        iterations += 1
      }
      return (evaluation.loss, iterations)
    }
    return Variant(
      name: "row-blocks",
      notes: "whole solve from W = 0 to ‖∇L‖ < 1e-12: V structured Hessian blocks solved by Sherman–Morrison "
        + "in O(V), Armijo line search",
      prepare: { { _ = solve() } },
      check: {
        let (loss, iterations) = solve()
        guard abs(loss - newtonOptimum) <= 1e-10 else {
          throw CheckFailure("Newton L* = \(loss) after \(iterations) iterations, expected \(newtonOptimum) ± 1e-10")
        }
        return loss
      })
  }
}
