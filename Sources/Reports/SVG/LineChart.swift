/// A line chart of named (x, y) series — training curves — drawn as SVG.
///
/// Axes get 1-2-5 ticks with labels and titles; y is linear or log₁₀; a legend names the
/// series; reference lines mark values such as the count model's loss. Points that cannot be
/// placed (NaN, ±∞, and y ≤ 0 on a log axis) are skipped and break the line, so a divergent
/// run's curve stops where its loss stopped being a number.
public struct LineChart: Sendable {
  /// One named curve.
  public struct Series: Sendable {
    /// The name shown in the legend and the tooltip.
    public var name: String
    /// The points, drawn in order.
    public var points: [(x: Double, y: Double)]

    /// Creates a series named `name` through `points`.
    public init(name: String, points: [(x: Double, y: Double)]) {
      self.name = name
      self.points = points
    }
  }

  /// How y values are spaced.
  public enum Scale: Sendable {
    /// Equal differences, equal distances.
    case linear
    /// Equal ratios, equal distances (log₁₀).
    case logarithmic
  }

  /// A dashed line across the plot at a fixed value, with a label.
  public struct ReferenceLine: Sendable {
    /// Which coordinate the line fixes.
    public enum Position: Sendable {
      /// A horizontal line at y.
      case horizontal(y: Double)
      /// A vertical line at x.
      case vertical(x: Double)
    }

    /// Where the line is.
    public var position: Position
    /// The text beside the line.
    public var label: String

    /// Creates a reference line at `position` labelled `label`.
    public init(_ position: Position, label: String) {
      self.position = position
      self.label = label
    }
  }

  /// The title above the chart.
  public var title: String
  /// The x axis' title.
  public var xAxisTitle: String
  /// The y axis' title.
  public var yAxisTitle: String
  /// The curves, coloured in order from the tab10 palette.
  public var series: [Series]
  /// Linear or log₁₀ y axis.
  public var yScale: Scale
  /// A fixed y range (points beyond it are clipped; positive on a log axis); nil fits the axis to the data.
  public var yRange: ClosedRange<Double>?
  /// Labelled dashed lines; with no fixed range, the axes grow to include them.
  public var referenceLines: [ReferenceLine]
  /// The chart's size in pixels.
  public var width: Double
  /// The chart's height in pixels.
  public var height: Double

  /// Creates a chart; only the series and titles are needed.
  public init(
    title: String, xAxisTitle: String, yAxisTitle: String, series: [Series], yScale: Scale = .linear,
    yRange: ClosedRange<Double>? = nil, referenceLines: [ReferenceLine] = [], width: Double = 720,
    height: Double = 420
  ) {
    self.title = title
    self.xAxisTitle = xAxisTitle
    self.yAxisTitle = yAxisTitle
    self.series = series
    self.yScale = yScale
    self.yRange = yRange
    self.referenceLines = referenceLines
    self.width = width
    self.height = height
  }

  /// A standalone SVG document (with the XML declaration), e.g. for `loss.svg`.
  public func svgDocument() -> String {
    draw().document(width: width, height: height, title: title)
  }

  /// The `<svg>` element alone, for embedding inline in an HTML page.
  public func svgFragment() -> String {
    draw().fragment(width: width, height: height, title: title)
  }

