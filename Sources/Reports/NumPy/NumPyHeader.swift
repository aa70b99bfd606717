import Foundation

/// The header of a `.npy` file: dtype, memory order and shape
/// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
///
/// On disk: the magic `\x93NUMPY`, a major and a minor version byte, the header length (uint16
/// little-endian in 1.0, uint32 in 2.0 and 3.0), then the header — a Python dict literal, Latin-1
/// (1.0, 2.0) or UTF-8 (3.0), padded with spaces and a final newline so the data starts at a
/// multiple of 64 bytes — then the scalars.
struct NumPyHeader: Sendable {
  /// A floating-point dtype this reader understands.
  enum ScalarType: Sendable {
    case float32
    case float64

    /// Bytes per scalar: 4 or 8.
    var byteCount: Int {
      switch self {
      case .float32: 4
      case .float64: 8
      }
    }
  }

  static let magic: [UInt8] = Array("\u{93}NUMPY".unicodeScalars.map { UInt8($0.value) })
  /// NumPy's `ARRAY_ALIGN`: the data of every file it writes starts at a multiple of this.
  static let alignment = 64
  /// NumPy's `GROWTH_AXIS_MAX_DIGITS`: it pads headers so the first extent can grow to this many
  /// digits in place; matching it makes our files byte-identical to `numpy.save`'s.
  static let growthAxisDigits = 21

  var scalarType: ScalarType
  var isBigEndian: Bool
  var isFortranOrder: Bool
  var shape: [Int]

  init(scalarType: ScalarType, isBigEndian: Bool, isFortranOrder: Bool, shape: [Int]) {
    self.scalarType = scalarType
    self.isBigEndian = isBigEndian
    self.isFortranOrder = isFortranOrder
    self.shape = shape
  }

  /// Parses the header dict: keys 'descr', 'fortran_order' and 'shape' in any order, nothing else;
  /// `path` names the file in errors.
  init(dictionary text: String, path: String) throws(NumPyFileError) {
    func refuse(_ reason: NumPyFileError.Reason) -> NumPyFileError {
      NumPyFileError(path: path, reason: reason)
    }
    let literal: PythonLiteral
    do {
      literal = try PythonLiteral(parsing: text)
    } catch {
      throw refuse(.malformedHeader("\(error.message) at character \(error.offset) of \(Self.quoted(text))"))
    }
    guard case .dictionary(let pairs) = literal else {
      throw refuse(.malformedHeader("expected a dict, found \(Self.quoted(text))"))
    }
    var values: [String: PythonLiteral] = [:]
    for (key, value) in pairs {
      guard case .string(let name) = key, ["descr", "fortran_order", "shape"].contains(name) else {
        throw refuse(.malformedHeader("unexpected key \(key.pythonDescription) in \(Self.quoted(text))"))
      }
      guard values.updateValue(value, forKey: name) == nil else {
        throw refuse(.malformedHeader("key '\(name)' appears twice in \(Self.quoted(text))"))
      }
    }
    guard let descr = values["descr"], let order = values["fortran_order"], let shape = values["shape"] else {
      throw refuse(
        .malformedHeader("'descr', 'fortran_order' and 'shape' are all required, found \(Self.quoted(text))"))
    }
    guard case .boolean(let isFortranOrder) = order else {
      throw refuse(.malformedHeader("'fortran_order' must be True or False, found \(order.pythonDescription)"))
    }
    guard case .tuple(let extentLiterals) = shape else {
      throw refuse(.malformedHeader("'shape' must be a tuple, found \(shape.pythonDescription)"))
    }
    var extents: [Int] = []
    for extent in extentLiterals {
      guard case .integer(let n) = extent, n >= 0 else {
        throw refuse(.malformedHeader("'shape' must hold non-negative integers, found \(shape.pythonDescription)"))
      }
      extents.append(n)
    }
    switch descr {
    case .string("<f8"): scalarType = .float64; isBigEndian = false
    case .string(">f8"): scalarType = .float64; isBigEndian = true
    case .string("<f4"): scalarType = .float32; isBigEndian = false
    case .string(">f4"): scalarType = .float32; isBigEndian = true
    default: throw refuse(.unsupportedDType(descr.pythonDescription))
    }
    self.isFortranOrder = isFortranOrder
    self.shape = extents
  }

  /// The header dict as NumPy writes it, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }`.
  var dictionary: String {
    let byteOrder = isBigEndian ? ">" : "<"
    let extents = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
    return "{'descr': '\(byteOrder)f\(scalarType.byteCount)', 'fortran_order': \(isFortranOrder ? "True" : "False"), "
      + "'shape': (\(extents)), }"
  }

  /// The full format-1.0 prefix: magic, version, length and the space-padded dict ending in a
  /// newline, so that the data that follows starts at a multiple of ``alignment``.
  var encoded: [UInt8] {
    precondition(!shape.isEmpty, "NumPyHeader.encoded writes rank ≥ 1, shape is \(shape)")
    let growthIndex = isFortranOrder ? shape.count - 1 : 0
    let growthPadding = String(repeating: " ", count: max(0, Self.growthAxisDigits - String(shape[growthIndex]).count))
    let text = Array((dictionary + growthPadding).utf8)
    let fixedLength = Self.magic.count + 2 + 2
    let unpadded = fixedLength + text.count + 1
    // NumPy pads by 1…64 bytes (a full 64 when already aligned); doing the same keeps the bytes identical.
    let padding = Self.alignment - unpadded % Self.alignment
    let headerLength = text.count + padding + 1
    precondition(headerLength <= Int(UInt16.max), "a format 1.0 header holds at most 65535 bytes, need \(headerLength)")
    return Self.magic + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)] + text
      + Array(repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]
  }

  /// The header text for an error message, cut to a readable length.
  private static func quoted(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return "\"" + (trimmed.count > 200 ? trimmed.prefix(200) + "…" : trimmed) + "\""
  }
}
