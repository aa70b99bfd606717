import Autodiff
import Foundation

/// The softmax bigram's checkpoint.
public typealias Checkpoint = ModelCheckpoint<SoftmaxBigram>

/// A saved training run: the configuration, the training state (the model with its parameters and
/// untrained state, the step, optimizer and schedule state, data order) and what data it was
/// trained on (where from, how many events, and a fingerprint of them). Its size is O(parameters)
/// whatever the number of steps: the history lives beside it in the work directory.
///
/// On disk it is one header line, `bigram-checkpoint 2 fnv1a64=<16 hex digits> bytes=<n>`, then
/// n bytes of JSON. The length catches truncation and the FNV-1a checksum catches corruption
/// before any of the JSON is trusted; then every field is checked for sanity (a checksum proves
/// integrity, not that the values can run), so an edited file is refused, never run.
public struct ModelCheckpoint<Model: TrainableModel>: Sendable, Equatable, Codable {
  /// The format version written by this build (1: the history was inside; refused with a message).
  public static var version: Int { 2 }
  /// The largest checkpoint file read (a V = 1,024 bigram model is about 20 MB).
  public static var maximumBytes: Int { 512 << 20 }

  /// The run's configuration.
  public let configuration: TrainingConfiguration
  /// The state of the run, the model included.
  public let state: ModelTrainingState<Model>
  /// Where the training words came from.
  public let source: String
  /// The number of training events (for messages).
  public let events: Int
  /// The fingerprint of the training events (``Corpus/fingerprint``), to refuse other data.
  public let fingerprint: String
  /// How many history records belong to this state (`state.step` or `state.step + 1`): the
  /// first lines of `history.jsonl`.
  public let historyCount: Int
  /// How often the run's table printed a history row (`bigram train --log-every K`), so a resumed
  /// run logs alike; nil when it was not given (checkpoints written before it existed decode as nil).
  public var logEvery: Int? = nil
  /// Where the train, dev and test parts came from when the run held some words out
  /// (`bigram train --split` or `--train/--dev/--test`); nil when it trained on the whole corpus
  /// (and in checkpoints written before it existed). The fingerprint is of the train part.
  public var heldOut: MLPCheckpoint.DataSource? = nil

  /// Creates a checkpoint of `state` (its history's length is recorded).
  public init(
    configuration: TrainingConfiguration, state: ModelTrainingState<Model>, source: String, events: Int,
    fingerprint: String
  ) {
    self.configuration = configuration
    self.state = state
    self.source = source
    self.events = events
    self.fingerprint = fingerprint
    historyCount = state.history.records.count
  }

  /// The run's settings as flat options.
  public var options: TrainingOptions { TrainingOptions(configuration) }

  /// The trained model.
  public var model: Model { state.model }

  /// The checkpoint's bytes: the header line and the JSON payload.
  public func encoded() throws -> Data {
    // A state may legitimately hold infinity (reduce-on-plateau's best loss before the first
    // update), which plain JSON cannot; NaN is written too, and refused when read.
    CheckpointEnvelope.seal(try CheckpointEnvelope.encode(self), tag: "bigram-checkpoint", version: Self.version)
  }

  /// Reads and verifies a checkpoint; `source` names it in errors.
  ///
  /// - Throws: ``CheckpointError`` for a file that is not a checkpoint, truncated, corrupted,
  ///   of another version or model kind, or whose contents cannot run (a setting out of range, a
  ///   shape that does not fit, non-finite parameters, optimizer or schedule state of another run).
  public init(decoding data: Data, source: String) throws(CheckpointError) {
    let payload = try CheckpointEnvelope.open(data, tag: "bigram-checkpoint", version: Self.version, source: source)
    let checkpoint = try CheckpointEnvelope.decode(Self.self, from: payload, source: source)
    guard checkpoint.state.model.parameters.allSatisfy(\.isFinite) else { throw .nonFinite(path: source) }
    do {
      try checkpoint.configuration.validate()
    } catch {
      throw .malformed(path: source, reason: "a setting cannot run: \(error)")
    }
    if let problem = checkpoint.inconsistency { throw .malformed(path: source, reason: problem) }
    self = checkpoint
  }
}

extension ModelCheckpoint {
  /// FNV-1a, 64 bits, as 16 lowercase hex digits: the checksum in the header.
  static func checksum(_ bytes: some Sequence<UInt8>) -> String { FNV1a.hexDigest(bytes) }
}

extension ModelCheckpoint where Model == SoftmaxBigram {
  /// The model's symbols.
  public var vocabulary: Vocabulary { state.model.vocabulary }
}

/// A checkpoint that cannot be used: each case names the file and says what to do.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  /// No checkpoint at the path.
  case missing(path: String)
  /// The file does not start with a checkpoint header.
  case notACheckpoint(path: String)
  /// Written by another version of the format.
  case unsupportedVersion(path: String, version: String)
  /// Fewer (or more) payload bytes than the header promises.
  case truncated(path: String, expected: Int, found: Int)
  /// The payload does not match its checksum.
  case checksumMismatch(path: String)
  /// The JSON does not describe a valid checkpoint.
  case malformed(path: String, reason: String)
  /// The weights hold NaN or infinity.
  case nonFinite(path: String)
  /// Larger than any checkpoint could be.
  case tooLarge(path: String, bytes: Int)
  /// A checkpoint of another model kind (an MLP run given where a softmax bigram is needed, or
  /// the reverse).
  case otherModelKind(path: String, found: String, expected: String)

  /// What is wrong and what to do.
  public var description: String {
    switch self {
    case .missing(let path):
      return "\(path): no checkpoint here; train one with `bigram train -o DIR`"
    case .notACheckpoint(let path):
      return "\(path): not a bigram checkpoint (no header line); pass the directory written by `bigram train -o DIR`"
    case .unsupportedVersion(let path, let version):
      return "\(path): checkpoint format version \(version), this bigram reads version \(Checkpoint.version) only "
        + "(version 1 kept the whole history inside the checkpoint); retrain with `bigram train -o DIR`"
    case .truncated(let path, let expected, let found):
      return
        "\(path): truncated checkpoint (\(found) of \(expected) bytes); it was cut short, retrain or restore a copy"
    case .checksumMismatch(let path):
      return
        "\(path): the checkpoint's checksum does not match its contents: the file is corrupted; retrain or restore a copy"
    case .malformed(let path, let reason):
      return "\(path): damaged checkpoint (\(reason)); retrain or restore a copy"
    case .nonFinite(let path):
      return "\(path): the checkpoint's weights hold NaN or infinity; retrain with a smaller learning rate"
    case .otherModelKind(let path, let found, let expected):
      return "\(path): a checkpoint of the \(found) model, but this command needs the \(expected) model; "
        + (expected == "mlp"
          ? "train one with `bigram train --model mlp -o DIR`"
          : "this command works on `bigram train` (softmax) runs only")
    case .tooLarge(let path, let bytes):
      return
        "\(path): \(bytes) bytes is larger than any checkpoint (\(Checkpoint.maximumBytes) at most); is this the right file?"
    }
  }
}
