import Autodiff
import Reports
import Testing

@Suite("HeatMap")
struct HeatMapTests {
  static let alphabet = ["."] + "abcdefghijklmnopqrstuvwxyz".map(String.init)

  /// Counts N[i, j] = 27 i + j: 0 in the top-left cell, 728 in the bottom-right, 364 in the middle.
  static let counts = Tensor(shape: [27, 27], scalars: (0..<729).map(Double.init))

  func fill(of cell: SVGTree.Node) -> String? {
    cell.elements(named: "rect").first?.attributes["fill"]
  }

  @Test("the makemore picture: 27×27 cells, each with its pair above its count, a tooltip, labels on both axes")
  func pairCounts() throws {
    let svg = HeatMap.pairCounts(Self.counts, labels: Self.alphabet).svgDocument()
    #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
    let root = try SVGTree.parse(svg)
    let cells = root.elements(ofClass: "cell")
    try #require(cells.count == 729)
    #expect(cells.allSatisfy { $0.elements(named: "title").count == 1 && $0.elements(named: "rect").count == 1 })
    let ab = cells[1 * 27 + 2]
    #expect(ab.elements(named: "text").map(\.text) == ["ab", "29"])
    #expect(ab.elements(named: "title").first?.text == "a followed by b: 29")
    let texts = root.elements(named: "text").map(\.text)
    #expect(texts.contains("first character") && texts.contains("next character") && texts.contains("Bigram counts"))
    // Every symbol labels one row and one column.
    #expect(Self.alphabet.allSatisfy { label in texts.filter { $0 == label }.count == 2 })
  }

  @Test("sequential colours run through ColorBrewer Blues: lightest at the minimum, darkest at the maximum")
  func bluesColours() throws {
    let root = try SVGTree.parse(HeatMap.pairCounts(Self.counts, labels: Self.alphabet).svgFragment())
    let cells = root.elements(ofClass: "cell")
    // ColorBrewer Blues (9 classes) anchors: #f7fbff first, #6baed6 fifth (t = 1/2), #08306b last.
    #expect(fill(of: cells[0]) == "#f7fbff")
    #expect(fill(of: cells[364]) == "#6baed6")
    #expect(fill(of: cells[728]) == "#08306b")
    #expect(cells[728].elements(named: "text").allSatisfy { $0.attributes["fill"] == "#ffffff" })
    #expect(cells[0].elements(named: "text").allSatisfy { $0.attributes["fill"] == "#222222" })
  }

  @Test("diverging colours: symmetric around zero, blue below, white at zero, red above, grey for NaN")
  func divergingColours() throws {
    let values = Tensor(rows: [[-2, 0, 1], [2, -1, .nan]])
    let map = HeatMap(
      values: values, rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1", "c2"], colorScale: .diverging)
    let cells = try SVGTree.parse(map.svgDocument()).elements(ofClass: "cell")
    // ColorBrewer RdBu (11 classes), reversed, ends #053061 and #67001f; the centre is pure white.
    #expect(
      cells.compactMap(fill(of:)) == [
        "#053061", "#ffffff", fill(of: cells[2]) ?? "", "#67001f", fill(of: cells[4]) ?? "", "#bdbdbd",
      ])
    let (positive, negative) = (try #require(fill(of: cells[2])), try #require(fill(of: cells[4])))
    #expect(positive.dropFirst().prefix(2) > positive.dropFirst(5).prefix(2), "red dominates in \(positive)")
    #expect(negative.dropFirst(5).prefix(2) > negative.dropFirst().prefix(2), "blue dominates in \(negative)")
    #expect(cells[5].elements(named: "text").first?.text == "nan")
  }

  @Test("every label, cell line and tooltip is escaped; the parsed text is the original")
  func escaping() throws {
    let script = "<script>alert(1)</script>"
    let map = HeatMap(
      values: Tensor(rows: [[1, 2]]), rowLabels: [script], columnLabels: ["Tom & \"Jerry's\"", "b"],
      cellLines: { _, _ in [script] }, tooltip: { _, _ in script }, title: script, rowAxisTitle: script,
      columnAxisTitle: script)
    let svg = map.svgDocument()
    #expect(!svg.contains("<script"))
    #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    let root = try SVGTree.parse(svg)
    #expect(root.elements(named: "title").map(\.text) == [script, script])
    #expect(root.elements(named: "text").map(\.text).filter { $0 == script }.count == 6)
    #expect(root.elements(named: "text").contains { $0.text == "Tom & \"Jerry's\"" })
  }

  @Test("the legend is a 64-band colour bar with 1-2-5 tick labels, drawn only when asked for")
  func legend() throws {
    var map = HeatMap.pairCounts(Self.counts, labels: Self.alphabet)
    let legend = try #require(try SVGTree.parse(map.svgFragment()).elements(ofClass: "legend").first)
    #expect(legend.elements(named: "rect").count == 64)
    // 0…728 in 5 intervals rounds to a step of 200.
    #expect(legend.elements(named: "text").map(\.text) == ["0", "200", "400", "600"])
    map.showsLegend = false
    #expect(try SVGTree.parse(map.svgFragment()).elements(ofClass: "legend").isEmpty)
  }

  @Test("the fragment is one <svg> element for inline HTML, with no XML declaration")
  func fragment() throws {
    let fragment = HeatMap(values: Tensor(rows: [[1]]), rowLabels: ["a"], columnLabels: ["b"]).svgFragment()
    #expect(fragment.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(try SVGTree.parse(fragment).name == "svg")
  }
}
