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

  /// Writes the history, weights and checkpoint, creating the folder if needed. The checkpoint
  /// goes last and records how many history lines are its own, so a complete checkpoint is never
  /// paired with a shorter history.
  ///
  /// `history` is the whole history of the run. When the files already hold exactly its first
  /// `onDisk` records (a resumed run saved where it came from), only the new records are appended,
  /// so saving costs O(new steps); otherwise both files are rewritten atomically.
  public func save<Model>(_ checkpoint: ModelCheckpoint<Model>, history: [TrainingRecord], onDisk: Int? = nil)
    throws
  {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      // Reported like any failed write (exit 74), with the system's reason: a file in the way,
      // a missing or read-only parent, no permission.
      throw AtomicFile.WriteError(path: url.path, step: "create the directory", code: error.posixCode ?? EIO)
    }
    let csvURL = url.appendingPathComponent(Self.historyCSVName)
    let jsonURL = url.appendingPathComponent(Self.historyJSONLinesName)
    if let onDisk, onDisk <= history.count, onDisk > 0 {
      let new = Array(history[onDisk...])
      if !new.isEmpty {
        var rows = Self.historyTable(new).text
        // The header is already in the file.
        if let headerEnd = rows.range(of: "\r\n") { rows.removeSubrange(rows.startIndex..<headerEnd.upperBound) }
        try AtomicFile.append(Data(rows.utf8), to: csvURL)
        try AtomicFile.append(try JSONLines.encode(new), to: jsonURL)
      }
    } else {
      try Self.historyTable(history).write(to: csvURL)
      try JSONLines.write(history, to: jsonURL)
    }
    if let model = checkpoint.model as? SoftmaxBigram {
      try NumPyArray.write(model.weights, to: url.appendingPathComponent(Self.weightsName))
    }
    try AtomicFile.write(try checkpoint.encoded(), to: checkpointURL)
  }

  /// Reads and verifies the checkpoint in the folder (without its history).
  ///
  /// - Throws: ``CheckpointError`` when there is none or it is damaged.
  public func loadCheckpoint() throws(CheckpointError) -> Checkpoint {
    try loadCheckpoint(of: SoftmaxBigram.self)
  }

  /// Reads and verifies the checkpoint of a `Model` in the folder (without its history).
  ///
  /// - Throws: ``CheckpointError`` when there is none or it is damaged.
  public func loadCheckpoint<Model>(of _: Model.Type) throws(CheckpointError) -> ModelCheckpoint<Model> {
    try ModelCheckpoint<Model>(decoding: checkpointBytes(), source: checkpointURL.path)
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

  /// The history records that belong to `checkpoint` (the first ``ModelCheckpoint/historyCount``
  /// lines of `history.jsonl`), and how many complete lines the file holds.
  ///
  /// - Throws: ``CheckpointError/malformed(path:reason:)`` when the file is missing, shorter than
  ///   the checkpoint says, or its records do not fit the checkpoint's steps.
  public func loadHistory<Model>(of checkpoint: ModelCheckpoint<Model>) throws(CheckpointError)
    -> (records: [TrainingRecord], linesOnDisk: Int)
  {
    let jsonURL = url.appendingPathComponent(Self.historyJSONLinesName)
    let path = jsonURL.path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .malformed(path: path, reason: "the history beside the checkpoint is missing")
    }
    // Only complete lines count: an append cut short by a crash leaves a partial last line.
    var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    if data.last != 0x0A { lines.removeLast() } else if lines.last?.isEmpty == true { lines.removeLast() }
    guard lines.count >= checkpoint.historyCount else {
      throw .malformed(
        path: path, reason: "\(lines.count) history records, the checkpoint needs \(checkpoint.historyCount)")
    }
    let kept = lines.prefix(checkpoint.historyCount).reduce(into: Data()) {
      $0.append($1); $0.append(0x0A)
    }
    let records: [TrainingRecord]
    do {
      records = try JSONLines.decode(TrainingRecord.self, from: kept)
    } catch {
      throw .malformed(path: path, reason: String(describing: error))
    }
    guard records.enumerated().allSatisfy({ $0.offset == $0.element.step }),
      records.allSatisfy({ [$0.loss, $0.nll, $0.gradNorm, $0.learningRate].allSatisfy(\.isFinite) })
    else { throw .malformed(path: path, reason: "the history's steps are out of order or hold NaN or infinity") }
    return (records, lines.count)
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
