import Autodiff
import CharLM
import Foundation

/// The heat maps of the bigram story, lecture style: every cell shows its two characters and a
/// number, and its tooltip gives the bigram's count, probability and (when known) gradient.
public struct BigramHeatMaps {
  /// The counts N.
  public let counts: BigramCounts
  /// The smoothed count model P.
  public let probabilities: BigramProbabilities
  /// ∂L/∂W at some point (e.g. W = 0), if shown.
  public let gradient: Tensor?

  /// The maps of `counts` with add-α smoothing and an optional gradient.
  public init(counts: BigramCounts, smoothing: Double = 1, gradient: Tensor? = nil) {
    self.counts = counts
    probabilities = counts.probabilities(smoothing: smoothing)
    self.gradient = gradient
  }

  private var labels: [String] { (0..<counts.size).map { counts.vocabulary.displayName(of: $0) } }

  private func tooltip(_ i: Int, _ j: Int) -> String {
    let labels = self.labels
    var text =
      "\(labels[i])\(labels[j]): count \(counts[i, j]), P(\(labels[j]) | \(labels[i])) = "
      + String(format: "%.4f", probabilities[i, j])
    if let gradient { text += ", ∂L/∂W = " + String(format: "%+.3e", gradient[i, j]) }
    return text
  }

  /// N: each cell "ab" over its count, Blues.
  public var countMap: HeatMap {
    let labels = self.labels
    return HeatMap(
      values: counts.matrix, rowLabels: labels, columnLabels: labels,
      cellLines: { [labels[$0] + labels[$1], "\(counts[$0, $1])"] }, tooltip: tooltip, title: "Bigram counts N",
      rowAxisTitle: "first character", columnAxisTitle: "next character")
  }

  /// P: each cell "ab" over P(b | a) to three decimals, Blues.
  public var probabilityMap: HeatMap {
    let labels = self.labels
    let probabilities = self.probabilities
    return HeatMap(
      values: probabilities.matrix, rowLabels: labels, columnLabels: labels,
      cellLines: { [labels[$0] + labels[$1], String(format: "%.3f", probabilities[$0, $1])] }, tooltip: tooltip,
      title: "P(next | first) = (N + α) / Σ(N + α), rows sum to 1", rowAxisTitle: "first character",
      columnAxisTitle: "next character")
  }

  /// ∂L/∂W: diverging colours, red where raising W_ij would raise the loss (P̂ above the data).
  public var gradientMap: HeatMap? {
    guard let gradient else { return nil }
    let labels = self.labels
    return HeatMap(
      values: gradient, rowLabels: labels, columnLabels: labels,
      cellLines: { [labels[$0] + labels[$1], String(format: "%+.0e", gradient[$0, $1])] }, tooltip: tooltip,
      colorScale: .diverging, title: "∂L/∂W = (n_i·p̂_i − N_i)/T: red = predicted too often, blue = too rarely",
      rowAxisTitle: "first character", columnAxisTitle: "next character")
  }
}
