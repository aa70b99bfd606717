import Autodiff
import Testing

@testable import CharLM

/// The trainer is model-agnostic: a toy model with two parameter tensors and a running statistic
/// the optimizer must not train (as an MLP's BatchNorm running mean), on mini-batches.
@Suite struct ModelTrainerTests {
  /// y ≈ a·x + b, plus the running mean of the x seen in training mode.
  struct Line: TrainableModel {
    var a = Tensor(zeros: [1])
    var b = Tensor(zeros: [1])
    var runningMean = 0.0

    var parameters: [Tensor] {
      get { [a, b] }
      set { (a, b) = (newValue[0], newValue[1]) }
    }
  }

  /// Mean squared error on points of y = 3x − 1; `wrongSign` flips the gradient (a broken model).
  struct LineFit: TrainingObjective {
    let xs: [Double] = (0..<16).map { Double($0) / 8 - 1 }
    var wrongSign = false
    var ys: [Double] { xs.map { 3 * $0 - 1 } }
    var exampleCount: Int { xs.count }

    func evaluate(_ model: Line) -> ObjectiveEvaluation { evaluate(model, at: Array(xs.indices)[...]) }

    func evaluate(_ model: inout Line, examples: ArraySlice<Int>) -> ObjectiveEvaluation {
      let batchMean = examples.reduce(0) { $0 + xs[$1] } / Double(examples.count)
      model.runningMean = 0.9 * model.runningMean + 0.1 * batchMean
      return evaluate(model, at: examples)
    }

    private func evaluate(_ model: Line, at examples: ArraySlice<Int>) -> ObjectiveEvaluation {
      let n = Double(examples.count)
      var loss = 0.0
      var da = 0.0
      var db = 0.0
      for i in examples {
        let r = model.a.scalars[0] * xs[i] + model.b.scalars[0] - ys[i]
        loss += r * r / n
        da += 2 * r * xs[i] / n
        db += 2 * r / n
      }
      let sign = wrongSign ? -1.0 : 1
      return ObjectiveEvaluation(
        loss: loss, nll: loss,
        gradients: [Tensor(shape: [1], scalars: [sign * da]), Tensor(shape: [1], scalars: [sign * db])])
    }
  }

  @Test func miniBatchSGDFitsAModelWithTwoTensorsAndLeavesItsStatisticToTheObjective() throws {
    let configuration = TrainingConfiguration(optimizer: .sgd(learningRate: 0.2), batchSize: 4, steps: 400)
    var trainer = try ModelTrainer(objective: LineFit(), configuration: configuration, model: Line())
    #expect(try trainer.run() == .completed)
    let model = trainer.state.model
    #expect(abs(model.a.scalars[0] - 3) < 1e-6 && abs(model.b.scalars[0] + 1) < 1e-6)
    // The running mean moved toward the batches' mean x (−1/16), by the objective's rule alone.
    #expect(model.runningMean != 0 && abs(model.runningMean + 1.0 / 16) < 0.2)
    #expect(trainer.state.epoch == 100 && trainer.endedAboveStart == nil)
  }

  @Test func lineSearchOnTwoTensorsAndItsFailureNamesTheStep() throws {
    let configuration = TrainingConfiguration(
      optimizer: .gradientDescent(learningRate: 1, lineSearch: true), steps: 50)
    var good = try ModelTrainer(objective: LineFit(), configuration: configuration, model: Line())
    _ = try good.run()
    #expect(abs(good.state.model.a.scalars[0] - 3) < 1e-6)
    var broken = try ModelTrainer(objective: LineFit(wrongSign: true), configuration: configuration, model: Line())
    #expect {
      _ = try broken.run()
    } throws: { error in
      guard case TrainingError.lineSearchFailed(let step, _) = error else { return false }
      return step == 1
    }
    #expect(broken.state.model == Line())
  }

  @Test func newtonIsRefusedForAModelWithoutAHessian() {
    let configuration = TrainingConfiguration(optimizer: .newton(damping: 0, lineSearch: true))
    #expect(throws: TrainingError.self) {
      _ = try ModelTrainer(objective: LineFit(), configuration: configuration, model: Line())
    }
  }

  @Test func oneValidationPlaceRefusesNaNAndContradictions() {
    let cases: [(TrainingConfiguration, [TrainingOptions.Field])] = [
      (TrainingConfiguration(optimizer: .sgd(learningRate: .nan)), [.learningRate]),
      (TrainingConfiguration(optimizer: .sgd(learningRate: 1), targetLoss: .nan), [.targetLoss]),
      (TrainingConfiguration(optimizer: .sgd(learningRate: 1), l2: .infinity), [.l2]),
      (TrainingConfiguration(optimizer: .momentum(learningRate: 1, momentum: .nan)), [.momentum]),
      (TrainingConfiguration(optimizer: .newton(damping: .nan, lineSearch: true)), [.damping]),
      (
        TrainingConfiguration(optimizer: .gradientDescent(learningRate: 1, lineSearch: true), weightDecay: 0.1),
        [.lineSearch, .weightDecay]
      ),
      (
        TrainingConfiguration(optimizer: .newton(damping: 0, lineSearch: true), schedule: .exponential(gamma: 0.5)),
        [.method, .schedule]
      ),
    ]
    for (configuration, fields) in cases {
      #expect(throws: ConfigurationError.self) { try configuration.validate() }
      do {
        try configuration.validate()
      } catch {
        #expect(error.fields == fields, "\(error)")
      }
    }
  }
}
