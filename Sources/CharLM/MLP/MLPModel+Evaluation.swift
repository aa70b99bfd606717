import Autodiff
import Foundation

extension MLPModel {
  /// The logits of evaluation mode for `rows` windows (BatchNorm with the running statistics, so
  /// each window's output does not depend on the others): contexts [rows·context] → [rows, V].
  func evaluationLogits(contexts: [Int], rows: Int) -> [Double] {
    let configuration = self.configuration
    let (d, width) = (configuration.embedding, configuration.context * configuration.embedding)
    let v = vocabularySize
    // x: the concatenated embeddings [rows, context·d] (the same scalars as [rows·context, d]).
    var x = [Double](repeating: 0, count: rows * width)
    parameters[0].scalars.withUnsafeBufferPointer { table in
      x.withUnsafeMutableBufferPointer { x in
        for (position, symbol) in contexts.enumerated() {
          for k in 0..<d { x[position &* d &+ k] = table[symbol &* d &+ k] }
        }
      }
    }
    var h = x
    var hRows = configuration.hierarchical ? rows * configuration.context : rows
    var hWidth = configuration.hierarchical ? d : width
    for (index, layer) in Self.layers(configuration).enumerated() {
      if configuration.hierarchical {
        hRows /= 2
        hWidth *= 2
      }
      let n = configuration.hidden
      var z = [Double](repeating: 0, count: hRows * n)
      Self.linearForward(
        h, parameters[layer.weight].scalars, layer.bias.map { parameters[$0].scalars }, &z, hRows, hWidth, n)
      if let gain = layer.gain, let shift = layer.shift {
        let (gamma, beta) = (parameters[gain].scalars, parameters[shift].scalars)
        let scale = (0..<n).map { gamma[$0] / (runningVariance[index][$0] + configuration.epsilon).squareRoot() }
        let mean = runningMean[index]
        for i in 0..<hRows {
          for j in 0..<n { z[i &* n &+ j] = (z[i &* n &+ j] - mean[j]) * scale[j] + beta[j] }
        }
      }
      z.withUnsafeMutableBufferPointer { DenseKernels.tanh($0) }
      h = z
      hWidth = n
    }
    let output = outputIndices
    var logits = [Double](repeating: 0, count: rows * v)
    Self.linearForward(h, parameters[output.weight].scalars, parameters[output.bias].scalars, &logits, rows, hWidth, v)
    if let direct = output.direct {
      var extra = [Double](repeating: 0, count: rows * v)
      Self.linearForward(x, parameters[direct].scalars, nil, &extra, rows, width, v)
      for k in logits.indices { logits[k] += extra[k] }
    }
    return logits
  }

  private static func linearForward(
    _ x: [Double], _ w: [Double], _ bias: [Double]?, _ y: inout [Double], _ m: Int, _ k: Int, _ n: Int
  ) {
    guard m > 0 else { return }
    x.withUnsafeBufferPointer { x in
      w.withUnsafeBufferPointer { w in
        y.withUnsafeMutableBufferPointer { y in
          (bias ?? []).withUnsafeBufferPointer { b in
            guard let xs = x.baseAddress, let ws = w.baseAddress, let ys = y.baseAddress else { return }
            DenseKernels.linearForward(xs, ws, bias: bias == nil ? nil : b.baseAddress, into: ys, m: m, k: k, n: n)
          }
        }
      }
    }
  }

  /// The mean negative log-likelihood of the windows' targets in evaluation mode:
  /// (1/N) Σᵢ −log softmax(logits(contextᵢ))[targetᵢ].
  public func negativeLogLikelihood(of windows: ContextWindows) -> Double {
    negativeLogLikelihood(of: windows.grouped())
  }

  /// The mean NLL over grouped windows: the network runs once per distinct window, and each
  /// target's −log p counts as often as it follows that window. NaN for no windows.
  func negativeLogLikelihood(of grouped: GroupedWindows) -> Double {
    guard grouped.events > 0 else { return .nan }
    let v = vocabularySize
    let chunk = 2_048
    var total = CompensatedSum()
    var start = 0
    while start < grouped.distinctCount {
      let end = min(start + chunk, grouped.distinctCount)
      let logits = evaluationLogits(
        contexts: Array(grouped.contexts[(start * grouped.context)..<(end * grouped.context)]), rows: end - start)
      for r in start..<end {
        let row = (r - start) * v
        let (shift, logSum) = Self.shiftedLogSum(logits[row..<(row + v)])
        for entry in grouped.offsets[r]..<grouped.offsets[r + 1] {
          // −log p = log Σe − (x_target − max), in this order: max + log Σe would round log V away
          // for a uniform row of 10¹⁷ (issue 14, item 4, in the bigram net).
          total.add(grouped.multiplicities[entry] * (logSum - (logits[row + grouped.targets[entry]] - shift)))
        }
      }
      start = end
    }
    return total.value / Double(grouped.events)
  }

  /// The row maximum m and log Σ exp(xⱼ − m), so that log softmax(x)ⱼ = (xⱼ − m) − logSum
  /// (formed in that order, it is shift-invariant to the last bit of xⱼ − m).
  static func shiftedLogSum(_ x: ArraySlice<Double>) -> (shift: Double, logSum: Double) {
    let largest = x.max() ?? 0
    var sum = 0.0
    for value in x { sum += Foundation.exp(value - largest) }
    return (largest, Foundation.log(sum))
  }
}
