import CharLM
import Foundation
import Testing

@testable import Reports

/// The page on a small corpus that holds a hostile word: well-formed, self-contained, complete,
/// with every corpus string shown as text.
@Suite struct HTMLReportTests {
  static let hostileWord = "<script>alert(1)</script>"
  // Few distinct letters keep V (and the O(V⁴) gradient check of a debug build) small.
  static let words = [
    hostileWord, "alice", "tracie", "pat", "carl", "lisa", "pierce", "clara", "tate", "cecil", "peter", "rita",
    "tess", "lee", "silas", "esra", "alice", "pat",
  ]
  static let titles = [
    "Corpus statistics", "Counts N and probabilities P", "Samples from the counts and from the net",
    "The gradient ∂L/∂W at W = 0", "Learning rates and the stability bound", "The optimizer race",
    "The Taylor expansion at W = 0", "Checking the gradient", "Counts and the net after training",
    "Longer contexts: n-gram count models",
  ]

  /// Computed once for the suite: training and the gradient check dominate a debug build's time.
  static let computed = Result { () throws -> (BigramStory, HTMLReport) in
    var options = BigramStory.Options()
    options.sampleCount = 12
    options.trainingSteps = 100
    options.studySteps = 40
    let story = try BigramStory(corpus: Corpus(words: words, source: "<hostile> & \"quoted\""), options: options)
    return (story, HTMLReport(story: story))
  }

  private var story: BigramStory { get throws { try Self.computed.get().0 } }
  private var html: String { get throws { try Self.computed.get().1.html } }

  /// The text of every top-level `<svg>…</svg>` element, found by counting nested `<svg` tags.
  private func svgFragments(of html: String) -> [String] {
    let opens = html.ranges(of: "<svg").map { ($0.lowerBound, 1) }
    let closes = html.ranges(of: "</svg>").map { ($0.upperBound, -1) }
    var fragments: [String] = []
    var depth = 0
    var start = html.startIndex
    for (index, step) in (opens + closes).sorted(by: { $0.0 < $1.0 }) {
      if step == 1 && depth == 0 { start = index }
      depth += step
      if step == -1 && depth == 0 { fragments.append(String(html[start..<index])) }
    }
    return fragments
  }

  @Test func pageIsWellFormedXML() throws {
    let root = try SVGTree.parse(try html)
    #expect(root.name == "html")
    #expect(root.elements(named: "section").count == Self.titles.count)
    // The three heat maps, the learning-rate chart and its bound strip, the race, the n-gram figure;
    // the live loss chart, the live strip and the live Taylor chart of the "Try it" boxes.
    #expect(root.elements(named: "figure").count == 10)
  }

  @Test func sectionsInOrderWithTitlesAndAnchors() throws {
    let report = try Self.computed.get().1
    #expect(report.sectionTitles == Self.titles)
    let html = try html
    let root = try SVGTree.parse(html)
    let headings = root.elements(named: "h2").map(\.text)
    #expect(headings == Self.titles.enumerated().map { "\($0.offset + 1). \($0.element)" })
    let links = (root.elements(named: "nav").first?.elements(named: "a") ?? []).compactMap { $0.attributes["href"] }
    let ids = root.elements(named: "section").compactMap { $0.attributes["id"] }
    #expect(links == ids.map { "#" + $0 })
    #expect(Set(ids).count == ids.count)
  }

  @Test func selfContainedWithOnlyInlineScriptsAndNoURLs() throws {
    let html = try html.lowercased()
    for forbidden in ["http://", "https://", "<link", "@import", "url(", " src="] {
      #expect(!html.contains(forbidden), "the page contains \(forbidden)")
    }
    // Two inline scripts: the controls' data (JSON) and the code, both at the end of the body.
    #expect(html.ranges(of: "<script").count == 2)
    #expect(html.contains("<script type=\"application/json\" id=\"bigram-data\">"))
    #expect(html.contains("<script>//<![cdata[\n") && html.hasSuffix("//]]>\n</script>\n</body>\n</html>\n"))
  }

  @Test func withoutScriptTheControlsAreHiddenAndTheStaticFiguresRemain() throws {
    let root = try SVGTree.parse(try html)
    let boxes = root.elements(ofClass: "explore")
    #expect(boxes.count == 4)
    #expect(boxes.allSatisfy { $0.attributes["hidden"] == "hidden" })
    #expect(root.elements(named: "input").filter { $0.attributes["type"] == "range" }.count == 5)
    #expect(root.elements(named: "table").count >= 6)
  }

  @Test func oneLetterCorpusGetsAPageToo() throws {
    // One symbol besides the boundary: the gap L₀ − L* is about zero, so "gap closed" divides by
    // almost nothing; the page must still be written (it once trapped converting that ratio to Int).
    var options = BigramStory.Options()
    options.trainingSteps = 20
    options.studySteps = 20
    let html = try HTMLReport(corpus: Corpus(words: ["a", "aa", "aaa"], source: "a.txt"), options: options).html
    #expect(try SVGTree.parse(html).elements(named: "section").count == Self.titles.count)
  }

