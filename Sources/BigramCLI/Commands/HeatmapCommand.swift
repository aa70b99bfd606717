import ArgumentParser
import CharLM
import Foundation
import Reports

/// `bigram heatmap`: the lecture's picture of N (or of P) as a standalone SVG.
struct HeatmapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "heatmap",
    abstract: "Draw the count matrix N (or the probabilities P) as an SVG heat map, one labelled cell per bigram.")

  @OptionGroup var corpusOptions: CorpusOptions
  @Flag(help: "Draw P = (N + α) / Σ(N + α) instead of the counts.")
  var probabilities = false
  @OptionGroup var smoothingOptions: SmoothingOptions
  @Option(name: [.customShort("o"), .customLong("output")], help: "The SVG file to write.")
  var outputPath: String
  @OptionGroup var output: OutputOptions

  /// Peak memory per cell while the SVG is built (110 MB for 256×256, measured).
  static let bytesPerCell = 1_700.0
  /// Time per cell (18 s for 256×256 on the debug build, measured).
  static let secondsPerCell = 2.8e-4

  func run() throws {
    let corpus = try corpusOptions.load()
    let counts = try BigramCounts(corpus: corpus)
    // V² labelled cells, each about 1.7 KB of SVG while it is built (1.4 GB and 3 minutes at V = 1,024).
    let cells = Double(counts.size * counts.size)
    try ResourceBudget.requireMemory(
      cells * Self.bytesPerCell, for: "a heat map of \(counts.size)×\(counts.size) cells",
      hint: "draw a corpus with fewer symbols")
    ResourceBudget.announce(seconds: cells * Self.secondsPerCell, for: "drawing \(counts.size * counts.size) cells")
    let maps = BigramHeatMaps(counts: counts, smoothing: smoothingOptions.smoothing)
    let map = probabilities ? maps.probabilityMap : maps.countMap
    try AtomicFile.write(map.svgDocument(), to: URL(fileURLWithPath: outputPath))
    let size = maps.counts.size
    if output.json {
      try JSONOutput.print([
        "path": outputPath, "kind": probabilities ? "probabilities" : "counts", "cells": "\(size * size)",
      ])
    } else {
      print("wrote \(outputPath): \(size)×\(size) \(probabilities ? "probabilities" : "counts") of \(corpus.source)")
    }
  }
}
