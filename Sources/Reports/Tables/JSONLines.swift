import CharLM
import Foundation

/// JSON Lines (https://jsonlines.org): one compact JSON value per line, each ended by `\n`.
///
/// Keys are sorted so that files diff cleanly. JSON has no NaN or infinity, yet a divergent run
/// must still be logged, so non-finite doubles are written as the strings "NaN", "Infinity" and
/// "-Infinity" (and read back from them).
public enum JSONLines {
  /// The UTF-8 bytes of `values`, one JSON document per line.
  public static func encode<Value: Encodable>(_ values: some Sequence<Value>) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    var data = Data()
    for value in values {
      data.append(try encoder.encode(value))
      data.append(UInt8(ascii: "\n"))
    }
    return data
  }

  /// Decodes one `Value` per non-empty line; an error names the line number.
  public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> [Value] {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    var values: [Value] = []
    for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
    where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
      do {
        values.append(try decoder.decode(Value.self, from: Data(line)))
      } catch {
        throw LineError(line: index + 1, underlying: String(describing: error))
      }
    }
    return values
  }

  /// Writes `values` to `url` as JSON Lines, atomically (see `AtomicFile`).
  public static func write<Value: Encodable>(_ values: some Sequence<Value>, to url: URL) throws {
    try AtomicFile.write(encode(values), to: url)
  }

  /// A line that does not decode: its 1-based number and the decoder's explanation.
  public struct LineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The 1-based line number.
    public var line: Int
    /// What the JSON decoder reported.
    public var underlying: String

    /// "line N: <reason> — …".
    public var description: String {
      "line \(line): \(underlying) — each line must be one JSON object of the expected form"
    }
  }
}