  @Test func reportIsReproducibleAndTimingsOnlyOnRequest() throws {
    let story = try story
    #expect(HTMLReport(story: story).html == (try html))
    #expect(!(try html).contains("time to L*"))
    var options = story.options
    options.showsTimings = true
    let timed = try HTMLReport(corpus: story.corpus, options: options).html
    #expect(timed.contains("time to L* + 1e-6"))
  }

  @Test func corpusStringsAreEscapedText() throws {
    let html = try html
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&lt;hostile&gt; &amp; &quot;quoted&quot;"))
    let root = try SVGTree.parse(html)
    // In the controls' data the word is JSON with <, > and & as \u escapes: no markup, same text.
    let scripts = root.elements(named: "script")
    #expect(scripts.count == 2)
    let data = try #require(scripts.first { $0.attributes["id"] == "bigram-data" })
    #expect(!data.text.contains("<") && !data.text.contains("&"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(data.text.utf8)) as? [String: Any])
    #expect((object["words"] as? String)?.split(separator: "\n").contains { $0 == Self.hostileWord } == true)
    // The parser turns the entities back into characters: the word arrives as the text of a <code>.
    #expect(root.elements(named: "code").contains { $0.text == Self.hostileWord })
    #expect(root.elements(named: "code").contains { $0.text == "<hostile> & \"quoted\"" })
  }

  @Test func everySVGParsesOnItsOwn() throws {
    let fragments = svgFragments(of: try html)
    #expect(fragments.count == 10)
    for fragment in fragments {
      let root = try SVGTree.parse(fragment)
      #expect(root.name == "svg")
      #expect(root.attributes["viewBox"] != nil)
    }
  }

  @Test func heatMapCellsCarryCountProbabilityAndGradient() throws {
    let story = try story
    let v = story.data.counts.size
    let maps = try svgFragments(of: try html).prefix(3).map { try SVGTree.parse($0) }
    #expect(maps.count == 3)
    for map in maps {
      let cells = map.elements(ofClass: "cell")
      #expect(cells.count == v * v)
      let tooltips = cells.compactMap { $0.children.first { $0.name == "title" }?.text }
      #expect(tooltips.count == v * v)
      #expect(tooltips.allSatisfy { $0.contains("count ") && $0.contains("P(") && $0.contains("∂L/∂W = ") })
    }
    // The hostile characters are symbols of the vocabulary, so they label rows as text too.
    #expect(maps[0].elements(named: "text").contains { $0.text == "<" })
  }

  @Test func learningRateChartHasAxesSeriesAndLegend() throws {
    let story = try story
    let chart = try SVGTree.parse(svgFragments(of: try html)[3])
    #expect(chart.elements(ofClass: "series").count == story.options.studiedLearningRates.count)
    let legend = chart.elements(ofClass: "legend-entry").compactMap { $0.elements(named: "text").first?.text }
    #expect(
      legend
        == ["η = 1", "η = 50", "η = 150", "η = 500"].enumerated().map {
          "\($1) (\(story.sweep.runs[$0].verdict.rawValue))"
        })
    #expect(chart.elements(ofClass: "x-tick").count >= 3)
    #expect(chart.elements(ofClass: "y-tick").count >= 3)
    let labels = chart.elements(named: "text").map(\.text)
    #expect(labels.contains("step k") && labels.contains("L(W_k) − L*"))
  }

  @Test func raceChartAndTableShowEveryOptimizer() throws {
    let story = try story
    let names = story.race.results.map(\.entrant.name)
    #expect(names == ["gd", "momentum", "nesterov", "adam", "clipped-gd", "newton"])
    let chart = try SVGTree.parse(svgFragments(of: try html)[7])
    let legend = chart.elements(ofClass: "legend-entry").compactMap { $0.elements(named: "text").first?.text }
    #expect(legend == names)
    // A log axis from 1e-7 to 1: its tick labels are powers of ten.
    let ticks = chart.elements(ofClass: "y-tick").compactMap { $0.elements(named: "text").first?.text }
    #expect(ticks.contains("1") && ticks.contains("1e-6"))
    let race = try #require(
      try SVGTree.parse(try html).elements(named: "section").first { $0.attributes["id"] == "race" })
    let rows = race.elements(named: "tbody").first?.elements(named: "tr") ?? []
    #expect(rows.compactMap { $0.elements(named: "code").first?.text } == names)
  }

  @Test func samplesAreTaggedNewOrInData() throws {
    let story = try story
    let corpus = Set(Self.words)
    let samples = story.countSamples + story.netSamples
    #expect(samples.count == 2 * story.options.sampleCount)
    #expect(samples.allSatisfy { $0.isInCorpus == corpus.contains($0.word) })
    let root = try SVGTree.parse(try html)
    let tags = root.elements(named: "span").compactMap { $0.attributes["class"] }
    #expect(tags.filter { $0 == "tag new" }.count == samples.filter { !$0.isInCorpus }.count)
    #expect(tags.filter { $0 == "tag known" }.count == samples.filter(\.isInCorpus).count)
  }
}
