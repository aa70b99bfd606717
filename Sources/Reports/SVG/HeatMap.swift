import Autodiff
import Foundation

/// A grid of coloured cells with text — the bigram-count picture of makemore part 1, or any
/// matrix such as probabilities or gradients — drawn as SVG.
///
/// Cell (i, j) shows `values[i, j]` as a colour and `cellLines(i, j)` as centred text lines
/// (white on dark cells), and carries `tooltip(i, j)` as its `<title>`. Row labels run down the
/// left, column labels along the top. Non-finite values are drawn grey and left out of the
/// colour range.
public struct HeatMap {
  /// How values map to colours.
  public enum ColorScale: Sendable {
    /// Blues from the smallest finite value (lightest) to the largest (darkest); for counts.
    case sequential
    /// Blue below zero, white at zero, red above, symmetric: ±max |v| are the two ends; for
    /// gradients and other signed values.
    case diverging
  }

  /// The matrix shown, shape [R, C] (fixed at creation, like the labels that must match it).
  public let values: Tensor
  /// R labels, one per row.
  public let rowLabels: [String]
  /// C labels, one per column.
  public let columnLabels: [String]
  /// The text lines inside cell (row, column); nil shows the value to 3 significant digits.
  public var cellLines: ((_ row: Int, _ column: Int) -> [String])?
  /// The tooltip of cell (row, column); nil gives "row label, column label: value".
  public var tooltip: ((_ row: Int, _ column: Int) -> String)?
  /// Sequential or diverging colours.
  public var colorScale: ColorScale
  /// Whether a colour bar with tick labels is drawn to the right.
  public var showsLegend: Bool
  /// The title above the chart (none when empty).
  public var title: String
  /// The title of the row axis, down the left (none when empty).
  public var rowAxisTitle: String
  /// The title of the column axis, above the column labels (none when empty).
  public var columnAxisTitle: String
  /// The side of a square cell in pixels.
  public var cellSize: Double

  /// Creates a heat map of `values`; by default each cell shows its value to 3 significant
  /// digits and its tooltip names the row, the column and the value.
  ///
  /// - Precondition: `values` is a matrix with `rowLabels.count` rows and `columnLabels.count` columns.
  public init(
    values: Tensor, rowLabels: [String], columnLabels: [String],
    cellLines: ((_ row: Int, _ column: Int) -> [String])? = nil,
    tooltip: ((_ row: Int, _ column: Int) -> String)? = nil, colorScale: ColorScale = .sequential,
    showsLegend: Bool = true, title: String = "", rowAxisTitle: String = "", columnAxisTitle: String = "",
    cellSize: Double = 40
  ) {
    precondition(
      values.rank == 2 && values.shape == [rowLabels.count, columnLabels.count],
      "HeatMap values of shape \(values.shape) need \(rowLabels.count) row and \(columnLabels.count) column labels")
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.cellLines = cellLines
    self.tooltip = tooltip
    self.colorScale = colorScale
    self.showsLegend = showsLegend
    self.title = title
    self.rowAxisTitle = rowAxisTitle
    self.columnAxisTitle = columnAxisTitle
    self.cellSize = cellSize
  }

  /// A standalone SVG document (with the XML declaration), e.g. for `counts.svg`.
  public func svgDocument() -> String {
    let (canvas, width, height) = draw()
    return canvas.document(width: width, height: height, title: title)
  }

  /// The `<svg>` element alone, for embedding inline in an HTML page.
  public func svgFragment() -> String {
    let (canvas, width, height) = draw()
    return canvas.fragment(width: width, height: height, title: title)
  }

  /// The value range mapped onto the colour map: [min, max] sequential, [-m, m] diverging.
  var colorDomain: ClosedRange<Double> {
    let finite = values.scalars.filter(\.isFinite)
    switch colorScale {
    case .sequential:
      return (finite.min() ?? 0)...(finite.max() ?? 0)
    case .diverging:
      let largest = finite.map(abs).max() ?? 0
      return -largest...largest
    }
  }

