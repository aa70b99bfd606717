import Autodiff
import CharLM
import Foundation

// One builder per section: 2–4 sentences of explanation with the corpus's own numbers, the
// formula, then the figure or table. Corpus strings pass through HTMLMarkup, which escapes them.
extension HTMLReport {
  private typealias M = HTMLMarkup

  static func corpusSection(_ story: BigramStory) -> HTMLSection {
    let s = story.statistics
    let meanLength = Double(s.bigrams - s.words) / Double(s.words)
    var body = M.paragraph(
      html: "\(M.code(story.corpus.source)) holds \(M.integer(s.words)) words, \(M.integer(s.uniqueWords)) of them "
        + "distinct (\(M.integer(s.duplicates)) repeat an earlier word; every occurrence counts as data). Each word "
        + "w = w₁…wₙ becomes the chain <code>. w₁ … wₙ .</code>, where the boundary token <code>.</code> marks both "
        + "its start and its end, so a word of n characters contributes n + 1 bigram events. The vocabulary is "
        + "<code>.</code> followed by every character of the data in code-point order.")
    body += M.formula(
      html: "T = Σ<sub><i>w</i></sub> (|<i>w</i>| + 1) = \(M.integer(s.bigrams))",
      "V = |{.} ∪ characters| = \(s.vocabularySize)")
    body += M.table(
      header: [
        "words", "distinct", "duplicates", "bigram events T", "symbols V", "shortest", "longest", "mean length",
        "blank lines",
      ],
      rows: [
        [
          M.integer(s.words), M.integer(s.uniqueWords), M.integer(s.duplicates), M.integer(s.bigrams),
          "\(s.vocabularySize)", "\(s.minimumLength)", "\(s.maximumLength)", M.fixed(meanLength, 2),
          M.integer(s.blankLines),
        ]
      ], numeric: Set(0..<9))
    let vocabulary = story.data.counts.vocabulary
    let symbols = (0..<vocabulary.count).map { vocabulary.displayName(of: $0) }.joined(separator: " ")
    body += M.paragraph(html: "Symbols: \(M.code(symbols))")
    body += M.paragraph(
      html: "The first words: " + story.corpus.words.prefix(12).map { M.code($0) }.joined(separator: ", "))
    return HTMLSection(id: "corpus", title: "Corpus statistics", body: body)
  }

  static func countsSection(_ story: BigramStory) -> HTMLSection {
    let counts = story.data.counts
    let vocabulary = counts.vocabulary
    let v = counts.size
    var top = (i: 0, j: 0)
    for i in 0..<v {
      for j in 0..<v where counts[i, j] > counts[top.i, top.j] { top = (i, j) }
    }
    let pair = vocabulary.displayName(of: top.i) + vocabulary.displayName(of: top.j)
    let likelihood = story.countModelLikelihood
    var body = M.paragraph(
      html: "N<sub>ij</sub> counts how often symbol j follows symbol i: row <code>.</code> is how words start, "
        + "column <code>.</code> how they end. The most common bigram is \(M.code(pair)) "
        + "(\(M.integer(counts[top.i, top.j])) times). Adding α = 1 to every count and normalising each row gives "
        + "the count model P, whose rows sum to 1 and which gives no bigram probability 0; its mean negative "
        + "log-likelihood on the corpus is \(M.fixed(likelihood.mean ?? .nan)) nats (perplexity "
        + "\(M.fixed(likelihood.perplexity ?? .nan, 2))), against log V = \(M.fixed(log(Double(v)))) for a uniform "
        + "guess. Hover over a cell for its count, probability and gradient at W = 0.")
    body += M.formula(
      html: "P(<i>j</i> | <i>i</i>) = (N<sub><i>ij</i></sub> + α) / Σ<sub><i>k</i></sub> "
        + "(N<sub><i>ik</i></sub> + α)",
      "NLL = −(1/T) Σ<sub><i>ij</i></sub> N<sub><i>ij</i></sub> log P(<i>j</i> | <i>i</i>)")
    let maps = heatMaps(story)
    body += M.figure(svg: maps.countMap.svgFragment())
    body += smoothingExplorable()
    body += M.figure(svg: maps.probabilityMap.svgFragment(), id: "p-map")
    return HTMLSection(id: "counts", title: "Counts N and probabilities P", body: body)
  }

