import Autodiff
import Foundation

/// A saved training run: the model (vocabulary and W), the options, the full training state
/// (step, optimizer and schedule state, data order, history) and what data it was trained on.
///
/// On disk it is one header line, `bigram-checkpoint 1 fnv1a64=<16 hex digits> bytes=<n>`, then
/// n bytes of JSON. The length catches truncation and the FNV-1a checksum catches corruption
/// before any of the JSON is trusted.
public struct Checkpoint: Sendable, Equatable, Codable {
  /// The format version written by this build.
  public static let version = 1
  /// The largest checkpoint file read (a V = 1,024 model with its history is far below it).
  public static let maximumBytes = 512 << 20

  /// The model's symbols.
  public let vocabulary: Vocabulary
  /// The options of the run.
  public let options: TrainingOptions
  /// The state of the run, weights included.
  public let state: TrainingState
  /// Where the training words came from.
  public let source: String
  /// The number of bigram events trained on, to catch a resume with other data.
  public let events: Int
  /// How often the run's table printed a history row (`bigram train --log-every K`), so a resumed
  /// run logs alike; nil when it was not given (checkpoints written before it existed decode as nil).
  public var logEvery: Int? = nil

  /// Creates a checkpoint.
  public init(vocabulary: Vocabulary, options: TrainingOptions, state: TrainingState, source: String, events: Int) {
    self.vocabulary = vocabulary
    self.options = options
    self.state = state
    self.source = source
    self.events = events
  }

  /// The trained model.
  public var model: SoftmaxBigram { SoftmaxBigram(vocabulary: vocabulary, weights: state.weights) }

  /// The checkpoint's bytes: the header line and the JSON payload.
  public func encoded() throws -> Data {
    // A state may legitimately hold infinity (reduce-on-plateau's best loss before the first
    // update), which plain JSON cannot; NaN is written too, and refused in weights and history.
    CheckpointEnvelope.seal(try CheckpointEnvelope.encode(self), tag: "bigram-checkpoint", version: Self.version)
  }

  /// Reads and verifies a checkpoint; `source` names it in errors.
  ///
  /// - Throws: ``CheckpointError`` for a file that is not a checkpoint, truncated, corrupted,
  ///   of another version or model kind, or whose contents do not fit together (shape,
  ///   non-finite weights).
  public init(decoding data: Data, source: String) throws(CheckpointError) {
    let payload = try CheckpointEnvelope.open(data, tag: "bigram-checkpoint", version: Self.version, source: source)
    let checkpoint = try CheckpointEnvelope.decode(Checkpoint.self, from: payload, source: source)
    let v = checkpoint.vocabulary.count
    guard checkpoint.state.weights.shape == [v, v] else {
      throw .malformed(path: source, reason: "weights of shape \(checkpoint.state.weights.shape) for \(v) symbols")
    }
    guard checkpoint.state.weights.isFinite else { throw .nonFinite(path: source) }
    guard checkpoint.state.step >= 0,
      checkpoint.state.history.records.count == checkpoint.state.step
        || checkpoint.state.history.records.count == checkpoint.state.step + 1
    else { throw .malformed(path: source, reason: "step \(checkpoint.state.step) does not match its history") }
    if let problem = checkpoint.inconsistency { throw .malformed(path: source, reason: problem) }
    self = checkpoint
  }

  /// FNV-1a, 64 bits, as 16 lowercase hex digits (Fowler, Noll and Vo).
  static func checksum(_ bytes: some Sequence<UInt8>) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
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
      return "\(path): checkpoint format version \(version), this bigram reads version \(Checkpoint.version); retrain"
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
