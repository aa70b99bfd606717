/// Labelled points on linear axes: the lecture's scatter of the characters' 2-D embeddings, each
/// a dot with its character written on it.
public struct ScatterPlot: Sendable {
  /// The chart title.
  public var title: String
  /// The x axis title.
  public var xAxisTitle: String
  /// The y axis title.
  public var yAxisTitle: String
  /// The points and their labels.
  public var points: [(x: Double, y: Double, label: String)]
  /// The chart's size in pixels.
  public var width: Double
  /// The chart's height in pixels.
  public var height: Double

  /// A scatter plot of `points` (non-finite points are left out).
  public init(
    title: String, xAxisTitle: String, yAxisTitle: String, points: [(x: Double, y: Double, label: String)],
    width: Double = 560, height: Double = 560
  ) {
    self.title = title
    self.xAxisTitle = xAxisTitle
    self.yAxisTitle = yAxisTitle
    self.points = points
    self.width = width
    self.height = height
  }

  /// The `<svg>` element alone, for embedding inline in an HTML page.
  public func svgFragment() -> String {
    draw().fragment(width: width, height: height, title: title)
  }

  private func draw() -> SVGCanvas {
    let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
    // Some room around the outermost dots, so their labels stay inside.
    func padded(_ values: [Double]) -> ClosedRange<Double> {
      let (low, high) = (values.min() ?? 0, values.max() ?? 1)
      let margin = max((high - low) * 0.08, 1e-6)
      return (low - margin)...(high + margin)
    }
    let xAxis = AxisScale.linear(covering: [], fixed: padded(shown.map(\.x)))
    let yAxis = AxisScale.linear(covering: [], fixed: padded(shown.map(\.y)))
    let area = PlotArea(left: 76, top: 44, right: width - 20, bottom: height - 56)
    var canvas = SVGCanvas()
    canvas.element("rect", ["width": svg(width), "height": svg(height), "fill": "#ffffff"])
    canvas.drawTitle(title, width: width)
    canvas.drawYAxis(yAxis, in: area, title: yAxisTitle)
    canvas.drawXAxis(xAxis, in: area, title: xAxisTitle)
    for point in shown {
      let (x, y) = (area.x(point.x, on: xAxis), area.y(point.y, on: yAxis))
      canvas.open("g", ["class": "point"])
      canvas.element("circle", ["cx": svg(x), "cy": svg(y), "r": "11", "fill": "#1f77b4", "fill-opacity": "0.85"])
      canvas.text(point.label, x: x, y: y + 4, size: 12, fill: "#ffffff", weight: "bold")
      canvas.close("g")
    }
    return canvas
  }
}
