import Foundation

/// Builders of the report's HTML. Parameters named `html` take trusted markup written in this
/// module; everything else is text and is escaped here, so corpus words can never become markup.
///
/// The output is also well-formed XML (every element closed, only XML's five entities), so
/// tests can check the page with an XML parser.
enum HTMLMarkup {
  /// `text` escaped for element content and attribute values.
  static func escaped(_ text: String) -> String {
    HTMLEscaping.escape(text)
  }

  /// `<code>text</code>`.
  static func code(_ text: String) -> String {
    "<code>\(escaped(text))</code>"
  }

  /// A paragraph of prose.
  static func paragraph(html: String) -> String {
    "<p>\(html)</p>\n"
  }

  /// A displayed formula: its parts side by side with a wide gap, wrapping between parts.
  static func formula(html parts: String...) -> String {
    "<p class=\"formula\">" + parts.map { "<span>\($0)</span>" }.joined(separator: " ") + "</p>\n"
  }

  /// A note in small grey type.
  static func note(html: String) -> String {
    "<p class=\"note\">\(html)</p>\n"
  }

  /// A table: a header row of text, then rows of cells given as markup; columns listed in
  /// `numeric` are right-aligned with tabular figures.
  static func table(header: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
    func cell(_ tag: String, _ index: Int, _ content: String) -> String {
      numeric.contains(index) ? "<\(tag) class=\"number\">\(content)</\(tag)>" : "<\(tag)>\(content)</\(tag)>"
    }
    var html = "<table>\n<thead><tr>"
    html += header.enumerated().map { cell("th", $0.offset, escaped($0.element)) }.joined()
    html += "</tr></thead>\n<tbody>\n"
    for row in rows {
      html += "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }

  /// An inline SVG chart in a `<figure>`.
  ///
  /// The SVG namespace declaration is dropped: HTML puts an inline `<svg>` in that namespace by
  /// itself, and without it the page holds no URL at all, which its checks insist on.
  static func figure(svg: String, id: String? = nil) -> String {
    let inline = svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    return (id.map { "<figure id=\"\($0)\">" } ?? "<figure>") + "\n\(inline)</figure>\n"
  }

  /// An integer with thousands separators, e.g. 228,146.
  static func integer(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
      grouped.append(digit)
    }
    return (value < 0 ? "−" : "") + grouped
  }

  /// A number with `digits` decimals; infinities as ∞, and magnitudes from 10¹⁵ on (a diverged
  /// loss) in scientific notation rather than as a hundred digits.
  static func fixed(_ value: Double, _ digits: Int = 4) -> String {
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if abs(value) >= 1e15 { return scientific(value, digits) }
    return String(format: "%.\(digits)f", value)
  }

  /// A fraction as a whole percentage, e.g. 0.846 → 85%; any Double is accepted (a diverged run
  /// closes −10⁷³ of its gap), so this never converts to `Int`.
  static func percent(_ fraction: Double) -> String {
    fixed(100 * fraction, 0) + "%"
  }

  /// A number in scientific notation with `digits` decimals, e.g. 1.234e-05.
  static func scientific(_ value: Double, _ digits: Int = 3) -> String {
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    return String(format: "%.\(digits)e", value)
  }

  /// A learning rate or similar setting: whole numbers without decimals, others to 4 digits.
  static func number(_ value: Double) -> String {
    formatValue(value)
  }
}