  private func draw() -> SVGCanvas {
    var referenceXs: [Double] = []
    var referenceYs: [Double] = []
    for line in referenceLines {
      switch line.position {
      case .horizontal(let y): referenceYs.append(y)
      case .vertical(let x): referenceXs.append(x)
      }
    }
    let yValues = series.flatMap { $0.points.map(\.y) } + referenceYs
    let yAxis =
      yScale == .linear
      ? AxisScale.linear(covering: yValues, fixed: yRange) : AxisScale.logarithmic(covering: yValues, fixed: yRange)
    // Only points that will be drawn decide the x range, so a NaN tail does not stretch it.
    let drawnXs = series.flatMap { $0.points.filter { yAxis.canPlace($0.y) }.map(\.x) }
    let xAxis = AxisScale.linear(covering: drawnXs + referenceXs)

    let legendWidth = series.isEmpty ? 0 : 40 + 7 * Double(series.map(\.name.count).max() ?? 0)
    let area = PlotArea(left: 76, top: 44, right: width - 20 - legendWidth, bottom: height - 56)
    var canvas = SVGCanvas()
    canvas.element("rect", ["width": svg(width), "height": svg(height), "fill": "#ffffff"])
    canvas.drawTitle(title, width: width)
    canvas.drawYAxis(yAxis, in: area, title: yAxisTitle)
    canvas.drawXAxis(xAxis, in: area, title: xAxisTitle)

    // A nested <svg> clips to the plot area without an id, so several charts can share a page.
    canvas.open(
      "svg",
      [
        "x": svg(area.left), "y": svg(area.top), "width": svg(area.width), "height": svg(area.height),
        "viewBox": "\(svg(area.left)) \(svg(area.top)) \(svg(area.width)) \(svg(area.height))", "overflow": "hidden",
      ])
    for (index, curve) in series.enumerated() {
      drawCurve(curve, color: seriesPalette[index % seriesPalette.count], on: &canvas, x: xAxis, y: yAxis, area: area)
    }
    canvas.close("svg")
    drawReferenceLines(on: &canvas, x: xAxis, y: yAxis, area: area)
    drawLegend(on: &canvas, left: area.right + 20, top: area.top)
    return canvas
  }

  /// The curve as one path of runs of placeable points; a run of one point becomes a dot.
  private func drawCurve(
    _ curve: Series, color: String, on canvas: inout SVGCanvas, x: AxisScale, y: AxisScale, area: PlotArea
  ) {
    var runs: [[(x: Double, y: Double)]] = [[]]
    for point in curve.points {
      if x.canPlace(point.x) && y.canPlace(point.y) {
        runs[runs.count - 1].append((area.x(point.x, on: x), area.y(point.y, on: y)))
      } else if !(runs.last?.isEmpty ?? true) {
        runs.append([])
      }
    }
    let lines = runs.filter { $0.count > 1 }
    let path = lines.map { run in
      run.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(svg($0.element.x)) \(svg($0.element.y))" }
        .joined(separator: " ")
    }.joined(separator: " ")
    canvas.open("g", ["class": "series"])
    canvas.element("title", [:], text: curve.name)
    if !path.isEmpty {
      canvas.element(
        "path", ["d": path, "fill": "none", "stroke": color, "stroke-width": "2", "stroke-linejoin": "round"])
    }
    for run in runs where run.count == 1 {
      canvas.element("circle", ["cx": svg(run[0].x), "cy": svg(run[0].y), "r": "2.5", "fill": color])
    }
    canvas.close("g")
  }

  private func drawReferenceLines(on canvas: inout SVGCanvas, x: AxisScale, y: AxisScale, area: PlotArea) {
    for reference in referenceLines {
      canvas.open("g", ["class": "reference"])
      switch reference.position {
      case .horizontal(let value) where y.contains(value):
        let pixel = area.y(value, on: y)
        canvas.line(x1: area.left, y1: pixel, x2: area.right, y2: pixel, stroke: "#555555", dash: "6 4")
        canvas.text(reference.label, x: area.right - 4, y: pixel - 5, anchor: "end", size: 11, fill: "#555555")
      case .vertical(let value) where x.contains(value):
        let pixel = area.x(value, on: x)
        canvas.line(x1: pixel, y1: area.top, x2: pixel, y2: area.bottom, stroke: "#555555", dash: "6 4")
        canvas.text(reference.label, x: pixel + 4, y: area.top + 12, anchor: "start", size: 11, fill: "#555555")
      default:
        break
      }
      canvas.close("g")
    }
  }

  private func drawLegend(on canvas: inout SVGCanvas, left: Double, top: Double) {
    for (index, curve) in series.enumerated() {
      let y = top + 10 + 20 * Double(index)
      canvas.open("g", ["class": "legend-entry"])
      canvas.line(
        x1: left, y1: y, x2: left + 22, y2: y, stroke: seriesPalette[index % seriesPalette.count], width: 3)
      canvas.text(curve.name, x: left + 28, y: y + 4, anchor: "start", size: 12)
      canvas.close("g")
    }
  }
}