  static func samplesSection(_ story: BigramStory) -> HTMLSection {
    let options = story.options
    let pairs = Array(zip(story.countSamples, story.netSamples))
    let same = pairs.filter { $0.word == $1.word }.count
    let newFromCounts = story.countSamples.filter { !$0.isInCorpus }.count
    let newFromNet = story.netSamples.filter { !$0.isInCorpus }.count
    var body = M.paragraph(
      html: "A model writes a word by starting at <code>.</code>, drawing u uniformly in [0, 1) and taking the first "
        + "symbol whose cumulative probability exceeds u, until <code>.</code> comes again. Both models read the "
        + "same stream of draws (SplitMix64, seed \(options.seed)), so wherever the net's P̂ is close to P they "
        + "pick the same symbols: \(same) of \(pairs.count) words agree (once two words differ in length, the "
        + "models read the rest of the stream out of step). The net is softmax(W) after "
        + "\(story.trainingHistory.records.count - 1) steps of gradient descent from W = 0 (η = "
        + "\(M.number(options.learningRate)), λ = \(M.number(options.l2))). A bigram model only knows which "
        + "character tends to follow which, so most words are new: \(newFromCounts) from the counts and "
        + "\(newFromNet) from the net are not in the corpus.")
    body += M.formula(
      html: "<i>w</i><sub><i>t</i>+1</sub> = min { <i>j</i> : Σ<sub><i>k</i> ≤ <i>j</i></sub> "
        + "P(<i>k</i> | <i>w<sub>t</sub></i>) > <i>u<sub>t</sub></i> }", "<i>u<sub>t</sub></i> ~ U[0, 1)")
    func cell(_ sample: BigramStory.Sample) -> String {
      let word = sample.word.isEmpty ? "<span class=\"empty\">(empty)</span>" : M.code(sample.word)
      let tag = sample.isInCorpus ? "<span class=\"tag known\">in data</span>" : "<span class=\"tag new\">new</span>"
      // A word the model had not ended after the sampler's cut-off is shown as cut, not as whole.
      return word + tag + (sample.isCut ? " (cut at \(Sampler.maximumLength) characters)" : "")
    }
    body += M.table(
      header: ["#", "count model (α = 1)", "trained net"],
      rows: pairs.enumerated().map { ["\($0.offset + 1)", cell($0.element.0), cell($0.element.1)] }, numeric: [0])
    body += samplingExplorable(story)
    return HTMLSection(id: "samples", title: "Samples from the counts and from the net", body: body)
  }

  static func gradientSection(_ story: BigramStory) -> HTMLSection {
    let gradient = story.gradientAtZero
    let vocabulary = story.data.counts.vocabulary
    var (low, high) = (0, 0)
    for index in gradient.scalars.indices {
      if gradient.scalars[index] < gradient.scalars[low] { low = index }
      if gradient.scalars[index] > gradient.scalars[high] { high = index }
    }
    let v = gradient.columns
    func pair(_ index: Int) -> String {
      M.code(vocabulary.displayName(of: index / v) + vocabulary.displayName(of: index % v))
    }
    var body = M.paragraph(
      html: "At W = 0 every row of P̂ = softmax(W) is uniform, 1/V. The gradient is the gap between what the "
        + "model predicts and what the data show, row by row, weighted by how often the row is used: red cells "
        + "(positive) are bigrams predicted too often, blue cells (negative) too rarely, and a step of gradient "
        + "descent lowers the red logits and raises the blue ones. The strongest pull up is on \(pair(low)) "
        + "(\(M.scientific(gradient.scalars[low]))), the strongest pull down on \(pair(high)) "
        + "(\(M.scientific(gradient.scalars[high]))); every row sums to zero, as P̂<sub>i</sub> and "
        + "N<sub>i</sub>/n<sub>i</sub> both sum to one.")
    body += M.formula(
      html: "∂L/∂W<sub><i>ij</i></sub> = (<i>n<sub>i</sub></i>/T)(P̂<sub><i>ij</i></sub> − "
        + "N<sub><i>ij</i></sub>/<i>n<sub>i</sub></i>) + 2λW<sub><i>ij</i></sub>/V²",
      "= (<i>n<sub>i</sub></i>/V − N<sub><i>ij</i></sub>)/T at W = 0")
    if let map = heatMaps(story).gradientMap {
      body += M.figure(svg: map.svgFragment())
    }
    return HTMLSection(id: "gradient", title: "The gradient ∂L/∂W at W = 0", body: body)
  }

