/// Why a `.npy` file was refused: the file, what was found, and what to do about it.
public struct NumPyFileError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What was wrong with the file.
  public enum Reason: Equatable, Sendable {
    /// The file could not be opened or read; the system's message.
    case unreadable(String)
    /// The first six bytes are not `\x93NUMPY`; the bytes found, escaped.
    case badMagic(found: String)
    /// A format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The header length field exceeds ``NumPyArray/maximumHeaderLength``.
    case headerTooLong(Int)
    /// The file ends inside the fixed prefix or the header.
    case truncatedHeader(fileSize: Int)
    /// The header is not a dict with exactly 'descr', 'fortran_order' and 'shape'.
    case malformedHeader(String)
    /// A dtype other than little- or big-endian float64/float32.
    case unsupportedDType(String)
    /// A shape of rank other than 1 or 2.
    case unsupportedRank(shape: [Int])
    /// The product of the extents exceeds ``NumPyArray/maximumElementCount`` (or overflows `Int`).
    case tooManyElements(shape: [Int])
    /// Fewer data bytes than the shape and dtype need.
    case truncatedData(expectedBytes: Int, foundBytes: Int)
    /// More bytes after the array than the shape and dtype account for.
    case trailingBytes(count: Int)
    /// The caller demanded another shape.
    case shapeMismatch(expected: [Int], found: [Int])
    /// A NaN or infinity where the caller requires finite values; its row-major index and value.
    case nonFinite(index: [Int], value: Double)
  }

  /// The file (or other source) that was being read.
  public var path: String
  /// What was wrong.
  public var reason: Reason

  /// Creates the error for `reason` found in `path`.
  public init(path: String, reason: Reason) {
    self.path = path
    self.reason = reason
  }

  /// "<path>: <what was found> — <what to do>".
  public var description: String {
    let resave = "re-save the array with numpy.save(path, array.astype('<f8'))"
    let problem: String
    switch reason {
    case .unreadable(let message):
      problem = "cannot be read (\(message)) — check the path and its permissions"
    case .badMagic(let found) where found.isEmpty:
      problem = "is empty, not a NumPy .npy file — \(resave)"
    case .badMagic(let found):
      problem = "is not a NumPy .npy file (it starts with \"\(found)\", not \"\\x93NUMPY\") — \(resave)"
    case .unsupportedVersion(let major, let minor):
      problem = ".npy format version \(major).\(minor) is not supported (only 1.0, 2.0 and 3.0) — \(resave)"
    case .headerTooLong(let length):
      problem =
        "declares a \(length)-byte header, more than the \(NumPyArray.maximumHeaderLength) allowed — "
        + "the file is damaged or not a plain float array; \(resave)"
    case .truncatedHeader(let size):
      problem = "ends inside its header (the file has only \(size) bytes) — the copy was cut short; \(resave)"
    case .malformedHeader(let detail):
      problem = "has a malformed header: \(detail) — \(resave)"
    case .unsupportedDType(let descr):
      problem = "holds dtype \(descr); only float64 and float32 ('<f8', '>f8', '<f4', '>f4') are read — \(resave)"
    case .unsupportedRank(let shape):
      problem =
        "holds an array of shape \(shape) (rank \(shape.count)); only vectors and matrices are read — "
        + "reshape it to one or two axes before saving"
    case .tooManyElements(let shape):
      problem =
        "declares shape \(shape), more than \(NumPyArray.maximumElementCount) elements — "
        + "the header is damaged, or the array is too large to load; save a smaller one"
    case .truncatedData(let expected, let found):
      problem =
        "is truncated: its shape and dtype need \(expected) data bytes but only \(found) are present — "
        + "the copy or write was interrupted; \(resave)"
    case .trailingBytes(let count):
      problem =
        "has \(count) unexpected bytes after the array — the file is damaged or holds more than one array; "
        + "save exactly one array per file"
    case .shapeMismatch(let expected, let found):
      problem = "holds shape \(found) but \(expected) is needed — save an array of shape \(expected)"
    case .nonFinite(let index, let value):
      problem =
        "holds \(value) at index \(index); finite values are required — "
        + "fix the run that produced it, or clean it with numpy.nan_to_num before saving"
    }
    return "\(path): \(problem)"
  }
}
