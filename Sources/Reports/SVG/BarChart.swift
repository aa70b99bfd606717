/// A bar chart of labelled values — e.g. P(next | "a") over the alphabet — drawn as SVG.
///
/// Bars rise from zero (or fall, for negative values) on a linear axis with 1-2-5 ticks; each
/// bar carries a tooltip, and non-finite values get no bar.
public struct BarChart: Sendable {
  /// The title above the chart.
  public var title: String
  /// The title below the category labels.
  public var xAxisTitle: String
  /// The y axis' title.
  public var yAxisTitle: String
  /// One label per bar, written under it.
  public var labels: [String]
  /// One value per bar.
  public var values: [Double]
  /// The chart's width in pixels.
  public var width: Double
  /// The chart's height in pixels.
  public var height: Double

  /// Creates a bar chart of `values` labelled by `labels`.
  ///
  /// - Precondition: `labels.count == values.count`.
  public init(
    title: String, xAxisTitle: String, yAxisTitle: String, labels: [String], values: [Double],
    width: Double = 720, height: Double = 360
  ) {
    precondition(labels.count == values.count, "BarChart has \(labels.count) labels for \(values.count) values")
    self.title = title
    self.xAxisTitle = xAxisTitle
    self.yAxisTitle = yAxisTitle
    self.labels = labels
    self.values = values
    self.width = width
    self.height = height
  }

  /// A standalone SVG document (with the XML declaration).
  public func svgDocument() -> String {
    draw().document(width: width, height: height, title: title)
  }

  /// The `<svg>` element alone, for embedding inline in an HTML page.
  public func svgFragment() -> String {
    draw().fragment(width: width, height: height, title: title)
  }

  private func draw() -> SVGCanvas {
    // Zero is always on the axis: a bar's length is its value only if it starts at zero.
    let axis = AxisScale.linear(covering: values + [0])
    let area = PlotArea(left: 76, top: 44, right: width - 20, bottom: height - 56)
    var canvas = SVGCanvas()
    canvas.element("rect", ["width": svg(width), "height": svg(height), "fill": "#ffffff"])
    canvas.drawTitle(title, width: width)
    canvas.drawYAxis(axis, in: area, title: yAxisTitle)
    canvas.line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: "#444444")
    canvas.text(xAxisTitle, x: area.left + area.width / 2, y: area.bottom + 40, size: 13)

    let slot = area.width / Double(max(values.count, 1))
    let zero = area.y(0, on: axis)
    for (index, (label, value)) in zip(labels, values).enumerated() {
      let x = area.left + Double(index) * slot
      canvas.open("g", ["class": "bar"])
      canvas.element("title", [:], text: "\(label): \(formatValue(value))")
      if axis.canPlace(value) {
        let top = area.y(value, on: axis)
        canvas.element(
          "rect",
          [
            "x": svg(x + slot * 0.1), "y": svg(min(top, zero)), "width": svg(slot * 0.8),
            "height": svg(abs(zero - top)), "fill": seriesPalette[0],
          ])
      }
      canvas.text(label, x: x + slot / 2, y: area.bottom + 16, size: 11)
      canvas.close("g")
    }
    return canvas
  }
}