  static func learningRateSection(_ story: BigramStory) -> HTMLSection {
    let sweep = story.sweep
    let vocabulary = story.data.counts.vocabulary
    let (start, end) = (sweep.startCurvature, sweep.optimumCurvature)
    let rates = sweep.runs.map { M.number($0.learningRate) }.joined(separator: ", ")
    let optimum =
      sweep.optimum.isLimit
      ? "at the limit W = log N that training with λ = 0 approaches"
      : "at the optimum W* (Newton's method to ‖∇L‖ &lt; 10<sup>−12</sup>, L* = \(M.fixed(sweep.optimum.loss, 6)))"
    var body = M.paragraph(
      html: "Gradient descent from W = 0 at η = \(rates), \(sweep.steps) steps each. Near a point the loss is "
        + "close to a quadratic with Hessian H, and gradient descent on a quadratic converges only if "
        + "η &lt; 2/λ<sub>max</sub>(H): a longer step overshoots along the most curved direction by more than it "
        + "gains. H is block-diagonal, one V×V block per row; at W = 0 its largest eigenvalue (Jacobi "
        + "eigen-decomposition of every block) is λ<sub>max</sub> = \(M.scientific(start.largestEigenvalue, 4)), in "
        + "the block of row \(M.code(vocabulary.displayName(of: start.stiffestRow))), so the bound at the start is "
        + "2/λ<sub>max</sub> = \(M.fixed(start.stabilityBound, 1)).")
    body += M.paragraph(
      html: "The curvature grows as training sharpens P̂: \(optimum) λ<sub>max</sub> = "
        + "\(M.scientific(end.largestEigenvalue, 4)) and the bound falls to \(M.fixed(end.stabilityBound, 1)). A rate "
        + "between the two bounds helps at first and then bounces across the valley; a rate above the starting "
        + "bound overshoots from the first steps on. The verdicts are read off the curves: divergent if a run "
        + "ends above its start, oscillating if its loss ever rises, too small if it closes less than "
        + "\(M.percent(LearningRateSweep.closingFraction)) of the gap L₀ − L* that the best run closes, good "
        + "otherwise.")
    body += M.formula(
      html: "W ← W − η ∇L(W)",
      "H<sub><i>i</i></sub> = (<i>n<sub>i</sub></i>/T)(diag p̂<sub><i>i</i></sub> − "
        + "p̂<sub><i>i</i></sub> p̂<sub><i>i</i></sub><sup>T</sup>) + (2λ/V²) I", "stable if η &lt; 2/λ<sub>max</sub>",
      "λ<sub>max</sub>(W = 0) = max<sub><i>i</i></sub> <i>n<sub>i</sub></i>/(T V) + 2λ/V²")
    body += M.figure(svg: learningRateChart(story).svgFragment())
    body += M.paragraph(
      html: "Where each rate sits against the two bounds (L* = \(M.fixed(sweep.optimum.loss, 6)); a dot per rate "
        + "above):")
    body += "<figure>\(stabilityStrip(story, marker: false))</figure>\n"
    body += M.table(
      header: ["η", "η ÷ bound at W = 0", "η ÷ bound at W*", "final loss", "gap closed", "rises", "verdict"],
      rows: sweep.runs.map { run in
        [
          M.number(run.learningRate), String(format: "%.2g", run.learningRate / start.stabilityBound),
          String(format: "%.2g", run.learningRate / end.stabilityBound), M.fixed(run.finalLoss),
          M.percent(run.gapClosed), "\(run.rises)", M.escaped(run.verdict.rawValue),
        ]
      }, numeric: [0, 1, 2, 3, 4, 5])
    body += learningRateExplorable(story)
    return HTMLSection(id: "learning-rate", title: "Learning rates and the stability bound", body: body)
  }

