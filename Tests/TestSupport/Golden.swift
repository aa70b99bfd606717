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
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
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
    guard let number = current as? NSNumber else { throw Missing(description: "golden \(path) is not a number") }
    return number.doubleValue
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
