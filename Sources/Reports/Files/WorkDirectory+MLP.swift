import CharLM
import Foundation

extension WorkDirectory {
  /// The MLP's mini-batch history, one CSV line per update.
  public static let evaluationsCSVName = "evaluations.csv"

  /// Whether the folder's checkpoint is an MLP run's (false for a softmax run or no checkpoint).
  public var holdsMLP: Bool {
    guard let data = try? checkpointBytes() else { return false }
    return data.starts(with: Data("bigram-mlp-checkpoint ".utf8))
  }

  /// Writes an MLP run: history.csv (step, loss, learningRate), evaluations.csv (step, train,
  /// dev), then the checkpoint (which holds the last and the best-by-dev models), each atomically.
  public func save(_ checkpoint: MLPCheckpoint) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw AtomicFile.WriteError(path: url.path, step: "create the directory", code: error.posixCode ?? EIO)
    }
    try CSVTable(
      checkpoint.state.history,
      columns: [
        CSVColumn("step") { "\($0.step)" }, CSVColumn("loss") { "\($0.loss)" },
        CSVColumn("learningRate") { "\($0.learningRate)" },
      ]
    ).write(to: url.appendingPathComponent(Self.historyCSVName))
    try CSVTable(
      checkpoint.state.evaluations,
      columns: [
        CSVColumn("step") { "\($0.step)" }, CSVColumn("train") { "\($0.train)" },
        CSVColumn("dev") { $0.dev.map { "\($0)" } ?? "" },
      ]
    ).write(to: url.appendingPathComponent(Self.evaluationsCSVName))
    try AtomicFile.write(try checkpoint.encoded(), to: checkpointURL)
  }

  /// Reads and verifies the folder's MLP checkpoint.
  ///
  /// - Throws: ``CheckpointError`` when there is none, it is damaged, or it is a softmax run's.
  public func loadMLPCheckpoint() throws(CheckpointError) -> MLPCheckpoint {
    try MLPCheckpoint(decoding: checkpointBytes(), source: checkpointURL.path)
  }
}