  static func raceSection(_ story: BigramStory) -> HTMLSection {
    let race = story.race
    let bound = story.sweep.optimumCurvature.stabilityBound
    var body = M.paragraph(
      html: "Six optimizers start at W = 0 and run until the loss is within 10<sup>−6</sup> of L* = "
        + "\(M.fixed(race.optimum.loss, 6)), or for at most \(M.integer(story.options.raceSteps)) steps, with rates "
        + "tuned on names.txt. Gradient descent is held back by the stiffest direction: its rate must stay "
        + "below 2/λ<sub>max</sub>(W*) = \(M.fixed(bound, 1)), which leaves the flat directions slow. Momentum and "
        + "Nesterov build up speed where the gradient keeps its direction, Adam scales each weight's step by its "
        + "own gradient history, and clipping shortens only the first, steepest steps. Newton's method divides "
        + "the gradient by the curvature itself, one V×V system per row, and converges in a handful of steps.")
    body += M.formula(
      html: "<i>v</i> ← μ<i>v</i> + ∇L,  W ← W − η<i>v</i>",
      "W ← W − <i>t</i> H<sup>−1</sup>∇L (Armijo line search for <i>t</i>)")
    body += M.figure(svg: raceChart(story).svgFragment())
    func steps(_ milestone: RaceResult.Milestone?) -> String { milestone.map { M.integer($0.step) } ?? "not reached" }
    func milliseconds(_ seconds: Double) -> String { M.fixed(seconds * 1_000, 1) + " ms" }
    // Wall-clock times differ from run to run; only `--timings` puts them in the page.
    let timed = story.options.showsTimings
    body += M.table(
      header: ["optimizer", "settings", "steps to L* + 1e-3", "steps to L* + 1e-6"]
        + (timed ? ["time to L* + 1e-6"] : []) + ["final L − L*"],
      rows: race.results.map { result in
        let options = result.entrant.options
        var settings =
          options.method == .newton ? "line search" : "η = \(M.number(options.learningRate))"
        if options.method == .momentum || options.method == .nesterov {
          settings += ", μ = \(M.number(options.momentum))"
        }
        if let clip = options.clipNorm { settings += ", ‖∇L‖ ≤ \(M.number(clip))" }
        return [M.code(result.entrant.name), settings, steps(result.withinCoarseGap), steps(result.withinFineGap)]
          + (timed ? [result.withinFineGap.map { milliseconds($0.seconds) } ?? "—"] : [])
          + [M.scientific(result.finalLoss - race.optimum.loss, 1)]
      }, numeric: timed ? [2, 3, 4, 5] : [2, 3, 4])
    for result in race.results {
      if let failure = result.failure {
        body += M.note(html: "\(M.code(result.entrant.name)) stopped early: \(M.escaped(failure.description))")
      }
    }
    return HTMLSection(id: "race", title: "The optimizer race", body: body)
  }

