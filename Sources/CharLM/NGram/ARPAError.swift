/// Why an ARPA file could not be read: each case names the file (and line) and says what to do.
public enum ARPAError: Error, Equatable, CustomStringConvertible {
  /// Nothing exists at the path.
  case fileNotFound(path: String)
  /// The file exists but could not be read.
  case unreadable(path: String, reason: String)
  /// The file is larger than ``ARPAModel/maximumBytes``.
  case tooLarge(path: String, limit: Int)
  /// Line `line` breaks the format: `reason` says how.
  case malformed(path: String, line: Int, reason: String)

  /// One sentence of what was found and where, then what to do.
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file; give an ARPA file written by `bigram counts --arpa FILE` or by KenLM's lmplz"
    case .unreadable(let path, let reason):
      return "\(path): cannot be read (\(reason)); pass an ARPA file that you may read"
    case .tooLarge(let path, let limit):
      return "\(path): more than \(limit >> 20) MiB, too large for a character ARPA model; is this the right file?"
    case .malformed(let path, let line, let reason):
      return "\(path):\(line): \(reason); the file is not a usable character ARPA model "
        + "(write one with `bigram counts --arpa FILE`)"
    }
  }
}
