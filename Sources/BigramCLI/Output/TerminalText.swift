/// User text made safe to show on a terminal: control characters and bidirectional formatting
/// characters written as `\u{…}`, as Swift writes them in a string literal.
///
/// A word or path echoed raw could recolour the terminal (`score $'a\e[31mRED'` wrote ESC to it),
/// split a one-line message (a newline inside a word), or reorder the rest of the line (U+202E,
/// RIGHT-TO-LEFT OVERRIDE, in a corpus word or a file name).
enum TerminalText {
  /// `text` for a one-line message on stderr: every control character (newline and tab included),
  /// bidi control and line or paragraph separator escaped.
  static func message(_ text: String) -> String {
    escaping(text) { _ in false }
  }

  /// `text` for stdout and for argument-parser's multi-line messages: as ``message(_:)`` but line
  /// breaks and tabs, which lay the output out, kept.
  static func output(_ text: String) -> String {
    escaping(text) { $0 == "\n" || $0 == "\t" }
  }

  /// Whether `scalar` cannot be shown as itself: C0, DEL and C1 controls, the bidi embeddings,
  /// overrides, isolates and marks, and U+2028/U+2029.
  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func escaping(_ text: String, keeping kept: (Unicode.Scalar) -> Bool) -> String {
    // Most text needs nothing: return it as it is without rebuilding it.
    guard text.unicodeScalars.contains(where: { isUnsafe($0) && !kept($0) }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar) && !kept(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
