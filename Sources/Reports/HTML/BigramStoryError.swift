/// A corpus the report cannot tell its story on.
public enum BigramStoryError: Error, Equatable, CustomStringConvertible {
  /// The corpus at `source` has `count` symbols, more than `limit`.
  case tooManySymbols(source: String, count: Int, limit: Int)

  /// What was found and what to do.
  public var description: String {
    switch self {
    case .tooManySymbols(let source, let count, let limit):
      return "\(source): \(count) symbols, more than the \(limit) a report can show (its heat maps draw V² cells "
        + "and its curvature costs O(V⁴)); filter the words to the characters you want to model, e.g. a–z"
    }
  }
}
