import CharLM
import Foundation

// The report's controls ("Try it" boxes). Each box is hidden until the inline script shows it, so
// without script the page reads as before: prose, the static figures and tables. With script, the
// controls recompute the story with the CLI's formulas (see ExplorableData and ExplorableScript).
extension HTMLReport {
  private typealias M = HTMLMarkup

  /// A labelled `<input type="range">` over positions 0 … count − 1, with an `<output>` showing the value.
  private static func slider(_ id: String, label: String, count: Int, value: Int, shown: String) -> String {
    "<p class=\"control\"><label for=\"\(id)\">\(label)</label> <input type=\"range\" id=\"\(id)\" min=\"0\" "
      + "max=\"\(count - 1)\" step=\"1\" value=\"\(value)\"/> <output id=\"\(id)-value\" for=\"\(id)\">"
      + "\(M.escaped(shown))</output></p>\n"
  }

  private static func box(id: String, title: String, _ content: String) -> String {
    "<div class=\"explore\" id=\"\(id)\" hidden=\"hidden\">\n<h3>\(M.escaped(title))</h3>\n\(content)</div>\n"
  }

  static func smoothingExplorable() -> String {
    let values = ExplorableData.smoothings
    let index = values.firstIndex(of: 1) ?? 0
    return box(
      id: "explore-smoothing", title: "Try it: the smoothing α",
      slider("alpha", label: "α", count: values.count, value: index, shown: M.number(values[index]))
        + M.paragraph(
          html: "Mean NLL <output id=\"alpha-nll\">—</output>, perplexity <output id=\"alpha-perplexity\">—</output>. "
            + "The heat map of P below (its colours on the scale of α = 1) and the live samples in section 3 "
            + "follow α: a small α trusts the counts, a large one pulls every row toward the uniform 1/V."))
  }

  static func samplingExplorable(_ story: BigramStory) -> String {
    let temperatures = ExplorableData.temperatures
    let index = temperatures.firstIndex(of: 1) ?? 0
    let v = story.data.counts.size
    return box(
      id: "explore-sampling", title: "Try it: temperature and top-k",
      slider("temperature", label: "temperature T", count: temperatures.count, value: index, shown: "1")
        + slider("top-k", label: "top-k", count: v + 1, value: 0, shown: "all")
        + M.paragraph(
          html: "Each row of the count model (α from section 2: <output id=\"sample-alpha\">1</output>) becomes "
            + "P<sup>1/T</sup> renormalised, keeping only the k most likely symbols; then the same SplitMix64 "
            + "stream (seed \(story.options.seed)) walks it, so these are the words <code>bigram sample "
            + "--smoothing A --temperature T --top-k K</code> prints. <output id=\"sample-new\">—</output>")
        + "<ol class=\"live-samples\" id=\"live-samples\"></ol>\n")
  }

  static func learningRateExplorable(_ story: BigramStory) -> String {
    let data = ExplorableData(story: story)
    let radios = [("gd", "gradient descent"), ("momentum", "momentum μ = 0.9"), ("adam", "Adam")].map { value, label in
      "<label><input type=\"radio\" name=\"optimizer\" value=\"\(value)\""
        + (value == "gd" ? " checked=\"checked\"" : "") + "/> \(label)</label>"
    }.joined(separator: " ")
    return box(
      id: "explore-learning-rate", title: "Try it: the learning rate",
      slider(
        "rate", label: "η", count: data.rates.count, value: data.rateIndex, shown: M.number(data.rates[data.rateIndex]))
        + "<p class=\"control\">\(radios)</p>\n"
        + M.paragraph(
          html: "\(data.steps) updates from W = 0 (λ = \(M.number(story.options.l2))): verdict "
            + "<strong><output id=\"rate-verdict\">—</output></strong>, final loss <output id=\"rate-final\">—</output>, "
            + "gap to L* closed <output id=\"rate-gap\">—</output>, the loss rose <output id=\"rate-rises\">—</output> "
            + "times; η is <output id=\"rate-start-ratio\">—</output>× the bound 2/λ<sub>max</sub> at W = 0 and "
            + "<output id=\"rate-optimum-ratio\">—</output>× the bound at W*. The verdicts are those of "
            + "<code>bigram lr-sweep</code>, each run judged against the best of its 12 default rates (every fourth "
            + "position of the slider) with the same optimizer. The bounds drawn are gradient descent's; on a "
            + "quadratic, momentum μ stays stable up to 2(1 + μ)/λ<sub>max</sub>.")
        + "<figure><svg id=\"rate-chart\" width=\"760\" height=\"320\" viewBox=\"0 0 760 320\" role=\"img\">"
        + "<title>loss gap of the live run</title></svg></figure>\n"
        + "<figure>\(stabilityStrip(story, marker: true))</figure>\n")
  }

