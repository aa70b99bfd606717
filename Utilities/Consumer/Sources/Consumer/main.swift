import CharLM
import Foundation
import Reports

// Train the softmax bigram on the built-in names for 20 steps of gradient descent, through the
// public API only, and print the first and last loss.
let configuration = TrainingConfiguration(optimizer: .gradientDescent(learningRate: 50, lineSearch: false), steps: 20)
do {
  try configuration.validate()
  let data = try TrainingData(corpus: .builtIn, configuration: configuration)
  var trainer = try ModelTrainer(
    objective: data.trainingObjective(for: configuration), configuration: configuration,
    model: .zeros(vocabulary: data.counts.vocabulary))
  _ = try trainer.run()
  let losses = trainer.state.history.records.map(\.loss)
  print("consumer: loss \(losses.first ?? .nan) → \(losses.last ?? .nan) in \(trainer.state.step) steps")
  print(WorkDirectory.historyTable(trainer.state.history.records).rows.count, "history rows")
} catch {
  print("consumer: \(error)")
  exit(1)
}
