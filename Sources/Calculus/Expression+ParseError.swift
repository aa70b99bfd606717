import Autodiff

extension Expression {
  /// Why ``init(parsing:)`` refused its input: what was wrong and where, as a Character offset.
  public struct ParseError: Error, Hashable, CustomStringConvertible {
    /// The text that was parsed.
    public let input: String
    /// Where the problem is: a 0-based offset into `input`'s Characters (`input.count` for its end).
    public let offset: Int
    /// What is wrong there and, where it helps, what to write instead.
    public let message: String

    /// Creates an error at Character `offset` of `input`.
    public init(input: String, offset: Int, message: String) {
      self.input = input
      self.offset = offset
      self.message = message
    }

    /// "column N: message", with N = offset + 1.
    public var description: String { "column \(offset + 1): \(message)" }

    /// The input on one line and, under it, a caret at the error column followed by the message:
    ///
    ///     x^2 + * y
    ///           ^ expected a number, variable, function or '(' here
    ///
    /// An input longer than `width` Characters is cut to a window around the error, marked by "…"
    /// at the cut ends; tabs, newlines and other control characters show as spaces so the caret
    /// stays aligned.
    public func rendered(width: Int = 72) -> String {
      precondition(width > 0, "rendered(width:) needs a positive width, got \(width)")
      let characters = Array(input)
      var start = 0
      var end = characters.count
      if characters.count > width {
        start = max(0, min(offset - width / 2, characters.count - width))
        end = start + width
      }
      let lead = start > 0 ? "…" : ""
      let tail = end < characters.count ? "…" : ""
      let visible = characters[start..<end].map { character in
        character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? " " : character
      }
      let line = lead + String(visible) + tail
      let caret = String(repeating: " ", count: lead.count + offset - start) + "^ " + message
      return line + "\n" + caret
    }
  }
}
