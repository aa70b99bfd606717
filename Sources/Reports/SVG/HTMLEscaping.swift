/// Escapes text for HTML and SVG, in element content and in quoted attribute values alike.
public enum HTMLEscaping {
  /// `text` with `&`, `<`, `>`, `"`, `'` replaced by `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`,
  /// and characters XML 1.0 forbids (C0 controls other than tab, LF and CR) replaced by U+FFFD.
  ///
  /// Text holding bidi embeddings, overrides or isolates (a corpus word with U+202E, RIGHT-TO-LEFT
  /// OVERRIDE) is isolated, U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, so it
  /// cannot reorder the page or the plot around it: the closing PDI ends every embedding opened
  /// inside (UAX #9, X6a). Isolates the text opens are closed before it; a PDI of the text's that
  /// would close the outer isolate early is dropped (it is invisible and closes nothing of its own).
  public static func escape(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    let isolates = text.unicodeScalars.contains {
      (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
    }
    var openIsolates = 0
    if isolates { result.unicodeScalars.append("\u{2068}") }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\u{2066}", "\u{2067}", "\u{2068}":
        openIsolates += 1
        result.unicodeScalars.append(scalar)
      case "\u{2069}":
        guard openIsolates > 0 else { continue }
        openIsolates -= 1
        result.unicodeScalars.append(scalar)
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      // Even as a character reference, a control character makes the document ill-formed XML.
      case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result.unicodeScalars.append("\u{FFFD}")
      default: result.unicodeScalars.append(scalar)
      }
    }
    if isolates { result += String(repeating: "\u{2069}", count: openIsolates + 1) }
    return result
  }
}
