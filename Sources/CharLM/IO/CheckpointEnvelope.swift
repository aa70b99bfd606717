import Foundation

/// The framing shared by every checkpoint kind: one header line
/// `<tag> <version> fnv1a64=<16 hex digits> bytes=<n>`, then n bytes of JSON. The length catches
/// truncation and the FNV-1a checksum catches corruption before any of the JSON is trusted; the
/// tag tells the model kinds apart, so a command given another kind's checkpoint says so.
enum CheckpointEnvelope {
  /// The tag of each model kind's checkpoint, and the name commands use for it.
  static let kinds = ["bigram-checkpoint": "softmax", "bigram-mlp-checkpoint": "mlp"]

  /// The header line and `payload`.
  static func seal(_ payload: Data, tag: String, version: Int) -> Data {
    let header = "\(tag) \(version) fnv1a64=\(Checkpoint.checksum(payload)) bytes=\(payload.count)\n"
    return Data(header.utf8) + payload
  }

  /// The verified payload of a checkpoint of kind `tag`.
  ///
  /// - Throws: ``CheckpointError`` for a file that is too large, not a checkpoint, another model
  ///   kind's, another version's, truncated or corrupted.
  static func open(_ data: Data, tag: String, version: Int, source: String) throws(CheckpointError) -> Data {
    guard data.count <= Checkpoint.maximumBytes else { throw .tooLarge(path: source, bytes: data.count) }
    guard let newline = data.firstIndex(of: 0x0A), newline - data.startIndex <= 200,
      let header = String(data: data[data.startIndex..<newline], encoding: .utf8)
    else { throw .notACheckpoint(path: source) }
    let fields = header.split(separator: " ")
    guard fields.count == 4, let found = kinds[String(fields[0])], fields[2].hasPrefix("fnv1a64="),
      fields[3].hasPrefix("bytes="),
      let length = Int(fields[3].dropFirst(6))
    else { throw .notACheckpoint(path: source) }
    guard fields[0] == tag else {
      throw .otherModelKind(path: source, found: found, expected: kinds[tag] ?? tag)
    }
    guard fields[1] == "\(version)" else { throw .unsupportedVersion(path: source, version: String(fields[1])) }
    let payload = data[(newline + 1)...]
    guard payload.count == length else { throw .truncated(path: source, expected: length, found: payload.count) }
    guard Checkpoint.checksum(payload) == fields[2].dropFirst(8) else { throw .checksumMismatch(path: source) }
    return Data(payload)
  }

  /// How ±∞ and NaN are spelled in the JSON: as the strings "Infinity", "-Infinity" and "NaN".
  static let nonFiniteStrategy = (
    encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN"),
    decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
  )

  /// The sorted-keys JSON of `value`.
  static func encode(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = nonFiniteStrategy.encoding
    return try encoder.encode(value)
  }

  /// `type` decoded from `payload`.
  static func decode<Value: Decodable>(_ type: Value.Type, from payload: Data, source: String) throws(CheckpointError)
    -> Value
  {
    do {
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = nonFiniteStrategy.decoding
      return try decoder.decode(type, from: payload)
    } catch {
      throw .malformed(path: source, reason: String(describing: error))
    }
  }
}