  static func taylorExplorable() -> String {
    let epsilons = ExplorableData.epsilons
    return box(
      id: "explore-taylor", title: "Try it: the step ε",
      slider("epsilon", label: "ε", count: epsilons.count, value: 4, shown: "0.1")
        + M.paragraph(
          html: "L(W + εD) = <output id=\"taylor-value\">—</output>, linear model "
            + "<output id=\"taylor-linear\">—</output>, error <output id=\"taylor-error\">—</output>, "
            + "error/ε² = <strong><output id=\"taylor-ratio\">—</output></strong> against ½·DᵀHD = "
            + "<output id=\"taylor-half-curvature\">—</output>.")
        + "<figure><svg id=\"taylor-chart\" width=\"760\" height=\"300\" viewBox=\"0 0 760 300\" role=\"img\">"
        + "<title>error over epsilon squared</title></svg></figure>\n")
  }

  /// The learning rate axis (log scale, 0.1 … 1000) with the two stability bounds 2/λ_max (at W = 0
  /// and at W*) drawn as lines and the zones between them shaded; the studied rates as ticks, and,
  /// for the live lab, a marker the script moves.
  static func stabilityStrip(_ story: BigramStory, marker: Bool) -> String {
    // The right margin leaves room for the label of a bound near 1000.
    let (width, left, right) = (1_000.0, 40.0, 850.0)
    let (lowest, highest) = (-1.0, 3.0)
    func x(_ rate: Double) -> Double {
      left + (right - left) * (min(max(log10(rate), lowest), highest) - lowest) / (highest - lowest)
    }
    func s(_ value: Double) -> String { String(format: "%.1f", value) }
    let start = story.sweep.startCurvature.stabilityBound
    let end = story.sweep.optimumCurvature.stabilityBound
    var svg =
      "<svg class=\"strip\" width=\"\(s(width))\" height=\"118\" viewBox=\"0 0 \(s(width)) 118\" role=\"img\""
      + (marker ? " id=\"rate-strip\"" : "")
      + " data-left=\"\(s(left))\" data-right=\"\(s(right))\" data-lowest=\"\(lowest)\" data-highest=\"\(highest)\">"
      + "<title>learning rates against the stability bounds 2/λ_max</title>"
      + "<rect width=\"\(s(width))\" height=\"118\" fill=\"#ffffff\"/>"
    func zone(_ from: Double, _ to: Double, _ color: String, _ label: String) {
      guard to > from else { return }
      svg +=
        "<rect x=\"\(s(from))\" y=\"22\" width=\"\(s(to - from))\" height=\"40\" fill=\"\(color)\"/>"
        + "<text x=\"\(s((from + to) / 2))\" y=\"57\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333333\">"
        + "\(M.escaped(label))</text>"
    }
    let (a, b) = (x(min(start, end)), x(max(start, end)))
    zone(left, a, "#dcf2e3", "stable")
    zone(a, b, "#fff1c9", "oscillates near W*")
    zone(b, right, "#f8d7d3", "overshoots at once")
    // The lower bound's label to the left of its line, the higher one's to the right, so they never meet.
    for (bound, label, anchor, shift) in [
      (min(start, end), start < end ? "2/λ_max at W = 0" : "2/λ_max at W*", "end", -4.0),
      (max(start, end), start < end ? "2/λ_max at W*" : "2/λ_max at W = 0", "start", 4.0),
    ] where bound.isFinite {
      svg +=
        "<line x1=\"\(s(x(bound)))\" y1=\"14\" x2=\"\(s(x(bound)))\" y2=\"70\" stroke=\"#b2182b\" stroke-width=\"2\"/>"
        + "<text x=\"\(s(x(bound) + shift))\" y=\"13\" text-anchor=\"\(anchor)\" font-size=\"12\" fill=\"#b2182b\">"
        + "\(M.escaped(label)) = \(M.fixed(bound, 1))</text>"
    }
    var tick = 0.1
    while tick <= 1_000 {
      svg +=
        "<line x1=\"\(s(x(tick)))\" y1=\"62\" x2=\"\(s(x(tick)))\" y2=\"68\" stroke=\"#555555\"/>"
        + "<text x=\"\(s(x(tick)))\" y=\"82\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333333\">"
        + "\(M.number(tick))</text>"
      tick *= 10
    }
    svg +=
      "<text x=\"\(s(width / 2))\" y=\"112\" text-anchor=\"middle\" font-size=\"13\">learning rate η (log scale)</text>"
    if marker {
      svg +=
        "<g id=\"rate-marker\"><line x1=\"0\" y1=\"18\" x2=\"0\" y2=\"66\" stroke=\"#1f5fa8\" stroke-width=\"4\"/></g>"
    } else {
      for run in story.sweep.runs {
        svg +=
          "<g class=\"studied-rate\"><title>η = \(M.number(run.learningRate)): \(run.verdict.rawValue)</title>"
          + "<circle cx=\"\(s(x(run.learningRate)))\" cy=\"35\" r=\"5\" fill=\"#1f5fa8\"/></g>"
      }
    }
    return svg + "</svg>"
  }

  /// The data and the script, at the end of the body.
  static func explorableScript(_ story: BigramStory) -> String {
    let json: String
    do {
      json = try ExplorableData(story: story).json()
    } catch {
      // Strings, integers and doubles (non-finite ones as strings) always encode.
      preconditionFailure("the report's data did not encode as JSON: \(error)")
    }
    return "<script type=\"application/json\" id=\"bigram-data\">\(json)</script>\n"
      + "<script>//<![CDATA[\n\(ExplorableScript.source)//]]>\n</script>\n"
  }
}
