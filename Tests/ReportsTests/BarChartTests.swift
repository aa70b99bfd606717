import Reports
import Testing

@Suite("BarChart")
struct BarChartTests {
  @Test("one bar per value with an escaped tooltip, bars standing on zero, none for NaN")
  func bars() throws {
    let labels = ["<a>", "b", "c", "d"]
    let chart = BarChart(
      title: "P(next | a)", xAxisTitle: "next", yAxisTitle: "probability", labels: labels,
      values: [0.5, -0.25, .nan, 1])
    let svg = chart.svgDocument()
    #expect(!svg.contains("<a>"))
    let root = try SVGTree.parse(svg)
    let bars = root.elements(ofClass: "bar")
    try #require(bars.count == 4)
    #expect(bars.map { $0.elements(named: "title").first?.text } == ["<a>: 0.5", "b: -0.25", "c: NaN", "d: 1"])
    #expect(bars.map { $0.elements(named: "rect").count } == [1, 1, 0, 1])

    // −0.25…1 in 5 intervals: step 0.5, axis −0.5…1.
    let ticks = root.elements(ofClass: "y-tick")
    #expect(ticks.compactMap { $0.elements(named: "text").first?.text } == ["-0.5", "0.0", "0.5", "1.0"])
    let zero = try #require(Double(ticks[1].elements(named: "line")[0].attributes["y1"] ?? ""))
    func extent(_ bar: SVGTree.Node) throws -> (top: Double, bottom: Double) {
      let rect = try #require(bar.elements(named: "rect").first)
      let y = try #require(Double(rect.attributes["y"] ?? ""))
      return (y, y + (try #require(Double(rect.attributes["height"] ?? ""))))
    }
    #expect(abs(try extent(bars[0]).bottom - zero) < 0.02)
    #expect(abs(try extent(bars[1]).top - zero) < 0.02)
    // Heights are proportional to values: |−0.25| is a quarter of 1.
    let (full, quarter) = (try extent(bars[3]), try extent(bars[1]))
    #expect(abs((quarter.bottom - quarter.top) * 4 - (full.bottom - full.top)) < 0.1)
  }
}
