import Autodiff

extension HeatMap {
  /// The picture of makemore part 1: a count matrix N [V, V] over `labels` (V symbols), each
  /// cell showing its pair, e.g. "ab", above its count, shaded in Blues.
  ///
  /// - Precondition: `counts` has shape [labels.count, labels.count].
  public static func pairCounts(_ counts: Tensor, labels: [String], title: String = "Bigram counts") -> HeatMap {
    HeatMap(
      values: counts, rowLabels: labels, columnLabels: labels,
      cellLines: { [labels[$0] + labels[$1], formatValue(counts[$0, $1])] },
      tooltip: { "\(labels[$0]) followed by \(labels[$1]): \(formatValue(counts[$0, $1]))" }, title: title,
      rowAxisTitle: "first character", columnAxisTitle: "next character")
  }
}
