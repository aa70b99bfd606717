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
      // λ = 0 (no longer the default): the loss is the NLL alone, log V for any uniform W.
      let result = try BigramBinary.run([
        "train", "--init", file, "--steps", "1", "--path", path, "--l2", "0", "--json",
      ])
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
      // The bigram counts and the add-α n-gram model (its sibling, which overflowed the same way).
      for order in ["2", "3"] {
        let counts = try BigramBinary.run(["counts", "--smoothing", alpha, "--order", order, "--json"])
        try #require(counts.status == 0, "\(counts.standardError)")
        let text = counts.standardOutput
        let nll = try #require(
          text.firstMatch(of: /"nll" : ([0-9.e+-]+)/).flatMap { Double(String($0.1)) }, "\(text)")
        #expect(abs(nll - log(27)) < 1e-9, "α = \(alpha), N = \(order): NLL \(nll)")
      }
      let sampled = try BigramBinary.run(["sample", "--smoothing", alpha, "-n", "20", "--json"])
      try #require(sampled.status == 0, "\(sampled.standardError)")
      let samples = try #require(try sampled.jsonObject()["samples"] as? [[String: Any]])
      let words = samples.compactMap { $0["word"] as? String }
      // Under the uniform model a word is empty with probability 1/27.
      #expect(words.count == 20 && words.filter(\.isEmpty).count <= 3, "α = \(alpha): \(words)")
    }
  }

  /// Issue 14, item 8: output that could not be written exited 0 (`counts --json > /dev/full`;
  /// `sample -n 100000` into a full disk, cut at 64 KiB). Every command's stdout is checked and
  /// flushed: exit 74 with the system's reason. And a full stderr no longer traps (exit 132) when
  /// the error message itself cannot be written.
  @Test func failedWritesExit74() throws {
    let commands: [[String]] = [
      ["counts", "--json"], ["counts"], ["sample", "-n", "100000"], ["score", "emma"], ["train", "--steps", "2"],
      ["gradcheck"], ["taylor", "--json"], ["derive", "x*y", "--at", "x=1,y=2"],
    ]
    for command in commands {
      let full = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
      let result = try BigramBinary.run(command, standardOutput: full)
      #expect(result.status == 74, "\(command): \(result.status) \(result.standardError)")
      #expect(
        result.standardError.contains("cannot write standard output: No space left on device"),
        "\(command): \(result.standardError)")
    }
    // stderr on /dev/full too: the refusal keeps its exit code, no trap writing its message.
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
    shell.arguments = ["-c", "\"$0\" counts -i /nonexistent/words.txt 2>/dev/full", try BigramBinary.url().path]
    try shell.run()
    shell.waitUntilExit()
    #expect(shell.terminationReason == .exit && shell.terminationStatus == 66, "\(shell.terminationStatus)")
  }

  /// Issue 14, item 10: control characters in echoed words reached the terminal raw (ESC
  /// recoloured it, a newline split the one-line message). Every message escapes them, and so
  /// does argument-parser's.
  @Test func controlCharactersAreEscapedInMessages() throws {
    let cases: [([String], String)] = [
      (["score", "a\u{1B}[31mRED"], #""a\u{1B}[31mRED""#), (["score", "ab\ncd"], #"'\u{A}'"#),
      (["score", "ab\u{202E}cd"], #"ab\u{202E}cd"#), (["counts", "-i", "x\u{1B}[31m.txt"], #"x\u{1B}[31m.txt"#),
      (["--bogus\u{1B}x"], #"--bogus\u{1B}x"#),
    ]
    for (arguments, shown) in cases {
      let result = try BigramBinary.run(arguments)
      #expect(result.status == 65 || result.status == 66 || result.status == 64, "\(arguments): \(result.status)")
      #expect(result.standardError.contains(shown), "\(arguments): \(result.standardError)")
      let unsafe = result.standardError.unicodeScalars.filter {
        ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || $0 == "\u{202E}"
      }
      #expect(unsafe.isEmpty, "\(arguments): raw \(unsafe.map(\.value))")
      if arguments[0] == "score" {
        #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments): \(result.standardError)")
      }
    }
  }

  /// Bidi overrides (U+202E) in corpus words stay inside isolates in the report and the heat map,
  /// even after a stray U+2069 that would close an isolate early, and are escaped in text output.
  @Test func bidiControlsAreIsolated() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file("bidi.txt", text: "ab\u{202E}cd\nemma\n\u{2069}\u{202E}olivia\nava\n")
    let html = directory.url.appendingPathComponent("r.html").path
    let svg = directory.url.appendingPathComponent("h.svg").path
    #expect(try BigramBinary.run(["report", "-i", input, "-o", html]).status == 0)
    #expect(try BigramBinary.run(["heatmap", "-i", input, "-o", svg]).status == 0)
    for file in [html, svg] {
      var depth = 0
      var outside = 0
      for scalar in try String(contentsOfFile: file, encoding: .utf8).unicodeScalars {
        switch scalar.value {
        case 0x2066...0x2068: depth += 1
        case 0x2069: depth -= 1
        case 0x202A...0x202E: if depth <= 0 { outside += 1 }
        default: break
        }
        #expect(depth >= 0, "\(file): an isolate closed that was never opened")
      }
      #expect(outside == 0 && depth == 0, "\(file): \(outside) overrides outside isolates, depth \(depth) at the end")
    }
    let sampled = try BigramBinary.run(["counts", "-i", input])
    #expect(sampled.status == 0 && !sampled.standardOutput.unicodeScalars.contains("\u{202E}"))
  }

  /// Issue 14, item 11: words reaching the sampler's cut-off were cut silently; the cut is now a
  /// flag (--max-length, default 256) and every cut word is marked, in text and JSON.
  @Test func cutSamplesAreMarked() throws {
    let text = try BigramBinary.run(["sample", "-n", "5", "--max-length", "3"])
    #expect(text.status == 0, "\(text.standardError)")
    #expect(text.standardOutput.contains("pac       new (cut at 3 characters)"), "\(text.standardOutput)")
    #expect(text.standardOutput.contains("4 of 5 reached --max-length 3"), "\(text.standardOutput)")
    let json = try BigramBinary.run(["sample", "-n", "5", "--max-length", "3", "--json"])
    let samples = try #require(try json.jsonObject()["samples"] as? [[String: Any]])
    #expect(samples.compactMap { $0["cut"] as? Bool } == [true, false, true, true, true])
    #expect(try BigramBinary.run(["sample", "--max-length", "0"]).status == 64)
    // The tour and the report cut at 256 too: on one word of 300 a's (P(a → a) = 299/300) some
    // samples run past it, and are marked.
    let directory = try TemporaryDirectory()
    let long = try directory.file("long.txt", text: String(repeating: "a", count: 300) + "\n")
    let tour = try BigramBinary.run(["-i", long, "--no-report"])
    #expect(tour.status == 0 && tour.standardOutput.contains("a…"), "\(tour.standardError)")
    let html = directory.url.appendingPathComponent("long.html").path
    #expect(try BigramBinary.run(["report", "-i", long, "-o", html]).status == 0)
    #expect(try String(contentsOfFile: html, encoding: .utf8).contains("(cut at 256 characters)"))
    let plain = try BigramBinary.run(["sample", "-n", "50", "--json"])
    let uncut = try #require(try plain.jsonObject()["samples"] as? [[String: Any]])
    #expect(uncut.allSatisfy { ($0["cut"] as? Bool) == false })
  }

  /// The tour in a directory where its default report cannot be written (here a directory is in
  /// the way) printed nothing and exited 74; it now prints the tour and warns. A report asked for
  /// by name that cannot be written still fails, exit 74.
  @Test func tourWithoutAWritableReport() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(
      at: directory.url.appendingPathComponent("bigram-report.html"), withIntermediateDirectories: false)
    let tour = try BigramBinary.run([], in: directory.url)
    #expect(tour.status == 0, "\(tour.standardError)")
    #expect(tour.standardOutput.contains("Next: bigram counts"), "\(tour.standardOutput)")
    #expect(tour.standardError.contains("bigram: warning: the tour's report was not written"), "\(tour.standardError)")
    let json = try BigramBinary.run(["--json"], in: directory.url)
    #expect(json.status == 0)
    let object = try json.jsonObject()
    #expect(object["report"] == nil && (object["reportError"] as? String)?.contains("is a directory") == true)
    let named = try BigramBinary.run(["--report", "bigram-report.html"], in: directory.url)
    #expect(named.status == 74 && named.standardOutput.isEmpty, "\(named.standardError)")
  }

  /// `--split 50,50,0` put the only word in test, a part of 0 %; the leftover of rounding now
  /// goes to train or dev, and train is never empty while there are words.
  @Test func splitLeavesZeroPercentPartsEmpty() throws {
    let directory = try TemporaryDirectory()
    let one = try directory.file("one.txt", text: "emma\n")
    for split in ["50,50,0", "10,90,0", "80,10,10"] {
      let result = try BigramBinary.run(["counts", "-i", one, "--split", split, "--json"])
      try #require(result.status == 0, "\(result.standardError)")
      let object = try result.jsonObject()
      let words = ["train", "dev", "test"].map { (object[$0] as? [String: Any])?["words"] as? Int }
      #expect(words == [1, 0, 0], "\(split): \(words) \(result.standardOutput)")
    }
  }

  /// Issue 14, item 7: accepted input drove commands to unbounded memory (lr-sweep and race at
  /// V = 1,024 from a 3 KB file reached 8.5 GB; the one-hot path 4.8 GB on a 7.3 MB corpus). What
  /// cannot fit the 2 GiB budget is refused up front, exit 65, with the figure and what to change;
  /// λ_max streams its Hessian blocks, so lr-sweep with λ = 0 no longer needs V³ doubles.
  @Test func workBeyondTheMemoryBudgetIsRefusedUpFront() throws {
    let directory = try TemporaryDirectory()
    // 1,024 symbols (CJK ideographs), five to a word: a 3 KB file.
    let symbols = (0..<1_023).compactMap { Unicode.Scalar(0x4E00 + $0).map(Character.init) }
    let words = stride(from: 0, to: symbols.count, by: 5).map { String(symbols[$0..<min($0 + 5, symbols.count)]) }
    let wide = try directory.file("wide.txt", text: words.joined(separator: "\n") + "\n")
    let cases: [([String], String)] = [
      (["race", "-i", wide], "Newton's method on 1024 symbols (V³ Hessian entries) would need about 8.6 GB"),
      (["lr-sweep", "-i", wide, "--l2", "0.01"], "would need about 8.6 GB of memory, above the budget of 2.1 GB"),
      (["train", "-i", wide, "--optimizer", "newton"], "use another --optimizer"),
      (
        ["train", "--model", "mlp", "--context", "64", "--embedding", "4096", "--hidden", "16384"],
        "an MLP of 4.3e+09 parameters would need about 240"
      ),
    ]
    for (arguments, message) in cases {
      let result = try BigramBinary.run(arguments)
      #expect(result.status == 65, "\(arguments): \(result.status) \(result.standardError)")
      #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
      #expect(result.standardOutput.isEmpty)
    }
    // 2.7 M events on the one-hot path: refused before the corpus is even counted; lookup fits.
    let line = String(repeating: "abcdefghijklmnopqrstuvwxyz\n", count: 100_000)
    let large = try directory.file("large.txt", text: line)
    let onehot = try BigramBinary.run(["train", "-i", large, "--path", "onehot", "--steps", "1"])
    #expect(onehot.status == 65, "\(onehot.standardError)")
    #expect(
      onehot.standardError.contains("--path onehot on 2700000 bigram events of 27 symbols would need about 3.5 GB"))
    #expect(onehot.standardError.contains("use --path counts"))
    // Histories: one record per step, kept in memory (10⁸ steps were 8 GB with the JSON's copy).
    let histories: [([String], String)] = [
      (["train", "--steps", "100000000"], "a history of 100000000 steps would need about 8.0 GB"),
      (["train", "--steps", "10000000", "--json"], "--json with 10000002 history records"),
      (["lr-sweep", "--steps", "1000000", "--count", "1000"], "1000 runs of 1000000 steps would need about 80.0 GB"),
    ]
    for (arguments, message) in histories {
      let result = try BigramBinary.run(arguments)
      #expect(result.status == 65 && result.standardError.contains(message), "\(arguments): \(result.standardError)")
    }
    let sample = try BigramBinary.run(["sample", "-n", "1000000", "--max-length", "257"])
    #expect(sample.status == 64 && sample.standardError.contains("--count × --max-length may be at most"))
  }
}
