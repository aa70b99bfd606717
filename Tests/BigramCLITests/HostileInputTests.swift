import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hostile word lists and hostile numbers through the built binary. Every refused file gets one
/// message on stderr that names it, and the exit code of the README's table, from `counts` and
/// `train` alike; every accepted one is read as exactly the words it holds; no command prints NaN.
@Suite struct HostileInputTests {
  /// Runs `counts` and `train` on `path` and checks the refusal.
  private func expectRefusal(_ path: String, status: Int32, message: String) throws {
    for command in [["counts"], ["train", "--steps", "1"]] {
      let result = try BigramBinary.run(command + ["-i", path])
      #expect(result.status == status, "\(command[0]) \(path): \(result.standardError)")
      #expect(result.standardError.hasPrefix("bigram: error: \(path)"), "\(command[0]): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(command[0]) \(path): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(command[0]) \(path)")
    }
  }

  /// `counts --json` on an accepted file, after checking that `train` accepts it too.
  private func counts(_ path: String) throws -> (object: [String: Any], warnings: String) {
    // η = 1: gd's default η = 50 with the default λ = 0.01 overshoots on a one-symbol alphabet (an
    // honest divergence, exit 1); this checks that the file is accepted, not the learning rate.
    let trained = try BigramBinary.run(["train", "-i", path, "--steps", "1", "--learning-rate", "1", "--json"])
    #expect(trained.status == 0, "train \(path): \(trained.standardError)")
    #expect(!trained.printsNaN, "train \(path)")
    let result = try BigramBinary.run(["counts", "-i", path, "--json"])
    try #require(result.status == 0, "counts \(path): \(result.standardError)")
    return (try result.jsonObject(), result.standardError)
  }