  static func taylorSection(_ story: BigramStory) -> HTMLSection {
    let taylor = story.taylor
    var body = M.paragraph(
      html:
        "How good is the linear model of the loss that every gradient step trusts? Along the steepest-descent direction D = −∇L/‖∇L‖ at W = 0, the "
        + "linear model L(W) + ε⟨∇L, D⟩ misses L(W + εD) by ½ε²DᵀHD + O(ε³). So error/ε² settles at "
        + "½·DᵀHD = \(M.fixed(taylor.halfCurvature, 10)) (from the exact block Hessian) as ε shrinks, until "
        + "round-off in L blurs the smallest ε. Halving a step quarters the error of the linear model, which is "
        + "why a small enough learning rate makes every step a safe bet.")
    body += M.formula(
      html: "L(W + εD) = L(W) + ε ⟨∇L, D⟩ + ½ ε² D<sup>T</sup>HD + O(ε³)",
      "L(W) = \(M.fixed(taylor.loss, 10))", "⟨∇L, D⟩ = \(M.fixed(taylor.directionalDerivative, 10))")
    body += M.table(
      header: ["ε", "L(W + εD)", "L(W) + ε⟨∇L, D⟩", "error", "error / ε²"],
      rows: taylor.rows.map {
        [
          M.scientific($0.epsilon, 0), M.fixed($0.value, 10), M.fixed($0.linear, 10), M.scientific($0.error),
          M.fixed($0.errorOverEpsilonSquared, 10),
        ]
      } + [["", "", "", "½·DᵀHD", M.fixed(taylor.halfCurvature, 10)]], numeric: Set(0..<5))
    body += taylorExplorable()
    return HTMLSection(id: "taylor", title: "The Taylor expansion at W = 0", body: body)
  }

  static func gradientCheckSection(_ story: BigramStory) -> HTMLSection {
    let title = "Checking the gradient"
    guard let check = story.gradientCheck else {
      let v = story.data.counts.size
      return HTMLSection(
        id: "gradient-check", title: title,
        body: M.paragraph(
          html: "Skipped: the finite-difference sweep perturbs every one of the V² = \(M.integer(v * v)) weights "
            + "and re-evaluates an O(V²) loss each time, and the one-hot path multiplies a T×V matrix; above "
            + "V = \(BigramStory.largestCheckedVocabulary) or T·V = "
            + "\(M.integer(BigramStory.largestOneHotEntries)) that is too slow for a report. Run "
            + "<code>bigram gradcheck</code> for it."))
    }
    let best = check.finiteDifferences.min { $0.maxAbsError < $1.maxAbsError }
    var body = M.paragraph(
      html: "The gradient formula of <a href=\"#gradient\">section 4</a>, ∂L/∂W = (n<sub>i</sub>·p̂<sub>i</sub> − "
        + "N<sub>i</sub>)/T + 2λW/V², checked three ways at W = 0. Reverse-mode autodiff of the per-event model "
        + "agrees with the analytic gradient to max |Δ| = \(M.scientific(check.analyticVsAutodiff, 1)) by row "
        + "lookup W[x] and \(M.scientific(check.analyticVsOneHot, 1)) by the lecture's one-hot(x)·W. Central "
        + "finite differences on all \(M.integer(check.checkedEntries)) entries trade truncation error (∝ h²) "
        + "for round-off (∝ ε<sub>machine</sub>/h), so the error is smallest in between"
        + (best.map { ", here at h = \(M.scientific($0.h, 0))" } ?? "") + " (‖∇L‖ = "
        + "\(M.fixed(check.gradientNorm, 6))).")
    body += M.formula(
      html: "∂L/∂W<sub><i>ij</i></sub> ≈ (L(W + <i>h</i> e<sub><i>ij</i></sub>) − L(W − <i>h</i> "
        + "e<sub><i>ij</i></sub>)) / 2<i>h</i>")
    body += M.table(
      header: ["h", "max absolute error", "max relative error"],
      rows: check.finiteDifferences.map {
        [M.scientific($0.h, 0), M.scientific($0.maxAbsError), M.scientific($0.maxRelError)]
      },
      numeric: [0, 1, 2])
    return HTMLSection(id: "gradient-check", title: title, body: body)
  }

