import Foundation

extension KneserNeyNGram {
  /// The model as an ARPA back-off file, the format KenLM, SRILM and most toolkits load.
  ///
  /// Characters are the tokens; the leading padding is `<s>` and the final `.` is `</s>`. Each
  /// k-gram g = hw seen in training is listed with log₁₀ P_k(w | h) (the model cut at order k)
  /// and, when g is a context of order k + 1, the back-off weight log₁₀ γ_{k+1}(g); every symbol is
  /// a unigram (an unseen one keeps γ₁/V), and the padding-only contexts `<s>`, `<s> <s>`, … carry
  /// log₁₀ P = −99 (never predicted) and their γ. Then the back-off rule
  /// P(w | h) = P_listed(hw) if hw is listed, else bow(h) · P(w | h′), gives this model's
  /// probabilities exactly: γ_k(h) is the weight interpolation gives the lower order. Numbers
  /// have 10 significant digits.
  public var arpaText: String {
    let n = contextLength + 1
    let b = UInt128(bitsPerSymbol)
    let v = vocabulary.count
    func token(_ symbol: Int, final: Bool) -> String {
      symbol == 0 ? (final ? "</s>" : "<s>") : String(vocabulary.symbols[symbol])
    }
    func number(_ value: Double) -> String { String(format: "%.10g", value) }
    var sections: [[String]] = []
    for k in 1...n {
      var lines: [String] = []
      // The padding-only context <s>ᵏ, which no event ends with but whose γ the next order uses.
      if k < n, let gamma = backoffs[k][0] {
        lines.append("-99\t" + Array(repeating: "<s>", count: k).joined(separator: " ") + "\t" + number(log10(gamma)))
      } else if k == 1 {
        lines.append("-99\t<s>")
      }
      let keys = k == 1 ? (0..<v).map { UInt128($0) } : terms[k - 1].keys.sorted()
      for key in keys {
        let symbols = (0..<k).reversed().map { Int(truncatingIfNeeded: (key >> (UInt128($0) * b)) & ((1 << b) - 1)) }
        let probability = self.probability(of: symbols[k - 1], after: symbols[0..<(k - 1)])
        var line =
          number(log10(probability)) + "\t"
          + symbols.enumerated().map { token($0.element, final: $0.offset == k - 1) }.joined(separator: " ")
        if k < n, symbols[k - 1] != 0, let gamma = backoffs[k][key] { line += "\t" + number(log10(gamma)) }
        lines.append(line)
      }
      sections.append(lines)
    }
    var text = "\\data\\\n"
    for (index, lines) in sections.enumerated() { text += "ngram \(index + 1)=\(lines.count)\n" }
    for (index, lines) in sections.enumerated() {
      text += "\n\\\(index + 1)-grams:\n" + lines.joined(separator: "\n") + "\n"
    }
    return text + "\n\\end\\\n"
  }
}