  @Test func refusedEncodingsAndBytes() throws {
    let directory = try TemporaryDirectory()
    let utf16: [UInt8] = [0xFF, 0xFE] + "anna\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let cases: [(name: String, bytes: [UInt8], status: Int32, message: String)] = [
      ("empty.txt", [], 65, "the file is empty"),
      ("bom-only.txt", [0xEF, 0xBB, 0xBF], 65, "the file is empty"),
      ("blank.txt", Array(" \n\t\n\r\n\n".utf8), 65, "all 4 lines are blank"),
      ("latin1.txt", Array("ann\n".utf8) + [0x4A, 0x6F, 0x73, 0xE9, 0x0A], 65, ":2: not valid UTF-8"),
      ("utf16le.txt", utf16, 65, "the file is UTF-16 (it starts with a byte-order mark)"),
      ("utf16be.txt", [0xFE, 0xFF, 0, 0x61, 0, 0x0A], 65, "the file is UTF-16"),
      ("utf32.txt", [0xFF, 0xFE, 0, 0, 0x61, 0, 0, 0], 65, "the file is UTF-32"),
      ("nul.txt", Array("ann\nbo".utf8) + [0] + Array("b\n".utf8), 65, ":2: holds NUL bytes"),
      ("control.txt", Array("ann\nb\u{7}ob\n".utf8), 65, ":2: holds the control character U+7"),
      ("dot.txt", Array("ann\nst.john\n".utf8), 65, ":2: the word \"st.john\" contains '.'"),
      (
        "line.txt", Array(repeating: UInt8(ascii: "a"), count: 10_000_000), 65,
        ":1: the line is 10000000 characters long"
      ),
    ]
    for (name, bytes, status, message) in cases {
      try expectRefusal(try directory.file(name, bytes: bytes), status: status, message: message)
    }
  }

  @Test func refusedPaths() throws {
    let directory = try TemporaryDirectory()
    let missing = directory.url.appendingPathComponent("missing.txt").path
    try expectRefusal(missing, status: 66, message: "no such file")
    try expectRefusal(directory.url.path, status: 66, message: "is a directory")
    // Root reads any file whatever its permission bits, so unreadable means a special file:
    // a symbolic link to nothing, and a Unix-domain socket (open(2) fails with ENXIO).
    let link = directory.url.appendingPathComponent("link.txt").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: missing)
    try expectRefusal(link, status: 66, message: "is a symbolic link to \(missing), which does not exist")
    let socketPath = directory.url.appendingPathComponent("words.sock").path
    try bindSocket(at: socketPath)
    try expectRefusal(socketPath, status: 74, message: "cannot be read (it is a socket, not a file)")
  }

  @Test func unwritableWorkDirectories() throws {
    let directory = try TemporaryDirectory()
    let file = try directory.file("taken", text: "not a directory\n")
    let cases = [
      (file, "cannot write \(file): could not create the directory \(file): File exists"),
      (file + "/run", "cannot write \(file)/run: a component of \(file) is not a directory"),
    ]
    for (output, message) in cases {
      let result = try BigramBinary.run(["train", "--steps", "1", "-o", output, "--quiet"])
      #expect(result.status == 74, "\(output): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(output): \(result.standardError)")
    }
  }

  /// Leaves a Unix-domain socket file at `path`.
  private func bindSocket(at path: String) throws {
    #if os(Linux)
      let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    try #require(path.utf8.count < capacity, "socket path too long: \(path)")
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    try #require(bound == 0, "bind \(path): errno \(errno)")
  }

  @Test func byteOrderMarksAndLineEndingsAreReadAsWords() throws {
    let directory = try TemporaryDirectory()
    // Each file holds the words anna and bob: 2 words, 9 bigram events, symbols . a b n o.
    let files: [(String, [UInt8])] = [
      ("bom.txt", [0xEF, 0xBB, 0xBF] + Array("anna\nbob\n".utf8)),
      ("crlf.txt", Array("anna\r\nbob\r\n".utf8)),
      ("cr.txt", Array("anna\rbob".utf8)),
      ("mixed.txt", Array("\r\n  anna \n\r\n\tbob\r".utf8)),
    ]
    for (name, bytes) in files {
      let (object, warnings) = try counts(try directory.file(name, bytes: bytes))
      #expect(object["words"] as? Int == 2, "\(name)")
      #expect(object["bigrams"] as? Int == 9, "\(name)")
      #expect(scalars(object["vocabulary"]) == scalars(".abno"), "\(name)")
      #expect(warnings.isEmpty, "\(name): \(warnings)")
    }
  }

  @Test func nonASCIILettersAreSymbolsOfTheirOwn() throws {
    let directory = try TemporaryDirectory()
    // Unicode scalars, not bytes or grapheme clusters: é precomposed (U+E9) and e + U+301 differ.
    let path = try directory.file("names.txt", text: "émile\nñandú\n😀ok\nZoe\u{301}\n")
    let (object, warnings) = try counts(path)
    #expect(object["words"] as? Int == 4)
    #expect(object["bigrams"] as? Int == 5 + 1 + 5 + 1 + 3 + 1 + 4 + 1)
    #expect(scalars(object["vocabulary"]) == scalars(".Zadeiklmnoéñú\u{301}😀"))
    #expect(warnings.isEmpty)
  }

  /// The Unicode scalars of a string (String equality would identify é with e + U+301).
  private func scalars(_ value: Any?) -> [Unicode.Scalar] {
    (value as? String).map { Array($0.unicodeScalars) } ?? []
  }

  /// `count` distinct CJK ideographs, one per line (all letters, none of them '.' or a control).
  private func ideographs(_ count: Int) -> String {
    (0..<count).map { String(UnicodeScalar(0x4E00 + UInt32($0)).map(Character.init) ?? "?") + "\n" }.joined()
  }

  @Test func manySymbolsWarnAndTooManyAreRefused() throws {
    let directory = try TemporaryDirectory()
    let (object, warnings) = try counts(try directory.file("wide.txt", text: ideographs(200)))
    #expect((object["vocabulary"] as? String)?.unicodeScalars.count == 201)
    #expect(warnings.contains("bigram: warning: "))
    #expect(warnings.contains("201 symbols (more than 128)"))
    try expectRefusal(
      try directory.file("wider.txt", text: ideographs(1_024)), status: 65,
      message: "the words use 1025 distinct characters, more than the 1024")
  }

  @Test func aMillionOneCharacterLines() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("million.txt", text: String(repeating: "a\n", count: 1_000_000))
    let (object, _) = try counts(path)
    #expect(object["words"] as? Int == 1_000_000)
    #expect(object["bigrams"] as? Int == 2_000_000)
    #expect(scalars(object["vocabulary"]) == scalars(".a"))
  }

  // MARK: Hostile numbers

  /// W = ±1e6 in a checkerboard, W_ij = +1e6 where i + j is even: logits 2e6 apart, where every
  /// e^x but the largest underflows. The net's log P stays exact and finite.
  @Test func extremeLogitsGiveFiniteResults() throws {
    let directory = try TemporaryDirectory()
    let weights = (0..<(27 * 27)).map { ($0 / 27 + $0 % 27).isMultiple(of: 2) ? 1e6 : -1e6 }
    let path = try directory.file("extreme.npy", bytes: NumPyBytes.matrix(weights, size: 27))
    let run = directory.url.appendingPathComponent("run").path
    let trained = try BigramBinary.run(["train", "--init", path, "--steps", "0", "-o", run, "--json"])
    #expect(trained.status == 0, "\(trained.standardError)")
    #expect(!trained.printsNaN)
    let bridge = try #require(try trained.jsonObject()["bridge"] as? [[String: Any]])
    #expect(bridge.allSatisfy { ($0["netNLL"] as? Double)?.isFinite == true })
    #expect(bridge.allSatisfy { ($0["klDivergence"] as? Double)?.isFinite == true })

    // Row i has c_i = 14 (i even) or 13 (i odd) entries at +1e6, so log P_ij = −log c_i where
    // i + j is even and −2e6 − log c_i where it is odd. "anna" is . a n n a . = 0 1 14 14 1 0:
    // four odd pairs and one even, so log-likelihood = −8e6 − 3·log 14 − 2·log 13.
    let scored = try BigramBinary.run(["score", "--model", run, "anna", "--json"])
    #expect(scored.status == 0, "\(scored.standardError)")
    let score = try #require((try scored.jsonObject()["scores"] as? [[String: Any]])?.first)
    let expected = -8e6 - 3 * log(14.0) - 2 * log(13.0)
    #expect(abs((score["logLikelihood"] as? Double ?? 0) - expected) < 1e-6)
    #expect((score["unseenBigrams"] as? [String])?.isEmpty == true)

    let sampled = try BigramBinary.run(["sample", "--model", run, "-n", "5", "--json"])
    #expect(sampled.status == 0, "\(sampled.standardError)")
    #expect(!sampled.standardOutput.contains("\"NaN\""))
    let continued = try BigramBinary.run(["train", "--init", path, "--steps", "5", "--json"])
    #expect(continued.status == 0, "\(continued.standardError)")
    let history = try #require(try continued.jsonObject()["history"] as? [[String: Any]])
    #expect(history.count == 6 && history.allSatisfy { ($0["loss"] as? Double)?.isFinite == true })
  }

  @Test func unsmoothedCountsGiveInfinityNotNaN() throws {
    // With α = 0 the dev words of the built-in split hold bigrams the train words never show.
    let json = try BigramBinary.run(["counts", "--smoothing", "0", "--split", "80,10,10", "--json"])
    #expect(json.status == 0)
    let dev = try #require(try json.jsonObject()["dev"] as? [String: Any])
    #expect(dev["nll"] as? String == "Infinity")
    let text = try BigramBinary.run(["counts", "--smoothing", "0", "--split", "80,10,10"])
    #expect(text.standardOutput.contains("NLL ∞"))
    #expect(!json.printsNaN && !text.printsNaN)
  }

  @Test func hugeLearningRatesAndPenaltiesEndFiniteOrWithTheDivergenceError() throws {
    let settings = [
      ["--learning-rate", "1e6"], ["--l2", "1e9"], ["--learning-rate", "1e6", "--l2", "1e9"],
      ["--optimizer", "adam", "--learning-rate", "1e6"], ["--optimizer", "newton", "--l2", "1e9"],
      ["--optimizer", "momentum", "--learning-rate", "1e6"],
    ]
    for options in settings {
      let result = try BigramBinary.run(["train", "--steps", "30"] + options)
      // Either the loss became non-finite, or it ended above its start: both are divergence (exit 1).
      let diverged =
        result.status == 1
        && (result.standardError.contains("the loss became non-finite at step")
          || result.standardError.contains("the run diverged: the loss ended at"))
      #expect(result.status == 0 || diverged, "\(options): \(result.standardError)")
      #expect(!result.printsNaN, "\(options)")
    }
  }

  /// Whether `text` holds a number that is −0, such as "-0.000000".
  private func printsNegativeZero(_ text: String) -> Bool {
    text.split { !"0123456789.-+e".contains($0) }.contains { Double($0).map { $0 == 0 && $0.sign == .minus } ?? false }
  }

  /// The smallest corpus: one word of one letter, V = 2, every bigram certain.
  @Test func oneWordOfOneLetter() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("a.txt", text: "a\n")
    let svg = directory.url.appendingPathComponent("a.svg").path
    let commands = [
      ["counts"], ["counts", "--smoothing", "0", "--split", "80,10,10"], ["score", "a", "aa"],
      ["score", "--smoothing", "0", "a", "aa"], ["train", "--steps", "5"], ["gradcheck"], ["taylor"],
      ["heatmap", "-o", svg], ["sample", "-n", "3", "--json"],
    ]
    for command in commands {
      let result = try BigramBinary.run(command + ["-i", path])
      #expect(result.status == 0, "\(command): \(result.standardError)")
      #expect(!result.printsNaN, "\(command)")
      // The temporary directory's random name (e.g. "…-0ECC…") is not a number the command printed.
      let folder = directory.url.path
      let printed = result.standardOutput.replacingOccurrences(of: folder, with: "DIR")
        .replacingOccurrences(of: folder.replacingOccurrences(of: "/", with: "\\/"), with: "DIR")
      #expect(!printsNegativeZero(printed), "\(command): \(result.standardOutput)")
    }
    let svgText = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(!svgText.contains("NaN") && !svgText.contains("nan"))
    // P(a | .) = P(. | a) = 1 with α = 0: the NLL is exactly +0.
    let counts = try BigramBinary.run(["counts", "-i", path, "--smoothing", "0", "--json"])
    let nll = try #require(try counts.jsonObject()["nll"] as? Double)
    #expect(nll == 0 && nll.sign == .plus)
  }
}
