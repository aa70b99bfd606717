import Foundation
import TestSupport
import Testing

/// The defects of issue 14 (an adversarial run on the release binary), each through the built
/// binary as the attack ran it.
@Suite struct HardeningTests {
  /// Issue 14, item 1: a one-letter alphabet made the report's sweep table convert −2·10⁷⁵ % to
  /// `Int` and die with SIGILL (exit 132).
  @Test func reportOnOneLetterAlphabets() throws {
    let directory = try TemporaryDirectory()
    for (name, text) in [("a", "a\n"), ("b", "b\n"), ("aa", "aa\n"), ("emoji", "😀\n")] {
      let input = try directory.file("\(name).txt", text: text)
      let output = directory.url.appendingPathComponent("\(name).html").path
      let result = try BigramBinary.run(["report", "-i", input, "-o", output])
      #expect(result.status == 0, "report on \(name): \(result.status) \(result.standardError)")
      let html = try String(contentsOfFile: output, encoding: .utf8)
      #expect(html.range(of: #"\bnan\b"#, options: [.regularExpression, .caseInsensitive]) == nil, "\(name)")
    }
  }

  /// The sweep's text on the same corpus: a diverged loss of 10⁷³ in scientific notation, not 74
  /// digits, and the curvature falling from W₀ to W* said as such.
  @Test func sweepOnOneLetterAlphabet() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("a.txt", text: "a\n")
    let result = try BigramBinary.run([
      "lr-sweep", "-i", input, "--l2", "0.01", "--from", "1", "--to", "500", "--count", "4", "--steps", "200",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("e+73"), "\(result.standardOutput)")
    #expect(
      !result.standardOutput.contains("12825899308892856735868516818129761833352298124855379535650037291592712192"))
    #expect(result.standardOutput.contains("λ_max falls from 0.255 to 0.0242"), "\(result.standardOutput)")
    #expect(!result.printsNaN)
  }

  /// Issue 14, item 3: below T ≈ 0.005 every exp(log p/T) underflowed to 0 and the sampler fell
  /// back to T = 1 silently (while the JSON said 1e-10). With the max shift every T > 0 is
  /// honoured: tiny temperatures give the greedy walk, the same for all of them.
  @Test func lowTemperaturesAreGreedy() throws {
    func words(_ temperature: String) throws -> [String] {
      let result = try BigramBinary.run(["sample", "--temperature", temperature, "-n", "6", "--json"])
      try #require(result.status == 0, "\(result.standardError)")
      let object = try result.jsonObject()
      #expect((object["temperature"] as? Double) == Double(temperature))
      let samples = try #require(object["samples"] as? [[String: Any]])
      return samples.compactMap { $0["word"] as? String }
    }
    let greedy = try words("1e-10")
    #expect(greedy.count == 6 && Set(greedy).count == 1, "\(greedy)")
    for temperature in ["0.01", "0.002", "1e-300"] {
      #expect(try words(temperature) == greedy, "T = \(temperature)")
    }
    #expect(try words("1") != greedy)
  }

  /// Issue 14, item 4: softmax is shift-invariant, so a uniform W has loss log V however large it
  /// is. max + log Σe rounded log 27 away at 10¹⁷ (loss 0) and 0·mean(W²) overflowed to NaN at
  /// 10¹⁶⁰; every path (counts, lookup, one-hot) and both sides of the |x| < 700 fast path.
  @Test(arguments: ["counts", "lookup", "onehot"])
  func uniformWeightsHaveLossLogV(path: String) throws {
    let directory = try TemporaryDirectory()
    for value in [0, 1, 699.9, 700, 1e16, 1e17, 1e160, 1e300, -1e300, 1.7e308] {
      let file = try directory.file("w.npy", bytes: NumPyBytes.matrix(Array(repeating: value, count: 729), size: 27))
      let result = try BigramBinary.run(["train", "--init", file, "--steps", "1", "--path", path, "--json"])
      try #require(result.status == 0, "W = \(value), \(path): \(result.standardError)")
      let history = try #require(try result.jsonObject()["history"] as? [[String: Any]])
      let loss = try #require(history.first?["loss"] as? Double)
      #expect(abs(loss - log(27)) < 1e-12, "W = \(value), \(path): loss \(loss)")
    }
  }

  /// The same W = 10¹⁷ under gradcheck and taylor: a step of h or ε below the spacing of doubles
  /// there cannot change W, so the check is refused with the reason rather than printing NaN.
  @Test func perturbationsBelowTheSpacingOfWAreRefused() throws {
    let directory = try TemporaryDirectory()
    let file = try directory.file("w.npy", bytes: NumPyBytes.matrix(Array(repeating: 1e17, count: 729), size: 27))
    for command in ["gradcheck", "taylor"] {
      let result = try BigramBinary.run([command, "--init", file])
      #expect(result.status == 65, "\(command): \(result.standardError)")
      #expect(result.standardError.contains("where doubles are 16 apart"), "\(command): \(result.standardError)")
      #expect(!result.printsNaN)
    }
    let moderate = try directory.file("m.npy", bytes: NumPyBytes.matrix(Array(repeating: 1e12, count: 729), size: 27))
    let result = try BigramBinary.run(["gradcheck", "--init", moderate])
    #expect(result.status == 0 && !result.printsNaN, "\(result.standardOutput)\(result.standardError)")
  }

  /// Issue 14, item 5: add-α with α = 10³⁰⁷ overflowed Σ(N + α) to ∞, so every P was 0: NLL ∞ and
  /// empty samples. As α → ∞ the model is the uniform one, NLL log V.
  @Test func hugeSmoothingTendsToUniform() throws {
    for alpha in ["1e300", "1e307", "1.7976931348623157e308"] {
      let counts = try BigramBinary.run(["counts", "--smoothing", alpha, "--json"])
      try #require(counts.status == 0, "\(counts.standardError)")
      let text = counts.standardOutput
      let nll = try #require(
        text.firstMatch(of: /"nll" : ([0-9.e+-]+)/).flatMap { Double(String($0.1)) }, "\(text)")
      #expect(abs(nll - log(27)) < 1e-9, "α = \(alpha): NLL \(nll)")
      let sampled = try BigramBinary.run(["sample", "--smoothing", alpha, "-n", "20", "--json"])
      try #require(sampled.status == 0, "\(sampled.standardError)")
      let samples = try #require(try sampled.jsonObject()["samples"] as? [[String: Any]])
      let words = samples.compactMap { $0["word"] as? String }
      // Under the uniform model a word is empty with probability 1/27.
      #expect(words.count == 20 && words.filter(\.isEmpty).count <= 3, "α = \(alpha): \(words)")
    }
  }
}
