import Foundation
import Optimization
import Testing

// Golden figures: Utilities/Reference/schedules.py → Utilities/Reference/golden/schedules.json.

@Suite("ConstantSchedule")
struct ConstantScheduleTests {
  @Test("matches the golden sequence")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "constant") {
      expectMatchesGolden(ConstantSchedule(rate: try golden.parameter("rate")), golden)
    }
  }
}

@Suite("StepDecaySchedule")
struct StepDecayScheduleTests {
  @Test("matches PyTorch's StepLR step for step")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "step") {
      let schedule = StepDecaySchedule(
        initialRate: try golden.parameter("initialRate"), stepSize: Int(try golden.parameter("stepSize")),
        gamma: try golden.parameter("gamma"))
      expectMatchesGolden(schedule, golden)
    }
  }
}

@Suite("ExponentialDecaySchedule")
struct ExponentialDecayScheduleTests {
  @Test("matches PyTorch's ExponentialLR step for step")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "exponential") {
      let schedule = ExponentialDecaySchedule(
        initialRate: try golden.parameter("initialRate"), gamma: try golden.parameter("gamma"))
      expectMatchesGolden(schedule, golden)
    }
  }
}

@Suite("CosineAnnealingSchedule")
struct CosineAnnealingScheduleTests {
  @Test("matches PyTorch's CosineAnnealingLR step for step, including past T_max")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "cosine") {
      let schedule = CosineAnnealingSchedule(
        initialRate: try golden.parameter("initialRate"), maximumStep: Int(try golden.parameter("maximumStep")),
        minimumRate: try golden.parameter("minimumRate"))
      expectMatchesGolden(schedule, golden)
    }
  }

  @Test("reaches η_min at T_max and is halfway at T_max/2")
  func landmarks() {
    let schedule = CosineAnnealingSchedule(initialRate: 0.1, maximumStep: 10, minimumRate: 0.02)
    #expect(schedule.learningRate(at: 0) == 0.1)
    #expect(isClose(schedule.learningRate(at: 5), 0.06, tolerance: 1e-17))
    #expect(isClose(schedule.learningRate(at: 10), 0.02, tolerance: 1e-17))
  }
}

@Suite("WarmupCosineSchedule")
struct WarmupCosineScheduleTests {
  @Test("matches PyTorch's SequentialLR(LinearLR, CosineAnnealingLR) step for step")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "warmupCosine") {
      let schedule = WarmupCosineSchedule(
        peakRate: try golden.parameter("peakRate"), warmupSteps: Int(try golden.parameter("warmupSteps")),
        totalSteps: Int(try golden.parameter("totalSteps")), minimumRate: try golden.parameter("minimumRate"),
        startFactor: try golden.parameter("startFactor"))
      expectMatchesGolden(schedule, golden)
    }
  }

  @Test("starts at 1% of the peak by default and hands over to the cosine exactly at the peak")
  func landmarks() {
    let schedule = WarmupCosineSchedule(peakRate: 0.5, warmupSteps: 4, totalSteps: 20)
    #expect(schedule.startFactor == 0.01)
    #expect(schedule.learningRate(at: 0) == 0.005)
    #expect(schedule.learningRate(at: 4) == 0.5)
    #expect(isClose(schedule.learningRate(at: 20), 0, tolerance: 1e-17))
  }
}

@Suite("OneCycleSchedule")
struct OneCycleScheduleTests {
  @Test("matches PyTorch's OneCycleLR with its defaults, phase boundaries included")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "oneCycle") {
      let schedule = OneCycleSchedule(
        maximumRate: try golden.parameter("maximumRate"), totalSteps: Int(try golden.parameter("totalSteps")))
      expectMatchesGolden(schedule, golden)
    }
  }

  @Test("rises until 30% of the steps, falls after, and ends exactly at η_max/25/1e4")
  func landmarks() {
    let schedule = OneCycleSchedule(maximumRate: 1, totalSteps: 101)
    // Phase one ends at step 0.3·101 − 1 = 29.3: steps 0…29 rise, steps 30… fall.
    let rates = (0...101).map { schedule.learningRate(at: $0) }
    #expect(isClose(rates[0], 1.0 / 25, tolerance: 1e-16))
    #expect(zip(rates[0...29], rates[1...29]).allSatisfy { $0 < $1 })
    #expect(zip(rates[30...100], rates[31...100]).allSatisfy { $0 > $1 })
    #expect(min(rates[29], rates[30]) > 0.9997)
    #expect(rates[100] == 1.0 / 25 / 1e4)
  }
}

@Suite("ReduceOnPlateauSchedule")
struct ReduceOnPlateauScheduleTests {
  @Test("fed the golden losses, matches PyTorch's ReduceLROnPlateau step for step")
  func golden() throws {
    for golden in try ScheduleGolden.cases(of: "reduceOnPlateau") {
      var schedule = ReduceOnPlateauSchedule(
        initialRate: try golden.parameter("initialRate"), factor: try golden.parameter("factor"),
        patience: Int(try golden.parameter("patience")), threshold: try golden.parameter("threshold"),
        minimumRate: try golden.parameter("minimumRate"), epsilon: try golden.parameter("epsilon"))
      let losses = try #require(golden.losses)
      try #require(losses.count + 1 == golden.rates.count)
      for (k, loss) in losses.enumerated() {
        #expect(schedule.learningRate(at: k) == golden.rates[k], "step \(k)")
        schedule.observe(loss: loss)
      }
      // Afterwards the whole history is still answered from the recorded reductions.
      expectMatchesGolden(schedule, golden)
    }
  }

  @Test("with patience 1, the second non-improving loss in a row cuts the rate")
  func patience() {
    var schedule = ReduceOnPlateauSchedule(initialRate: 1, factor: 0.5, patience: 1)
    for loss in [3.0, 2.0, 2.0, 2.0, 1.9999] { schedule.observe(loss: loss) }
    // Losses 3 and 2 improve; the next two 2s do not, so after step 4 the rate halves; 1.9999 is
    // only a 5e-5 relative improvement, below the 1e-4 threshold, so it counts as bad again.
    #expect((0...5).map { schedule.learningRate(at: $0) } == [1, 1, 1, 1, 0.5, 0.5])
    #expect(schedule.badSteps == 1)
  }

  @Test("encode → decode mid-run → continue gives the same rates")
  func resume() throws {
    let losses = (0..<40).map { 1 + 1 / Double(1 + $0 % 13) }
    var original = ReduceOnPlateauSchedule(initialRate: 0.1, factor: 0.5, patience: 2)
    for loss in losses.prefix(20) { original.observe(loss: loss) }
    var restored = try JSONDecoder().decode(
      ReduceOnPlateauSchedule.self, from: try JSONEncoder().encode(original))
    #expect(restored == original)
    for loss in losses.dropFirst(20) {
      original.observe(loss: loss)
      restored.observe(loss: loss)
    }
    #expect(restored == original)
    #expect(original.reductions.count >= 2)
  }
}
