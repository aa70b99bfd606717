import CharLM

/// The whole story on one corpus as a single self-contained HTML page: prose, formulas, tables and
/// inline SVG charts, with no external files and no network access. One small inline script turns
/// on the "Try it" controls (α, temperature and top-k, η and the optimizer, ε); without it the page
/// reads the same, minus the controls.
///
/// Sections, in order: corpus statistics; the N and P heat maps; samples from the count model
/// and the trained net; ∂L/∂W at W = 0; gradient descent at several learning rates with the
/// stability bound 2/λ_max; the optimizer race; the Taylor table; the gradient check; counts ↔ net
/// after training; longer contexts (n-gram count models, dev NLL against N).
public struct HTMLReport: Sendable {
  /// The page title.
  public let title: String
  /// The sections in page order.
  public internal(set) var sections: [HTMLSection]
  /// The line under the title: corpus, seed and λ.
  let subtitle: String
  /// The controls' data and script, placed at the end of the body.
  let script: String

  /// The report of an already computed story.
  public init(story: BigramStory) {
    title = "From bigram counts to a neural softmax"
    subtitle =
      "corpus \(HTMLMarkup.code(story.corpus.source)) · seed \(story.options.seed) · "
      + "λ = \(HTMLMarkup.number(story.options.l2)) · written by <code>bigram report</code>"
    sections = [
      Self.corpusSection(story), Self.countsSection(story), Self.samplesSection(story),
      Self.gradientSection(story), Self.learningRateSection(story), Self.raceSection(story), Self.taylorSection(story),
      Self.gradientCheckSection(story), Self.comparisonSection(story), Self.contextsSection(story),
    ]
    script = Self.explorableScript(story)
  }

  /// Computes the story of `corpus` and its report.
  ///
  /// - Throws: what ``BigramStory/init(corpus:options:)`` throws.
  public init(corpus: Corpus, options: BigramStory.Options = BigramStory.Options()) throws {
    self.init(story: try BigramStory(corpus: corpus, options: options))
  }

  /// The section titles in page order.
  public var sectionTitles: [String] { sections.map(\.title) }

  /// The complete page, UTF-8 HTML5 that is also well-formed XML.
  public var html: String {
    var page = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>\(HTMLMarkup.escaped(title))</title>
      <style>
      \(Self.styleSheet)
      </style>
      </head>
      <body>
      <header>
      <h1>\(HTMLMarkup.escaped(title))</h1>
      <p class="subtitle">\(subtitle)</p>
      </header>
      <nav>
      <ol>

      """
    for section in sections {
      page += "<li><a href=\"#\(section.id)\">\(HTMLMarkup.escaped(section.title))</a></li>\n"
    }
    page += "</ol>\n</nav>\n"
    for (index, section) in sections.enumerated() {
      page += "<section id=\"\(section.id)\">\n<h2>\(index + 1). \(HTMLMarkup.escaped(section.title))</h2>\n"
      page += section.body + "</section>\n"
    }
    return page + script + "</body>\n</html>\n"
  }

  // System fonts only: a web font would be a network request or a large inline blob.
  private static let styleSheet = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
      color: #222222; background: #f6f7f9; line-height: 1.5; margin: 0 auto; max-width: 1320px; padding: 16px 32px; }
    h1 { font-size: 30px; margin: 12px 0 4px; }
    h2 { font-size: 22px; margin: 8px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #e4e6ea; }
    .subtitle { color: #555555; margin-top: 0; }
    nav ol { columns: 3; margin: 8px 0 0; padding-left: 24px; }
    nav a { color: #1f5fa8; text-decoration: none; }
    section { background: #ffffff; border: 1px solid #e4e6ea; border-radius: 8px; margin: 20px 0; padding: 12px 28px 20px; }
    p { max-width: 980px; }
    .formula { font-family: "Cambria Math", "STIX Two Math", "Times New Roman", Times, serif; font-size: 20px;
      text-align: center; max-width: none; margin: 14px 0; }
    .formula span { display: inline-block; margin: 0 1.2em; }
    .note { color: #666666; font-size: 14px; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em;
      background: #f1f3f5; padding: 0 4px; border-radius: 3px; }
    figure { margin: 12px 0; overflow-x: auto; }
    svg { max-width: 100%; height: auto; }
    table { border-collapse: collapse; margin: 10px 0 14px; font-size: 15px; }
    th, td { padding: 4px 14px; border-bottom: 1px solid #e9ecef; text-align: left; vertical-align: top; }
    th { background: #f1f3f5; font-weight: 600; }
    .number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .tag { display: inline-block; font-size: 12px; padding: 0 7px; border-radius: 9px; margin-left: 6px; }
    .new { background: #dcf2e3; color: #1d6b35; }
    .known { background: #eceff3; color: #555555; }
    .empty { color: #888888; font-style: italic; }
    .explore { border: 1px solid #c9d8ec; background: #f5f9fe; border-radius: 8px; margin: 16px 0; padding: 4px 18px 10px; }
    .explore h3 { font-size: 17px; margin: 10px 0 6px; }
    /* The α box stays in view while the P heat map below it scrolls past. */
    #explore-smoothing { position: sticky; top: 0; z-index: 2; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.12); }
    .control { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin: 6px 0; }
    .control label { min-width: 7em; }
    .control input[type=range] { flex: 1 1 260px; max-width: 520px; }
    output { font-variant-numeric: tabular-nums; font-weight: 600; }
    .live-samples { columns: 4; margin: 6px 0; }
    .live-samples code { unicode-bidi: isolate; }
    @media (max-width: 900px) { nav ol { columns: 2; } }
    @media (max-width: 600px) {
      body { padding: 8px 10px; }
      h1 { font-size: 24px; }
      nav ol { columns: 1; }
      section { padding: 8px 12px 14px; }
      .formula { font-size: 16px; }
      .formula span { margin: 0 0.4em; }
      table { display: block; overflow-x: auto; }
      .live-samples { columns: 2; }
      /* Charts keep a legible size and scroll sideways inside their figure. */
      figure svg { min-width: 560px; }
    }
    """
}
