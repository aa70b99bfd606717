import Foundation

/// Accumulates SVG elements as text; every attribute value and every text run is escaped here,
/// so the charts cannot forget to.
struct SVGCanvas {
  private(set) var body = ""

  /// Opens an element: `<name a="v" …>` (or self-closing with `close`), attributes in order,
  /// those with an empty value left out.
  mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], close: Bool = false) {
    body += "<" + name
    for (key, value) in attributes where !value.isEmpty {
      body += " \(key)=\"\(HTMLEscaping.escape(value))\""
    }
    body += close ? "/>\n" : ">"
  }

  /// Closes the most recent open element named `name`.
  mutating func close(_ name: String) {
    body += "</\(name)>\n"
  }

  /// A self-closing element.
  mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>) {
    open(name, attributes, close: true)
  }

  /// `<name …>text</name>` with the text escaped.
  mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String) {
    open(name, attributes)
    body += HTMLEscaping.escape(text)
    close(name)
  }

  /// A `<text>` element (none for empty content); `anchor` is start, middle or end.
  mutating func text(
    _ content: String, x: Double, y: Double, anchor: String = "middle", size: Double = 12,
    fill: String = "#222222", rotation: Double? = nil, weight: String = "normal"
  ) {
    guard !content.isEmpty else { return }
    let transform = rotation.map { "rotate(\(svg($0)) \(svg(x)) \(svg(y)))" } ?? ""
    element(
      "text",
      [
        "x": svg(x), "y": svg(y), "text-anchor": anchor, "font-size": svg(size), "fill": fill,
        "font-weight": weight, "transform": transform,
      ], text: content)
  }

  /// A straight line segment.
  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String = ""
  ) {
    element(
      "line",
      [
        "x1": svg(x1), "y1": svg(y1), "x2": svg(x2), "y2": svg(y2), "stroke": stroke,
        "stroke-width": svg(width), "stroke-dasharray": dash,
      ])
  }

  /// The canvas wrapped in an `<svg>` root element, for embedding inline in HTML.
  func fragment(width: Double, height: Double, title: String) -> String {
    var root = SVGCanvas()
    root.open(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "width": svg(width), "height": svg(height),
        "viewBox": "0 0 \(svg(width)) \(svg(height))", "font-family": "Helvetica, Arial, sans-serif",
        "role": "img", "aria-label": title,
      ])
    return root.body + "\n" + body + "</svg>\n"
  }

  /// A standalone SVG document: the XML declaration, then ``fragment(width:height:title:)``.
  func document(width: Double, height: Double, title: String) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + fragment(width: width, height: height, title: title)
  }
}

/// A coordinate or size for an attribute: at most two decimals, no trailing zeros, no "-0".
func svg(_ value: Double) -> String {
  precondition(value.isFinite, "SVG coordinates must be finite, got \(value)")
  let rounded = (value * 100).rounded() / 100
  if rounded == rounded.rounded() { return String(format: "%.0f", rounded == 0 ? 0 : rounded) }
  var text = String(format: "%.2f", rounded)
  while text.hasSuffix("0") { text.removeLast() }
  return text
}

/// A value for a label or tooltip: integers in full, anything else to 4 significant digits.
func formatValue(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "∞" : "-∞" }
  if value == value.rounded() && abs(value) < 1e15 { return String(format: "%.0f", value == 0 ? 0 : value) }
  return String(format: "%.4g", value)
}
