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

  func run() throws {
    let corpus = try corpusOptions.load()
    let maps = BigramHeatMaps(counts: try BigramCounts(corpus: corpus), smoothing: smoothingOptions.smoothing)
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
