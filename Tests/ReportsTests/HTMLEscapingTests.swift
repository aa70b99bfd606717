import Reports
import Testing

@Suite("HTMLEscaping")
struct HTMLEscapingTests {
  @Test("escapes the five HTML-significant characters, ampersand first so nothing is escaped twice")
  func fiveCharacters() {
    #expect(HTMLEscaping.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
    #expect(HTMLEscaping.escape("Tom & \"Jerry's\"") == "Tom &amp; &quot;Jerry&#39;s&quot;")
    #expect(HTMLEscaping.escape("&lt;") == "&amp;lt;")
  }

  @Test("leaves other text alone, including non-ASCII, tabs and newlines")
  func plainText() {
    #expect(HTMLEscaping.escape("P(b | a) = 0.0166 → ∑ é\t\n") == "P(b | a) = 0.0166 → ∑ é\t\n")
  }

  @Test("replaces control characters XML 1.0 forbids with U+FFFD")
  func controlCharacters() {
    #expect(HTMLEscaping.escape("a\u{0}b\u{7}c\u{1B}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
  }

  @Test("isolates text with bidi controls, closing what it opens and dropping a stray PDI")
  func bidiControls() {
    #expect(HTMLEscaping.escape("ab\u{202E}cd") == "\u{2068}ab\u{202E}cd\u{2069}")
    #expect(HTMLEscaping.escape("\u{2069}\u{202E}x") == "\u{2068}\u{202E}x\u{2069}")
    #expect(HTMLEscaping.escape("\u{2067}a<") == "\u{2068}\u{2067}a&lt;\u{2069}\u{2069}")
    #expect(HTMLEscaping.escape("\u{2066}a\u{2069}b") == "\u{2068}\u{2066}a\u{2069}b\u{2069}")
    #expect(HTMLEscaping.escape("\u{200F}mark") == "\u{200F}mark")
  }
}
