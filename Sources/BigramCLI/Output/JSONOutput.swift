import Foundation

/// Writes results as JSON: one object, keys sorted, numbers at full precision, ±∞ as strings.
enum JSONOutput {
  /// Encodes `value` as the single JSON object a command prints.
  static func string(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // JSON has no infinity; an unsmoothed model's NLL can be +∞, so say so in words, never NaN.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Prints `value` as JSON on stdout.
  static func print(_ value: some Encodable) throws {
    StandardStreams.output(try string(value) + "\n")
  }
}