  private func draw() -> (SVGCanvas, width: Double, height: Double) {
    let (rows, columns) = (values.rows, values.columns)
    let domain = colorDomain
    let colorMap = colorScale == .sequential ? ColorMap.blues : ColorMap.blueWhiteRed
    // Halved, so that a domain of ±10³⁰⁸ does not overflow to ∞ and make ∞/∞ = NaN.
    let halfSpan = domain.upperBound / 2 - domain.lowerBound / 2
    // A flat matrix has no range to spread; its cells take the low end (or white when diverging).
    let flatPosition = colorScale == .sequential ? 0.0 : 0.5
    func position(_ value: Double) -> Double {
      halfSpan > 0 ? (value / 2 - domain.lowerBound / 2) / halfSpan : flatPosition
    }

    let labelWidth = 7.5 * Double(rowLabels.map(\.count).max() ?? 0)
    let left: Double = (rowAxisTitle.isEmpty ? 8 : 30) + labelWidth + 8
    let top: Double = (title.isEmpty ? 8 : 36) + (columnAxisTitle.isEmpty ? 0 : 22) + 20
    let gridWidth = Double(columns) * cellSize
    let gridHeight = Double(rows) * cellSize
    let legend = showsLegend ? AxisScale.linear(covering: [], fixed: domain) : nil
    let legendWidth: Double = legend.map { 56 + 7 * Double($0.labels.map(\.count).max() ?? 0) } ?? 0
    let width = left + gridWidth + legendWidth + 12
    let height = top + gridHeight + 12

    var canvas = SVGCanvas()
    canvas.element("rect", ["width": svg(width), "height": svg(height), "fill": "#ffffff"])
    canvas.drawTitle(title, width: width)
    canvas.text(columnAxisTitle, x: left + gridWidth / 2, y: top - 26, size: 13)
    canvas.text(rowAxisTitle, x: 16, y: top + gridHeight / 2, size: 13, rotation: -90)
    for (j, label) in columnLabels.enumerated() {
      canvas.text(label, x: left + (Double(j) + 0.5) * cellSize, y: top - 6, size: 12)
    }
    for (i, label) in rowLabels.enumerated() {
      canvas.text(label, x: left - 6, y: top + (Double(i) + 0.5) * cellSize + 4, anchor: "end", size: 12)
    }

    let lines = (0..<rows).map { i in
      (0..<columns).map { j in cellLines?(i, j) ?? [String(format: "%.3g", values[i, j])] }
    }
    // A character is about 0.6 em wide in a sans-serif font; the longest line must fit the cell.
    let longestLine = lines.joined().joined().map(\.count).max() ?? 0
    let fontSize = min(11, cellSize * 0.28, 0.92 * cellSize / (0.6 * Double(max(longestLine, 1))))
    for i in 0..<rows {
      for j in 0..<columns {
        let value = values[i, j]
        let color = value.isFinite ? colorMap.color(at: position(value)) : nil
        let (x, y) = (left + Double(j) * cellSize, top + Double(i) * cellSize)
        canvas.open("g", ["class": "cell"])
        canvas.element(
          "title", [:],
          text: tooltip?(i, j) ?? "\(rowLabels[i]), \(columnLabels[j]): \(formatValue(value))")
        canvas.element(
          "rect",
          [
            "x": svg(x), "y": svg(y), "width": svg(cellSize), "height": svg(cellSize), "fill": color?.hex ?? "#bdbdbd",
            "stroke": "#ffffff", "stroke-width": "0.5",
          ])
        let textColor = color?.isDark == true ? "#ffffff" : "#222222"
        let firstBaseline = y + cellSize / 2 - Double(lines[i][j].count - 1) * fontSize * 0.6 + fontSize * 0.35
        for (k, line) in lines[i][j].enumerated() {
          canvas.text(
            line, x: x + cellSize / 2, y: firstBaseline + Double(k) * fontSize * 1.2, size: fontSize, fill: textColor)
        }
        canvas.close("g")
      }
    }
    if let legend {
      drawLegend(
        legend, colorMap: colorMap, on: &canvas, left: left + gridWidth + 24, top: top, height: min(gridHeight, 320))
    }
    return (canvas, width, height)
  }

  /// A vertical colour bar (darkest at the top) in 64 bands, with the axis' ticks beside it.
  private func drawLegend(
    _ axis: AxisScale, colorMap: ColorMap, on canvas: inout SVGCanvas, left: Double, top: Double, height: Double
  ) {
    let bands = 64
    let area = PlotArea(left: left, top: top, right: left + 16, bottom: top + height)
    canvas.open("g", ["class": "legend"])
    for band in 0..<bands {
      let t = (Double(band) + 0.5) / Double(bands)
      let y = area.bottom - Double(band + 1) * height / Double(bands)
      canvas.element(
        "rect",
        [
          "x": svg(left), "y": svg(y), "width": "16", "height": svg(height / Double(bands) + 0.5),
          "fill": colorMap.color(at: t).hex,
        ])
    }
    for (value, label) in zip(axis.ticks, axis.labels) {
      let y = area.y(value, on: axis)
      canvas.line(x1: area.right, y1: y, x2: area.right + 4, y2: y, stroke: "#444444")
      canvas.text(label, x: area.right + 7, y: y + 4, anchor: "start", size: 11)
    }
    canvas.close("g")
  }
}
