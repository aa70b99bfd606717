import Foundation

/// Golden figures written by the NumPy scripts in `Utilities/Reference/` (never by our own code).
public enum Golden {
  /// Errors reading a golden file.
  public struct Missing: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String
  }

  /// The JSON object in `Utilities/Reference/golden/<name>.json`.
  public static func load(_ name: String) throws -> [String: Any] {
    let url = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/golden/\(name).json")
    let data = try Data(contentsOf: url)
    // JSONDecoder, not JSONSerialization: the latter can be off by an ulp on Linux.
    guard let object = try JSONDecoder().decode(JSONValue.self, from: data).object as? [String: Any] else {
      throw Missing(description: "\(url.path) is not a JSON object")
    }
    return object
  }

  /// The number at a key path such as `["nll", "alpha_1"]`.
  public static func number(_ object: [String: Any], _ path: String...) throws -> Double {
    var current: Any = object
    for key in path {
      guard let dictionary = current as? [String: Any], let next = dictionary[key] else {
        throw Missing(description: "golden key path \(path) not found at \(key)")
      }
      current = next
    }
    switch current {
    case let value as Double: return value
    case let value as Int: return Double(value)
    case let value as UInt64: return Double(value)
    default: throw Missing(description: "golden \(path) is not a number")
    }
  }

  /// The value at a key path.
  public static func value(_ object: [String: Any], _ path: String...) throws -> Any {
    var current: Any = object
    for key in path {
      guard let dictionary = current as? [String: Any], let next = dictionary[key] else {
        throw Missing(description: "golden key path \(path) not found at \(key)")
      }
      current = next
    }
    return current
  }
}

/// Any JSON value, decoded exactly (integers as Int or UInt64, other numbers as Double).
private enum JSONValue: Decodable {
  case null, bool(Bool), int(Int), unsigned(UInt64), double(Double), string(String)
  case array([JSONValue]), object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(UInt64.self) {
      self = .unsigned(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// The value as Foundation-style `Any` (NSNull for null).
  var object: Any {
    switch self {
    case .null: return NSNull()
    case .bool(let value): return value
    case .int(let value): return value
    case .unsigned(let value): return value
    case .double(let value): return value
    case .string(let value): return value
    case .array(let values): return values.map(\.object)
    case .object(let values): return values.mapValues(\.object)
    }
  }
}
