import Foundation
import Reports
import Testing

@Suite("LineChart")
struct LineChartTests {
  static func curve(_ name: String, _ ys: [Double]) -> LineChart.Series {
    LineChart.Series(name: name, points: ys.enumerated().map { (Double($0.offset), $0.element) })
  }

  func tickLabels(_ root: SVGTree.Node, axis: String) -> [String] {
    root.elements(ofClass: "\(axis)-tick").compactMap { $0.elements(named: "text").first?.text }
  }

  /// The subpaths ("M" commands) and segments ("L" commands) of a series' path.
  func commands(_ series: SVGTree.Node) -> (moves: Int, lines: Int) {
    let d = series.elements(named: "path").first?.attributes["d"] ?? ""
    return (d.filter { $0 == "M" }.count, d.filter { $0 == "L" }.count)
  }

  @Test("linear axes get 1-2-5 ticks covering the data, with titles and a legend entry per series")
  func linearAxes() throws {
    let loss = (0..<200).map { 2.45 + exp(-Double($0) / 30) }
    let chart = LineChart(
      title: "Training loss", xAxisTitle: "step", yAxisTitle: "NLL",
      series: [Self.curve("softmax", loss), Self.curve("other", [3.45, 3.0])])
    let root = try SVGTree.parse(chart.svgDocument())
    // x: 0…199 → step 50; y: 2.45…3.45 → step 0.2, widened to 2.4…3.6.
    #expect(tickLabels(root, axis: "x") == ["0", "50", "100", "150", "200"])
    #expect(tickLabels(root, axis: "y") == ["2.4", "2.6", "2.8", "3.0", "3.2", "3.4", "3.6"])
    #expect(
      root.elements(ofClass: "legend-entry").compactMap { $0.elements(named: "text").first?.text } == [
        "softmax", "other",
      ])
    let texts = root.elements(named: "text").map(\.text)
    #expect(["Training loss", "step", "NLL"].allSatisfy(texts.contains))
    #expect(commands(root.elements(ofClass: "series")[0]) == (1, 199))
  }

  @Test("a log axis puts ticks at powers of ten and skips values it cannot place")
  func logAxis() throws {
    let chart = LineChart(
      title: "", xAxisTitle: "", yAxisTitle: "", series: [Self.curve("g", [0.01, 0.1, 0, -1, 1, 10])],
      yScale: .logarithmic)
    let root = try SVGTree.parse(chart.svgFragment())
    #expect(tickLabels(root, axis: "y") == ["0.01", "0.1", "1", "10"])
    #expect(commands(root.elements(ofClass: "series")[0]) == (2, 2))
  }

  @Test("NaN and infinities break the line; an isolated point becomes a dot")
  func nonFinitePoints() throws {
    let chart = LineChart(
      title: "", xAxisTitle: "", yAxisTitle: "", series: [Self.curve("run", [1, 2, .nan, 4, 5, .infinity, 6])])
    let series = try SVGTree.parse(chart.svgFragment()).elements(ofClass: "series")[0]
    #expect(commands(series) == (2, 2))
    #expect(series.elements(named: "circle").count == 1)
  }

  @Test("a divergent run's curve stops, and its NaN tail does not stretch the x axis")
  func divergentRun() throws {
    let diverged = (0...10).map { $0 < 6 ? 3 - 0.1 * Double($0) : .nan }
    let root = try SVGTree.parse(
      LineChart(title: "", xAxisTitle: "", yAxisTitle: "", series: [Self.curve("lr=500", diverged)]).svgFragment())
    #expect(tickLabels(root, axis: "x") == ["0", "1", "2", "3", "4", "5"])
    #expect(commands(root.elements(ofClass: "series")[0]) == (1, 5))
  }

  @Test("reference lines are drawn with escaped labels, and widen the axis to include them")
  func referenceLines() throws {
    let chart = LineChart(
      title: "", xAxisTitle: "", yAxisTitle: "", series: [Self.curve("loss", [3.4, 3.0])],
      referenceLines: [
        .init(.horizontal(y: 2.454), label: "count model <2.454>"), .init(.vertical(x: 1), label: "lr & decay"),
      ])
    let svg = chart.svgDocument()
    #expect(svg.contains("count model &lt;2.454&gt;") && svg.contains("lr &amp; decay"))
    let root = try SVGTree.parse(svg)
    let references = root.elements(ofClass: "reference")
    #expect(references.map { $0.elements(named: "line").count } == [1, 1])
    #expect(references.compactMap { $0.elements(named: "text").first?.text } == ["count model <2.454>", "lr & decay"])
    #expect(tickLabels(root, axis: "y").first == "2.4")
  }

  @Test("a fixed y range sets the ticks, clips the curve, and hides reference lines outside it")
  func fixedRange() throws {
    let chart = LineChart(
      title: "", xAxisTitle: "", yAxisTitle: "", series: [Self.curve("loss", [3.5, 2.5, 1e30])], yRange: 2...3,
      referenceLines: [.init(.horizontal(y: 5), label: "off the chart")])
    let root = try SVGTree.parse(chart.svgFragment())
    #expect(tickLabels(root, axis: "y") == ["2.0", "2.2", "2.4", "2.6", "2.8", "3.0"])
    #expect(root.elements(named: "svg").contains { $0.attributes["overflow"] == "hidden" })
    #expect(root.elements(ofClass: "reference").allSatisfy { $0.children.isEmpty })
    #expect(commands(root.elements(ofClass: "series")[0]) == (1, 2))
  }

  @Test("series names are escaped in the legend and the tooltip")
  func escaping() throws {
    let script = "<script>alert(1)</script>"
    let svg = LineChart(title: script, xAxisTitle: script, yAxisTitle: script, series: [Self.curve(script, [1, 2])])
      .svgDocument()
    #expect(!svg.contains("<script"))
    let root = try SVGTree.parse(svg)
    #expect(root.elements(ofClass: "series")[0].elements(named: "title").first?.text == script)
    #expect(root.elements(named: "text").filter { $0.text == script }.count == 4)
  }
}