  static func comparisonSection(_ story: BigramStory) -> HTMLSection {
    let final = story.trainingHistory.records.last
    var body = M.paragraph(
      html: "After \(final?.step ?? 0) steps the net's loss is \(M.fixed(final?.loss ?? .nan, 6)) "
        + "(NLL \(M.fixed(final?.nll ?? .nan, 6))) and its P̂ = softmax(W) sits next to the count model. With "
        + "λ = 0 its optimum would be the unsmoothed counts, W<sub>ij</sub> = log N<sub>ij</sub> + c<sub>i</sub>; "
        + "the penalty λ·mean(W²) pulls W toward 0, which smooths like pseudo-counts, so the net lands between "
        + "α = 0 and a flatter model. KL weights each row by how often it is used: it is the extra NLL per event "
        + "the net pays on data distributed as P.")
    body += M.formula(
      html: "KL(P ‖ P̂) = Σ<sub><i>i</i></sub> (<i>n<sub>i</sub></i>/T) Σ<sub><i>j</i></sub> "
        + "P<sub><i>ij</i></sub> log(P<sub><i>ij</i></sub> / P̂<sub><i>ij</i></sub>)")
    body += M.table(
      header: ["count model", "max |P − P̂|", "KL(P ‖ P̂) (nats)", "NLL counts", "NLL net"],
      rows: [("α = 0", story.unsmoothedComparison), ("α = 1", story.addOneComparison)].map { name, comparison in
        [
          name, M.fixed(comparison.maxAbsDifference, 5), M.scientific(comparison.klDivergence),
          M.fixed(comparison.referenceNLL, 6), M.fixed(comparison.modelNLL, 6),
        ]
      }, numeric: [1, 2, 3, 4])
    return HTMLSection(id: "comparison", title: "Counts and the net after training", body: body)
  }

  static func contextsSection(_ story: BigramStory) -> HTMLSection {
    let sweep = story.contexts
    var body = M.paragraph(
      html: "The bigram looks at one character. An n-gram model looks at N − 1: words are padded with N − 1 "
        + "start symbols and each character (and the word end) is predicted from the N − 1 before it. Counts over "
        + "longer contexts are sparser, so they need smoothing: add-α with α tuned on the dev part, and "
        + "interpolated modified Kneser-Ney, which discounts each count by D<sub>1</sub>, D<sub>2</sub> or "
        + "D<sub>3+</sub> and gives the freed mass to the next shorter context. Every model is counted on the "
        + "80% train part (seed \(story.options.seed)) and scored on all three parts.")
    body += M.formula(
      html: "P<sub><i>k</i></sub>(<i>w</i> | <i>h</i>) = max(<i>a</i>(<i>hw</i>) − D, 0) / Σ<sub><i>x</i></sub> "
        + "<i>a</i>(<i>hx</i>) + γ(<i>h</i>) P<sub><i>k</i>−1</sub>(<i>w</i> | <i>h</i>′)")
    body += M.figure(svg: contextsChart(story).svgFragment())
    body += M.paragraph(html: M.escaped(sweep.reading))
    body += M.table(
      header: ["N", "model", "α", "train NLL", "dev NLL", "test NLL", "N-grams stored", "dev N-grams unseen"],
      rows: sweep.rows.map { row in
        [
          "\(row.order)", M.escaped(row.model.displayName), row.smoothing.map { String(format: "%.3g", $0) } ?? "—",
          row.train.nll.map { M.fixed($0, 4) } ?? "n/a", row.dev.nll.map { M.fixed($0, 4) } ?? "n/a",
          row.test?.nll.map { M.fixed($0, 4) } ?? "n/a", M.integer(row.ngrams.last ?? 0),
          String(format: "%.1f%%", sweep.unseenDevShare[row.order - 1] * 100),
        ]
      }, numeric: [0, 2, 3, 4, 5, 6, 7])
    return HTMLSection(id: "contexts", title: "Longer contexts: n-gram count models", body: body)
  }

  // MARK: Figures

