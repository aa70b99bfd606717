import CharLM
import Foundation

private typealias M = HTMLMarkup

extension HTMLReport {
  /// The report of a story with, after it, the section on an MLP run (`bigram report --mlp DIR`).
  public init(story: BigramStory, mlp checkpoint: MLPCheckpoint, source: String) {
    self.init(story: story)
    sections.append(Self.mlpSection(checkpoint, source: source))
  }

  /// The MLP's learning curves (the mini-batch loss averaged over blocks of steps, train and dev
  /// NLL at each evaluation) and the characters' embedding in two dimensions.
  static func mlpSection(_ checkpoint: MLPCheckpoint, source: String) -> HTMLSection {
    let state = checkpoint.state
    let configuration = state.model.configuration
    var body = M.paragraph(
      html: "The run in \(M.code(source)): the last \(configuration.context) characters → embeddings C "
        + "(\(checkpoint.vocabulary.count)×\(configuration.embedding)) → "
        + (configuration.hierarchical ? "pairs merged level by level" : "concatenation")
        + " → hidden layers of \(configuration.hidden) (Linear\(configuration.batchNorm ? " → BatchNorm" : "") → tanh) → "
        + "logits → softmax, \(M.integer(state.model.parameterCount)) parameters, \(M.integer(state.step)) updates of "
        + "\(checkpoint.options.batchSize ?? 32) windows. With more than one character of context the embeddings "
        + "let it share what it learns between similar characters, where counts of long contexts go sparse.")
    // The batch loss is noisy: its mean over blocks (about 200 of them) shows the trend, as the
    // lecture's plot of log-loss averaged over 1,000 steps does.
    let block = max(1, state.history.count / 200)
    var averaged: [(x: Double, y: Double)] = []
    var start = 0
    while start < state.history.count {
      let slice = state.history[start..<min(start + block, state.history.count)]
      averaged.append((Double(slice.last?.step ?? 0), slice.map(\.loss).reduce(0, +) / Double(slice.count)))
      start += block
    }
    let chart = LineChart(
      title: "MLP learning curves", xAxisTitle: "update", yAxisTitle: "NLL (nats)",
      series: [
        .init(name: "batch loss, mean of \(block)", points: averaged),
        .init(name: "train (eval mode)", points: state.evaluations.map { (Double($0.step), $0.train) }),
        .init(
          name: "dev (eval mode)", points: state.evaluations.compactMap { e in e.dev.map { (Double(e.step), $0) } }),
      ], width: 1_000, height: 420)
    body += M.figure(svg: chart.svgFragment())
    if let last = state.evaluations.last {
      body += M.paragraph(
        html: "After \(M.integer(last.step)) updates: train NLL \(M.fixed(last.train)), dev NLL "
          + (last.dev.map { M.fixed($0) } ?? "—")
          + (state.bestEvaluation.map { ", best dev \(M.fixed($0.dev ?? .nan)) at update \(M.integer($0.step))" } ?? "")
          + ".")
    }
    let projection = EmbeddingProjection(embeddings: state.model.parameters[0])
    let labels = (0..<checkpoint.vocabulary.count).map { checkpoint.vocabulary.displayName(of: $0) }
    let scatter = ScatterPlot(
      title: projection.isProjected ? "The characters' embeddings, first two principal axes" : "The embeddings C",
      xAxisTitle: projection.isProjected
        ? "PC 1 (\(M.fixed(projection.explainedVariance.0 * 100, 1))% of the variance)" : "C[:, 0]",
      yAxisTitle: projection.isProjected
        ? "PC 2 (\(M.fixed(projection.explainedVariance.1 * 100, 1))%)" : "C[:, 1]",
      points: zip(projection.points, labels).map { ($0.x, $0.y, $1) })
    body += M.figure(svg: scatter.svgFragment())
    body += M.paragraph(
      html: projection.isProjected
        ? "C has \(configuration.embedding) dimensions; the plot shows its projection on the two directions of "
          + "largest variance (PCA of the centred rows). Characters the model uses alike sit close together: "
          + "the vowels usually gather, and the boundary '.' stands apart."
        : "C has two dimensions, plotted as they are (the lecture's scatter): characters the model uses alike "
          + "sit close together.")
    return HTMLSection(id: "mlp", title: "The MLP: longer contexts, learning curves and embeddings", body: body)
  }
}
