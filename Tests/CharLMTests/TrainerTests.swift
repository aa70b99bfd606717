import Autodiff
import Foundation
import Optimization
import TestSupport
import Testing

@testable import CharLM

/// The trainer on names.txt: the reference trajectory, the three loss paths, divergence, resume.
@Suite(.enabled(if: SharedData.isAvailableOrRequired)) struct TrainerTests {
  private let corpus: Corpus

  init() throws {
    corpus = try Corpus(contentsOf: try #require(SharedData.namesURL))
  }

  private func options(_ configure: (inout TrainingOptions) -> Void = { _ in }) -> TrainingOptions {
    var options = TrainingOptions()
    options.l2 = 0.01
    options.learningRate = 50
    configure(&options)
    return options
  }

  private func train(_ options: TrainingOptions, from weights: Tensor? = nil) throws -> Trainer {
    let data = try TrainingData(corpus: corpus, options: options)
    var trainer = data.trainer(options: options, initialWeights: weights ?? Tensor(zeros: [27, 27]))
    _ = try trainer.run()
    return trainer
  }

  // Loss after k updates from Utilities/Reference/softmax_bigram.py (NumPy, float64).
  @Test func reproducesTheReferenceTrajectory() throws {
    let reference = try #require(
      try Golden.value(try Golden.load("softmax_bigram"), "gradientDescent", "loss") as? [Double])
    let trainer = try train(options { $0.steps = 1_000 })
    let losses = trainer.state.history.records.map(\.loss)
    #expect(losses.count == 1_001)
    for (k, (ours, theirs)) in zip(losses, reference).enumerated() {
      #expect(abs(ours - theirs) < 1e-9, "step \(k)")
    }
    // The figures quoted in the issue.
    for (k, quoted) in [(0, 3.295837), (1, 3.051065), (10, 2.610005), (100, 2.486796), (1_000, 2.480401)] {
      #expect(abs(losses[k] - quoted) < 5e-7, "step \(k)")
    }
    #expect(trainer.state.history.records.allSatisfy { $0.learningRate == 50 })
  }

  @Test func theThreePathsAgree() throws {
    let options = options { $0.path = .onehot }
    let data = try TrainingData(corpus: corpus, options: options)
    let events = try #require(data.events)
    var generator = SplitMix64(seed: 11)
    let weights = SoftmaxBigram.normal(vocabulary: data.counts.vocabulary, using: &generator).weights
    let counts = data.objective.evaluate(at: weights, path: .counts, events: events)
    for path in [LossPath.lookup, .onehot] {
      let tape = data.objective.evaluate(at: weights, path: path, events: events)
      #expect(abs(tape.loss - counts.loss) < 1e-12, "\(path) loss")
      #expect(abs(tape.nll - counts.nll) < 1e-12, "\(path) nll")
      #expect(tape.gradient.maxAbsDifference(counts.gradient) < 1e-12, "\(path) gradient")
    }
  }

  @Test func tapePathsGiveTheSameTrajectory() throws {
    let counts = try train(options { $0.steps = 5 }).state.history.records
    for path in [LossPath.lookup, .onehot] {
      let tape = try train(
        options {
          $0.steps = 5; $0.path = path
        }
      ).state.history.records
      for (a, b) in zip(counts, tape) {
        #expect(abs(a.loss - b.loss) < 1e-12 && abs(a.gradNorm - b.gradNorm) < 1e-12, "\(path) step \(a.step)")
      }
    }
  }

  @Test func divergenceStopsWithTheStepAndRateAndKeepsFiniteWeights() throws {
    let options = options {
      $0.learningRate = 1e6; $0.l2 = 1e9; $0.steps = 50
    }
    let data = try TrainingData(corpus: corpus, options: options)
    var trainer = data.trainer(options: options, initialWeights: Tensor(zeros: [27, 27]))
    #expect {
      _ = try trainer.run()
    } throws: { error in
      guard case TrainingError.nonFiniteLoss(let step, let rate) = error else { return false }
      return step >= 1 && rate == 1e6
    }
    #expect(trainer.state.weights.isFinite)
    #expect(trainer.state.history.records.allSatisfy { $0.loss.isFinite })
  }

  @Test func targetLossStopsEarly() throws {
    let trainer = try train(
      options {
        $0.steps = 1_000; $0.targetLoss = 2.5
      })
    #expect(trainer.state.stopReason == .targetReached)
    let last = try #require(trainer.state.history.records.last)
    #expect(last.loss <= 2.5)
    #expect(trainer.state.history.records.dropLast().allSatisfy { $0.loss > 2.5 })
  }

  @Test func newtonFindsTheOptimum() throws {
    let trainer = try train(
      options {
        $0.method = .newton; $0.steps = 20; $0.targetLoss = 2.4803990490 + 1e-10
      })
    let last = try #require(trainer.state.history.records.last)
    #expect(abs(last.loss - 2.4803990490) < 1e-9)
    #expect(last.step <= 20)
  }

  /// Stop after `k` steps, save, restore from the bytes, resume: the history must equal an
  /// uninterrupted run's bit for bit.
  @Test(arguments: [
    ("gd", TrainingOptions.Method.gd, nil as Int?), ("momentum", .momentum, nil), ("nesterov", .nesterov, nil),
    ("adam", .adam, nil), ("adamw", .adamw, nil), ("sgd", .sgd, 32), ("newton", .newton, nil),
  ])
  func resumeIsBitIdentical(name: String, method: TrainingOptions.Method, batchSize: Int?) throws {
    let options = options {
      $0.method = method
      $0.batchSize = batchSize
      $0.steps = 12
      $0.learningRate = method == .gd ? 50 : method == .newton ? 1 : method == .sgd ? 5 : 0.1
      $0.schedule = method == .adam ? .plateau : .constant
      $0.patience = 1
    }
    let data = try TrainingData(corpus: corpus, options: options)
    var straight = data.trainer(options: options, initialWeights: Tensor(zeros: [27, 27]))
    _ = try straight.run()

    var first = data.trainer(options: options, initialWeights: Tensor(zeros: [27, 27]))
    var steps = 0
    #expect(
      try first.run(shouldStop: {
        steps += 1; return steps > 5
      }) == .interrupted)
    let saved = Checkpoint(
      configuration: try options.configuration(), state: first.state, source: "names", events: data.counts.total,
      fingerprint: corpus.fingerprint)
    let restored = try Checkpoint(decoding: try saved.encoded(), source: "test")
    #expect(try restored.encoded() == saved.encoded())
    // The history is saved beside the checkpoint (history.jsonl), and restored from there.
    var state = restored.state
    state.history = first.state.history
    var resumed = Trainer(objective: data.objective, events: data.events, options: options, resuming: state)
    _ = try resumed.run()
    let a = straight.state.history.records
    let b = resumed.state.history.records
    #expect(a.count == b.count && a.count == 13)
    for (x, y) in zip(a, b) {
      #expect(
        x.loss.bitPattern == y.loss.bitPattern && x.learningRate.bitPattern == y.learningRate.bitPattern,
        "\(name) step \(x.step)")
    }
    #expect(straight.state.weights == resumed.state.weights)
  }
}

