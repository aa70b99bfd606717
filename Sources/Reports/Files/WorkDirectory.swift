import CharLM
import Foundation

/// A training run's folder (makemore's `--work-dir`): the checkpoint, the history as CSV and as
/// JSON Lines, and the weights as a NumPy `.npy` file, each written atomically.
public struct WorkDirectory: Sendable {
  /// The checkpoint file: header line, then JSON (see ``Checkpoint``).
  public static let checkpointName = "checkpoint.bigram"
  /// The training history, one CSV line per step.
  public static let historyCSVName = "history.csv"
  /// The training history, one JSON object per line.
  public static let historyJSONLinesName = "history.jsonl"
  /// The trained W as float64 `.npy`.
  public static let weightsName = "weights.npy"

  /// The folder.
  public let url: URL

  /// The work directory at `path`.
  public init(path: String) {
    url = URL(fileURLWithPath: path, isDirectory: true)
  }

  /// The checkpoint's path.
  public var checkpointURL: URL { url.appendingPathComponent(Self.checkpointName) }

  /// Writes the checkpoint, history and weights, creating the folder if needed. The checkpoint
  /// goes last, so a complete checkpoint is never paired with an older history.
  public func save(_ checkpoint: Checkpoint) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      // Reported like any failed write (exit 74), with the system's reason: a file in the way,
      // a missing or read-only parent, no permission.
      throw AtomicFile.WriteError(path: url.path, step: "create the directory", code: error.posixCode ?? EIO)
    }
    let records = checkpoint.state.history.records
    try Self.historyTable(records).write(to: url.appendingPathComponent(Self.historyCSVName))
    try JSONLines.write(records, to: url.appendingPathComponent(Self.historyJSONLinesName))
    try NumPyArray.write(checkpoint.state.weights, to: url.appendingPathComponent(Self.weightsName))
    try AtomicFile.write(try checkpoint.encoded(), to: checkpointURL)
  }

  /// Reads and verifies the checkpoint in the folder.
  ///
  /// - Throws: ``CheckpointError`` when there is none or it is damaged.
  public func loadCheckpoint() throws(CheckpointError) -> Checkpoint {
    try Checkpoint(decoding: checkpointBytes(), source: checkpointURL.path)
  }

  /// The checkpoint file's bytes, size-checked.
  ///
  /// - Throws: ``CheckpointError/missing(path:)`` or ``CheckpointError/tooLarge(path:bytes:)``.
  func checkpointBytes() throws(CheckpointError) -> Data {
    let path = checkpointURL.path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
      FileManager.default.fileExists(atPath: path)
    else { throw .missing(path: url.path) }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
      size > Checkpoint.maximumBytes
    {
      throw .tooLarge(path: path, bytes: size)
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path: path) }
    return data
  }

  /// The history as a CSV table: step, loss, nll, gradNorm, learningRate at full precision.
  public static func historyTable(_ records: [TrainingRecord]) -> CSVTable {
    CSVTable(
      records,
      columns: [
        CSVColumn("step") { "\($0.step)" }, CSVColumn("loss") { "\($0.loss)" }, CSVColumn("nll") { "\($0.nll)" },
        CSVColumn("gradNorm") { "\($0.gradNorm)" }, CSVColumn("learningRate") { "\($0.learningRate)" },
      ])
  }
}