  /// Dev NLL against N, one series per model kind.
  private static func contextsChart(_ story: BigramStory) -> LineChart {
    let rows = story.contexts.rows
    let kinds = rows.reduce(into: [ContextSweep.ModelKind]()) { kinds, row in
      if !kinds.contains(row.model) { kinds.append(row.model) }
    }
    return LineChart(
      title: "Dev NLL against the context length N", xAxisTitle: "N (context of N − 1 characters)",
      yAxisTitle: "dev NLL (nats)",
      series: kinds.map { kind in
        LineChart.Series(
          name: kind.displayName,
          points: rows.filter { $0.model == kind }.compactMap { row in
            row.dev.nll.flatMap { $0.isFinite ? (Double(row.order), $0) : nil }
          })
      })
  }

  /// The three heat maps, cells shrunk (and their text dropped) for large vocabularies.
  private static func heatMaps(_ story: BigramStory) -> (
    countMap: HeatMap, probabilityMap: HeatMap, gradientMap: HeatMap?
  ) {
    let v = story.data.counts.size
    let maps = BigramHeatMaps(counts: story.data.counts, smoothing: 1, gradient: story.gradientAtZero)
    // 27 symbols at 40 px fill the page's width; more get smaller cells (8 px at V = 128), and
    // below 30 px a cell is too small for text.
    let cellSize = min(40, (1_080 / Double(v)).rounded(.down))
    func fitted(_ map: HeatMap) -> HeatMap {
      var map = map
      map.cellSize = cellSize
      if cellSize < 30 { map.cellLines = { _, _ in [] } }
      return map
    }
    return (fitted(maps.countMap), fitted(maps.probabilityMap), maps.gradientMap.map(fitted))
  }

  /// The loss curves of the sweep on one chart as the gap L(W_k) − L* on a log scale, so every run
  /// stays in view: a divergent one climbs above the start line instead of leaving the chart.
  private static func learningRateChart(_ story: BigramStory) -> LineChart {
    let sweep = story.sweep
    let optimum = sweep.optimum.loss
    let gaps = sweep.runs.flatMap { $0.history.records.map { $0.loss - optimum } }.filter { $0 > 0 && $0.isFinite }
    let lowest = pow(10, (log10(gaps.min() ?? 1e-6)).rounded(.down))
    let highest = pow(10, (log10(max(gaps.max() ?? 1, sweep.startLoss - optimum))).rounded(.up))
    return LineChart(
      title: "Gradient descent from W = 0 (λ = \(formatValue(story.options.l2))): distance to the optimum",
      xAxisTitle: "step k", yAxisTitle: "L(W_k) − L*",
      series: sweep.runs.map { run in
        LineChart.Series(
          name: "η = \(formatValue(run.learningRate)) (\(run.verdict.rawValue))",
          points: run.history.records.map { (Double($0.step), $0.loss - optimum) })
      }, yScale: .logarithmic, yRange: lowest...highest,
      referenceLines: [
        .init(
          .horizontal(y: sweep.startLoss - optimum),
          label: "start: log V − L* = \(String(format: "%.4f", sweep.startLoss - optimum))")
      ], width: 1_000, height: 460)
  }

  /// The race on a log scale: each optimizer's gap L(W_k) − L* until it crosses L* + 1e-6.
  private static func raceChart(_ story: BigramStory) -> LineChart {
    let race = story.race
    return LineChart(
      title: "The optimizer race from W = 0: distance to the optimum", xAxisTitle: "step k",
      yAxisTitle: "L(W_k) − L*",
      series: race.results.map { result in
        LineChart.Series(
          name: result.entrant.name,
          points: result.history.records.map { (Double($0.step), $0.loss - race.optimum.loss) })
      }, yScale: .logarithmic, yRange: 1e-7...1,
      referenceLines: [
        .init(.horizontal(y: OptimizerRace.coarseGap), label: "L* + 1e-3"),
        .init(.horizontal(y: OptimizerRace.fineGap), label: "L* + 1e-6"),
      ], width: 1_000, height: 460)
  }
}