/// The learning rate recorded in the history is the schedule's, step for step.
@Suite struct TrainerScheduleTests {
  @Test(arguments: [TrainingOptions.Schedule.cosine, .step, .exponential, .warmupCosine, .oneCycle])
  func historyRecordsTheScheduledRate(schedule: TrainingOptions.Schedule) throws {
    let corpus = Corpus(words: ["emma", "ava", "olivia", "mia"])
    var options = TrainingOptions()
    options.schedule = schedule
    options.steps = 20
    options.stepSize = 5
    options.gamma = 0.8
    options.warmupSteps = 4
    options.learningRate = 2
    let data = try TrainingData(corpus: corpus, options: options)
    var trainer = data.trainer(options: options, initialWeights: Tensor(zeros: [data.counts.size, data.counts.size]))
    _ = try trainer.run()
    let configuration = try options.configuration()
    let expected: (Int) -> Double = { k in
      switch schedule {
      case .cosine: 1 + cos(Double.pi * Double(k) / 20)
      case .step: 2 * pow(0.8, Double(k / 5))
      case .exponential: 2 * pow(0.8, Double(k))
      case .warmupCosine:
        k < 4 ? 2 * (0.01 + 0.99 * Double(k) / 4) : 1 + cos(Double.pi * Double(k - 4) / 16)
      default: ScheduleState(configuration: configuration).learningRate(at: k)
      }
    }
    for record in trainer.state.history.records {
      #expect(abs(record.learningRate - expected(record.step)) < 1e-12, "\(schedule) step \(record.step)")
    }
  }
}
